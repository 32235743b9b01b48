"""Reading aids for Chinese text: reading time (counts come from ingest.text.han_count), summaries cut at a sentence end."""

from __future__ import annotations

import math

CHARACTERS_PER_MINUTE = 450
"""Chinese is read at roughly 400-500 characters a minute."""
SENTENCE_END = "。！？"
CLOSERS = "”’」』）》"
OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "《": "》"}


def reading_minutes(characters: int) -> int:
    """Minutes to read this many Han characters."""
    return max(1, math.ceil(characters / CHARACTERS_PER_MINUTE))


def _balanced(text: str) -> bool:
    return all(text.count(opener) <= text.count(closer) for opener, closer in OPENERS.items())


def summary_of(text: str, limit: int = 120) -> str:
    """The longest run of whole sentences within limit characters, never cut inside a quotation.

    Text without any sentence end in reach is cut at the limit with an ellipsis (markup never
    reaches here: it is made from plain text)."""
    if len(text) <= limit:
        return text
    best = 0
    for index, char in enumerate(text[:limit]):
        if char in SENTENCE_END:
            end = index + 1
            while end < len(text) and text[end] in CLOSERS:
                end += 1
            if end <= limit and _balanced(text[:end]):
                best = end
    return text[:best] if best else text[:limit].rstrip() + "……"
