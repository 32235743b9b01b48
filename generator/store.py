"""Articles kept between builds: parsed, and converted into each variant.

One SQLite file in the build state (cache.state_folder) holds a row per article file (its key,
content.file_key) and variant ("" for the parsed article, else the variant's prefix): the
article without its body (plain.py's JSON), for a converted article its text's digest (texts.ArticleText:
what page keys are made of), and in a table of their own (payloads) the conversion review's
findings (JSON) and the body's HTML: the rows every rebuild reads all of stay small (a body in
the same row put most heads on overflow pages: reading 100,000 heads took 1.4 s, against 0.1 s).
A rebuild reads every parsed article (the lists are made of them) and every converted
article's digest, but the converted article itself and its body only for the pages and feeds
rendered again, the findings only when the review page is made again, and writes only the rows
of the files that changed. Each row carries the stamp of what it was made with
(cache.tools_stamp: digest's code, library versions, settings); a row of another stamp is never
read, nor a body whose digest is not the one stored with it; a file that is not a database is
replaced, and one damaged inside is removed by the build that meets the damage, in whichever
process (using_store: the build then runs again without it). A forked process opens its own
connection.

A second table keeps each article's words for the search index (search.py), by variant and page,
under the key of what they were cut from; a row is read only under its key and with its digest.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TypeVar

from . import plain
from .cache import cache_path
from .errors import DigestError

T = TypeVar("T")

SOURCE = ""
"""The variant name of the parsed (not converted) articles."""


SCHEMA = 8
QUERY_FILES = 500
"""Files named in one query at most (SQLite's limit on parameters is 999 in older versions)."""


def _digest(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _checked(row: tuple | None) -> str | bytes | None:
    """The data of a (data, digest) row, or None where there is no row or the data is not what
    was stored."""
    return row[0] if row and isinstance(row[0], (str, bytes)) and _digest(row[0]) == row[1] else None


def _stored(value: object) -> str:
    return plain.dumps(value)


def _loaded(data: object, kind: type) -> object | None:
    """The `kind` stored in data (plain.py), or None (no data, damaged, not a `kind`)."""
    try:
        return plain.loads(data, kind) if isinstance(data, (str, bytes)) else None
    except (ValueError, TypeError, RecursionError):  # damaged or foreign: made again
        return None


def findings_digest(findings: tuple) -> str:
    """The digest stored with an article's findings (the review page's key is made of them)."""
    return _digest(_stored(findings))


class DamagedStore(DigestError):
    """The store's file is damaged inside (a page SQLite cannot read, text that is not UTF-8),
    found by whichever process reads or writes it. Such a state is discarded, never patched:
    using_store removes it and the build runs again without it."""


DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")
"""SQLite's names of the errors that say its file is damaged."""


SQLITE_ERRORS = (sqlite3.Error, UnicodeDecodeError)
"""What a call of the sqlite3 module raises: its errors, and UnicodeDecodeError where SQLite's
own message about a damaged file holds bytes of the damage."""


def store_error(store: ArticleStore, error: Exception, writing: bool) -> DigestError:
    """What the build says of an error of the store (SQLITE_ERRORS), in whichever process met
    it: damage as DamagedStore; else that the state could not be written (a full disk, most
    often: the store is the first part of the build state to grow) or read."""
    if (isinstance(error, UnicodeDecodeError) or getattr(error, "sqlite_errorname", None) in DAMAGE
            or str(error).startswith("Could not decode to UTF-8")):
        return DamagedStore(f"the build state's article store is damaged ({error})", store.path)
    if writing:
        return DigestError(f"{store.path}: the build state could not be written ({error}); free some disk space "
                           "and build again (the previous site is untouched)")
    return DigestError(f"{store.path}: the build state could not be read ({error}); remove the folder "
                       f"{store.path.parent} and build again (the previous site is untouched)")


def _read(method):
    """A read of the store whose SQLite errors are said as store_error says them (the processes
    forked to render and index read the store too, and their errors reach the command line as
    they are)."""
    @functools.wraps(method)
    def read(self: ArticleStore, *args):
        try:
            return method(self, *args)
        except SQLITE_ERRORS as error:
            raise store_error(self, error, writing=False) from error
    return read


def using_store(path: Path, use: Callable[[ArticleStore], T]) -> tuple[T, DamagedStore | None]:
    """use(store) with the store at path, closed after, and the damage it found, if any: where
    use finds the store damaged (DamagedStore), the store is removed and use runs once more with
    a new, empty one (the articles are then parsed and converted again). use must leave nothing
    half done when it fails (a build's new site is put in place only at its end)."""
    try:
        with closing(ArticleStore(path)) as store:
            return use(store), None
    except DamagedStore as error:
        damage = error
        for leftover in (path, path.with_name(path.name + "-journal")):
            leftover.unlink(missing_ok=True)
    with closing(ArticleStore(path)) as store:
        return use(store), damage


def store_path(state: Path) -> Path:
    return cache_path(state, "articles")


STORE_COLUMNS = {
    "articles": ["variant", "file", "stamp", "head", "text_digest", "findings_digest"],
    "payloads": ["variant", "file", "findings", "body", "body_digest"],
    "words": ["variant", "page", "key", "words", "words_digest"],
}


def _our_tables(connection: sqlite3.Connection) -> bool:
    """Whether the database has this schema's tables with their columns (a file of the right
    version number but other tables is made again, not queried into an error on every build)."""
    for table, columns in STORE_COLUMNS.items():
        found = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
        if found != columns:
            return False
    return True


class ArticleStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._connection = self._open()
            except (sqlite3.DatabaseError, UnicodeDecodeError):  # not a database (damaged): start afresh
                self.path.unlink(missing_ok=True)
                self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        connection.execute("PRAGMA synchronous=NORMAL")
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA or not _our_tables(connection):
            with connection:
                for table in ("articles", "payloads", "words"):
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                connection.execute("CREATE TABLE articles (variant TEXT, file TEXT, stamp TEXT, head TEXT,"
                                   " text_digest TEXT, findings_digest TEXT, PRIMARY KEY (variant, file))")
                connection.execute("CREATE TABLE payloads (variant TEXT, file TEXT, findings TEXT, body TEXT,"
                                   " body_digest TEXT, PRIMARY KEY (variant, file))")
                connection.execute("CREATE TABLE words (variant TEXT, page TEXT, key TEXT, words TEXT,"
                                   " words_digest TEXT, PRIMARY KEY (variant, page))")
                # What every rebuild reads of every row (which files a variant holds, and their
                # digests) in an index of its own: a scan of it skips the heads beside them.
                connection.execute("CREATE INDEX digests ON articles (variant, stamp, file, text_digest,"
                                   " findings_digest)")
                connection.execute(f"PRAGMA user_version={SCHEMA}")
        return connection

    @_read
    def heads(self, variant: str, stamp: str, kind: type) -> dict[str, object]:
        """File key -> the stored article (a `kind`) of this variant and stamp. A row that does
        not load into a `kind` is left out (made again)."""
        rows = self._db().execute("SELECT file, head FROM articles WHERE variant=? AND stamp=?", (variant, stamp))
        found = {file: _loaded(head, kind) for file, head in rows}
        return {file: value for file, value in found.items() if value is not None}

    @_read
    def head(self, variant: str, file: str, stamp: str, kind: type) -> object | None:
        """The stored article (a `kind`) of one file, or None (no row, or not a `kind`)."""
        row = self._db().execute("SELECT head FROM articles WHERE variant=? AND file=? AND stamp=?",
                                 (variant, file, stamp)).fetchone()
        return _loaded(row[0], kind) if row else None

    @_read
    def text_digests(self, variant: str, stamp: str) -> dict[str, str]:
        """File key -> the digest stored with its converted text (for page keys; the source
        rows hold their heads' content.head_shape there)."""
        rows = self._db().execute("SELECT file, text_digest FROM articles WHERE variant=? AND stamp=?"
                                  " AND text_digest IS NOT NULL", (variant, stamp))
        return dict(rows)

    @_read
    def files(self, variant: str, stamp: str) -> set[str]:
        """The files with a row of this variant and stamp."""
        rows = self._db().execute("SELECT file FROM articles WHERE variant=? AND stamp=?", (variant, stamp))
        return {file for (file,) in rows}

    def _rows_of(self, columns: str, variant: str, stamp: str, files: list[str]):
        """(file, *columns) of those files' rows of this variant and stamp: a query per
        QUERY_FILES files (a query per file costs several times as much)."""
        for start in range(0, len(files), QUERY_FILES):
            chosen = files[start:start + QUERY_FILES]
            yield from self._db().execute(f"SELECT file, {columns} FROM articles JOIN payloads USING (variant, file)"
                                          f" WHERE variant=? AND stamp=?"
                                          f" AND file IN ({', '.join('?' * len(chosen))})", (variant, stamp, *chosen))

    @_read
    def bodies(self, variant: str, stamp: str, files: list[str]) -> dict[str, str]:
        """File key -> the stored body of those files; a body not what was stored is left out."""
        found = {file: _checked(row) for file, *row in self._rows_of("body, body_digest", variant, stamp, files)}
        return {file: body for file, body in found.items() if body is not None}

    @_read
    def findings(self, variant: str, stamp: str, files: list[str]) -> dict[str, tuple]:
        """File key -> the stored findings of those files in this variant and stamp; a row whose
        findings are not what was stored, or not a tuple, is left out (made again)."""
        found = {file: _loaded(_checked(row), tuple)
                 for file, *row in self._rows_of("findings, findings_digest", variant, stamp, files)}
        return {file: value for file, value in found.items() if value is not None}

    @_read
    def findings_digests(self, variant: str, stamp: str) -> dict[str, str]:
        """File key -> the digest stored with its findings (findings_digest)."""
        rows = self._db().execute("SELECT file, findings_digest FROM articles WHERE variant=? AND stamp=?",
                                  (variant, stamp))
        return dict(rows)

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One transaction; SQLite's errors said as store_error says them (a process forked to
        convert or to index writes too, and its errors reach the command line as they are)."""
        try:
            with self._db() as db:
                yield db
        except SQLITE_ERRORS as error:
            raise store_error(self, error, writing=True) from error

    def put(self, variant: str, stamp: str, rows: dict[str, tuple[object, str | None, tuple, str]]) -> None:
        """Store file key -> (article without body, its text's digest (the source rows: its
        content.head_shape), findings, body)."""
        heads, payloads = [], []
        for file, (head, text_digest, findings, body) in rows.items():
            blob = _stored(findings)  # its digest is findings_digest(findings)
            heads.append((variant, file, stamp, _stored(head), text_digest, _digest(blob)))
            payloads.append((variant, file, blob, body, _digest(body)))
        if heads:
            with self._writing() as db:
                db.executemany("INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)", heads)
                db.executemany("INSERT OR REPLACE INTO payloads VALUES (?, ?, ?, ?, ?)", payloads)

    def keep_only(self, variant: str, files: set[str]) -> None:
        """Forget the rows of files no longer there."""
        self._keep(("articles", "payloads"), "file", variant, files)  # written together: the same files

    @_read
    def words(self, variant: str, page: str, key: str) -> str | None:
        """The words stored for the page under this key, or None (also where they are not what
        was stored)."""
        return _checked(self._db().execute("SELECT words, words_digest FROM words WHERE variant=? AND page=? AND key=?",
                                           (variant, page, key)).fetchone())

    def put_words(self, variant: str, rows: dict[str, tuple[str, str]]) -> None:
        """Store page -> (key, words)."""
        if rows:
            with self._writing() as db:
                db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?, ?)",
                               [(variant, page, key, words, _digest(words)) for page, (key, words) in rows.items()])

    def keep_words(self, variant: str, pages: set[str]) -> None:
        """Forget the words of pages no longer there."""
        self._keep(("words",), "page", variant, pages)

    def _keep(self, tables: tuple[str, ...], column: str, variant: str, names: set[str]) -> None:
        """Delete the variant's rows of the tables whose column is not in names (the rows the
        first table holds: the others hold rows of the same names)."""
        with self._writing() as db:
            stored = {name for (name,) in db.execute(f"SELECT {column} FROM {tables[0]} WHERE variant=?", (variant,))}
            gone = [(variant, name) for name in stored - names]
            for table in tables:
                db.executemany(f"DELETE FROM {table} WHERE variant=? AND {column}=?", gone)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None
