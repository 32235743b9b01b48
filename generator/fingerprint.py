"""What a build's output depends on, summed up in one digest: the tool's version, the settings,
the theme's files, every content file (path, size, modification time) and the build options.

When the digest matches the one stored beside the output, nothing changed since that build and
the rebuild does nothing: its output would be the same bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from . import __version__
from .files import files_under


def _tree(folder: Path) -> list[str]:
    start = len(str(folder)) + 1
    return [f"{path[start:].replace(os.sep, '/')}\t{stat.st_size}\t{stat.st_mtime_ns}"
            for path, stat in files_under(folder)]


def input_fingerprint(project: Path, settings: str, content: Path, theme: Path, options: dict) -> str:
    digest = hashlib.sha256()
    for part in (__version__, settings, repr(sorted(options.items())), *_tree(theme), *_tree(content),
                 *_tree(Path(__file__).parent)):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


def stamp_path(output: Path) -> Path:
    """Beside the output, not in it: the stamp is no part of the published site."""
    return output.with_name(f".{output.name}.fingerprint")


def code_version() -> str:
    """digest's version and the size and time of each of its source files."""
    return hashlib.sha256("\n".join([__version__, *_tree(Path(__file__).parent)]).encode("utf-8")).hexdigest()
