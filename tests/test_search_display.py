"""One search index for every variant: it holds the source script, and a page of another variant
shows a result's text converted a character at a time (search.shown_table) and corrected where the
index says the article is written otherwise (search.display_fixes). The shown text must be the
variant's own conversion, exactly, for any text and any converter: length-keeping (s2tw, s2hk
with corner quotes) or not (s2twp's vocabulary)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import load_articles
from generator.ingest.text import HAN_CHAR
from generator.phrases import phrase_layers
from generator.search import (TAIL, Segmenter, display_fixes, plain_reading, reading_text, script_table, shown,
                              shown_table)
from generator.variants import Converter, Variant
from support import ROOT

ARTICLES = load_articles(ROOT / "content" / "articles")
ALPHABET = sorted({c for a in ARTICLES for c in a.title + a.body_markdown if not c.isspace()} | set("“”‘’ab12 "))
VARIANTS = [Variant("zh-Hant", "zh-hant", "", "s2tw"), Variant("zh-HK", "zh-hk", "", "s2hk", "corner"),
            Variant("zh-Hant", "zh-hant", "", "s2twp")]


@pytest.fixture(scope="module")
def converters(tmp_path_factory):
    tables = tmp_path_factory.mktemp("tables")
    phrases = phrase_layers(ROOT / "content" / "phrases.txt")
    made = [Converter.layered(variant, phrases, tables) for variant in VARIANTS]
    return [(converter, shown_table(converter)) for converter in made]


def test_the_bundled_articles_are_shown_as_each_variant_writes_them(converters):
    for converter, table in converters:
        fixed = 0
        for article in ARTICLES:
            source = article.title + article.body_markdown
            variant = converter.text(source)
            fixes = display_fixes(source, variant, table)
            assert shown(source, table, fixes) == variant, (converter.variant, article.slug)
            fixed += sum(end - start for start, end, _ in fixes)
        print(converter.variant.opencc_config, "characters fixed:", fixed)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + ["项目", "计算机", "软件", "发", "后", "里", "面"]), max_size=60).map("".join))
def test_any_text_is_shown_as_the_variant_writes_it(converters, source):
    for converter, table in converters:
        variant = converter.text(source)
        assert shown(source, table, display_fixes(source, variant, table)) == variant


@given(st.lists(st.text(alphabet=ALPHABET[:200] + list("ab12"), min_size=1, max_size=6), max_size=12))
def test_reading_text_joins_words_with_a_space_only_between_latin_or_digits(words):
    words = [w for w in words if " " not in w]
    text = reading_text(" ".join(words + ["digestsubwords"]))
    assert text == reading_text(" ".join(words + ["digestsubwords", "子词"]))
    assert text.replace(" ", "") == "".join(words)
    spaced = sum(1 for a, b in zip(words, words[1:]) if a and b and a[-1].isascii() and a[-1].isalnum()
                 and b[0].isascii() and b[0].isalnum())
    assert text.count(" ") == spaced


def test_a_variant_that_changes_words_turns_its_readers_words_back_into_the_sources(converters):
    """Under s2twp a Traditional page writes 專案 for 项目: the shared index holds 项目, so that
    page's query table must turn 專案 back (script_table's digestQuery phrases); s2tw, which
    changes characters only, needs no such list."""
    source = Converter(Variant("zh-Hans", "zh-hans", "", None))
    by_config = {converter.variant.opencc_config: converter for converter, _ in converters}
    for config, expected in (("s2twp", "项目"), ("s2tw", None)):
        other = by_config[config]
        for page in (source, other):
            script = script_table(page, [other], {}, []).make().decode("utf-8")
            query = json.loads(re.search(r"^window\.digestQuery=(.*);$", script, flags=re.M).group(1))
            assert query["phrases"].get("專案") == expected, (config, page.variant.prefix)
    assert other.text("项目") == "項目" and by_config["s2twp"].text("项目") == "專案"


@pytest.fixture(scope="module")
def segmenter():
    return Segmenter(phrase_layers(ROOT / "content" / "phrases.txt"))


def test_a_documents_reading_text_is_had_without_cutting_it(segmenter):
    """A variant's reading text is taken from its document as it stands (plain_reading), not cut
    into words as the source's is: on every bundled article the two are the same text."""
    for article in ARTICLES:
        document = " · ".join([article.body_markdown, article.summary, article.title, *article.reporters])
        assert plain_reading(document) == reading_text(segmenter.words(document))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + [" ", "  ", "\n", "abc", "5884", "iPhone"]), max_size=40).map("".join))
def test_a_reading_text_had_without_cutting_differs_at_most_in_spaces(segmenter, document):
    cut = reading_text(segmenter.words(document))
    plain = plain_reading(document)
    assert plain.replace(" ", "") == cut.replace(" ", "")


def _indexed(segmenter, text: str) -> tuple[list[str], list[str]]:
    """The words Pagefind is given for text, and those after TAIL (sub-words and characters)."""
    reading, _, tail = f" {segmenter.words(text)} ".partition(f" {TAIL} ")
    return reading.split() + tail.split(), tail.split()


def _every_search_word_is_still_found(segmenter, text: str) -> None:
    """Pagefind finds a document for a query word when one of its words begins with it: each word
    jieba's search mode finds in the text still begins one, and no sub-word the index holds begins
    another (such a word adds nothing a query could find)."""
    indexed, tail = _indexed(segmenter, text)
    for word in segmenter.jieba.cut_for_search(text):
        if not word.isspace():
            assert any(i.startswith(word) for i in indexed), word
    for word in tail:
        assert not any(i != word and i.startswith(word) for i in indexed), word


def test_the_sub_words_left_out_are_found_through_the_words_they_begin(segmenter):
    for article in ARTICLES:
        _every_search_word_is_still_found(segmenter, " · ".join([article.body_markdown, article.title]))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + [" ", "全国总工会", "总工会", "工会法", "iPhone"]), max_size=40).map("".join))
def test_any_text_keeps_every_search_word_findable(segmenter, text):
    _every_search_word_is_still_found(segmenter, text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + [" ", "刘金梦", "全国总工会", "iPhone"]), max_size=40).map("".join))
def test_the_characters_that_begin_no_word_follow_the_sub_words_once_each_in_the_texts_order(segmenter, text):
    """The browser cuts a name it does not know into characters: each Han character of the text
    that begins none of the words is indexed alone, once, where it first stands in the text."""
    firsts = {word[0] for word in segmenter.jieba.cut_for_search(text)}
    alone = [c for c in dict.fromkeys(text) if c not in firsts and HAN_CHAR.match(c)]
    _, tail = _indexed(segmenter, text)
    assert tail[len(tail) - len(alone):] == alone
