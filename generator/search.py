"""Search: Pagefind indexes per variant, one per period of issues, and a character table that converts
the reader's query into the variant's script, so 工会 and 工會 find the same articles on either side.

Pagefind is not given the pages themselves but one small document per article whose text we have
already cut into words (rjieba: the words, then their sub-words such as 工会 in 总工会), indexed as a
language Pagefind splits at spaces: its own Chinese segmentation costs several times the time and
memory. Pagefind's cost, in time and memory, follows each document's distinct words, and most of
an index's time is Pagefind writing its files; its Python API is slower than running the binary
over written pages, so the binary runs (bench/README.md has the figures). The browser still cuts
the reader's query with its own word segmenter (Pagefind does that for zh pages), and Pagefind
matches each query word as the beginning of an indexed word.

One index per period (urls.index_period: each closed year, the newest year's earlier months, the
newest month) keeps Pagefind's memory bounded by a year of articles, and lets a build reuse a
period whose documents did not change (see index_search): a new day remakes the newest month's
index alone. Cutting is a sizable part of an index's work; each article's words are kept in the
article store under the key of what they were cut from, so a period made again cuts only its
changed articles. The indexes to make are shared out between two forked processes (cutting is
Python, and goes on while Pagefind runs); how many Pagefinds run at once is set by the documents
they hold (documents_at_once), which bounds the build's memory by the machine's.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import subprocess
import sys
import tempfile
from array import array
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import urls
from .errors import DigestError
from .keep import Artifact, folders_to_make, fresh
from .parallel import SharedBudget, balanced, die_with_parent, fork_map
from .phrases import opencc_table
from .store import ArticleStore
from .texts import ArticleText, html_to_text
from .ingest.text import HAN_CHAR
from .variants import Converter


def _first_values(table: str) -> dict[str, str]:
    """Each single character of an OpenCC table that its first value changes, with that value."""
    return {key: values[0] for key, values in opencc_table(table) if len(key) == 1 and values[0] != key}


def script_table(converter: Converter, target: Converter, phrases: dict[str, str]) -> Artifact:
    """JS for the search page of converter's variant: window.digestScript maps single characters
    of the other script to this variant's; window.digestPhrases maps whole phrases of the phrase
    lists (names such as 方中里, whose characters alone would convert otherwise).

    target converts the source text into the site's main Traditional variant (for the source
    variant's table of Traditional phrases)."""
    if converter.variant.is_source:
        mapping = _first_values("TSCharacters.txt")  # Traditional query -> Simplified pages
        phrase_map = {target.text(source): source for source in phrases}
    else:
        mapping = {}
        for simplified in _first_values("STCharacters.txt"):
            converted = converter.text(simplified)
            if len(converted) == 1 and converted != simplified:
                mapping[simplified] = converted
        phrase_map = {source: converter.text(source) for source in phrases}
    phrase_map = {k: v for k, v in phrase_map.items() if k != v or k in phrases}
    body = json.dumps(dict(sorted(mapping.items())), ensure_ascii=False, separators=(",", ":"))
    words = json.dumps(dict(sorted(phrase_map.items())), ensure_ascii=False, separators=(",", ":"))
    script = f"window.digestScript={body};\nwindow.digestPhrases={words};\n"
    return fresh(urls.file_name(converter.variant.prefix, "script-table.js"), script.encode("utf-8"))


TAIL = "digestsubwords"
"""Separates an article's words, in reading order, from the sub-words that follow them: the
search page rebuilds its excerpt from the part before it."""


def search_document(item: ArticleText, body_html: str) -> str:
    """What a reader sees of the article, as one line: body, summary, headline parts, photo
    captions and credits, bylines. The body first: the search page shows the title, and an
    excerpt from the start of the text."""
    parts = [html_to_text(body_html), item.summary, item.kicker, item.title, item.subtitle,
             *(part for picture in item.pictures for part in (picture.caption, picture.credit)), *item.authors,
             *item.reporters, *item.correspondents, *item.photographers]
    return " · ".join(p for p in parts if p)


def period_of(item: ArticleText, latest: str) -> str:
    """The period whose index holds the article (urls.index_period)."""
    return urls.index_period(item.date, latest)


class Segmenter:
    """Cuts text into the words the index holds, with the phrase lists' names as words."""

    def __init__(self, phrases) -> None:
        import rjieba  # here: it takes 0.2 s to load, and a build without search does not need it

        self.jieba = rjieba.Jieba()
        for phrase in phrases:
            self.jieba.add_word(phrase, None, None)

    def spans(self, text: str) -> array:
        """Where text's words and their sub-words are (jieba's search mode), by start, longest
        first: each one's start and end, one after the other. An array, not tuples: a year's
        spans are kept for the other variant, and as tuples they took 170 KB an article."""
        by_start = sorted({(start, -end) for _, start, end in self.jieba.tokenize(text, mode="search")})
        return array("I", [n for start, negative_end in by_start for n in (start, -negative_end)])

    @staticmethod
    def words(text: str, spans: array) -> str:
        """text's words in reading order, then TAIL, the sub-words, and each Han character that
        begins no word: the browser cuts a name it does not know into characters (刘金梦 ->
        刘|金|梦), and Pagefind matches a query word as the beginning of an indexed word."""
        reading, extra, position = [], [], 0
        for start, end in zip(spans[::2], spans[1::2]):
            if start == position:
                reading.append(text[start:end])
                position = end
            else:
                extra.append(text[start:end])
        starts = {text[start] for start in spans[::2]}
        characters = [c for c in dict.fromkeys(text) if c not in starts and HAN_CHAR.match(c)]
        return " ".join([w for w in reading if not w.isspace()] + [TAIL] + extra + characters)


@dataclass(frozen=True)
class FilterNames:
    """The names of the search page's filters in one variant's words (Pagefind shows a filter's
    name as it is given): the year of issue and the topic."""

    year: str
    topic: str


def _document_page(text: ArticleText, words: str, filters: FilterNames) -> str:
    """The page Pagefind indexes for an article: its words, and in a part Pagefind does not index
    (data-pagefind-ignore still gives its metadata, filters and sort keys) the date, page and
    topics a result shows, the year and topics to filter by, the date to sort by."""
    def tag(attribute: str, key: str, value: str) -> str:
        return f'<span data-pagefind-{attribute}="{html.escape(key, quote=True)}">{html.escape(value)}</span>'

    topics = [link.label for link in text.topic_links]
    extra = [tag("meta", "date", text.date_label), tag("meta", "page", text.page_label),
             tag("meta", "topics", "、".join(topics)), tag("filter", filters.year, text.date[:4]),
             *(tag("filter", filters.topic, topic) for topic in topics), tag("sort", "date", text.date)]
    title = html.escape(text.title, quote=True)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="title:{title}"><p>{html.escape(words)}</p>'
            f'<div data-pagefind-ignore>{"".join(extra)}</div></main></body></html>\n')


def pagefind_command() -> list[str]:
    """The Pagefind to run: $DIGEST_PAGEFIND, else the 1.6 binary `make` installs from npm into
    .venv/pagefind (the package of this platform), else the PyPI build."""
    chosen = os.environ.get("DIGEST_PAGEFIND")
    if chosen:
        return [chosen]
    name = "pagefind_extended.exe" if os.name == "nt" else "pagefind_extended"
    for folder in (Path(sys.prefix), Path(sys.prefix).parent):
        for binary in (folder / "pagefind" / "node_modules" / "@pagefind").glob(f"*/bin/{name}"):
            if binary.is_file():
                return [str(binary)]
    return [sys.executable, "-m", "pagefind"]


def pagefind_identity() -> str:
    """The Pagefind that runs, for keys: the PyPI package's version, or the binary's path, size
    and modification time (an upgrade in place keeps the path)."""
    command = pagefind_command()
    if command[0] == sys.executable:
        return f"pagefind {metadata.version('pagefind')}"
    try:
        stat = os.stat(command[0])
    except OSError:  # Pagefind itself will say it cannot run
        return command[0]
    return f"{command[0]}|{stat.st_size}|{stat.st_mtime_ns}"


def _index_key(tools: str, texts: list[ArticleText], phrases: dict[str, str]) -> str:
    """Equal keys, equal indexes: the tools (digest's code, rjieba, Pagefind), the phrase list
    and the articles' texts (by digest: a document is made of nothing else)."""
    parts = [tools, sorted(phrases), [(t.path, t.digest) for t in texts]]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class PagefindRun:
    """Pagefind making one index from the documents (text, its words) into folder, running while
    the build goes on; wait() finishes it."""

    def __init__(self, folder: Path, documents: list[tuple[ArticleText, str]], filters: FilterNames) -> None:
        self.folder = folder
        self.documents = len(documents)
        """How many: what the run holds of the build's budget (documents_at_once)."""
        self.pages = tempfile.TemporaryDirectory(prefix="digest-search-")
        site = Path(self.pages.name)
        for text, words in documents:
            target = site / text.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_document_page(text, words, filters), encoding="utf-8")
        command = [*pagefind_command(), "--site", str(site), "--output-path", str(folder), "--silent"]
        try:
            # die_with_parent: a search process stopped (a build failed or killed) stops its Pagefind,
            # which would otherwise go on writing into a staging folder already removed
            self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                            preexec_fn=die_with_parent)
        except OSError as exc:
            self.pages.cleanup()
            raise DigestError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[extended]'") from None

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.pages.cleanup()

    def wait(self) -> None:
        output, _ = self.process.communicate()
        self.pages.cleanup()
        if self.process.returncode != 0:
            lines = [line.strip() for line in output.strip().splitlines()
                     if line.strip() and "RUST_BACKTRACE" not in line]
            said = " / ".join(lines[-3:]) if lines else f"exit code {self.process.returncode}"
            raise DigestError(f"Pagefind failed on {self.folder}: {said}",
                              hint="run the build again with --no-search to publish without search; "
                                   "pip install 'pagefind[extended]' if Pagefind is missing or damaged")


def _index_folder(prefix: str, period: str) -> str:
    """A variant's index of a period, relative to the site."""
    return f"{prefix}/{urls.search_index(period).rstrip('/')}"


BodyReader = Callable[[ArticleText], str]


@dataclass(frozen=True)
class IndexJob:
    """One variant's index of one period, to be made from its articles' texts."""

    prefix: str
    period: str
    texts: tuple[ArticleText, ...]
    key: str


class DocumentWords:
    """The words of each article's search document in one process: from the store when they were
    cut from the same text before, else cut here (rjieba loaded on the first cut). A Traditional
    text as long as its Simplified source is cut where the source is (the dictionary is
    Simplified); each source text is cut once."""

    def __init__(self, store: ArticleStore, sources: dict[str, ArticleText], bodies: dict[str, BodyReader],
                 source_prefix: str, phrases: dict[str, str], tools: str) -> None:
        self.store = store
        self.sources = sources
        """Page -> the source variant's text of the article."""
        self.bodies = bodies
        self.source_prefix = source_prefix
        self.phrases = phrases
        self.tools = f"{tools}|{sorted(phrases)}"
        self._source_spans: dict[str, tuple[str, array]] = {}
        """Page -> the source document and its spans, for the period being made."""
        self._period = ""

    @functools.cached_property
    def segmenter(self) -> Segmenter:
        return Segmenter(self.phrases)

    def key(self, prefix: str, text: ArticleText) -> str:
        """What the words are cut from: the tools, the text, and the source text it is cut along."""
        source = self.sources.get(text.path) if prefix != self.source_prefix else None
        parts = f"{self.tools}|{prefix}|{text.digest}|{source.digest if source else ''}"
        return hashlib.blake2b(parts.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def of_period(self, job: IndexJob) -> list[tuple[ArticleText, str]]:
        """Each article of the job with its words; the words cut here are stored."""
        if job.period != self._period:
            self._source_spans.clear()
            self._period = job.period
        documents, made = [], {}
        for text in job.texts:
            key = self.key(job.prefix, text)
            words = self.store.words(job.prefix, text.path, key)
            if words is None:
                words = self._cut(job.prefix, text)
                made[text.path] = (key, words)
            documents.append((text, words))
        self.store.put_words(job.prefix, made)
        return documents

    def _cut(self, prefix: str, text: ArticleText) -> str:
        if prefix == self.source_prefix:
            return self.segmenter.words(*self._source(text))
        document = search_document(text, self.bodies[prefix](text))
        source = self.sources.get(text.path)
        along = self._source(source) if source is not None else None
        spans = along[1] if along is not None and len(along[0]) == len(document) else self.segmenter.spans(document)
        return self.segmenter.words(document, spans)

    def _source(self, source: ArticleText) -> tuple[str, array]:
        if source.path not in self._source_spans:
            document = search_document(source, self.bodies[self.source_prefix](source))
            self._source_spans[source.path] = (document, self.segmenter.spans(document))
        return self._source_spans[source.path]


def _share(jobs: list[IndexJob]) -> list[list[IndexJob]]:
    """Two parts of about equal work (documents), each period's jobs in one part, the source
    variant's first (the others are cut along it); an empty part is left out."""
    periods: dict[str, list[IndexJob]] = {}
    for job in jobs:
        periods.setdefault(job.period, []).append(job)
    documents = {period: sum(len(job.texts) for job in jobs) for period, jobs in periods.items()}
    heaviest_first = sorted(periods, key=lambda period: -documents[period])
    parts = balanced(heaviest_first, documents.__getitem__)
    return [[job for period in part for job in periods[period]] for part in parts if part]


PAGEFINDS_AT_ONCE = 2
"""Pagefinds running at a time in the whole build, whatever the memory: each uses more than a core."""

PAGEFIND_MB_A_DOCUMENT = 0.6
"""The memory a document is given while Pagefind makes an index (it holds the whole index in
memory; bench/README.md has what it was measured to use)."""


def documents_at_once() -> int:
    """How many documents the Pagefinds running at once may hold between them, in the whole
    build: as many as a quarter of the machine's memory holds. With 16 GB or more, both variants'
    indexes of a full year are made side by side; with 8 GB, one after the other (a cold build
    with search then takes about a third longer). An index larger than this is made alone."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: assume 8 GB
        memory = 8 * 2**30
    return int(memory / 4 / (PAGEFIND_MB_A_DOCUMENT * 2**20))


def index_search(staging: Path, previous_site: Path | None, texts: dict[str, list[ArticleText]],
                 bodies: dict[str, BodyReader], source_prefix: str, phrases: dict[str, str], code: str,
                 store: ArticleStore, listed: dict[str, str], filters: dict[str, FilterNames]) -> dict[str, str]:
    """Every variant's indexes, one a period (urls.index_period): each folder (relative to the site) and the key it is made
    from. texts: variant prefix -> its articles' texts; bodies: variant prefix -> reads an article
    text's body; code: digest's code version; listed: the previous site's folders and keys
    (keep.read_folder_list). An index keep.folders_to_make does not name is kept in the
    previous site (nothing is read); the others are made into staging, in two processes.
    filters: variant prefix -> the names of its filters."""
    tools = f"{code}|{metadata.version('rjieba')}|{pagefind_identity()}"
    wanted: dict[str, IndexJob] = {}
    for prefix, variant_texts in texts.items():
        latest = max((t.date for t in variant_texts), default="")
        periods: dict[str, list[ArticleText]] = {}
        for text in variant_texts:
            periods.setdefault(period_of(text, latest), []).append(text)
        for period in sorted(periods, reverse=True):
            key = _index_key(f"{tools}|{filters[prefix]}", periods[period], phrases)
            wanted[_index_folder(prefix, period)] = IndexJob(prefix, period, tuple(periods[period]), key)
    folders = {folder: job.key for folder, job in wanted.items()}
    jobs = [wanted[folder] for folder in folders_to_make(folders, listed, previous_site)]
    sources = {t.path: t for t in texts[source_prefix]}
    parts = _share(sorted(jobs, key=lambda job: job.prefix != source_prefix))
    budget = SharedBudget(documents_at_once())
    at_once = max(1, PAGEFINDS_AT_ONCE // len(parts)) if parts else 1  # in each process

    def make(part: list[IndexJob], _progress) -> None:
        """Cuts each job's documents while the Pagefinds of the jobs before it run; a Pagefind
        starts once fewer than at_once of this process's own run and its documents fit in the
        budget (this process's own Pagefinds are waited for first: waiting for the budget while
        holding some could wait for ever)."""
        words = DocumentWords(store, sources, bodies, source_prefix, phrases, tools)
        running: list[PagefindRun] = []

        def finish_oldest() -> None:
            run = running.pop(0)
            try:
                run.wait()
            finally:
                budget.give_back(run.documents)

        def take(documents: int) -> None:
            while not (len(running) < at_once and budget.try_take(documents)):
                if not running:
                    budget.take(documents)
                    return
                finish_oldest()

        try:
            for job in part:
                documents = words.of_period(job)
                take(len(documents))
                try:
                    running.append(PagefindRun(staging / _index_folder(job.prefix, job.period), documents,
                                               filters[job.prefix]))
                except BaseException:
                    budget.give_back(len(documents))
                    raise
            while running:
                finish_oldest()
        finally:
            for run in running:
                run.stop()
                budget.give_back(run.documents)

    fork_map(make, parts, ["search indexes"] * len(parts))
    for prefix, variant_texts in texts.items():
        store.keep_words(prefix, {t.path for t in variant_texts})
    return folders
