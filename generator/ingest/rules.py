"""What ingest knows about one newspaper that is not in the text: its column names."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COLUMNS = ("新闻特写", "工会缩影", "图片新闻", "微评")
"""The columns DESIGN.md names; a site lists its paper's own in site.yaml (`columns`)."""


@dataclass(frozen=True)
class PageRules:
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    """栏目 labels printed over articles (新闻特写). From `columns` in site.yaml."""
    decoder: str = "rules"
    """How headline-shaped lines after body text are read: "rules" (each from itself and what
    follows it, segment._is_section_heading) or "viterbi" (all at once, decode.py). Kept for
    bench/segment_models.py, which measures both."""
