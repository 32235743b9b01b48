"""Hostile text is inert in every output: pages, feeds, sitemap, search index, review reports.

The fixture (tests/fixtures/hostile/) is a raw page and an article full of script tags, event
handlers, javascript: links, ]]>, template syntax, control characters and a lone surrogate.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from sitecheck import active_content
from support import make_project, run_digest, search_documents

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    project = make_project(tmp)
    shutil.copytree(HOSTILE / "raw", project / "content" / "raw")
    result = run_digest("ingest-tree", str(project / "content" / "raw"), "--out", str(project / "content" / "articles"),
                        cwd=project)
    assert result.returncode == 0, result.stderr
    target = project / "content" / "articles" / "2022-02-01" / "hostile-article.md"
    shutil.copy(HOSTILE / "hostile-article.md", target)
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_the_fixture_really_is_hostile():
    text = (HOSTILE / "hostile-article.md").read_text(encoding="utf-8")
    assert active_content(text.split("---", 2)[2])
    for needle in ("<script>", "onerror=", "javascript:", "]]>", "{{", "{%", "\\u001b", "\\u0001"):
        assert needle in text or needle in (HOSTILE / "raw/2022-02-01/hostile.txt").read_text(encoding="utf-8")


def test_no_page_holds_active_content(hostile_site):
    pages = list(hostile_site.rglob("*.html"))
    kinds = {"", "articles/2022-02-01/hostile-article/", "issues/2022-02-01/", "topics/", "archive/", "search/"}
    assert {f"{prefix}/{kind}index.html" for prefix in ("zh-hans", "zh-hant") for kind in kinds} <= \
        {p.relative_to(hostile_site).as_posix() for p in pages}, "every page type is scanned"
    found = {p.relative_to(hostile_site).as_posix(): active_content(p.read_text(encoding="utf-8")) for p in pages}
    assert {k: v for k, v in found.items() if v} == {}
    article = next(hostile_site.glob("zh-hans/articles/2022-02-01/hostile-article/index.html")).read_text("utf-8")
    assert "&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt;标题 {{ 7*7 }}" in article  # shown, not run
    assert "\x01" not in article and "\ud800" not in article


def test_json_ld_parses_and_cannot_close_its_script(hostile_site):
    page = (hostile_site / "zh-hant/articles/2022-02-01/hostile-article/index.html").read_text(encoding="utf-8")
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block
    data = json.loads(block)
    assert data["@type"] == "NewsArticle" and "<script>" in data["headline"]


def test_an_unwritable_output_is_one_clean_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    project = make_project(tmp_path, {"2022-02-01/a.md": "---\ntitle: 甲\ndate: 2022-02-01\n---\n正文\n"})
    result = run_digest("build", "--project", str(project), "--out", str(blocker / "site"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("digest: error: ") and len(result.stderr.strip().splitlines()) == 1


def test_feeds_and_sitemap_are_well_formed_and_inert(hostile_site):
    feeds = list(hostile_site.rglob("*.xml"))
    named = {p.relative_to(hostile_site).as_posix() for p in feeds}
    assert {"sitemap.xml", "zh-hans/feed.xml", "zh-hant/atom.xml"} <= named
    assert any(name.startswith("zh-hant/topics/") and name.endswith("/feed.xml") for name in named)
    for path in feeds:
        ET.parse(path)  # well-formed XML, ]]> and control characters included
        if path.name in ("feed.xml", "atom.xml"):
            # unsanitised, as a feed reader that trusts the feed would show it
            parsed = feedparser.parse(path.read_bytes(), sanitize_html=False)
            assert parsed.bozo == 0, path
            for entry in parsed.entries:
                texts = [*entry.get("content", []), entry.get("summary_detail")]
                html_texts = [text.value for text in texts if text and text.type == "text/html"]
                assert html_texts, (path, entry.title)
                for text in html_texts:
                    assert active_content(text) == [], (path, entry.title)


def test_json_outputs_parse_and_hold_no_markup_that_could_run(hostile_site):
    files = list(hostile_site.rglob("*.json"))
    assert {p.name for p in files} >= {"pagefind-entry.json", "conversions.json"}
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data is not None
    for prefix in ("zh-hans", "zh-hant"):
        documents = search_documents(hostile_site / prefix)
        text = "".join(d["content"] + json.dumps(d["meta"], ensure_ascii=False) for d in documents)
        assert "\x01" not in text and "\x1b" not in text
        assert any("<script>" in d["meta"]["title"] for d in documents), "kept as text, shown escaped"


def test_a_lone_surrogate_or_broken_utf8_is_a_clean_error(tmp_path):
    project = make_project(tmp_path, {"2022-02-01/a.md": '---\ntitle: "坏\\ud800字"\ndate: 2022-02-01\n---\n正文\n'})
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 1 and "a.md:2: front matter YAML error" in result.stderr
    (project / "content/articles/2022-02-01/a.md").write_bytes(b"---\ntitle: x\ndate: 2022-02-01\n---\n\xed\xa0\x80\n")
    result = run_digest("build", "--project", str(project))
    assert result.returncode == 1 and "a.md: not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


def test_ingest_report_of_the_hostile_page_is_inert(hostile_site):
    reports = list((hostile_site.parent / "content" / "articles").rglob("ingest-report-*"))
    assert reports
    for report in reports:
        text = report.read_text(encoding="utf-8")
        if report.suffix == ".json":
            json.loads(text)
        assert "\x01" not in text and "\x1b" not in text
