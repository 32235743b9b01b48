"""An open page of `digest serve` reloads by itself after an edit."""

from __future__ import annotations

from support import PREVIEW_ARTICLE as ARTICLE


def test_the_open_page_reloads_after_an_edit(preview, page):
    project, url = preview
    page.goto(url + "articles/2022-01-17/a/")
    assert page.locator("h1.title").inner_text() == "第一版标题"
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="自动刷新"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1.title').innerText === '自动刷新'", timeout=20000)


def test_the_preview_brings_search_up_to_date_after_the_pages(preview, page):
    """The pages come first (the open page reloads), then the search indexes in the background,
    and the open page reloads again: a word that only the edit brings is found on the preview's
    search page without the reader reloading it. (The test must not reload it either: its reload
    and the page's own collide, net::ERR_ABORTED.)"""
    project, url = preview
    page.goto(url + "articles/2022-01-17/a/")
    (project / "content/articles/2022-01-17/a.md").write_text(ARTICLE.format(title="鹳雀楼"), encoding="utf-8")
    page.wait_for_function("document.querySelector('h1.title').innerText === '鹳雀楼'", timeout=60000)
    page.goto(url + "search/?q=鹳雀楼")
    links = page.locator(".search-result-link")
    # behaviour, not speed: the indexes follow within a minute on a loaded machine
    links.first.wait_for(timeout=60000)
    assert links.all_inner_texts() == ["鹳雀楼"]
