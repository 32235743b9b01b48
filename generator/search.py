"""Search: Pagefind indexes, one per period of issues, shared by every variant. They hold the source
(Simplified) text; each search page turns the reader's query into it with a character table, so
工会 and 工會 find the same articles on either side, and a page of another variant shows each result
in its own script (script_table, display_fixes).

Pagefind is not given the pages themselves but one small document per article whose text we have
already cut into words (rjieba: the words, then their sub-words such as 工会 in 总工会), indexed as a
language Pagefind splits at spaces: its own Chinese segmentation costs several times the time and
memory. Pagefind's cost, in time and memory, follows each document's distinct words, and most of
an index's time is Pagefind writing its files; its Python API is slower than running the binary
over written pages, so the binary runs (bench/README.md has the figures). The browser still cuts
the reader's query with its own word segmenter (Pagefind does that for zh pages), and Pagefind
matches each query word as the beginning of an indexed word.

One index for all variants, not one each: a variant's index would hold the same articles' words
in another script, and making it cost as much again. A document carries, as metadata, each other
variant's title, date, page and topics where they differ from the source's, and the few places
where its text is not the source's converted a character at a time (display_fixes): the reader
of a Traditional page sees the article's own conversion, phrases and names included.

One index per period (urls.index_period: each closed year, the newest year's days before the
newest half-month, the newest half-month) keeps Pagefind's memory bounded by a year of articles,
and lets a build reuse a period whose documents did not change (see index_search): a new day
remakes the newest half-month's index alone. Cutting is a sizable part of an index's work; each
article's words are kept in the article store under the key of what they were cut from, and each
other variant's display fixes under the key of what they were made from, so a period made again
cuts, and reads the bodies of, only its changed articles. The indexes to make are shared out
between two forked processes (cutting is Python, and goes on while Pagefind runs); how many
Pagefinds run at once is set by the documents they hold (documents_at_once), which bounds the
build's memory by the machine's.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html
import json
import operator
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

from . import urls
from .errors import DigestError
from .files import file_digest
from .keep import Artifact, folders_to_make
from .parallel import SharedBudget, balanced, die_with_parent, fork_map
from .phrases import opencc_table
from .store import ArticleStore
from .texts import ArticleText, html_to_text
from .ingest.text import HAN_CHAR
from .variants import Converter
from .wordcut import jieba_with


def _first_values(table: str) -> dict[str, str]:
    """Each single character of an OpenCC table that its first value changes into one other character."""
    return {key: values[0] for key, values in opencc_table(table)
            if len(key) == 1 and len(values[0]) == 1 and values[0] != key}


QUOTES = "“”‘’"
"""Marks a variant may write otherwise (corner quotes), besides the characters of STCharacters."""


ShownTable = dict[int, str]
"""Source character (its code point, as str.translate takes it) -> the character a variant writes."""


def shown_table(converter: Converter) -> ShownTable:
    """Each single character of the source script that converter writes as another single
    character, in the source's order: what the search page of converter's variant turns the
    index's text into. Where an article's text differs from it (a phrase, a name, a character
    with several forms), the index holds the difference (display_fixes)."""
    table = {}
    for simplified in sorted({*_first_values("STCharacters.txt"), *QUOTES}):
        converted = converter.text(simplified)
        if len(converted) == 1 and converted != simplified:
            table[ord(simplified)] = converted
    return table


VOCABULARY = {"s2twp": "TWPhrases.txt"}
"""OpenCC configurations that change words, not only characters, with the table of those words
(Traditional keys: 項目 -> 專案)."""


def _vocabulary(converter: Converter, to_source: dict[str, str]) -> dict[str, str]:
    """The words converter's variant writes otherwise than the source's characters would give
    (专案 is not 项目's Traditional form but Taiwan's word for it), each with the source's word: a
    reader of that variant types 專案 and must find 项目. to_source: Traditional characters ->
    Simplified, to read the table's keys as source words."""
    name = VOCABULARY.get(converter.variant.opencc_config or "")
    if name is None:
        return {}
    found = {}
    for key, _ in opencc_table(name):
        source = "".join(to_source.get(c, c) for c in key)
        written = converter.text(source)
        if "".join(to_source.get(c, c) for c in written) != source:
            found[written] = source
    return found


def _pairs(table: dict[str, str]) -> list[str]:
    """A table of single characters as two strings, keys and values: half the bytes of an object."""
    return ["".join(table), "".join(table.values())]


def script_table(converter: Converter, others: list[Converter], phrases: dict[str, str],
                 labels: list[str], made_from: tuple | None = None) -> Artifact:
    """JS for the search page of converter's variant. The one index every variant searches holds
    the source script, so window.digestQuery turns a query into it: single characters of any
    other script (OpenCC's TSCharacters), and whole phrases of the phrase lists as the other
    variants write them (names such as 方中里, whose characters alone would convert otherwise),
    and a variant's own words for the source's (_vocabulary: 專案 for 项目 under s2twp).
    others: the variants that are not the source.

    A page of another variant shows what the index holds in its own script: window.digestShown
    has the characters (shown_table) and the labels (topics, as filter values) written whole. Its
    query characters are then those of digestShown the other way round, and only the ones that
    differ from TSCharacters are written out (the file is part of what a first search loads).
    made_from: what the converters are made from (the variants' texts stamps), and the labels
    (None: made every build)."""
    return Artifact(urls.file_name(converter.variant.prefix, "script-table.js"), made_from,
                    lambda: _script_table(converter, others, phrases, labels))


def _script_table(converter: Converter, others: list[Converter], phrases: dict[str, str], labels: list[str]) -> bytes:
    query = dict(sorted(_first_values("TSCharacters.txt").items()))
    query_phrases = {other.text(source): source for other in others for source in phrases}
    for other in others:
        query_phrases.update(_vocabulary(other, query))
    query_phrases = {k: v for k, v in sorted(query_phrases.items()) if k != v or k in phrases}
    script = ""
    if not converter.variant.is_source:
        table = {chr(code): character for code, character in shown_table(converter).items()}
        whole = {source: converter.text(source) for source in sorted(labels)}
        shown = {"chars": _pairs(table), "phrases": {k: v for k, v in whole.items() if k != v}}
        script += f"window.digestShown={json.dumps(shown, ensure_ascii=False, separators=(',', ':'))};\n"
        inverse = {variant: source for source, variant in table.items()}
        query = {**{k: k for k in inverse if k not in query},
                 **{k: v for k, v in query.items() if inverse.get(k) != v}}
    chosen = {"chars": _pairs(query), "phrases": query_phrases}
    script += f"window.digestQuery={json.dumps(chosen, ensure_ascii=False, separators=(',', ':'))};\n"
    return script.encode("utf-8")


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


_FIRST = operator.itemgetter(0)


class Segmenter:
    """Cuts text into the words the index holds, with the phrase lists' names as words."""

    def __init__(self, phrases) -> None:
        # made here, not on import: loading the dictionary takes a moment, and a build that cuts
        # nothing does not need it (the review's, where this process made one: wordcut.jieba_with)
        self.jieba = jieba_with(tuple(phrases))

    def words(self, text: str) -> str:
        """text's words in reading order (jieba's cut), then TAIL, the sub-words its search mode
        adds (工会 in 总工会) once each, and each Han character that begins no word: the browser
        cuts a name it does not know into characters (刘金梦 -> 刘|金|梦), and Pagefind matches a
        query word as the beginning of an indexed word. So a sub-word that begins another of the
        document's words (全国 of 全国总工会) is left out: every query that finds it finds that
        word, and Pagefind's time and the reader's download follow the distinct words."""
        reading = self.jieba.cut(text)
        distinct = dict.fromkeys(self.jieba.cut_for_search(text))  # in order; the reading's words among them
        known = set(reading)
        extra = [word for word in distinct if word not in known]
        every = known.union(distinct)
        begins_another = {word[:length] for length in {len(word) for word in extra} for word in every
                          if len(word) > length}
        extra = [word for word in extra if word not in begins_another]
        # The characters that begin no word, in the order of their first place in the text: the
        # reading's words hold every character of it, and a word's first character begins one.
        later = set("".join([word[1:] for word in known if len(word) > 1])).difference(map(_FIRST, every))
        characters = sorted([c for c in later if HAN_CHAR.match(c)], key=text.index)
        return " ".join([w for w in reading if not w.isspace()] + [TAIL] + extra + characters)


_BETWEEN_LATIN = re.compile(r"(?<=[A-Za-z0-9]) +(?=[A-Za-z0-9])")
_SPACE_BETWEEN_LATIN = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")
_WHITESPACE = re.compile(r"\s+")
_TAIL_PATTERN = re.compile(f"(?:^| ){TAIL}(?: |$)")


def plain_reading(document: str) -> str:
    """A search document as reading_text gives it once cut into words, without cutting it: the
    cut drops whitespace and reading_text puts a space back between Latin letters or digits only.
    (Where the cut splits a run of Latin letters or digits, reading_text has a space that this
    has not; display_fixes then corrects the one space.)"""
    return _WHITESPACE.sub("", _SPACE_BETWEEN_LATIN.sub("\x00", document)).replace("\x00", " ")


def reading_text(words: str) -> str:
    """The text the search page rebuilds an excerpt from (search.js's joinWords): the words before
    TAIL, joined with no space unless both sides are Latin letters or digits."""
    reading = _TAIL_PATTERN.split(words, 1)[0]
    return " ".join(piece.replace(" ", "") for piece in _BETWEEN_LATIN.split(reading))


Fix = tuple[int, int, str]
"""Characters start to end of the source's reading text, shown as the text (end == start: put before)."""

_BLOCK = 64
"""Characters compared at once in display_fixes: most blocks are equal."""


def display_fixes(source: str, variant: str, table: ShownTable) -> list[Fix]:
    """Where a variant's reading text differs from the source's converted a character at a time
    with table (shown_table): what the index must hold for the variant's page to show the
    article's own conversion (a phrase, a name, a corner quote). Most texts convert to the same
    length, and are compared character by character; others are aligned by difflib."""
    guessed = source.translate(table)
    if guessed == variant:
        return []
    if len(guessed) == len(variant):
        fixes: list[Fix] = []
        for block in range(0, len(guessed), _BLOCK):
            if guessed[block:block + _BLOCK] == variant[block:block + _BLOCK]:
                continue
            for at in range(block, min(block + _BLOCK, len(guessed))):
                if guessed[at] == variant[at]:
                    continue
                if fixes and fixes[-1][1] == at:
                    start, _, text = fixes[-1]
                    fixes[-1] = (start, at + 1, text + variant[at])
                else:
                    fixes.append((at, at + 1, variant[at]))
        return fixes
    matcher = difflib.SequenceMatcher(None, guessed, variant, autojunk=False)
    return [(i1, i2, variant[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def shown(source: str, table: ShownTable, fixes: list[Fix]) -> str:
    """The variant's text as its search page shows it (search.js's shownText does the same)."""
    pieces = [table.get(ord(c), c) for c in source] + [""]
    for start, end, text in fixes:
        for at in range(start, end):
            pieces[at] = ""
        pieces[start] = text + pieces[start] if end == start else text
    return "".join(pieces)


@dataclass(frozen=True)
class FilterNames:
    """The names of the search page's filters in one variant's words (Pagefind shows a filter's
    name as it is given): the year of issue and the topic."""

    year: str
    topic: str


@dataclass(frozen=True)
class ShownAs:
    """An article as another variant's search page shows it: that variant's text (title, date,
    page, topics) and where its reading text differs from the source's converted a character at
    a time (display_fixes)."""

    prefix: str
    text: ArticleText
    fixes: tuple[Fix, ...]


@dataclass(frozen=True)
class IndexDocument:
    """One article in the index: the source variant's text and words, and how each other variant shows it."""

    text: ArticleText
    words: str
    shown: tuple[ShownAs, ...]


def _document_page(document: IndexDocument, filters: FilterNames) -> str:
    """The page Pagefind indexes for an article: its words, and in a part Pagefind does not index
    (data-pagefind-ignore still gives its metadata, filters and sort keys) the date, page and
    topics a result shows, the year and topics to filter by, the date to sort by; then each other
    variant's title, date, page and topics where they differ from the source's, and its fixes
    (meta names ending in -PREFIX)."""
    def tag(attribute: str, key: str, value: str) -> str:
        return f'<span data-pagefind-{attribute}="{html.escape(key, quote=True)}">{html.escape(value)}</span>'

    def shown_meta(text: ArticleText) -> dict[str, str]:
        return {"title": text.title, "date": text.date_label, "page": text.page_label,
                "topics": "、".join(link.label for link in text.topic_links)}

    text = document.text
    source = shown_meta(text)
    extra = [*(tag("meta", name, value) for name, value in source.items() if name != "title"),
             tag("filter", filters.year, text.date[:4]),
             *(tag("filter", filters.topic, link.label) for link in text.topic_links), tag("sort", "date", text.date)]
    for other in document.shown:
        suffix = f"-{other.prefix}"
        extra += [tag("meta", name + suffix, value) for name, value in shown_meta(other.text).items()
                  if value != source[name]]
        if other.fixes:
            extra.append(tag("meta", "fixes" + suffix, json.dumps(other.fixes, ensure_ascii=False, separators=(",", ":"))))
    title = html.escape(text.title, quote=True)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="title:{title}"><p>{html.escape(document.words)}</p>'
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
    """The Pagefind that runs, for keys: the PyPI package's version, or the digest of the binary's
    bytes. An upgrade in place changes them; a fresh install of the same release does not, wherever
    it is and whatever its time (a CI run installs Pagefind into a new virtual environment each
    time: its indexes are kept all the same)."""
    command = pagefind_command()
    if command[0] == sys.executable:
        return f"pagefind {metadata.version('pagefind')}"
    try:
        stat = os.stat(command[0])
        return f"pagefind {_binary_digest(command[0], stat.st_size, stat.st_mtime_ns)}"
    except OSError:  # Pagefind itself will say it cannot run
        return command[0]


@functools.lru_cache(maxsize=4)
def _binary_digest(path: str, size: int, time: int) -> str:
    """The digest of the file at path as it is with this size and time: read once in a build
    (the search's process, forked from the build's, finds the build's reading here)."""
    return file_digest(path)


def _index_key(tools: str, texts: list[ArticleText], shown: dict[str, list[ArticleText]],
               phrases: dict[str, str]) -> str:
    """Equal keys, equal indexes: the tools (digest's code, rjieba, Pagefind, the filters' names
    and the tables the variants are shown with), the phrase list and the articles' texts in every
    variant (by digest: a document is made of nothing else)."""
    parts = [tools, sorted(phrases), [(t.path, t.digest) for t in texts],
             {prefix: [t.digest for t in variant_texts] for prefix, variant_texts in sorted(shown.items())}]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def document_file(page: str) -> str:
    """The file Pagefind reads an article's document from, for the article's page path
    (articles/DATE/SLUG/ -> articles/DATE/SLUG.html): one file per article in a folder per day,
    not a folder per article, which costs as much again to make and remove as the files. The
    index gives the file's address; the search page links to the page (search.js's pageUrl)."""
    return page.rstrip("/") + ".html"


PAGEFIND_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                     "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
"""Pagefind's prebuilt interfaces, written beside every index: the search page has its own
(static/search.js), so they are not published (some 430 KB an index)."""


class PagefindRun:
    """Pagefind making one index from the documents into folder, running while the build goes on;
    wait() finishes it."""

    def __init__(self, folder: Path, documents: list[IndexDocument], filters: FilterNames, scratch: Path) -> None:
        """scratch: where the documents are written for Pagefind to read (cache.scratch_folder)."""
        self.folder = folder
        self.documents = len(documents)
        """How many: what the run holds of the build's budget (documents_at_once)."""
        self.pages = tempfile.TemporaryDirectory(prefix="search-", dir=scratch)
        site = Path(self.pages.name)
        folders: set[Path] = set()
        for document in documents:
            target = site / document_file(document.text.path)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            target.write_text(_document_page(document, filters), encoding="utf-8")
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
        for name in PAGEFIND_UI_FILES:
            (self.folder / name).unlink(missing_ok=True)


BodyReader = Callable[[ArticleText], str]


@dataclass(frozen=True)
class IndexJob:
    """The index of one period, to be made from its articles' texts: the source variant's, and
    each other variant's texts of the same articles in the same order."""

    period: str
    texts: tuple[ArticleText, ...]
    shown: tuple[tuple[str, tuple[ArticleText, ...]], ...]
    key: str


class DocumentWords:
    """The words of each article's search document in one process: from the store when they were
    cut from the same text before, else cut here (rjieba loaded on the first cut); and how each
    other variant shows it (its display fixes), from the store when made from the same words and
    texts before, else made from the variant's document, which is never cut (documents)."""

    def __init__(self, store: ArticleStore, bodies: dict[str, BodyReader], source_prefix: str,
                 phrases: dict[str, str], tools: str, shown_with: str) -> None:
        """tools: what the words are cut with (words_tools: the same wherever they are cut, in
        this process or ahead, cut_ahead); shown_with: the digest of what the variants are shown
        with (the filters' names, the shown tables): a variant's fixes are kept under it."""
        self.store = store
        self.bodies = bodies
        self.source_prefix = source_prefix
        self.phrases = phrases
        self.tools = f"{tools}|{sorted(phrases)}"
        self.shown_with = shown_with

    @functools.cached_property
    def segmenter(self) -> Segmenter:
        return Segmenter(self.phrases)

    def key(self, text: ArticleText) -> str:
        """What the words are cut from: the tools and the text."""
        parts = f"{self.tools}|{self.source_prefix}|{text.digest}"
        return hashlib.blake2b(parts.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def of_texts(self, texts: tuple[ArticleText, ...]) -> list[str]:
        """The words of each of the source's texts; the words cut here are stored."""
        found, made = [], {}
        for text in texts:
            key = self.key(text)
            words = self.store.words(self.source_prefix, text.path, key)
            if words is None:
                document = search_document(text, self.bodies[self.source_prefix](text))
                words = self.segmenter.words(document)
                made[text.path] = (key, words)
            found.append(words)
        self.store.put_words(self.source_prefix, made)
        return found

    def fixes_key(self, prefix: str, source: ArticleText, text: ArticleText) -> str:
        """What a variant's fixes are made from: the source's words (their key), the variant's
        text and what it is shown with."""
        parts = f"{self.key(source)}|{self.shown_with}|{prefix}|{text.digest}"
        return hashlib.blake2b(parts.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def documents(self, job: IndexJob, tables: dict[str, ShownTable]) -> list[IndexDocument]:
        """The job's documents: the source's words, and each other variant's fixes against the
        reading text of its own document (plain_reading: the words are the source's, so the
        variant's text needs no cutting). Fixes made here are stored (under the variant's
        prefix, beside the source's words): an index made again for one edited article reads
        no other article's body."""
        words = self.of_texts(job.texts)
        shown: list[list[ShownAs]] = [[] for _ in job.texts]
        for prefix, texts in job.shown:
            made = {}
            for at, (source, text) in enumerate(zip(job.texts, texts)):
                key = self.fixes_key(prefix, source, text)
                fixes = stored_fixes(self.store.words(prefix, text.path, key))
                if fixes is None:
                    variant = plain_reading(search_document(text, self.bodies[prefix](text)))
                    fixes = tuple(display_fixes(reading_text(words[at]), variant, tables[prefix]))
                    made[text.path] = (key, json.dumps(fixes, ensure_ascii=False, separators=(",", ":")))
                shown[at].append(ShownAs(prefix, text, fixes))
            self.store.put_words(prefix, made)
        return [IndexDocument(text, w, tuple(s)) for text, w, s in zip(job.texts, words, shown)]


def words_tools(code: str) -> str:
    """What the search's words are cut with besides the phrase lists (DocumentWords' tools):
    digest's code and rjieba."""
    return f"{code}|{metadata.version('rjieba')}"


def cut_ahead(store: ArticleStore, phrases: dict[str, str], code: str, source_prefix: str,
              made: list[tuple[ArticleText, str]]) -> None:
    """Cut and store the words of source texts just converted (each with its body HTML) as
    DocumentWords keeps them, for the search indexes made next to find them stored. For the
    process that converts the articles, whose review has the dictionary loaded already where
    the edited text has a conversion to review (wordcut.jieba_with): the search's process then
    loads none. code: digest's code version."""
    bodies = {text.path: body for text, body in made}
    words = DocumentWords(store, {source_prefix: lambda text: bodies[text.path]}, source_prefix, phrases,
                          words_tools(code), "")
    words.of_texts(tuple(text for text, _ in made))


def stored_fixes(data: str | None) -> tuple[Fix, ...] | None:
    """The display fixes stored as data (JSON, as DocumentWords.documents writes them), or None
    where there are none or they are not of that shape (made again)."""
    if data is None:
        return None
    try:
        found = json.loads(data)
    except (ValueError, RecursionError):
        return None
    if not isinstance(found, list) or not all(
            isinstance(fix, list) and len(fix) == 3 and type(fix[0]) is int and type(fix[1]) is int
            and isinstance(fix[2], str) and 0 <= fix[0] <= fix[1] for fix in found):
        return None
    return tuple((start, end, text) for start, end, text in found)


def _share(jobs: list[IndexJob]) -> list[list[IndexJob]]:
    """Two parts of about equal work (documents); an empty part is left out."""
    parts = balanced(sorted(jobs, key=lambda job: -len(job.texts)), lambda job: len(job.texts))
    return [part for part in parts if part]


PAGEFINDS_AT_ONCE = 2
"""Pagefinds running at a time in the whole build, whatever the memory: each uses more than a core."""

PAGEFIND_MB_A_DOCUMENT = 0.6
"""The memory a document is given while Pagefind makes an index (it holds the whole index in
memory; bench/README.md has what it was measured to use)."""


def documents_at_once() -> int:
    """How many documents the Pagefinds running at once may hold between them, in the whole
    build: as many as a quarter of the machine's memory holds. With 16 GB or more, the indexes of
    two full years are made side by side; with 8 GB, one after the other. An index larger than this is made alone."""
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not a POSIX system: assume 8 GB
        memory = 8 * 2**30
    return int(memory / 4 / (PAGEFIND_MB_A_DOCUMENT * 2**20))


def index_search(staging: Path, previous_site: Path | None, texts: dict[str, list[ArticleText]],
                 bodies: dict[str, BodyReader], source_prefix: str, phrases: dict[str, str], code: str,
                 store: ArticleStore, listed: dict[str, str], filters: FilterNames,
                 tables: dict[str, ShownTable], scratch: Path) -> dict[str, str]:
    """The site's search indexes, one a period (urls.index_period), shared by every variant: each
    folder (relative to the site) and the key it is made from. texts: variant prefix -> its
    articles' texts, the same articles in the same order in each; bodies: variant prefix -> reads
    an article text's body; code: digest's code version; listed: the previous site's folders and
    keys (keep.read_folder_list); filters: the names of the filters, in the source's words (a
    variant's search page shows them in its own); tables: each variant but the source's
    shown_table; scratch: where Pagefind's input is written (cache.scratch_folder). An index
    keep.folders_to_make does not name is kept in the previous site (nothing is read); the
    others are made into staging, in two processes."""
    cutting = words_tools(code)
    tools = f"{cutting}|{pagefind_identity()}"
    shown_with = hashlib.blake2b(json.dumps([filters.year, filters.topic, tables], sort_keys=True,
                                            ensure_ascii=False).encode("utf-8"), digest_size=16).hexdigest()
    source_texts = texts[source_prefix]
    others = [prefix for prefix in texts if prefix != source_prefix]
    latest = max((t.date for t in source_texts), default="")
    periods: dict[str, list[int]] = {}
    for at, text in enumerate(source_texts):
        periods.setdefault(period_of(text, latest), []).append(at)
    wanted: dict[str, IndexJob] = {}
    for period in sorted(periods, reverse=True):
        chosen = [source_texts[at] for at in periods[period]]
        shown = {prefix: [texts[prefix][at] for at in periods[period]] for prefix in others}
        key = _index_key(f"{tools}|{shown_with}", chosen, shown, phrases)
        wanted[urls.search_index(period).rstrip("/")] = IndexJob(
            period, tuple(chosen), tuple((prefix, tuple(shown[prefix])) for prefix in others), key)
    folders = {folder: job.key for folder, job in wanted.items()}
    jobs = [wanted[folder] for folder in folders_to_make(folders, listed, previous_site)]
    parts = _share(jobs)
    budget = SharedBudget(documents_at_once())
    at_once = max(1, PAGEFINDS_AT_ONCE // len(parts)) if parts else 1  # in each process

    def forget_gone_words() -> None:
        """The state's words and fixes of pages the site no longer has."""
        for prefix, variant_texts in texts.items():
            store.keep_words(prefix, {t.path for t in variant_texts})

    def make(numbered: tuple[int, list[IndexJob]], _progress) -> None:
        """Cuts each job's documents while the Pagefinds of the jobs before it run; a Pagefind
        starts once fewer than at_once of this process's own run and its documents fit in the
        budget (this process's own Pagefinds are waited for first: waiting for the budget while
        holding some could wait for ever). The first part forgets the words of pages gone
        while its last Pagefind runs: not after, on the way of a rebuild's one index."""
        number, part = numbered
        words = DocumentWords(store, bodies, source_prefix, phrases, cutting, shown_with)
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
                documents = words.documents(job, tables)
                take(len(documents))
                try:
                    running.append(PagefindRun(staging / urls.search_index(job.period), documents, filters, scratch))
                except BaseException:
                    budget.give_back(len(documents))
                    raise
            if number == 0:
                forget_gone_words()
            while running:
                finish_oldest()
        finally:
            for run in running:
                run.stop()
                budget.give_back(run.documents)

    fork_map(make, list(enumerate(parts)), ["search indexes"] * len(parts))
    if not parts:
        forget_gone_words()
    return folders
