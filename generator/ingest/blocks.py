"""A raw page as the extraction tool wrote it: decoded text split into blocks at blank lines."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import DigestError

MAX_PAGE_BYTES = 4 * 1024 * 1024
"""A newspaper page is some 20 KB of text; anything this big is not one page."""


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines: a paragraph, a headline, a byline..."""

    text: str
    """Its text, lines joined with '\\n'."""
    line: int
    """Line number of its first line in the raw file."""
    source: str
    """Raw file name, for the report."""
    gap: int = 1
    """Blank lines before it (a wide gap is a region break on the page)."""
    mark: str = ""
    """Markdown mark an earlier tool left: '#', '##', 'bold' (a hint, not structure)."""

    def with_text(self, text: str) -> "Block":
        return replace(self, text=text)


@dataclass(frozen=True)
class RawPage:
    path: Path
    text: str
    encoding: str
    """How the bytes were decoded (utf-8, utf-8-sig, utf-16, gb18030)."""


@dataclass(frozen=True)
class Change:
    """One thing ingest did to the text, for the report."""

    step: str
    """Name of the step: join_broken_paragraphs, drop_repeated_blocks..."""
    source: str
    line: int
    detail: str


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """Text and the encoding it was in. UTF-8 (with or without BOM), UTF-16 with BOM, GB18030."""
    if not data.strip():
        raise DigestError("the file is empty", path, hint="export the page text again")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        for encoding in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _looks_like_text(text):
                return text, encoding
        raise DigestError("this is a binary file, not page text", path, hint="give the .txt dump of the page")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise DigestError("the text is neither UTF-8, UTF-16 nor GB18030", path,
                          hint="save the page as UTF-8") from None
    if not _looks_like_text(text):
        raise DigestError("this is a binary file, not page text", path, hint="give the .txt dump of the page")
    return text, "gb18030"


def _looks_like_text(text: str) -> bool:
    if not text:
        return False
    control = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t")
    return control / len(text) < 0.01


def read_page(path: Path) -> RawPage:
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            raise DigestError(f"the file is {size // 1024 // 1024} MB, more than a page can be", path,
                              hint="split it into one file per page")
        data = path.read_bytes()
    except OSError as exc:
        raise DigestError(f"cannot read the file: {exc.strerror}", path) from None
    text, encoding = decode(data, path)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or (ord(c) >= 32 and not 0xD800 <= ord(c) <= 0xDFFF and c != "\x7f"))
    return RawPage(path, text, encoding)


def split_blocks(page: RawPage) -> list[Block]:
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    gap = 0
    for number, line in enumerate(page.text.split("\n"), start=1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
            continue
        if lines:
            blocks.append(Block("\n".join(lines), start, page.path.name, gap))
            lines, gap = [], 0
        gap += 1
    if lines:
        blocks.append(Block("\n".join(lines), start, page.path.name, gap))
    return blocks
