"""Files at the site root, outside any variant: the language chooser, 404, sitemaps, robots, assets."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape
from pathlib import Path

from . import urls
from .config import SiteConfig
from .keep import Artifact, fresh
from .pages import PageRenderer
from .pictures import PublishedPicture, rendition_bytes
from .theme import Theme
from .variants import Variant

SITEMAP_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
INDEX_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n')
UNDATED = "site"
"""The sitemap of the pages of no year (home, topics, search), beside one per year."""


def page_paths(paths: list[str], variant: Variant) -> list[str]:
    """The page paths (as in urls.py) of one variant's HTML files, 404 and the /latest/ redirect left out."""
    start = variant.prefix + "/"
    return sorted(p[len(start):-len("index.html")] for p in paths
                  if p.startswith(start) and p.endswith("index.html") and p != f"{start}{urls.LATEST}index.html")


def sitemaps(paths: list[str], renderers: list[PageRenderer]) -> list[Artifact]:
    """The sitemap index (sitemap.xml) and its sitemaps: one per year of the articles, issues and
    archive pages, one for the rest (the protocol allows 50,000 addresses a sitemap, a full
    archive has more; and a new day changes only its year's). Each is made from its pages and
    the variants' addresses."""
    by_year: dict[str, list[str]] = {}
    for path in paths:
        by_year.setdefault(urls.year_of(path) or UNDATED, []).append(path)
    names = sorted(by_year, key=lambda name: (name != UNDATED, name), reverse=True)  # newest year first
    files = [_sitemap(f"sitemaps/{name}.xml", by_year[name], renderers) for name in names]
    source = renderers[0]

    def index() -> bytes:
        lines = [INDEX_HEAD, *(f"  <sitemap><loc>{escape(source.config.base_url + file.path)}</loc></sitemap>\n"
                               for file in files), "</sitemapindex>\n"]
        return "".join(lines).encode("utf-8")

    return [Artifact("sitemap.xml", (source.stamp, names), index), *files]  # the stamp: origin, base path


def _sitemap(name: str, paths: list[str], renderers: list[PageRenderer]) -> Artifact:
    """The pages at paths in every variant, each with its reciprocal hreflang alternates and x-default."""

    def sitemap() -> bytes:
        lines = [SITEMAP_HEAD]
        for path in paths:
            alternates = "".join(
                f'    <xhtml:link rel="alternate" hreflang="{escape(r.variant.lang)}" href="{escape(r.absolute(path))}"/>\n'
                for r in renderers)
            alternates += (f'    <xhtml:link rel="alternate" hreflang="x-default" '
                           f'href="{escape(renderers[0].absolute(path))}"/>\n')
            for renderer in renderers:
                lines.append(f"  <url>\n    <loc>{escape(renderer.absolute(path))}</loc>\n{alternates}  </url>\n")
        lines.append("</urlset>\n")
        return "".join(lines).encode("utf-8")

    return Artifact(name, ([r.stamp for r in renderers], paths), sitemap)


def robots(config: SiteConfig) -> Artifact:
    text = f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"
    return fresh("robots.txt", text.encode("utf-8"))


def photo_files(photos: dict[str, tuple[PublishedPicture, ...]], content: Path) -> Iterator[Artifact]:
    """Every width of every photo (pictures.py), each made from its photo's bytes, its width
    and Pillow's version (cache.RENDERING_LIBRARIES stamps the list)."""
    done = set()
    for shown in photos.values():
        for picture in shown:
            for rendition in picture.renditions:
                if rendition.path in done:
                    continue
                done.add(rendition.path)
                yield Artifact(rendition.path, (picture, rendition),
                               lambda picture=picture, rendition=rendition: rendition_bytes(content, picture, rendition))


def root_files(source_paths: list[str], config: SiteConfig, theme: Theme,
               renderers: list[PageRenderer], uis: list[dict[str, str]],
               project_static: tuple[tuple[str, str], ...] = (),
               photos: dict[str, tuple[PublishedPicture, ...]] | None = None, content: Path | None = None,
               ) -> list[Artifact]:
    """The root files, once the first variant (renderers[0]) is made; uis: each variant's
    interface strings, in the renderers' order; project_static: the project's static/ files
    (site path, file), copied as they are; photos: the articles' photos (pictures.py), their
    files under content."""
    source = renderers[0]
    chooser = source.html(urls.HOME, "root.html", uis[0])
    sections = [{"lang": r.variant.lang, "title": ui["not_found_title"], "text": ui["not_found_text"],
                 "back": ui["back_home"], "home": r.absolute(urls.HOME), "home_path": r.url(urls.HOME)}
                for r, ui in zip(renderers, uis)]
    not_found = source.html(urls.NOT_FOUND, "root_404.html", uis[0], sections=sections).encode("utf-8")
    static = [fresh(f"static/{p.relative_to(theme.folder / 'static').as_posix()}", p.read_bytes())
              for p in theme.static_files]
    return [
        fresh("index.html", chooser.encode("utf-8")),
        fresh("404.html", not_found),
        *sitemaps(page_paths(source_paths, source.variant), renderers),
        robots(config),
        *static,
        *(fresh(path, Path(file).read_bytes()) for path, file in project_static),
        *(photo_files(photos, content) if photos and content else ()),
    ]
