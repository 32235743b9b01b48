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
    """本报讯 (the 电头 ingest took off the first paragraph) stands above the body again."""
    from support import ROOT

    with_dateline = [p for p in (ROOT / "content" / "articles").rglob("*.md")
                     if "\ndateline: 本报讯\n" in p.read_text(encoding="utf-8")]
    assert with_dateline
    for path in with_dateline:
        for prefix, word in (("zh-hans", "本报讯"), ("zh-hant", "本報訊")):
            page = built_site / prefix / "articles" / path.parent.name / path.stem / "index.html"
            assert f'<div class="body">\n  <p class="dateline">{word}</p>' in page.read_text(encoding="utf-8")


def test_the_root_404_speaks_every_variant(built_site):
    """Hosts serve the root 404.html for a missing address in any variant (GitHub Pages does):
    it says so in each script, each with the way back to its own home."""
    html = (built_site / "404.html").read_text(encoding="utf-8")
    assert '<section lang="zh-Hans">' in html and "页面不存在" in html
    assert '<section lang="zh-Hant">' in html and "頁面不存在" in html
    assert "/digest/zh-hans/" in html and "/digest/zh-hant/" in html


def test_the_home_page_gives_the_newest_issue_in_full_and_the_others_as_headlines(built_site):
    html = (built_site / "zh-hans" / "index.html").read_text(encoding="utf-8")
    sections = html.split('<section class="issue">')[1:]
    assert len(sections) >= 2
    assert '<ol class="article-list">' in sections[0] and '<ul class="headlines">' not in sections[0]
    assert all('<ul class="headlines">' in s and '<ol class="article-list">' not in s for s in sections[1:])
    assert all(s.count("<li>") >= 1 for s in sections)
