"""Reading a built site the way a checker would: every file, its links, its text by language."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class PageFacts:
    links: list[tuple[str, str, dict]] = field(default_factory=list)
    """(tag, url, attributes) for every href and src."""
    text: list[tuple[str, str]] = field(default_factory=list)
    """(language in force, text) for every text node outside <script>/<style>."""
    scripts: list[str] = field(default_factory=list)
    html_lang: str = ""


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self.stack: list[tuple[str, str]] = []
        self.in_script = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang") or (self.stack[-1][1] if self.stack else "")
        if tag == "html":
            self.facts.html_lang = attributes.get("lang", "")
        for key in ("href", "src"):
            if attributes.get(key):
                self.facts.links.append((tag, attributes[key], attributes))
        if tag in ("script", "style"):
            self.in_script += 1
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.in_script -= 1
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if self.in_script:
            self.facts.scripts.append(data)
        elif data.strip():
            self.facts.text.append((self.stack[-1][1] if self.stack else "", data))


def read_page(path: Path) -> PageFacts:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.facts


def target_file(site: Path, base_path: str, url: str) -> Path | None:
    """The file an internal URL points to, or None for an external URL."""
    url = url.split("#")[0].split("?")[0]
    if not url.startswith(base_path):
        return None
    relative = url[len(base_path):]
    path = site / relative
    return path / "index.html" if url.endswith("/") or relative == "" else path
