"""Everything a build renders from, read once: settings, theme, articles (grouped), variants,
phrase lists and converters."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .bodies import SOURCE, BodyStore
from .cache import articles_stamp, cache_path, read_cache, write_cache
from .config import SiteConfig
from .content import Article, read_articles
from .feeds import build_time
from .grouping import Digest, check_articles, group
from .phrases import phrase_layers
from .theme import Theme, load_theme
from .variants import Converter, Variant, site_variants


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class SiteInputs:
    """Everything a variant is rendered from, read once before the variants part ways."""

    config: SiteConfig
    theme: Theme
    digest: Digest
    """The articles, grouped; without their bodies (in `bodies`, variant bodies.SOURCE)."""
    file_keys: dict[str, str]
    """Article key (date/slug) -> the key of its file's path and bytes (content.file_key)."""
    bodies: BodyStore
    variants: tuple[Variant, ...]
    phrases: dict[str, str]
    converters: dict[str, Converter]
    """Variant prefix -> its converter, made once (forked processes inherit them)."""
    updated: dt.datetime
    """The feeds' update time."""


def without_body(article: Article) -> Article:
    return dataclasses.replace(article, body_markdown="", body_html="")


def read_articles_once(folder: Path, output: Path, bodies: BodyStore) -> dict[str, Article]:
    """File key -> article, in path order, without bodies: parsed again only where the file
    changed since the last build into output (the cache of articles and their stored bodies)."""
    cache, stamp = cache_path(output), articles_stamp()
    stored = bodies.has(SOURCE, stamp)
    known = {key: article for key, article in read_cache(cache).items() if key in stored}
    _, entries = read_articles(folder, known)
    parsed = {key: article for key, article in entries.items() if key not in known}
    bodies.put(SOURCE, stamp, {key: article.body_html for key, article in parsed.items()})
    heads = {key: known.get(key) or without_body(article) for key, article in entries.items()}
    if parsed or len(heads) != len(known):
        write_cache(cache, heads)
        bodies.keep_only(SOURCE, set(heads))
    return heads


def read_inputs(project: Path, config: SiteConfig, output: Path, bodies: BodyStore) -> SiteInputs:
    """Articles (parsed again only where their file changed since the last build into output),
    grouped, with the theme, variants and phrase lists."""
    entries = read_articles_once(project / config.content_dir / "articles", output, bodies)
    articles = list(entries.values())
    check_articles(articles, config)
    digest = group(articles, config)
    variants = site_variants(config)
    phrases = phrase_layers(project / config.content_dir / "phrases.txt")
    with tempfile.TemporaryDirectory(prefix="digest-opencc-") as tables:
        converters = {v.prefix: Converter.layered(v, phrases, Path(tables)) for v in variants}
    return SiteInputs(config, load_theme(project / "themes" / config.theme), digest,
                      {article.key: key for key, article in entries.items()}, bodies, variants, phrases,
                      converters, build_time(digest, source_date_epoch()))
