"""The ingest report: per article what was joined, moved, removed, normalised, and what needs a
human look. Written as JSON for tools and as plain text for the editor."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict

from .pipeline import PageResult
from .write import WriteResult


def page_report(result: PageResult, written: list[WriteResult], remarks: list[str] = (),
                duplicate: str | None = None) -> dict:
    """remarks: page-level remarks of the writing (files not found again); duplicate: the date
    and page under which the same page was already ingested, when it was not written for that."""
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
        "notes": [*result.notes, *remarks],
        "duplicate_of": duplicate,
        "leftovers": list(result.leftovers),
        "page_changes": page_changes,
        "articles": articles,
        "needs_review": sum(len(a["review"]) for a in articles) + len(result.leftovers) + bool(duplicate),
    }


STEP_NAMES = {
    "drop_page_furniture": "删去版面杂项（报头、版次、字数、页码）",
    "join_wrapped_lines": "接回硬换行拆开的行",
    "strip_markdown_marks": "去掉 Markdown 标记",
    "split_column_tags": "分出栏目标签与列表符号",
    "remove_stray_glyphs": "去掉栏目名前的杂字符",
    "split_glued_credits": "分出粘在段末的图片署名或文末署名",
    "fix_halfwidth_punctuation": "半角标点改为全角",
    "remove_spliced_latin": "去掉夹在中文里的英文词",
    "needs_review": "夹在中文里的英文词（保留，待核对）",
    "drop_repeated_blocks": "删去重复印出的段落",
    "join_broken_paragraphs": "接回被分栏拆断的段落",
    "move_landed_headline": "移回落进正文的标题",
    "drop_repeated_byline": "删去正文中重复的署名",
    "restore_article_order": "恢复被倒置的文章前后部分",
    "share_banner": "一行标题分给共用栏题的几篇报道",
}
STATUS_NAMES = {"written": "已写入", "unchanged": "未变", "kept-hand-edit": "保留手工修改",
                "deleted-by-editor": "编辑已删除，未重写", "skipped-duplicate": "疑似重复，未写入"}
KIND_NAMES = {"news": "消息", "feature": "特写", "photo": "图片新闻", "commentary": "评论"}


def report_text(report: dict) -> str:
    """The editor's report, in Chinese: what needs a look first (the articles with the most
    doubts first, then text found in no article), then the repairs counted by kind, then the
    articles. Every change in detail is in the JSON report beside it."""
    lines = [f"入库报告：{report['date']}，第{report['page'] or '?'}版，来源 {'、'.join(report['sources'])}", ""]
    doubtful = sorted((a for a in report["articles"] if a["review"]), key=lambda a: -len(a["review"]))
    count = report["needs_review"]
    lines.append(f"需要核对（{count} 处）" if count else "需要核对：无")
    if report.get("duplicate_of"):
        lines.append(f"  ！这一版已在 {report['duplicate_of']} 入库过，本次没有写入（见“说明”）")
    for number, article in enumerate(doubtful, start=1):
        lines.append(f"  {number}. {article['file']}《{article['title']}》")
        lines += [f"     - {item}" for item in article["review"]]
    if report["leftovers"]:
        lines.append("  未归入任何文章的原文（请查看是否遗漏）：")
        lines += [f"     - {item}" for item in report["leftovers"]]
    lines += ["", "修复（按类别计数，详情见同名 .json）："]
    lines += [f"  {STEP_NAMES.get(step, step)}：{number} 处" for step, number in report["counts"].items()] or ["  无"]
    if report["notes"]:
        lines += ["", "说明："] + [f"  {note}" for note in report["notes"]]
    lines += ["", f"文章（{len(report['articles'])} 篇）："]
    for article in report["articles"]:
        lines.append(f"  {article['file']} [{STATUS_NAMES.get(article['status'], article['status'])}] "
                     f"{KIND_NAMES.get(article['kind'], article['kind'])}：{article['title']}")
    return "\n".join(lines) + "\n"


def report_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def summary_line(report: dict) -> str:
    written = Counter(a["status"] for a in report["articles"])
    looks = sum(1 for a in report["articles"] if a["review"])
    return (f"{report['date']} {'+'.join(report['sources'])}: {len(report['articles'])} articles "
            f"({', '.join(f'{v} {k}' for k, v in sorted(written.items()))}), "
            f"{sum(report['counts'].values())} repairs; {looks} need a look"
            + (f", {len(report['leftovers'])} pieces of text in no article" if report["leftovers"] else "")
            + (f"; NOT WRITTEN: already ingested under {report['duplicate_of']}" if report.get("duplicate_of") else ""))
