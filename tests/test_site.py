"""The built site of the bundled content: every page type, links, variants, feeds, sitemap."""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from support import ROOT
from generator import plain
from generator.content import Article, load_articles
from generator.phrases import phrase_layers
from generator.variants import Converter, Variant
from sitecheck import read_page, target_file
from support import search_documents

ARTICLES = load_articles(ROOT / "content" / "articles")
PREFIXES = ("zh-hans", "zh-hant")
BASE_PATH = "/digest/"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_bundled_content_is_the_ingested_raw_pages():
    """Every raw page the user gave is bundled, under its date (../shared/raw/README.md), and
    its articles are in content/articles: as many as the gold files list."""
    import yaml

    from support import SHARED

    raw = {p.name: p.parent.name for p in (ROOT / "content" / "raw").rglob("*.txt")}
    assert sorted(raw) == sorted(p.name for p in (SHARED / "raw").glob("*.txt"))
    assert {a.date.isoformat() for a in ARTICLES} == set(raw.values())
    gold = yaml.safe_load((SHARED / "gold" / "page-000-001-merged.yaml").read_text(encoding="utf-8"))
    expected = len(gold["articles"]) + sum(
        len(yaml.safe_load((SHARED / "gold" / f"{name}.yaml").read_text(encoding="utf-8"))["articles"])
        for name in ("002_1e29fe29f3844c50", "003_cc0a3396e92c9541", "004_e8bd58d1ab5efdbd"))
    assert len(ARTICLES) == expected
    assert all(a.source for a in ARTICLES)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_every_page_type_exists_in_both_variants(built_site, config, prefix):
    variant = built_site / prefix
    expected = ["index.html", "topics/index.html", "archive/index.html", "archive/2022/index.html",
                "archive/2022/01/index.html", "archive/2023/04/index.html", "search/index.html", "404.html",
                "feed.xml", "atom.xml", "site.webmanifest", "script-table.js",
                "issues/2022-01-17/index.html",
                "issues/2023-04-21/index.html"]
    expected += [f"articles/{a.date.isoformat()}/{a.slug}/index.html" for a in ARTICLES]
    for topic in config.topics:
        expected += [f"topics/{topic.id}/index.html", f"topics/{topic.id}/feed.xml", f"topics/{topic.id}/atom.xml"]
    missing = [name for name in expected if not (variant / name).is_file()]
    assert not missing
    for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", "static/style.css",
                 "pagefind/2023-12-01-to-12-15/pagefind.js", "pagefind/2023-01-01-to-11-30/pagefind-entry.json",
                 "pagefind/2022/pagefind-entry.json"):
        assert (built_site / name).is_file()
    assert not (variant / "pagefind").exists(), "one search index for every variant, at the site's root"
    prebuilt = [p.name for p in built_site.glob("pagefind/*/*") if "-ui." in p.name or p.name == "pagefind-highlight.js"]
    assert prebuilt == [], "Pagefind's prebuilt interfaces are not published: the search page has its own"


def test_every_internal_link_resolves(built_site):
    """A link checker over the whole site built under /digest/: no broken and no root-relative links."""
    broken, outside = [], []
    for page in html_files(built_site):
        for tag, url, _ in read_page(page).links:
            if url.startswith("https://example.org/"):
                url = url[len("https://example.org"):]
            if url.startswith("/") and not url.startswith(BASE_PATH):
                outside.append((page, url))
                continue
            target = target_file(built_site, BASE_PATH, url)
            if target is not None and not target.is_file():
                broken.append((page.relative_to(built_site), url))
    assert not outside, outside[:5]
    assert not broken, broken[:5]


def test_every_page_links_its_twin_with_hreflang(built_site):
    for prefix in PREFIXES:
        for page in html_files(built_site / prefix):
            if "_review" in page.parts or "latest" in page.parts:
                continue  # the editors' page has no twin; latest/ sends the reader on (noindex)
            facts = read_page(page)
            path = page.relative_to(built_site / prefix).as_posix().removesuffix("index.html")
            if path == "404.html":
                path = "404.html"
            alternates = {a["hreflang"]: a["href"] for tag, _, a in facts.links
                          if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a}
            assert alternates == {
                "zh-Hans": f"https://example.org/digest/zh-hans/{path}",
                "zh-Hant": f"https://example.org/digest/zh-hant/{path}",
                "x-default": f"https://example.org/digest/zh-hans/{path}",
            }, page
            assert facts.html_lang == {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant"}[prefix]


def test_zh_hant_pages_leave_nothing_for_opencc_to_convert(built_site, tmp_path):
    """Every text node of a zh-Hant page is its zh-Hans twin's text node as OpenCC s2tw converts it.

    (Converting the Traditional text a second time is no test: s2tw is not idempotent, 風采→風採.)
    Text marked lang=zh-Hans (the variant switch) stays as it is. The converter is OpenCC with the
    product's and the site's phrase lists, as in the build.
    """
    converter = Converter.layered(Variant("zh-Hant", "zh-hant", "", "s2tw", "corner"),
                                  phrase_layers(ROOT / "content" / "phrases.txt"), tmp_path)
    # The interface's own word choices for Taiwan (搜索 -> 搜尋), made with markers in strings.yaml.
    strings = (ROOT / "themes" / "default" / "strings.yaml").read_text(encoding="utf-8")
    chosen = {converter.text(hans): hant for hans, hant in re.findall(r"-\{zh-hans:([^;]+);zh-hant:([^}]+)\}-", strings)}
    assert chosen, "the theme chooses some words per variant"
    wrong = []
    for page in html_files(built_site / "zh-hans"):
        twin = built_site / "zh-hant" / page.relative_to(built_site / "zh-hans")
        source, converted = read_page(page), read_page(twin)
        assert len(source.text) == len(converted.text), page
        for (_, simplified), (lang, traditional) in zip(source.text, converted.text):
            expected = converter.text(simplified) if lang == "zh-Hant" else simplified
            interface = expected
            for opencc_word, word in chosen.items():
                interface = interface.replace(opencc_word, word)
            words = re.split("([ 　])", simplified)  # a byline: its role word, then names (names.py)
            byline = "".join(converter.name(w) if i > 1 and i % 2 == 0 else converter.text(w)
                             for i, w in enumerate(words)) if lang == "zh-Hant" else simplified
            # a person's name on its own (a linked byline name, a person page's heading), or before
            # the site's title (the person page's <title>)
            person, _, rest = simplified.partition(" · ")
            named = (converter.name(simplified), converter.name(person) + " · " + converter.text(rest)) \
                if lang == "zh-Hant" else ()
            if traditional not in (expected, interface, byline, *named):
                wrong.append((page.relative_to(built_site).as_posix(), simplified[:30], traditional[:30]))
    assert not wrong, wrong[:5]


def test_search_index_holds_every_article_with_its_converted_text(built_site):
    for prefix in PREFIXES:
        documents = search_documents(built_site / prefix)
        assert len(documents) == len(ARTICLES), "one Pagefind document per article, nothing else"
        for document in documents:
            page = built_site / prefix / document["url"].lstrip("/") / "index.html"
            text = re.sub(r"\s+", "", "".join(t for _, t in read_page(page).text))
            assert re.sub(r"\s+", "", document["meta"]["title"]) in text
            parts = [re.sub(r"\s+", "", part) for part in document["content"].split("·")]
            assert all(part in text for part in parts), "the body, summary, headline parts and bylines, as shown"


def test_conversion_never_touches_urls_or_markup(built_site):
    """A zh-Hant page has exactly the zh-Hans page's links with the prefix swapped, and the same tags."""
    for page in html_files(built_site / "zh-hans"):
        twin = built_site / "zh-hant" / page.relative_to(built_site / "zh-hans")
        source_links = [url.replace("/zh-hans/", "/zh-hant/") for _, url, a in read_page(page).links
                        if "hreflang" not in a]
        twin_links = [url for _, url, a in read_page(twin).links if "hreflang" not in a]
        assert sorted(source_links) == sorted(twin_links), page
        # The variant switch differs by design (the current variant is not a link); compare <main>.
        tags = lambda p: re.findall(r"<(/?[a-z0-9]+)", p.read_text(encoding="utf-8").partition("<main")[2])  # noqa: E731
        assert tags(page) == tags(twin), page


def _feeds(site: Path):
    for prefix in PREFIXES:
        yield prefix, None, site / prefix / "feed.xml"
        yield prefix, None, site / prefix / "atom.xml"
        for feed in sorted((site / prefix / "topics").glob("*/*.xml")):
            yield prefix, feed.parent.name, feed


def test_feeds_parse_and_hold_every_article_of_their_topic(built_site, config):
    count = 0
    for prefix, topic, path in _feeds(built_site):
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        if topic is None:
            wanted = ARTICLES
        else:
            wanted = [a for a in ARTICLES if topic in (a.topics or (config.fallback_topic,))]
        expected = {f"https://example.org/digest/{prefix}/articles/{a.date.isoformat()}/{a.slug}/" for a in wanted}
        links = [entry.link for entry in parsed.entries]
        assert len(links) == min(len(expected), config.feed_size)
        assert set(links) <= expected
        for entry in parsed.entries:
            assert entry.published_parsed and entry.id.startswith("urn:uuid:")
            assert len(entry.content[0].value) > 50, "full text, not a teaser"
            assert entry.published.endswith("+0800") or entry.published.endswith("+08:00")
        # A feed changed when its newest article came (a new day elsewhere leaves it as it was).
        newest = max((entry.published_parsed for entry in parsed.entries), default=time.gmtime(-8 * 3600))
        assert parsed.feed.updated_parsed == newest, path
        count += 1
    assert count == 2 * 2 * (1 + len(config.topics))


def test_sitemap_lists_every_page_with_reciprocal_alternates(built_site):
    """sitemap.xml is an index of one sitemap per year and one for the pages of no year; each
    page is in its year's, in both variants."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ET.parse(built_site / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    listed = [s.find("s:loc", ns).text for s in index.findall("s:sitemap", ns)]
    years = sorted({p.name[:4] for p in (built_site / "zh-hans" / "issues").iterdir() if p.is_dir()}, reverse=True)
    assert listed == [f"https://example.org/digest/sitemaps/{name}.xml" for name in [*years, "site"]]
    locs = {}
    for address in listed:
        sitemap = built_site / address.removeprefix("https://example.org/digest/")
        urls_here = {u.find("s:loc", ns).text: u for u in ET.parse(sitemap).getroot().findall("s:url", ns)}
        name = sitemap.stem
        assert all((f"/articles/{name}-" in loc or f"/issues/{name}-" in loc or f"/archive/{name}/" in loc)
                   == (name != "site") for loc in urls_here)
        locs.update(urls_here)
    pages = [p for p in html_files(built_site / "zh-hans") if p.name == "index.html" and "latest" not in p.parts]
    assert len(locs) == 2 * len(pages)  # latest/ is a redirect to the newest issue, not a page to list
    for loc, url in locs.items():
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == {"zh-Hans", "zh-Hant", "x-default"}
        assert loc in alternates.values()
        assert all(href in locs for href in alternates.values())
    assert "Sitemap: https://example.org/digest/sitemap.xml" in (built_site / "robots.txt").read_text()


def test_issue_page_lists_articles_in_page_order_with_neighbours(built_site):
    first, second = sorted({a.date.isoformat() for a in ARTICLES})[:2]
    older = (built_site / f"zh-hans/issues/{first}/index.html").read_text(encoding="utf-8")
    newer = (built_site / f"zh-hans/issues/{second}/index.html").read_text(encoding="utf-8")
    assert f'rel="next" href="/digest/zh-hans/issues/{second}/"' in older
    assert f'rel="prev" href="/digest/zh-hans/issues/{first}/"' in newer
    titles = re.findall(r'<h2 class="title"><a href="[^"]+">([^<]+)</a>', older)
    by_order = [a.title for a in sorted((a for a in ARTICLES if a.date.isoformat() == "2022-01-17"),
                                        key=lambda a: a.order)]
    assert [t.replace("&#34;", '"') for t in titles] == by_order


def test_article_page_shows_headline_bylines_and_source(built_site):
    """The headline parts and the people; the source as the paper (tests/test_source.py), never
    the raw file's name."""
    article = next(a for a in ARTICLES if a.kicker and a.reporters and a.correspondents)
    page = (built_site / "zh-hans" / "articles" / article.date.isoformat() / article.slug / "index.html")
    html = page.read_text(encoding="utf-8")
    for text in (article.title, article.kicker, *article.reporters, *article.correspondents, "《工人日报》"):
        assert text in html
    assert not [name for name in article.source if name in html]


def test_articles_come_back_whole_from_the_build_state():
    """The store keeps articles as plain JSON field by field (plain.py): every field returns,
    of the same type (tuples stay tuples, dates dates)."""
    for article in ARTICLES:
        again = plain.loads(plain.dumps(article), Article)
        assert {name: type(value) for name, value in vars(again).items()} == \
            {name: type(value) for name, value in vars(article).items() if name != "key"}
        assert vars(again) == {name: value for name, value in vars(article).items() if name != "key"}
        assert again == article and again.key == article.key
