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
The output folder is the build's own: a build writes only into a folder that is missing, empty, or
marked by an earlier build (OWNER_MARK inside it, or the files beside it that builds before the
mark wrote). What a build wrote is listed in its build state (the manifest, JSON: cache.state_folder,
restored with it in CI), not beside the output: the list describes the output as this state's build
left it, so a site another build (another project, another branch's cache) left in the folder is
checked against it like a damaged one, never taken for this build's. The next build removes only
files of that list that the new site no longer has. A file the build never
wrote (CNAME, .nojekyll, a host's verification file) is never removed, whatever happened before:
the journal carries the new list, so a build killed while moving files in leaves it complete.
The journal and the list are checked like any input: a path that leaves the output is refused.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import DigestError
from .files import json_bytes, locked, output_digest, output_file_digest, write_atomic
from .parallel import fork_map

_NORMAL_PATH = re.compile(r"(?:(?!\.\.?(?:/|$))[^/\x00]+/)*(?!\.\.?$)[^/\x00]+")
"""A path safe_relative returns as it is: names (none of them "." or "..", none empty, no NUL)
joined by "/". Every file a rebuild keeps is claimed (SiteWriter.claim) and every record of the
output's list checked, some 100,000 paths: one match each rather than a split and a join."""


def safe_relative(path: str) -> str:
    """The path's parts joined by "/"; refuses any output path that could leave the output folder."""
    if _NORMAL_PATH.fullmatch(path):
        return path
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
    with locked(_sibling(output, "lock")):
        yield


OWNER_MARK = ".digest-site"
"""A file in the output folder saying that digest made it (and may update it)."""
OWNER_TEXT = b"This folder is made by 'digest build'. digest removes only the files it wrote here.\n"
MANIFEST_FORMAT = 4
"""4: the records' digests are files.output_digest's."""


def _journal(output: Path) -> Path:
    return _sibling(output, "journal")


def adopt_legacy_manifest(output: Path, manifest: Path) -> None:
    """An output listed beside itself by an earlier version: the list moves into the build state
    (manifest), once, so that the first build after the upgrade still removes the files the new
    site no longer has (and _claimed finds the output listed)."""
    legacy = _sibling(output, "manifest")
    if legacy.is_file():
        if not manifest.exists():
            write_atomic(manifest, legacy.read_bytes())
        legacy.unlink()


def _checked_entries(entries) -> dict[str, str]:
    """A list of the site's files and folders as read from JSON, checked: every path stays in the
    output. Anything else is refused (ValueError)."""
    if not isinstance(entries, dict):
        raise ValueError("not a mapping")
    for path, kind in entries.items():
        if kind not in ("file", "folder") or safe_relative(path) != path:
            raise ValueError(f"bad entry {path!r}")
    return entries


Record = tuple[int, int, str]
"""A file as the build left it: size, modification time (ns) and digest of its bytes (files.output_digest)."""


@dataclass(frozen=True)
class Manifest:
    """What the last build wrote into the output (its list in the build state: cache.manifest_path)."""

    entries: dict[str, str]
    """Path -> "file", or "folder" for a folder made whole by one tool (a search index)."""
    records: dict[str, Record]
    """Each file, those in the folders too."""


NO_MANIFEST = Manifest({}, {})


def _read_manifest(manifest: Path) -> Manifest:
    """The last build's list, checked; empty when it is missing or damaged: then nothing is
    removed that this build does not write again."""
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return NO_MANIFEST
        records = {path: (size, time, digest) for path, (size, time, digest) in data["records"].items()
                   if safe_relative(path) == path and isinstance(size, int) and isinstance(time, int)
                   and isinstance(digest, str)}
        return Manifest(_checked_entries(data["entries"]), records)
    except (OSError, ValueError, KeyError, AttributeError, TypeError, DigestError):
        return NO_MANIFEST


def _owner(path: str, folders: set[str]) -> str | None:
    """The folder of folders that holds path, if any."""
    parent = path.rpartition("/")[0]
    while parent:
        if parent in folders:
            return parent
        parent = parent.rpartition("/")[0]
    return None


def _write_manifest(output: Path, manifest: Path, entries: dict[str, str], found: Manifest | None = None,
                    moved: set[str] = frozenset(), written: dict[str, Record] | None = None) -> None:
    """The list of what the output holds, with a record of each file. found: the output as this
    build checked it (check_output), whose records still hold for every path but moved (the
    files and folders just moved in): only those are looked at. Without it (a journal left by
    another build), every file is. A file whose size and time are those of a record keeps that
    record's digest: written's (what this build wrote, SiteWriter.records), else the last
    build's; any other is read (a tool's files: a search index)."""
    before = found.records if found is not None else _read_manifest(manifest).records
    written = written or {}
    folders = {path for path, kind in entries.items() if kind == "folder"}
    records: dict[str, Record] = {}
    recorded: set[str] = set()
    if found is not None:
        for path, record in before.items():
            owner = path if entries.get(path) == "file" else _owner(path, folders)
            if owner is not None and owner not in moved:
                records[path] = record
                recorded.add(owner)
    look = _files_under(output, set(), only={path: kind for path, kind in entries.items() if path not in recorded})
    root = str(output)
    for path in sorted(look):
        where = os.path.join(root, path)
        try:
            stat = os.stat(where)
        except OSError:
            continue
        known = written.get(path) or before.get(path)
        same = known is not None and known[:2] == (stat.st_size, stat.st_mtime_ns)
        records[path] = known if same else (stat.st_size, stat.st_mtime_ns, output_file_digest(where))
    write_atomic(manifest, json_bytes({"format": MANIFEST_FORMAT, "entries": entries, "records": records},
                                      sort_keys=True))


def check_output(output: Path, manifest: Path) -> tuple[bool, Manifest]:
    """Whether every file the last build wrote is there with the bytes it wrote, and its list of
    them. A file whose time changed is read: a restored cache or a copy changes every time, not
    the bytes; one with the bytes written gets its recorded time back, so that what the build
    state says of the output (sizes and times: keep.py) holds again. A file changed or removed
    by hand is removed, with the whole folder it belongs to when that was made whole (a search
    index), so that the build that follows makes it again; the list returned leaves them out."""
    listed = _read_manifest(manifest)
    if not listed.entries:
        return False, listed
    damaged, retimed = [], []
    root = str(output)
    for path, (size, time, _) in listed.records.items():
        try:
            stat = os.stat(os.path.join(root, path))
        except OSError:
            damaged.append(path)
            continue
        if (stat.st_size, stat.st_mtime_ns) != (size, time):
            (damaged if stat.st_size != size else retimed).append(path)
    damaged += _bytes_changed(root, retimed, listed.records)
    missing = [path for path, kind in listed.entries.items() if kind == "file" and path not in listed.records]
    if not damaged and not missing:
        return True, listed
    folders = {path for path, kind in listed.entries.items() if kind == "folder"}
    removed = set()
    for path in damaged:
        whole = _owner(path, folders)
        removed.add(whole or path)
        target = _within(output, whole or path)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
    records = {path: record for path, record in listed.records.items()
               if path not in removed and _owner(path, removed) is None}
    return False, Manifest(listed.entries, records)


READ_IN_PROCESSES = 2000
"""Files whose time changed from which on they are read in several processes at once (a cache
restored in CI changes the time of every file, and the output has tens of thousands)."""


def _bytes_changed(root: str, paths: list[str], records: dict[str, Record]) -> list[str]:
    """Of the files at paths (relative to root) whose time is not the recorded one, those whose
    bytes are not the recorded ones either; the others get their recorded time back."""
    def check(part: list[str], progress) -> list[str]:
        changed = []
        for path in part:
            where = os.path.join(root, path)
            _, time, digest = records[path]
            try:
                same = output_file_digest(where) == digest
            except OSError:
                same = False
            if same:
                os.utime(where, ns=(time, time))
            else:
                changed.append(path)
        return changed

    processes = min(os.cpu_count() or 1, 4) if len(paths) >= READ_IN_PROCESSES else 1
    return [path for found in fork_map(check, [paths[n::processes] for n in range(processes)]) for path in found]


def _within(output: Path, path: str) -> Path:
    """output / path, refusing one whose folder (a symbolic link made in the output, say) is
    outside the output."""
    target = output / safe_relative(path)
    if not target.parent.resolve().is_relative_to(output.resolve()):
        raise DigestError(f"refusing to touch {path}: its folder leads outside the site folder", output)
    return target


def _read_plan(output: Path) -> dict | None:
    """The journal, checked: its staging folder is this output's, its paths stay in the output."""
    try:
        plan = json.loads(_journal(output).read_text(encoding="utf-8"))
        staging_name = re.compile(rf"\.{re.escape(output.name)}\.staging-\d+")
        if not isinstance(plan, dict) or not isinstance(plan.get("staging"), str) \
                or not staging_name.fullmatch(plan["staging"]):
            raise ValueError("another staging folder")
        for key in ("files", "folders", "remove"):
            if not isinstance(plan.get(key), list) or not all(isinstance(p, str) for p in plan[key]):
                raise ValueError(key)
            for path in plan[key]:
                safe_relative(path)
        _checked_entries(plan.get("entries"))
        return plan
    except (OSError, ValueError, DigestError):
        return None


def _replay(output: Path, manifest: Path, plan: dict | None = None, found: Manifest | None = None,
            written: dict[str, Record] | None = None) -> None:
    """Do what the journal lists (plan: as this build wrote it; else read and checked): move the
    staged files and folders in, remove what the new site no longer has, write the new list of
    what the output holds (found, written: as for _write_manifest). Every step can be done again
    (a step already done is skipped). A journal that is damaged or names paths outside the output is
    dropped unread (it is written whole, so a real one is never damaged)."""
    journal = _journal(output)
    plan = plan if plan is not None else _read_plan(output)
    if plan is None:
        journal.unlink(missing_ok=True)
        return
    staging = output.parent / plan["staging"]
    trash = _sibling(output, "trash")
    for path in plan["files"]:
        source = staging / path
        if source.exists():
            (output / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, _within(output, path))
    for path in plan["folders"]:
        source = staging / path
        target = _within(output, path) if source.exists() else None
        if source.exists():
            if target.exists():
                trash.mkdir(exist_ok=True)
                aside = trash / path.replace("/", "_")
                shutil.rmtree(aside, ignore_errors=True)
                target.rename(aside)
            target.parent.mkdir(parents=True, exist_ok=True)
            source.rename(target)
    for path in plan["remove"]:
        target = _within(output, path)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink(missing_ok=True)
        _remove_empty_parents(target.parent, output)
    _write_manifest(output, manifest, plan["entries"], found, {*plan["files"], *plan["folders"]}, written)
    shutil.rmtree(trash, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    journal.unlink()


def _remove_empty_parents(folder: Path, output: Path) -> None:
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _recover(output: Path, manifest: Path) -> bool:
    """Finish a journal left by a killed build (whether there was one), its list written to
    manifest (the output is then as the journal's build made it); drop stale staging folders."""
    left = _journal(output).exists()
    if left:
        _replay(output, manifest)
    for stale in output.parent.glob(f".{output.name}.staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    shutil.rmtree(_sibling(output, "trash"), ignore_errors=True)
    return left


def _files_under(folder: Path, skip: set[str], only: dict[str, str] | None = None) -> set[str]:
    """Every file under folder (relative, "/"-separated), not looking into the folders in skip
    (each is listed instead). only: the files of these entries (file -> itself, folder -> every
    file in it) and no other."""
    if only is not None:
        found = {path for path, kind in only.items() if kind == "file"}
        for path, kind in only.items():
            if kind == "folder":
                found |= {f"{path}/{name}" for name in _files_under(folder / path, set())}
        return found
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
    any path given twice (written, or claimed for a file kept from the previous site: keep.py).
    One per process: variants are written by separate processes. (Paths are strings here:
    pathlib's cost per call is a good part of a rebuild that keeps most files.)"""

    def __init__(self, folder: Path) -> None:
        self.folder = str(folder)
        self.taken: set[str] = set()
        self.records: dict[str, Record] = {}
        """Each file written, as the output's list records it (its digest taken from the bytes
        at hand: the list need not read the file back)."""
        self.folders: set[str] = set()
        """Folders known to exist: one mkdir per folder, not per file (a 100k site has 240k files)."""

    def claim(self, path: str) -> str:
        """The path, safe and normalised, now taken by a file of the new site."""
        relative = safe_relative(path)
        if relative in self.taken:
            raise DigestError(f"two outputs would be written to the same file {path}")
        self.taken.add(relative)
        return relative

    def write(self, path: str, content: bytes) -> os.stat_result:
        """Write the file; what the file system says of it once written."""
        relative = self.claim(path)
        target = os.path.join(self.folder, relative)
        parent = os.path.dirname(target)
        if parent not in self.folders:
            self._make_folder(parent)
        try:
            with open(target, "wb") as output:
                output.write(content)
        except OSError as error:  # a write's error names no file (a full disk): name it
            raise OSError(error.errno, error.strerror, target) from error
        stat = os.stat(target)
        self.records[relative] = (stat.st_size, stat.st_mtime_ns, output_digest(content))
        return stat

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
    output it updates, None when there is none yet (then folder becomes the output); found: the
    output as the build checked it (check_output), None when that no longer holds."""

    def __init__(self, output: Path, manifest: Path, folder: Path, site: Path | None,
                 found: Manifest | None = None) -> None:
        self.output, self.manifest, self.folder, self.site, self.found = output, manifest, folder, site, found

    def commit(self, files: set[str], folders: set[str], written: dict[str, Record] | None = None) -> None:
        """Put the new site in place. files: every file of the new site; folders: folders made
        whole, each by one tool (a search index), whether made by this build or kept; written:
        the records of the files this build wrote (SiteWriter.records), not read again."""
        entries = {**dict.fromkeys(files, "file"), **dict.fromkeys(folders, "folder")}
        (self.folder / OWNER_MARK).write_bytes(OWNER_TEXT)
        if self.site is None:
            self.folder.rename(self.output)
            _write_manifest(self.output, self.manifest, entries, written=written)
            return
        previous = (self.found or _read_manifest(self.manifest)).entries
        staged = _files_under(self.folder, folders)
        plan = {"staging": self.folder.name, "files": sorted(staged - folders),
                "folders": sorted(staged & folders), "remove": sorted(previous.keys() - entries.keys()),
                "entries": entries}
        write_atomic(_journal(self.output), json_bytes(plan))
        _replay(self.output, self.manifest, plan, self.found, written)


def output_folder(output: Path, project: Path, inputs: list[Path]) -> Path:
    """The output folder, its symbolic links resolved (staging folders are made beside the real
    one, on its file system), refused where a build could remove the project's own files: the
    project folder or one holding it, and any of inputs (content, themes) or a folder inside or
    holding one."""
    real = output.resolve()
    for folder in (project, *inputs):
        folder = folder.resolve()
        if real == folder or folder.is_relative_to(real) or (folder != project.resolve() and real.is_relative_to(folder)):
            raise DigestError(f"the output folder {output} would hold or be part of {folder}; a build may "
                              "remove what it finds there", hint="set output_dir (or --out) to a folder of its "
                              "own, such as site")
    return real


def _claimed(output: Path, manifest: Path) -> Path | None:
    """The output as the previous site to update (None when there is none), if it is the build's
    own: missing, empty, marked by an earlier build, or listed by this build state (manifest).
    Any other folder is refused."""
    if not output.exists():
        return None
    if not output.is_dir():
        raise DigestError("the output is a file, not a folder", output, hint="choose another --out or output_dir")
    marked = (output / OWNER_MARK).is_file() or manifest.is_file() \
        or output.with_name(f".{output.name}.fingerprint").is_file()  # builds before the mark wrote these
    if not marked and any(output.iterdir()):
        raise DigestError("the output folder is not empty and was not made by digest; refusing to write "
                          "into it (a build removes the files it made before)", output,
                          hint="choose an empty or new folder, or empty this one yourself")
    return output


@contextmanager
def new_site(output: Path, manifest: Path, found: Manifest | None = None):
    """The new site (a SiteUpdate); the caller holds output_lock (manifest: the output's list in
    the build state; found: the output as it checked it then, check_output). The block ends by
    committing it; when it raises instead, the staging folder is removed and the output stays
    as it was."""
    output = output.absolute()
    if _recover(output, manifest):
        found = None  # the journal changed the output since it was checked
    previous = _claimed(output, manifest)
    staging = _sibling(output, f"staging-{os.getpid()}")
    staging.mkdir()
    try:
        yield SiteUpdate(output, manifest, staging, previous, found)
    finally:
        if not _journal(output).exists():  # else its files are still to be moved in (_recover)
            shutil.rmtree(staging, ignore_errors=True)
