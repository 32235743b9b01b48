"""An article's reader-visible text in one variant: converted once, reused by every page and feed."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import dataclass, fields, replace
from typing import Callable
from html import unescape

from . import urls
from .config import SiteConfig
from .content import Article, Picture
from .grouping import Issue
from .pictures import PublishedPicture, place_pictures
from .plain import register
from .reading import reading_minutes, summary_of
from .review import ConversionReview
from .theme import Theme
from .variants import TAG, Converter


@dataclass(frozen=True, repr=False)
class Link:
    path: str
    label: str

    def __repr__(self) -> str:  # written out, as dataclass's is several times slower: page keys are reprs
        return f"Link({self.path!r}, {self.label!r})"


register(Link)


@dataclass(frozen=True, repr=False)
class ArticleText:
    """An article's reader-visible text in one variant, with its links; the body is apart
    (VariantTexts.body), read only for the pages that show it. The repr is the key and a digest of
    all the fields and the body: short, and enough to tell whether a page made from it changed."""

    key: str
    digest: str
    """Digest of every other field and the body (text_digest)."""
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
    dateline: str
    description: str
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    photographers: tuple[str, ...]
    authors: tuple[str, ...]
    source_label: str
    """The source publication, date and page (《工人日报》2022年1月17日 第5版 工会新闻), if the site names one."""
    source_url: str
    topic_links: tuple[Link, ...]
    characters: int
    """Han characters in the body."""
    minutes: int
    """Reading time at 450 characters a minute."""
    pictures: tuple[Picture, ...] = ()
    """The article's photos, caption, credit and alt converted (content.Picture; pictures.py
    publishes the files)."""

    def __repr__(self) -> str:  # written out: a rebuild takes the repr of every page's data
        return f"ArticleText({self.key!r}, {self.digest!r})"


register(ArticleText)


class StoredText:
    """An ArticleText still in the store: its key and digest (its repr, all a page's key needs),
    and its path and date (all a search index's key needs) are at hand; the rest is read on first
    use (`load(article, digest)`), when a page, feed or search document that shows it is made."""

    __slots__ = ("key", "digest", "_article", "_load", "_text")

    def __init__(self, article: Article, digest: str, load: Callable[[Article, str], ArticleText]) -> None:
        self.key, self.digest, self._article, self._load, self._text = article.key, digest, article, load, None

    def __getattr__(self, name: str):  # only for what the slots are not: the text's other fields
        if name.startswith("_"):  # protocols (Jinja asks for __html__): never a field
            raise AttributeError(name)
        if self._text is None:
            self._text = self._load(self._article, self.digest)
        return getattr(self._text, name)

    @property
    def path(self) -> str:  # made from the article as the text's is (VariantTexts.convert): nothing read
        return urls.article(self._article)

    @property
    def date(self) -> str:
        return self._article.date.isoformat()

    def __repr__(self) -> str:
        return f"ArticleText({self.key!r}, {self.digest!r})"


TEXT_FIELDS = tuple(f.name for f in fields(ArticleText) if f.name not in ("key", "digest"))


def text_digest(values: dict, body_html: str) -> str:
    """The digest of an ArticleText's fields (all but key and digest) and its body."""
    parts = repr([values[name] for name in TEXT_FIELDS]) + body_html
    return hashlib.blake2b(parts.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@dataclass(frozen=True)
class ConvertedArticle:
    """An article converted into one variant: its text, what the conversion review found, and
    its body (the store keeps the three apart: store.py)."""

    text: ArticleText
    findings: tuple[tuple, ...] = ()
    """review.Finding's fields, as plain tuples."""
    body_html: str = ""


@dataclass(frozen=True)
class IssuePage:
    """One page (版) of an issue: its articles in printed order. number is None where ingest
    did not know the page: then the issue has no 版 headings."""

    number: int | None
    label: str
    """第5版 工会新闻, in the variant's script (the interface's page_unknown without a number)."""
    articles: tuple[ArticleText, ...]

    @property
    def anchor(self) -> str:
        return f"page-{self.number}" if self.number is not None else "page-unknown"


@dataclass(frozen=True, repr=False)
class IssueText:
    path: str
    date: str
    label: str
    articles: tuple[ArticleText, ...]
    weekday: int = 0
    """Monday 0 to Sunday 6 (the interface's `weekday` names, in order)."""
    pages: tuple[IssuePage, ...] = ()
    """The articles by page, in page order (made from the articles: not in the repr)."""

    def __repr__(self) -> str:
        return f"IssueText({self.path!r}, {self.date!r}, {self.label!r}, {self.articles!r}, {self.weekday})"


def html_to_text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(TAG.sub(" ", html))).strip()


def date_label(date: dt.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


class VariantTexts:
    """Converted text for one variant. Articles come from `converted` (made beforehand, see
    converted.py) with their bodies from `read_bodies`, or are converted on first use."""

    def __init__(self, config: SiteConfig, theme: Theme, converter: Converter,
                 review: ConversionReview | None = None,
                 converted: dict[str, ArticleText | StoredText] | None = None,
                 read_bodies: Callable[[list[Article]], dict[str, str]] | None = None,
                 photos: dict[str, tuple[PublishedPicture, ...]] | None = None) -> None:
        self.converter = converter
        self._photos = photos or {}
        """Article key -> its pictures as published (pictures.published_pictures)."""
        self.review = review
        """Compares every converted text with a second converter, or None."""
        self.ui = theme.strings.converted(converter.text)
        self.topic_names = {t.id: converter.text(t.name) for t in config.topics}
        self.source = config.source
        self.source_name = converter.text(config.source.name) if config.source else ""
        self.topic_descriptions = {t.id: converter.text(t.description) for t in config.topics}
        self.fallback_topic = config.fallback_topic
        self._articles: dict[str, ArticleText | StoredText] = dict(converted or {})
        self._bodies: dict[str, str] = {}
        """Bodies of articles converted here."""
        self._read_bodies = read_bodies
        self._next_bodies: dict[str, str] = {}
        """Bodies read ahead (read_ahead), each given out once."""
        self._issues: dict[str, IssueText] = {}
        """Issue date -> its text (issue): the issue's own page and its month's archive page ask."""

    def article(self, article: Article) -> ArticleText | StoredText:
        cached = self._articles.get(article.key)
        if cached is None:
            self._convert_here(article)
            cached = self._articles[article.key]
        return cached

    def digests(self, articles) -> tuple[str, ...]:
        """The digests of these articles' texts (ArticleText.digest), in order: what pages' keys
        take of them, some 100,000 a variant on a rebuild of 10,000 articles."""
        known = self._articles
        try:
            return tuple([known[article.key].digest for article in articles])
        except KeyError:  # texts not converted yet: converted here
            return tuple([self.article(article).digest for article in articles])

    def read_ahead(self, articles: list[Article]) -> None:
        """Read the bodies of the articles whose pages come next, together (one query rather than
        one each); body() then gives each out once. Replaces what was read ahead before."""
        self._next_bodies = {}
        stored = [article for article in articles if article.key in self._articles and article.key not in self._bodies]
        if stored and self._read_bodies is not None:
            self._next_bodies = self._read_bodies(stored)

    def body(self, article: Article) -> str:
        """The article's body HTML in this variant."""
        if article.key in self._bodies:
            return self._bodies[article.key]
        if article.key in self._next_bodies:
            return self._next_bodies.pop(article.key)
        if article.key in self._articles and self._read_bodies is not None:
            return self._read_bodies([article])[article.key]
        return self._convert_here(article).body_html

    def photos(self, article: Article) -> tuple[PublishedPicture, ...]:
        """The article's photo files as published, in the order of its pictures."""
        return self._photos.get(article.key, ())

    def shown_body(self, article: Article, url: Callable[[str], str]) -> str:
        """The body as a reader gets it: its photos in place (url: a site path to an address)."""
        body = self.body(article)
        photos = self.photos(article)
        return place_pictures(body, self.article(article).pictures, photos, url) if photos else body

    def _convert_here(self, article: Article) -> ConvertedArticle:
        converted = self.convert(article)
        self._articles[article.key] = converted.text
        self._bodies[article.key] = converted.body_html
        return converted

    def _source_label(self, a: Article, page_label: str) -> str:
        if self.source is None:
            return ""
        return " ".join(part for part in (f"《{self.source_name}》{date_label(a.date)}", page_label) if part)

    def _source_url(self, a: Article) -> str:
        """The article's own source_url, else the site's page address for its date and page
        (only where the address needs no page number or the article has one)."""
        if a.source_url or self.source is None or not self.source.url:
            return a.source_url
        if "{page" in self.source.url and a.page is None:
            return ""
        page = a.page or 0
        return self.source.url.format(yyyy=f"{a.date.year:04}", mm=f"{a.date.month:02}", dd=f"{a.date.day:02}",
                                      page=f"{page:02}", page_number=str(page))

    def convert(self, a: Article) -> ConvertedArticle:
        """The article in this variant; depends on nothing but the article and this object's
        settings (converter, interface strings, topics), so it can be kept between builds."""
        name = self.converter.name
        own = self._converter_for(a)
        text = own.text
        body_html = own.html(a.body_html)
        plain = html_to_text(body_html)
        title, kicker, subtitle, summary = text(a.title), text(a.kicker), text(a.subtitle), text(a.summary)
        banners = tuple(map(text, a.banners))
        findings = ()
        if self.review is not None:
            people = (*a.reporters, *a.correspondents, *a.photographers, *a.authors)
            pairs = [(a.title, title), (a.kicker, kicker), (a.subtitle, subtitle), (a.summary, summary),
                     *zip(a.banners, banners), *zip(TAG.split(a.body_html)[::2], TAG.split(body_html)[::2])]
            findings = self.review.compare(
                ((unescape(source), unescape(converted)) for source, converted in pairs if source.strip()),
                convert=text, names=[(person, name(person)) for person in people if person.strip()])
        page_label = self._page_label(a, text)
        topics = a.topics or (self.fallback_topic,)
        values = dict(
            path=urls.article(a), issue_path=urls.issue(a.date), date=a.date.isoformat(),
            date_label=date_label(a.date), title=title, kicker=kicker, subtitle=subtitle,
            banners=banners, column=text(a.column), kind=a.kind, page_label=page_label,
            summary=summary, dateline=text(a.dateline), description=summary or summary_of(plain),
            reporters=tuple(map(name, a.reporters)), correspondents=tuple(map(name, a.correspondents)),
            photographers=tuple(map(name, a.photographers)), authors=tuple(map(name, a.authors)),
            source_label=self._source_label(a, page_label), source_url=self._source_url(a),
            topic_links=tuple(Link(urls.topic(t), self.topic_names[t]) for t in topics),
            characters=a.characters, minutes=reading_minutes(a.characters),
            pictures=tuple(replace(p, caption=text(p.caption), credit=text(p.credit), alt=text(p.alt))
                           for p in a.pictures),
        )
        text = ArticleText(key=a.key, digest=text_digest(values, body_html), **values)
        return ConvertedArticle(text, findings, body_html)

    def _converter_for(self, a: Article) -> Converter:
        """The variant's converter with the article's own conversion rules, where it has any."""
        rules = a.conversion_rules
        return self.converter.with_rules(rules) if rules and not self.converter.variant.is_source else self.converter

    def page_label(self, a: Article) -> str:
        """The article's page as a reader names it (第3版 要闻), in this variant. Made from the
        article alone: an issue's pages are named without reading its texts from the store (a
        rebuild takes every issue page's key, and reading a text for it is most of that cost)."""
        return self._page_label(a, self._converter_for(a).text if a.page_name else self.converter.text)

    def _page_label(self, a: Article, text: Callable[[str], str]) -> str:
        if a.page is None:
            return ""
        label = self.ui["page_number"].format(page=a.page)
        return f"{label} {text(a.page_name)}" if a.page_name else label

    def issue(self, issue: Issue) -> IssueText:
        """The issue's articles and pages as its lists show them (made once per issue)."""
        made = self._issues.get(issue.date.isoformat())
        if made is None:
            made = self._issues[issue.date.isoformat()] = self._issue(issue)
        return made

    def _issue(self, issue: Issue) -> IssueText:
        texts = tuple(self.article(a) for a in issue.articles)
        pages = []
        for number, group in itertools.groupby(zip(issue.articles, texts), key=lambda pair: pair[0].page):
            group = list(group)
            label = self.page_label(group[0][0]) if number is not None else self.ui["page_unknown"]
            pages.append(IssuePage(number, label, tuple(text for _, text in group)))
        return IssueText(urls.issue(issue.date), issue.date.isoformat(), date_label(issue.date), texts,
                         issue.date.weekday(), tuple(pages))
