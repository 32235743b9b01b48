"""The same newspaper page in the other layouts DESIGN.md lists, made from a blank-line dump.

The ingest must read every one of them as it reads the original: the layout invariance tests and
bench/ingest_layouts.py use these to make pages the project has not seen from the five it has.
"""

from __future__ import annotations

import random
import re

from generator.ingest.people import CREDIT

FURNITURE = ("工人日报", "2023年12月7日 星期四", "第05版：工会新闻", "文章字数:615", "— 5 —", "00005版:工会新闻")
MARKED = re.compile(r"^(#|\*\*)")
DATELINE = re.compile(r"^(本报讯|[\u4e00-\u9fff]{1,4}报讯)\s*[（(]((?:本报记者|记者|通讯员)[^（）()]{1,40})[）)]", re.M)


def blocks_of(text: str) -> list[list[str]]:
    """The page's blocks, each a list of its lines."""
    blocks, run = [], []
    for line in text.split("\n"):
        if line.strip():
            run.append(line.strip())
        elif run:
            blocks.append(run)
            run = []
    if run:
        blocks.append(run)
    return blocks


def printed_lines(text: str) -> list[str]:
    """One line per printed thing: a block's lines joined with a space (an e-paper prints a
    two-line headline or a two-line byline as one line), Markdown-marked lines kept apart."""
    lines = []
    for block in blocks_of(text):
        if any(MARKED.match(line) for line in block):
            lines += block
        else:
            lines.append(" ".join(block))
    return lines


def one_line_per_paragraph(text: str) -> str:
    return "\n".join(printed_lines(text)) + "\n"


def hard_wrapped(text: str, width: int, rng: random.Random, furniture: int = 4) -> str:
    """Every printed line cut every `width` characters; page-furniture lines put in at random
    places (between any two physical lines, mid-paragraph too); blank lines here and there."""
    physical = []
    for line in printed_lines(text):
        physical += [line[at:at + width] for at in range(0, len(line), width)]
    for _ in range(furniture):
        physical.insert(rng.randrange(len(physical) + 1), rng.choice(FURNITURE))
    out = []
    for line in physical:
        out.append(line)
        if rng.random() < 0.08:
            out.append("")
    return "\n".join(out) + "\n"


def wrap_widths_that_split_no_headline(text: str) -> list[int]:
    """Widths 15-40 at which no short line that ends no sentence (a headline's) is exactly the width:
    cut there, a title followed by a subtitle reads the same as one title wrapped over two lines,
    to a reader as to the ingest."""
    short = {len(line) for line in printed_lines(text) if len(line) <= 40 and not re.search("[。！？]$", line)}
    return [width for width in range(15, 41) if width not in short and width - 1 not in short]


def credits_glued(text: str) -> str:
    """Each credit line printed at the end of the paragraph before it."""
    blocks = blocks_of(text)
    out: list[list[str]] = []
    for block in blocks:
        line = " ".join(block)
        if out and CREDIT.match(line) and re.search("[。！？”]$", out[-1][-1]):
            out[-1][-1] += line
        else:
            out.append(block)
    return "\n\n".join("\n".join(block) for block in out) + "\n"


def datelines_unbracketed(text: str) -> str:
    """本报讯（记者X 通讯员Y）正文 printed as 本报讯 记者X 通讯员Y报道 正文."""
    def plain(match: re.Match) -> str:
        return f"{match.group(1)} {match.group(2)}报道 "
    return DATELINE.sub(plain, text)


LAYOUTS = {
    "blank lines": lambda text, rng: text,
    "one line per paragraph": lambda text, rng: one_line_per_paragraph(text),
    "credits glued": lambda text, rng: credits_glued(text),
    "datelines unbracketed": lambda text, rng: datelines_unbracketed(text),
    "hard-wrapped": lambda text, rng: hard_wrapped(text, rng.choice(wrap_widths_that_split_no_headline(text)), rng),
}
"""Each layout, as a blank-line page's text and a random generator -> the page in that layout."""
LOSES_BREAKS = "hard-wrapped"
"""The layout that loses paragraph breaks (and puts in page furniture of its own)."""
