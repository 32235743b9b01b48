"""The cleaning steps, in the order they run. Each fixes one defect of raw page dumps.

A step takes the page's blocks and the page rules and returns new blocks and what it changed.
"""

from __future__ import annotations

from collections.abc import Callable

from ..blocks import Block, Change
from ..rules import PageRules
from .drop_page_furniture import drop_page_furniture
from .drop_repeated_blocks import drop_repeated_blocks
from .fix_halfwidth_punctuation import fix_halfwidth_punctuation
from .join_broken_paragraphs import join_broken_paragraphs
from .join_wrapped_lines import join_wrapped_lines
from .remove_spliced_latin import remove_spliced_latin
from .remove_stray_glyphs import remove_stray_glyphs
from .split_column_tags import split_column_tags
from .split_glued_credits import split_glued_credits
from .strip_markdown_marks import strip_markdown_marks

Step = Callable[[list[Block], PageRules], tuple[list[Block], list[Change]]]

CLEANING_STEPS: list[tuple[str, Step]] = [
    ("drop_page_furniture", drop_page_furniture),
    ("join_wrapped_lines", join_wrapped_lines),
    ("strip_markdown_marks", strip_markdown_marks),
    ("split_column_tags", split_column_tags),
    ("remove_stray_glyphs", remove_stray_glyphs),
    ("split_glued_credits", split_glued_credits),
    ("fix_halfwidth_punctuation", fix_halfwidth_punctuation),
    ("remove_spliced_latin", remove_spliced_latin),
    ("drop_repeated_blocks", drop_repeated_blocks),
    ("join_broken_paragraphs", join_broken_paragraphs),
]


def clean(blocks: list[Block], rules: PageRules) -> tuple[list[Block], list[Change]]:
    changes: list[Change] = []
    for _, step in CLEANING_STEPS:
        blocks, done = step(blocks, rules)
        changes += done
    return blocks, changes
