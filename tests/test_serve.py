"""`digest serve`: says where to open it, serves under the base path, rebuilds on change."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from support import make_project

ARTICLE = "---\ntitle: {title}\ndate: 2022-01-17\n---\n正文。\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@pytest.fixture
def preview(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": ARTICLE.format(title="第一版标题")})
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--project", str(project),
                                "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    deadline = time.time() + 30
    while time.time() < deadline:
        line = process.stdout.readline()
        lines.append(line)
        if line.startswith("Serving the preview at "):
            break
    else:
        process.kill()
        pytest.fail("".join(lines))
    url = line.split(" at ", 1)[1].split(" ", 1)[0]
    yield project, url
    process.terminate()
    process.wait(timeout=10)


def test_preview_says_where_to_open_it_and_rebuilds_on_change(preview):
    project, url = preview
    assert url == url.split("/digest/")[0] + "/digest/zh-hans/"
    status, html = fetch(url + "articles/2022-01-17/a/")
    assert status == 200 and "第一版标题" in html and "/__digest/version" in html
    version = fetch(url.split("/digest/")[0] + "/__digest/version")[1]
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="改过的标题"), encoding="utf-8")
    deadline = time.time() + 20
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
