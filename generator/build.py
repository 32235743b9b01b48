"""The build, top to bottom: read articles, group them, render each variant in its own process,
add the root files, index search, and swap the new site in."""

from __future__ import annotations

import ctypes
import datetime as dt
import multiprocessing
import os
import signal
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig
from .cache import cache_path, read_cache, write_cache
from .content import read_articles
from .errors import DigestError
from .feeds import build_time, variant_feeds
from .fingerprint import input_fingerprint, stamp_path
from .grouping import Digest, check_articles, group
from .output import OutputFile, SiteWriter, new_site
from .pages import PageRenderer, review_pages, variant_pages
from .phrases import phrase_layers
from .review import ConversionReview
from .search import SearchDocument, index_search, script_table, search_document
from .site_files import root_files
from .texts import VariantTexts
from .theme import Theme, load_theme
from .variants import Converter, Variant, site_variants


PR_SET_PDEATHSIG = 1


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
class SiteInputs:
    """Everything a variant is rendered from, read once before the variants part ways."""

    config: SiteConfig
    theme: Theme
    digest: Digest
    variants: tuple[Variant, ...]
    phrases: dict[str, str]
    converters: dict[str, Converter]
    """Variant prefix -> its converter, made once (forked processes inherit them)."""
    updated: dt.datetime
    """The feeds' update time."""


@dataclass(frozen=True)
class RenderedVariant:
    """What a variant's process wrote, and what the rest of the build needs to know of it."""

    prefix: str
    paths: list[str]
    search_documents: list[SearchDocument]
    to_review: int


def render_variant(inputs: SiteInputs, variant: Variant, staging: Path, on_page=None) -> RenderedVariant:
    """Write every file of one variant into staging: pages, feeds, the search page's script
    table, and for a Traditional variant the conversion review."""
    writer = SiteWriter(staging)
    converters = inputs.converters
    converter = converters[variant.prefix]
    main_traditional = next((converters[v.prefix] for v in inputs.variants if not v.is_source), converter)
    review = None if variant.is_source else ConversionReview(variant, inputs.phrases)
    texts = VariantTexts(inputs.config, inputs.theme, converter, review)
    renderer = PageRenderer(inputs.config, inputs.theme, variant, inputs.variants, converters, on_page)
    paths = writer.write(variant_pages(inputs.digest, inputs.config, texts, renderer))
    paths += writer.write(variant_feeds(inputs.digest, inputs.config, texts, renderer, inputs.updated))
    paths += writer.write([script_table(converter, main_traditional, inputs.phrases)])
    if review is not None:
        paths += writer.write(review_pages(review, renderer))
    documents = [search_document(texts.article(a)) for a in inputs.digest.articles]
    return RenderedVariant(variant.prefix, paths, documents, review.worth_a_look() if review else 0)


def _die_with_parent() -> None:
    """Linux: a killed build takes its variant processes with it (none left writing)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _variant_process(inputs: SiteInputs, variant: Variant, staging: Path, connection, counter) -> None:
    _die_with_parent()

    def count_page() -> None:
        with counter.get_lock():
            counter.value += 1

    try:
        connection.send(render_variant(inputs, variant, staging, count_page))
    except DigestError as error:
        connection.send(error)
    except BaseException:
        connection.send(DigestError(f"rendering {variant.prefix} failed:\n{traceback.format_exc()}"))
    finally:
        connection.close()


def render_variants(inputs: SiteInputs, staging: Path, on_page=None) -> list[RenderedVariant]:
    """Every variant at once, each in a process of its own (forked: the inputs are shared, not
    copied through a pipe). A single variant, or a system without fork, renders here."""
    if len(inputs.variants) == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [render_variant(inputs, v, staging, on_page) for v in inputs.variants]
    context = multiprocessing.get_context("fork")
    counter = context.Value("q", 0)
    running = []
    for variant in inputs.variants:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_variant_process, args=(inputs, variant, staging, sender, counter))
        process.start()
        sender.close()
        running.append((variant, process, receiver))
    results, shown = {}, 0
    try:
        while len(results) < len(running):
            for variant, process, receiver in running:
                if variant.prefix not in results and receiver.poll(0.05):
                    results[variant.prefix] = receiver.recv()
                elif variant.prefix not in results and not process.is_alive() and not receiver.poll():
                    raise DigestError(f"rendering {variant.prefix} stopped (exit code {process.exitcode})")
            if on_page is not None and counter.value > shown:
                on_page(counter.value - shown)
                shown = counter.value
    finally:
        for _, process, _ in running:
            if process.is_alive() and len(results) < len(running):
                process.terminate()
            process.join()
    for result in results.values():
        if isinstance(result, BaseException):
            raise result
    return [results[v.prefix] for v in inputs.variants]


def read_inputs(project: Path, config: SiteConfig, cache: Path) -> SiteInputs:
    """Articles (parsed again only where their file changed since the cache was written),
    grouped, with the theme, variants and phrase lists."""
    articles, entries = read_articles(project / config.content_dir / "articles", read_cache(cache))
    write_cache(cache, entries)
    check_articles(articles, config)
    digest = group(articles, config)
    variants = site_variants(config)
    phrases = phrase_layers(project / config.content_dir / "phrases.txt")
    with tempfile.TemporaryDirectory(prefix="digest-opencc-") as tables:
        converters = {v.prefix: Converter.layered(v, phrases, Path(tables)) for v in variants}
    return SiteInputs(config, load_theme(project / "themes" / config.theme), digest, variants, phrases,
                      converters, build_time(digest, source_date_epoch()))


def site_root_files(inputs: SiteInputs, staging: Path, source_paths: list[str]) -> list[OutputFile]:
    converters = inputs.converters
    renderers = [PageRenderer(inputs.config, inputs.theme, v, inputs.variants, converters) for v in inputs.variants]
    source_ui = VariantTexts(inputs.config, inputs.theme, converters[inputs.variants[0].prefix]).ui
    return root_files(staging, source_paths, inputs.config, inputs.theme, renderers, source_ui)


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
    inputs = read_inputs(project, config, cache_path(target.absolute()))
    with new_site(target) as staging:
        variants = render_variants(inputs, staging, on_page)
        paths = [path for v in variants for path in v.paths]
        paths += SiteWriter(staging).write(site_root_files(inputs, staging, variants[0].paths))
        if search:
            source = next(v.prefix for v in inputs.variants if v.is_source)
            index_search(staging, target.absolute() if target.is_dir() else None,
                         {v.prefix: v.search_documents for v in variants}, source, inputs.phrases)
    stamp.write_text(fingerprint)
    return BuildResult(
        output=target, articles=len(inputs.digest.articles), issues=len(inputs.digest.issues),
        pages=sum(p.endswith(".html") for p in paths),
        feeds=sum(p.endswith(("feed.xml", "atom.xml")) for p in paths),
        files=len(paths), seconds=time.perf_counter() - started, to_review=sum(v.to_review for v in variants),
    )
