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


OUR_SCRIPTS = {"search.js", "script-table.js", "variant.js"}
"""The theme's scripts, by file name: the only script elements a page may hold (and JSON-LD data)."""


class ActiveContent(HTMLParser):
    """Collects anything a browser would run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not (attributes.get("src", "").rsplit("/", 1)[-1] in OUR_SCRIPTS
                                    or attributes.get("type") == "application/ld+json"):
            self.found.append(f"<script> {attributes}")
        if tag in ("iframe", "object", "embed", "foreignobject", "base", "frame", "applet"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name in ("href", "src", "action", "formaction") and value and \
                    value.strip().lower().replace("\t", "").startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")


def active_content(html: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


FEED_TEXT = ("{http://www.w3.org/2005/Atom}content", "{http://www.w3.org/2005/Atom}summary", "description",
             "{http://purl.org/rss/1.0/modules/content/}encoded")


def active_content_in_site(site: Path) -> dict[str, list[str]]:
    """Every HTML page of a built site, and the HTML in its feeds' entries, scanned for anything a
    browser or feed reader would run: relative path -> what was found (nothing: an empty dict)."""
    import xml.etree.ElementTree as ET

    found = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            hits = active_content(path.read_text(encoding="utf-8", errors="replace"))
        elif path.suffix == ".xml" and path.name in ("feed.xml", "atom.xml"):
            try:
                root = ET.parse(path).getroot()
            except ET.ParseError as error:
                hits = [f"not well-formed XML: {error}"]
            else:
                # Atom says which of its texts are HTML (type="html"); RSS's are HTML by custom
                hits = [hit for element in root.iter() if element.tag in FEED_TEXT and element.text
                        and element.get("type", "html") in ("html", "xhtml")
                        for hit in active_content(element.text)]
        else:
            continue
        if hits:
            found[path.relative_to(site).as_posix()] = hits
    return found
