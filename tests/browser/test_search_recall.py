"""Search recall in the browser: Pagefind's index and our query conversion, queries in both scripts
on both variants. A query must find every article whose text holds it."""

from __future__ import annotations

import gzip
import json

import pytest

from generator.content import load_articles
from generator.phrases import phrase_layers
from generator.search import reading_text
from generator.variants import Converter, Variant
from support import ROOT, page_address, search_documents

QUERIES = [
    # names
    "黄洪涛", "吴锋忠", "赖志凯", "张世光", "梁启征", "那明峰", "方中里", "鹿慧敏", "邢生祥", "刘金梦", "肖竹", "杨晶",
    # places
    "衢州", "海口", "贵阳", "抚顺", "百色", "青海", "湖北", "连云港", "黑龙江", "新疆", "淮北", "苏州",
    # two-character words
    "工匠", "劳模", "驿站", "帮扶", "创业", "婚礼", "联盟", "竞赛", "工会",
    # numbers
    "5884", "1147", "580",
]
ARTICLES = load_articles(ROOT / "content" / "articles")


def article_text(article) -> str:
    return "".join([article.title, article.kicker, article.subtitle, article.summary, article.body_markdown,
                    *article.reporters, *article.correspondents, *article.photographers, *article.authors])


def expected(query: str) -> set[str]:
    return {article.slug for article in ARTICLES if query in article_text(article)}


def load_indexes(module: str) -> str:
    """JS that imports the search page's Pagefind (module: the search box's attribute naming its
    folder: data-bundle for Pagefind itself, data-engine for the page's engine) with every index."""
    return f"""
  const box = document.getElementById("search");
  const pagefind = await import(box.getAttribute("{module}") + "pagefind.js");
  await pagefind.options({{baseUrl: box.getAttribute("data-base")}});
  for (const path of box.getAttribute("data-merge").split(" ").filter(Boolean)) {{
    await pagefind.mergeIndex(path, {{baseUrl: box.getAttribute("data-base")}});
  }}"""


SEARCH_ALL = """async (queries) => {""" + load_indexes("data-bundle") + """
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(window.digestToIndex(query));
    found[query] = await Promise.all(search.results.map(r => r.data().then(d => d.url)));
  }
  return found;
}"""


def test_there_are_at_least_30_queries_each_with_articles_to_find():
    assert len(QUERIES) >= 30
    assert all(expected(q) for q in QUERIES)


def page_slug(url: str) -> str:
    """The slug of the article a result's document stands for: the index gives DATE/SLUG.html,
    the search page links to DATE/SLUG/ (search.js's pageUrl)."""
    return page_address(url).rstrip("/").rsplit("/", 1)[-1]


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_every_query_in_either_script_finds_every_article_that_holds_it(server, page, prefix, tmp_path):
    base, _ = server
    # What a reader of the Traditional site types is what it shows: our conversion, names kept.
    traditional = Converter.layered(Variant("zh-Hant", "zh-hant", "", "s2tw"),
                                    phrase_layers(ROOT / "content" / "phrases.txt"), tmp_path)
    page.goto(f"{base}{prefix}/search/")
    page.wait_for_function("window.digestToIndex !== undefined")
    queries = QUERIES + [traditional.text(q) for q in QUERIES]
    found = page.evaluate(SEARCH_ALL, queries)
    missed = {}
    hits = total = 0
    for query in queries:
        simplified = QUERIES[queries.index(query) % len(QUERIES)]
        slugs = {page_slug(url) for url in found[query]}
        want = expected(simplified)
        total += len(want)
        hits += len(want & slugs)
        if want - slugs:
            missed[query] = sorted(want - slugs)
    print(f"recall {prefix}: {hits}/{total}")
    assert missed == {}


def test_the_search_messages_are_in_the_variants_words(server, page):
    """The count of results and the load-more button speak the page's script (Pagefind's own
    words followed <html lang> and were Simplified on the zh-Hant page)."""
    base, _ = server
    for prefix, found, other in (("zh-hant", "篇與「工会」相關的文章", "相关"), ("zh-hans", "篇与“工会”相关的文章", "相關")):  # the term as typed
        page.goto(f"{base}{prefix}/search/?q=工会")
        page.wait_for_selector(".search-message", timeout=15000)
        page.wait_for_function("document.querySelector('.search-message').textContent.includes('找到')")
        message = page.locator(".search-message").inner_text()
        assert found in message and other not in message, message


def first_results(module: str) -> str:
    """JS: query -> the address of its first result, through the Pagefind load_indexes(module) loads."""
    return """async (queries) => {""" + load_indexes(module) + """
  const first = {};
  for (const query of queries) {
    const search = await pagefind.search(window.digestToIndex(query));
    first[query] = search.results.length ? (await search.results[0].data()).url : null;
  }
  return first;
}"""


@pytest.mark.parametrize("prefix", ["zh-hans", "zh-hant"])
def test_the_article_holding_the_query_as_written_is_the_first_result(server, browser, prefix, tmp_path):
    """Through the search page's engine (static/search/pagefind.js), every recall query in either
    script has an article holding it first; Pagefind alone, ranking the characters of a name it
    does not know one by one, put another first for some (printed with pytest -s)."""
    base, _ = server
    traditional = Converter.layered(Variant("zh-Hant", "zh-hant", "", "s2tw"),
                                    phrase_layers(ROOT / "content" / "phrases.txt"), tmp_path)
    queries = QUERIES + [traditional.text(q) for q in QUERIES]
    wrong = {}
    for engine in (False, True):
        page = browser.new_page()
        page.goto(f"{base}{prefix}/search/")
        page.wait_for_function("window.digestToIndex !== undefined")
        first = page.evaluate(first_results("data-engine" if engine else "data-bundle"), queries)
        page.close()
        wrong[engine] = sorted(query for query in queries if page_slug(first[query])
                               not in expected(QUERIES[queries.index(query) % len(QUERIES)]))
    print(f"{prefix}: first result not holding the query: Pagefind alone {len(wrong[False])}/{len(queries)} "
          f"{wrong[False]}, with the engine {len(wrong[True])}/{len(queries)}")
    assert wrong[True] == []


def test_the_traditional_page_shows_every_document_as_the_variant_writes_it(server, page):
    """The page's own conversion of the shared index's text (search.js's shownText, with the
    document's fixes) gives what search.shown gives, which is the article's Traditional text as
    its page prints it (tests/test_site.py); every document of every index."""
    base, site = server
    page.goto(f"{base}zh-hant/search/")
    page.wait_for_function("window.digestShownText !== undefined")
    raw = []
    for path in sorted((site / "pagefind").glob("*/fragment/*.pf_fragment")):
        document = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        raw.append([document["content"], json.loads(document["meta"].get("fixes-zh-hant", "[]"))])
    in_page = page.evaluate("(documents) => documents.map(([content, fixes]) => window.digestShownText(content, fixes))",
                            raw)
    expected = [document["content"] for document in search_documents(site / "zh-hant")]
    assert len(raw) == len(expected) >= 30 and any(fixes for _, fixes in raw)
    assert in_page == expected
    assert expected != [reading_text(content) for content, _ in raw], "the Traditional text, not the index's"
