"""Write the built site so that a failed, killed or concurrent build never damages the previous one.

One build at a time holds the output's lock (output_lock), from its up-to-date check until the
caches beside the output are written: a second build started meanwhile waits, then finds the
site up to date or builds on the first one's result. A build writes the files it makes into a
staging folder beside the output; the files it keeps from the previous build are not touched.
  - No output yet: the staging folder becomes the output in one rename.
  - An output already there: it is updated in place under a journal. Once every file is made,
    the list of what to move in and what to remove is written (`.site.journal`), then the moves
    and removals are done, then the journal is removed. A build that starts and finds a journal
    does what it lists first (each step can be done twice), so a build killed while moving
    files in is completed by the next one. A build that fails or is killed before that leaves
    the previous site as it was.
What the output held after a build is listed beside it (`.site.manifest-cache`), so the next
build knows what to remove without walking the whole site; without that list it walks it.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_path, read_cache, remove_cache, write_cache
from .errors import DigestError
from .files import write_atomic
from .reuse import KeptPage, PreviousFile

@dataclass(frozen=True)
class OutputFile:
    """A file of the built site: path relative to the output folder, and its bytes."""

    path: str
    content: bytes
    key: str | None = None
    """What the file is made from (reuse.py); None for a file made afresh every build."""
    previous: PreviousFile | None = None
    """The previous site's file of the same key: left in place instead of written (content is empty)."""


def safe_relative(path: str) -> str:
    """The path's parts joined by "/"; refuses any output path that could leave the output folder."""
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if "\x00" in path or path.startswith("/") or ".." in parts or not parts:
        raise DigestError(f"refusing to write outside the site folder: {path!r}")
    return "/".join(parts)


def _sibling(output: Path, what: str) -> Path:
    return output.with_name(f".{output.name}.{what}")


@contextmanager
def output_lock(output: Path):
    """The output's lock, held for a whole build (the site and every cache beside it)."""
    output = output.absolute()
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(_sibling(output, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


MANIFEST_STAMP = "manifest 1"


def _journal(output: Path) -> Path:
    return _sibling(output, "journal")


def _manifest(output: Path) -> Path:
    return cache_path(output, "manifest")


def _replay(output: Path) -> None:
    """Do what the journal lists: move the staged files and folders in, remove what the new site
    no longer has. Every step can be done again (a step already done is skipped)."""
    journal = _journal(output)
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)  # written whole or not at all: nothing was moved yet
        return
    staging = output.parent / plan["staging"]
    trash = _sibling(output, "trash")
    for path in plan["files"]:
        source = staging / path
        if source.exists():
            (output / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, output / path)
    for path in plan["folders"]:
        source, target = staging / path, output / path
        if source.exists():
            if target.exists():
                trash.mkdir(exist_ok=True)
                aside = trash / path.replace("/", "_")
                shutil.rmtree(aside, ignore_errors=True)
                target.rename(aside)
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
    for path in plan["remove"]:
        target = output / path
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, output)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    journal.unlink()


def _remove_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _recover(output: Path) -> None:
    """Finish a journal left by a killed build; drop stale staging folders."""
    if _journal(output).exists():
        remove_cache(_manifest(output))
        _replay(output)
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(_sibling(output, "trash"), ignore_errors=True)


def _files_under(folder: Path, skip: set[str]) -> set[str]:
    """Every file under folder (relative, "/"-separated), not looking into the folders in skip."""
    found = set()
    for root, folders, files in os.walk(folder):
        relative = os.path.relpath(root, folder).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        kept = [name for name in folders if prefix + name not in skip]
        found.update(prefix + name for name in folders if prefix + name in skip)
        folders[:] = kept
        found.update(prefix + name for name in files)
    return found


class SiteWriter:
    """Writes the files a build makes into the staging folder, refusing paths that leave it and
    any file written twice; a file kept from the previous build (its key unchanged) is left where
    it is. One per process: variants are written by separate processes."""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.written: set[str] = set()
        self.folders: set[str] = set()
        """Folders known to exist: one mkdir per folder, not per file (a 100k site has 240k files)."""
        self.kept: dict[str, KeptPage] = {}
        """Each file of the new site that has a key: the key, size and time, for the next build."""
        self.reused = 0
        """Files kept from the previous site."""

    def write(self, files) -> list[str]:
        """Write each file; the paths of the new site's files. (Paths are strings here: pathlib's
        cost per call is a good part of a rebuild that keeps most files.)"""
        paths = []
        for file in files:
            key = safe_relative(file.path)
            if key in self.written:
                raise DigestError(f"two outputs would be written to the same file {file.path}")
            self.written.add(key)
            if file.previous is not None:
                self.kept[key] = file.previous.page  # the same file: same size and time
                self.reused += 1
            else:
                target = os.path.join(self.folder, key)
                parent = os.path.dirname(target)
                if parent not in self.folders:
                    self._make_folder(parent)
                with open(target, "wb") as output:
                    output.write(file.content)
                if file.key is not None:
                    stat = os.stat(target)
                    self.kept[key] = (file.key, stat.st_size, stat.st_mtime_ns)
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


class SiteUpdate:
    """The new site while it is made: new and changed files go into `folder`; `site` is the
    output it updates, None when there is none yet (then folder becomes the output)."""

    def __init__(self, output: Path, folder: Path, site: Path | None) -> None:
        self.output, self.folder, self.site = output, folder, site

    def read(self, path: str) -> bytes:
        """A file of the new site: made by this build, else kept from the previous one."""
        staged = self.folder / path
        return staged.read_bytes() if staged.exists() or self.site is None else (self.site / path).read_bytes()

    def commit(self, files: set[str], folders: set[str]) -> None:
        """Put the new site in place. files: every file of the new site; folders: folders made
        whole, each by one tool (a search index), whether made by this build or kept."""
        entries = {**dict.fromkeys(files, "file"), **dict.fromkeys(folders, "folder")}
        manifest = _manifest(self.output)
        if self.site is None:
            self.folder.rename(self.output)
            write_cache(manifest, entries, MANIFEST_STAMP)
            return
        previous = read_cache(manifest, MANIFEST_STAMP, str) or _files_under(self.output, folders)
        staged = _files_under(self.folder, folders)
        plan = {"staging": self.folder.name, "files": sorted(staged - folders),
                "folders": sorted(staged & folders), "remove": sorted(set(previous) - entries.keys())}
        remove_cache(manifest)
        write_atomic(_journal(self.output), json.dumps(plan, ensure_ascii=False))
        _replay(self.output)
        write_cache(manifest, entries, MANIFEST_STAMP)


@contextmanager
def new_site(output: Path):
    """The new site (a SiteUpdate); the caller holds output_lock. The block ends by committing
    it; when it raises instead, the staging folder is removed and the output stays as it was."""
    output = output.absolute()
    _recover(output)
    staging = _sibling(output, f"staging-{os.getpid()}")
    staging.mkdir()
    try:
        yield SiteUpdate(output, staging, output if output.is_dir() else None)
    finally:
        if not _journal(output).exists():  # else its files are still to be moved in (_recover)
            shutil.rmtree(staging, ignore_errors=True)
