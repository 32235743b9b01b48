"""`digest serve`: says where to open it, serves under the base path, rebuilds on change."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from support import PREVIEW_ARTICLE as ARTICLE


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
