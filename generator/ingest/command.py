"""The two ways to ingest: named files for one page, or a folder of issue dates.

Folder layout for `ingest-tree`: RAW/YYYY-MM-DD/*.txt, one file per page; an optional
RAW/YYYY-MM-DD/pages.yaml groups files that are extractions of one page and names the pages:
    pages:
      - {page: 5, name: 工会新闻, files: [a.txt, b.txt]}
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..config import SiteConfig
from ..errors import DigestError
from ..yamlfile import read_text, read_yaml
from .pipeline import PageResult, PageSpec, ingest_page
from .report import page_report, report_json, report_text
from .rules import PageRules
from ..files import write_atomic
from .identity import (Archive, lost_files, opening_of, page_digest, page_key, place, read_state,
                       record_after, with_deletions_seen, write_state)
from .write import WriteResult, folder_lock, render_markdown, write_article


def front_matter(result: PageResult, index: int) -> tuple[dict, list[str]]:
    item = result.articles[index]
    a = item.article
    front: dict = {"title": a.title}
    for key in ("kicker", "subtitle"):
        if getattr(a, key):
            front[key] = getattr(a, key)
    if a.banners:
        front["banners"] = list(a.banners)
    if a.column:
        front["column"] = a.column
    front["kind"] = a.kind
    front["date"] = result.spec.date
    if result.spec.page is not None:
        front["page"] = result.spec.page
    if result.spec.page_name:
        front["page_name"] = result.spec.page_name
    front["order"] = item.order
    front["topics"] = list(item.topics)
    front.update(a.people)
    if a.summary:
        front["summary"] = a.summary
    if a.dateline:
        front["dateline"] = a.dateline
    front["source"] = list(a.sources)
    if a.title_derived:
        front["title_derived"] = True
    return front, list(a.paragraphs)


def short_name(stem: str, longest: int = 80) -> str:
    """stem, or where it is longer than `longest` characters its beginning and a digest of the
    whole: a file name has at most 255 bytes, and a report's temporary name adds to it."""
    if len(stem) <= longest:
        return stem
    return stem[:longest - 13] + "-" + hashlib.blake2b(stem.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


@dataclass(frozen=True)
class WriteChoices:
    """What the editor asked for on the command line."""

    overwrite_edits: bool = False
    """Overwrite articles edited by hand."""
    restore_deleted: bool = False
    """Write again the articles whose files the editor deleted."""
    allow_duplicate: bool = False
    """Write a page whose articles were already ingested under another date."""


def write_page(result: PageResult, out: Path, choices: WriteChoices, archive: Archive) -> dict:
    """The page's articles written under OUT/DATE/, each to the file it had before (see
    identity.py), with its report and the updated ingest state. archive: the pages ingested
    under out so far (for pages filed twice)."""
    date = result.spec.date.isoformat()
    folder = out / date
    with folder_lock(out):
        state = read_state(folder)
        key = page_key(result.spec)
        record = state.get(key)
        if record is not None:
            record = with_deletions_seen(record, folder)
        articles = [item.article for item in result.articles]
        titles = [a.title for a in articles]
        openings = [opening_of(a.title, a.body_text) for a in articles]
        digest = page_digest(result)
        duplicate = None
        if record is None and not choices.allow_duplicate:
            duplicate = archive.duplicate_of(date, digest, openings)
        if duplicate:
            written = [WriteResult(folder / f"{a.identity}.md", "skipped-duplicate") for a in articles]
            remarks = [f"这一版的文章已在 {duplicate} 入库过：可能是同一版放错了日期，本次没有写入。"
                       "日期确实不同时，用 --allow-duplicate 再入库"]
        else:
            taken = {k.file for other, r in state.items() if other != key for k in r.articles}
            placements = place(openings, [a.identity for a in articles], record, taken, choices.restore_deleted)
            written = []
            for index, placement in enumerate(placements):
                if placement.deleted:
                    written.append(WriteResult(folder / placement.file, "deleted-by-editor"))
                    continue
                front, paragraphs = front_matter(result, index)
                written.append(write_article(folder / placement.file, render_markdown(front, paragraphs),
                                             choices.overwrite_edits))
            remarks = [f"上次入库的 {name} 这次没有对应的文章（文件仍在，如已无用请删除）"
                       for name in lost_files(record, placements)]
            state[key] = record_after(record, digest, placements, titles, openings)
            write_state(folder, state)
            archive.add(date, key, state[key])
        report = page_report(result, written, remarks, duplicate)
        stem = f"ingest-report-p{result.spec.page}" if result.spec.page is not None else \
            "ingest-report-" + short_name(result.spec.files[0].stem)
        write_atomic(folder / f"{stem}.json", report_json(report))
        write_atomic(folder / f"{stem}.txt", report_text(report))
    return report


def rules_of(config: SiteConfig | None) -> PageRules:
    return PageRules(tuple(config.columns)) if config else PageRules()


def pages_in_tree(raw: Path) -> list[PageSpec]:
    if not raw.is_dir():
        raise DigestError("raw folder not found", raw, hint="put pages under RAW/YYYY-MM-DD/")
    specs = []
    for folder in sorted(p for p in raw.iterdir() if p.is_dir()):
        try:
            date = dt.date.fromisoformat(folder.name)
        except ValueError:
            raise DigestError("folder name is not an issue date", folder, hint="name it YYYY-MM-DD") from None
        manifest = folder / "pages.yaml"
        if manifest.is_file():
            specs += _manifest_pages(manifest, date)
        else:
            specs += [PageSpec(date, (path,)) for path in sorted(folder.glob("*.txt"))]
    return specs


def _manifest_pages(manifest: Path, date: dt.date) -> list[PageSpec]:
    data = read_yaml(read_text(manifest, "page list"), manifest) or {}
    pages = data.get("pages") if isinstance(data, dict) else None
    if not isinstance(pages, list):
        raise DigestError("expected a list under 'pages'", manifest, 1)
    specs = []
    for number, entry in enumerate(pages, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), list) or not entry["files"]:
            raise DigestError(f"page entry {number} needs a list of 'files'", manifest)
        files = tuple(_listed_file(manifest, number, name) for name in entry["files"])
        page = entry.get("page")
        if page is not None and (not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= 999):
            raise DigestError(f"page entry {number}: 'page' must be a page number from 1 to 999, got {page!r}",
                              manifest, hint="write the 版次 as a whole number, or leave 'page' out")
        name = entry.get("name")
        if name is not None and not isinstance(name, str):
            raise DigestError(f"page entry {number}: 'name' must be text, got {name!r}", manifest)
        specs.append(PageSpec(date, files, page, name or ""))
    return specs


def _listed_file(manifest: Path, number: int, name) -> Path:
    """A file named in pages.yaml: a plain name of a file beside it, never a path that leaves the
    folder (an absolute path, '..', or a symbolic link pointing elsewhere)."""
    folder = manifest.parent
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name in (".", ".."):
        raise DigestError(f"page entry {number}: {name!r} is not the name of a file in this folder", manifest,
                          hint="list the page files by their names alone, e.g. 000_page.txt")
    path = folder / name
    if not path.is_file():
        raise DigestError(f"page entry {number} names a missing file {name}", manifest)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise DigestError(f"page entry {number}: {name} is a link to a file outside {folder.name}/", manifest,
                          hint="copy the page file into the folder instead of linking to it")
    return path


def ingest(specs: list[PageSpec], config: SiteConfig | None, out: Path, choices: WriteChoices) -> list[dict]:
    """Read every page first, then write: a bad page stops the run before anything is written."""
    rules = rules_of(config)
    topics, fallback = (list(config.topics), config.fallback_topic) if config else ([], "other")
    results = [ingest_page(spec, rules, topics, fallback) for spec in specs]
    archive = Archive(out)
    return [write_page(result, out, choices, archive) for result in results]
