"""A global reading of the page's headline lines, for comparison with segment's local rules.

The one role the cues of a line leave open is that of a headline-shaped line after body text:
the next article's title, or a section heading of the article it stands in. segment decides it
line by line from the line and what follows it (_is_section_heading). This module decides all
of them at once: a Viterbi search over the page for the most likely sequence of states under a
model of the article's grammar (headline → optional byline → dateline/body, with section
headings inside the body → optional credit or end byline → the next article).

Scores are log-weights set by hand from DESIGN.md's conventions, not trained: five pages do not
make a training set. bench/segment_models.py measures both readings on the gold files, the
re-laid layouts and damaged pages; PageRules.decoder picks one ("rules" is the default, as the
measurement decided; see bench/README.md).
"""

from __future__ import annotations

import math
from enum import Enum

from .blocks import Block
from .roles import Role

NEVER = -math.inf


class State(Enum):
    HEAD = "head"
    """A line of an article's headline block (banner, kicker, title, subtitle, column, author)."""
    BYLINE = "byline"
    OPEN = "open"
    """The dateline paragraph that opens a report's body."""
    BODY = "body"
    """Body of an article without a dateline or byline (photo caption, commentary)."""
    REPORT = "report"
    """Body of an article that opened with a dateline or byline."""
    SECTION = "section"
    """A section heading inside a body."""
    AFTER_SECTION = "after_section"
    """Body after a section heading."""
    CLOSE = "close"
    """A credit or end byline: the article ends here."""


ALLOWED = {  # the states a unit of each role may take
    Role.HEADLINE: (State.HEAD, State.SECTION),
    Role.BANNER: (State.HEAD,), Role.COLUMN: (State.HEAD,), Role.AUTHOR: (State.HEAD,),
    Role.SUMMARY_LABEL: (State.HEAD,), Role.EDITOR_NOTE: (State.HEAD,),
    Role.BYLINE: (State.BYLINE,),
    Role.DATELINE: (State.OPEN,),
    Role.BODY: (State.BODY, State.REPORT, State.AFTER_SECTION),
    Role.CREDIT: (State.CLOSE,), Role.END_BYLINE: (State.CLOSE,),
}

S = State
TRANSITION = {  # log-weight of one state following another; missing pairs never happen
    (S.HEAD, S.HEAD): 0.0, (S.HEAD, S.BYLINE): 0.0, (S.HEAD, S.OPEN): 0.0, (S.HEAD, S.BODY): -1.0,
    (S.HEAD, S.CLOSE): -3.0,
    (S.BYLINE, S.BYLINE): -0.5, (S.BYLINE, S.OPEN): 0.0, (S.BYLINE, S.REPORT): 0.0,
    (S.OPEN, S.REPORT): 0.0, (S.OPEN, S.SECTION): -0.5, (S.OPEN, S.HEAD): -1.5, (S.OPEN, S.CLOSE): 0.0,
    (S.OPEN, S.OPEN): -1.5,
    (S.REPORT, S.REPORT): 0.0, (S.REPORT, S.SECTION): -1.0, (S.REPORT, S.HEAD): -1.0,
    (S.REPORT, S.CLOSE): 0.0, (S.REPORT, S.OPEN): -1.5, (S.REPORT, S.BYLINE): -2.5,
    (S.BODY, S.BODY): 0.0, (S.BODY, S.SECTION): -1.0, (S.BODY, S.HEAD): -1.0, (S.BODY, S.CLOSE): 0.0,
    (S.BODY, S.OPEN): -1.5,
    (S.SECTION, S.AFTER_SECTION): 0.0,
    (S.AFTER_SECTION, S.AFTER_SECTION): 0.0, (S.AFTER_SECTION, S.SECTION): 0.0,
    (S.AFTER_SECTION, S.HEAD): -1.0, (S.AFTER_SECTION, S.CLOSE): -3.5, (S.AFTER_SECTION, S.OPEN): -1.5,
    (S.AFTER_SECTION, S.BYLINE): -2.5,
    (S.CLOSE, S.HEAD): 0.0, (S.CLOSE, S.OPEN): -1.0, (S.CLOSE, S.BODY): -2.0, (S.CLOSE, S.CLOSE): -1.0,
    (S.CLOSE, S.SECTION): -4.0,
}
START = {S.HEAD: 0.0, S.BYLINE: -1.0, S.OPEN: -0.5, S.BODY: -2.0, S.CLOSE: -3.0}
REGION_BREAK = 3
"""Blank lines from which a gap is a region break on the page."""


def _emission(block: Block, state: State) -> float:
    """How well a headline-shaped line fits each of its two readings."""
    length = len(block.text.replace("\n", ""))
    if state is S.SECTION:
        score = -0.15 * max(0, length - 12)
        if block.gap >= REGION_BREAK:
            score -= 3.0
        if block.mark == "#":
            score -= 5.0
        if block.mark == "##":
            score += 1.0
        return score
    return -0.5 - 0.15 * max(0, 10 - length) + (1.5 if block.gap >= REGION_BREAK else 0.0)


def section_headings(items: list[tuple[Block, Role]]) -> set[int]:
    """Indexes of the headline-shaped units read as section headings on the page's best path."""
    if not items:
        return set()
    states = [ALLOWED.get(role, (S.BODY,)) for _, role in items]
    best = [{s: START.get(s, NEVER) + (_emission(items[0][0], s) if items[0][1] is Role.HEADLINE else 0.0)
             for s in states[0]}]
    back: list[dict[State, State]] = [{}]
    for index in range(1, len(items)):
        block, role = items[index]
        column, pointers = {}, {}
        for state in states[index]:
            emit = _emission(block, state) if role is Role.HEADLINE else 0.0
            score, source = max(((best[-1][p] + TRANSITION.get((p, state), NEVER), p) for p in best[-1]),
                                key=lambda pair: pair[0])
            column[state], pointers[state] = score + emit, source
        best.append(column)
        back.append(pointers)
    last = max(best[-1], key=best[-1].get)
    path = [last]
    for index in range(len(items) - 1, 0, -1):
        path.append(back[index][path[-1]])
    path.reverse()
    return {i for i, state in enumerate(path) if state is S.SECTION}
