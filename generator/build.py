"""The build, top to bottom: read articles, group them, render every variant, write the site."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .content import load_articles
from .feeds import build_time, variant_feeds
from .fingerprint import input_fingerprint, stamp_path
from .grouping import check_articles, group
from .phrases import phrase_layers
from .output import OutputFile, write_site
from .pages import PageRenderer, review_pages, variant_pages
from .texts import VariantTexts
from .review import ConversionReview
from .search import SearchDocument, index_search, script_table, search_document
from .site_files import root_files
from .theme import load_theme
from .variants import Converter, site_variants


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    issues: int
    pages: int
    feeds: int
    files: int
    seconds: float
    to_review: int
    """Conversions worth an editor's look (meaning differences and Simplified characters left)."""
    up_to_date: bool = False
    """Nothing changed since the last build: nothing was done."""


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


@dataclass(frozen=True)
class RenderedSite:
    """Every file of the site, in memory, and what the summary line reports of it."""

    files: list[OutputFile]
    search_documents: dict[str, list[SearchDocument]]
    """Variant prefix -> what its search indexes hold of each article."""
    source_prefix: str
    phrases: dict[str, str]
    articles: int
    issues: int
    to_review: int


def render_site(project: Path, config: SiteConfig, on_page=None) -> RenderedSite:
    """All files of the site in memory."""
    articles = load_articles(project / config.content_dir / "articles")
    check_articles(articles, config)
    digest = group(articles, config)
    theme = load_theme(project / "themes" / config.theme)
    variants = site_variants(config)
    phrases = phrase_layers(project / config.content_dir / "phrases.txt")
    with tempfile.TemporaryDirectory(prefix="digest-opencc-") as tables:
        converters = {v.prefix: Converter.layered(v, phrases, Path(tables)) for v in variants}
    updated = build_time(digest, source_date_epoch())

    main_traditional = next((converters[v.prefix] for v in variants if not v.is_source), None)
    files: list[OutputFile] = []
    renderers = []
    reviews = []
    source_ui: dict[str, str] = {}
    documents: dict[str, list[SearchDocument]] = {}
    for variant in variants:
        review = None if variant.is_source else ConversionReview(variant, phrases)
        texts = VariantTexts(config, theme, converters[variant.prefix], review)
        renderer = PageRenderer(config, theme, variant, variants, converters, on_page)
        renderers.append(renderer)
        source_ui = source_ui or texts.ui
        files += variant_pages(digest, config, texts, renderer)
        documents[variant.prefix] = [search_document(texts.article(a)) for a in articles]
        files += variant_feeds(digest, config, texts, renderer, updated)
        files.append(script_table(converters[variant.prefix], main_traditional or converters[variant.prefix], phrases))
        if review is not None:
            reviews.append(review)
            files += review_pages(review, renderer)
    files += root_files(files, config, theme, renderers, source_ui)
    source_prefix = next(v.prefix for v in variants if v.is_source)
    return RenderedSite(files, documents, source_prefix, phrases, len(articles), len(digest.issues),
                        sum(r.worth_a_look() for r in reviews))


def build(project: Path, config: SiteConfig, output: Path | None = None, on_page=None,
          search: bool = True, force: bool = False) -> BuildResult:
    started = time.perf_counter()
    target = output or project / config.output_dir
    fingerprint = input_fingerprint(project, config.model_dump_json(), project / config.content_dir,
                                     project / "themes" / config.theme,
                                     {"search": search, "epoch": source_date_epoch()})
    stamp = stamp_path(target.absolute())
    if not force and target.is_dir() and stamp.is_file() and stamp.read_text() == fingerprint:
        return BuildResult(output=target, articles=0, issues=0, pages=0, feeds=0, files=0,
                           seconds=time.perf_counter() - started, to_review=0, up_to_date=True)
    stamp.unlink(missing_ok=True)
    rendered = render_site(project, config, on_page)
    files = rendered.files

    def indexes(staging: Path) -> None:
        index_search(staging, target if target.is_dir() else None, rendered.search_documents,
                     rendered.source_prefix, rendered.phrases)

    write_site(files, target, finish=indexes if search else None)
    stamp.write_text(fingerprint)
    return BuildResult(
        output=target, articles=rendered.articles, issues=rendered.issues,
        pages=sum(f.path.endswith(".html") for f in files),
        feeds=sum(f.path.endswith(("feed.xml", "atom.xml")) for f in files),
        files=len(files), seconds=time.perf_counter() - started, to_review=rendered.to_review,
    )
