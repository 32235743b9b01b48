"""The build, top to bottom: read articles, group them, render every variant, write the site."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .content import load_articles
from .feeds import build_time, variant_feeds
from .grouping import check_articles, group
from .output import write_site
from .pages import OutputFile, PageRenderer, VariantTexts, variant_pages
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


def source_date_epoch() -> int | None:
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def render_site(project: Path, config: SiteConfig) -> tuple[list[OutputFile], int, int]:
    """All files of the site in memory: (files, article count, issue count)."""
    articles = load_articles(project / config.content_dir / "articles")
    check_articles(articles, config)
    digest = group(articles, config)
    theme = load_theme(project / "themes" / config.theme)
    variants = site_variants(config)
    converters = {v.prefix: Converter(v) for v in variants}
    updated = build_time(digest, source_date_epoch())

    files: list[OutputFile] = []
    renderers = []
    source_ui: dict[str, str] = {}
    for variant in variants:
        texts = VariantTexts(config, theme, converters[variant.prefix])
        renderer = PageRenderer(config, theme, variant, variants, converters)
        renderers.append(renderer)
        source_ui = source_ui or texts.ui
        files += variant_pages(digest, config, texts, renderer)
        files += variant_feeds(digest, config, texts, renderer, updated)
    files += root_files(files, config, theme, renderers, source_ui)
    return files, len(articles), len(digest.issues)


def build(project: Path, config: SiteConfig, output: Path | None = None) -> BuildResult:
    started = time.perf_counter()
    files, article_count, issue_count = render_site(project, config)
    target = output or project / config.output_dir
    write_site(files, target)
    return BuildResult(
        output=target, articles=article_count, issues=issue_count,
        pages=sum(f.path.endswith(".html") for f in files),
        feeds=sum(f.path.endswith(("feed.xml", "atom.xml")) for f in files),
        files=len(files), seconds=time.perf_counter() - started,
    )
