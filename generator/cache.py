"""Parsed articles kept between builds, so a rebuild parses only the files that changed.

The cache is one pickle beside the output (`.site.articles-cache`), mapping a digest of each
file's path and bytes to its parsed Article, stamped with digest's code and the parsing
libraries' versions. A cache that is unreadable, of another version or of the wrong shape is
ignored and rewritten: it can make a build faster, never different.
"""

from __future__ import annotations

import os
import pickle
import sys
from importlib import metadata
from pathlib import Path

from .content import Article
from .fingerprint import code_version

FORMAT = 1


def cache_path(output: Path) -> Path:
    return output.with_name(f".{output.name}.articles-cache")


def _stamp() -> str:
    versions = [metadata.version(name) for name in ("markdown-it-py", "PyYAML")]
    return f"{FORMAT}|{sys.version}|{code_version()}|{'|'.join(versions)}"


def read_cache(path: Path) -> dict[str, Article]:
    try:
        with open(path, "rb") as file:
            stamp, entries = pickle.load(file)
    except Exception:  # missing, truncated, corrupted, from another version: start afresh
        return {}
    if stamp != _stamp() or not isinstance(entries, dict):
        return {}
    if not all(isinstance(k, str) and isinstance(v, Article) for k, v in entries.items()):
        return {}
    return entries


def write_cache(path: Path, entries: dict[str, Article]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    with open(temporary, "wb") as file:
        pickle.dump((_stamp(), entries), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)
