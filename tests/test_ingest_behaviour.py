"""Ingest as an editor meets it: reports, merged extractions, hand edits, bad files, the bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from support import ROOT, SHARED, run_digest
from generator.content import split_front_matter

RAW = SHARED / "raw"
PAGE_000 = RAW / "000_adccac0a2d96c728.txt"
PAGE_001 = RAW / "001_2e3cd046b75820aa.txt"
PAGE_003 = RAW / "003_cc0a3396e92c9541.txt"


def ingest(tmp_path: Path, *files: Path, date: str = "2022-01-17", extra: tuple[str, ...] = ()):
    return run_digest("ingest", *map(str, files), "--date", date, "--out", str(tmp_path / "out"), *extra)


def articles(folder: Path) -> dict[str, tuple[dict, str]]:
    found = {}
    for path in sorted(folder.rglob("*.md")):
        front, body, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
        found[path.name] = (yaml.safe_load(front), body)
    return found


def test_merged_extractions_report_the_disagreement_instead_of_deciding_silently(tmp_path):
    result = ingest(tmp_path, PAGE_000, PAGE_001)
    assert result.returncode == 0, result.stderr
    report = json.loads(next((tmp_path / "out").rglob("ingest-report-*.json")).read_text(encoding="utf-8"))
    notes = [note for a in report["articles"] for note in a["review"]]
    assert any("邹倜然" in n and "邹佩然" in n for n in notes)
    text = next((tmp_path / "out").rglob("ingest-report-*.txt")).read_text(encoding="utf-8")
    assert "两份提取稿不一致：reporters: 邹倜然 | 邹佩然" in text
    assert report["counts"]["drop_repeated_blocks"] == 7
    assert not report["leftovers"]


def test_report_records_every_kind_of_repair_on_the_bundled_pages(tmp_path):
    assert ingest(tmp_path, PAGE_003, date="2023-04-21").returncode == 0
    report = json.loads(next((tmp_path / "out").rglob("ingest-report-*.json")).read_text(encoding="utf-8"))
    assert {"strip_markdown_marks", "join_broken_paragraphs", "restore_article_order",
            "drop_repeated_byline", "fix_halfwidth_punctuation"} <= set(report["counts"])
    restored = [c for a in report["articles"] for c in a["changes"] if c["step"] == "restore_article_order"]
    assert len(restored) == 1 and "受到" in restored[0]["detail"]


def test_a_hand_edited_article_is_never_overwritten(tmp_path):
    assert ingest(tmp_path, PAGE_001).returncode == 0
    path = sorted((tmp_path / "out").rglob("*.md"))[0]
    edited = path.read_text(encoding="utf-8").replace("title: ", "title: 编辑改过的", 1).replace("[other]", "[rural-revitalization]")
    path.write_text(edited, encoding="utf-8")
    result = ingest(tmp_path, PAGE_001)
    assert result.returncode == 0
    assert "kept-hand-edit" in result.stdout
    assert path.read_text(encoding="utf-8") == edited
    untouched = [p for p in (tmp_path / "out").rglob("*.md") if p != path]
    assert all("ingest_checksum" in p.read_text(encoding="utf-8") for p in untouched)
    assert ingest(tmp_path, PAGE_001, extra=("--overwrite-edits",)).returncode == 0
    assert path.read_text(encoding="utf-8") != edited


def test_re_ingest_of_unchanged_input_changes_nothing(tmp_path):
    assert ingest(tmp_path, PAGE_000, PAGE_001).returncode == 0
    before = {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.md")}
    result = ingest(tmp_path, PAGE_000, PAGE_001)
    assert "9 unchanged" in result.stdout
    assert {p: p.read_bytes() for p in (tmp_path / "out").rglob("*.md")} == before


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_give_the_same_articles(tmp_path, encoding):
    converted = tmp_path / f"page.{encoding}.txt"
    converted.write_bytes(PAGE_001.read_text(encoding="utf-8").replace("\n", "\r\n").encode(encoding))
    assert run_digest("ingest", str(PAGE_001), "--date", "2022-01-17", "--out", str(tmp_path / "a")).returncode == 0
    result = run_digest("ingest", str(converted), "--date", "2022-01-17", "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    strip = lambda arts: {k: (dict(f, source=None, ingest_checksum=None), b) for k, (f, b) in arts.items()}  # noqa: E731
    assert strip(articles(tmp_path / "a")) == strip(articles(tmp_path / "b"))
    if encoding != "utf-8-sig":
        assert f"decoded from {encoding}" in next((tmp_path / "b").rglob("*.txt")).read_text(encoding="utf-8")


BAD_FILES = {
    "empty.txt": (b"", "empty.txt: the file is empty"),
    "blank.txt": (b"\n\n  \n", "blank.txt: the file is empty"),
    "binary.txt": (bytes(range(256)) * 8, "binary.txt: this is a binary file, not page text"),
    "latin.txt": (b"Hello world.\n\nNothing here.\n", "latin.txt: no article found on this page"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_input_gets_one_clear_line_and_writes_nothing(tmp_path, name):
    data, message = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = run_digest("ingest", str(PAGE_001), str(path), "--date", "2022-01-17", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert not list((tmp_path / "out").rglob("*.md")), "a bad page stops the run before anything is written"


def test_bad_date_is_refused(tmp_path):
    result = ingest(tmp_path, PAGE_001, date="17/01/2022")
    assert result.returncode == 1 and "'17/01/2022' is not a date (write the issue date as YYYY-MM-DD)" in result.stderr


def test_bundled_content_is_what_ingest_makes_of_the_bundled_raw_pages(tmp_path):
    """content/articles is up to date with content/raw (no article there was edited by hand yet)."""
    result = run_digest("ingest-tree", "content/raw", "--out", str(tmp_path / "articles"))
    assert result.returncode == 0, result.stderr
    fresh = {p.relative_to(tmp_path / "articles"): p.read_bytes() for p in (tmp_path / "articles").rglob("*.md")}
    bundled = {p.relative_to(ROOT / "content" / "articles"): p.read_bytes()
               for p in (ROOT / "content" / "articles").rglob("*.md")}
    assert fresh == bundled


def test_the_viterbi_reading_matches_the_rules_on_the_raw_pages():
    """bench/segment_models.py compares the two readings; on the five pages they agree (if the
    decoder drifts, the comparison in bench/README.md no longer holds)."""
    import dataclasses
    import datetime as dt

    from generator.ingest.pipeline import read_extraction
    from generator.ingest.rules import PageRules

    rules = PageRules()
    for page in sorted((SHARED / "raw").glob("*.txt")):
        local = read_extraction(page, rules, dt.date(2022, 1, 17))[0]
        decoded = read_extraction(page, dataclasses.replace(rules, decoder="viterbi"), dt.date(2022, 1, 17))[0]
        assert [(a.title, a.paragraphs) for a in decoded] == [(a.title, a.paragraphs) for a in local]


@pytest.mark.parametrize("layout", ["blank-line blocks", "one line per paragraph"])
def test_an_editors_note_under_a_headline_stays_with_its_report(tmp_path, layout):
    """编者按 printed between a title and its dateline (DESIGN.md: it introduces a series) is the
    report's first paragraph; the report is not cut in two at it."""
    import datetime as dt

    import relayout
    from generator.ingest.pipeline import read_extraction
    from generator.ingest.rules import PageRules

    page = RAW / "004_e8bd58d1ab5efdbd.txt"
    text = page.read_text(encoding="utf-8")
    original = read_extraction(page, PageRules(), dt.date(2023, 12, 7))[0]
    target = original[2]
    note = "编者按：本报今起推出“技能竞赛看一线”系列报道，记录各地工会以赛促学、以赛促练的做法。"
    at = text.index(target.title) + len(target.title)
    noted = text[:at] + "\n\n" + note + text[at:]
    if layout == "one line per paragraph":
        noted = relayout.one_line_per_paragraph(noted)
    path = tmp_path / page.name
    path.write_text(noted, encoding="utf-8")
    found = read_extraction(path, PageRules(), dt.date(2023, 12, 7))[0]
    assert [a.title for a in found] == [a.title for a in original]
    assert found[2].paragraphs[0] == note and found[2].dateline == target.dateline
    assert found[2].people == target.people and found[2].paragraphs[1:] == target.paragraphs
