"""Paragraphs cut by a column break are joined again.

A body block that stops mid-sentence continues in the next body block. Headline blocks that the
extraction dropped between the two halves (a headline landed in the body) are lifted out: to the
top of the article when it has no headline of its own (it began with a bare dateline), otherwise
they stay after the joined paragraph and start their own article.
"""

from __future__ import annotations

import re

from ..blocks import Block, Change
from ..people import split_dateline
from ..roles import Role, classify
from ..rules import PageRules
from ..text import HAN, dangles, starts_mid_sentence, word_spans

MAX_LANDED = 3
SPACED_CLAUSES = re.compile(f"[{HAN}] +[{HAN}]")
LONE_CHARACTER_CLAUSE = re.compile(f"^(?![一二三四五六七八九十])[{HAN}][，、；：,;:]")
"""A text opening with one character and a clause mark (康、法律援助…): the end of a word cut in
two, never a sentence's opening (一、 numbers a list)."""
ARTICLE_START = {Role.HEADLINE, Role.BANNER, Role.COLUMN, Role.BYLINE, Role.DATELINE, Role.CREDIT,
                 Role.AUTHOR, Role.SUMMARY_LABEL}
HEAD = {Role.HEADLINE, Role.BANNER, Role.COLUMN, Role.BYLINE, Role.AUTHOR}


def _headless_start(items: list[tuple[Block, Role]], index: int) -> int | None:
    """Index of the bare dateline that starts the article holding items[index], if it has no headline."""
    k = index
    while k >= 0 and items[k][1] not in ARTICLE_START:
        k -= 1
    if k >= 0 and items[k][1] is Role.DATELINE and (k == 0 or items[k - 1][1] not in HEAD or _signature(items, k - 1)):
        return k
    return None


def _signature(items: list[tuple[Block, Role]], index: int) -> bool:
    """A name alone after body text signs the article before it: no head of the next one."""
    return items[index][1] is Role.AUTHOR and index > 0 and items[index - 1][1] is Role.BODY


def _cut_short(block: Block, role: Role, previous: tuple[Block, Role] | None,
               following: tuple[Block, Role] | None) -> bool:
    """A short unmarked line that the next block continues is a cut paragraph, no headline: the
    next opens mid-sentence, or a word runs across and either the line stands inside a paragraph
    (the block before stops mid-sentence: …工作的通|知》) or the next opens with the word's last
    character alone (心理健|康、). After a whole paragraph a short line is a heading or a title,
    whatever word its last character makes with the next line's first (年龄偏大|为使: 大为)."""
    if role is not Role.HEADLINE or block.mark or following is None or following[1] is not Role.BODY:
        return False
    if SPACED_CLAUSES.search(block.text):  # 品味茶香 争霸茶王: clauses parted by a space are a headline's
        return False
    if starts_mid_sentence(following[0].text):
        return True
    inside = previous is not None and previous[1] in (Role.BODY, Role.DATELINE) and dangles(previous[0].text)
    scrap = LONE_CHARACTER_CLAUSE.match(following[0].text)  # 康、…: no sentence opens so
    return bool(inside or scrap) and word_spans(block.text, following[0].text) is not None


def _cut_paragraph(block: Block, role: Role) -> bool:
    """A paragraph that stops mid-sentence: body text or an editor's note, or a dateline's text
    after its name and people (记者X 通讯员Y报道 alone, with no text after it, is a line of its own)."""
    if role is Role.DATELINE:
        dateline = split_dateline(block.text)
        return dateline is not None and bool(dateline[2]) and dangles(block.text)
    return role in (Role.BODY, Role.EDITOR_NOTE) and dangles(block.text)


def join_broken_paragraphs(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    items = [(b, classify(b, rules.columns)) for b in blocks]
    items = [(b, Role.BODY if _cut_short(b, r, items[i - 1] if i else None,
                                         items[i + 1] if i + 1 < len(items) else None) else r)
             for i, (b, r) in enumerate(items)]
    changes: list[Change] = []
    index = 0
    while index < len(items):
        block, role = items[index]
        if not _cut_paragraph(block, role):
            index += 1
            continue
        after = index + 1
        while after < len(items) and items[after][1] is Role.HEADLINE and after - index <= MAX_LANDED:
            after += 1
        if after >= len(items) or items[after][1] is not Role.BODY:
            index += 1
            continue
        following = items[after][0]
        landed = items[index + 1:after]
        joined = block.with_text(block.text + following.text)
        cut = word_spans(block.text, following.text)
        changes.append(Change("join_broken_paragraphs", block.source, block.line,
                              f"joined with line {following.line}" + (f" (word cut in two: {cut})" if cut else "")))
        del items[index + 1:after + 1]
        items[index] = (joined, role)
        if landed:
            start = _headless_start(items, index)
            names = "、".join(b.text.replace("\n", "") for b, _ in landed)
            if start is not None:
                items[start:start] = landed
                index += len(landed)
                changes.append(Change("move_landed_headline", landed[0][0].source, landed[0][0].line,
                                      f"headline found inside the body moved to the top of its article: {names}"))
            else:
                items[index + 1:index + 1] = landed
                changes.append(Change("move_landed_headline", landed[0][0].source, landed[0][0].line,
                                      f"headline found inside the body starts its own article: {names}"))
        # Stay on the joined block: it may still stop mid-sentence.
    return [b for b, _ in items], changes
