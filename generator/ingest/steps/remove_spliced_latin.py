"""A Latin word spliced into Chinese (凝聚力 and 战斗力) is put back into Chinese or flagged.

Known connectives are translated (and→和, or→或); any other Latin word standing alone between
Chinese characters is left as it is and reported for a human look.
"""

from __future__ import annotations

import re

from ..blocks import Block, Change
from ..rules import PageRules
from ..text import HAN

CONNECTIVES = {"and": "和", "or": "或"}
SPLICED = re.compile(rf"(?<=[{HAN}]) ([A-Za-z]+) (?=[{HAN}])")


def remove_spliced_latin(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    cleaned, changes = [], []
    for block in blocks:
        def fix(match: re.Match) -> str:
            word = match.group(1)
            if word.lower() in CONNECTIVES:
                changes.append(Change("remove_spliced_latin", block.source, block.line,
                                      f"' {word} ' between Chinese characters became {CONNECTIVES[word.lower()]}"))
                return CONNECTIVES[word.lower()]
            changes.append(Change("needs_review", block.source, block.line,
                                  f"Latin word ' {word} ' between Chinese characters left as it is"))
            return match.group(0)

        text = SPLICED.sub(fix, block.text)
        cleaned.append(block.with_text(text) if text != block.text else block)
    return cleaned, changes
