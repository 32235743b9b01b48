"""Article identity across re-ingests (issue 23): a corrected page keeps every article's file, a
file the editor deleted stays deleted, two articles that open alike both get a file, a page filed
under a second date is reported and not written. Pages are the raw dumps, edited here."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import load_config
from generator.errors import DigestError
from generator.ingest.command import WriteChoices, ingest
from generator.ingest.identity import STATE_FILE, place
from generator.ingest.pipeline import PageSpec
from generator.ingest.text import HAN
from support import ROOT, SHARED, run_digest

RAW = SHARED / "raw"
CONFIG = load_config(ROOT / "site.yaml")
DATE = dt.date(2023, 12, 7)
PAGE = RAW / "004_e8bd58d1ab5efdbd.txt"


def ingest_text(text: str, out: Path, date: dt.date = DATE, **choices) -> dict:
    """Ingest one page given as text (written to a fresh file named like the raw page)."""
    folder = out.parent / f"raw-{date}"
    folder.mkdir(exist_ok=True)
    path = folder / PAGE.name
    path.write_text(text, encoding="utf-8")
    [report] = ingest([PageSpec(date, (path,))], CONFIG, out, WriteChoices(**choices))
    return report


def files_by_order(out: Path, date: dt.date = DATE) -> list[tuple[str, str]]:
    """(file, title) of the articles on disk, in page order."""
    found = []
    for path in (out / date.isoformat()).glob("*.md"):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        found.append((front["order"], path.name, front["title"]))
    return [(name, title) for _, name, title in sorted(found)]


def corrected(text: str, rng: random.Random, fixes: int) -> str:
    """The page with `fixes` characters of its paragraphs corrected (one Han character replaced
    by another), as an editor fixing the extraction's misreadings does."""
    lines = text.split("\n")
    long = [i for i, line in enumerate(lines) if len(line) > 80]
    for _ in range(fixes):
        i = rng.choice(long)
        line = lines[i]
        spots = [k for k in range(10, len(line) - 10) if re.match(f"[{HAN}]", line[k]) and line[k] != "摄"]
        k = rng.choice(spots)
        lines[i] = line[:k] + ("工" if line[k] != "工" else "会") + line[k + 1:]
    return "\n".join(lines)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(sorted(RAW.glob("*.txt"))), fixes=st.integers(1, 12), seed=st.integers(0, 10**6),
       retitle=st.booleans())
def test_a_corrected_page_keeps_every_articles_file(tmp_path_factory, page, fixes, seed, retitle):
    out = tmp_path_factory.mktemp("identity") / "articles"
    text = page.read_text(encoding="utf-8")
    ingest_text(text, out)
    before = files_by_order(out)
    rng = random.Random(seed)
    changed = corrected(text, rng, fixes)
    if retitle:  # the first title corrected too (a character added at its end)
        title = before[0][1]
        changed = changed.replace(title, title + "者", 1)
    report = ingest_text(changed, out)
    after = files_by_order(out)
    assert [name for name, _ in after] == [name for name, _ in before]
    assert all(a["status"] in ("written", "unchanged") for a in report["articles"])


def test_a_deleted_article_stays_deleted_unless_asked(tmp_path):
    out = tmp_path / "articles"
    text = PAGE.read_text(encoding="utf-8")
    ingest_text(text, out)
    name, title = files_by_order(out)[2]
    (out / DATE.isoformat() / name).unlink()
    report = ingest_text(text, out)
    assert name not in [n for n, _ in files_by_order(out)]
    [entry] = [a for a in report["articles"] if a["file"] == name]
    assert entry["status"] == "deleted-by-editor" and entry["title"] == title
    state = json.loads((out / DATE.isoformat() / STATE_FILE).read_text(encoding="utf-8"))
    assert [k["deleted"] for page in state["pages"].values() for k in page["articles"] if k["file"] == name] == [True]
    ingest_text(corrected(text, random.Random(1), 3), out)  # still deleted after a correction
    assert name not in [n for n, _ in files_by_order(out)]
    ingest_text(text, out, restore_deleted=True)
    assert (name, title) in files_by_order(out)


def test_two_articles_that_open_alike_both_get_a_file(tmp_path):
    """The same report printed under two titles (a page that carries it twice, edited): both are
    written, the second under a name of its own, and both keep their names on a re-ingest."""
    text = PAGE.read_text(encoding="utf-8")
    first = files_by_order_of(text, tmp_path / "a")[0]
    heading = first[1]
    copy = text.replace(heading, heading + "（续）", 1)
    blocks = copy.split("\n\n")
    start = next(i for i, b in enumerate(blocks) if heading in b)
    end = next(i for i in range(start + 1, len(blocks)) if blocks[i].strip().startswith("本报讯")) + 2
    twice = "\n\n".join(blocks[:end] + ["\n\n\n"] + blocks[start:end] + blocks[end:])
    out = tmp_path / "b"
    report = ingest_text(twice.replace(heading + "（续）", heading + "之一", 1), out)
    names = [a["file"] for a in report["articles"]]
    assert len(names) == len(set(names)) == len(files_by_order(out))
    again = ingest_text(twice.replace(heading + "（续）", heading + "之一", 1), out)
    assert [a["file"] for a in again["articles"]] == names


def files_by_order_of(text: str, out: Path) -> list[tuple[str, str]]:
    ingest_text(text, out)
    return files_by_order(out)


def test_an_article_found_later_leaves_the_others_their_files(tmp_path):
    """A first extraction that missed the page's last article; the full page later."""
    text = PAGE.read_text(encoding="utf-8")
    full = files_by_order_of(text, tmp_path / "full")
    last_title = full[-1][1]
    cut = text[:text.index(last_title.split()[0][:8])]
    out = tmp_path / "articles"
    ingest_text(cut, out)
    before = dict(files_by_order(out))
    ingest_text(text, out)
    after = files_by_order(out)
    assert len(after) == len(before) + 1
    assert all(name in before for name, _ in after[:-1])


def test_the_same_page_under_another_date_is_reported_not_published(tmp_path):
    out = tmp_path / "articles"
    text = PAGE.read_text(encoding="utf-8")
    ingest_text(text, out)
    other = dt.date(2023, 12, 8)
    report = ingest_text(corrected(text, random.Random(2), 4), out, date=other)
    assert report["duplicate_of"].startswith(DATE.isoformat())
    assert files_by_order(out, other) == []
    assert "2023-12-07" in (out / other.isoformat() / f"ingest-report-{PAGE.stem}.txt").read_text(encoding="utf-8")
    ingest_text(text, out, date=other, allow_duplicate=True)
    assert len(files_by_order(out, other)) == len(files_by_order(out))


def test_placing_matches_best_pairs_first_and_never_reuses_a_file():
    from generator.ingest.identity import KnownArticle, PageRecord

    record = PageRecord("x", (KnownArticle("a.md", "甲", "工会服务职工生活" * 5),
                              KnownArticle("b.md", "乙", "劳模工匠创新工作室" * 5)))
    openings = ["劳模工匠创新工作室" * 5, "工会服务职工生活" * 5 + "新", "全新的另一篇报道内容" * 5]
    placed = place(openings, ["n1", "n2", "n1"], record, set(), False)
    assert [p.file for p in placed] == ["b.md", "a.md", "n1.md"]
    assert [p.matched for p in placed] == [True, True, False]
    twins = place(["同一开头" * 10, "同一开头" * 10], ["same", "same"], None, set(), False)
    assert [p.file for p in twins] == ["same.md", "same-2.md"]


def test_ingest_tree_outside_a_project_stops_with_a_clear_error(tmp_path):
    raw = tmp_path / "raw" / "2023-12-07"
    raw.mkdir(parents=True)
    shutil.copy(PAGE, raw)
    result = run_digest("ingest-tree", str(tmp_path / "raw"), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1 and "no site.yaml found" in result.stderr and "--project" in result.stderr
    assert not (tmp_path / "out").exists()


def test_ingest_tree_takes_a_project_and_one_date(tmp_path):
    project = tmp_path / "project"
    for date, page in (("2022-01-20", "002_1e29fe29f3844c50.txt"), ("2023-12-07", PAGE.name)):
        (project / "content" / "raw" / date).mkdir(parents=True)
        shutil.copy(RAW / page, project / "content" / "raw" / date)
    shutil.copy(ROOT / "site.yaml", project)
    result = run_digest("ingest-tree", "--project", str(project), "--date", "2023-12-07", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (project / "content" / "articles").iterdir() if p.is_dir())
    assert written == ["2023-12-07"]
    topics = {yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1])["topics"][0]
              for p in (project / "content" / "articles" / "2023-12-07").glob("*.md")}
    assert topics - {CONFIG.fallback_topic}
    missing = run_digest("ingest-tree", "--project", str(project), "--date", "2021-01-01", cwd=tmp_path)
    assert missing.returncode == 1 and "no pages for 2021-01-01" in missing.stderr


def test_an_unreadable_state_file_is_a_clear_error(tmp_path):
    out = tmp_path / "articles"
    ingest_text(PAGE.read_text(encoding="utf-8"), out)
    (out / DATE.isoformat() / STATE_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(DigestError, match="ingest state cannot be read"):
        ingest_text(PAGE.read_text(encoding="utf-8"), out)
