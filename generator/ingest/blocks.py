"""A raw page as the extraction tool wrote it, decoded and split into units: the lines or blocks
that each hold one printed thing (a paragraph or a piece of one, a headline line, a byline).

Which it is depends on the layout the tool wrote (DESIGN.md, "Layouts the ingest must read"):
blank-line blocks give one unit per block; one line per paragraph and hard-wrapped text give one
unit per line (the cleaning steps join the pieces of a wrapped or column-broken paragraph)."""

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


BLOCK_LAYOUT_SHARE = 0.6
"""A page is in blank-line blocks when blocks are at least this share of its non-blank lines..."""
LINE_LAYOUT_RUN = 4
"""...and none runs this many lines: a headline, a byline pair or a banner pair is at most three."""


def split_blocks(page: RawPage) -> list[Block]:
    """The page's units: its blocks in the blank-line layout, else its lines (the line layouts)."""
    lines = page.text.split("\n")
    filled = sum(1 for line in lines if line.strip())
    blocks = _blocks(page, lines)
    longest = max((block.text.count("\n") + 1 for block in blocks), default=0)
    if longest >= LINE_LAYOUT_RUN or (filled >= 8 and len(blocks) < BLOCK_LAYOUT_SHARE * filled):
        return _lines(page, lines)
    return blocks


def _blocks(page: RawPage, lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    run: list[str] = []
    start = 0
    gap = 0
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not run:
                start = number
            run.append(line.strip())
            continue
        if run:
            blocks.append(Block("\n".join(run), start, page.path.name, gap))
            run, gap = [], 0
        gap += 1
    if run:
        blocks.append(Block("\n".join(run), start, page.path.name, gap))
    return blocks


def _lines(page: RawPage, lines: list[str]) -> list[Block]:
    """One unit per line. A space at a line's edge is kept as one space: in hard-wrapped text it
    may be the space between two names that the wrap fell on (join_wrapped_lines keeps it)."""
    units: list[Block] = []
    gap = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            gap += 1
            continue
        text = (" " if line[:1].isspace() else "") + line.strip() + (" " if line[-1:].isspace() else "")
        units.append(Block(text, number, page.path.name, gap))
        gap = 0
    return units
