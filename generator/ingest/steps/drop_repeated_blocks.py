"""A block printed two or three times appears once.

Of the copies, the one kept is the one that sits where the article needs it: right under a
headline or byline; else right after the kept copy of the block before it (runs stay together);
else the copy whose neighbours share the most wording with it (character bigram containment).
Headlines and bylines may repeat legitimately and are not touched.
"""

from __future__ import annotations

from collections import defaultdict

from ..blocks import Block, Change
from ..roles import Role, classify
from ..rules import PageRules
from ..text import norm

HEAD_CONTEXT = {Role.HEADLINE, Role.BANNER, Role.COLUMN, Role.BYLINE, Role.AUTHOR}
MIN_LENGTH = 12


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _fit(blocks: list[Block], index: int) -> float:
    """How much of the block's wording its two predecessors share (0..1)."""
    own = _bigrams(norm(blocks[index].text))
    around = set()
    for neighbour in blocks[max(0, index - 2):index]:
        around |= _bigrams(norm(neighbour.text))
    return len(own & around) / len(own) if own else 0.0


def drop_repeated_blocks(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    roles = [classify(b, rules.columns) for b in blocks]
    keys = [norm(b.text) if roles[i] in (Role.BODY, Role.DATELINE) and len(norm(b.text)) >= MIN_LENGTH else None
            for i, b in enumerate(blocks)]
    copies: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key:
            copies[key].append(index)
    kept: dict[str, int] = {}
    for index, key in enumerate(keys):
        if not key or key in kept or len(copies[key]) < 2:
            continue
        kept[key] = _choose(copies[key], blocks, roles, keys, kept)
    result, changes = [], []
    for index, block in enumerate(blocks):
        key = keys[index]
        if key in kept and kept[key] != index:
            changes.append(Change("drop_repeated_blocks", block.source, block.line,
                                  f"dropped a repeat of the block at line {blocks[kept[key]].line}: {block.text[:24]}…"))
            continue
        result.append(block)
    return result, changes


def _choose(positions: list[int], blocks: list[Block], roles: list[Role], keys: list, kept: dict) -> int:
    under_headline = [p for p in positions if p > 0 and roles[p - 1] in HEAD_CONTEXT]
    if under_headline:
        return under_headline[0]
    following_kept = [p for p in positions if p > 0 and keys[p - 1] in kept and kept[keys[p - 1]] == p - 1]
    if following_kept:
        return following_kept[0]
    return max(positions, key=lambda p: (_fit(blocks, p), p))
