"""Interrupted and concurrent work loses nothing; odd files get an ingest or one clean line."""

from __future__ import annotations

import fcntl
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import ROOT, SHARED, make_project, run_digest
from generator.content import split_front_matter
from generator.errors import DigestError
from generator.ingest.write import edited_by_hand
from test_build_failures import tree_digest

PAGE_001 = SHARED / "raw" / "001_2e3cd046b75820aa.txt"
KILL_POINTS = 12


def start(*args: str, cwd: Path = ROOT) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_build_killed_at_any_moment_leaves_the_previous_site_complete(tmp_path):
    out = tmp_path / "site"
    assert run_digest("build", "--out", str(out)).returncode == 0
    complete = tree_digest(out)
    started = time.perf_counter()
    assert run_digest("build", "--force", "--out", str(out)).returncode == 0
    duration = time.perf_counter() - started
    rng = random.Random(7)
    for point in sorted(rng.uniform(0.05, duration * 1.1) for _ in range(KILL_POINTS)):
        process = start("build", "--force", "--out", str(out))
        time.sleep(point)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert tree_digest(out) == complete, f"killed after {point:.2f} s"
    assert run_digest("build", "--out", str(out)).returncode == 0
    assert tree_digest(out) == complete
    assert not list(tmp_path.glob(".site.staging-*"))


def test_an_ingest_killed_at_any_moment_never_leaves_a_half_written_article(tmp_path):
    rng = random.Random(11)
    out = tmp_path / "out"
    for point in sorted(rng.uniform(0.05, 1.5) for _ in range(KILL_POINTS)):
        process = start("ingest", str(PAGE_001), "--date", "2022-01-17", "--out", str(out), "--overwrite-edits")
        time.sleep(point)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for path in out.rglob("*.md"):
            text = path.read_text(encoding="utf-8")
            front, body, _ = split_front_matter(text, path)
            assert yaml.safe_load(front)["title"] and body.strip()
            assert not edited_by_hand(text), f"{path.name} is incomplete after a kill at {point:.2f} s"


def test_two_ingests_at_once_do_not_corrupt_each_other(tmp_path):
    out = tmp_path / "out"
    processes = [start("ingest", str(PAGE_001), "--date", "2022-01-17", "--out", str(out), "--overwrite-edits")
                 for _ in range(3)]
    assert [p.wait() for p in processes] == [0, 0, 0]
    files = sorted(out.rglob("*.md"))
    assert len(files) == 9
    assert all(not edited_by_hand(p.read_text(encoding="utf-8")) for p in files)


def _wait_until_locked(lock: Path, process: subprocess.Popen) -> None:
    """Until some process holds the flock on lock (or process has ended)."""
    while process.poll() is None:
        if lock.exists():
            with open(lock) as file:
                try:
                    fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(file, fcntl.LOCK_UN)
        time.sleep(0.01)


@pytest.mark.parametrize("second_starts", ["at once", "while the first holds the lock"])
def test_two_builds_at_once_both_finish_and_leave_one_complete_site(tmp_path, second_starts):
    out = tmp_path / "site"
    first = start("build", "--out", str(out))
    if second_starts != "at once":
        _wait_until_locked(tmp_path / ".site.lock", first)
    second = start("build", "--out", str(out))
    assert [first.wait(), second.wait()] == [0, 0]
    assert run_digest("build", "--out", str(tmp_path / "reference")).returncode == 0
    assert tree_digest(out) == tree_digest(tmp_path / "reference")


def _one_line(result: subprocess.CompletedProcess, name: str) -> None:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr


ODD_FILES = {
    "cr.txt": lambda: PAGE_001.read_text(encoding="utf-8").replace("\n", "\r").encode("utf-8"),
    "crlf.txt": lambda: PAGE_001.read_text(encoding="utf-8").replace("\n", "\r\n").encode("utf-8"),
    "gbk.txt": lambda: PAGE_001.read_text(encoding="utf-8").encode("gbk"),
    "one-line.txt": lambda: ("本报讯（记者张三）" + "工会为职工办实事，" * 120_000 + "。").encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_odd_files_are_ingested(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ODD_FILES[name]())
    result = run_digest("ingest", str(path), "--date", "2022-01-17", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out").rglob("*.md"))


def test_a_20_mb_page_gets_one_clear_line(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(PAGE_001.read_bytes() * (20 * 1024 * 1024 // PAGE_001.stat().st_size + 1))
    _one_line(run_digest("ingest", str(path), "--date", "2022-01-17", "--out", str(tmp_path / "out")), "huge.txt")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").rglob("*.md"))


def test_a_missing_file_and_a_folder_get_one_clear_line(tmp_path):
    for target in (tmp_path / "missing.txt", tmp_path):
        _one_line(run_digest("ingest", str(target), "--date", "2022-01-17", "--out", str(tmp_path / "o")), str(target))


def test_unsafe_topic_id_in_settings_is_refused(tmp_path):
    project = make_project(tmp_path)
    settings = project / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("id: other", "id: ../../etc/x")
                        .replace("fallback_topic: other", "fallback_topic: ../../etc/x"), encoding="utf-8")
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 1 and "must be lowercase ASCII letters, digits and '-'" in result.stderr


TEXT = st.one_of(st.text(max_size=30), st.sampled_from(["<script>x</script>", "]]>", "{{ x }}", "../../x", "\x00",
                                                        "2022-01-17", "other", "新闻特写"]))
VALUE = st.one_of(TEXT, st.integers(-5, 5), st.none(), st.booleans(), st.lists(TEXT, max_size=3),
                  st.dictionaries(TEXT, TEXT, max_size=2))
KEYS = st.sampled_from(["title", "date", "kind", "topics", "slug", "page", "order", "reporters", "kicker",
                        "banners", "summary", "convert", "source", "extra"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(front=st.dictionaries(KEYS, VALUE, max_size=8), body=TEXT)
def test_random_front_matter_gives_a_site_or_a_clean_error(tmp_path_factory, front, body):
    from generator.build import build
    from generator.config import load_config

    project = make_project(tmp_path_factory.mktemp("fuzz"))
    path = project / "content" / "articles" / "2022-01-17" / "a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n" + body, encoding="utf-8",
                    errors="surrogatepass")
    try:
        result = build(project, load_config(project / "site.yaml"), search=False, force=True)
    except DigestError as error:
        assert "a.md" in str(error)
    else:
        assert result.articles == 1 and (project / "site" / "zh-hans" / "index.html").is_file()
