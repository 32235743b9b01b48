"""Layout invariance (issue 23): a page re-laid in another layout DESIGN.md lists (one line per
paragraph; hard-wrapped at 15-40 characters with page furniture put in anywhere; credits glued to
paragraphs; datelines without brackets) gives the same articles as the page as it came: the same
titles, kickers, subtitles, kinds and people, and the same body text when paragraph breaks are
ignored. The pages are the five raw dumps; the layouts are made by tests/relayout.py."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import relayout
from generator.ingest.pipeline import read_extraction
from generator.ingest.rules import PageRules
from generator.ingest.text import norm
from support import SHARED

RAW = sorted((SHARED / "raw").glob("*.txt"))
RULES = PageRules(("新闻特写",))


def articles(path: Path) -> list[tuple]:
    found, *_ = read_extraction(path, RULES, dt.date(2022, 1, 17))
    return [(norm(a.title), norm(a.kicker), norm(a.subtitle), a.kind,
             {role: [norm(name) for name in names] for role, names in sorted(a.people.items())},
             norm("".join(p.removeprefix("## ") for p in a.paragraphs)))
            for a in found]


ORIGINAL = {}


def original(path: Path) -> list[tuple]:
    if path not in ORIGINAL:
        ORIGINAL[path] = articles(path)
    return ORIGINAL[path]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(RAW), layout=st.sampled_from(["one line per paragraph", "hard-wrapped"]),
       glued=st.booleans(), unbracketed=st.booleans(), seed=st.integers(0, 10**6), data=st.data())
def test_a_page_in_any_layout_gives_the_same_articles(tmp_path_factory, page, layout, glued, unbracketed, seed, data):
    text = page.read_text(encoding="utf-8")
    if glued:
        text = relayout.credits_glued(text)
    if unbracketed:
        text = relayout.datelines_unbracketed(text)
    if layout == "hard-wrapped":
        width = data.draw(st.sampled_from(relayout.wrap_widths_that_split_no_headline(text)), label="width")
        text = relayout.hard_wrapped(text, width, random.Random(seed))
    else:
        text = relayout.one_line_per_paragraph(text)
    path = tmp_path_factory.mktemp("layout") / page.name
    path.write_text(text, encoding="utf-8")
    assert articles(path) == original(page)


def test_the_layouts_really_differ():
    """The generated layouts are what they claim: no blank lines, lines of one width, glued credits."""
    text = RAW[4].read_text(encoding="utf-8")
    one_line = relayout.one_line_per_paragraph(text)
    assert "\n\n" not in one_line.strip() and one_line.count("\n") > 40
    wrapped = relayout.hard_wrapped(text, 20, random.Random(1))
    assert max(len(line) for line in wrapped.splitlines()) <= 20
    assert relayout.credits_glued(text).count("摄") == text.count("摄")
    assert "新华社发(陈颖摄)" not in relayout.credits_glued(text).splitlines()
    assert "报道 " in relayout.datelines_unbracketed(text)
