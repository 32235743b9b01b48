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



def test_a_build_of_the_search_indexes_alone_reloads_the_search_page_alone(preview, page):
    """The preview counts the pages' builds and the search indexes' apart (serve.Preview.label):
    a build of the indexes changes no page, so an article being read is not reloaded for it;
    the search page is. The server's answer is replaced here to say which build came next."""
    import re

    _, url = preview
    page.goto(url + "articles/2022-01-17/a/")
    pages, search = (int(n) for n in re.search(r"var v='(\d+)\.(\d+)'", page.content()).groups())

    def next_build(label: str):
        page.unroute("**/__digest/version")
        page.route("**/__digest/version", lambda route: route.fulfill(status=200, body=label, content_type="text/plain"))

    def reloads(address: str, label: str) -> bool:
        next_build(f"{pages}.{search}")
        page.goto(address)
        page.evaluate("window.loadedBefore = true")
        next_build(label)
        page.wait_for_timeout(2500)  # more than the page's polling second
        return page.evaluate("window.loadedBefore") is None

    assert not reloads(url + "articles/2022-01-17/a/", f"{pages}.{search + 1}")
    assert reloads(url + "search/", f"{pages}.{search + 1}")
    assert reloads(url + "articles/2022-01-17/a/", f"{pages + 1}.{search}")
