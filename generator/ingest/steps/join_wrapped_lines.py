"""Lines of a hard-wrapped page (PDF to text) are joined back into the lines that were printed.

A hard-wrapped page breaks every line at one width, mid-sentence and mid-word, so most of its
lines have that width and none is longer. The page's width is the most common length of its
longer lines; when enough lines share it and fewer pass it, every line that fills it and does
not end a sentence continues on the next one, unless it is a paragraph's and the next is a short
line that ends no sentence (a headline printed between a paragraph's halves); a line followed by
one that cannot start a sentence continues too. A line the next one only continues when the next
is not a dateline, byline or credit (those start something new). On other layouts few lines
share a width (headlines of one length among longer paragraphs are no wrap), and nothing is
joined. Every unit leaves this step without its edge spaces (kept until here: a space a wrap
fell on is kept inside the joined line).
"""

from __future__ import annotations

from collections import Counter

from ..blocks import Block, Change
from ..people import GLUED_CREDIT, GLUED_END_BYLINE, is_byline, is_credit, split_dateline
from ..rules import PageRules
from ..text import CLOSERS, SENTENCE_END, ends_linked, starts_mid_sentence, word_spans

MIN_WIDTH, MAX_WIDTH = 12, 48
"""Widths a wrapping tool uses for a newspaper column (characters)."""
MIN_HEADLINE = 5
"""A shorter line between a paragraph's halves is a scrap of it, not a headline."""
CLAUSE_MARKS = "，、；：,;:"
SHARE = 0.35
"""Of the lines at least MIN_WIDTH long, the share that must have the page's width."""


def wrap_width(blocks: list[Block]) -> int | None:
    """The width the page was wrapped at, if it was."""
    # each line once: a block printed twice is no second line of the width
    lines = {b.text.strip() for b in blocks if "\n" not in b.text and len(b.text.strip()) >= MIN_WIDTH}
    lengths = [len(line) for line in sorted(lines)]
    if len(lengths) < 5:
        return None
    width, _ = max(Counter(lengths).items(), key=lambda item: (item[1], item[0]))
    sharing = sum(1 for length in lengths if width - 1 <= length <= width)
    overflowing = sum(1 for length in lengths if length > width + 1)
    # A wrapped page has no line longer than its width (a space kept at a wrap aside; a headline
    # printed across columns, now and then): where half as many lines pass it as fill it, the
    # lines that share it are headlines of one length, not a wrap.
    if width > MAX_WIDTH or sharing < SHARE * len(lengths) or 2 * overflowing >= sharing:
        return None
    return width


def _starts_something(text: str) -> bool:
    return bool(split_dateline(text) or is_byline(text) or is_credit(text))


def join_wrapped_lines(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    width = wrap_width(blocks)
    if width is None:
        return [b.with_text(b.text.strip()) for b in blocks], []
    joined: list[Block] = []
    last_piece = ""
    """The last physical line of joined[-1]: whether it filled the width decides the next join."""
    pieces = 0
    for block in blocks:
        if joined and _continues(joined[-1].text, last_piece, block.text, width):
            joined[-1] = joined[-1].with_text(joined[-1].text + block.text)
            pieces += 1
        else:
            joined.append(block)
        last_piece = block.text
    changes = []
    if pieces:
        changes.append(Change("join_wrapped_lines", blocks[0].source, blocks[0].line,
                              f"the page is hard-wrapped at {width} characters: {pieces} line breaks "
                              "inside printed lines removed"))
    return [b.with_text(" ".join(b.text.split())) for b in joined], changes


def _continues(printed: str, previous: str, text: str, width: int) -> bool:
    """Does text (a physical line) continue the line printed before it? printed: that line so far,
    previous: its last physical line."""
    before, after = previous.strip(), text.strip()
    if not before or not after:
        return False
    if _starts_something(after):  # a credit starts a line, unless the wrap cut one glued to a paragraph
        return _completes_credit(before, after)
    if starts_mid_sentence(after):
        return True
    if len(before) < width - 1 or _ends_paragraph(before):
        return False
    if before[-1] in CLAUSE_MARKS or word_spans(before, after):  # mid-sentence, or mid-word (加|之受)
        return True
    return not (_is_paragraph(printed) and _stands_alone(after, width)) or _completes_credit(before, after)


def _completes_credit(before: str, after: str) -> bool:
    """The wrap cut a credit or byline glued to the paragraph's end (…“福包”。本报记者 赖志|凯 摄)."""
    return any(glued is not None and glued.start(1) < len(before)
               for glued in (GLUED_CREDIT.search(before + after), GLUED_END_BYLINE.search(before + after)))


def _is_paragraph(printed: str) -> bool:
    """A printed line with a sentence's end inside is a paragraph, not a headline."""
    return any(mark in printed for mark in SENTENCE_END)


def _stands_alone(text: str, width: int) -> bool:
    """A short line that ends no sentence, nor on a linking word (…开展劳动和), is no paragraph's
    last line (those end a sentence): it is a headline the page printed between a paragraph's
    halves, and join_broken_paragraphs joins the halves around it. (After a headline's full line,
    the same short line is the headline's end.) A line with a clause mark inside (…政治建设、赋能)
    is taken for the paragraph's: headlines part their clauses with spaces, and a paragraph cut
    by a column break also leaves a short line that ends no sentence."""
    return (MIN_HEADLINE <= len(text) < width - 1 and not _ends_paragraph(text) and not ends_linked(text)
            and not any(mark in text for mark in CLAUSE_MARKS))


def _ends_paragraph(text: str) -> bool:
    """Only a sentence's end (。！？… maybe before a closing mark) may end a full line's paragraph:
    a dash, a colon or a closing quote there (…“加码”——为一线…, …赠送最美“微笑照”仪式…) is more
    often where the wrap fell than where the paragraph ends. A credit or byline glued to a
    sentence's end ends the paragraph too."""
    if GLUED_CREDIT.search(text) or GLUED_END_BYLINE.search(text):  # …的活动。新华社记者 徐昱 摄
        return True
    return text.rstrip(CLOSERS)[-1:] in SENTENCE_END
