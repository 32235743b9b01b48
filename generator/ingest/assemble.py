"""Drafts become finished articles: headline parts, kind, body in reading order, review flags."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from .blocks import Change
from .headlines import derived_title, split_headline
from .people import AUTHOR_NOTE
from .segment import Draft, Paragraph
from .text import dangles, norm, quoted, starts_mid_sentence, word_spans

FEATURE_COLUMNS = ("特写",)
COMMENTARY_COLUMNS = ("评", "言论", "论坛")
"""Words of column names that hold commentary (微评, 时评, 工会论坛, 言论) or features (新闻特写)."""
NO_HEADLINE = "本版没有印出标题：标题取自正文开头几个字，请补上"


@dataclass(frozen=True)
class PageArticle:
    """One article found on a page, ready to be written as Markdown."""

    title: str
    kicker: str
    subtitle: str
    banners: tuple[str, ...]
    column: str
    kind: str
    dateline: str
    people: dict[str, list[str]]
    summary: str
    paragraphs: tuple[str, ...]
    """Body paragraphs; section headings start with '## '."""
    sources: tuple[str, ...]
    first_line: int
    lines: frozenset[tuple[str, int]]
    """(raw file, line) of every block it was made from, to file the page's changes under it."""
    title_derived: bool
    changes: tuple[Change, ...]
    review: tuple[str, ...]
    """What needs a human look."""
    doubtful_headings: tuple[str, ...] = ()
    """Its section headings that may be another article's title: the next article's headline may
    then lack a part (see flag_after_doubtful_headings)."""

    @property
    def body_text(self) -> str:
        return "".join(p for p in self.paragraphs if not p.startswith("## "))

    @property
    def identity(self) -> str:
        """Stable short id from the opening words of the body, independent of the headline."""
        seed = norm(self.body_text)[:60] or norm(self.title)
        return hashlib.sha1(seed.encode("utf-8")).hexdigest()[:8]


def _restore_order(draft: Draft) -> tuple[list[Paragraph], list[Change]]:
    """An article whose ending was printed before its beginning is put back in order.

    The sign: a byline printed again inside the body, the part after it ends mid-sentence, and
    the part before it continues that sentence.
    """
    body, at = draft.body, draft.split_at
    if at is None or at == 0 or at >= len(body):
        return body, []
    ending, beginning = body[:at], body[at:]
    tail, head = beginning[-1], ending[0]
    if head.heading or not dangles(tail.text):
        return body, []
    cut = word_spans(tail.text, head.text)
    joined = Paragraph(tail.text + head.text, tail.block)
    change = Change("restore_article_order", tail.block.source, tail.block.line,
                    f"the part ending at line {tail.block.line} was printed after its own ending (line "
                    f"{head.block.line}); put back in front and joined" + (f" (word cut in two: {cut})" if cut else ""))
    return [*beginning[:-1], joined, *ending[1:]], [change]


def _kind(draft: Draft, paragraphs: list[str]) -> str:
    if draft.people.authors or (paragraphs and AUTHOR_NOTE.match(paragraphs[-1])):
        return "commentary"
    if any(word in draft.column for word in FEATURE_COLUMNS):
        return "feature"
    if any(word in draft.column for word in COMMENTARY_COLUMNS) and not draft.dateline:
        return "commentary"
    if draft.has_credit and not draft.dateline and not draft.people.reporters:
        return "photo"
    return "news"


def assemble(draft: Draft) -> PageArticle:
    body, changes = _restore_order(draft)
    changes = [*draft.changes, *changes]
    paragraphs = [("## " + p.text) if p.heading else p.text for p in body if p.text.strip()]
    headline = split_headline(draft.headline)
    review = list(draft.doubts)
    title, derived = headline.title, False
    if not title:
        title, derived = derived_title("".join(p for p in paragraphs if not p.startswith("## "))), True
        review.append(NO_HEADLINE)
    for part, text in (("标题", headline.title), ("副题", headline.subtitle)):
        if text.endswith("——") or part == "标题" and text.startswith("——"):
            review.append(f"{part}{quoted(text)}的破折号像引题或副题的：标题各部分可能错位，主标题可能排到了别处，请核对")
    for paragraph in paragraphs:
        if not paragraph.startswith("## ") and dangles(paragraph):
            review.append(f"段落在句子中间断开：…{paragraph[-16:]}")
        if starts_mid_sentence(paragraph):
            review.append(f"段落从句子中间开始：{paragraph[:16]}…")
    headings = [p for p in paragraphs if p.startswith("## ")]
    doubtful = list(draft.doubtful_headings)
    if len(headings) == 1:
        review.append(f"全文只有一个小标题{quoted(headings[0][3:])}：它可能是另一篇文章的标题，请核对分篇")
        doubtful.append(headings[0][3:])
    if not paragraphs:
        review.append("没有正文：只找到标题或标签")
    if headline.title and not draft.dateline and not any(draft.people.as_dict().values()) and not draft.has_credit:
        review.append("没有电头、署名或图片说明：文章的起点只凭标题判断，请核对它与前后文章的分界")
    blocks = draft.blocks
    return PageArticle(
        title=title, kicker=headline.kicker, subtitle=headline.subtitle,
        banners=(*draft.banners, *headline.banners), column=draft.column, kind=_kind(draft, paragraphs),
        dateline=draft.dateline, people=draft.people.as_dict(), summary=draft.summary,
        paragraphs=tuple(paragraphs), sources=tuple(dict.fromkeys(b.source for b in blocks)),
        first_line=min((b.line for b in blocks), default=0), title_derived=derived,
        lines=frozenset((b.source, b.line) for b in blocks),
        changes=tuple(changes), review=tuple(review), doubtful_headings=tuple(dict.fromkeys(doubtful)),
    )


def flag_after_doubtful_headings(articles: list[PageArticle]) -> list[PageArticle]:
    """A heading that may be a title pushed up into the article before its own (a column break
    does that) leaves its article with a headline that looks whole but lacks that part: the
    articles after one with such headings are flagged too, up to the first report (one with a
    dateline or byline); photo news between has no dateline to anchor its start."""
    flagged = list(articles)
    for index, article in enumerate(articles):
        if not article.doubtful_headings:
            continue
        note = (f"前文{quoted(article.title)}中的小标题{quoted(article.doubtful_headings[-1])}可能是本文的标题"
                "或标题的一部分，请核对本文标题和分界")
        for later in range(index + 1, len(articles)):
            flagged[later] = replace(flagged[later], review=(*flagged[later].review, note))
            if articles[later].kind != "photo" and (articles[later].dateline or any(articles[later].people.values())):
                break  # a report opens here: the title it lost cannot have come from further down
    return flagged
