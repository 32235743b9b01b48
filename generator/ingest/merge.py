"""Two extractions of one page become one set of articles, each once, in its most complete form.

Articles are matched by character 4-gram containment of their bodies (one extraction may hold
only part of an article). Of a matched pair the longer body is kept; a headline missing from it
is taken from the other. Where the two disagree on words, the disagreement is reported.
"""

from __future__ import annotations

import difflib
from dataclasses import replace

from .assemble import NO_HEADLINE, PageArticle
from .text import norm

MATCH = 0.5
SHORT_DIFFERENCE = 8


def _grams(text: str) -> set[str]:
    return {text[i:i + 4] for i in range(max(0, len(text) - 3))}


def containment(a: PageArticle, b: PageArticle) -> float:
    ga, gb = _grams(norm(a.body_text)), _grams(norm(b.body_text))
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / min(len(ga), len(gb))


PARTS = ("title", "kicker", "subtitle", "dateline", "summary", "body_text")
"""The texts of an article two extractions are compared on (its people apart)."""


def disagreements(kept: PageArticle, other: PageArticle) -> list[str]:
    """Short spans where two readings of the same text differ, with a little context: in the
    headline's parts, the dateline, the summary and the body (a part one of them lacks is no
    disagreement: the merge takes it from the other)."""
    found = []
    derived = kept.title_derived or other.title_derived  # a stand-in title is no reading of the headline
    for part in PARTS:
        if derived and part in ("title", "kicker", "subtitle"):
            continue
        a, b = norm(getattr(kept, part)), norm(getattr(other, part))
        if not a or not b or a == b:
            continue
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal" or max(i2 - i1, j2 - j1) > SHORT_DIFFERENCE:
                continue
            context = a[max(0, i1 - 6):i1]
            found.append(f"…{context}[{a[i1:i2] or '∅'}|{b[j1:j2] or '∅'}]… "
                         f"（{'/'.join(kept.sources)} | {'/'.join(other.sources)}；取前者）")
    for role in sorted(set(kept.people) | set(other.people)):
        mine, theirs = kept.people.get(role, []), other.people.get(role, [])
        if mine != theirs:
            found.append(f"{role}: {'、'.join(mine) or '∅'} | {'、'.join(theirs) or '∅'} "
                         f"（{'/'.join(kept.sources)} | {'/'.join(other.sources)}；取前者）")
    return found


def _combine(a: PageArticle, b: PageArticle) -> PageArticle:
    kept, other = (a, b) if len(norm(a.body_text)) >= len(norm(b.body_text)) else (b, a)
    if kept.title_derived and not other.title_derived:
        kept = replace(kept, title=other.title, kicker=other.kicker, subtitle=other.subtitle,
                       banners=other.banners, title_derived=False,
                       review=tuple(r for r in kept.review if r != NO_HEADLINE))
    people = {**other.people, **kept.people}
    notes = [f"两份提取稿不一致：{d}" for d in disagreements(kept, other)]
    return replace(kept, column=kept.column or other.column, summary=kept.summary or other.summary,
                   people=people, sources=tuple(dict.fromkeys(kept.sources + other.sources)),
                   changes=kept.changes + other.changes, lines=kept.lines | other.lines, review=kept.review + tuple(notes))


def merge_extractions(extractions: list[list[PageArticle]]) -> list[PageArticle]:
    """One list of articles in page order; the most complete extraction sets the order."""
    ranked = sorted(extractions, key=lambda arts: -sum(len(norm(a.body_text)) for a in arts))
    merged = list(ranked[0])
    for extraction in ranked[1:]:
        last_index = -1
        for article in extraction:
            scores = [(containment(article, mine), i) for i, mine in enumerate(merged)]
            best, at = max(scores, default=(0.0, -1))
            if best >= MATCH:
                merged[at] = _combine(merged[at], article)
                last_index = at
            else:
                last_index += 1
                merged.insert(last_index, article)
    return merged
