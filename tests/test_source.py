"""Source and attribution (issue 26): every article names the paper, date and page it comes from,
linked to the paper's own page when the address is known; raw file names never reach a reader."""

from __future__ import annotations

import json
import re

from support import SHARED, make_project, run_digest

RAW_NAMES = [path.name for path in (SHARED / "raw").glob("*.txt")]


def test_no_raw_file_name_reaches_the_published_site(built_site):
    leaks = [path for path in built_site.rglob("*") if path.is_file() and path.suffix in (".html", ".xml", ".json")
             and "_review" not in path.parts and any(name in path.read_text(encoding="utf-8") for name in RAW_NAMES)]
    assert not leaks, leaks[:3]


def test_every_article_names_its_source_and_says_whose_pages_these_are(built_site):
    for prefix, paper in (("zh-hans", "《工人日报》"), ("zh-hant", "《工人日報》")):
        pages = list((built_site / prefix / "articles").glob("*/*/index.html"))
        assert pages
        for page in pages:
            html = page.read_text(encoding="utf-8")
            date = page.parent.parent.name
            label = f"{paper}{int(date[:4])}年{int(date[5:7])}月{int(date[8:])}日"
            assert re.search(rf'<p class="source">[^<]+{label}', html), page
            structured = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
            assert structured["isBasedOn"]["name"].startswith(label)
            assert structured["isBasedOn"]["publisher"]["name"] in ("工人日报社", "工人日報社")
            assert 'class="source-note"' in html and paper in html.split('class="source-note"')[1]


ARTICLE = """---
title: 职工之家建成
date: 2022-01-17
page: 5
page_name: 工会新闻
---
职工之家建成。
"""


def test_a_page_address_is_made_from_date_and_page_and_an_articles_own_wins(tmp_path):
    own = ARTICLE.replace("page: 5\n", "page: 5\nsource_url: https://example.com/a/1.html\n").replace("职工之家建成\n", "另一篇\n", 1)
    project = make_project(tmp_path, {"2022-01-17/a.md": ARTICLE, "2022-01-17/b.md": own})
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 0, result.stderr
    a = (project / "site/zh-hans/articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
    assert ('<a href="https://www.workercn.cn/papers/grrb/2022/01/17/05/" rel="external">'
            "《工人日报》2022年1月17日 第5版 工会新闻</a>") in a
    b = (project / "site/zh-hant/articles/2022-01-17/b/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.com/a/1.html" rel="external">《工人日報》2022年1月17日 第5版 工會新聞</a>' in b


def test_a_bad_page_address_or_source_url_is_a_clear_error(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": ARTICLE})
    settings = project / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("{yyyy}/{mm}/{dd}/{page}/", "{year}/{page}/"), encoding="utf-8")
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 1 and "source.url" in result.stderr and "{yyyy}" in result.stderr
    settings.write_text(text, encoding="utf-8")
    (project / "content/articles/2022-01-17/a.md").write_text(
        ARTICLE.replace("page: 5\n", "page: 5\nsource_url: javascript:alert(1)\n"), encoding="utf-8")
    result = run_digest("build", "--project", str(project), "--no-search")
    assert result.returncode == 1 and "source_url" in result.stderr and "a.md" in result.stderr
