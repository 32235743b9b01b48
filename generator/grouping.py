"""Articles grouped the ways readers browse them: by issue date, by topic, by year and month."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from .config import SiteConfig
from .content import Article, front_matter_line
from .errors import DigestError
from .people import Person, PersonEntry, people


@dataclass(frozen=True)
class Issue:
    """One issue date with its articles in page order."""

    date: dt.date
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Topic:
    """A theme (主题) and its articles, newest first."""

    id: str
    name: str
    description: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class Month:
    year: int
    month: int
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class Digest:
    """Everything the pages and feeds are made from, in the source script."""

    issues: tuple[Issue, ...]
    """Newest first."""
    topics: tuple[Topic, ...]
    """The topics that have articles, in the order of the site's topic list."""
    months: tuple[Month, ...]
    """Newest first."""
    people: tuple[Person, ...] = ()
    """Everyone named in a byline, most articles first (people.py)."""
    related: dict[str, tuple[Article, ...]] = field(default_factory=dict)
    """Article key -> the earlier articles shown under it (related.py)."""

    @property
    def articles(self) -> tuple[Article, ...]:
        """All articles, newest issue first, page order within an issue."""
        return tuple(article for issue in self.issues for article in issue.articles)


def page_order(article: Article) -> tuple:
    return (article.page if article.page is not None else 10**6, article.order, article.slug)


def check_articles(articles: list[Article], config: SiteConfig) -> None:
    """Refuse what would make a wrong site: unknown topic ids, two articles on one URL."""
    known = {topic.id for topic in config.topics}
    for article in articles:
        unknown = [t for t in article.topics if t not in known]
        if unknown:
            raise DigestError(f"unknown topic id {unknown[0]!r}", article.path, front_matter_line(article.path, "topics"),
                              f"use one of: {', '.join(sorted(known))}, or add it to site.yaml")
    seen: dict[str, Article] = {}
    for article in articles:
        if article.key in seen:
            raise DigestError(f"same URL as {seen[article.key].path} (date {article.date}, slug {article.slug!r})",
                              article.path, 1, "give one of them another 'slug'")
        seen[article.key] = article


def group(articles: list[Article], config: SiteConfig, people_entries: tuple[PersonEntry, ...] = (),
          readings: dict[str, str] | None = None) -> Digest:
    """Issues, topics, months and people of the articles. readings: people.pinyin_ids."""
    by_date: dict[dt.date, list[Article]] = defaultdict(list)
    for article in articles:
        by_date[article.date].append(article)
    issues = tuple(Issue(date, tuple(sorted(items, key=page_order)))
                   for date, items in sorted(by_date.items(), reverse=True))
    by_topic: dict[str, list[Article]] = {t.id: [] for t in config.topics}
    for issue in issues:  # newest first
        for article in issue.articles:
            for topic_id in dict.fromkeys(article.topics or (config.fallback_topic,)):
                by_topic.get(topic_id, []).append(article)
    # A topic without articles has no page, feed or place in the lists (until it has one).
    topics = tuple(Topic(t.id, t.name, t.description, tuple(by_topic[t.id])) for t in config.topics if by_topic[t.id])
    by_month: dict[tuple[int, int], list[Issue]] = defaultdict(list)
    for issue in issues:
        by_month[(issue.date.year, issue.date.month)].append(issue)
    months = tuple(Month(y, m, tuple(items)) for (y, m), items in sorted(by_month.items(), reverse=True))
    newest_first = tuple(article for issue in issues for article in issue.articles)
    return Digest(issues, topics, months, people(newest_first, people_entries, readings))
