"""What a build's output depends on, summed up in one digest: the tool's version, the settings,
the theme's files, every content file and the build options (which name digest's code, the
versions of Python and of the libraries that shape the output, and the Pagefind that runs: see
build.build).

Files count by their path and the digest of their bytes, never by their modification time: a
fresh checkout of the same commit (CI's actions/checkout gives every file a new time) is the
same input, and digest's own code is identified the same way (code_version). The time only
saves work: a file whose size and time are those it had when last hashed (KnownDigests, kept in
the build state) is not read again; a checkout, which changes every time, hashes every file
once. The articles' parses are kept under the same digests (content.read_articles), so that no
file is read twice in a build.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .cache import cache_path, read_rows, write_rows
from .files import file_digest, files_under


KnownDigests = dict[str, tuple[int, int, str]]
"""A file's path -> its size, time (ns) and the digest of its bytes when last hashed."""


def _tree(folder: Path, files: list[tuple[str, os.stat_result]] | None = None,
          known: KnownDigests | None = None, hashed: KnownDigests | None = None) -> list[str]:
    """Each file under folder, by its path there and its bytes' digest (files: as files_under
    lists them, if already listed). known: digests hashed before, reused for a file of the same
    size and time; hashed, if given, gets every file's entry (what to keep for next time)."""
    start = len(str(folder)) + 1
    known = known or {}
    lines = []
    for path, stat in (files_under(folder) if files is None else files):
        if "__pycache__" in path:
            continue
        before = known.get(path)
        digest = before[2] if before is not None and before[:2] == (stat.st_size, stat.st_mtime_ns) \
            else file_digest(path)
        if hashed is not None:
            hashed[path] = (stat.st_size, stat.st_mtime_ns, digest)
        lines.append(f"{path[start:].replace(os.sep, '/')}\t{stat.st_size}\t{digest}")
    return lines


@dataclass(frozen=True)
class InputFingerprint:
    whole: str
    """Everything the output is made from."""
    settings: str
    """The same but the articles' own files (their heads are made part of what a build compares
    apart, from the parses: keep.TextChanges): what an edit of articles' texts leaves as it was."""
    digests: KnownDigests
    """Each file's digest, to keep for the next build."""


def input_fingerprint(project: Path, settings: str, content: Path, content_files: list[tuple[str, os.stat_result]],
                      folders: list[Path], options: dict, articles: Path,
                      known: KnownDigests | None = None) -> InputFingerprint:
    """content_files: the content folder's files_under, listed once for this and the articles;
    folders: the others the output is made from (the theme, the project's static files);
    articles: the folder of the articles' files (under content); known: the digests of the last
    build (KnownDigests)."""
    hashed: KnownDigests = {}
    trees = [line for folder in folders for line in [_place(folder, project), *_tree(folder, None, known, hashed)]]
    first = [__version__, settings, repr(sorted(options.items())), *trees]
    content_lines = _tree(content, content_files, known, hashed)
    article_lines = articles.absolute().relative_to(content.absolute()).as_posix() + "/"
    others = [line for line in content_lines
              if not (line.startswith(article_lines) and line.partition("\t")[0].endswith(".md"))]
    return InputFingerprint(_digest(first + content_lines), _digest(first + others), hashed)


def _digest(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def _place(folder: Path, project: Path) -> str:
    """A folder's name in the fingerprint: its path in the project when inside it (the project
    checked out elsewhere is the same input)."""
    folder, project = folder.absolute(), project.absolute()
    return folder.relative_to(project).as_posix() if folder.is_relative_to(project) else str(folder)


DIGESTS = "digests"
"""The build state's KnownDigests of the input files."""


def known_digests(state: Path) -> KnownDigests:
    """The input files' digests the last build kept (empty where unreadable; a misshapen row is
    left out, and its file hashed again)."""
    return {path: (row[0], row[1], row[2]) for path, row in read_rows(cache_path(state, DIGESTS), DIGESTS).items()
            if isinstance(row, list) and len(row) == 3 and type(row[0]) is int and type(row[1]) is int
            and isinstance(row[2], str)}


def keep_digests(state: Path, digests: KnownDigests, known: KnownDigests) -> None:
    """Keep the digests input_fingerprint returned for the next build (if they changed)."""
    if digests != known:
        write_rows(cache_path(state, DIGESTS), digests, DIGESTS)


def stamp_path(state: Path) -> Path:
    """In the build state (cache.state_folder): the stamp is no part of the published site."""
    return state / "fingerprint"


def code_version() -> str:
    """digest's version and the digest of each of its source files."""
    return hashlib.sha256("\n".join([__version__, *_tree(Path(__file__).parent)]).encode("utf-8")).hexdigest()
