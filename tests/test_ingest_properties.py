"""Property tests over pages made from the real ones: blocks shuffled, repeated, cut, re-punctuated."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import SHARED
from generator.content import KINDS
from generator.errors import DigestError
from generator.ingest.assemble import assemble
from generator.ingest.blocks import Block, RawPage, read_page, split_blocks
from generator.ingest.rules import PageRules
from generator.ingest.segment import segment
from generator.ingest.steps import clean
from generator.ingest.text import HAN_CHAR

REAL_BLOCKS = [b for p in sorted((SHARED / "raw").glob("*.txt")) for b in split_blocks(read_page(p))]
HALF = str.maketrans({"，": ",", "：": ":", "（": "(", "）": ")", "？": "?", "！": "!", "；": ";"})


@st.composite
def pages(draw) -> list[Block]:
    """A page of real blocks: some shuffled, some repeated, some cut in two, some half-width."""
    chosen = draw(st.lists(st.sampled_from(REAL_BLOCKS), min_size=1, max_size=25))
    blocks = []
    for number, block in enumerate(chosen):
        text = block.text
        if draw(st.booleans()) and len(text) > 4:
            text = text.translate(HALF)
        if draw(st.integers(0, 4)) == 0 and len(text) > 8:
            cut = draw(st.integers(1, len(text) - 1))
            blocks.append(Block(text[:cut], number * 10, "fuzz.txt"))
            text = text[cut:]
        blocks.append(Block(text, number * 10 + 5, "fuzz.txt", draw(st.integers(1, 4)), block.mark))
    return blocks


def han(text: str) -> str:
    return "".join(HAN_CHAR.findall(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_cleaning_never_loses_text_that_is_not_an_exact_repeat(blocks):
    cleaned, _ = clean(blocks, PageRules())
    # The only Chinese a step may add is a translated connective (凝聚力 and 战斗力 -> 凝聚力和战斗力).
    outputs = [han(b.text).replace("和", "").replace("或", "") for b in cleaned]
    for block in blocks:
        words = han(block.text).replace("和", "").replace("或", "")
        assert not words or any(words in out for out in outputs), block.text[:30]
    added = Counter("".join(han(b.text) for b in cleaned)) - Counter("".join(han(b.text) for b in blocks))
    assert set(added) <= {"和", "或"}, added


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pages())
def test_segmentation_never_crashes_and_gives_valid_articles(blocks):
    cleaned, _ = clean(blocks, PageRules())
    for draft in segment(cleaned, PageRules()):
        article = assemble(draft)
        assert article.kind in KINDS
        assert article.title.strip() or not article.paragraphs
        assert all(p.strip() for p in article.paragraphs)


@settings(max_examples=40, deadline=None)
@given(st.binary(min_size=0, max_size=400))
def test_any_bytes_give_articles_or_a_clean_error(tmp_path_factory, data):
    from generator.ingest.pipeline import read_extraction

    path = tmp_path_factory.mktemp("fuzz") / "page.txt"
    path.write_bytes(data)
    try:
        articles, *_ = read_extraction(path, PageRules(), dt.date(2022, 1, 17))
    except DigestError as error:
        assert "page.txt" in str(error)
    else:
        assert articles


def test_real_pages_lose_nothing():
    from generator.ingest.pipeline import read_extraction

    for path in sorted((SHARED / "raw").glob("*.txt")):
        _, _, _, leftovers = read_extraction(path, PageRules(("新闻特写",)), dt.date(2022, 1, 17))
        assert leftovers == [], path.name


def test_raw_page_model_keeps_line_numbers():
    page = RawPage(Path("x.txt"), "\n\n标题\n\n第一段\n第二行\n\n\n\n尾", "utf-8")
    assert [(b.text, b.line, b.gap) for b in split_blocks(page)] == [
        ("标题", 3, 2), ("第一段\n第二行", 5, 1), ("尾", 10, 3)]
