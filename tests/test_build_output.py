"""What a build writes: reproducible bytes, stable GUIDs, safe Markdown, pagination."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path
from unittest.mock import patch

import feedparser
import pytest
from hypothesis import given
from hypothesis import strategies as st

from support import make_project, run_digest
from test_build_failures import tree_digest


def article(title: str, day: str = "2022-01-17", topics: str = "[other]", body: str = "正文。") -> str:
    return f"---\ntitle: {title}\ndate: {day}\ntopics: {topics}\n---\n{body}\n"


def test_two_builds_of_the_same_input_are_byte_identical(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": article("甲"), "2022-01-18/b.md": article("乙", "2022-01-18")})
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    digests = []
    for name in ("one", "two"):
        result = run_digest("build", "--project", str(project), "--out", str(tmp_path / name), env=env)
        assert result.returncode == 0, result.stderr
        digests.append(tree_digest(tmp_path / name))
    assert digests[0] == digests[1]
    feed = feedparser.parse((tmp_path / "one" / "zh-hans" / "atom.xml").read_bytes())
    assert feed.feed.updated.startswith("2023-11-15")  # SOURCE_DATE_EPOCH, not the clock


def test_bundled_site_builds_reproducibly(tmp_path):
    from support import ROOT
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        assert run_digest("build", "--out", str(out), cwd=ROOT).returncode == 0
    assert tree_digest(outs[0]) == tree_digest(outs[1])


def test_feed_guid_survives_a_title_edit(tmp_path):
    path = "2022-01-17/a.md"
    project = make_project(tmp_path, {path: article("旧标题")})
    guids = []
    for title in ("旧标题", "新标题"):
        (project / "content" / "articles" / path).write_text(article(title), encoding="utf-8")
        assert run_digest("build", "--project", str(project)).returncode == 0
        feed = feedparser.parse((project / "site" / "zh-hans" / "feed.xml").read_bytes())
        assert feed.entries[0].title == title
        guids.append(feed.entries[0].id)
    assert guids[0] == guids[1]


@given(st.lists(st.integers(0, 6), max_size=40), st.integers(1, 4))
def test_feed_entries_made_once_give_each_article_its_own_text(accesses, kept):
    """feeds.EntryTexts: whatever order feeds ask for articles in and however few it keeps, each
    article gets its own GUID and full text, and one kept is not made again."""
    from types import SimpleNamespace

    from generator import feeds

    made = []

    def full_text(item, article, texts, renderer):
        made.append(article.key)
        return f"<p>{article.key}</p>"

    articles = [SimpleNamespace(key=f"2022-01-0{n + 1}/a") for n in range(7)]
    renderer = SimpleNamespace(variant=SimpleNamespace(prefix="zh-hans"))
    config = SimpleNamespace(site_id="site")
    entries = feeds.EntryTexts(config, SimpleNamespace(article=lambda a: a), renderer, kept)
    with patch.object(feeds, "_full_text", full_text), \
            patch.object(feeds, "article_guid", lambda config, prefix, a: f"urn:{prefix}:{a.key}"):
        for index, number in enumerate(accesses):
            article = articles[number]
            before = len(made)
            assert entries.of(article) == (f"urn:zh-hans:{article.key}", f"<p>{article.key}</p>")
            recent = list(dict.fromkeys(reversed([articles[n].key for n in accesses[:index]])))[:kept]
            assert len(made) == before + (article.key not in recent)


def test_raw_html_in_markdown_is_escaped(tmp_path):
    body = '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[点我](javascript:alert(3))'
    project = make_project(tmp_path, {"2022-01-17/a.md": article("危险", body=body)})
    assert run_digest("build", "--project", str(project)).returncode == 0
    for prefix in ("zh-hans", "zh-hant"):
        html = (project / "site" / prefix / "articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _day_articles(first: int, last: int) -> dict[str, str]:
    """One article a day in the topic "other" by the reporter 张三 (people/zhang-san/), days
    first..last counted from 2022-01-01."""
    days = [date(2022, 1, 1) + timedelta(days=n) for n in range(first, last + 1)]
    return {f"{d}/a{n}.md": article(f"第{n}篇", d.isoformat()).replace("---\n", "---\nreporters: [张三]\n", 1)
            for n, d in enumerate(days, first)}


def _dates_listed(page: Path) -> list[str]:
    return re.findall(r'<time datetime="([^"]+)"', page.read_text(encoding="utf-8"))


def _days(first: int, last: int) -> list[str]:
    """Days first..last counted from 2022-01-01, newest first (as lists show them)."""
    return [(date(2022, 1, 1) + timedelta(days=n)).isoformat() for n in range(last, first - 1, -1)]


@pytest.mark.parametrize("listing", ["topics/other", "people/zhang-san"])
def test_topic_and_reporter_lists_are_paginated_from_the_oldest_and_keep_their_pages(tmp_path, listing):
    project = make_project(tmp_path, _day_articles(0, 44))  # 45 articles, 20 a page
    other = project / "site" / "zh-hans" / listing
    assert run_digest("build", "--project", str(project)).returncode == 0
    assert _dates_listed(other / "page" / "1" / "index.html") == _days(0, 19)
    assert _dates_listed(other / "index.html") == _days(20, 44)
    assert not (other / "page" / "2").exists()
    front = (other / "index.html").read_text(encoding="utf-8")
    oldest = (other / "page" / "1" / "index.html").read_text(encoding="utf-8")
    assert "45篇文章" in front and "篇文章" not in oldest  # the count and the chart: front page only
    assert f'rel="next" href="/digest/zh-hans/{listing}/page/1/"' in front
    assert f'rel="prev" href="/digest/zh-hans/{listing}/"' in oldest and 'rel="next"' not in oldest

    for path, text in _day_articles(45, 59).items():  # 60 articles: the front's oldest 20 become page 2
        (project / "content" / "articles" / path).parent.mkdir(parents=True, exist_ok=True)
        (project / "content" / "articles" / path).write_text(text, encoding="utf-8")
    assert run_digest("build", "--project", str(project)).returncode == 0
    assert _dates_listed(other / "page" / "1" / "index.html") == _days(0, 19)
    assert _dates_listed(other / "page" / "2" / "index.html") == _days(20, 39)
    assert _dates_listed(other / "index.html") == _days(40, 59)
    assert f'rel="prev" href="/digest/zh-hans/{listing}/page/2/"' in (other / "page/1/index.html").read_text()


def test_base_url_override_moves_every_link(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": article("甲")})
    result = run_digest("build", "--project", str(project), "--base-url", "https://user.github.io/news/")
    assert result.returncode == 0
    html = (project / "site" / "zh-hant" / "index.html").read_text(encoding="utf-8")
    assert 'href="/news/static/style.css"' in html and "/digest/" not in html


def test_a_rebuild_with_nothing_changed_does_nothing_and_any_change_rebuilds(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": article("甲")})
    assert "built" in run_digest("build", "--project", str(project)).stdout
    before = tree_digest(project / "site")
    again = run_digest("build", "--project", str(project))
    assert "is up to date" in again.stdout and tree_digest(project / "site") == before
    (project / "content/articles/2022-01-17/a.md").write_text(article("乙"), encoding="utf-8")
    assert "built" in run_digest("build", "--project", str(project)).stdout
    cold = tmp_path / "cold"
    assert run_digest("build", "--project", str(project), "--out", str(cold)).returncode == 0
    assert tree_digest(project / "site") == tree_digest(cold)
    (project / "themes/default/templates/404.html").write_text("{% extends 'base.html' %}", encoding="utf-8")
    assert "built" in run_digest("build", "--project", str(project)).stdout
