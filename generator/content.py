"""Articles: Markdown files with YAML front matter under content/, read into frozen dataclasses.

The front matter keys are the contract in DESIGN.md. A file that breaks it stops the build with
a message naming the file and the line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote

from .errors import DigestError
from .files import bytes_digest, files_under
from .parallel import fork_map
from .plain import dumps, register
from .yamlfile import read_yaml
from .ingest.text import han_count

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

KINDS = ("news", "feature", "photo", "commentary")
PEOPLE_KEYS = ("reporters", "correspondents", "photographers", "authors")
TEXT_KEYS = ("title", "kicker", "subtitle", "column", "summary", "page_name", "dateline")
LIST_KEYS = ("banners", "topics", "source", *PEOPLE_KEYS)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FIRST_YEAR, LAST_YEAR = 1800, 2999
"""Issue dates outside these years are typing errors (the charts and feeds count days from them)."""
WEB_ADDRESS = re.compile(r"https?://[^\s\"<>]+")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


@dataclasses.dataclass(frozen=True)
class Picture:
    """A photo of the article: from front matter's `images` (shown above the body) or a Markdown
    image in the body (placed where it stands: the body holds `<img data-picture="N">`, N its
    index in Article.pictures). The file is a path as written; pictures.py finds and publishes it."""

    file: str
    """As written: in `images`, relative to the content folder; in the body, relative to the
    article's file, or to the content folder when it starts with '/'."""
    caption: str = ""
    credit: str = ""
    """本报记者 X 摄, as printed."""
    alt: str = ""
    """What the photo shows, for a reader who cannot see it (empty: the caption says it)."""
    line: int = 1
    """Line of the article file that names it (for messages)."""
    in_body: bool = False


register(Picture)


@dataclasses.dataclass(frozen=True)
class Article:
    """One article as the build sees it. Text is in the source script (zh-Hans)."""

    path: str
    """The Markdown file it was read from (a string: a rebuild loads 10,000s of articles from the
    build state, and a Path costs more to make than the rest of an article together)."""
    slug: str
    """ASCII name of the article within its issue date; its URL is issues' date + slug."""
    date: dt.date
    """Issue date (出版日期)."""
    title: str
    """主题, the main headline."""
    kicker: str = ""
    """引题, printed above the title."""
    subtitle: str = ""
    """副题, printed below the title."""
    banners: tuple[str, ...] = ()
    """Campaign or section banners printed over the article."""
    column: str = ""
    """栏目 such as 新闻特写."""
    kind: str = "news"
    """news, feature, photo or commentary."""
    page: int | None = None
    """版次, the page number in the paper."""
    page_name: str = ""
    """版名."""
    order: int = 0
    """Position on the page, for issue order."""
    topics: tuple[str, ...] = ()
    """Topic ids from the site's topic list."""
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    summary: str = ""
    """阅读提示 text."""
    dateline: str = ""
    """The 电头 that opened the report in print (本报讯, 新华社北京1月17日电)."""
    source: tuple[str, ...] = ()
    """Raw files the article was ingested from (for the editor: never shown to a reader)."""
    source_url: str = ""
    """The address of the article or its page in the source publication, when known; else the
    site's source.url pattern makes one from the date and page."""
    body_markdown: str = ""
    body_html: str = ""
    """The body rendered once, raw HTML disabled."""
    characters: int = 0
    """Han characters in the body: the same in every variant (conversion maps one to one)."""
    conversion_rules: tuple[tuple[str, str], ...] = ()
    """Per-article phrase rules (zh-Hans text, fixed zh-Hant text) from front matter."""
    pictures: tuple[Picture, ...] = ()
    """Front matter's images, then the body's, in order."""

    @cached_property
    def key(self) -> str:
        """Identity of the article across rebuilds and variants: date/slug."""
        return f"{self.date.isoformat()}/{self.slug}"


register(Article)


def new_markdown() -> MarkdownIt:
    """Markdown for text that came from outside: CommonMark with raw HTML disabled. An image
    becomes a numbered placeholder (`<img data-picture="N">`, its details in the render's
    env["pictures"]), inside a `<figure>` when it stands alone in its paragraph."""
    from markdown_it import MarkdownIt  # here: a rebuild that parses no article never loads it

    markdown = MarkdownIt("commonmark", {"html": False})
    markdown.core.ruler.push("figures", _figures)
    markdown.add_render_rule("image", _picture_placeholder)
    return markdown


def _figures(state) -> None:
    """A paragraph holding one image and nothing else is a figure; each image knows its line."""
    tokens = state.tokens
    for token in tokens:
        if token.type == "inline" and token.map:
            for child in token.children or []:
                if child.type == "image":
                    child.meta["line"] = token.map[0]
    for index in range(len(tokens) - 2):
        opening, inline, closing = tokens[index:index + 3]
        if (opening.type == "paragraph_open" and inline.type == "inline" and closing.type == "paragraph_close"
                and [child.type for child in inline.children or []] == ["image"]):
            opening.tag = closing.tag = "figure"


def _picture_placeholder(renderer, tokens, index, options, env) -> str:
    """The image as a placeholder, numbered after the pictures already in env["pictures"]
    (pictures.py places the photo); env["pictures"] gets (src, alt, title, line in the body)."""
    token = tokens[index]
    pictures = env.setdefault("pictures", [])
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    pictures.append((token.attrGet("src") or "", alt, token.attrGet("title") or "", token.meta.get("line", 0)))
    return f'<img data-picture="{env.get("first", 0) + len(pictures) - 1}">'


UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Control characters and lone surrogates removed: they break XML, JSON and UTF-8 output."""
    return UNSAFE_CHARS.sub("", text)


def _clean_values(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_values(v) for v in value]
    if isinstance(value, dict):
        return {_clean_values(k) if isinstance(k, str) else k: _clean_values(v) for k, v in value.items()}
    return value


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number where the body starts)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise DigestError("no front matter: the file must start with a line '---'", path, 1,
                          "add YAML front matter between two '---' lines")
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1:]), index + 2
    raise DigestError("front matter is not closed: no second '---' line", path, 1)


def _line_of(front: str, key: str) -> int:
    for number, line in enumerate(front.splitlines(), start=2):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return 1


def _text(meta: dict, key: str, front: str, path: Path) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise DigestError(f"'{key}' must be text, got {type(value).__name__}", path, _line_of(front, key))
    return value.strip()


def _strings(meta: dict, key: str, front: str, path: Path) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise DigestError(f"'{key}' must be a list of text", path, _line_of(front, key))
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(meta: dict, front: str, path: Path) -> dt.date:
    value = meta.get("date")
    if value is None:
        raise DigestError("'date' is missing", path, 1, "add 'date: YYYY-MM-DD', the issue date")
    text = str(value)  # dates stay text when read (yamlfile)
    try:
        if not ISO_DATE.match(text):
            raise ValueError
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise DigestError(f"'date' must be YYYY-MM-DD, got {value!r}", path, _line_of(front, "date"),
                          "write the issue date as e.g. 2022-01-17") from None
    if not FIRST_YEAR <= date.year <= LAST_YEAR:
        raise DigestError(f"'date' {text} is not an issue date between {FIRST_YEAR} and {LAST_YEAR}", path,
                          _line_of(front, "date"))
    return date


def _rules(meta: dict, front: str, path: Path) -> tuple[tuple[str, str], ...]:
    value = meta.get("convert")
    if value is None:
        return ()
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise DigestError("'convert' must map zh-Hans text to its zh-Hant form", path, _line_of(front, "convert"))
    if any(not key.strip() for key in value):
        raise DigestError("'convert' has an empty text to replace", path, _line_of(front, "convert"),
                          "write the zh-Hans word before the colon")
    return tuple(sorted(value.items()))


PICTURE_KEYS = ("file", "caption", "credit", "alt")


def _picture_file(file: str, path: Path, line: int) -> str:
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", file):
        raise DigestError(f"the photo {file[:80]!r} is not a file of the project", path, line,
                          "save the photo under the content folder (e.g. content/images/) and write its path: "
                          "a photo linked from another site is not published with the site")
    return file


def _pictures(meta: dict, front: str, path: Path) -> tuple[Picture, ...]:
    """Front matter's `images`: a list of {file, caption, credit, alt}, or of file paths."""
    value = meta.get("images")
    if value is None:
        return ()
    line = _line_of(front, "images")
    if isinstance(value, (str, dict)):
        value = [value]
    if not isinstance(value, list):
        raise DigestError("'images' must be a list of photos", path, line,
                          "write one '- file: images/photo.jpg' line (with caption: and credit:) per photo")
    found = []
    for item in value:
        if isinstance(item, str):
            item = {"file": item}
        if not isinstance(item, dict) or not isinstance(item.get("file"), str) or not item["file"].strip():
            raise DigestError("each photo in 'images' needs 'file', its path under the content folder", path, line,
                              "write e.g. '- file: images/2022/photo.jpg'")
        unknown = sorted(set(map(str, item)) - set(PICTURE_KEYS))
        if unknown:
            raise DigestError(f"a photo in 'images' has unknown keys {unknown}", path, line,
                              f"a photo takes {', '.join(PICTURE_KEYS)}")
        if not all(isinstance(item.get(key, ""), (str, int)) for key in PICTURE_KEYS):
            raise DigestError("a photo's caption, credit and alt must be text", path, line)
        texts = {key: str(item.get(key) or "").strip() for key in ("caption", "credit", "alt")}
        found.append(Picture(_picture_file(item["file"].strip(), path, line), line=line, **texts))
    return tuple(found)


def parse_article(text: str, path: Path, markdown: MarkdownIt) -> Article:
    front, body, body_line = split_front_matter(text, path)
    meta = read_yaml(front, path, first_line=2, what="front matter YAML") or {}
    if not isinstance(meta, dict):
        raise DigestError("front matter must be a mapping of keys", path, 2)
    meta = _clean_values(meta)
    body = clean_text(body)
    title = _text(meta, "title", front, path)
    if not title:
        raise DigestError("'title' is missing or empty", path, 1, "add 'title: ...', the main headline")
    kind = _text(meta, "kind", front, path) or "news"
    if kind not in KINDS:
        raise DigestError(f"'kind' must be one of {', '.join(KINDS)}, got {kind!r}", path, _line_of(front, "kind"))
    slug = _text(meta, "slug", front, path) or path.stem
    if not SLUG.match(slug):
        raise DigestError(f"slug {slug!r} is not a safe URL name", path, _line_of(front, "slug"),
                          "use lowercase ASCII letters, digits and '-'")
    page = meta.get("page")
    if page is not None and (not isinstance(page, int) or isinstance(page, bool) or page < 0):
        raise DigestError(f"'page' must be a page number, got {page!r}", path, _line_of(front, "page"))
    order = meta.get("order", 0)
    if not isinstance(order, int) or isinstance(order, bool):
        raise DigestError(f"'order' must be a whole number, got {order!r}", path, _line_of(front, "order"))
    texts = {key: _text(meta, key, front, path) for key in TEXT_KEYS if key != "title"}
    source_url = _text(meta, "source_url", front, path)
    if source_url and not WEB_ADDRESS.fullmatch(source_url):
        raise DigestError(f"'source_url' must be an http(s) address, got {source_url!r}", path,
                          _line_of(front, "source_url"), "write the full address, starting with https://")
    lists = {key: _strings(meta, key, front, path) for key in LIST_KEYS}
    pictures = _pictures(meta, front, path)
    env: dict = {"first": len(pictures)}
    body_html = markdown.render(body, env)
    pictures += tuple(Picture(_picture_file(unquote(src), path, body_line + line), caption=alt, credit=title,
                              line=body_line + line, in_body=True)
                      for src, alt, title, line in env.get("pictures", []))
    return Article(
        path=str(path), slug=slug, date=_date(meta, front, path), title=title, kind=kind, page=page,
        order=order, body_markdown=body, body_html=body_html, characters=han_count(body),
        conversion_rules=_rules(meta, front, path), source_url=source_url, pictures=pictures, **texts, **lists,
    )


def head_shape(article: Article) -> str:
    """The digest of what a build takes of an article besides its text (which each variant's
    text digest covers): its head, but for what only its body gives it (the body, its count of
    characters, and the lines of the photos it places, which only messages name). An edit of the
    body that changes none of this changes no list, link or photo: keep.TextChanges."""
    pictures = tuple(dataclasses.replace(picture, line=0) for picture in article.pictures)
    shape = dataclasses.replace(article, body_markdown="", body_html="", characters=0, pictures=pictures)
    return hashlib.blake2b(dumps(shape).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def file_key(path: str, digest: str) -> str:
    """What identifies a parse: the file's path in the articles folder and the digest of its
    bytes (files.bytes_digest; the same project in another folder, as a CI checkout is, reuses
    its parses)."""
    return hashlib.sha256(path.replace(os.sep, "/").encode("utf-8", "surrogatepass") + b"\0"
                          + digest.encode("ascii")).hexdigest()


def load_articles(folder: Path) -> list[Article]:
    """Read every *.md under folder, sorted by path, so the result does not depend on the disk."""
    return read_articles(folder)[0]


PARSE_IN_PARALLEL_FROM = 400
"""Fewer files to parse than this, and they are parsed here (a fork costs more)."""
KEEP_EVERY = 500
"""Articles a parsing process holds before it hands them to `keep` (read_articles)."""


def read_articles(folder: Path, known: dict[str, Article] | None = None,
                  digests: dict[str, str] | None = None,
                  keep: Callable[[dict[str, Article]], dict[str, Article]] | None = None,
                  files: list[tuple[str, os.stat_result]] | None = None,
                  ) -> tuple[list[Article], dict[str, Article]]:
    """load_articles, with a cache: known maps file keys (file_key) to articles parsed before;
    only the other files are parsed, in two processes when there are many. digests: the digest
    of each file's bytes where this build already has it (path as files_under gives it ->
    files.bytes_digest; the input fingerprint hashes every file): a file whose key is known is
    then not read at all. A file that is read is keyed by the bytes read (it may have changed
    since it was hashed). keep, if given, is called in the parsing process with file key ->
    article for each batch it parsed, and what it returns comes back instead (the articles
    without their bodies, say, the bodies stored). files: the folder's *.md as files_under lists
    them, if already listed. Returns the articles, and the map for the files read now."""
    known, digests = known or {}, digests or {}
    keys, names, missing = [], [], []
    start = os.path.join(str(folder), "")  # files_under's paths start so: cut, not os.path.relpath (slow)
    for name, _ in files_under(folder, ".md") if files is None else files:
        place = name[len(start):] if name.startswith(start) else os.path.relpath(name, folder)
        digest = digests.get(name)
        key = file_key(place, digest) if digest is not None else None
        if key not in known:
            path = Path(name)
            data = path.read_bytes()
            key = file_key(place, bytes_digest(data))
            if key not in known:
                try:
                    missing.append((key, data.decode("utf-8"), path))
                except UnicodeDecodeError as exc:
                    raise DigestError(f"not UTF-8 text (byte {exc.start})", path,
                                      hint="save the file as UTF-8") from None
        keys.append(key)
        names.append(name)

    def parse(files: list[tuple[str, str, Path]], _progress) -> dict[str, Article]:
        """The files parsed, and handed to keep a batch at a time (the process's memory stays bounded)."""
        markdown, found = new_markdown() if files else None, {}  # markdown-it loaded for a file to parse only
        for start in range(0, len(files), KEEP_EVERY):
            batch = {key: parse_article(text, path, markdown) for key, text, path in files[start:start + KEEP_EVERY]}
            found.update(keep(batch) if keep is not None else batch)
        return found

    half = len(missing) // 2
    parts = [missing[:half], missing[half:]] if len(missing) >= PARSE_IN_PARALLEL_FROM else [missing]
    parsed = {key: article for part in fork_map(parse, parts) for key, article in part.items()}
    current = {key: _at(known.get(key) or parsed[key], name) for key, name in zip(keys, names)}
    return [current[key] for key in keys], current


def _at(article: Article, path: str) -> Article:
    """The article as read from path (a stored one may have been read where the project was)."""
    return article if article.path == path else dataclasses.replace(article, path=path)


def front_matter_line(path: Path | str, key: str) -> int:
    """Line of a key in an article's front matter, for messages about its value."""
    path = Path(path)
    front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path)
    return _line_of(front, key)
