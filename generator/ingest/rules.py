"""What ingest knows about one newspaper that is not in the text: its column names."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COLUMNS = ("新闻特写",)


@dataclass(frozen=True)
class PageRules:
    columns: tuple[str, ...] = DEFAULT_COLUMNS
    """栏目 labels printed over articles (新闻特写). From `columns` in site.yaml."""
