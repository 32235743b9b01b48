"""Files: locks opened safely; a file's digest; those under a folder, found with os.scandir (a rebuild looks at every content file, and
Path.rglob with a stat per path took several times as long at 10,000 articles; a build lists
its content folder once, for its fingerprint and its articles); a file written whole or
not at all; and the JSON the build writes for itself."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import orjson
import xxhash

from .errors import DigestError

SKIPPED = "__pycache__"
"""Never looked into, nor listed (Python's compiled files beside the code)."""


def files_under(folder: Path, suffix: str = "", within: Path | None = None) -> list[tuple[str, os.stat_result]]:
    """(path, stat) of every file under folder whose name ends with suffix, symbolic links
    followed, sorted by path; paths are folder's path joined with the relative one. Nothing where
    folder is not a folder. within: a symbolic link (the folder itself included) that leads outside
    this folder is refused: a link to private drafts or /etc/passwd must not be published."""
    found: list[tuple[str, os.stat_result]] = []
    if within is not None and folder.exists():
        inside(folder, within)
    waiting = [str(folder)] if folder.is_dir() else []
    while waiting:
        with os.scandir(waiting.pop()) as entries:
            for entry in entries:
                if entry.name == SKIPPED:
                    continue
                if within is not None and entry.is_symlink():
                    inside(Path(entry.path), within)
                if entry.is_dir():
                    waiting.append(entry.path)
                elif entry.name.endswith(suffix) and entry.is_file():
                    found.append((entry.path, entry.stat()))
    found.sort(key=lambda item: item[0])
    return found


def inside(path: Path, root: Path) -> Path:
    """path, if it stays inside root once symbolic links are resolved; else a DigestError that
    names the link and where it leads, never what the target holds."""
    real = path.resolve()
    if not real.is_relative_to(root.resolve()):
        raise DigestError(f"a symbolic link leads outside the project, to {real}", path,
                          hint="copy the file into the project instead of linking to it")
    return real


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


def json_bytes(value: object, sort_keys: bool = False) -> bytes:
    """value as compact JSON in UTF-8, for the lists the build keeps for itself (the output's
    list of files, the journal, the kept pages' lists: tens of thousands of entries). orjson
    writes them without making a Python string for each part, which matters in a build that
    holds a whole archive in memory (the collector walks it at each allocation burst). A string
    orjson refuses (a lone surrogate: a file name's undecodable bytes) is written by the standard
    library instead, escaped, so that it reads back as it was."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else 0)
    except orjson.JSONEncodeError:
        return json.dumps(value, sort_keys=sort_keys, separators=(",", ":")).encode("ascii")


@contextmanager
def locked(path: Path):
    """An exclusive lock on the file at path, held for the block. The file is opened without
    following a symbolic link (one planted there must not make digest truncate its target) and
    never truncated."""
    handle = _open_lock(path)
    try:
        _lock(handle)
        yield
    finally:
        os.close(handle)  # closing releases the lock on every system


@contextmanager
def locked_if_free(path: Path):
    """As locked, without waiting: the block gets True with the lock held, or False (and no
    lock) where another process holds it."""
    handle = _open_lock(path)
    try:
        yield _lock(handle, wait=False)
    finally:
        os.close(handle)


def _open_lock(path: Path) -> int:
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError as exc:
        if path.is_symlink():
            raise DigestError("the lock file is a symbolic link; refusing to open it", path,
                              hint="remove the link: digest makes the lock file itself") from None
        raise DigestError(f"cannot open the lock file: {exc.strerror}", path) from None


def _lock(handle: int, wait: bool = True) -> bool:
    """An exclusive lock on the open file: waited for, or (not wait) taken only if free; whether
    it is held. (filelock, the portable library, opens its file with O_TRUNC and follows links:
    a link planted at the lock's path would truncate its target, so the lock stays ours, with
    each system's own call.)"""
    if os.name == "nt":
        import msvcrt

        while True:
            try:
                msvcrt.locking(handle, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)  # LK_LOCK: retries for 10 s
                return True
            except OSError:
                if not wait:
                    return False
    import fcntl

    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


DIGEST = "blake2b"
"""What the build state knows an input file by (its keys are made of it): the digest of its
bytes, by this algorithm (hex). A cryptographic hash: no two inputs can be made to share a key."""


def bytes_digest(content: bytes) -> str:
    """The digest of an input's bytes at hand (an article file read)."""
    return hashlib.new(DIGEST, content).hexdigest()


READ_WHOLE = 1 << 24
"""An input file up to this size is read in one piece to take its digest; a larger one (a
photo, a tool's binary) in pieces. Most inputs are small (an article, a template): for them
hashlib.file_digest's buffer and loop cost more than the hashing, and a checkout that gives
every file a new time has 10,000s of them hashed again."""


def file_digest(path: str | Path) -> str:
    """The digest of an input file's bytes (bytes_digest's)."""
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size <= READ_WHOLE:
            return bytes_digest(file.read())
        return hashlib.file_digest(file, DIGEST).hexdigest()


def output_digest(content: bytes) -> str:
    """What the output's list checks a written file by (output.py): whether its bytes are still
    the ones the build wrote. It is no key, only a guard against a file changed by hand or a
    damaged restore, so a fast non-cryptographic hash (XXH3, 128 bits) serves; it is most of the
    time of reading back a restored output of tens of thousands of files."""
    return xxhash.xxh3_128_hexdigest(content)


def output_file_digest(path: str | Path) -> str:
    """output_digest of a file's bytes."""
    with open(path, "rb") as file:
        return xxhash.xxh3_128_hexdigest(file.read())
