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
LATEST = "latest/"
"""Always the newest issue (a page that sends the reader on to it)."""
NOT_FOUND = "404.html"
RSS = "feed.xml"
ATOM = "atom.xml"
JSON_FEED = "feed.json"
OPML = "feeds.opml"


def issue(date: dt.date) -> str:
    return f"issues/{date.isoformat()}/"


def article(item: Article) -> str:
    return f"articles/{item.date.isoformat()}/{item.slug}/"


def topic(topic_id: str, page: int | None = None) -> str:
    """A topic's front page, or one of its numbered pages (paging.py)."""
    return f"topics/{topic_id}/" if page is None else f"topics/{topic_id}/page/{page}/"


def topic_feed(topic_id: str, kind: str) -> str:
    return f"topics/{topic_id}/{kind}"


PEOPLE = "people/"


def person(person_id: str, page: int | None = None) -> str:
    """A person's front page, or one of its numbered pages (paging.py)."""
    return f"people/{person_id}/" if page is None else f"people/{person_id}/page/{page}/"


def person_feed(person_id: str, kind: str) -> str:
    return f"people/{person_id}/{kind}"


def year(number: int) -> str:
    return f"archive/{number}/"


def month(year_number: int, month_number: int) -> str:
    return f"archive/{year_number}/{month_number:02d}/"


DATED = re.compile(r"(?:articles|issues)/(\d{4})-|archive/(\d{4})/")


def year_of(path: str) -> str | None:
    """The year of an article, issue or archive page's path; None for the others."""
    match = DATED.match(path)
    return (match.group(1) or match.group(2)) if match else None


SEARCH_INDEXES = "pagefind/"
"""The folder of the search indexes, relative to the site's root: every variant searches them."""


def search_index(period: str) -> str:
    """A period's Pagefind index (index_period), relative to the site's root."""
    return f"{SEARCH_INDEXES}{period}/"


def index_period(date: str, latest: str) -> str:
    """The search index an article of this issue date (YYYY-MM-DD) is in, given the newest issue
    date: its year for a closed year; in the newest year, its month for the newest month and one
    index for the months before it. A new day or an edit of a recent article remakes the newest
    month's index alone; an edit of an older article remakes its period; the months before the
    newest are made again once a month, and a year's months become one index when it closes."""
    year, month = date[:4], date[5:7]
    if year != latest[:4]:
        return year
    if month == latest[5:7]:
        return f"{year}-{month}"
    return f"{year}-01-to-{int(latest[5:7]) - 1:02}"


def index_periods(dates: list[str]) -> list[str]:
    """The search indexes of articles of these issue dates, newest first."""
    if not dates:
        return []
    latest = max(dates)
    return sorted({index_period(date, latest) for date in dates}, reverse=True)


def file_name(prefix: str, path: str) -> str:
    """The file a page path is written to, relative to the output folder."""
    full = f"{prefix}/{path}" if prefix else path
    return full + "index.html" if full.endswith("/") or full == "" else full
