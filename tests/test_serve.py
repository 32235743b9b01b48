"""`digest serve`: says where to open it, serves under the base path, rebuilds on change."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from support import PREVIEW_ARTICLE as ARTICLE


@pytest.fixture(autouse=True)
def interrupt_as_a_terminal_gives_it():
    """The previews started here take Ctrl+C's signal (SIGINT) as a terminal's foreground job
    does. A child inherits an ignored signal, and something earlier in a whole test run (not
    found: /proc/self/status then shows SIGINT and SIGQUIT ignored in the test process, with
    Playwright's asyncio threads alive) leaves SIGINT ignored: a preview started then never
    sees the test's SIGINT. Python's own handler is put back for the test, as it was after."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_preview_says_where_to_open_it_and_rebuilds_on_change(preview):
    project, url = preview
    assert url == url.split("/digest/")[0] + "/digest/zh-hans/"
    status, html = fetch(url + "articles/2022-01-17/a/")
    assert status == 200 and "第一版标题" in html and "/__digest/version" in html
    version = fetch(url.split("/digest/")[0] + "/__digest/version")[1]
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="改过的标题"), encoding="utf-8")
    deadline = time.time() + 60  # behaviour, not speed: a loaded machine rebuilds slowly
    while fetch(url.split("/digest/")[0] + "/__digest/version")[1] == version and time.time() < deadline:
        time.sleep(0.2)
    status, html = fetch(url + "articles/2022-01-17/a/")
    assert "改过的标题" in html
    assert fetch(url + "no/such/page/")[0] == 404
    assert fetch(url.split("/digest/")[0] + "/digest/../../etc/passwd")[0] == 404
    assert not (project / "site").exists(), "the preview never writes into the project's site/"


def test_a_broken_edit_keeps_the_last_good_build(preview):
    project, url = preview
    (project / "content/articles/2022-01-17/a.md").write_text("---\ntitle: [\n---\n", encoding="utf-8")
    time.sleep(2)
    status, html = fetch(url + "articles/2022-01-17/a/")
    assert status == 200 and "第一版标题" in html


def raw_request(url: str, request: bytes) -> bytes:
    """The server's answer to request sent as it is (http.client refuses to send malformed ones)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as connection:
        connection.sendall(request)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer


def test_requests_for_another_host_and_malformed_paths_are_refused(preview):
    _, url = preview
    host = url.split("/")[2]
    assert raw_request(url, f"GET /digest/zh-hans/ HTTP/1.0\r\nHost: {host}\r\n\r\n".encode()).startswith(
        b"HTTP/1.0 200")
    for bad_host in ("evil.example", f"evil.example:{host.split(':')[1]}", ""):
        answer = raw_request(url, f"GET /digest/zh-hans/ HTTP/1.0\r\nHost: {bad_host}\r\n\r\n".encode())
        assert answer.startswith(b"HTTP/1.0 403"), answer[:80]
    for path in (b"/digest/%00", b"/digest/zh-hans/\x00x", b"/digest/" + b"a" * 5000, b"/digest/%ff%fe",
                 b"digest/zh-hans/"):
        answer = raw_request(url, b"GET " + path + b" HTTP/1.0\r\nHost: " + host.encode() + b"\r\n\r\n")
        assert answer.startswith(b"HTTP/1.0 400"), (path[:30], answer[:80])
    assert fetch(url)[0] == 200, "still serving"


def test_an_unexpected_error_in_a_rebuild_is_shown_and_the_watcher_goes_on(preview):
    project, url = preview
    template = project / "themes/default/templates/article.html"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{% block main %}", "{% block main %}{{ 1 // 0 }}", 1), encoding="utf-8")
    deadline = time.time() + 60  # behaviour, not speed: a loaded machine rebuilds slowly
    while "重新生成失败" not in fetch(url + "articles/2022-01-17/a/")[1] and time.time() < deadline:
        time.sleep(0.2)
    status, html = fetch(url + "articles/2022-01-17/a/")
    log = project.parent / "serve.log"
    assert status == 200 and "第一版标题" in html and "ZeroDivisionError" in html and 'role="alert"' in html, \
        log.read_text(encoding="utf-8")
    template.write_text(good, encoding="utf-8")
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="修好之后"), encoding="utf-8")
    # the new page is served a moment before the rebuild ends and the error is cleared: wait for both
    deadline = time.time() + 60  # behaviour, not speed: a loaded machine rebuilds slowly
    while time.time() < deadline:
        html = fetch(url + "articles/2022-01-17/a/")[1]
        if "修好之后" in html and "重新生成失败" not in html:
            break
        time.sleep(0.2)
    log = (project.parent / "serve.log").read_text(encoding="utf-8")
    assert "修好之后" in html and "重新生成失败" not in html, log


def _until_serving(process) -> list[str]:
    """The lines the preview printed up to where it says it serves."""
    said = []
    for _ in range(8):
        said.append(process.stdout.readline())
        if said[-1].startswith("Serving the preview at "):
            return said
    raise AssertionError(f"the preview never said where it serves: {said}")


def _until_said(process, start: str) -> str:
    """The first line the preview prints from now on that starts so."""
    said = []
    for _ in range(20):
        said.append(process.stdout.readline())
        if said[-1].startswith(start):
            return said[-1]
    raise AssertionError(f"the preview never said {start!r}: {said}")


def _serve_folders(temporary: Path) -> set[Path]:
    return set(temporary.glob("digest-serve-*"))


def test_the_preview_keeps_its_site_for_the_next_one_and_leaves_no_temporary_folder(tmp_path):
    """A preview builds into the project's folder of the user's cache and leaves it: the next
    preview serves it without building anything. A second preview while one runs builds into
    a temporary folder of its own, removed however it ends; a failed first build says so."""
    import signal
    import subprocess
    import sys

    from support import free_port
    from support import make_project

    import os

    # the previews' own temporary and cache folders: no other test's preview can come and go in them
    temporary, cache = tmp_path / "tmp", tmp_path / "cache"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "XDG_CACHE_HOME": str(cache)}
    project = make_project(tmp_path, {"2022-01-17/a.md": "---\ntitle: [\n---\n"})

    def start(port: int) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--project", str(project), "--port",
                                 str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)

    result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--project", str(project), "--port",
                             str(free_port())], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1 and "first build failed" in result.stderr
    assert "still showing" not in result.stdout + result.stderr
    assert _serve_folders(temporary) == set()
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="标题"), encoding="utf-8")
    port = free_port()  # the same for the next preview: the pages' addresses are made with it
    unused = cache / "digest" / "preview-0123456789abcdef"  # another project's, unused for long
    (unused / "site").mkdir(parents=True)
    os.utime(unused, (0, 0))
    first = start(port)
    said = _until_serving(first)
    assert any(line.startswith("rebuilt:") for line in said), said
    assert not unused.exists() and any(line.startswith(f"removed {unused}") for line in said), said
    kept = [line.split(" in ", 1)[1].split(" and kept", 1)[0] for line in said if "kept there" in line]
    assert kept and Path(kept[0]).is_relative_to(cache) and (Path(kept[0]) / "site").is_dir()
    assert _serve_folders(temporary) == set()
    second = start(free_port())  # while the first runs
    said = _until_serving(second)
    assert any("another preview of this project is running" in line for line in said), said
    assert len(_serve_folders(temporary)) == 1
    # Stopped while it rebuilds after a change (the search indexes, which follow the pages): it
    # waits for the rebuild, then removes its folder whole (not while the rebuild writes into it).
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="新标题"), encoding="utf-8")
    _until_said(second, "rebuilt: 1 articles")
    second.send_signal(signal.SIGINT)
    second.wait(timeout=60)
    assert _serve_folders(temporary) == set()
    _until_said(first, "rebuilt: search indexes")  # the kept site up to date before its preview stops
    first.send_signal(signal.SIGTERM)
    first.wait(timeout=20)
    assert (Path(kept[0]) / "site").is_dir()
    third = start(port)
    said = _until_serving(third)
    assert not any(line.startswith("rebuilt") for line in said), said  # the kept site was up to date
    url = said[-1].split(" at ", 1)[1].split(" ", 1)[0]
    assert fetch(url)[0] == 200
    third.send_signal(signal.SIGINT)
    third.wait(timeout=20)
    assert _serve_folders(temporary) == set()


def test_a_preview_removes_the_kept_previews_unused_for_a_month_and_no_other(tmp_path):
    """Starting a preview removes the cache's preview folders no preview started in for
    serve.UNUSED_PREVIEW_DAYS, unless a running preview holds one; a recent one, a link and the
    preview's own stay."""
    import os
    import time

    from generator.files import locked
    from generator.serve import UNUSED_PREVIEW_DAYS, USED_MARK, remove_unused_previews

    cache = tmp_path / "digest"
    long_ago = time.time() - (UNUSED_PREVIEW_DAYS + 1) * 86400
    folders = {name: cache / f"preview-{name}" for name in ("old", "recent", "held", "unmarked")}
    for name, folder in folders.items():
        (folder / "site").mkdir(parents=True)
        (folder / "site" / "index.html").write_text("x", encoding="utf-8")
        if name != "unmarked":
            (folder / USED_MARK).touch()
            if name != "recent":
                os.utime(folder / USED_MARK, (long_ago, long_ago))
    os.utime(folders["unmarked"], (long_ago, long_ago))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (cache / "preview-link").symlink_to(elsewhere)
    with locked(folders["held"] / "lock"):
        removed = remove_unused_previews(cache, time.time())
    assert sorted(removed) == sorted([folders["old"], folders["unmarked"]])
    assert sorted(p.name for p in cache.iterdir()) == ["preview-held", "preview-link", "preview-recent"]
    assert elsewhere.is_dir()


def test_a_busy_port_or_a_port_out_of_range_is_said_before_building(tmp_path):
    import socket
    import subprocess
    import sys

    from support import make_project

    project = make_project(tmp_path, {"2022-01-17/a.md": ARTICLE.format(title="标题")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = time.time()
        result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--project", str(project), "--port",
                                 str(port)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "--port" in result.stderr and "Traceback" not in result.stderr and "rebuilt" not in result.stdout
    assert time.time() - started < 10
    result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--project", str(project), "--port",
                             "99999"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "--port 99999 is not a port number" in result.stderr
    assert "Traceback" not in result.stderr


def fetch_bytes(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_a_search_page_opened_before_the_indexes_changed_still_gets_their_files(preview):
    """A search page keeps the index it loaded (its entry names files by their digests) until it
    reloads: after the search indexes are brought up to date, the files the old entry named are
    still served, with the bytes they had, and the new entry names new ones."""
    import json
    import re

    project, url = preview
    bundle = re.search(r'data-bundle="([^"]+)"', fetch(url + "search/")[1]).group(1)
    index = url.split("/digest/")[0] + bundle

    def meta_file() -> str:
        entry = json.loads(fetch(index + "pagefind-entry.json")[1])
        (language,) = entry["languages"].values()
        return f"{index}pagefind.{language['hash']}.pf_meta"

    before = meta_file()
    status, old_bytes = fetch_bytes(before)
    assert status == 200
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="鹳雀楼"), encoding="utf-8")
    deadline = time.time() + 60  # behaviour, not speed: a loaded machine rebuilds slowly
    while meta_file() == before and time.time() < deadline:
        time.sleep(0.2)
    after = meta_file()
    assert after != before and fetch_bytes(after)[0] == 200
    assert fetch_bytes(before) == (200, old_bytes)


def test_the_pages_come_before_the_search_and_a_search_left_unmade_is_made_next_time(tmp_path):
    """In its kept folder a preview serves the pages as soon as they are built, then makes the
    search indexes. A preview stopped before its indexes were made: the next one makes them."""
    import os
    import signal
    import subprocess
    import sys

    from support import free_port, make_project, pagefind_wrapper

    project = make_project(tmp_path, {"2022-01-17/a.md": ARTICLE.format(title="标题")})
    slow = tmp_path / "slow"
    pagefind = pagefind_wrapper(tmp_path / "pagefind", before=f'[ -f "{slow}" ] && sleep 60\n')
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "DIGEST_PAGEFIND": str(pagefind)}
    port = free_port()

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-u", "-m", "generator.cli", "serve", "--project", str(project),
                                 "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env=env)

    slow.touch()  # this preview's Pagefind does not finish before it is stopped
    first = start()
    said = _until_serving(first)
    assert any(line.startswith("rebuilt: 1 articles") for line in said), said
    url = said[-1].split(" at ", 1)[1].split(" ", 1)[0]
    assert fetch(url)[0] == 200  # the pages are served while the search is made
    first.send_signal(signal.SIGTERM)
    rest = first.communicate(timeout=30)[0]
    assert "rebuilt: search indexes" not in rest
    slow.unlink()
    second = start()
    _until_serving(second)
    for _ in range(20):
        line = second.stdout.readline()
        if line.startswith("rebuilt: search indexes"):
            break
    else:
        raise AssertionError("the search indexes were not made")
    bundle = re.search(r'data-bundle="([^"]+)"', fetch(url + "search/")[1]).group(1)
    assert fetch(url.split("/digest/")[0] + bundle + "pagefind-entry.json")[0] == 200
    second.send_signal(signal.SIGTERM)
    second.wait(timeout=30)
