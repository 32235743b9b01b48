"""Keep or make: the one place that decides, for each file a build writes, whether the previous
build's file stays or the file is made again.

Producers (pages.py, feeds.py, site_files.py, the review pages, search.py's script table)
describe each file as an Artifact: its path in the site, what its bytes are made from, and how
to make them. They know nothing of the previous build. Pages that change together (an issue's
article pages) form an ArtifactGroup, kept whole without taking each page's key.

A file is kept when the previous build listed its path under the same key (a digest of its
path and of the repr of what it is made from: an ArticleText's repr is its digest) and the file
is still as that build wrote it (the size and modification time listed, compared with what
output.check_output found at the start of this build): a file changed or removed since is made
again, never trusted. A file made from nothing declared (made_from None:
static files, robots.txt) is made every build.

A rebuild whose only changes are articles' texts (the other inputs and every article's head as
the last build had them: TextChanges) knows which texts changed; a producer that says which
articles' texts a file shows (shows) has the file kept, as written, without taking its key
when none of them changed, and gives made_from as a function, called only when the key is
taken. The cost of such a rebuild then follows the pages the edit reaches, not the site.

A folder made whole by a tool (a search index, made by Pagefind) is kept when the previous
site has it and the previous build made it under the same key (folders_to_make); the producer
makes the others, in the way that suits the tool (search.py runs several at once).

The lists of what the new site holds (path -> key, size, time; group -> key, paths) goes into the
build state (cache `pages-LIST`, one list per process that writes files: a variant, or a
Traditional variant's review), and of its folders (cache `folders`: folder -> key). Each process reads its list and writes the new one aside; the old
list is removed before the new site is put in place (output.py) and the new one put in place
after, so that a list never describes another site than the one beside it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_path, read_cache, read_rows, remove_cache, write_cache, write_rows
from .output import Manifest, SiteWriter


@dataclass(frozen=True)
class Artifact:
    """One file of the new site: path (relative to the output), what its bytes are made from
    (plain values whose repr covers everything they depend on, or a function that returns them;
    None: made every build), and make, which returns the bytes (called only when the file is
    not kept). shows: the keys of the articles whose texts made_from takes (None: unsaid), so
    that a rebuild that changed no other text keeps the file without taking its key."""

    path: str
    made_from: tuple | Callable[[], tuple] | None
    make: Callable[[], bytes]
    shows: tuple[str, ...] | None = None


def fresh(path: str, content: bytes) -> Artifact:
    """A file made every build, of bytes already at hand (a static file, robots.txt)."""
    return Artifact(path, None, lambda: content)


@dataclass(frozen=True)
class ArtifactGroup:
    """Files that change together: kept all at once when the group's key is the previous build's
    and every file is as written; else each of members() (one Artifact per path, in order) is
    kept or made on its own. made_from must cover all that members() gives the files."""

    name: str
    paths: tuple[str, ...]
    made_from: tuple | Callable[[], tuple]
    members: Callable[[], Iterable[Artifact]]
    shows: tuple[str, ...] | None = None
    """As an Artifact's: the articles whose texts the group's made_from takes."""


KeptFile = tuple[str, int, int]
"""What the last build wrote to one path: the file's key, and its size and time (ns). Plain
tuples: a list holds one per file (24,000 at 10k articles), read and written by every rebuild,
and plain values are the quickest to store and load."""

KeptGroup = tuple[str, tuple[str, ...]]
"""Files the last build made or kept together: the group's key and its paths (each one listed
with its own KeptFile)."""

GROUP = "\x00"
"""What a group's name starts with in the list: no file's path can (output.safe_relative)."""

TEXTS = "\x01texts"
"""The list's entry of what the site it describes was made from (TextChanges.listed). The list's
files are those with a key, whose paths the producers make of URL-safe names (urls.py): none
starts with a control character."""


def key_of(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


@dataclass(frozen=True)
class TextChanges:
    """What a build's files are made from, as keep-or-make compares it with the last build's:
    everything but the articles' texts, as one digest (structure: the settings, theme, code,
    photos and every article's head), and the digest of each article's text in the variant.
    Where the structure is the last build's, a file differs from the one it wrote only through
    the texts it shows."""

    structure: str
    texts: dict[str, str]
    """Article key -> the digest of its text (ArticleText.digest)."""

    def listed(self) -> list:
        """The list's entry for it (TEXTS)."""
        return [self.structure, self.texts]

    def changed_since(self, entry: object) -> frozenset[str] | None:
        """The articles whose texts differ from those of the list's entry (TEXTS), or None where
        the structure differs or the entry is missing or misshapen: then any file may differ."""
        if not (isinstance(entry, list) and len(entry) == 2 and entry[0] == self.structure
                and isinstance(entry[1], dict)):
            return None
        before: dict = entry[1]
        return frozenset([key for key, digest in self.texts.items() if before.get(key) != digest]
                         + [key for key in before if key not in self.texts])


def _entry(name: str, row: object) -> KeptFile | KeptGroup | None:
    """The entry a row of the list holds, if it has the shape its name says (a group's or a
    file's); else None."""
    if not isinstance(row, list) or not row or not isinstance(row[0], str):
        return None
    if name.startswith(GROUP):
        paths = row[1] if len(row) == 2 else None
        if isinstance(paths, list) and all(isinstance(path, str) for path in paths):
            return row[0], tuple(paths)
        return None
    if len(row) == 3 and type(row[1]) is int and type(row[2]) is int:
        return row[0], row[1], row[2]
    return None


def _list_path(state: Path, name: str) -> Path:
    return cache_path(state, f"pages-{name}")


def _pending(state: Path, name: str) -> Path:
    path = _list_path(state, name)
    return path.with_name(path.name + ".pending")


def read_list(state: Path, name: str, stamp: str) -> dict[str, KeptFile | KeptGroup]:
    """The list the last build left (cache.read_rows), or an empty one where any entry is
    misshapen (TEXTS's entry is checked where it is read: TextChanges.changed_since)."""
    entries = {}
    for path, row in read_rows(_list_path(state, name), stamp).items():
        entry = entries[path] = row if path == TEXTS else _entry(path, row)
        if entry is None:
            return {}
    return entries


def write_pending(state: Path, name: str, entries: dict[str, KeptFile | KeptGroup], stamp: str) -> None:
    """The list of a new site's files, written by the process that wrote them; it becomes the
    list when the new site is in place (commit_list)."""
    write_rows(_pending(state, name), entries, stamp)


def commit_list(state: Path, name: str) -> None:
    os.replace(_pending(state, name), _list_path(state, name))


def discard_pending(state: Path, name: str) -> None:
    """Remove a new site's list that never came to be (its build failed)."""
    _pending(state, name).unlink(missing_ok=True)


def forget_list(state: Path, name: str) -> None:
    """Remove the list (not the pending one): the site it describes is about to change."""
    remove_cache(_list_path(state, name))


class Keeper:
    """Puts artifacts into the new site (a SiteWriter's staging folder): each kept from the
    previous site (previous: that site's folder, None for a first build; listed: its list) or
    made and written. on_file is called once per file (the command line's progress). texts:
    what this build's files are made from (TextChanges), for the producers that say which
    articles' texts a file shows; it goes into the new list."""

    def __init__(self, writer: SiteWriter, previous: Path | None, listed: dict[str, KeptFile | KeptGroup],
                 on_file: Callable[[], None] | None = None, checked: Manifest | None = None,
                 texts: TextChanges | None = None) -> None:
        self.writer = writer
        self.previous = str(previous) if previous is not None else None
        self.listed = listed
        self.changed = texts.changed_since(listed.get(TEXTS)) if texts is not None else None
        """The articles whose texts changed since the last build, where nothing else did (else None)."""
        self.checked = checked.records if checked is not None and checked.entries else None
        """The previous site's files as this build found them (output.check_output: each one's
        size and time read and its bytes checked): what a file is compared with, without
        another look at the disk. None where they were not read: each file is looked at."""
        self.on_file = on_file
        self.new_list: dict[str, KeptFile | KeptGroup] = {TEXTS: texts.listed()} if texts is not None else {}
        """What the new site holds, for the next build (write_pending)."""
        self.kept = 0
        """Files kept from the previous site."""

    def put(self, items: Iterable[Artifact | ArtifactGroup]) -> list[str]:
        """Keep or make each; the paths of the new site's files, in order."""
        paths: list[str] = []
        for item in items:
            if isinstance(item, ArtifactGroup):
                paths += self._put_group(item)
            else:
                paths.append(self._put(item))
        return paths

    def place(self, path: str) -> str:
        """Where the new site's file at path is now: written into the staging folder, or kept in
        the previous site."""
        written = os.path.join(self.writer.folder, path)
        return written if os.path.exists(written) or self.previous is None else os.path.join(self.previous, path)

    def _unchanged(self, shows: tuple[str, ...] | None) -> bool:
        """Whether what a file or group made from the texts of these articles (and nothing else
        that changed) is as the last build made it: none of the texts changed, nor anything else."""
        return shows is not None and self.changed is not None and self.changed.isdisjoint(shows)

    def _put(self, artifact: Artifact) -> str:
        key = None
        if artifact.made_from is not None:
            entry = self.listed.get(artifact.path)
            intact = entry is not None and self._as_written(artifact.path, entry)
            if intact and self._unchanged(artifact.shows):
                return self._keep(artifact.path, entry)
            key = key_of(artifact.path, *_values(artifact.made_from))
            if intact and entry[0] == key:
                return self._keep(artifact.path, entry)
        stat = self.writer.write(artifact.path, artifact.make())
        if key is not None:
            self.new_list[artifact.path] = (key, stat.st_size, stat.st_mtime_ns)
        if self.on_file is not None:
            self.on_file()
        return artifact.path

    def _keep(self, path: str, entry: KeptFile) -> str:
        """The previous site's file at path stays: listed again as it was."""
        self.writer.claim(path)
        self.new_list[path] = entry
        self.kept += 1
        if self.on_file is not None:
            self.on_file()
        return path

    def _put_group(self, group: ArtifactGroup) -> list[str]:
        name = GROUP + group.name
        listed = self.listed.get(name)
        if listed is not None and listed[1] == group.paths and self._unchanged(group.shows):
            key = listed[0]
        else:
            key = key_of(group.name, group.paths, *_values(group.made_from))
        self.new_list[name] = (key, group.paths)
        entries = [self.listed.get(path) for path in group.paths]
        whole = listed == (key, group.paths) and all(
            entry is not None and self._as_written(path, entry) for path, entry in zip(group.paths, entries))
        if not whole:
            return [self._put(artifact) for artifact in group.members()]
        return [self._keep(path, entry) for path, entry in zip(group.paths, entries)]

    def _as_written(self, path: str, entry: KeptFile) -> bool:
        if self.previous is None:
            return False
        if self.checked is not None:
            record = self.checked.get(path)
            return record is not None and (entry[1], entry[2]) == record[:2]
        try:
            stat = os.stat(os.path.join(self.previous, path))
        except OSError:
            return False
        return (entry[1], entry[2]) == (stat.st_size, stat.st_mtime_ns)


def _values(made_from: tuple | Callable[[], tuple]) -> tuple:
    return made_from() if callable(made_from) else made_from


FOLDER_LIST = "folders"
"""The build state's list of the folders of the output made whole by a tool, and their keys
(never a file in the published folder: the state stays out of the web root)."""


def read_folder_list(state: Path) -> dict[str, str]:
    return read_cache(cache_path(state, FOLDER_LIST), FOLDER_LIST, str)


def forget_folder_list(state: Path) -> None:
    """Before the new site is put in place: the list describes the old one."""
    remove_cache(cache_path(state, FOLDER_LIST))


def write_folder_list(state: Path, keys: dict[str, str]) -> None:
    """After the new site is in place."""
    write_cache(cache_path(state, FOLDER_LIST), keys, FOLDER_LIST)


def folders_to_make(wanted: dict[str, str], listed: dict[str, str], previous: Path | None) -> list[str]:
    """Of the folders the new site is to have (folder -> the key of what it is made from), those
    to make: every one the previous site lacks, or made from another key (listed: the previous
    build's read_folder_list)."""
    return [folder for folder, key in wanted.items()
            if previous is None or listed.get(folder) != key or not (previous / folder).is_dir()]
