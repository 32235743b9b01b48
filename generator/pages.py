"""Render the HTML pages of one variant.

Text is converted to the variant before it reaches a template (texts.py: articles once each,
interface strings once), so templates only place text and URLs are never converted.
"""

from __future__ import annotations

import json
from html import escape
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cache

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import urls
from .charts import issue_calendar, monthly_bars, months_between
from .config import SiteConfig
from .errors import DigestError
from .content import Article
from .grouping import Digest, Issue, Topic
from .keep import Artifact, ArtifactGroup, fresh, key_of
from .paging import list_pages
from .pictures import PublishedPicture, above_body
from .review import SCORES, ReviewQueue, worth_a_look
from .search import FilterNames
from .texts import ArticleText, Link, VariantTexts, date_label
from .theme import TemplateSources, Theme
from .variants import Converter, Variant


@dataclass(frozen=True)
class Twin:
    """The same page in one of the variants (for the switch and hreflang)."""

    lang: str
    label: str
    href: str


class SharedPartials:
    """`shared(name)` in a template: a partial that is the same on every page of a variant (the
    masthead, the footer), rendered once with the variant's data only (site, variant, ui, url(),
    asset()) and placed as it is on every page, as Hugo's partialCached does. A page's key
    covers it: its template's digest takes the partials it names (theme.TemplateSources)."""

    def __init__(self, renderer: "PageRenderer", ui: dict[str, str]) -> None:
        self.renderer, self.ui = renderer, ui
        self._rendered: dict[str, Markup] = {}

    def __call__(self, name: str) -> Markup:
        html = self._rendered.get(name)
        if html is None:
            html = self._rendered[name] = Markup(self._render(name))
        return html

    def _render(self, name: str) -> str:
        r = self.renderer
        try:
            return r.theme.environment.get_template(name).render(
                site=r.site, variant=r.variant, ui=self.ui, url=r.url, asset=r.asset, shared=self)
        except jinja2.UndefinedError as error:
            raise DigestError(f"shared partial {name}: {error.message}", r.theme.folder / "templates" / name,
                              hint="a shared partial sees only site, variant, ui, url() and asset(); "
                                   "what differs from page to page belongs in the page's template") from None


class PageRenderer:
    """Renders templates for one variant; every page gets the same few helpers, freshly built.
    A page is an Artifact (keep.py): what it is made from, and how to render it."""

    def __init__(self, config: SiteConfig, theme: Theme, variant: Variant, variants: tuple[Variant, ...],
                 converters: dict[str, Converter]) -> None:
        self.config = config
        self.theme = theme
        self.variant = variant
        self.variants = variants
        self.labels = {v.prefix: converters[v.prefix].text(v.label) for v in variants}
        convert = converters[variant.prefix].text
        source = config.source
        self.site = {"title": convert(config.title), "description": convert(config.description),
                     "publisher": convert(config.publisher or config.title),
                     "source_name": convert(source.name) if source else "",
                     "source_publisher": convert(source.publisher or source.name) if source else ""}
        self.base_path, self.origin = config.base_path, config.origin
        """Taken once: a page asks for a few dozen URLs, and each would parse base_url again."""
        self.stamp = key_of(self.site, self.labels, variants, variant, self.base_path, self.origin)
        """What every page of this variant depends on besides its template and data."""
        self.templates = TemplateSources(theme.environment)
        self._ui_keys: dict[int, tuple[dict, str]] = {}
        self._shared: dict[int, SharedPartials] = {}
        """Each set of interface strings' shared partials (by the strings' id: the one of the variant)."""

    def url(self, path: str, variant: Variant | None = None) -> str:
        prefix = (variant or self.variant).prefix
        return f"{self.base_path}{prefix}/{path}"

    def absolute(self, path: str, variant: Variant | None = None) -> str:
        return self.origin + self.url(path, variant)

    def asset(self, name: str) -> str:
        return f"{self.base_path}static/{name}"

    def media(self, path: str) -> str:
        """The address of a file at the site's root shared by the variants (a photo's, pictures.MEDIA)."""
        return f"{self.base_path}{path}"

    def ui_key(self, ui: dict[str, str]) -> str:
        """The digest of a set of interface strings (taken once per set)."""
        known = self._ui_keys.get(id(ui))
        if known is None:
            known = self._ui_keys[id(ui)] = (ui, key_of(ui))
        return known[1]

    def _shared_partials(self, ui: dict[str, str]) -> SharedPartials:
        partials = self._shared.get(id(ui))
        if partials is None or partials.ui is not ui:
            partials = self._shared[id(ui)] = SharedPartials(self, ui)
        return partials

    def html(self, path: str, template: str, ui: dict[str, str], **data) -> str:
        """The template rendered for the page at path (a path as in urls.py), never kept."""
        twins = [Twin(v.lang, self.labels[v.prefix], self.absolute(path, v)) for v in self.variants]
        return self.theme.environment.get_template(template).render(
            site=self.site, variant=self.variant, ui=ui, path=path, twins=twins,
            x_default=self.absolute(path, self.variants[0]),
            url=self.url, absolute=self.absolute, asset=self.asset, media=self.media, shared=self._shared_partials(ui),
            **data,
        )

    def render(self, path: str, template: str, ui: dict[str, str], **data) -> Artifact:
        """The variant's page at path: the template, the interface strings and the data."""
        return Artifact(urls.file_name(self.variant.prefix, path),
                        (self.stamp, template, self.templates.digest(template), self.ui_key(ui), data),
                        lambda: self.html(path, template, ui, **data).encode("utf-8"))

    def render_from(self, path: str, template: str, ui: dict[str, str], made_from: tuple | Callable[[], tuple],
                    data: Callable[[], dict], shows: tuple[str, ...] | None = None) -> Artifact:
        """As render, with the data made only if the page is (a kept page costs its key alone):
        made_from (or what it returns, called only when the page's key is taken) must cover all
        that data() gives the page (texts by their digests, see digests_of); shows: the keys of
        the articles whose texts it takes (keep.Artifact)."""
        return Artifact(urls.file_name(self.variant.prefix, path), self._made_from(template, ui, made_from),
                        lambda: self.html(path, template, ui, **data()).encode("utf-8"), shows)

    def render_together(self, group: str, template: str, ui: dict[str, str], paths: list[str],
                        made_from: object, page_data: Callable[[], Iterator[dict]],
                        shows: tuple[str, ...] | None = None) -> ArtifactGroup:
        """Pages that change together, at paths, as one group: each page rendered as `render`
        does, with the data page_data yields for it in turn. made_from (or what it returns, as
        render_from's) must cover all that page_data gives the pages."""
        names = tuple(urls.file_name(self.variant.prefix, path) for path in paths)
        return ArtifactGroup(
            group, names, self._made_from(template, ui, made_from),
            lambda: (self.render(path, template, ui, **data) for path, data in zip(paths, page_data(), strict=True)),
            shows)

    def _made_from(self, template: str, ui: dict[str, str], made_from) -> tuple | Callable[[], tuple]:
        """A page's made_from: the variant's stamp, the template, the interface strings and the
        page's own (a function stays one: its values are taken when the key is)."""
        if callable(made_from):
            return lambda: (self.stamp, template, self.templates.digest(template), self.ui_key(ui), made_from())
        return self.stamp, template, self.templates.digest(template), self.ui_key(ui), made_from


@dataclass(frozen=True)
class IssueEntry:
    """An issue in the archive's lists of months."""

    path: str
    date: str
    label: str
    count: int


def _neighbours(items: list, index: int) -> tuple:
    previous = items[index - 1] if index > 0 else None
    following = items[index + 1] if index + 1 < len(items) else None
    return previous, following


def digests_of(texts: VariantTexts, articles) -> tuple[str, ...]:
    """What a page's key takes of the texts of these articles: their digests, each of which
    covers all of its text (ArticleText); plain strings, whose repr costs no call of ours (a
    rebuild takes the key of every page, some 100,000 texts a variant at 10,000 articles)."""
    return texts.digests(articles)


def keys_of(articles) -> tuple[str, ...]:
    """The articles' keys: what a page shows of texts, said to keep.Artifact (shows)."""
    return tuple(a.key for a in articles)


def issue_made_from(issue: Issue, texts: VariantTexts) -> tuple:
    """What an issue's lists (VariantTexts.issue) are made from: its date and its articles'
    texts, whose digests cover their page labels too (the pages are grouped by them)."""
    return issue.date.isoformat(), digests_of(texts, issue.articles)


def issue_pages(digest: Digest, texts: VariantTexts, renderer: PageRenderer) -> Iterator[Artifact | ArtifactGroup]:
    issues = list(digest.issues)
    link = lambda i: Link(urls.issue(i.date), date_label(i.date)) if i else None  # noqa: E731
    for index, issue in enumerate(issues):
        newer, older = _neighbours(issues, index)
        yield renderer.render_from(
            urls.issue(issue.date), "issue.html", texts.ui,
            lambda issue=issue, older=older, newer=newer: (issue_made_from(issue, texts), older and older.date,
                                                           newer and newer.date),
            lambda issue=issue, older=older, newer=newer: dict(issue=texts.issue(issue), older=link(older),
                                                               newer=link(newer)),
            keys_of(issue.articles))


OG_LOCALES = {"zh-hans": "zh_CN", "zh-hant": "zh_TW", "zh-hk": "zh_HK"}


def news_article(item: ArticleText, renderer: PageRenderer, photos: tuple[PublishedPicture, ...] = ()) -> dict:
    """schema.org NewsArticle for search engines (JSON-LD)."""
    published = f"{item.date}T00:00:00+08:00"
    people = [*item.authors, *item.reporters, *item.correspondents, *item.photographers]
    data = {
        "@context": "https://schema.org", "@type": "NewsArticle",
        "headline": item.title, "description": item.description,
        "datePublished": published, "dateModified": published,
        "inLanguage": renderer.variant.lang, "mainEntityOfPage": renderer.absolute(item.path),
        "author": [{"@type": "Person", "name": name} for name in people]
        or [{"@type": "Organization", "name": renderer.site["publisher"]}],
        "publisher": {"@type": "Organization", "name": renderer.site["publisher"]},
        "wordCount": item.characters,
    }
    if item.topic_links:
        data["articleSection"] = item.topic_links[0].label
    if photos:
        data["image"] = [{"@type": "ImageObject", "url": renderer.origin + renderer.media(shown.largest.path),
                          "width": shown.largest.width, "height": shown.largest.height,
                          **({"caption": picture.caption} if picture.caption else {}),
                          **({"creditText": picture.credit} if picture.credit else {})}
                         for picture, shown in zip(item.pictures, photos)]
    if item.source_label:
        data["isBasedOn"] = {"@type": "CreativeWork", "name": item.source_label,
                             "publisher": {"@type": "Organization", "name": renderer.site["source_publisher"]},
                             **({"url": item.source_url} if item.source_url else {})}
    return data


class Deferred:
    """HTML made only if the page is rendered (Jinja asks for __html__), not when its key is
    taken: its repr says nothing of it, so it must be made from what the page's other data
    covers (an article's body and JSON-LD from its ArticleText, whose digest covers them)."""

    def __init__(self, make) -> None:
        self._make = make

    def __html__(self) -> str:
        return self._make()

    def __repr__(self) -> str:
        return "Deferred()"


class ArticleLink:
    """A link to an article, labelled with its title: read from its text only when the page is
    rendered (the page's key takes the text's repr, its key and digest)."""

    def __init__(self, text: ArticleText) -> None:
        self.text = text

    @property
    def path(self) -> str:
        return self.text.path

    @property
    def label(self) -> str:
        return self.text.title

    def __repr__(self) -> str:
        return f"ArticleLink({self.text!r})"


def with_dateline(body_html: str, dateline: str) -> str:
    """The body with its dateline (电头: 本报讯) run into the first paragraph, in bold, as the
    paper prints it; before the body where it does not start with a paragraph."""
    if not dateline:
        return body_html
    shown = f'<strong class="dateline">{escape(dateline, quote=False)}</strong>'
    if body_html.startswith("<p>"):
        return f"<p>{shown}" + body_html[len("<p>"):]
    return f"<p>{shown}</p>\n{body_html}"


def json_ld(data: dict) -> str:
    """What Jinja's tojson writes (sorted keys, HTML-safe)."""
    return htmlsafe_json_dumps(data, dumps=json.dumps, sort_keys=True)


def article_pages(digest: Digest, texts: VariantTexts, renderer: PageRenderer) -> Iterator[Artifact | ArtifactGroup]:
    """Each issue's article pages, as a group (PageRenderer.render_together): an issue whose
    articles' texts are unchanged keeps its pages without a key taken for each."""
    locale = OG_LOCALES.get(renderer.variant.lang.lower(), renderer.variant.lang.replace("-", "_"))

    @cache
    def person_ids() -> dict[tuple[str, str], str]:
        return {(article.key, person.name): person.id for person in digest.people for article in person.articles}

    def people_links(article: Article) -> dict[str, str]:
        """Each byline name as the page shows it (converted as the article's text converts it)
        -> its person's page. Made from the article alone: taking an issue's key reads no text
        from the store."""
        ids = person_ids()
        names = (*article.reporters, *article.correspondents, *article.photographers, *article.authors)
        return {texts.converter.name(name): urls.person(ids[(article.key, name)]) for name in names
                if (article.key, name) in ids}

    def share_image(item: ArticleText, photos: tuple[PublishedPicture, ...]) -> dict | None:
        """The photo a link to the page shows (og:image): its first."""
        if not photos:
            return None
        largest = photos[0].largest
        return {"url": renderer.origin + renderer.media(largest.path), "width": largest.width,
                "height": largest.height, "alt": item.pictures[0].alt or item.pictures[0].caption}

    def page_data(issue: Issue) -> Iterator[dict]:
        links = [people_links(a) for a in issue.articles]
        items = [texts.article(a) for a in issue.articles]
        related = [[texts.article(other) for other in digest.related.get(a.key, ())] for a in issue.articles]
        texts.read_ahead(issue.articles)  # the pages are rendered: every body is read
        for index, (article, item) in enumerate(zip(issue.articles, items)):
            previous, following = _neighbours(items, index)
            link = lambda t: ArticleLink(t) if t else None  # noqa: E731
            photos = texts.photos(article)
            yield dict(a=item, body=Deferred(lambda article=article, item=item: with_dateline(
                           texts.shown_body(article, renderer.media), item.dateline)),
                       photos=Markup(above_body(item.pictures, photos, renderer.media)), og_locale=locale,
                       image=share_image(item, photos),
                       structured=Deferred(lambda item=item, photos=photos: json_ld(news_article(item, renderer, photos))),
                       previous=link(previous), next=link(following), people=links[index],
                       related=related[index])

    def made_from(issue: Issue) -> tuple:
        """What an issue's article pages are made from: their texts, and their related articles'."""
        return (digests_of(texts, issue.articles), locale, [people_links(a) for a in issue.articles],
                [texts.photos(a) for a in issue.articles],
                [digests_of(texts, digest.related.get(a.key, ())) for a in issue.articles])

    for issue in digest.issues:
        related = tuple(other.key for a in issue.articles for other in digest.related.get(a.key, ()))
        yield renderer.render_together(f"articles {issue.date}", "article.html", texts.ui,
                                       [urls.article(a) for a in issue.articles],
                                       lambda issue=issue: made_from(issue), lambda issue=issue: page_data(issue),
                                       keys_of(issue.articles) + related)


def people_pages(digest: Digest, texts: VariantTexts, renderer: PageRenderer, page_size: int) -> Iterator[Artifact | ArtifactGroup]:
    """A page for each person named in a byline (their articles, newest first, in pages as a
    topic's are, and their feeds), and the list of everyone, most articles first."""
    ui, everyone = texts.ui, []
    for person in digest.people:
        heading = {"id": person.id, "name": texts.converter.name(person.name), "path": urls.person(person.id),
                   "rss": urls.person_feed(person.id, urls.RSS),
                   "atom": urls.person_feed(person.id, urls.ATOM), "json": urls.person_feed(person.id, urls.JSON_FEED)}
        everyone.append({**heading, "count": len(person.articles)})
        path_of = lambda number, person=person: urls.person(person.id, number)  # noqa: E731
        for page in list_pages(len(person.articles), page_size):
            shown = person.articles[page.start:page.stop]
            data = dict(person=heading, **_paging(page, path_of, ui),
                        count=len(person.articles) if page.number is None else None)  # the front page's alone
            yield renderer.render_from(path_of(page.number), "person.html", ui,
                                       lambda data=data, shown=shown: (data, digests_of(texts, shown)),
                                       lambda data=data, shown=shown: {**data, "articles": _texts(texts, shown)},
                                       keys_of(shown))
    if everyone:
        yield renderer.render(urls.PEOPLE, "people.html", ui, people=everyone)


def topic_pages(digest: Digest, texts: VariantTexts, renderer: PageRenderer, page_size: int) -> Iterator[Artifact | ArtifactGroup]:
    """Each topic's list (paging.py: its numbered pages keep their contents as days are added;
    the count and the chart are on the front page only), then the list of topics."""
    ui, summaries = texts.ui, []
    months = months_between(digest.issues[-1].date, digest.issues[0].date) if digest.issues else []
    for topic in digest.topics:
        heading = _topic_heading(topic, texts)
        summaries.append({**heading, "count": len(topic.articles)})
        per_month = Counter((a.date.year, a.date.month) for a in topic.articles)
        overview = {"count": len(topic.articles), "chart": monthly_bars(months, per_month, ui)}
        path_of = lambda number, topic=topic: urls.topic(topic.id, number)  # noqa: E731
        for page in list_pages(len(topic.articles), page_size):
            shown = topic.articles[page.start:page.stop]
            data = dict(topic=heading, **_paging(page, path_of, ui),
                        overview=overview if page.number is None else None)  # the front page's alone
            yield renderer.render_from(urls.topic(topic.id, page.number), "topic.html", ui,
                                       lambda data=data, shown=shown: (data, digests_of(texts, shown)),
                                       lambda data=data, shown=shown: {**data, "articles": _texts(texts, shown)},
                                       keys_of(shown))
    largest = max((info["count"] for info in summaries), default=0) or 1
    ranked = sorted(summaries, key=lambda info: -info["count"])  # stable: the site's order among equals
    yield renderer.render(urls.TOPICS, "topics.html", ui,
                          topics=[{**info, "share": round(100 * info["count"] / largest)} for info in ranked])


def _paging(page, path_of: Callable[[int | None], str], ui: dict[str, str]) -> dict:
    """What a page of a list (a topic's, a person's: paging.list_pages) shows of its place among
    the list's pages: its label and the links to the newer and older ones."""
    numbered = page.number is not None
    return dict(page_label=ui["list_page"].format(page=page.number) if numbered else None,
                newer=_list_link(path_of, page.newer, ui) if numbered else None,
                older=_list_link(path_of, page.older, ui) if page.older is not None else None)


def _texts(texts: VariantTexts, articles) -> list[ArticleText]:
    return [texts.article(a) for a in articles]


def _list_link(path_of: Callable[[int | None], str], number: int | None, ui: dict[str, str]) -> Link:
    """A link to one of a list's pages (a topic's, a person's): a numbered one, or the front page (None)."""
    label = ui["list_front"] if number is None else ui["list_page"].format(page=number)
    return Link(path_of(number), label)


def _topic_heading(topic: Topic, texts: VariantTexts) -> dict:
    """What every page of a topic's list shows of it."""
    return {"id": topic.id, "name": texts.topic_names[topic.id], "description": texts.topic_descriptions[topic.id],
            "path": urls.topic(topic.id), "rss": urls.topic_feed(topic.id, urls.RSS),
            "atom": urls.topic_feed(topic.id, urls.ATOM), "json": urls.topic_feed(topic.id, urls.JSON_FEED)}


def archive_pages(digest: Digest, texts: VariantTexts, renderer: PageRenderer) -> list[Artifact]:
    ui = texts.ui

    def month_label(month) -> str:
        return f"{month.year}{ui['year_suffix']}{month.month}{ui['month_suffix']}"

    def month_info(month):
        """A month in the lists: its issues by date and size only (a list page does not change
        when an article's text does)."""
        return {"path": urls.month(month.year, month.month), "label": month_label(month),
                "count": sum(len(i.articles) for i in month.issues),
                "issues": [IssueEntry(urls.issue(i.date), i.date.isoformat(), date_label(i.date), len(i.articles))
                           for i in month.issues]}

    counts = {issue.date: len(issue.articles) for issue in digest.issues}
    years = sorted({m.year for m in digest.months}, reverse=True)
    calendar = cache(lambda year: issue_calendar(year, counts, ui, lambda day: renderer.url(urls.issue(day))))
    # The lists and calendars are made of the issues' dates and sizes alone: the keys take
    # those (made_of), the pages are made only when rendered.
    made_of = lambda year=None: tuple((day.isoformat(), count) for day, count in counts.items()  # noqa: E731
                                      if year is None or day.year == year)
    files = [renderer.render_from(urls.ARCHIVE, "archive.html", ui, lambda: (ui["archive"], made_of()),
                                  lambda: dict(heading=ui["archive"], months=[month_info(m) for m in digest.months],
                                               issues=[], calendars=[(y, calendar(y)) for y in years]), ())]
    for year in years:
        heading = f"{year}{ui['year_suffix']}"
        files.append(renderer.render_from(
            urls.year(year), "archive.html", ui, lambda year=year, heading=heading: (heading, made_of(year)),
            lambda year=year, heading=heading: dict(
                heading=heading, months=[month_info(m) for m in digest.months if m.year == year], issues=[],
                calendars=[(year, calendar(year))]), ()))
    for month in digest.months:
        label = month_label(month)
        files.append(renderer.render_from(
            urls.month(month.year, month.month), "archive.html", ui,
            lambda month=month, label=label: (label, [issue_made_from(i, texts) for i in month.issues]),
            lambda month=month, label=label: dict(heading=label, months=[], calendars=[],
                                                  issues=[texts.issue(i) for i in month.issues]),
            tuple(a.key for i in month.issues for a in i.articles)))
    return files


@dataclass(frozen=True)
class ReviewPages:
    files: list[Artifact]
    queue_file: str
    """The path of the queue's JSON among files (its entries say how many are worth a look)."""


def review_pages(findings_key: str, make_queue: Callable[[], ReviewQueue], target: str,
                 renderer: PageRenderer, ui: dict[str, str]) -> ReviewPages:
    """The editors' conversion review queue (second converter: zhconv-rs with target `target`):
    a page outside the navigation, and JSON. Both are made from the articles' findings
    (findings_key); the queue is made once, and only when one of them is made."""
    prefix = renderer.variant.prefix
    json_name, html_name = urls.file_name(prefix, "_review/conversions.json"), urls.file_name(prefix, "_review/")
    ranked = cache(lambda: make_queue().ranked())

    def queue_json() -> bytes:
        data = {"variant": renderer.variant.lang, "second_converter": f"zhconv-rs ({target})", "entries": ranked()}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def page() -> bytes:
        entries = ranked()
        worth = [e for e in entries if e["score"] >= SCORES["meaning"]]
        names = [e for e in entries if e["kind"] == "name-character"]
        house_style = [e for e in entries if e["kind"] == "house-style"]
        shown = {id(e) for e in (*worth, *names, *house_style)}
        variant = replace(renderer.variant, label=renderer.labels[renderer.variant.prefix])
        return renderer.theme.environment.get_template("review.html").render(
            variant=variant, ui=ui, url=renderer.url, asset=renderer.asset,
            worth=worth, names=names, house_style=house_style,
            rest=[e for e in entries if id(e) not in shown]).encode("utf-8")

    return ReviewPages([Artifact(json_name, (renderer.stamp, findings_key, target), queue_json),
                        Artifact(html_name, (renderer.stamp, renderer.templates.digest("review.html"), findings_key,
                                             target, renderer.ui_key(ui)), page)], json_name)


def entries_worth_a_look(queue_file: str) -> int:
    """How many entries of a review queue's JSON (review_pages) an editor should read."""
    with open(queue_file, encoding="utf-8") as file:
        return worth_a_look(json.load(file)["entries"])


def _period_parts(period: str) -> tuple[str, list[tuple[int, ...]]]:
    """A search index's period (urls.index_period: 2022, 2023-01-01-to-04-15): its year, and for a
    span of days its first and last (month, day)."""
    year, _, days = period.partition("-")
    return year, [tuple(map(int, part.split("-"))) for part in days.split("-to-")] if days else []


def period_label(period: str, ui: dict[str, str]) -> str:
    """A search index's period as a reader says it."""
    year, days = _period_parts(period)
    if not days:
        return f"{year}{ui['year_suffix']}"
    (first_month, first_day), (last_month, last_day) = days
    return ui["period_days"].format(year=year, first_month=first_month, first_day=first_day,
                                    last_month=last_month, last_day=last_day)


def period_start(period: str, ui: dict[str, str]) -> str:
    """Where a search index's period begins, as the search page's note on how far a search
    looked says it (search_scope: ...2023年12月16日及以后...): a closed year by its name."""
    year, days = _period_parts(period)
    if not days:
        return f"{year}{ui['year_suffix']}"
    month, day = days[0]
    return f"{year}{ui['year_suffix']}{month}{ui['month_suffix']}{day}{ui['day_suffix']}"


WHOLE_SEARCH_ARTICLES = 1500
FIRST_SEARCH_ARTICLES = 1500
"""A first search downloads, besides Pagefind's runtime, each index's metadata and the postings
of the query's words there; Pagefind matches a query word as the start of indexed words, so a
query cut into common characters fetches large postings even where no article holds it
(bench/README.md has the bytes). A site of up to WHOLE_SEARCH_ARTICLES is searched whole; on a
larger one a search sorted by relevance looks in the newest period first and merges older
indexes only while its first results do not all hold the query, up to indexes of
FIRST_SEARCH_ARTICLES articles in all (half a year of a daily paper's digest: past that, a
query of common characters that no article holds would fetch more than 300 KB), then offers
the rest (static/search/pagefind.js). What a first search downloads then stays bounded
however long the archive grows."""


def search_indexes(digest: Digest, ui: dict[str, str]) -> list[dict]:
    """The search indexes, newest first: each one's folder, its period as a reader says it (and
    where it begins), and how many articles it holds."""
    latest = digest.issues[0].date.isoformat() if digest.issues else ""
    counts: Counter[str] = Counter()
    for issue in digest.issues:
        counts[urls.index_period(issue.date.isoformat(), latest)] += len(issue.articles)
    return [{"path": urls.search_index(period), "label": period_label(period, ui), "first": period_start(period, ui),
             "articles": counts[period]}
            for period in urls.index_periods([issue.date.isoformat() for issue in digest.issues])]


def web_manifest(renderer: PageRenderer) -> Artifact:
    manifest = {"name": renderer.site["title"], "short_name": renderer.site["title"], "lang": renderer.variant.lang,
                "start_url": renderer.url(""), "scope": renderer.url(""), "display": "standalone",
                "background_color": "#fffefb", "theme_color": "#b3261e",
                "icons": [{"src": renderer.asset("favicon.svg"), "sizes": "any", "type": "image/svg+xml"}]}
    content = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return fresh(urls.file_name(renderer.variant.prefix, "site.webmanifest"), content.encode("utf-8"))


def variant_pages(digest: Digest, config: SiteConfig, texts: VariantTexts, renderer: PageRenderer,
                  search: FilterNames | None) -> Iterator[Artifact | ArtifactGroup]:
    """Every HTML page of one variant, and its web manifest, one at a time (written as they come).
    search: the names of the search indexes' filters, where the site has search indexes (None for
    a --no-search draft, whose search page says so)."""
    home_issues = [texts.issue(i) for i in digest.issues[:config.home_issues]]
    yield web_manifest(renderer)
    yield renderer.render(urls.HOME, "home.html", texts.ui, issues=home_issues)
    yield from issue_pages(digest, texts, renderer)
    if digest.issues:
        newest = digest.issues[0]
        yield renderer.render(urls.LATEST, "latest.html", texts.ui,
                              issue=Link(urls.issue(newest.date), date_label(newest.date)))
    yield from article_pages(digest, texts, renderer)
    yield from topic_pages(digest, texts, renderer, config.page_size)
    yield from people_pages(digest, texts, renderer, config.page_size)
    yield from archive_pages(digest, texts, renderer)
    # Every year of the archive is offered by the year filter before the periods that hold it are
    # searched (a search on a large archive looks in the newest first): by the index's name.
    yield renderer.render(urls.SEARCH, "search.html", texts.ui, whole_articles=WHOLE_SEARCH_ARTICLES,
                          first_articles=FIRST_SEARCH_ARTICLES,
                          indexes=search_indexes(digest, texts.ui) if search else [],
                          year_filter=search.year if search else "",
                          years=sorted({str(issue.date.year) for issue in digest.issues}, reverse=True))
    yield renderer.render(urls.NOT_FOUND, "404.html", texts.ui)
