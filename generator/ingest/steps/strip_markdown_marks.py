"""Markdown marks left by an earlier tool (#, ##, **) are removed and kept only as a hint."""

from __future__ import annotations

import re

from ..blocks import Block, Change
from ..rules import PageRules

HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
BOLD = re.compile(r"\*\*(.+?)\*\*")


def strip_markdown_marks(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    cleaned, changes = [], []
    for block in blocks:
        lines = block.text.split("\n")
        mark = ""
        heading = HEADING.match(lines[0]) if len(lines) == 1 else None
        if heading:
            mark = heading.group(1)[:2]
            lines = [heading.group(2).strip()]
        elif all(BOLD.fullmatch(line.strip()) for line in lines):
            mark = "bold"
        new_lines = [BOLD.sub(r"\1", line).strip() for line in lines]
        text = "\n".join(line for line in new_lines if line)
        if text != block.text:
            changes.append(Change("strip_markdown_marks", block.source, block.line,
                                  f"removed Markdown marks ({mark or 'inline'}): {text[:30]}"))
        if text:
            cleaned.append(Block(text, block.line, block.source, block.gap, mark or block.mark))
    return cleaned, changes
