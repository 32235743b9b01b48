"""A stray glyph before a short label (the 'G' of "G 新闻特写", an icon font read as a letter) goes."""

from __future__ import annotations

import re

from ..blocks import Block, Change
from ..rules import PageRules
from ..text import HAN

STRAY = re.compile(rf"^([A-Za-z■□●○◆◇▲△▼▽★☆◎※])\s+([{HAN}]{{2,8}})$")


def remove_stray_glyphs(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    cleaned, changes = [], []
    for block in blocks:
        match = STRAY.match(block.text)
        if match:
            block = block.with_text(match.group(2))
            changes.append(Change("remove_stray_glyphs", block.source, block.line,
                                  f"removed stray glyph {match.group(1)!r} before {match.group(2)}"))
        cleaned.append(block)
    return cleaned, changes
