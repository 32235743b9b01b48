"""The ingest report: per article what was joined, moved, removed, normalised, and what needs a
human look. Written as JSON for tools and as plain text for the editor."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from .pipeline import PageResult
from .write import WriteResult


def page_report(result: PageResult, written: list[WriteResult]) -> dict:
    articles = []
    filed: set[int] = set()
    for item, outcome in zip(result.articles, written):
        article = item.article
        own = [c for i, c in enumerate(result.changes) if (c.source, c.line) in article.lines and not filed.add(i)]
        articles.append({
            "file": outcome.path.name, "status": outcome.status, "title": article.title, "kind": article.kind,
            "topics": list(item.topics), "sources": list(article.sources),
            "changes": [asdict(c) for c in [*own, *article.changes]],
            "review": list(article.review),
        })
    page_changes = [asdict(c) for i, c in enumerate(result.changes) if i not in filed]
    every = [*result.changes, *(c for item in result.articles for c in item.article.changes)]
    return {
        "date": result.spec.date.isoformat(),
        "page": result.spec.page,
        "sources": [p.name for p in result.spec.files],
        "counts": dict(sorted(Counter(c.step for c in every).items())),
        "notes": list(result.notes),
        "leftovers": list(result.leftovers),
        "page_changes": page_changes,
        "articles": articles,
        "needs_review": sum(len(a["review"]) for a in articles) + len(result.leftovers),
    }


def _change_line(change: dict) -> str:
    return f"    - {change['step']} ({change['source']}:{change['line']}): {change['detail']}"


def report_text(report: dict) -> str:
    lines = [f"Ingest report: {report['date']}, page {report['page'] or '?'}, from {', '.join(report['sources'])}",
             "Repairs: " + (", ".join(f"{k} {v}" for k, v in report["counts"].items()) or "none")]
    for note in report["notes"]:
        lines.append(f"Note: {note}")
    if report["leftovers"]:
        lines.append("TEXT FOUND IN NO ARTICLE (look at it):")
        lines += [f"    {item}" for item in report["leftovers"]]
    if report["page_changes"]:
        lines.append("Page-wide changes:")
        lines += [_change_line(c) for c in report["page_changes"]]
    for article in report["articles"]:
        lines.append(f"\n{article['file']} [{article['status']}] {article['kind']}: {article['title']}")
        lines += [_change_line(c) for c in article["changes"]]
        lines += [f"    ! {item}" for item in article["review"]]
    return "\n".join(lines) + "\n"


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def summary_line(report: dict) -> str:
    written = Counter(a["status"] for a in report["articles"])
    return (f"{report['date']} {'+'.join(report['sources'])}: {len(report['articles'])} articles "
            f"({', '.join(f'{v} {k}' for k, v in sorted(written.items()))}), "
            f"{sum(report['counts'].values())} repairs, {report['needs_review']} to review")

