"""Photos: the files articles name (content.Picture), published under content-hashed names in a
few widths, and the `<figure>` that shows them.

A photo's bytes give its name: an edited photo gets a new address, so a reader's browser never
shows a stale one from its cache. Pillow reads its size from the header. What a photo was read
to be (its digest, format and size) is kept in the build state with the file's size and time
(PhotoFacts), so a rebuild reads only the photos that changed: a site of many photos would
otherwise read all of their bytes on every build. The smaller widths are made only when the
site does not have them yet (the first variant's root files, kept by key like any page).
Metadata is left out of what is published: a camera's EXIF can carry where the photo was taken.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Callable

from .content import Article, Picture
from .errors import DigestError
from .plain import register

MEDIA = "media/"
"""Where the photos are published, from the site's root (shared by every variant)."""
WIDTHS = (480, 960, 1440)
"""Widths made of a wider photo: a phone, the text column at 2x, and the largest published."""
SIZES = "(min-width: 40rem) 38rem, calc(100vw - 2rem)"
"""How wide a photo is shown: the text column (style.css's --measure), less on a phone."""
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
"""What a photo may be, and the ending its published files take. A GIF is published as it is
(resizing would lose its animation)."""
ORIENTATION = 0x0112
"""The EXIF tag saying a camera's photo is turned: 5 to 8 swap width and height."""


@dataclass(frozen=True)
class Rendition:
    path: str
    """From the site's root: media/<digest>-<width>.jpg."""
    width: int
    height: int


register(Rendition)


@dataclass(frozen=True)
class PublishedPicture:
    """A photo file as the site publishes it: its widths, narrowest first (the last is `src`)."""

    source: str
    """The file, relative to the content folder."""
    digest: str
    format: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]

    @property
    def largest(self) -> Rendition:
        return self.renditions[-1]


register(PublishedPicture)


def _widths(width: int, format: str) -> tuple[int, ...]:
    if format == "GIF":
        return (width,)
    largest = min(width, WIDTHS[-1])
    return (*(w for w in WIDTHS if w < largest), largest)


PhotoFacts = tuple[int, int, str, str, int, int]
"""What the build state keeps of a photo file (its part `pictures`, by the file's path relative
to the content folder): its size and time (ns) when last read, and its digest, format, width and
height as published."""

DIGEST = re.compile(r"[0-9a-f]{16}")
"""A photo's digest as its published names carry it."""


def _picture(source: str, digest: str, format: str, width: int, height: int) -> PublishedPicture:
    renditions = tuple(Rendition(f"{MEDIA}{digest}-{w}{FORMATS[format]}", w, max(1, round(height * w / width)))
                       for w in _widths(width, format))
    return PublishedPicture(source, digest, format, width, height, renditions)


def _kept(facts: object, size: int, time: int, source: str) -> PublishedPicture | None:
    """The photo as the facts kept of it say, if they are of a file of this size and time and
    well formed (a state restored from elsewhere is checked like any input: a digest is part of
    a published path)."""
    if not (isinstance(facts, tuple) and len(facts) == 6 and facts[:2] == (size, time)):
        return None
    _, _, digest, format, width, height = facts
    if not (isinstance(digest, str) and DIGEST.fullmatch(digest) and format in FORMATS
            and all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in (width, height))):
        return None
    return _picture(source, digest, format, width, height)


def _published(source: str, data: bytes, where: tuple[Path, int]) -> PublishedPicture:
    from PIL import Image, UnidentifiedImageError  # here: a site without photos never loads Pillow

    try:
        with Image.open(io.BytesIO(data)) as image:
            format, (width, height) = image.format, image.size
            turned = image.getexif().get(ORIENTATION, 1) in (5, 6, 7, 8)
    except (UnidentifiedImageError, OSError, ValueError):
        raise DigestError(f"{source} is not a photo digest can read", *where,
                          f"save it as {', '.join(FORMATS)}") from None
    if format not in FORMATS:
        raise DigestError(f"{source} is a {format} file", *where, f"save it as {', '.join(FORMATS)}")
    if turned:
        width, height = height, width
    return _picture(source, hashlib.blake2b(data, digest_size=8).hexdigest(), format, width, height)


def _source(picture: Picture, article: Article, content: Path) -> Path:
    """The picture's file: under content (a resolved path), or an error naming the article's line."""
    where = (Path(article.path), picture.line)
    written = picture.file
    if picture.in_body and not written.startswith("/"):
        path = Path(article.path).parent / written
    else:
        path = content / written.lstrip("/")
    resolved = path.resolve()
    if not resolved.is_relative_to(content):
        raise DigestError(f"the photo {written!r} is outside the content folder", *where,
                          "keep photos under the content folder, e.g. content/images/")
    if not resolved.is_file():
        hint = ("a path in 'images' is relative to the content folder" if not picture.in_body
                else "a path in the body is relative to the article's file, or to the content folder if it starts with /")
        raise DigestError(f"the photo {written!r} is missing (looked for {path})", *where, hint)
    return resolved


def published_pictures(articles: list[Article], content: Path, known: dict[str, PhotoFacts] | None = None
                       ) -> tuple[dict[str, tuple[PublishedPicture, ...]], dict[str, PhotoFacts]]:
    """Article key -> its pictures as published, in the order of Article.pictures; and the facts
    of every photo shown, for the next build. known: the last build's; a file of the same size
    and time is not read again. Each file is read once however many articles show it."""
    content = content.resolve()
    known = known or {}
    by_file: dict[Path, PublishedPicture] = {}
    facts: dict[str, PhotoFacts] = {}
    found = {}
    for article in articles:
        if not article.pictures:
            continue
        shown = []
        for picture in article.pictures:
            path = _source(picture, article, content)
            if path not in by_file:
                source = path.relative_to(content).as_posix()
                stat = path.stat()
                published = _kept(known.get(source), stat.st_size, stat.st_mtime_ns, source)
                if published is None:
                    published = _published(source, path.read_bytes(), (Path(article.path), picture.line))
                by_file[path] = published
                facts[source] = (stat.st_size, stat.st_mtime_ns, published.digest, published.format,
                                 published.width, published.height)
            shown.append(by_file[path])
        found[article.key] = tuple(shown)
    return found, facts


def rendition_bytes(content: Path, picture: PublishedPicture, rendition: Rendition) -> bytes:
    """The photo at the rendition's width, turned upright, without its metadata."""
    from PIL import Image, ImageOps

    data = (content / picture.source).read_bytes()
    if picture.format == "GIF":
        return data
    with Image.open(io.BytesIO(data)) as image:
        upright = ImageOps.exif_transpose(image)
        if upright.size != (rendition.width, rendition.height):
            upright = upright.resize((rendition.width, rendition.height), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        if picture.format == "JPEG":
            upright.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
        elif picture.format == "WEBP":
            upright.save(out, "WEBP", quality=80, method=4)
        else:
            upright.save(out, "PNG", optimize=True)
        return out.getvalue()


def figure_html(picture: Picture, published: PublishedPicture, url: Callable[[str], str],
                first: bool = False, inline: bool = False) -> str:
    """The photo's `<img>` (sizes, srcset, the largest width as src), in a `<figure>` with its
    caption and credit unless inline. url: a site path (media/…) to the address a page uses.
    first: the photo at the top of the page, loaded at once (the others when scrolled to)."""
    srcset = ", ".join(f"{url(r.path)} {r.width}w" for r in published.renditions)
    largest = published.largest
    alt = picture.alt if picture.alt or not inline else picture.caption
    loading = 'fetchpriority="high"' if first else 'loading="lazy"'
    img = (f'<img src="{escape(url(largest.path))}" srcset="{escape(srcset)}" sizes="{SIZES}" '
           f'width="{largest.width}" height="{largest.height}" alt="{escape(alt)}" {loading} decoding="async">')
    if inline:
        return img
    caption = " ".join(part for part in (escape(picture.caption, quote=False),
                                         f'<span class="credit">{escape(picture.credit, quote=False)}</span>'
                                         if picture.credit else "") if part)
    return f'<figure class="photo">{img}' + (f"<figcaption>{caption}</figcaption>" if caption else "") + "</figure>"


PLACEHOLDER = re.compile(r'(<figure>)?<img data-picture="(\d+)">(</figure>)?')
"""content.new_markdown's placeholder for a body image, in its figure when it stands alone."""


def place_pictures(body_html: str, pictures: tuple[Picture, ...], published: tuple[PublishedPicture, ...],
                   url: Callable[[str], str]) -> str:
    """The body with its photos in place of their placeholders."""
    if "data-picture" not in body_html:
        return body_html

    def photo(match: re.Match) -> str:
        index = int(match.group(2))
        alone = bool(match.group(1) and match.group(3))
        html = figure_html(pictures[index], published[index], url, inline=not alone)
        return html if alone else (match.group(1) or "") + html + (match.group(3) or "")

    return PLACEHOLDER.sub(photo, body_html)


def above_body(pictures: tuple[Picture, ...], published: tuple[PublishedPicture, ...],
               url: Callable[[str], str]) -> str:
    """The front matter's photos, shown above the body; the first is loaded at once."""
    return "".join(figure_html(picture, shown, url, first=index == 0)
                   for index, (picture, shown) in enumerate(
                       (p, s) for p, s in zip(pictures, published) if not p.in_body))
