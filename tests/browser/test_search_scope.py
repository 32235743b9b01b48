"""On a large archive a search sorted by relevance looks in the newest period first, merges older
periods while its first results do not all hold the query, says how far it looked, and links to
the same search in every period (static/search/pagefind.js).

The bundled site is small, so it is searched whole; here its search page is served as a large
archive's would be (the page's thresholds lowered in the HTML the browser gets): the same
indexes, the same engine."""

from __future__ import annotations

import re

import pytest


def as_large_archive(page, base: str, first_articles: int | None = None) -> None:
    """Serve the search pages with data-whole-articles=1 (and data-first-articles lowered)."""

    def rewrite(route):
        response = route.fetch()
        html = response.text().replace('data-whole-articles="', 'data-whole-articles="1" data-was="')
        if first_articles is not None:
            html = re.sub(r'data-first-articles="\d+"', f'data-first-articles="{first_articles}"', html)
        route.fulfill(response=response, body=html)

    page.route(re.compile(re.escape(base) + r"zh-han[st]/search/(\?.*)?$"), rewrite)


def results(page, at_least: int = 1) -> list[str]:
    page.wait_for_function(f"document.querySelectorAll('.search-result-link').length >= {at_least}",
                           timeout=15000)
    page.wait_for_timeout(500)  # the search may still be widening: let it settle
    return page.locator(".search-result-link").evaluate_all("links => links.map(l => l.getAttribute('href'))")


def counts(page) -> list[int]:
    return [int(n) for n in page.locator("#search").get_attribute("data-counts").split()]


@pytest.mark.parametrize("prefix, newest", [("zh-hans", "只查找了2023年12月1日及以后"), ("zh-hant", "只查找了2023年12月1日及以後")])
def test_a_common_word_is_found_in_the_newest_period_and_the_page_offers_every_period(server, page, prefix, newest):
    base, _ = server
    as_large_archive(page, base)
    page.goto(f"{base}{prefix}/search/?q=工会")
    first = results(page, 5)
    assert all("/articles/2023-12-" in href for href in first), first  # the newest period's articles only
    scope = page.locator(".search-scope")
    scope.wait_for(state="visible", timeout=5000)
    assert newest in scope.inner_text()
    page.locator(".search-scope a").click()
    assert "all=1" in page.url and "q=" in page.url
    everything = results(page, 5)
    while page.locator(".search-more:not([hidden])").count():  # the "more results" button
        page.locator(".search-more:not([hidden])").click()
        page.wait_for_timeout(300)
    everything = page.locator(".search-result-link").evaluate_all("links => links.map(l => l.getAttribute('href'))")
    assert any("/articles/2022-" in href for href in everything) and len(everything) > len(first)
    assert page.locator(".search-scope").is_hidden()


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_a_name_only_an_old_period_holds_is_searched_back_to_it(server, page, prefix):
    """方中里 is named in one article of 2022, the oldest of three periods."""
    base, site = server
    as_large_archive(page, base)
    page.goto(f"{base}{prefix}/search/?q=方中里")
    first = results(page)[0]
    assert "方中里" in (site / first.removeprefix("/digest/") / "index.html").read_text(encoding="utf-8")
    assert page.locator(".search-scope").is_hidden(), "every period was searched"


def test_past_the_first_search_budget_the_older_periods_wait_for_the_reader(server, page):
    base, site = server
    page.goto(f"{base}zh-hans/search/")
    newest = counts(page)[0]
    as_large_archive(page, base, first_articles=newest)
    page.goto(f"{base}zh-hans/search/?q=方中里")
    scope = page.locator(".search-scope")
    scope.wait_for(state="visible", timeout=15000)
    assert "2023年12月" in scope.inner_text()
    scope.locator("a").click()
    first = results(page)[0]
    assert "方中里" in (site / first.removeprefix("/digest/") / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_the_year_filter_offers_every_year_before_its_period_is_searched(server, page, prefix):
    """A common word is found in the newest period alone; the year filter still offers 2022 (with
    no count: its period was not searched), and choosing it searches every period: 2022's
    articles only, each period's count known."""
    base, _ = server
    as_large_archive(page, base)
    page.goto(f"{base}{prefix}/search/?q=工会")
    assert all("/articles/2023-12-" in href for href in results(page, 5))
    page.locator("summary", has_text="年份").click()
    old_year = page.locator("label.search-filter-label", has_text="2022")
    assert old_year.locator(".search-filter-count").inner_text() == ""
    old_year.click()
    page.wait_for_function("[...document.querySelectorAll('.search-result-link')]"
                           ".every(link => link.getAttribute('href').includes('/articles/2022-'))", timeout=15000)
    found = results(page, 1)
    assert found and all("/articles/2022-" in href for href in found), found
    assert old_year.locator(".search-filter-count").inner_text() == f"({int(page.locator('.search-message').inner_text().split()[1])})"
