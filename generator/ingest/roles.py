"""What each block is on the page: headline, byline, dateline paragraph, credit, label or body."""

from __future__ import annotations

import re
from enum import Enum

from .blocks import Block
from .people import AUTHOR_NOTE, end_byline, is_byline, is_credit, split_dateline
from .text import HAN, han_count

SUMMARY_LABELS = ("阅读提示", "阅读提要", "核心提示")
EDITOR_NOTE = re.compile(r"^[【\[（(]?(?:编者按|编者的话|编辑手记)[】\]）)]?\s*[:：]?")
"""编者按 opens a paragraph the editors print between a headline and its report (a series' intro)."""
AUTHOR_NAME = re.compile(rf"^[{HAN}]{{2,4}}(?:·[{HAN}]{{1,6}})?$")


class Role(Enum):
    HEADLINE = "headline"
    BANNER = "banner"
    COLUMN = "column"
    SUMMARY_LABEL = "summary_label"
    BYLINE = "byline"
    END_BYLINE = "end_byline"
    CREDIT = "credit"
    DATELINE = "dateline"
    AUTHOR = "author"
    EDITOR_NOTE = "editor_note"
    BODY = "body"


def _outside_quotes(text: str) -> str:
    return re.sub(r"“[^”]*”|《[^》]*》|「[^」]*」", "", text)


def balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("“”", "《》", "（）", "()", "「」"))


def looks_like_headline(block: Block) -> bool:
    """Short, no sentence inside, no sentence end: printed big, not read as a paragraph."""
    text = block.text.replace("\n", "")
    if block.mark in ("#", "##"):
        return han_count(text) > 0 and len(text) <= 60
    if text.endswith("——"):
        return 4 <= len(text) <= 60
    # a title and its subtitle may share a line (…书屋 ——让…): each is as long as one may be
    if max(map(len, re.split(r"\s+(?=—)", text))) > 36 or len(block.text.split("\n")) > 2 or han_count(text) < 2:
        return False
    if re.search(r"[。！？][”’」』）)]*$|…$", text) and len(text) > 12:  # a sentence's end, or one trailing off
        return False
    if "。" in text.rstrip("。”’」』）)"):  # a full stop before more text, even inside a quotation: sentences
        return False
    if not balanced(text):
        return False
    bare = _outside_quotes(text)
    if re.search(r"[，。；：,;:]", bare) or text[-1] in "。，、；：":
        return False
    # a title may open with a quotation ("项目化"激励…): balanced and no sentence outside it;
    # a line opening with a bracket that does not close at its end is an aside, not a title
    return not text.startswith(("（", "(")) or text.endswith(("）", ")"))


def classify(block: Block, columns: tuple[str, ...]) -> Role:
    text = block.text
    flat = text.replace("\n", "")
    if flat in columns or block.mark == "column":  # a 【栏目】 tag (split_column_tags)
        return Role.COLUMN
    if flat in SUMMARY_LABELS:
        return Role.SUMMARY_LABEL
    if is_credit(text):
        return Role.CREDIT
    if is_byline(text):
        return Role.BYLINE
    if split_dateline(text):
        return Role.DATELINE
    if EDITOR_NOTE.match(flat) and len(flat) > 12:
        return Role.EDITOR_NOTE
    if block.mark == "bold" and len(flat) <= 60:
        return Role.BANNER
    if AUTHOR_NOTE.match(flat):
        return Role.BODY
    if end_byline(flat) is not None:
        return Role.END_BYLINE
    if AUTHOR_NAME.match(flat) and block.mark == "":
        return Role.AUTHOR
    if looks_like_headline(block):
        return Role.HEADLINE
    return Role.BODY
