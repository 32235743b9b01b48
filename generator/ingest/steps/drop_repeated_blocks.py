"""A block printed two or three times appears once, also where one printing misread a character.

Of the copies, the one kept is the one that sits where the article needs it: right under a
headline or byline; else right after the kept copy of the block before it (runs stay together);
else the copy whose neighbours share the most wording with it (character bigram containment).
Headlines and bylines may repeat legitimately and are not touched.
"""

from __future__ import annotations

import difflib
from collections import defaultdict

from ..blocks import Block, Change
from ..roles import Role, classify
from ..rules import PageRules
from ..text import norm

HEAD_CONTEXT = {Role.HEADLINE, Role.BANNER, Role.COLUMN, Role.BYLINE, Role.AUTHOR}
MIN_LENGTH = 12
NEAR_CHARACTERS = 2
"""Characters two readings of one block may differ in, at least (more in a long block: one in 40)."""


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
    keys = _near_repeats_joined(keys)
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
            differing = _differences(norm(blocks[kept[key]].text), norm(block.text))
            changes.append(Change("drop_repeated_blocks", block.source, block.line,
                                  f"dropped a repeat of the block at line {blocks[kept[key]].line}: {block.text[:24]}…"
                                  + (f" (it read {differing} there; the kept copy's reading stays)" if differing else "")))
            continue
        result.append(block)
    return result, changes


def _near(a: str, b: str) -> bool:
    """Two readings of one block: at most NEAR_CHARACTERS characters differ, or one in 40."""
    if abs(len(a) - len(b)) > NEAR_CHARACTERS or a[:2] != b[:2] and a[-2:] != b[-2:]:
        return False
    allowed = max(NEAR_CHARACTERS, len(a) // 40)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal") <= allowed


def _near_repeats_joined(keys: list[str | None]) -> list[str | None]:
    """Each key, or the key of an earlier block it is a near repeat of (a tool that read one block
    twice may misread a character of one reading: 人才|入才)."""
    joined = list(keys)
    for index, key in enumerate(keys):
        if key is None:
            continue
        for earlier in range(index):
            if joined[earlier] is not None and joined[earlier] != key and _near(joined[earlier], key):
                joined[index] = joined[earlier]
                break
    return joined


def _differences(kept: str, dropped: str) -> str:
    """Where a dropped near repeat read otherwise than the kept copy: '人才|入才', each place."""
    matcher = difflib.SequenceMatcher(None, kept, dropped, autojunk=False)
    return "、".join(f"{kept[max(0, i1 - 2):i2 + 2]}|{dropped[max(0, j1 - 2):j2 + 2]}"
                    for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")


def _choose(positions: list[int], blocks: list[Block], roles: list[Role], keys: list, kept: dict) -> int:
    under_headline = [p for p in positions if p > 0 and roles[p - 1] in HEAD_CONTEXT]
    if under_headline:
        return under_headline[0]
    following_kept = [p for p in positions if p > 0 and keys[p - 1] in kept and kept[keys[p - 1]] == p - 1]
    if following_kept:
        return following_kept[0]
    return max(positions, key=lambda p: (_fit(blocks, p), p))
