"""wordcut.new_jieba: rjieba's Jieba made without the default one `import rjieba` builds. It must
cut exactly as rjieba's own Jieba does (the search index's words depend on it), leave the
package's default dictionary unbuilt, and let a later `import rjieba` (the review's) work.
wordcut.jieba_with: one a process for a list of added words, cutting as a Jieba given them."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import rjieba
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import load_articles
from generator.wordcut import jieba_with, new_jieba
from support import ROOT

TEXTS = [a.title + "\n" + a.body_markdown for a in load_articles(ROOT / "content" / "articles")]


def test_new_jieba_builds_no_default_dictionary_and_rjieba_still_imports_after_it():
    script = textwrap.dedent("""
        import sys
        from generator.wordcut import jieba_with, new_jieba
        cutter = new_jieba()
        print("rjieba" in sys.modules)
        import rjieba
        print(type(cutter) is rjieba.Jieba, rjieba.cut("全国总工会") == cutter.cut("全国总工会"))
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True", "True"]


REFERENCE = rjieba.Jieba()
MINE = new_jieba()


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(TEXTS), st.integers(0, 10_000), st.integers(1, 600), st.integers(0, 3))
def test_new_jieba_cuts_as_rjiebas_own(text, start, length, added):
    """Both ways, plain and for search, on pieces of the bundled articles, with words added
    to both as the Segmenter adds the phrase lists' names (a piece's own characters, so that
    an added word changes its cut)."""
    piece = text[start % len(text):][:length]
    word = "".join(c for c in piece[:added + 2] if not c.isspace())
    if added and len(word) > 1:
        MINE.add_word(word, None, None)
        REFERENCE.add_word(word, None, None)
    assert MINE.cut(piece) == REFERENCE.cut(piece)
    assert MINE.cut_for_search(piece) == REFERENCE.cut_for_search(piece)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(TEXTS), st.integers(0, 10_000), st.integers(1, 400), st.integers(2, 5))
def test_jieba_with_is_made_once_for_its_words_and_cuts_as_one_given_them(text, start, length, size):
    """The search and the review share it: the same object for the same words, cutting (plain
    and for search) as a new Jieba to which the words were added (a piece's own characters, so
    that they change its cut)."""
    piece = text[start % len(text):][:length]
    word = "".join(c for c in piece[:size] if not c.isspace())
    words = ("方中里", word) if len(word) > 1 else ("方中里",)
    shared = jieba_with(words)
    assert jieba_with(words) is shared
    fresh = new_jieba()
    for added in words:
        fresh.add_word(added, None, None)
    assert shared.cut(piece) == fresh.cut(piece)
    assert shared.cut_for_search(piece) == fresh.cut_for_search(piece)
