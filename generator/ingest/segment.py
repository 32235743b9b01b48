"""Find the articles on a cleaned page.

An article starts at a headline group (after body text), a column label, a bare dateline
(本报讯…) after body text, or right after a photo credit. A lone headline inside a body that
is followed by plain paragraphs is an in-article section heading, unless a photo credit closes
the paragraphs below it (then it is a photo's title) or they end as another kind of article
ends, or as one signed a second time (then it is that article's title: an article is signed
once, and a report never ends with an author's note).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import Block, Change
from .decode import section_headings
from .people import AUTHOR_NOTE, READER, People, credit_people, end_byline, people_of, split_dateline
from .roles import Role, balanced, classify
from .rules import PageRules
from .text import quoted

REGION_BREAK = 3


@dataclass
class Paragraph:
    text: str
    block: Block
    heading: bool = False


@dataclass
class Draft:
    """An article while the page is being read; frozen into a PageArticle afterwards."""

    headline: list[Block] = field(default_factory=list)
    banners: list[str] = field(default_factory=list)
    column: str = ""
    people: People = field(default_factory=People)
    dateline: str = ""
    summary: str = ""
    body: list[Paragraph] = field(default_factory=list)
    has_credit: bool = False
    split_at: int | None = None
    """Index in body where a byline was printed again mid-body (the real start may follow it)."""
    blocks: list[Block] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    expect_summary: bool = False
    closed: bool = False
    photo_doubt: bool = False
    """The photo news after this article may have taken its last paragraph (see _is_section_heading)."""
    """An end byline, credit or author note has ended the body: what follows is another article."""
    doubts: list[str] = field(default_factory=list)
    """Decisions taken on weak evidence, for the editor (in Chinese, as the report is)."""
    doubtful_headings: list[str] = field(default_factory=list)
    """Section headings that may be the next article's title (see _is_section_heading)."""

    head_notes: int = 0
    """Editor's notes (编者按) printed under the headline: the first body paragraphs, and still
    the head of the article (its dateline or byline may follow)."""

    @property
    def in_head(self) -> bool:
        return self.before_body and not self.summary

    @property
    def before_body(self) -> bool:
        """No body paragraph read yet (the editor's notes aside), nor a dateline: a summary box
        (阅读提示) may stand between the headline and the report's dateline."""
        return len(self.body) == self.head_notes and not self.dateline


LONG_HEADING = 15
"""Characters from which a lone headline line read as a section heading is noted as a doubt:
section headings are mostly shorter, titles mostly longer (both run from 8 to 25)."""


def _is_section_heading(items: list[tuple[Block, Role]], index: int, draft: Draft) -> bool:
    """A lone headline line after body text: a section heading of the article, or the title of
    the next one? Strong cues (a mark, a wide gap, an ended article, a headline run, a dateline or
    byline or credit after it) make it a title; without them it is a heading, noted as a doubt
    when it is as long as a title."""
    block, _ = items[index]
    if block.mark == "#" or block.gap >= REGION_BREAK or draft.closed:
        return False
    following = index + 1
    if following >= len(items) or items[following][1] is not Role.BODY:
        return False
    while following < len(items) and items[following][1] is Role.BODY:
        following += 1
    if _signed_again(items, following, draft):
        return False  # the title of an article signed on its own
    if following < len(items) and items[following][1] is Role.CREDIT:
        if following - index > 2:  # a photo's title over more than one paragraph: where does it start?
            draft.doubts.append("本文之后的图片新闻说明不止一段：本文最后一段可能被归到了那条图片新闻，请核对")
            draft.photo_doubt = True
        return False  # a photo's title: its caption and credit follow
    text = block.text.replace("\n", "")
    if len(text) >= LONG_HEADING:
        draft.doubts.append(f"{quoted(text)}判为本文的小标题（前面没有署名、电头或图片说明收尾）；"
                            "它较长，也可能是下一篇文章的标题，或是被分栏断开的段落的前半截，请核对")
        draft.doubtful_headings.append(text)
    return True


def _signed_again(items: list[tuple[Block, Role]], end: int, draft: Draft) -> bool:
    """Whether the body paragraphs before items[end] end as an article of their own ends while
    the article read so far is signed already, or is of another kind: an author's note （作者系…）
    or an author's or reader's name ends commentary or a letter, never a report (one with a
    dateline, reporters or correspondents); an end byline after the paragraphs of an article
    whose people are known signs another article (an article is signed once)."""
    reported = bool(draft.dateline or draft.people.reporters or draft.people.correspondents)
    if AUTHOR_NOTE.match(items[end - 1][0].text.replace("\n", "")):
        return reported
    if end >= len(items):
        return False
    block, role = items[end]
    if role is Role.AUTHOR or role is Role.END_BYLINE and READER.match(" ".join(block.text.split())):
        return reported or any(draft.people.as_dict().values())
    return role is Role.END_BYLINE and any(draft.people.as_dict().values())


def _signs_last(items: list[tuple[Block, Role]], index: int, draft: Draft | None) -> bool:
    """A name alone on the line after an article's last paragraph (no paragraph follows it: a
    headline, a label, a report's dateline or the page's end does) is its author's signature,
    where the article is not signed yet."""
    if draft is None or draft.in_head or not draft.body or any(draft.people.as_dict().values()):
        return False
    following = items[index + 1][1] if index + 1 < len(items) else None
    return following in (None, Role.HEADLINE, Role.BANNER, Role.COLUMN, Role.SUMMARY_LABEL, Role.DATELINE)


HEADLINE_AFTER = {Role.HEADLINE, Role.DATELINE, Role.BYLINE, Role.BANNER}
MAX_KICKER = 30


def _unfinished_line(block: Block, role: Role, following: Role | None) -> Role:
    """A short line that ends no sentence and stands over a headline, byline or dateline is a
    headline line even with a comma inside (引题 提升职工生活品质，工会出实招): a paragraph ends
    with its punctuation, a cut one is continued by the body below it."""
    text = block.text.replace("\n", "")
    if role is not Role.BODY or following not in HEADLINE_AFTER or len(text) > MAX_KICKER or AUTHOR_NOTE.match(text):
        return role
    if re.search("[。！？；]", text) or text[-1] in "，、；：,;:" or text[0] in "“（(" and not balanced(text):
        return role
    return Role.HEADLINE


def roles_of(blocks: list[Block], rules: PageRules) -> list[tuple[Block, Role]]:
    """Each unit's role: from the unit alone (roles.classify), then from its neighbours."""
    items = [(b, classify(b, rules.columns)) for b in blocks]
    return [(b, _unfinished_line(b, r, items[i + 1][1] if i + 1 < len(items) else None))
            for i, (b, r) in enumerate(items)]


def share_banner(drafts: list[Draft]) -> list[Draft]:
    """One headline over several reports: a title line of several titles (separated by spaces)
    above a report, followed by reports that open with a dateline and have no headline of their
    own. Each report gets its own title, and all share the lines above it (banner, kicker)."""
    for index, draft in enumerate(drafts):
        if not draft.headline:
            continue
        last = draft.headline[-1]
        parts = [part for part in last.text.replace("\n", " ").split() if len(part) >= 6]
        headless = []
        for other in drafts[index + 1:index + len(parts)]:
            if other.headline or not other.dateline:
                break
            headless.append(other)
        if len(parts) < 2 or len(headless) != len(parts) - 1 or len(parts) != len(last.text.split()):
            continue
        draft.headline[-1] = last.with_text(parts[0])
        for other, title in zip(headless, parts[1:]):
            other.headline = [*draft.headline[:-1], last.with_text(title)]
            other.changes.append(Change("share_banner", last.source, last.line,
                                        f"the headline line over two reports gave this one its title: {title}"))
    return drafts


def _head_continued(draft: Draft | None) -> None:
    """Before a report's dateline or byline: the paragraphs between a summary box (or an
    editor's note) and it are the box's (the note's) text, which a layout that loses paragraph
    breaks cut where a sentence ended at a line's end (a report opens at its dateline, under its
    byline). Nothing to do for an article without such a head, or signed or dated already."""
    if draft is None or not (draft.summary or draft.head_notes) or draft.dateline \
            or len(draft.body) == draft.head_notes or any(draft.people.as_dict().values()):
        return
    rest = "".join(p.text for p in draft.body[draft.head_notes:])
    del draft.body[draft.head_notes:]
    if draft.summary:
        draft.summary += rest
    else:
        last = draft.body[-1]
        draft.body[-1] = Paragraph(last.text + rest, last.block)


def segment(blocks: list[Block], rules: PageRules) -> list[Draft]:
    items = roles_of(blocks, rules)
    decoded = section_headings(items) if rules.decoder == "viterbi" else None
    drafts: list[Draft] = []
    current: Draft | None = None

    def start() -> Draft:
        nonlocal current
        current = Draft()
        drafts.append(current)
        return current

    for index, (block, role) in enumerate(items):
        text = block.text.replace("\n", "") if role is not Role.BODY else block.text
        if role is Role.AUTHOR and _signs_last(items, index, current):
            role = Role.END_BYLINE
        elif role is Role.AUTHOR and not (current and current.in_head and current.headline):
            role = Role.HEADLINE
        if role in (Role.HEADLINE, Role.BANNER, Role.COLUMN):
            if current is not None and not current.in_head and role is Role.HEADLINE \
                    and (_is_section_heading(items, index, current) if decoded is None else index in decoded):
                current.body.append(Paragraph(text, block, heading=True))
                current.blocks.append(block)
                continue
            previous = current
            draft = current if current is not None and current.in_head and not (
                role is Role.COLUMN and (current.headline or current.column)) else start()
            if previous is not None and previous is not draft and previous.photo_doubt:
                previous.photo_doubt = False
                draft.doubts.append("图片说明不止一段：第一段可能属于上一篇文章，请核对")
            if role is Role.BANNER:
                draft.banners += [line for line in block.text.split("\n") if line]
            elif role is Role.COLUMN:
                draft.column = text
            else:
                draft.headline.append(block)
            draft.blocks.append(block)
        elif role is Role.END_BYLINE:
            draft = current if current is not None else start()
            draft.people.merge(end_byline(block.text) or People(authors=[text]))
            draft.closed = True
            draft.blocks.append(block)
        elif role is Role.AUTHOR:
            current.people.add("authors", [text])
            current.blocks.append(block)
        elif role is Role.BYLINE:
            _head_continued(current)
            draft = current if current is not None else start()
            names = people_of(block.text)
            if draft.in_head:
                for key, values in names.as_dict().items():
                    draft.people.add(key, values)
            else:
                draft.split_at = len(draft.body)
                draft.changes.append(Change("drop_repeated_byline", block.source, block.line,
                                            f"byline printed again inside the body: {text}"))
            draft.blocks.append(block)
        elif role is Role.DATELINE:
            _head_continued(current)
            draft = current if current is not None and current.before_body else start()
            name, people, rest = split_dateline(block.text)
            draft.dateline = name
            for key, values in people.as_dict().items():
                draft.people.add(key, values)
            draft.body.append(Paragraph(rest, block))
            draft.blocks.append(block)
        elif role is Role.EDITOR_NOTE:
            draft = current if current is not None and current.in_head else start()
            draft.body.append(Paragraph(block.text, block))
            draft.head_notes += 1
            draft.blocks.append(block)
        elif role is Role.SUMMARY_LABEL:
            draft = current if current is not None else start()
            draft.expect_summary = True
            draft.blocks.append(block)
        elif role is Role.CREDIT:
            draft = current if current is not None else start()
            for key, values in credit_people(block.text).as_dict().items():
                draft.people.add(key, values)
            draft.has_credit = True
            draft.blocks.append(block)
            if not draft.dateline and not draft.people.reporters:
                current = None  # a photo and its caption end at the credit
        else:
            draft = current if current is not None else start()
            if draft.expect_summary:
                draft.summary = block.text
                draft.expect_summary = False
            else:
                draft.body.append(Paragraph(block.text, block))
                draft.closed = draft.closed or bool(AUTHOR_NOTE.match(text.replace("\n", "")))
            draft.blocks.append(block)
    return share_banner(drafts)
