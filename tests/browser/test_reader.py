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
    results = page.locator(".search-result-link")
    # The page shows results as their fragments arrive: wait for five, not for the first.
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 5", timeout=15000)
    href = results.first.get_attribute("href")
    assert href.startswith(f"/digest/{prefix}/articles/")
    response = page.goto(base.split("/digest/")[0] + href)
    assert response.status == 200


@pytest.mark.parametrize("prefix, said", [("zh-hans", "没能载入搜索索引"), ("zh-hant", "沒能載入搜尋索引")])
def test_a_search_whose_index_does_not_load_says_so(server, page, prefix, said):
    """Offline, or a deploy under way: the index's files do not come; the page does not go on
    saying it is searching."""
    import re

    base, _ = server
    page.route(re.compile(r".*/pagefind/.*"), lambda route: route.abort())
    page.goto(f"{base}{prefix}/search/?q=工会")
    message = page.locator(".search-message")
    page.wait_for_function(f"document.querySelector('.search-message').textContent.includes('{said}')",
                           timeout=15000)
    assert "工会" in message.inner_text() and page.locator(".search-result").count() == 0


def test_more_results_asked_for_by_keyboard_take_the_focus(server, page):
    """Enter on the "more results" button: the first of the results it adds has the focus (the
    button itself goes once the last are shown)."""
    base, _ = server
    page.goto(f"{base}zh-hans/search/?q=工会")
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 5", timeout=15000)
    page.locator(".search-more").focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('search-result-link')", timeout=15000)
    focused = page.evaluate("[...document.querySelectorAll('.search-result-link')].indexOf(document.activeElement)")
    assert focused == 5


def test_the_search_box_on_every_page_leads_to_results(server, page):
    base, _ = server
    page.goto(base + "zh-hant/topics/")
    page.fill(".search-box input[name=q]", "工匠")
    page.press(".search-box input[name=q]", "Enter")
    page.locator(".search-result-link").first.wait_for(timeout=15000)
    assert "/digest/zh-hant/search/?q=" in page.url


def test_a_wrong_path_gets_the_404_page(server, page):
    base, _ = server
    response = page.goto(base + "zh-hans/no/such/page/")
    assert response.status == 404
    assert page.locator("h1:visible").all_inner_texts() == ["页面不存在"]  # the missing address's variant
    page.locator("main a:visible").click()
    assert page.url == base + "zh-hans/"
    page.goto(base + "zh-hant/no/such/page/")
    assert page.locator("h1:visible").all_inner_texts() == ["頁面不存在"]
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.locator("main a:visible").click()
    assert page.url == base + "zh-hant/"
    page.goto(base + "no/such/variant/")  # outside every variant: every variant's words
    assert page.locator("h1:visible").all_inner_texts() == ["页面不存在", "頁面不存在"]


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


@pytest.mark.parametrize("prefix, clear", [("zh-hans", "清除"), ("zh-hant", "清除")])
def test_the_search_fields_clear_button_reads_at_the_pages_size_on_a_phone(server, browser, prefix, clear):
    """The button that clears the query sits inside the search field, its label as large as the
    page's text, and a long query stops before it instead of running under it."""
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 800}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    phone.goto(f"{base}{prefix}/search/?q=" + "江苏工会引入社会资源提升服务专业化水平")
    button = phone.locator(".search-clear")
    button.wait_for()
    field = phone.locator(".search-input")
    found = phone.evaluate("""() => {
        const size = (el) => parseFloat(getComputedStyle(el).fontSize);
        const button = document.querySelector('.search-clear');
        const field = document.querySelector('.search-input');
        const b = button.getBoundingClientRect(), f = field.getBoundingClientRect();
        return {label: size(button), text: size(document.body), inside: b.left >= f.left && b.right <= f.right
                && b.top >= f.top && b.bottom <= f.bottom,
                room: f.right - b.left <= parseFloat(getComputedStyle(field).paddingRight) + 1};
    }""")
    assert button.inner_text() == clear and field.input_value().startswith("江苏")
    context.close()
    assert found["label"] >= found["text"] and found["inside"] and found["room"], found


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


@pytest.mark.parametrize("prefix, caption", [("zh-hans", "职工在服务站点歇脚。"), ("zh-hant", "職工在服務站點歇腳。")])
@pytest.mark.parametrize("width", [390, 1280])
def test_a_photo_article_shows_its_photo_at_the_size_it_declares(paged_site, browser, prefix, caption, width):
    """The photo loads (from the srcset width the screen needs), and its width and height
    attributes are the loaded file's shape: the page does not jump when it arrives."""
    from support import PHOTO_SIZE, photo_article

    base, site = paged_site
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=2)
    reader = context.new_page()
    reader.goto(f"{base}{prefix}/{photo_article(site)}")
    figure = reader.locator("figure.photo").first
    assert caption in figure.locator("figcaption").inner_text()
    reader.wait_for_function("document.querySelector('figure.photo img').complete")
    shown = figure.locator("img").evaluate(
        "img => [img.naturalWidth, img.naturalHeight, img.getAttribute('width'), img.getAttribute('height'),"
        " img.currentSrc, img.getBoundingClientRect().width, img.getBoundingClientRect().height]")
    natural_w, natural_h, width_attribute, height_attribute, source, box_w, box_h = shown
    assert natural_w > 0 and abs(natural_h / natural_w - int(height_attribute) / int(width_attribute)) < 0.01
    assert abs(box_h / box_w - PHOTO_SIZE[1] / PHOTO_SIZE[0]) < 0.01
    assert box_w <= width
    # A phone at 2x takes the 960 px file, a wide screen's column (38rem at 2x) the 1440 px one.
    assert source.endswith("-960.jpg" if width == 390 else "-1440.jpg")
    context.close()


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_a_name_searched_on_the_page_lists_the_article_naming_it_first(server, page, prefix):
    """方中里 is named in one article; Pagefind alone ranked two others above it."""
    base, site = server
    page.goto(f"{base}{prefix}/search/?q=方中里")
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 2", timeout=15000)
    first = page.locator(".search-result-link").first.get_attribute("href")
    article = (site / first.removeprefix("/digest/") / "index.html").read_text(encoding="utf-8")
    assert "方中里" in article


def _all_results(page) -> list[str]:
    """The meta line (date · page · topics) of every result, after loading them all."""
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 1", timeout=15000)
    page.wait_for_timeout(300)
    while page.locator(".search-more:not([hidden])").count():
        page.locator(".search-more:not([hidden])").click()
        page.wait_for_timeout(300)
    return page.locator(".result-meta").all_inner_texts()


def _date(meta: str) -> tuple[int, int, int]:
    import re

    year, month, day = re.match(r"(\d{4})年(\d{1,2})月(\d{1,2})日", meta).groups()
    return int(year), int(month), int(day)


@pytest.mark.parametrize("prefix, year_name", [("zh-hans", "年份"), ("zh-hant", "年份")])
def test_search_results_show_their_date_and_topics_and_filter_by_year(server, page, prefix, year_name):
    base, _ = server
    page.goto(f"{base}{prefix}/search/?q=工会")
    metas = _all_results(page)
    assert len(metas) >= 10 and all(" · " in meta for meta in metas)  # date · topics
    shown = page.locator(".search-results").inner_text()
    assert "Date:" not in shown and "Topics:" not in shown  # Pagefind's own tags, in English
    years = {_date(meta)[0] for meta in metas}
    assert years == {2022, 2023}
    page.locator("summary", has_text=year_name).click()
    page.locator("label.search-filter-label", has_text="2022").click()
    page.wait_for_timeout(800)
    filtered = _all_results(page)
    assert filtered and {_date(meta)[0] for meta in filtered} == {2022}
    assert len(filtered) < len(metas)


def test_search_sorted_by_date_reads_the_archive_newest_first(server, page):
    """最新在前: the newest period's results by date, then each older period in turn (the links
    under 时期), and the order and the period are kept in the address."""
    base, _ = server
    page.goto(f"{base}zh-hans/search/?q=工会")
    page.locator(".search-sort label", has_text="最新在前").click()
    dates = [_date(meta) for meta in _all_results(page)]
    assert "sort=date" in page.url
    periods = page.locator(".search-periods button")
    for index in range(1, periods.count()):
        periods.nth(index).click()
        dates += [_date(meta) for meta in _all_results(page)]
        assert f"period={index}" in page.url
    assert dates == sorted(dates, reverse=True) and len(set(dates)) >= 3


def test_the_query_follows_typing_and_the_switch_to_the_other_script(server, page):
    base, _ = server
    page.goto(f"{base}zh-hant/search/")
    page.locator(".search-input").fill("工會")
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 1", timeout=15000)
    assert page.url.endswith("/zh-hant/search/?q=%E5%B7%A5%E6%9C%83")
    page.locator(".variant-switch a[hreflang=zh-Hans]").click()
    assert page.url.endswith("/zh-hans/search/?q=%E5%B7%A5%E6%9C%83")
    page.wait_for_function("document.querySelectorAll('.search-result-link').length >= 1", timeout=15000)
    assert page.locator(".search-input").input_value() == "工會"
    assert page.locator(".masthead .search-box").is_hidden(), "one search box on the search page"


def test_the_traditional_search_page_holds_no_simplified_only_character(server, page):
    """Everything a reader of zh-Hant reads on the search page (Pagefind's words, filters, the
    results) is Traditional; the link to the Simplified site is in its own script on purpose."""
    from generator.review import simplified_only

    base, _ = server
    page.goto(f"{base}zh-hant/search/?q=工會")
    _all_results(page)
    page.locator("summary", has_text="主題").click()
    text = page.evaluate("() => { const body = document.body.cloneNode(true);"
                         " body.querySelectorAll('[lang=zh-Hans]').forEach(e => e.remove()); return body.innerText; }")
    assert not set(text) & simplified_only(), sorted(set(text) & simplified_only())


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_a_bylines_name_leads_to_the_reporters_page_listing_their_articles(server, page, prefix):
    base, _ = server
    page.goto(f"{base}{prefix}/articles/2022-01-17/ca18db15/")
    title = page.locator("h1.title").inner_text()
    page.locator(".byline a").first.click()
    assert "/people/" in page.url
    assert title in page.locator(".article-list .title").all_inner_texts()
    page.locator(".meta a", has_text="RSS").click()
    assert page.url.endswith("/feed.xml")


@pytest.mark.parametrize("prefix, label", [("zh-hans", "《工人日报》2023年12月7日 第1版 要闻"),
                                           ("zh-hant", "《工人日報》2023年12月7日 第1版 要聞")])
def test_the_source_line_names_the_paper_and_links_its_page(paged_site, page, prefix, label):
    """The e-paper page of the article's date and 版 (site.yaml's source.url), leaving the site."""
    from support import photo_article

    base, site = paged_site
    page.goto(f"{base}{prefix}/{photo_article(site)}")  # an article of page 1
    link = page.locator("p.source a")
    assert link.inner_text() == label
    assert link.get_attribute("href") == "https://www.workercn.cn/papers/grrb/2023/12/07/01/"
    assert link.get_attribute("rel") == "external"


@pytest.mark.parametrize("prefix, heading", [("zh-hans", "相关报道"), ("zh-hant", "相關報導")])
def test_related_reports_lead_to_earlier_articles(server, page, prefix, heading):
    """From the newest issue's first article, each related link opens an article of that day or
    before, in the same script."""
    base, site = server
    page.goto(f"{base}{prefix}/latest/")
    page.wait_for_url("**/issues/**")
    page.locator(".article-list a").first.click()
    newest = page.locator(".meta time").first.get_attribute("datetime")
    related = page.locator("aside.related")
    assert related.locator("h2").inner_text() == heading
    addresses = [a.get_attribute("href") for a in related.locator("a").all()]
    assert addresses
    for address in addresses:
        page.goto(base.split("/digest/")[0] + address)
        assert f"/{prefix}/articles/" in page.url and page.locator("h1.title").is_visible()
        assert page.locator(".meta time").first.get_attribute("datetime") <= newest


@pytest.mark.parametrize("locale, lands", [("zh-TW", "zh-hant/"), ("zh-HK", "zh-hant/"), ("zh-CN", "zh-hans/"),
                                           ("en-US", "")])
def test_the_root_picks_the_readers_script_from_the_browsers_languages(server, browser, locale, lands):
    base, _ = server
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(base)
    page.wait_for_url(base + lands)
    page.wait_for_load_state("load")
    assert page.url == base + lands
    if not lands:  # no Chinese asked for: the reader chooses, with plain links
        assert page.locator("main.chooser a").count() == 2
    context.close()


def test_the_root_remembers_the_script_last_read(server, browser):
    base, _ = server
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(base + "zh-hant/topics/")
    page.goto(base)
    page.wait_for_url(base + "zh-hant/")
    page.goto(base + "zh-hans/archive/")
    page.goto(base)
    page.wait_for_url(base + "zh-hans/")
    context.close()


def test_latest_leads_to_the_newest_issue(server, page):
    base, site = server
    newest = max(p.name for p in (site / "zh-hant" / "issues").iterdir() if p.is_dir())
    page.goto(base + "zh-hant/latest/")
    page.wait_for_url(f"**/zh-hant/issues/{newest}/")
