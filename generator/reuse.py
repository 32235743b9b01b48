"""Pages kept from the previous build: a page whose key is the one it had last time is left in
place in the site instead of rendered again.

A page's key sums up everything its bytes are made from: the variant's render settings (site
texts, variants, base URL: PageRenderer.stamp), the interface strings, the template and every
template it extends, includes or imports (`TemplateSources`), the page's path and the data it
is given, by repr (an ArticleText's repr is its digest). digest's own code and the libraries'
versions stamp the list. The keys of a variant's files are kept in the build state (cache
`pages-PREFIX`) with each file's size and modification time: a file changed or removed since
is rendered again, never trusted. Each variant's process reads the list and writes the new one
aside; the old list is removed before the new site is put in place (output.py) and the new one
put in place after, so it never describes another site than the one beside it.

Pages rendered together (an issue's article pages) also have a key as a group, listed beside
theirs: a group whose key is unchanged, and whose files are all as written, is kept without
taking each page's key.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .cache import cache_path, read_cache, remove_cache, write_cache


KeptPage = tuple[str, int, int]
"""What the last build wrote to one path: the page's key, and the file's size and time (ns).
Plain tuples: the list holds one per file (24,000 at 10k articles), read and written by every
rebuild, and plain values are the quickest to store and load."""

KeptGroup = tuple[str, tuple[str, ...]]
"""Pages the last build rendered or kept together: the key of all they are made from, and their
paths (each one listed with its own KeptPage)."""

GROUP = "\x00"
"""What a group's name starts with in the list: no file's path can (output.safe_relative)."""


def group_entry(name: str) -> str:
    """The name a group of pages is listed under."""
    return GROUP + name


def _sound(name: str, entry: tuple) -> bool:
    """The entry has the shape its name says (a group's or a page's)."""
    if name.startswith(GROUP):
        return len(entry) == 2 and isinstance(entry[0], str) and isinstance(entry[1], tuple)
    return len(entry) == 3 and isinstance(entry[0], str) and isinstance(entry[1], int) and isinstance(entry[2], int)


@dataclass(frozen=True)
class PreviousFile:
    """A file of the previous site that a new page can be: its path, and what the list says of it."""

    path: str
    page: KeptPage


def pages_cache(output: Path, prefix: str) -> Path:
    return cache_path(output, f"pages-{prefix}")


def read_kept(output: Path, prefix: str, stamp: str) -> dict[str, KeptPage | KeptGroup]:
    """The list the last build left (read_cache), or an empty one where any entry is misshapen."""
    entries = read_cache(pages_cache(output, prefix), stamp, tuple)
    return entries if all(_sound(name, entry) for name, entry in entries.items()) else {}


def _pending(output: Path, prefix: str) -> Path:
    path = pages_cache(output, prefix)
    return path.with_name(path.name + ".pending")


def write_pending(output: Path, prefix: str, kept: dict[str, KeptPage | KeptGroup], stamp: str) -> None:
    """The list of a new site's files, written by the variant's process; it becomes the list
    when the new site is in place (commit_kept)."""
    write_cache(_pending(output, prefix), kept, stamp)


def commit_kept(output: Path, prefix: str) -> None:
    os.replace(_pending(output, prefix), pages_cache(output, prefix))


def discard_pending(output: Path, prefix: str) -> None:
    """Remove a new site's list of files that never came to be (its build failed)."""
    _pending(output, prefix).unlink(missing_ok=True)


def forget_kept(output: Path, prefix: str) -> None:
    """Remove the list (not the pending one): the site it describes is about to change."""
    remove_cache(pages_cache(output, prefix))


def key_of(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


class PreviousPages:
    """The previous site's files of one variant and their keys."""

    def __init__(self, site: Path | None, kept: dict[str, KeptPage | KeptGroup]) -> None:
        self.site = str(site) if site is not None else None
        self.kept = kept

    def find(self, path: str, key: str) -> PreviousFile | None:
        """The previous file at path if it was made from the same key and is still as written."""
        entry = self.kept.get(path)
        return self._as_written(path, entry) if entry is not None and entry[0] == key else None

    def find_group(self, name: str, key: str, paths: tuple[str, ...]) -> list[PreviousFile] | None:
        """The previous files of the group if it was made from the same key, of the same paths,
        and every one of them is still as written; else None."""
        if self.kept.get(group_entry(name)) != (key, paths):
            return None
        found = []
        for path in paths:
            page = self.kept.get(path)
            previous = self._as_written(path, page) if page is not None else None
            if previous is None:
                return None
            found.append(previous)
        return found

    def _as_written(self, path: str, entry: KeptPage) -> PreviousFile | None:
        if self.site is None:
            return None
        file = os.path.join(self.site, path)
        try:
            stat = os.stat(file)
        except OSError:
            return None
        return PreviousFile(file, entry) if (entry[1], entry[2]) == (stat.st_size, stat.st_mtime_ns) else None


NO_PREVIOUS = PreviousPages(None, {})


TEMPLATE_USE = re.compile(r"(?:\{%[-+]?\s*(?:extends|include|import|from)\s+|\bshared\(\s*)(?:(['\"])(.*?)\1)?")
"""A statement that uses another template, or a shared partial (pages.SharedPartials), and its
name when it is written as a plain string."""


class TemplateSources:
    """A digest of each template's source with the sources of all the templates it uses
    (extends, include, import, from, shared partials), found by scanning the source: a name that is not a plain
    string (computed at render time) makes every template count. Scanning rather than parsing
    with Jinja: a rebuild takes the digest of every template in every variant's process."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment
        self._digests: dict[str, str] = {}

    def _source(self, name: str) -> str:
        return self.environment.loader.get_source(self.environment, name)[0]

    def _used(self, name: str) -> set[str]:
        """name and every template it uses, transitively."""
        seen, waiting = set(), [name]
        while waiting:
            current = waiting.pop()
            if current in seen:
                continue
            seen.add(current)
            for match in TEMPLATE_USE.finditer(self._source(current)):
                if match.group(1) is None:
                    return set(self.environment.list_templates())
                waiting.append(match.group(2))
        return seen

    def digest(self, name: str) -> str:
        if name not in self._digests:
            used = sorted(self._used(name))
            self._digests[name] = key_of(*[(n, self._source(n)) for n in used])
        return self._digests[name]
