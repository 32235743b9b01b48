"""A photo credit or an end byline printed at the end of a paragraph is split off it:
"…送到职工手中。本报通讯员 X 摄" is the paragraph and the credit line; "…完成。（记者X 通讯员Y）"
the paragraph and the end byline. The credit then ends its article like one printed apart."""

from __future__ import annotations

from ..blocks import Block, Change
from ..people import GLUED_CREDIT, GLUED_END_BYLINE
from ..rules import PageRules


def split_glued_credits(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    result, changes = [], []
    for block in blocks:
        text = block.text.rstrip()
        glued = GLUED_CREDIT.search(text) or GLUED_END_BYLINE.search(text)
        if glued is None or glued.start(1) == 0 or "\n" in glued.group(1):
            result.append(block)
            continue
        paragraph, credit = text[:glued.start()].rstrip(), glued.group(1).strip()
        result += [block.with_text(paragraph), Block(credit, block.line, block.source, 0, block.mark)]
        changes.append(Change("split_glued_credits", block.source, block.line,
                              f"split the credit glued to the paragraph's end: {credit}"))
    return result, changes
