"""What a reader of the bundled site sees (issue 26, the quick part): issue pages with the
weekday and no date repeated under each item, an excerpt for every item, Taiwan's interface words
in zh-Hant, a named navigation, no canonical address on the 404 page."""

from __future__ import annotations

import re

WEEKDAYS = "星期一 星期二 星期三 星期四 星期五 星期六 星期日".split()


def test_an_issue_page_names_its_weekday_and_does_not_repeat_its_date(built_site):
    import datetime as dt

    for issue in (built_site / "zh-hans" / "issues").iterdir():
        html = (issue / "index.html").read_text(encoding="utf-8")
        day = dt.date.fromisoformat(issue.name)
        assert f'<span class="weekday">{WEEKDAYS[day.weekday()]}</span></h1>' in html
        items = html.count('<li>\n    <div class="headline">')
        assert items and html.count(f'<time datetime="{issue.name}">') == 1  # the heading's only


def test_every_listed_article_has_an_excerpt(built_site):
    html = (built_site / "zh-hans" / "issues" / "2022-01-17" / "index.html").read_text(encoding="utf-8")
    items = re.findall(r"<li>\n    <div class=\"headline\">.*?</li>", html, re.S)
    assert items and all('<p class="summary">' in item for item in items)


def test_the_traditional_interface_speaks_taiwans_words(built_site):
    hant = (built_site / "zh-hant" / "index.html").read_text(encoding="utf-8")
    hans = (built_site / "zh-hans" / "index.html").read_text(encoding="utf-8")
    assert "搜尋" in hant and "輸入關鍵字" in hant and "搜索" not in hant.split("<main")[0]
    assert "搜索" in hans and "输入关键词" in hans
    assert 'aria-label="网站导航"' in hans and 'aria-label="網站導航"' in hant


def test_a_missing_page_claims_no_address(built_site):
    for page in (built_site / "404.html", built_site / "zh-hant" / "404.html"):
        assert 'rel="canonical"' not in page.read_text(encoding="utf-8")


def test_a_report_shows_the_dateline_it_opened_with(built_site):
    """本报讯 (the 电头 ingest took off the first paragraph) opens that paragraph again, in bold,
    as the paper printed it."""
    from support import ROOT

    with_dateline = [p for p in (ROOT / "content" / "articles").rglob("*.md")
                     if "\ndateline: 本报讯\n" in p.read_text(encoding="utf-8")]
    assert with_dateline
    for path in with_dateline:
        first = path.read_text(encoding="utf-8").split("\n---\n", 1)[1].strip().split("\n\n")[0]
        for prefix, word in (("zh-hans", "本报讯"), ("zh-hant", "本報訊")):
            page = built_site / prefix / "articles" / path.parent.name / path.stem / "index.html"
            opening = f'<div class="body">\n<p><strong class="dateline">{word}</strong>'
            assert opening in page.read_text(encoding="utf-8")
            if prefix == "zh-hans":
                assert opening + first[:12] in page.read_text(encoding="utf-8")


def test_the_root_404_speaks_every_variant(built_site):
    """Hosts serve the root 404.html for a missing address in any variant (GitHub Pages does):
    it says so in each script, each with the way back to its own home."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<section lang="zh-Hans" data-home="/digest/zh-hans/">' in html and "页面不存在" in html
    assert '<section lang="zh-Hant" data-home="/digest/zh-hant/">' in html and "頁面不存在" in html
    assert "/digest/zh-hans/" in html and "/digest/zh-hant/" in html


def test_the_home_page_gives_the_newest_issue_in_full_and_the_others_as_headlines(built_site):
    html = (built_site / "zh-hans" / "index.html").read_text(encoding="utf-8")
    sections = html.split('<section class="issue">')[1:]
    assert len(sections) >= 2
    assert '<ol class="article-list">' in sections[0] and '<ul class="headlines">' not in sections[0]
    assert all('<ul class="headlines">' in s and '<ol class="article-list">' not in s for s in sections[1:])
    assert all(s.count("<li>") >= 1 for s in sections)


def test_an_issue_page_is_grouped_by_its_pages_with_a_page_list(tmp_path):
    """Articles filed on pages 1 and 5 (and two with no page): a 本期版面 list linking each page's
    section, the sections in page order with 版次 and 版名 as headings, each article once under its
    own page, previous/next page links; the page label is not repeated under each item."""
    from support import PAGES, paged_project, run_digest

    project = paged_project(tmp_path)
    assert run_digest("build", "--no-search", "--project", str(project)).returncode == 0
    html = (project / "site/zh-hant/issues/2023-12-07/index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<li><a href="#(page-[\w-]+)">([^<]+)</a>', html.split('class="page-list"')[1].split("</nav>")[0])
    assert listed == [("page-1", "第1版 要聞"), ("page-5", "第5版 工會新聞"), ("page-unknown", "未註明版次")]
    sections = re.findall(r'<section class="issue-page" id="([\w-]+)".*?</section>', html, re.S)
    assert sections == ["page-1", "page-5", "page-unknown"]
    bodies = re.findall(r'<section class="issue-page".*?</section>', html, re.S)
    counts = [body.count('<div class="headline">') for body in bodies]
    assert counts == [PAGES.count(page) for page in dict.fromkeys(PAGES)]
    assert '<a href="#page-5">第5版 工會新聞 →</a>' in bodies[0] and '<a href="#page-1">← 第1版 要聞</a>' in bodies[1]
    assert '<p class="meta">第1版' not in html
    links = re.findall(r'<a href="/digest/zh-hant/(articles/[^"]+)">', bodies[1])
    assert len(links) == PAGES.count((5, "工会新闻"))
    for link in links:
        assert "第5版 工會新聞" in (project / "site/zh-hant" / link / "index.html").read_text(encoding="utf-8")


def test_an_issue_without_pages_is_one_list(built_site):
    html = (built_site / "zh-hans" / "issues" / "2023-12-07" / "index.html").read_text(encoding="utf-8")
    assert 'class="page-list"' not in html and 'class="issue-page"' not in html


UI = {"year_suffix": "年", "month_suffix": "月", "day_suffix": "日", "calendar_title": "出版日历",
      "calendar_cell": "{date}：{count}篇文章", "calendar_legend": "每天文章数", "coverage_title": "报道数量",
      "articles_unit": "篇"}


def _calendar_strategy():
    import datetime as dt

    from hypothesis import strategies as st

    return st.integers(2000, 2030).flatmap(lambda year: st.tuples(st.just(year), st.dictionaries(
        st.dates(dt.date(year, 1, 1), dt.date(year, 12, 31)), st.integers(1, 30), max_size=40)))


from hypothesis import given, settings  # noqa: E402


@settings(max_examples=60, deadline=None)
@given(_calendar_strategy())
def test_a_calendar_links_every_issue_day_on_one_fixed_scale(year_and_counts):
    """Each day with articles is a link to its issue, named with 年月日 and its count, coloured by
    the site-wide scale (SHADES, the same on every calendar); a day without is no link."""
    from generator.charts import SHADES, issue_calendar

    year, counts = year_and_counts
    svg = str(issue_calendar(year, counts, UI, lambda day: f"/issues/{day.isoformat()}/"))
    links = re.findall(r'<a href="/issues/([\d-]+)/" aria-label="([^"]+)"><rect [^>]* fill="(#\w+)">', svg)
    assert sorted(date for date, _, _ in links) == sorted(day.isoformat() for day in counts)
    for date, label, colour in links:
        day = next(d for d in counts if d.isoformat() == date)
        assert label == f"{day.year}年{day.month}月{day.day}日：{counts[day]}篇文章"
        assert colour == [c for least, c in SHADES if counts[day] >= least][-1]
    assert svg.count("<rect") == len(SHADES) + (366 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 365)
    assert 'width="' in svg.split(">")[0], "drawn at its own size: text does not scale with the window"


def test_topics_without_articles_have_no_page_and_the_index_is_one_ranked_linked_list(tmp_path):
    from support import make_project, run_digest

    project = make_project(tmp_path, {
        "2022-01-17/a.md": "---\ntitle: 甲\ndate: 2022-01-17\ntopics: [outdoor-workers]\n---\n正文。\n",
        "2022-01-17/b.md": "---\ntitle: 乙\ndate: 2022-01-17\ntopics: [outdoor-workers, trade-union-law]\n---\n正文。\n",
        "2022-01-18/c.md": "---\ntitle: 丙\ndate: 2022-01-18\ntopics: [trade-union-law, skills-competitions]\n---\n正文。\n",
        "2022-01-18/d.md": "---\ntitle: 丁\ndate: 2022-01-18\ntopics: [trade-union-law]\n---\n正文。\n"})
    assert run_digest("build", "--no-search", "--project", str(project)).returncode == 0
    topics = project / "site" / "zh-hans" / "topics"
    assert sorted(p.name for p in topics.iterdir() if p.is_dir()) == \
        ["outdoor-workers", "skills-competitions", "trade-union-law"]
    index = (topics / "index.html").read_text(encoding="utf-8")
    listed = re.findall(r'<a href="/digest/zh-hans/topics/([\w-]+)/">[^<]+</a> <span class="count">(\d+)篇文章', index)
    assert listed == [("trade-union-law", "3"), ("outdoor-workers", "2"), ("skills-competitions", "1")]
    assert index.count('class="topic-index"') == 1 and "<svg" not in index
    assert not (project / "site/zh-hans/topics/other").exists()
    sitemaps = "".join(p.read_text(encoding="utf-8") for p in (project / "site" / "sitemaps").glob("*.xml"))
    assert "topics/trade-union-law/" in sitemaps and "topics/other/" not in sitemaps
    assert not (project / "site/zh-hans/topics/other/feed.xml").exists()


def test_json_feeds_carry_the_rss_entries_with_the_same_ids(built_site):
    """JSON Feed 1.1 beside every RSS feed: the same entries, in the same order, with the same ids."""
    import json

    import feedparser

    rss_files = sorted((built_site / "zh-hant").rglob("feed.xml"))
    assert len(rss_files) > 3  # the site's, each topic's, each person's
    for rss in rss_files:
        data = json.loads(rss.with_name("feed.json").read_text(encoding="utf-8"))
        assert data["version"] == "https://jsonfeed.org/version/1.1" and data["language"] == "zh-Hant"
        assert data["feed_url"].endswith(rss.with_name("feed.json").relative_to(built_site).as_posix())
        parsed = feedparser.parse(rss.read_bytes())
        assert [item["id"] for item in data["items"]] == [entry.id for entry in parsed.entries]
        assert [item["title"] for item in data["items"]] == [entry.title for entry in parsed.entries]
        assert all(item["content_html"] and item["date_published"].endswith("+08:00") for item in data["items"])


def test_the_opml_lists_every_rss_feed_of_its_variant(built_site):
    import xml.etree.ElementTree as ET

    for prefix in ("zh-hans", "zh-hant"):
        outlines = ET.parse(built_site / prefix / "feeds.opml").getroot().findall("body/outline")
        listed = {o.get("xmlUrl").removeprefix("https://example.org/digest/") for o in outlines}
        assert listed == {p.relative_to(built_site).as_posix() for p in (built_site / prefix).rglob("feed.xml")}
        assert all(o.get("type") == "rss" and o.get("text") for o in outlines)
