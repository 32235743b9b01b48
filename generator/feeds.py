"""RSS 2.0 and Atom feeds with feedgen, and JSON Feed 1.1 beside them: full text, absolute
links, GUIDs that never change (the same in the three formats); and an OPML list of a variant's
feeds, for a feed reader to take them all at once.

feedgen stamps now() and its own name by default and prepends entries; every one of those is set
here explicitly so that two builds of the same input give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
from collections import OrderedDict
from typing import TYPE_CHECKING

from . import __version__, urls
from .config import SiteConfig
from .content import Article
from .grouping import Digest
from .keep import Artifact, fresh
from .pages import PageRenderer
from .pictures import above_body
from .texts import VariantTexts

if TYPE_CHECKING:
    from collections.abc import Callable

    from feedgen.feed import FeedGenerator

SHANGHAI = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def published(article: Article) -> dt.datetime:
    """Issue date at midnight in Beijing time (the paper's own clock)."""
    return dt.datetime.combine(article.date, dt.time(0, 0), SHANGHAI)


def article_guid(config: SiteConfig, prefix: str, article: Article) -> str:
    """Depends only on the site id, the variant and the article's date/slug: never on titles or URLs."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"digest:{config.site_id}:{prefix}:{article.key}").urn


class EntryTexts:
    """An entry's id and full text, made once for the several feeds that carry the article (the
    site's, its topics', its people's, each in three formats) and kept for the next channels: a
    channel's articles are mostly the newest, which the next channels carry too. At most `kept`
    articles are held, so a build that makes every feed holds a few bodies, not all of them."""

    def __init__(self, config: SiteConfig, texts: VariantTexts, renderer: PageRenderer, kept: int) -> None:
        self._config, self._texts, self._renderer, self._kept = config, texts, renderer, kept
        self._made: OrderedDict[str, tuple[str, str]] = OrderedDict()

    def of(self, article: Article) -> tuple[str, str]:
        """The article's GUID and full text (_full_text)."""
        made = self._made.get(article.key)
        if made is None:
            made = self._made[article.key] = (
                article_guid(self._config, self._renderer.variant.prefix, article),
                _full_text(self._texts.article(article), article, self._texts, self._renderer))
            if len(self._made) > self._kept:
                self._made.popitem(last=False)
        else:
            self._made.move_to_end(article.key)
        return made


def _feed(config: SiteConfig, texts: VariantTexts, renderer: PageRenderer, entries: EntryTexts,
          articles: list[Article], title: str, description: str, page_path: str, self_path: str,
          updated: dt.datetime) -> FeedGenerator:
    from feedgen.feed import FeedGenerator  # here: a rebuild that keeps every feed never loads feedgen and lxml

    feed = FeedGenerator()
    _point_at(feed, config, renderer, self_path, page_path)
    feed.title(title)
    feed.description(description or title)
    feed.subtitle(description or title)
    feed.language(renderer.variant.lang)
    feed.generator("digest", version=__version__)
    feed.updated(updated)
    feed.lastBuildDate(updated)
    if config.publisher:
        feed.author({"name": texts.converter.text(config.publisher)})
    for article in articles:
        item = texts.article(article)
        entry = feed.add_entry(order="append")
        guid, full_text = entries.of(article)
        entry.id(guid)
        entry.guid(guid, permalink=False)
        entry.title(item.title)
        entry.link(href=renderer.absolute(item.path))
        entry.published(published(article))
        entry.updated(published(article))
        # RSS readers take <description> for HTML, Atom's <summary> is declared text: the same
        # plain-text summary, escaped for the one and left as it is for the other.
        entry.description(html.escape(item.description, quote=False))
        entry.summary(item.description, type="text")
        entry.content(full_text, type="html")
        for topic in item.topic_links:
            entry.category(term=topic.label)
    return feed


def _point_at(feed: FeedGenerator, config: SiteConfig, renderer: PageRenderer, self_path: str, page_path: str) -> None:
    """The feed's id and links, for the feed file at self_path (an RSS or an Atom file: one
    FeedGenerator writes both, pointed at each in turn)."""
    feed.id(uuid.uuid5(uuid.NAMESPACE_URL, f"digest:{config.site_id}:{renderer.variant.prefix}:{self_path}").urn)
    feed.link([{"href": renderer.absolute(self_path), "rel": "self"},
               {"href": renderer.absolute(page_path), "rel": "alternate"}], replace=True)


def _full_text(item, article: Article, texts: VariantTexts, renderer: PageRenderer) -> str:
    """What a feed reader shows: the headline's other parts, the photos, the body (photos by their
    absolute address: a feed is read away from the site)."""
    address = lambda path: renderer.origin + renderer.media(path)  # noqa: E731
    head = "".join(f"<p>{html.escape(part, quote=False)}</p>" for part in (item.kicker, item.subtitle) if part)
    return head + above_body(item.pictures, texts.photos(article), address) + texts.shown_body(article, address)


def feed_time(articles: list[Article], source_date_epoch: int | None) -> dt.datetime:
    """When a feed last changed (RSS lastBuildDate, Atom updated): SOURCE_DATE_EPOCH when set, else
    its newest article's issue date; never the clock. A topic feed without a new article is the
    same feed as before, so a new issue day leaves it as it was."""
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, SHANGHAI)
    if articles:
        return published(max(articles, key=lambda article: article.date))
    return dt.datetime(1970, 1, 1, tzinfo=SHANGHAI)


def variant_feeds(digest: Digest, config: SiteConfig, texts: VariantTexts, renderer: PageRenderer,
                  source_date_epoch: int | None) -> list[Artifact]:
    site_title = texts.converter.text(config.title)
    files = []
    channels = [(list(digest.articles[:config.feed_size]), site_title, texts.converter.text(config.description),
                 urls.HOME, urls.RSS, urls.ATOM, urls.JSON_FEED)]
    for topic in digest.topics:
        name = texts.topic_names[topic.id]
        channels.append((list(topic.articles[:config.feed_size]), f"{name} · {site_title}",
                         texts.topic_descriptions[topic.id], urls.topic(topic.id), urls.topic_feed(topic.id, urls.RSS),
                         urls.topic_feed(topic.id, urls.ATOM), urls.topic_feed(topic.id, urls.JSON_FEED)))
    for person in digest.people:
        name = texts.converter.name(person.name)
        channels.append((list(person.articles[:config.feed_size]), f"{name} · {site_title}",
                         texts.ui["person_feed_description"].format(name=name), urls.person(person.id),
                         urls.person_feed(person.id, urls.RSS), urls.person_feed(person.id, urls.ATOM),
                         urls.person_feed(person.id, urls.JSON_FEED)))
    files.append(_opml(renderer, site_title, [(title, page_path, rss_path) for _, title, _, page_path, rss_path, _, _
                                              in channels]))
    entries = EntryTexts(config, texts, renderer, 4 * config.feed_size)
    for channel in channels:
        files += _channel_feeds(config, texts, renderer, entries, source_date_epoch, *channel)
    return files


def _channel_feeds(config: SiteConfig, texts: VariantTexts, renderer: PageRenderer, entries: EntryTexts,
                   source_date_epoch: int | None, articles: list[Article], title: str, description: str,
                   page_path: str, rss_path: str, atom_path: str, json_path: str) -> list[Artifact]:
    """One channel's JSON Feed, RSS and Atom files."""
    prefix = renderer.variant.prefix
    shown = [texts.article(a) for a in articles], [texts.photos(a) for a in articles]  # what the entries show
    updated = feed_time(articles, source_date_epoch)
    made_from = (renderer.stamp, shown, title, description, page_path, config.publisher, config.site_id)
    pair = FeedPair(lambda path: _feed(config, texts, renderer, entries, articles, title, description, page_path, path,
                                       updated),
                    lambda feed, path: _point_at(feed, config, renderer, path, page_path))
    return [
        Artifact(urls.file_name(prefix, json_path), ("json", *made_from),
                 lambda: _json_feed(config, texts, renderer, entries, articles, title, description, page_path,
                                    json_path)),
        Artifact(urls.file_name(prefix, rss_path), ("rss", updated, *made_from), lambda: pair.rss(rss_path)),
        Artifact(urls.file_name(prefix, atom_path), ("atom", updated, *made_from), lambda: pair.atom(atom_path)),
    ]


class FeedPair:
    """The RSS and Atom files of one channel, from one FeedGenerator made when the first of them
    is made (a rebuild that keeps both never makes it), pointed at each file in turn."""

    def __init__(self, make: Callable[[str], FeedGenerator], point_at: Callable[[FeedGenerator, str], None]) -> None:
        self._make, self._point_at = make, point_at
        self._feed: FeedGenerator | None = None

    def _pointed_at(self, path: str) -> FeedGenerator:
        if self._feed is None:
            self._feed = self._make(path)
        else:
            self._point_at(self._feed, path)
        return self._feed

    def rss(self, path: str) -> bytes:
        return self._pointed_at(path).rss_str(pretty=True)

    def atom(self, path: str) -> bytes:
        return self._pointed_at(path).atom_str(pretty=True)


def _json_feed(config: SiteConfig, texts: VariantTexts, renderer: PageRenderer, entries: EntryTexts,
               articles: list[Article], title: str, description: str, page_path: str, self_path: str) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the entries of the RSS and Atom feeds,
    with the same ids."""
    items = []
    for article in articles:
        item = texts.article(article)
        guid, full_text = entries.of(article)
        entry = {"id": guid, "url": renderer.absolute(item.path), "title": item.title, "content_html": full_text,
                 "summary": item.description, "date_published": published(article).isoformat()}
        people = [*item.authors, *item.reporters, *item.correspondents, *item.photographers]
        if people:
            entry["authors"] = [{"name": name} for name in people]
        if item.topic_links:
            entry["tags"] = [topic.label for topic in item.topic_links]
        photos = texts.photos(article)
        if photos:
            entry["image"] = renderer.origin + renderer.media(photos[0].largest.path)
        items.append(entry)
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title,
            "home_page_url": renderer.absolute(page_path), "feed_url": renderer.absolute(self_path),
            "description": description or title, "language": renderer.variant.lang, "items": items}
    if config.publisher:
        feed["authors"] = [{"name": texts.converter.text(config.publisher)}]
    return (json.dumps(feed, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _opml(renderer: PageRenderer, site_title: str, channels: list[tuple[str, str, str]]) -> Artifact:
    """OPML 2.0: every RSS feed of the variant (title, page, feed), for a feed reader's import."""
    attribute = lambda text: html.escape(text, quote=True)  # noqa: E731
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n',
             f"  <head><title>{attribute(site_title)}</title></head>\n  <body>\n"]
    for title, page_path, rss_path in channels:
        lines.append(f'    <outline type="rss" text="{attribute(title)}" title="{attribute(title)}" '
                     f'xmlUrl="{attribute(renderer.absolute(rss_path))}" htmlUrl="{attribute(renderer.absolute(page_path))}"/>\n')
    lines.append("  </body>\n</opml>\n")
    return fresh(urls.file_name(renderer.variant.prefix, urls.OPML), "".join(lines).encode("utf-8"))
