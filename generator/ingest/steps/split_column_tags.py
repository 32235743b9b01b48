"""List bullets (• ■ □ ●) before a line go, and a 【栏目】 tag printed before a headline becomes a
column label of its own: "【工会动态】标题" is the column 工会动态 over the title 标题."""

from __future__ import annotations

import re

from ..blocks import Block, Change
from ..rules import PageRules
from ..text import HAN

BULLET = re.compile(r"^[•■□●○◆◇▲△▶►★☆◎※▪▫]\s*(?=\S)")
TAG = re.compile(rf"^【\s*([{HAN}A-Za-z0-9·]{{2,12}})\s*】\s*(.*)$", re.S)


def split_column_tags(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    result, changes = [], []
    for block in blocks:
        text = block.text
        bullet = BULLET.match(text)
        if bullet and not text.startswith(("**", "--", "——")):
            text = text[bullet.end():]
            changes.append(Change("split_column_tags", block.source, block.line,
                                  f"removed the list bullet {bullet.group().strip()!r}"))
        tag = TAG.match(text)
        if tag:
            result.append(Block(tag.group(1), block.line, block.source, block.gap, "column"))
            changes.append(Change("split_column_tags", block.source, block.line,
                                  f"【{tag.group(1)}】 read as the column of the article below"))
            text = tag.group(2).strip()
            if text:
                result.append(Block(text, block.line, block.source, 0, block.mark))
            continue
        result.append(block.with_text(text) if text != block.text else block)
    return result, changes
