"""Where each page lives. Paths are relative to a variant's prefix and identical in every variant.

A path ending in '/' is written as that folder's index.html. Everything is ASCII and independent
of titles, so an edited headline never moves a page.
"""

from __future__ import annotations

import datetime as dt
import re

from .content import Article

HOME = ""
TOPICS = "topics/"
ARCHIVE = "archive/"
SEARCH = "search/"
NOT_FOUND = "404.html"
RSS = "feed.xml"
ATOM = "atom.xml"


def issue(date: dt.date) -> str:
    return f"issues/{date.isoformat()}/"


def article(item: Article) -> str:
    return f"articles/{item.date.isoformat()}/{item.slug}/"


def topic(topic_id: str, page: int | None = None) -> str:
    """A topic's front page, or one of its numbered pages (paging.py)."""
    return f"topics/{topic_id}/" if page is None else f"topics/{topic_id}/page/{page}/"


def topic_feed(topic_id: str, kind: str) -> str:
    return f"topics/{topic_id}/{kind}"


def year(number: int) -> str:
    return f"archive/{number}/"


def month(year_number: int, month_number: int) -> str:
    return f"archive/{year_number}/{month_number:02d}/"


DATED = re.compile(r"(?:articles|issues)/(\d{4})-|archive/(\d{4})/")


def year_of(path: str) -> str | None:
    """The year of an article, issue or archive page's path; None for the others."""
    match = DATED.match(path)
    return (match.group(1) or match.group(2)) if match else None


def search_index(year: str) -> str:
    """A year's Pagefind index, relative to the variant's root."""
    return f"pagefind/{year}/"


def file_name(prefix: str, path: str) -> str:
    """The file a page path is written to, relative to the output folder."""
    full = f"{prefix}/{path}" if prefix else path
    return full + "index.html" if full.endswith("/") or full == "" else full
