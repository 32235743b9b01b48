"""Files: those under a folder, found with os.scandir (a rebuild looks at every content file, and
Path.rglob with a stat per path took several times as long at 10,000 articles; a build lists
its content folder once, for its fingerprint and its articles); and a file written whole or
not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

SKIPPED = "__pycache__"
"""Never looked into, nor listed (Python's compiled files beside the code)."""


def files_under(folder: Path, suffix: str = "") -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every file under folder whose name ends with suffix, symbolic links
    followed, sorted by path; paths are folder's path joined with the relative one. Nothing where
    folder is not a folder."""
    found: list[tuple[str, os.stat_result]] = []
    waiting = [str(folder)] if folder.is_dir() else []
    while waiting:
        with os.scandir(waiting.pop()) as entries:
            for entry in entries:
                if entry.name == SKIPPED:
                    continue
                if entry.is_dir():
                    waiting.append(entry.path)
                elif entry.name.endswith(suffix) and entry.is_file():
                    found.append((entry.path, entry.stat()))
    found.sort(key=lambda item: item[0])
    return found


def files_within(files: list[tuple[str, os.stat_result]], folder: Path,
                 suffix: str = "") -> list[tuple[str, os.stat_result]]:
    """Those of files (as files_under lists them, for a folder holding this one) under folder whose
    name ends with suffix: a build lists its content folder once, for its fingerprint and its articles."""
    start = os.path.join(str(folder), "")
    return [(path, stat) for path, stat in files if path.startswith(start) and path.endswith(suffix)]


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside the target, then rename: never a half-written file.
    Text is written as UTF-8."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(text.encode("utf-8") if isinstance(text, str) else text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
