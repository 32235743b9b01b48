"""An article's reader-visible text in one variant: converted once, reused by every page and feed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from html import unescape

from . import urls
from .config import SiteConfig
from .content import Article
from .grouping import Issue
from .reading import reading_minutes, summary_of
from .theme import Theme
from .variants import TAG, Converter


@dataclass(frozen=True)
class Link:
    path: str
    label: str


@dataclass(frozen=True)
class ArticleText:
    """An article's reader-visible text in one variant, with its links."""

    key: str
    path: str
    issue_path: str
    date: str
    date_label: str
    title: str
    kicker: str
    subtitle: str
    banners: tuple[str, ...]
    column: str
    kind: str
    page_label: str
    summary: str
    description: str
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    authors: tuple[str, ...]
    source: tuple[str, ...]
    topic_links: tuple[Link, ...]
    body_html: str
    plain_text: str
    characters: int
    """Han characters in the body."""
    minutes: int
    """Reading time at 450 characters a minute."""


@dataclass(frozen=True)
class IssueText:
    path: str
    date: str
    label: str
    articles: tuple[ArticleText, ...]


def html_to_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(TAG.sub(" ", html))).strip()


def date_label(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


class VariantTexts:
    """Converted text for one variant, each article converted once and reused by every page."""

    def __init__(self, config: SiteConfig, theme: Theme, converter: Converter, review=None) -> None:
        self.converter = converter
        self.review = review
        """A ConversionReview that sees every converted text, or None."""
        self.ui = {key: converter.text(value) for key, value in theme.strings.items()}
        self.topic_names = {t.id: converter.text(t.name) for t in config.topics}
        self.topic_descriptions = {t.id: converter.text(t.description) for t in config.topics}
        self.fallback_topic = config.fallback_topic
        self._articles: dict[str, ArticleText] = {}

    def article(self, article: Article) -> ArticleText:
        cached = self._articles.get(article.key)
        if cached is None:
            cached = self._articles[article.key] = self._convert(article)
        return cached

    def _convert(self, a: Article) -> ArticleText:
        text = self.converter.text
        rules = a.conversion_rules
        if rules and not self.converter.variant.is_source:
            convert_body = self.converter.with_rules(rules)
            text = convert_body.text
            body_html = convert_body.html(a.body_html)
        else:
            body_html = self.converter.html(a.body_html)
        plain = html_to_text(body_html)
        if self.review is not None:
            where = urls.article(a)
            pairs = [(a.title, text(a.title)), (a.kicker, text(a.kicker)), (a.subtitle, text(a.subtitle)),
                     (a.summary, text(a.summary)),
                     *zip(TAG.split(a.body_html)[::2], TAG.split(body_html)[::2])]
            for source, converted in pairs:
                if source.strip():
                    self.review.add(where, unescape(source), unescape(converted))
        page_label = ""
        if a.page is not None:
            page_label = self.ui["page_number"].format(page=a.page)
            if a.page_name:
                page_label += " " + text(a.page_name)
        topics = a.topics or (self.fallback_topic,)
        summary = text(a.summary)
        return ArticleText(
            key=a.key, path=urls.article(a), issue_path=urls.issue(a.date), date=a.date.isoformat(),
            date_label=date_label(a.date), title=text(a.title), kicker=text(a.kicker), subtitle=text(a.subtitle),
            banners=tuple(map(text, a.banners)), column=text(a.column), kind=a.kind, page_label=page_label,
            summary=summary, description=summary or summary_of(plain),
            characters=a.characters, minutes=reading_minutes(a.characters),
            reporters=tuple(map(text, a.reporters)), correspondents=tuple(map(text, a.correspondents)),
            photographers=tuple(map(text, a.photographers)), authors=tuple(map(text, a.authors)),
            source=a.source, topic_links=tuple(Link(urls.topic(t), self.topic_names[t]) for t in topics),
            body_html=body_html, plain_text=plain,
        )

    def issue(self, issue: Issue) -> IssueText:
        return IssueText(urls.issue(issue.date), issue.date.isoformat(), date_label(issue.date),
                         tuple(self.article(a) for a in issue.articles))
