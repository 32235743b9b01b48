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
from pathlib import Path, PurePosixPath

from .errors import DigestError

AT_FDCWD = -100
RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: path relative to the output folder, and its bytes."""

    path: str
    content: bytes



def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could leave the output folder."""
    pure = PurePosixPath(path)
    if "\x00" in path or pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise DigestError(f"refusing to write outside the site folder: {path!r}")
    return pure


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
        self.folder = folder
        self.written: set[str] = set()
        self.folders: set[Path] = set()
        """Folders known to exist: one mkdir per folder, not per file (a 100k site has 240k files)."""

    def write(self, files) -> list[str]:
        """Write each file; the paths written."""
        paths = []
        for file in files:
            relative = safe_relative(file.path)
            key = relative.as_posix()
            if key in self.written:
                raise DigestError(f"two outputs would be written to the same file {file.path}")
            self.written.add(key)
            target = self.folder.joinpath(*relative.parts)
            if target.parent not in self.folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                self.folders.add(target.parent)
            target.write_bytes(file.content)
            paths.append(file.path)
        return paths


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
