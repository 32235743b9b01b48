"""A block printed two or three times appears once, also where one printing misread a character;
an article printed twice appears once, headline and all.

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
NEAR_CHARACTERS = 2
"""Characters two readings of one block may read otherwise, at least (more in a long block: one in 40)."""


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
    """Whole articles printed again first, then paragraphs, then parts of paragraphs: each pass
    sees the blocks the one before kept."""
    roles = [classify(b, rules.columns) for b in blocks]
    changes: list[Change] = []
    for repeated in (_repeated_articles, _repeated_paragraphs, _repeated_parts):
        dropped = repeated(blocks, roles)
        changes += [dropped[index] for index in sorted(dropped)]
        blocks = [b for index, b in enumerate(blocks) if index not in dropped]
        roles = [r for index, r in enumerate(roles) if index not in dropped]
    return blocks, changes


def _dropped(block: Block, what: str) -> Change:
    return Change("drop_repeated_blocks", block.source, block.line, what)


MIN_PART = 20
"""Characters a paragraph's part printed apart must have to count as a repeat of it."""


def _repeated_parts(blocks: list[Block], roles: list[Role]) -> dict[int, Change]:
    """A part of a paragraph printed again apart, the paragraph whole elsewhere on the page (a
    page that loses paragraph breaks split one printing of it where a line ended a sentence):
    the part goes, the whole stays."""
    texts = [norm(b.text) if role in (Role.BODY, Role.EDITOR_NOTE) else "" for b, role in zip(blocks, roles)]
    dropped = {}
    for index, text in enumerate(texts):
        whole = next((k for k, other in enumerate(texts) if len(text) >= MIN_PART and len(other) > len(text)
                      and text in other), None)
        if whole is not None:
            dropped[index] = _dropped(blocks[index], f"dropped a part of the block at line {blocks[whole].line} "
                                                     f"printed again apart: {blocks[index].text[:24]}…")
    return dropped


def _repeated_articles(blocks: list[Block], roles: list[Role]) -> dict[int, Change]:
    """An article printed again whole (the same article printed twice by the site): a run that
    holds a headline or byline and body text and repeats an earlier run block for block goes,
    its headline too (a headline repeated alone, over another body, is the paper's own)."""
    texts = [norm(b.text) for b in blocks]
    originals: dict[int, int] = {}
    """Index of a dropped block -> the index of the block it repeats."""
    for start in range(len(blocks)):
        if start in originals:
            continue
        for earlier in range(start):
            length = 0
            while start + length < len(blocks) and earlier + length < start \
                    and _same(texts[earlier + length], texts[start + length]):
                length += 1
            run = range(start, start + length)
            if length >= 2 and any(roles[k] in HEAD_CONTEXT for k in run) \
                    and any(roles[k] in (Role.BODY, Role.DATELINE) and len(texts[k]) >= MIN_LENGTH for k in run):
                originals.update((k, earlier + k - start) for k in run)
                break
    return {k: _dropped(blocks[k], f"dropped an article printed again (its line {blocks[k].line} repeats line "
                                   f"{blocks[original].line}): {blocks[k].text[:24]}…"
                                   + _other_reading(_differences(texts[original], texts[k])))
            for k, original in originals.items()}


def _repeated_paragraphs(blocks: list[Block], roles: list[Role]) -> dict[int, Change]:
    """A paragraph printed two or three times (one printing maybe misread), with a short block
    that follows it as it follows the copy kept."""
    keys = [norm(b.text) if roles[i] in (Role.BODY, Role.DATELINE, Role.EDITOR_NOTE) and len(norm(b.text)) >= MIN_LENGTH
            else None
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
    repeats = {index: kept[key] for index, key in enumerate(keys) if key in kept and kept[key] != index}
    for index, original in sorted(repeats.items()):  # a short block after a repeat, as after its original
        after = 1
        while index + after < len(blocks) and index + after not in repeats and original + after < len(blocks) \
                and roles[index + after] is Role.BODY and keys[index + after] is None \
                and norm(blocks[index + after].text) == norm(blocks[original + after].text):
            repeats[index + after] = original + after
            after += 1
    return {index: _dropped(blocks[index], f"dropped a repeat of the block at line {blocks[original].line}: "
                                           f"{blocks[index].text[:24]}…"
                                           + _other_reading(_differences(norm(blocks[original].text),
                                                                         norm(blocks[index].text))))
            for index, original in repeats.items()}


def _same(a: str, b: str) -> bool:
    """The same block as printed, or two readings of one long block (_near)."""
    return a == b or len(a) >= MIN_LENGTH and _near(a, b)


def _near(a: str, b: str) -> bool:
    """Two readings of one block: as long, and at most NEAR_CHARACTERS characters (one in 40 in
    a long block) read otherwise. A copy shorter or longer is another defect (a copy cut by a
    column break, whose other part stands elsewhere), not a misreading."""
    if len(a) != len(b):
        return False
    return sum(x != y for x, y in zip(a, b)) <= max(NEAR_CHARACTERS, len(a) // 40)


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


def _other_reading(differing: str) -> str:
    return f" (it read {differing} there; the kept copy's reading stays)" if differing else ""


def _differences(kept: str, dropped: str) -> str:
    """Where a dropped near repeat read otherwise than the kept copy: '人才|入才', each place."""
    return "、".join(f"{kept[max(0, at - 2):at + 3]}|{dropped[max(0, at - 2):at + 3]}"
                    for at, (x, y) in enumerate(zip(kept, dropped)) if x != y)


def _choose(positions: list[int], blocks: list[Block], roles: list[Role], keys: list, kept: dict) -> int:
    under_headline = [p for p in positions if p > 0 and roles[p - 1] in HEAD_CONTEXT]
    if under_headline:
        return under_headline[0]
    following_kept = [p for p in positions if p > 0 and keys[p - 1] in kept and kept[keys[p - 1]] == p - 1]
    if following_kept:
        return following_kept[0]
    return max(positions, key=lambda p: (_fit(blocks, p), p))
