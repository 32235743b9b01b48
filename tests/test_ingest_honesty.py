"""Report honesty (issue 23): on pages damaged on purpose, every article the ingest gets wrong is
listed for the editor (its review list is what the report prints under 需要核对).

Damage, each of a kind real extractions do: the wide gaps between articles removed, a headline
pushed into the body of the article before it, a credit glued to the paragraph before it. An
article is wrong when it differs from every article of the undamaged page (title, headline parts,
kind, people, body text)."""

from __future__ import annotations

import datetime as dt
import re
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


def read(path: Path):
    found, *_ = read_extraction(path, RULES, dt.date(2022, 1, 17))
    return found


def facts(article) -> tuple:
    return (norm(article.title), norm(article.kicker), norm(article.subtitle), article.kind,
            tuple(sorted((role, tuple(sorted(names))) for role, names in article.people.items())),
            norm("".join(p for p in article.paragraphs)))


def wrong_and_unflagged(page: Path, damaged_text: str, tmp: Path) -> list[str]:
    right = {facts(a) for a in read(page)}
    path = tmp / page.name
    path.write_text(damaged_text, encoding="utf-8")
    return [a.title for a in read(path) if facts(a) not in right and not a.review]


def gaps_removed(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text)


def headline_pushed(text: str, titles: list[str], choice: int) -> str | None:
    """The block of one article's title moved up between two paragraphs of the article before it
    (None when that article has no two long paragraphs in a row)."""
    blocks = ["\n".join(block) for block in relayout.blocks_of(text)]
    at = [i for i, block in enumerate(blocks) if norm(block) in titles and i >= 3]
    if not at:
        return None
    index = at[choice % len(at)]
    for target in range(index - 1, 1, -1):
        before, after = blocks[target - 1], blocks[target]
        if norm(before) in titles:  # the article before ends here: push no further
            return None
        if len(before) > 40 and len(after) > 40 and before.endswith("。") and after.endswith("。"):
            moved = blocks.pop(index)
            blocks.insert(target, moved)
            return "\n\n".join(blocks) + "\n"
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(RAW), damage=st.sampled_from(["gaps removed", "credits glued", "headline pushed"]),
       choice=st.integers(0, 20))
def test_every_wrong_article_of_a_damaged_page_is_flagged(tmp_path_factory, page, damage, choice):
    text = page.read_text(encoding="utf-8")
    if damage == "gaps removed":
        damaged = gaps_removed(text)
    elif damage == "credits glued":
        damaged = relayout.credits_glued(text)
    else:
        damaged = headline_pushed(text, [norm(a.title) for a in read(page)], choice)
        if damaged is None:
            return
    assert wrong_and_unflagged(page, damaged, tmp_path_factory.mktemp("damaged")) == []
