"""Pagefind against MiniSearch on the same search documents: what each costs to build the
indexes of a corpus, and what a reader downloads before the first results.

    .venv/bin/python bench/engines.py [--project bench/work/corpus-10000/digest]

Every article is cut into words by digest's own Segmenter (search.py; body and title), and the
articles are split into the periods the build uses (urls.index_period). Each period's index is
made alone, one after the other, by:
  pagefind    the binary the build runs, over one small page per article, shaped as search.py
              writes them (the words in a language Pagefind splits at spaces);
  minisearch  MiniSearch (a maintained JavaScript engine with no segmentation of its own)
              in Node, given the same words, storing each article's title and date for the
              result list, serialised as the JSON a search page would load.
Each run is measured as bench/run.py measures a build (wall and CPU time, peak memory of the
process tree). Bytes: on disk, and as a compressing host sends them (first_search.sent_bytes).
A first search loads, with Pagefind, the newest index's entry, runtime, wasm and metadata and then
the chunks and fragments of the query (bench/first_search.py measures those in a browser); with
MiniSearch, the library and the whole newest index, and each older period's whole index to look
further back.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
from generator import urls  # noqa: E402
from generator.content import new_markdown, parse_article  # noqa: E402
from generator.search import Segmenter, pagefind_command  # noqa: E402
from generator.texts import html_to_text  # noqa: E402
from first_search import sent_bytes  # noqa: E402
from run import measure  # noqa: E402

MINISEARCH = "minisearch@7.2.0"


def documents(project: Path) -> dict[str, list[dict]]:
    """Period -> its articles as {id, date, title, words}."""
    markdown, segmenter = new_markdown(), Segmenter({})
    articles = [parse_article(path.read_text(encoding="utf-8"), path, markdown)
                for path in sorted((project / "content" / "articles").rglob("*.md"))]
    latest = max(a.date for a in articles).isoformat()
    periods: dict[str, list[dict]] = defaultdict(list)
    for number, article in enumerate(articles):
        words = segmenter.words(html_to_text(article.body_html) + " · " + article.title)
        date = article.date.isoformat()
        periods[urls.index_period(date, latest)].append(
            {"id": number, "date": date, "title": article.title, "words": words})
    return dict(sorted(periods.items(), reverse=True))


def sent(path: Path) -> int:
    return sent_bytes(path.name, path.read_bytes())


def pagefind_page(document: dict) -> str:
    title = html.escape(document["title"], quote=True)
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f'<body><main data-pagefind-body data-pagefind-meta="title:{title}"><p>{html.escape(document["words"])}</p>'
            f'<div data-pagefind-ignore><span data-pagefind-meta="date">{document["date"]}</span>'
            f'<span data-pagefind-sort="date">{document["date"]}</span></div></main></body></html>\n')


def pagefind(period: str, docs: list[dict], work: Path) -> tuple[dict, Path]:
    pages, output = work / "pages" / period, work / "pagefind" / period
    for document in docs:
        target = pages / document["date"] / f"{document['id']}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pagefind_page(document), encoding="utf-8")
    command = [*pagefind_command(), "--site", str(pages), "--output-path", str(output), "--silent"]
    return measure(command, work, output), output


def minisearch(period: str, docs: list[dict], work: Path, modules: Path) -> tuple[dict, Path]:
    source, output = work / "minisearch-input" / f"{period}.jsonl", work / "minisearch" / f"{period}.json"
    source.parent.mkdir(parents=True, exist_ok=True)
    output.parent.mkdir(parents=True, exist_ok=True)
    source.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    command = ["node", str(HERE / "minisearch_index.cjs"), str(modules), str(source), str(output)]
    return measure(command, work, output), output


def first_search_files(engine: str, output: Path, modules: Path) -> list[Path]:
    """What a first search loads of the newest period before the query's own parts: MiniSearch's
    library and whole index; Pagefind's runtime, entry, wasm and metadata."""
    if engine == "minisearch":
        library = modules / "node_modules" / "minisearch" / "dist" / "umd" / "index.min.js"
        return [output, *([library] if library.is_file() else [])]
    return [p for p in output.rglob("*") if p.name in ("pagefind.js", "pagefind-entry.json")
            or p.suffix == ".pf_meta" or p.name.startswith("wasm.")]


@dataclass
class EngineTotals:
    """One engine's indexes of every period, added up; the newest period's alone."""

    wall: float = 0.0
    cpu: float = 0.0
    peak_mb: float = 0.0
    disk: int = 0
    sent: int = 0
    largest_sent: int = 0
    newest: str = ""
    newest_articles: int = 0
    newest_wall: float = 0.0
    first_search: int = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=HERE / "work" / "corpus-10000" / "digest")
    parser.add_argument("--work", type=Path, default=HERE / "work" / "engines")
    args = parser.parse_args()
    modules = args.work / "modules"
    if not (modules / "node_modules" / "minisearch").is_dir():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(modules), MINISEARCH],
                       check=True)
    for made in ("pages", "pagefind", "minisearch-input", "minisearch"):
        shutil.rmtree(args.work / made, ignore_errors=True)
    started = time.perf_counter()
    periods = documents(args.project)
    count = sum(map(len, periods.values()))
    print(f"{count} articles in {len(periods)} periods, cut into words in {time.perf_counter() - started:.1f} s")
    totals = {"pagefind": EngineTotals(), "minisearch": EngineTotals()}
    for period, docs in periods.items():
        for engine, make in (("pagefind", lambda: pagefind(period, docs, args.work)),
                             ("minisearch", lambda: minisearch(period, docs, args.work, modules))):
            used, output = make()
            files = [output] if output.is_file() else [p for p in output.rglob("*") if p.is_file()]
            total, sent_now = totals[engine], sum(map(sent, files))
            total.wall += used["wall"]
            total.cpu += used["cpu"]
            total.peak_mb = max(total.peak_mb, used["rss_mb"])
            total.disk += sum(p.stat().st_size for p in files)
            total.sent += sent_now
            total.largest_sent = max(total.largest_sent, sent_now)
            if not total.newest:  # periods come newest first
                total.newest, total.newest_articles, total.newest_wall = period, len(docs), used["wall"]
                total.first_search = sum(map(sent, first_search_files(engine, output, modules)))
    print(f"\n| engine | wall s | CPU s | peak MB (one period) | on disk MB | sent MB (largest period) | newest period | its build s | a first search's fixed part KB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for engine, t in totals.items():
        print(f"| {engine} | {t.wall:.2f} | {t.cpu:.2f} | {t.peak_mb:.0f} | {t.disk / 1e6:.1f} | {t.sent / 1e6:.1f} "
              f"({t.largest_sent / 1e6:.1f}) | {t.newest} ({t.newest_articles} articles) | {t.newest_wall:.2f} "
              f"| {t.first_search / 1000:.0f} |")

if __name__ == "__main__":
    main()
