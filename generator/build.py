"""The build, top to bottom: read articles, group them while another process converts them into
every variant, render each variant in its own process (with the root files) while another
indexes search, and put the new site in place (output.py).

Every stage reuses what the previous build into the same output made from the same input:
parsed articles (inputs.py), converted articles (converted.py); every file and search index
the producers describe is kept or made by keep.py. The result is the same bytes as a build
from nothing."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import (OUTPUT_LIBRARIES, STATE_FOLDER, cache_path, clear_scratch, manifest_path, read_cache,
                    scratch_folder, state_folder, tools_stamp, update_cache)
from .config import SiteConfig
from .converted import body_reader, convert_articles, converted_articles, findings_digests, stored_texts
from .feeds import variant_feeds
from .files import files_under
from .fingerprint import code_version, input_fingerprint, keep_digests, known_digests, stamp_path
from .inputs import (ARTICLES_FOLDER, STATIC_FOLDER, SiteInputs, arrange, read_sources, source_date_epoch,
                     theme_folder)
from .keep import (Artifact, Keeper, TextChanges, commit_list, discard_pending, forget_folder_list, forget_list, key_of,
                   read_folder_list, read_list, write_folder_list, write_pending)
from .output import (NO_MANIFEST, Manifest, Record, SiteUpdate, SiteWriter, adopt_legacy_manifest, check_output,
                     new_site, output_folder, output_lock)
from .pages import PageRenderer, entries_worth_a_look, review_pages, variant_pages
from .parallel import Forked, fork_map
from .review import ConversionReview, zhconv_target
from .review_months import findings_key, review_queue
from .search import (FilterNames, ShownTable, cut_ahead, index_search, pagefind_identity, script_table,
                     shown_table)
from .site_files import root_files
from .store import SOURCE, SQLITE_ERRORS, ArticleStore, store_error, store_path, using_store
from .texts import VariantTexts
from .theme import compile_templates, use_compiled
from .variants import Variant


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
    kept: int = 0
    """Pages and feeds kept from the previous build, their keys unchanged."""
    damaged_state: str = ""
    """What was found damaged in the build state, which was then removed and made again
    (DAMAGED_STATE says so after it)."""


DAMAGED_STATE = "it was removed, and this build parsed and converted every article again"


@dataclass(frozen=True)
class RenderedVariant:
    """What one process wrote of a variant (its pages and feeds, or its review pages), and what
    the rest of the build needs to know of it."""

    kept_list: str
    """The name of the list of kept files it read and wrote (keep.py): the variant's prefix,
    with REVIEW_LIST after it for the review pages."""
    paths: list[str]
    written: dict[str, Record]
    """The files it wrote, as the output's list records them (SiteWriter.records)."""
    reused: int
    """Files kept from the previous site."""
    to_review: int


REVIEW_LIST = "-review"
"""The review pages' list of kept pages is the variant's prefix and this: a process of its own
makes them (their key is made from every article's findings), beside the variant's pages."""


def render_variant(inputs: SiteInputs, variant: Variant, update: SiteUpdate, state: Path,
                   on_page=None, with_search: bool = True) -> RenderedVariant:
    """Write every file of one variant into the update's staging folder: pages, feeds, the search
    page's script table, and beside the first variant the root files; each kept from the
    previous site or made (keep.Keeper), and the list of them for the next build written into
    the build state (keep.write_pending)."""
    listed = read_list(state, variant.prefix, inputs.stamps.pages)
    # Texts read all at once for a build that renders every page, else as pages need them.
    converted = stored_texts(inputs, variant) if listed else converted_articles(inputs, variant)
    keeper = Keeper(SiteWriter(update.folder), update.site, listed, on_page, update.found,
                    TextChanges(structure(inputs, with_search), {key: text.digest for key, text in converted.items()}))
    converters = inputs.converters
    converter = converters[variant.prefix]
    texts = VariantTexts(inputs.config, inputs.theme, converter, converted=converted,
                         read_bodies=body_reader(inputs, variant), photos=inputs.photos)
    renderer = PageRenderer(inputs.config, inputs.theme, variant, inputs.variants, converters)
    paths = keeper.put(variant_pages(inputs.digest, inputs.config, texts, renderer,
                                     search_filters(inputs) if with_search else None))
    paths += keeper.put(variant_feeds(inputs.digest, inputs.config, texts, renderer, inputs.source_date_epoch))
    others = [converters[v.prefix] for v in inputs.variants if not v.is_source]
    labels = [topic.name for topic in inputs.digest.topics]
    paths += keeper.put([script_table(converter, others, inputs.phrases, labels,
                                      (sorted(inputs.stamps.texts.items()), labels))])
    if variant == inputs.variants[0]:
        paths += keeper.put(site_root_files(inputs, renderer, texts.ui, paths))
    write_pending(state, variant.prefix, keeper.new_list, inputs.stamps.pages)
    return RenderedVariant(variant.prefix, paths, keeper.writer.records, keeper.kept, 0)


def structure(inputs: SiteInputs, with_search: bool) -> str:
    """What a variant's files are made from besides the articles' texts (keep.TextChanges): the
    settings, theme, code and other files (fingerprint.InputFingerprint.settings), and each
    article's head as the build reads it (content.head_shape, kept in the store's source rows)."""
    shapes = inputs.store.text_digests(SOURCE, inputs.stamps.articles)  # by file key: its path and bytes
    return key_of(inputs.stamps.settings, sorted((key, shapes.get(file)) for key, file in inputs.file_keys.items()),
                  with_search)


def _interface(inputs: SiteInputs, variant: Variant):
    """The theme's interface strings in the variant's script (as VariantTexts.ui has them)."""
    return inputs.theme.strings.converted(inputs.converters[variant.prefix].text)


def render_review(inputs: SiteInputs, variant: Variant, update: SiteUpdate, state: Path) -> RenderedVariant:
    """A Traditional variant's conversion review pages, with a list of kept files of their own."""
    kept_list = variant.prefix + REVIEW_LIST
    keeper = Keeper(SiteWriter(update.folder), update.site, read_list(state, kept_list, inputs.stamps.pages),
                    checked=update.found)
    renderer = PageRenderer(inputs.config, inputs.theme, variant, inputs.variants, inputs.converters)
    digests = findings_digests(inputs, variant)
    converter = inputs.converters[variant.prefix]
    ui = _interface(inputs, variant)

    def queue():
        return review_queue(inputs, variant, digests, state, lambda: ConversionReview(variant, inputs.phrases).compare(
            ((text, converter.text(text)) for text in inputs.theme.strings.values()), convert=converter.text))

    # The interface strings' findings are made from what the variant's texts stamp covers (the
    # strings, the phrases, the variant, the converting code): compared only when the pages are
    # made and the strings changed (review_months), not on every build for their key.
    review = review_pages(key_of(findings_key(inputs.digest.articles, digests), inputs.stamps.texts[variant.prefix]),
                          queue, zhconv_target(variant), renderer, ui)
    paths = keeper.put(review.files)
    write_pending(state, kept_list, keeper.new_list, inputs.stamps.pages)
    return RenderedVariant(kept_list, paths, keeper.writer.records, keeper.kept,
                           entries_worth_a_look(keeper.place(review.queue_file)))


def render_variants(inputs: SiteInputs, update: SiteUpdate, state: Path, on_page=None, with_search: bool = True,
                    make_indexes: Callable[[], dict[str, str]] | None = None
                    ) -> tuple[list[RenderedVariant], dict[str, str] | None]:
    """Every variant at once, each in a process of its own (forked: the inputs are shared, not
    copied through a pipe), and each Traditional variant's review pages in another; and beside
    them, given make_indexes, the search indexes (made from the stored texts, not from the pages:
    they need not wait for them). A single variant, or a system without fork, renders here.
    Returns what each variant's process wrote, and what make_indexes returned (None without it)."""
    jobs = [("rendering", variant) for variant in inputs.variants]
    jobs += [("reviewing", variant) for variant in inputs.variants if not variant.is_source]
    if make_indexes is not None:
        jobs.append(("indexing", None))

    def run(job: tuple[str, Variant | None], count_page) -> RenderedVariant | dict[str, str]:
        what, variant = job
        if what == "indexing":
            return make_indexes()
        if what == "reviewing":
            return render_review(inputs, variant, update, state)
        return render_variant(inputs, variant, update, state, count_page, with_search)

    names = [f"{what} {variant.prefix}" if variant else f"{what} search" for what, variant in jobs]
    # The search indexes take longest (Pagefind, after cutting the documents into words): the
    # pages' processes give way to them where the cores are fewer than the processes.
    done = fork_map(run, jobs, names, on_page, [what != "indexing" for what, _ in jobs] if make_indexes else None)
    if make_indexes is None:
        return done, None
    return done[:-1], done[-1]


def site_root_files(inputs: SiteInputs, source: PageRenderer, source_ui: dict[str, str],
                    source_paths: list[str]) -> list[Artifact]:
    """The root files, made with the first variant's renderer (source) once its pages are written."""
    renderers = [source if v == source.variant else PageRenderer(inputs.config, inputs.theme, v, inputs.variants,
                                                                 inputs.converters) for v in inputs.variants]
    uis = [source_ui if v == source.variant else inputs.theme.strings.converted(inputs.converters[v.prefix].text)
           for v in inputs.variants]
    return root_files(source_paths, inputs.config, inputs.theme, renderers, uis, inputs.root_static,
                      inputs.photos, inputs.content)


def build(project: Path, config: SiteConfig, output: Path | None = None, on_page=None,
          search: bool = True, force: bool = False, state: Path | None = None,
          search_later: bool = False, then: Callable[[BuildResult], object] | None = None) -> BuildResult:
    """Build the site into output (the config's folder by default), one build at a time: a
    build started while another runs into the same output waits for it (output.output_lock).
    state: the folder of what the build keeps for the next one (cache.state_folder by default).
    search_later: leave the previous site's search indexes as they are (the preview renders the
    pages first, then brings search up to date with a forced build); the build counts as one with
    search, so that build finds nothing else to do. then: called with the result of a build that
    wrote the site, before the build lets go of what it read (the command line reports there and
    ends its process: cli.end_process, which spares freeing every article's objects one by one)."""
    started = time.perf_counter()
    code = code_version()  # once: the code may change while a build runs
    content = project / config.content_dir
    theme_dir = theme_folder(project, config)
    target = output_folder(output or project / config.output_dir, project,
                           [content, project / "themes", project / STATIC_FOLDER, project / STATE_FOLDER])
    with output_lock(target):
        site = target.absolute()
        state = (state or state_folder(project, site)).absolute()
        state.mkdir(parents=True, exist_ok=True)
        clear_scratch(state)
        manifest = manifest_path(state)
        adopt_legacy_manifest(target, manifest)
        # The output check needs nothing of the inputs: it runs in a process of its own from the
        # start, beside listing, hashing, reading and converting them. Its list serves the new
        # site's, and it gives restored files their times back; the inputs unchanged, it decides
        # whether there is anything to do.
        with Forked(lambda: _checked_output(target, manifest), "checking the output") as checking:
            # Listed once, inside the lock: a build waited for may change it.
            content_files = files_under(content, within=project)
            known = known_digests(state)
            inputs_seen = input_fingerprint(
                project, config.model_dump_json(), content, content_files,
                [theme_dir, project / STATIC_FOLDER],
                {"search": search or search_later, "epoch": source_date_epoch(),
                 "tools": tools_stamp(code, *OUTPUT_LIBRARIES),
                 "pagefind": pagefind_identity() if search or search_later else ""},
                content / ARTICLES_FOLDER, known)
            fingerprint, digests = inputs_seen.whole, inputs_seen.digests
            keep_digests(state, digests, known)
            stamp = stamp_path(state)
            checked = None
            # Compared as bytes: a damaged stamp is only unequal.
            if not force and stamp.is_file() and stamp.read_bytes() == fingerprint.encode():
                checked = checking.result()
                if checked[0]:
                    return BuildResult(output=target, articles=0, issues=0, pages=0, feeds=0, files=0,
                                       seconds=time.perf_counter() - started, to_review=0, up_to_date=True)
            stamp.unlink(missing_ok=True)
            found = functools.cache(lambda: (checked or checking.result())[1])  # taken once, whatever the attempts

            def write(store: ArticleStore) -> tuple[SiteInputs, list[RenderedVariant], list[str]]:
                try:
                    # The templates are compiled once, beside reading the inputs, for every
                    # process that renders (theme.CompiledTemplates): not once in each.
                    with Forked(lambda: compile_templates(theme_dir), "compiling the templates") as compiling:
                        sources = read_sources(project, config, content_files, store, state, code,
                                               {path: entry[2] for path, entry in digests.items()},
                                               inputs_seen.settings)
                        # Converting what the store lacks needs nothing of the grouping: beside it.
                        # The converted texts' search words are cut there too, with the dictionary
                        # its review loads: the search's process need not load one.
                        cut_words = functools.partial(cut_ahead, sources.store, sources.phrases,
                                                      sources.stamps.code) if search or search_later else None
                        with Forked(lambda: convert_articles(sources, cut_words), "converting") as converting:
                            inputs = arrange(sources, project, state)
                            converting.result()
                        use_compiled(inputs.theme, compiling.result())
                    try:
                        return inputs, *_write_site(inputs, site, manifest, found(), state, search, on_page,
                                                    search_later and not search)
                    except BaseException:
                        for variant in inputs.variants:
                            for kept_list in (variant.prefix, variant.prefix + REVIEW_LIST):
                                discard_pending(state, kept_list)
                        raise
                except SQLITE_ERRORS as error:  # opening the store, making its tables: in this process
                    raise store_error(store, error, writing=True) from error

            # A store found damaged (in any of the build's processes) is removed and the build
            # made again without it: nothing of the new site is in place until its end.
            (inputs, variants, paths), damage = using_store(store_path(state), write)
        for variant in variants:
            commit_list(state, variant.kept_list)
        stamp.write_text(fingerprint)
    result = BuildResult(
        output=target, articles=len(inputs.digest.articles), issues=len(inputs.digest.issues),
        pages=sum(p.endswith(".html") for p in paths),
        feeds=sum(p.endswith(("feed.xml", "atom.xml", "feed.json")) for p in paths),
        files=len(paths), seconds=time.perf_counter() - started, to_review=sum(v.to_review for v in variants),
        kept=sum(v.reused for v in variants), damaged_state=str(damage or ""),
    )
    if then is not None:
        then(result)
    return result


def _checked_output(target: Path, manifest: Path) -> tuple[bool, Manifest]:
    """output.check_output's answer: whether the output is as the state's last build wrote it
    (manifest: its list), and that list as the check left it (NO_MANIFEST where there is no
    output yet)."""
    return check_output(target, manifest) if target.is_dir() else (False, NO_MANIFEST)


def shown_tables(inputs: SiteInputs, state: Path) -> dict[str, ShownTable]:
    """search.shown_table of each variant but the source, kept in the build state while what the
    variants' converters are made from is the same (their texts stamps): every build with search
    needs them for the indexes' keys, and making them converts thousands of characters."""
    converting = [v for v in inputs.variants if not v.is_source]
    stamp = key_of(sorted((v.prefix, inputs.stamps.texts[v.prefix]) for v in converting))
    path = cache_path(state, "shown")
    known = read_cache(path, stamp, dict)
    tables = {v.prefix: known.get(v.prefix) or shown_table(inputs.converters[v.prefix]) for v in converting}
    update_cache(path, tables, known, stamp)
    return tables


def index_variants(inputs: SiteInputs, staging: Path, previous_site: Path | None,
                   known: dict[str, str], scratch: Path, state: Path) -> dict[str, str]:
    """The search indexes every variant searches (search.py), from the articles' converted texts:
    all read at once for a first build; for a rebuild, only those of the indexes made again (the
    indexes' keys need only each text's path, date and digest). known: the previous site's index
    folders and their keys; scratch: cache.scratch_folder; state: the build state (shown_tables).
    Returns the new site's."""
    texts, bodies = {}, {}
    articles = {a.key: a for a in inputs.digest.articles}
    for variant in inputs.variants:
        converted = converted_articles(inputs, variant) if previous_site is None else stored_texts(inputs, variant)
        texts[variant.prefix] = [converted[a.key] for a in inputs.digest.articles]
        read = body_reader(inputs, variant)
        bodies[variant.prefix] = lambda text, read=read: read([articles[text.key]])[text.key]
    source = next(v for v in inputs.variants if v.is_source)
    tables = shown_tables(inputs, state)
    return index_search(staging, previous_site, texts, bodies, source.prefix, inputs.phrases, inputs.stamps.code,
                        inputs.store, known, search_filters(inputs), tables, scratch)


def search_filters(inputs: SiteInputs) -> FilterNames:
    """The names of the search indexes' filters: the source variant's words (every variant's
    search page shows them in its own, and finds them by these)."""
    ui = _interface(inputs, next(v for v in inputs.variants if v.is_source))
    return FilterNames(ui["search_filter_year"], ui["search_filter_topic"])


def _write_site(inputs: SiteInputs, site: Path, manifest: Path, found: Manifest, state: Path, search: bool,
                on_page, keep_indexes: bool = False) -> tuple[list[RenderedVariant], list[str]]:
    """The new site, put in place of the old one (found: as the build checked it): variants,
    root files, search indexes. The lists of kept pages are read by the variants' processes,
    then forgotten until the new site is in place (they describe the old one)."""
    with new_site(site, manifest, found) as update:
        listed = read_folder_list(state)
        make_indexes = (lambda: index_variants(inputs, update.folder, update.site, listed, scratch_folder(state),
                                               state)) if search else None
        variants, indexes = render_variants(inputs, update, state, on_page, search or keep_indexes, make_indexes)
        paths = [path for v in variants for path in v.paths]
        if indexes is None and keep_indexes and update.site is not None:  # as they are, under their keys
            indexes = {folder: key for folder, key in listed.items() if (update.site / folder).is_dir()}
        indexes = indexes or {}
        for variant in variants:
            forget_list(state, variant.kept_list)
        forget_folder_list(state)
        written = {path: record for v in variants for path, record in v.written.items()}
        update.commit(set(paths), set(indexes), written)
    write_folder_list(state, indexes)
    return variants, paths
