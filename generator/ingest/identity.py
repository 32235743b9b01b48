"""Which file each article of a page is written to, across re-ingests.

An article's file name (and so its URL) is chosen once, when the article is first written, and
kept: re-ingesting a page whose text was corrected matches the new articles to the ones already
written for that date and page by their text, not by a hash of their opening, so a corrected
title or first sentence keeps the file. What was written is remembered in DATE/ingest-state.json
beside the articles (commit it with them):

    {"version": 1, "pages": {PAGE KEY: {"digest": ..., "articles": [
        {"file": "1a2b3c4d.md", "title": ..., "opening": ..., "deleted": false}]}}}

An article whose file the editor deleted is remembered as deleted and not written again unless
asked. A page whose text was already ingested under another date is a likely duplicate: it is
reported and not written unless asked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from ..errors import DigestError
from ..files import write_atomic
from .pipeline import PageResult, PageSpec
from .text import norm

STATE_FILE = "ingest-state.json"
VERSION = 1
OPENING = 400
"""Characters of an article's text (title and body, compared without spaces) kept to match it."""
SAME_ARTICLE = 0.5
"""Share of shared character pairs from which two texts are one article (corrections change a
few per cent; two different reports of one page share well under a fifth)."""
SAME_PAGE = 0.8
"""Share of a page's articles found on a page of another date that makes it a likely duplicate."""


@dataclass(frozen=True)
class KnownArticle:
    """An article ingest wrote for a page: its file and the text that identifies it."""

    file: str
    title: str
    opening: str
    deleted: bool = False


@dataclass(frozen=True)
class PageRecord:
    digest: str
    """Digest of the page's text (all extractions, compared without spaces)."""
    articles: tuple[KnownArticle, ...]


@dataclass(frozen=True)
class Placement:
    """Where one new article goes."""

    file: str
    matched: bool
    """It is an article already written for this page (the file name is the one it had)."""
    deleted: bool = False
    """The editor deleted its file: it is not written again."""


def lost_files(record: PageRecord | None, placements: list[Placement]) -> list[str]:
    """Files written for the page last time whose article this ingest did not find again."""
    placed = {p.file for p in placements}
    """(a deleted article found again is not lost: it stays deleted)"""
    return [k.file for k in (record.articles if record else ()) if not k.deleted and k.file not in placed]


def page_key(spec: PageSpec) -> str:
    """The page's name in the state: its number when known, else its raw files' names."""
    return f"p{spec.page}" if spec.page is not None else "+".join(path.name for path in spec.files)


def page_digest(result: PageResult) -> str:
    """Digest of the text of the page's articles, compared without spaces."""
    text = "".join(norm(item.article.title + item.article.body_text) for item in result.articles)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def opening_of(title: str, body: str) -> str:
    return norm(title + body)[:OPENING]


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} or {text}


def similarity(a: str, b: str) -> float:
    """Shared character pairs over all pairs of both (Jaccard): robust to corrected characters,
    a fixed title, a paragraph break moved."""
    return _overlap(_pairs(a), _pairs(b))


def _overlap(left: set[str], right: set[str]) -> float:
    return len(left & right) / len(left | right)


def read_state(folder: Path) -> dict[str, PageRecord]:
    path = folder / STATE_FILE
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            raise ValueError(f"version {data.get('version')!r}")
        return {key: PageRecord(page["digest"], tuple(KnownArticle(**known) for known in page["articles"]))
                for key, page in data["pages"].items()}
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DigestError(f"the ingest state cannot be read ({exc})", path,
                          hint="restore it from version control; deleting it makes the next ingest "
                               "name articles afresh and forget the ones the editor deleted") from None


def write_state(folder: Path, state: dict[str, PageRecord]) -> None:
    data = {"version": VERSION, "pages": {
        key: {"digest": record.digest, "articles": [asdict(known) for known in record.articles]}
        for key, record in sorted(state.items())}}
    write_atomic(folder / STATE_FILE, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def with_deletions_seen(record: PageRecord, folder: Path) -> PageRecord:
    """The record with every article whose file is gone marked as deleted by the editor."""
    return replace(record, articles=tuple(
        known if known.deleted or (folder / known.file).exists() else replace(known, deleted=True)
        for known in record.articles))


def place(openings: list[str], fresh_names: list[str], record: PageRecord | None,
          taken: set[str], restore_deleted: bool) -> list[Placement]:
    """Each new article's file: the file of the known article it matches best (pairs taken best
    first, each known article at most once), else a new name (fresh_names[i], made unique).
    taken: file names in the folder already used by other pages or placements."""
    known = list(record.articles) if record else []
    scores = sorted(((similarity(opening, k.opening), i, j) for i, opening in enumerate(openings)
                     for j, k in enumerate(known)), reverse=True)
    matched: dict[int, KnownArticle] = {}
    used: set[int] = set()
    for score, i, j in scores:
        if score < SAME_ARTICLE:
            break
        if i not in matched and j not in used:
            matched[i] = known[j]
            used.add(j)
    own = {k.file for k in known}
    taken |= {k.file for k in matched.values()}
    placements = []
    for i, fresh in enumerate(fresh_names):
        if i in matched:
            k = matched[i]
            placements.append(Placement(k.file, True, k.deleted and not restore_deleted))
            continue
        name, number = fresh, 1
        while f"{name}.md" in taken or f"{name}.md" in own:
            number += 1
            name = f"{fresh}-{number}"
        taken.add(f"{name}.md")
        placements.append(Placement(f"{name}.md", False))
    return placements


def record_after(record: PageRecord | None, digest: str, placements: list[Placement],
                 titles: list[str], openings: list[str]) -> PageRecord:
    """The page's record after this ingest: every article written, and the deleted ones still
    remembered (those not seen again too, so a later re-ingest does not bring them back)."""
    articles: dict[str, KnownArticle] = {}
    for placement, title, opening in zip(placements, titles, openings):
        articles[placement.file] = KnownArticle(placement.file, title, opening, placement.deleted)
    for known in record.articles if record else ():
        if known.deleted and known.file not in articles:
            articles[known.file] = known
    return PageRecord(digest, tuple(articles.values()))


def _known(key: str, record: PageRecord) -> tuple[str, str, list[set[str]]]:
    return key, record.digest, [_pairs(known.opening) for known in record.articles]


class Archive:
    """The pages already ingested under each date of an articles folder, read once for a whole
    run (a tree of thousands of dates is not read again for each page), with each article's
    character pairs made once; pages written during the run are added (add)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self._pages: dict[str, list[tuple[str, str, list[set[str]]]]] | None = None
        """Date -> (page key, digest, its articles' pairs) of every page ingested under it."""

    def _read(self) -> dict[str, list[tuple[str, str, list[set[str]]]]]:
        if self._pages is None:
            pages: dict[str, list[tuple[str, str, list[set[str]]]]] = {}
            folders = sorted(p for p in self.out.iterdir() if p.is_dir()) if self.out.is_dir() else []
            for folder in folders:
                if (folder / STATE_FILE).is_file():
                    pages[folder.name] = [_known(key, record) for key, record in read_state(folder).items()]
            self._pages = pages
        return self._pages

    def add(self, date: str, key: str, record: PageRecord) -> None:
        """A page just written (before the archive was read, nothing to do: reading finds it)."""
        if self._pages is not None:
            self._pages[date] = [page for page in self._pages.get(date, []) if page[0] != key] + [_known(key, record)]

    def duplicate_of(self, date: str, digest: str, openings: list[str]) -> str | None:
        """'DATE（PAGE KEY）' of a page ingested under another date that holds the same page, if
        any: the same text, or most of its articles."""
        mine = [_pairs(opening) for opening in openings]
        for other, pages in sorted(self._read().items()):
            if other == date:
                continue
            for key, known_digest, known in pages:
                if known_digest == digest:
                    return f"{other}（{key}）"
                found = sum(1 for pairs in mine if any(_overlap(pairs, k) >= SAME_ARTICLE for k in known))
                if mine and found >= SAME_PAGE * len(mine):
                    return f"{other}（{key}）"
        return None
