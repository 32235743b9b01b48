"""A reader's path through the site in a real browser, served by nginx under /digest/."""

from __future__ import annotations

import pytest

from site_pages import page_paths


def test_home_to_issue_to_article_and_over_to_the_other_script(server, page):
    base, _ = server
    page.goto(base + "zh-hans/")
    page.locator("section.issue h2 a").first.click()
    assert "/digest/zh-hans/issues/" in page.url
    page.locator(".article-list .title a").first.click()
    article_url = page.url
    assert "/digest/zh-hans/articles/" in article_url
    title = page.locator("h1.title").inner_text()
    page.locator(".variant-switch a[hreflang=zh-Hant]").click()
    assert page.url == article_url.replace("/zh-hans/", "/zh-hant/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("h1.title").inner_text() != title or title.isascii()


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
@pytest.mark.parametrize("query", ["工会", "工會"])
def test_search_in_either_script_finds_real_pages(server, page, prefix, query):
    base, _ = server
    page.goto(f"{base}{prefix}/search/?q={query}")
    results = page.locator(".pagefind-ui__result-link")
    # Pagefind's UI shows results as their fragments arrive: wait for five, not for the first.
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length >= 5", timeout=15000)
    href = results.first.get_attribute("href")
    assert href.startswith(f"/digest/{prefix}/articles/")
    response = page.goto(base.split("/digest/")[0] + href)
    assert response.status == 200


def test_the_search_box_on_every_page_leads_to_results(server, page):
    base, _ = server
    page.goto(base + "zh-hant/topics/")
    page.fill(".search-box input[name=q]", "工匠")
    page.press(".search-box input[name=q]", "Enter")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=15000)
    assert "/digest/zh-hant/search/?q=" in page.url


def test_a_wrong_path_gets_the_404_page(server, page):
    base, _ = server
    response = page.goto(base + "zh-hans/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").all_inner_texts() == ["页面不存在", "頁面不存在"]  # every variant's words
    page.locator("main a").first.click()
    assert page.url == base + "zh-hans/"
    page.goto(base + "zh-hant/no/such/page/")
    page.locator('section[lang="zh-Hant"] a').click()
    assert page.url == base + "zh-hant/"


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_a_phone_screen_never_scrolls_sideways(server, browser, prefix):
    base, site = server
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    wide = {}
    for kind, path in page_paths(site).items():
        phone.goto(f"{base}{prefix}/{path}")
        phone.wait_for_load_state("networkidle")
        scroll, client = phone.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            wide[kind] = (scroll, client)
    context.close()
    assert wide == {}


@pytest.mark.parametrize("prefix, label", [("zh-hans", "第5版 工会新闻"), ("zh-hant", "第5版 工會新聞")])
def test_an_issues_page_list_leads_to_each_page(paged_site, page, prefix, label):
    """On a phone: the page list's link scrolls to that page's heading; its next-page link too."""
    base, _ = paged_site
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{base}{prefix}/issues/2023-12-07/")
    page.locator(".page-list a", has_text=label).click()
    assert page.url.endswith("#page-5")
    heading = page.locator("#page-5-heading")
    assert heading.inner_text() == label
    box = heading.bounding_box()
    assert 0 <= box["y"] < 800, "scrolled to the heading"
    page.locator("#page-1 .page-pager a").click()
    assert page.url.endswith("#page-5")
