"""Pages printed by the conventions of Chinese newspaper text (newspaper.py), in every layout
DESIGN.md lists: the ingest reads each article as it was printed.

The five raw pages hold a few of the conventions; these pages hold all of them, in random
combinations and order, made from the raw pages' own words. The pages are the same on every
run (derandomized): `make test` and CI pass or fail on the code alone. DIGEST_EXPLORE=1 draws new
pages instead, to look for what the ingest still misreads (bench/ingest_grammar.py scores
hundreds more)."""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newspaper
import relayout
from generator.ingest.pipeline import PageSpec, ingest_page, read_extraction
from generator.ingest.rules import PageRules

def read(text: str, folder) -> list:
    path = folder / "page.txt"
    path.write_text(text, encoding="utf-8")
    articles, _, _, leftovers = read_extraction(path, PageRules(newspaper.COLUMNS), dt.date(2023, 12, 7))
    assert not leftovers, leftovers
    return articles


EXPLORE = os.environ.get("DIGEST_EXPLORE") == "1"


@pytest.mark.parametrize("layout", sorted(relayout.LAYOUTS))
@settings(max_examples=150, deadline=None, derandomize=not EXPLORE,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1), defects=st.booleans())
def test_every_article_is_read_as_it_was_printed(tmp_path, layout, seed, defects):
    """defects: the extraction's defects put in (column breaks, repeats, half-width marks,
    bullets, a spliced "and"): the ingest repairs them."""
    text, expected = newspaper.laid_out(seed, layout, defects)
    wrong = newspaper.misreadings(expected, read(text, tmp_path), breaks_lost=layout == relayout.LOSES_BREAKS)
    assert not wrong, "\n".join(wrong) + "\n--- the page:\n" + text


def test_the_pages_print_every_convention():
    """The generator is no narrower than it says: over a few hundred pages every form appears."""
    forms = Counter(form for seed in range(300) for article in newspaper.page(seed)[1] for form in article.forms)
    wanted = {"bracketed", "bracketed, two reporters", "reported", "bare", "agency", "other paper", "name only",
              "byline above", "reporter line", "end byline", "one line", "one per line", "special", "intern",
              "roles", "names", "column", "【column】", "glyph column", "summary", "sections", "banner",
              "quoted title", "# title", "author line", "author line and note", "name last", "编者按", "## sections",
              "subtitle on the title's line",
              "reader last", "glued", "文/图 X", "图/X", "X/摄", "新华社发（X摄）", "X 摄影报道"}
    assert wanted <= set(forms), wanted - set(forms)
    damaged = Counter(form for seed in range(300) for article in newspaper.page(seed, defects=True)[1]
                      for form in article.forms)
    assert {"column break", "printed twice", "half-width", "bullet", "spliced and",
            "article printed twice", "headline landed"} <= set(damaged)


@settings(max_examples=100, deadline=None, derandomize=not EXPLORE,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_two_extractions_of_a_page_merge_into_its_articles(tmp_path, seed):
    """Two tools' extractions of one page, each with defects of its own, one maybe missing an
    article and misreading a character: merged, every article once, as printed (either reading
    of a misread character), their disagreement reported, nothing left over."""
    texts, expected, misread = newspaper.extractions(seed)
    files = []
    for number, text in enumerate(texts):
        files.append(tmp_path / f"extraction-{number}.txt")
        files[-1].write_text(text, encoding="utf-8")
    result = ingest_page(PageSpec(dt.date(2023, 12, 7), tuple(files)), PageRules(newspaper.COLUMNS), [], "other")
    articles = [ingested.article for ingested in result.articles]
    assert not result.leftovers, result.leftovers
    assert len(articles) == len(expected), [a.title for a in articles]
    wrong = newspaper.misreadings(expected, articles)
    assert not wrong, "\n".join(wrong) + "\n--- the extractions:\n" + "\n=====\n".join(texts)
    if misread:  # the two readings side by side for the editor, or the other printing where a tool read a block twice
        said = [note for article in articles for note in article.review] + [c.detail for c in result.changes]
        assert any(note.startswith("两份提取稿不一致") or "the kept copy's reading stays" in note for note in said)
