"""What a build's output depends on, summed up in one digest: the tool's version, the settings,
the theme's files, every content file (path, size, modification time) and the build options
(which name the versions of Python and of the libraries that shape the output, and the Pagefind
that runs: see build.build).

When the digest matches the one stored beside the output, nothing changed since that build and
the rebuild does nothing: its output would be the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__
from .files import files_under


def _tree(folder: Path, files: list[tuple[str, os.stat_result]] | None = None) -> list[str]:
    """Each file under folder (files: as files_under lists them, if already listed)."""
    start = len(str(folder)) + 1
    return [f"{path[start:].replace(os.sep, '/')}\t{stat.st_size}\t{stat.st_mtime_ns}"
            for path, stat in (files_under(folder) if files is None else files)]


def input_fingerprint(project: Path, settings: str, content: Path, content_files: list[tuple[str, os.stat_result]],
                      folders: list[Path], options: dict) -> str:
    """content_files: the content folder's files_under, listed once for this and the articles;
    folders: the others the output is made from (the theme, the project's static files)."""
    digest = hashlib.sha256()
    trees = [line for folder in folders for line in [f"{folder}", *_tree(folder)]]
    for part in (__version__, settings, repr(sorted(options.items())), *trees, *_tree(content, content_files),
                 *_tree(Path(__file__).parent)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def stamp_path(output: Path) -> Path:
    """Beside the output, not in it: the stamp is no part of the published site."""
    return output.with_name(f".{output.name}.fingerprint")


def code_version() -> str:
    """digest's version and the size and time of each of its source files."""
    return hashlib.sha256("\n".join([__version__, *_tree(Path(__file__).parent)]).encode("utf-8")).hexdigest()
