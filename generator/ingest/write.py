"""Articles written as Markdown files, atomically, never over an editor's hand edits.

Each file carries `ingest_checksum`: the SHA-256 of the file as ingest wrote it (with that line
left out). A file whose text no longer matches its checksum was edited by hand, and ingest leaves
it alone unless told to overwrite it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DigestError
from ..files import locked, write_atomic

CHECKSUM_LINE = re.compile(r"^ingest_checksum: ([0-9a-f]{64})\n", re.M)


@dataclass(frozen=True)
class WriteResult:
    path: Path
    status: str
    """written, unchanged, kept-hand-edit."""


def render_markdown(front: dict, paragraphs: list[str]) -> str:
    """Front matter and body; the checksum line is added by `with_checksum`."""
    head = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=None)
    return f"---\n{head}---\n\n" + "\n\n".join(paragraphs) + "\n"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def with_checksum(text: str) -> str:
    return text.replace("\n---\n\n", f"\ningest_checksum: {_digest(text)}\n---\n\n", 1)


def edited_by_hand(text: str) -> bool:
    match = CHECKSUM_LINE.search(text)
    if not match:
        return True
    return _digest(text[:match.start()] + text[match.end():]) != match.group(1)


def write_article(path: Path, text: str, overwrite_edits: bool) -> WriteResult:
    text = with_checksum(text)
    if path.exists():
        current = path.read_text(encoding="utf-8", errors="replace")
        if current == text:
            return WriteResult(path, "unchanged")
        if edited_by_hand(current) and not overwrite_edits:
            return WriteResult(path, "kept-hand-edit")
    write_atomic(path, text)
    return WriteResult(path, "written")


@contextmanager
def folder_lock(folder: Path):
    """One ingest at a time per output folder; a second one waits for the first."""
    folder.mkdir(parents=True, exist_ok=True)
    with locked(folder / ".ingest.lock"):
        yield


def check_date(value: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DigestError(f"{value!r} is not a date", hint="write the issue date as YYYY-MM-DD") from None
