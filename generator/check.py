"""`digest check`: every link of the built site leads somewhere (as `zola check` does).

Each page's links (href, src) that point into the site, under the base URL's path, must name a
file the build wrote: a folder address its index.html. A broken one is reported with the page,
its line and the address. Links to other sites are not fetched unless asked (--external): a
check must not depend on the network by default.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

LINK_ATTRIBUTES = {"href", "src"}


@dataclass(frozen=True)
class BrokenLink:
    page: str
    """The page's path in the site."""
    line: int
    address: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.address} ({self.reason})"


class _Links(HTMLParser):
    """The (line, address) of each link in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("link", "a", "img", "script", "source", "iframe"):
            for name, value in attrs:
                if name in LINK_ATTRIBUTES and value:
                    self.found.append((self.getpos()[0], value))


def _target(site: Path, path: str) -> Path | None:
    """The file an address's path (under the site's root) names, if the build wrote it."""
    relative = unquote(path).lstrip("/")
    candidate = site / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    elif candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def check_links(site: Path, base_url: str, external: bool = False, timeout: float = 10.0) -> list[BrokenLink]:
    """The broken links of the site built at `site` for `base_url` (every page's address is
    base_url + its path in the site)."""
    base = urlsplit(base_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    broken: list[BrokenLink] = []
    outside: dict[str, list[tuple[str, int]]] = {}
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        address = urljoin(base_url, where)
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        for line, link in parser.found:
            parts = urlsplit(urljoin(address, link))
            if parts.scheme in ("mailto", "tel", "data", "javascript"):
                continue
            same_site = (parts.scheme, parts.netloc) == (base.scheme, base.netloc)
            if not same_site or not parts.path.startswith(base_path):
                if parts.scheme in ("http", "https") and not same_site:
                    outside.setdefault(parts._replace(fragment="").geturl(), []).append((where, line))
                    continue
                broken.append(BrokenLink(where, line, link, "outside the site's base URL"))
                continue
            if _target(site, parts.path[len(base_path):]) is None:
                broken.append(BrokenLink(where, line, link, "no such file in the site"))
    if external:
        for url, places in sorted(outside.items()):
            reason = _fetch_problem(url, timeout)
            if reason:
                broken += [BrokenLink(where, line, url, reason) for where, line in places]
    return broken


def _fetch_problem(url: str, timeout: float) -> str | None:
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "digest-check"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return None if response.status < 400 else f"HTTP {response.status}"
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return f"unreachable: {getattr(error, 'reason', error)}"
