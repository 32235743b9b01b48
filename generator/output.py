"""Write the built site so that a failed, killed or concurrent build never damages the previous one.

Everything is written into a fresh folder beside the output, which is then swapped with the old
output in one atomic step (Linux renameat2 RENAME_EXCHANGE; elsewhere two renames, with
recovery at the next start). One build at a time holds a lock on the output.
"""

from __future__ import annotations

import ctypes
import fcntl
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import DigestError
from .reuse import KeptPage, PreviousFile

AT_FDCWD = -100
RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: path relative to the output folder, and its bytes."""

    path: str
    content: bytes
    key: str | None = None
    """What the file is made from (reuse.py); None for a file made afresh every build."""
    previous: PreviousFile | None = None
    """The previous site's file of the same key: linked instead of written (content is empty)."""


def safe_relative(path: str) -> str:
    """The path's parts joined by "/"; refuses any output path that could leave the output folder."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if "\x00" in path or path.startswith("/") or ".." in parts or not parts:
        raise DigestError(f"refusing to write outside the site folder: {path!r}")
    return "/".join(parts)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically; False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0


def _sibling(output: Path, what: str) -> Path:
    return output.with_name(f".{output.name}.{what}")


@contextmanager
def _locked(output: Path):
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(_sibling(output, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _recover(output: Path) -> None:
    """Put back a previous site left aside by an interrupted two-rename swap; drop stale staging."""
    previous = _sibling(output, "previous")
    if not output.exists() and previous.exists():
        previous.rename(output)
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)


class SiteWriter:
    """Writes files into the staging folder of a new site, refusing paths that leave it and any
    file written twice. One per process: variants are written by separate processes into
    separate folders."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.written: set[str] = set()
        self.folders: set[str] = set()
        """Folders known to exist: one mkdir per folder, not per file (a 100k site has 240k files)."""
        self.kept: dict[str, KeptPage] = {}
        """Each written file that has a key: the key, size and time, for the next build."""
        self.linked = 0
        """Files linked from the previous site."""

    def write(self, files) -> list[str]:
        """Write each file; the paths written. (Paths are strings here: pathlib's cost per call
        is a good part of a rebuild that keeps most files.)"""
        paths = []
        for file in files:
            key = safe_relative(file.path)
            if key in self.written:
                raise DigestError(f"two outputs would be written to the same file {file.path}")
            self.written.add(key)
            target = os.path.join(self.folder, key)
            parent = os.path.dirname(target)
            if parent not in self.folders:
                self._make_folder(parent)
            if file.previous is not None:
                self._link(file.previous.path, target)
                self.kept[key] = file.previous.page  # the same file: same size and time
            else:
                with open(target, "wb") as output:
                    output.write(file.content)
                if file.key is not None:
                    stat = os.stat(target)
                    self.kept[key] = KeptPage(file.key, stat.st_size, stat.st_mtime_ns)
            paths.append(file.path)
        return paths

    def _make_folder(self, folder: str) -> None:
        try:
            os.mkdir(folder)  # one call where the parent exists (nearly always: pages come in order)
        except FileNotFoundError:
            os.makedirs(folder, exist_ok=True)
        except FileExistsError:
            pass
        self.folders.add(folder)

    def _link(self, previous: str, target: str) -> None:
        """A hard link (the new site shares the unchanged file); a copy with its time where
        the system cannot link."""
        try:
            os.link(previous, target)
        except OSError:
            shutil.copy2(previous, target)
        self.linked += 1


@contextmanager
def new_site(output: Path):
    """A folder to write the new site into (under the output's lock); when the block ends
    without an exception it becomes the output in one step, otherwise it is removed and the
    previous output stays as it was."""
    output = output.absolute()
    with _locked(output):
        _recover(output)
        staging = _sibling(output, f"staging-{os.getpid()}")
        staging.mkdir()
        try:
            yield staging
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        if output.exists() and _exchange(staging, output):
            shutil.rmtree(staging)  # it now holds the previous site
            return
        previous = _sibling(output, "previous")
        if output.exists():
            output.rename(previous)
        staging.rename(output)
        shutil.rmtree(previous, ignore_errors=True)
