"""Page furniture goes: the page header an e-paper or PDF repeats (报头, 版次, date), page
numbers, word counts, and 责编 lines. It is no one's article; the report lists each line dropped."""

from __future__ import annotations

import re
from collections import Counter

from ..blocks import Block, Change
from ..rules import PageRules
from ..text import HAN

DATE = r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
PAGE = r"第?\s*[0-9０-９]{1,5}\s*版"
FURNITURE = [re.compile(pattern) for pattern in (
    rf"^{PAGE}\s*[:：]?\s*[{HAN}]{{0,10}}$",                                # 00003版:要闻, 第02版：工会新闻
    rf"^(?:[{HAN}]{{2,8}}报)?\s*[/|｜]?\s*{DATE}\s*(?:星期[一二三四五六日天])?\s*[/|｜]?\s*(?:{PAGE}\s*[:：]?\s*[{HAN}]{{0,10}})?$",
    rf"^[{HAN}]{{2,8}}报\s*[/|｜]\s*.*{PAGE}.*$",                          # 工人日报 / 2024年6月3日 / 第002版 工会新闻
    r"^(?:文章)?字数\s*[:：]\s*\d+\s*字?$",                                 # 文章字数:615
    r"^[-—–\s]*(?:第\s*)?\d{1,3}\s*(?:页)?[-—–\s]*$",                       # a page number
    rf"^[（(]?\s*(?:责任编辑|责编|编辑|美编|校对|版式)\s*[:：]\s*[{HAN}\s、]{{2,20}}[）)]?$",
)]
MASTHEAD = re.compile(rf"^[{HAN}]{{2,6}}(?:日报|晚报|时报|报)$")
"""A newspaper's name on a line of its own: furniture when the page prints it more than once, or
at once when the name is a daily's (工人日报)."""
DAILY = re.compile(rf"^[{HAN}]{{2,6}}(?:日报|晚报|时报)$")


def is_furniture(text: str, repeats: int) -> bool:
    flat = text.strip()
    return any(pattern.match(flat) for pattern in FURNITURE) or bool(DAILY.match(flat)) \
        or (repeats > 1 and bool(MASTHEAD.match(flat)))


def drop_page_furniture(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    counts = Counter(block.text.strip() for block in blocks)
    kept, changes = [], []
    for block in blocks:
        if "\n" not in block.text and is_furniture(block.text, counts[block.text.strip()]):
            changes.append(Change("drop_page_furniture", block.source, block.line,
                                  f"dropped a page-furniture line: {block.text.strip()}"))
            continue
        kept.append(block)
    return kept, changes
