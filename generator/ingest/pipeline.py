"""Ingest top to bottom: read each extraction of a page, clean it, find its articles, merge the
extractions, give topics, and account for every piece of text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from ..config import TopicConfig
from ..errors import DigestError
from .assemble import PageArticle, assemble, flag_after_doubtful_headings
from .blocks import Block, Change, read_page, split_blocks
from .merge import merge_extractions
from .people import ROLE_WORDS
from .roles import SUMMARY_LABELS
from .rules import PageRules
from .segment import segment
from .steps import clean
from .text import HAN, han_count, norm
from .topics import assign_topics


@dataclass(frozen=True)
class PageSpec:
    """One newspaper page of one issue, and the raw files that are extractions of it."""

    date: dt.date
    files: tuple[Path, ...]
    page: int | None = None
    page_name: str = ""


@dataclass(frozen=True)
class IngestedArticle:
    article: PageArticle
    topics: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class PageResult:
    spec: PageSpec
    articles: tuple[IngestedArticle, ...]
    notes: tuple[str, ...]
    """Page-level remarks: encodings, date hints."""
    leftovers: tuple[str, ...]
    """Raw text found in no article: must be looked at."""
    changes: tuple[Change, ...]


MIN_HAN = 20
HAN_RUN = re.compile(f"[{HAN}]{{2,}}")
CREDIT_WORDS = [w for w, _ in ROLE_WORDS] + ["本报讯", "摄影报道", "摄", "报道", "新华社", "中新社", "供图", "读者",
                                            *SUMMARY_LABELS]
STRIP_FROM_CREDITS = re.compile("|".join(CREDIT_WORDS))
CUT_CREDIT_WORD = re.compile("|".join(sorted({f"^{re.escape(w[k:])}" for w in CREDIT_WORDS for k in range(1, len(w))}
                                             | {f"{re.escape(w[:k])}$" for w in CREDIT_WORDS for k in range(1, len(w))},
                                             key=len, reverse=True)))
"""The part of a credit word a hard-wrapped line ends or begins with (…通讯员陶俊报|道)."""


def _accounted_text(articles: list[PageArticle]) -> str:
    pieces = []
    for a in articles:
        pieces += [a.title, a.kicker, a.subtitle, a.column, a.dateline, a.summary, *a.banners, *a.paragraphs]
        pieces += [name for names in a.people.values() for name in names]
    return norm("".join(pieces))


def leftovers(blocks: list[Block], articles: list[PageArticle], dropped: set[tuple[str, int]]) -> list[str]:
    """Raw blocks some of whose Chinese text is in no article (exact repeats are accounted).
    dropped: (file, line) of the blocks dropped on purpose (listed in the report)."""
    found = _accounted_text(articles)
    missing = []
    for block in blocks:
        if (block.source, block.line) in dropped:
            continue
        text = STRIP_FROM_CREDITS.sub(" ", unicodedata.normalize("NFKC", block.text))  # runs end at spaces
        text = CUT_CREDIT_WORD.sub(" ", text)
        lost = [run for run in HAN_RUN.findall(text) if run not in found and not _joined_across(run, found)]
        if lost:
            missing.append(f"{block.source}:{block.line}: {'、'.join(lost)[:60]}")
    return missing


def _joined_across(run: str, found: str) -> bool:
    """A run cut by a line break inside a block is still found if both halves are."""
    return all(part in found for part in (run[: len(run) // 2], run[len(run) // 2:]))


def flag_joins_across_headlines(articles: list[PageArticle], changes: list[Change]) -> list[PageArticle]:
    """A paragraph joined across a headline that landed inside it (join_broken_paragraphs) is a
    decision on weak evidence: the article holding the joined paragraph and the one the headline
    went to are listed for the editor."""
    flagged = list(articles)
    for index, change in enumerate(changes):
        if change.step != "move_landed_headline" or index == 0:
            continue
        join = changes[index - 1]
        note = (f"第{join.line}行的段落跨过落在其中的标题接上了（{change.detail.split(': ', 1)[-1]}）："
                "请核对接得对不对、标题归哪篇")
        for at, article in enumerate(flagged):
            if {(join.source, join.line), (change.source, change.line)} & article.lines and note not in article.review:
                flagged[at] = replace(article, review=(*article.review, note))
    return flagged


def date_hint(text: str, date: dt.date) -> str | None:
    years = [int(y) for y in re.findall(r"(20\d\d|19\d\d)年", text)]
    if years and max(years) > date.year:
        return f"the text mentions the year {max(years)}, after the issue date {date}: is the date right?"
    return None


def read_extraction(path: Path, rules: PageRules, date: dt.date) -> tuple[list[PageArticle], list[Change], list[str], list[str]]:
    page = read_page(path)
    notes = []
    if page.encoding not in ("utf-8",):
        notes.append(f"{path.name}: decoded from {page.encoding}")
    hint = date_hint(page.text, date)
    if hint:
        notes.append(f"{path.name}: {hint}")
    if han_count(page.text) < MIN_HAN:
        raise DigestError("no article found on this page: it holds almost no Chinese text", path,
                          hint="check that it is a page text dump of a Chinese newspaper")
    raw_blocks = split_blocks(page)
    blocks, changes = clean(raw_blocks, rules)
    articles = [assemble(draft) for draft in segment(blocks, rules)]
    articles = flag_after_doubtful_headings([a for a in articles if a.paragraphs or not a.title_derived])
    if not articles:
        raise DigestError("no article found on this page", path,
                          hint="check that it is a page text dump with headlines and paragraphs")
    articles = flag_joins_across_headlines(articles, changes)
    # Dropped on purpose and listed in the report: page furniture, and repeats (a near repeat's
    # other reading is in its change)
    dropped = {(c.source, c.line) for c in changes if c.step in ("drop_page_furniture", "drop_repeated_blocks")}
    return articles, changes, notes, leftovers(raw_blocks, articles, dropped)


def ingest_page(spec: PageSpec, rules: PageRules, topics: list[TopicConfig], fallback_topic: str) -> PageResult:
    extractions, changes, notes, missing = [], [], [], []
    for path in spec.files:
        articles, done, remarks, lost = read_extraction(path, rules, spec.date)
        extractions.append(articles)
        changes += done
        notes += remarks
        missing += lost
    merged = merge_extractions(extractions) if len(extractions) > 1 else extractions[0]
    ingested = []
    for order, article in enumerate(merged, start=1):
        headline = article.kicker + article.title + article.subtitle
        chosen = assign_topics(headline, article.body_text, topics, fallback_topic)
        ingested.append(IngestedArticle(article, tuple(chosen), order))
    return PageResult(spec, tuple(ingested), tuple(notes), tuple(missing), tuple(changes))
