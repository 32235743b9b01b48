"""Half-width punctuation in Chinese context becomes full-width (GB/T 15834).

Chinese context: a Chinese character or Chinese punctuation on either side. Numbers, decimals,
fractions and Latin keep their marks (4630.43万元, 1/15, 10:30). Parentheses convert as a pair.
No space is added or removed.
"""

from __future__ import annotations

from ..blocks import Block, Change
from ..rules import PageRules
from ..text import CJK_PUNCT, HAN_CHAR

FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "~": "～", "(": "（", ")": "）"}


def _chinese(char: str) -> bool:
    return bool(char) and (bool(HAN_CHAR.match(char)) or char in CJK_PUNCT)


def _context(text: str, index: int) -> bool:
    before = text[index - 1] if index > 0 else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if text[index] in ",:" and before.isdigit() and after.isdigit():
        return False  # 1,000 and 10:30
    return _chinese(before) or _chinese(after)


def _paren_pairs(text: str) -> dict[int, int]:
    pairs, stack = {}, []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            pairs[start], pairs[index] = index, start
    return pairs


def fullwidth(text: str) -> str:
    pairs = _paren_pairs(text)
    chars = list(text)
    for index, char in enumerate(text):
        if char not in FULL:
            continue
        if char in "()" and index in pairs:
            if _context(text, index) or _context(text, pairs[index]):
                chars[index] = FULL[char]
        elif _context(text, index):
            chars[index] = FULL[char]
    # A full stop ends a Chinese sentence: 。 after a Chinese character, before a break or Chinese.
    for index, char in enumerate(chars):
        if char == "." and index > 0 and HAN_CHAR.match(chars[index - 1]):
            after = chars[index + 1] if index + 1 < len(chars) else ""
            if not after or after.isspace() or _chinese(after):
                chars[index] = "。"
    return "".join(chars)


def fix_halfwidth_punctuation(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    cleaned, changes = [], []
    for block in blocks:
        text = fullwidth(block.text)
        if text != block.text:
            count = sum(a != b for a, b in zip(text, block.text))
            changes.append(Change("fix_halfwidth_punctuation", block.source, block.line,
                                  f"{count} half-width mark(s) made full-width"))
            block = block.with_text(text)
        cleaned.append(block)
    return cleaned, changes
