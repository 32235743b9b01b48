"""One page of each type, for tests that visit them all."""

from __future__ import annotations

from pathlib import Path

PAGE_TYPES = {
    "home": "", "issue": "issues/2022-01-17/", "article": None, "topics": "topics/",
    "topic": "topics/outdoor-workers/", "archive": "archive/", "archive-month": "archive/2022/01/",
    "search": "search/", "404": "404.html", "people": "people/", "person": "people/zou-tiran/",
}


def page_paths(site: Path) -> dict[str, str]:
    """One path of each page type (the article: the first of 2022-01-17)."""
    article = sorted((site / "zh-hans" / "articles" / "2022-01-17").iterdir())[0].name
    return {kind: path if path is not None else f"articles/2022-01-17/{article}/" for kind, path in PAGE_TYPES.items()}
