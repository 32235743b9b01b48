"""Where each page lives. Paths are relative to a variant's prefix and identical in every variant.

A path ending in '/' is written as that folder's index.html. Everything is ASCII and independent
of titles, so an edited headline never moves a page.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
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
    date: its year for a closed year; in the newest year, the newest half-month (the 1st to the
    15th of the newest month, or the 16th to its end) and one index for the days before it. A
    new day or an edit of a recent article remakes the newest half-month's index alone, a week of
    issues on average (Pagefind's time grows with the documents it is given; it has no
    incremental mode); an edit of an older article remakes its period; the days before the
    newest half-month are made again twice a month, and the year's indexes become one when it
    closes. Periods of days read YYYY-MM-DD-to-MM-DD (period_days)."""
    if date[:4] != latest[:4]:
        return date[:4]
    start, newest, before = _newest_year(latest)
    return newest if date >= start else before


@functools.lru_cache(maxsize=4)
def _newest_year(latest: str) -> tuple[str, str, str]:
    """For index_period (asked once an article): the first day of the newest half-month, its
    period and the period of the newest year's days before it."""
    first = latest_half(latest)
    end = first.replace(day=calendar.monthrange(first.year, first.month)[1] if first.day > 1 else HALF_MONTH)
    return first.isoformat(), period_days(first, end), period_days(first.replace(month=1, day=1),
                                                                   first - dt.timedelta(days=1))


HALF_MONTH = 15
"""The newest month's indexes part after this day (index_period)."""


def latest_half(latest: str) -> dt.date:
    """The first day of the half-month of the newest issue date."""
    day = dt.date.fromisoformat(latest)
    return day.replace(day=1 if day.day <= HALF_MONTH else HALF_MONTH + 1)


def period_days(first: dt.date, last: dt.date) -> str:
    """A period of days within a year: 2023-01-01-to-03-31."""
    return f"{first.isoformat()}-to-{last.month:02}-{last.day:02}"


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
