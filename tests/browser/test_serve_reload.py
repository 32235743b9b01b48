"""An open page of `digest serve` reloads by itself after an edit."""

from __future__ import annotations

from support import PREVIEW_ARTICLE as ARTICLE


def test_the_open_page_reloads_after_an_edit(preview, page):
    project, url = preview
    page.goto(url + "articles/2022-01-17/a/")
    assert page.locator("h1.title").inner_text() == "第一版标题"
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="自动刷新"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1.title').innerText === '自动刷新'", timeout=20000)
