"""Article bodies kept between builds, read one at a time when a page needs one.

A rebuild needs every article's headline, date and topics (the lists are made of them) but the
body of only the few articles whose pages or feeds are rendered again. So the caches of parsed
and converted articles (cache.py, converted.py) hold everything but the body, and the bodies live
here: one SQLite file beside the output (`.site.bodies-cache`), a row per article file (its key,
content.file_key) and variant ("" for the parsed HTML, else the variant's prefix), stamped like
the cache they belong to. A row of another stamp is never read. A forked process opens its own
connection.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .cache import cache_path

SOURCE = ""
"""The variant name of the parsed (not converted) HTML."""


def bodies_path(output: Path) -> Path:
    return cache_path(output, "bodies")


class BodyStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def _db(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            try:
                self._connection = self._open()
            except sqlite3.DatabaseError:  # not a database (damaged): start afresh
                self.path.unlink(missing_ok=True)
                self._connection = self._open()
            self._pid = os.getpid()
        return self._connection

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=60, check_same_thread=False)
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("CREATE TABLE IF NOT EXISTS bodies (variant TEXT, file TEXT, stamp TEXT, html TEXT,"
                           " PRIMARY KEY (variant, file))")
        return connection

    def get(self, variant: str, file: str, stamp: str) -> str | None:
        row = self._db().execute("SELECT html FROM bodies WHERE variant=? AND file=? AND stamp=?",
                                 (variant, file, stamp)).fetchone()
        return row[0] if row else None

    def has(self, variant: str, stamp: str) -> set[str]:
        """The files with a body of this stamp."""
        rows = self._db().execute("SELECT file FROM bodies WHERE variant=? AND stamp=?", (variant, stamp))
        return {file for (file,) in rows}

    def put(self, variant: str, stamp: str, bodies: dict[str, str]) -> None:
        if bodies:
            with self._db() as db:
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?, ?)",
                               [(variant, file, stamp, html) for file, html in bodies.items()])

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def keep_only(self, variant: str, files: set[str]) -> None:
        """Forget the bodies of files no longer there."""
        with self._db() as db:
            stored = {file for (file,) in db.execute("SELECT file FROM bodies WHERE variant=?", (variant,))}
            db.executemany("DELETE FROM bodies WHERE variant=? AND file=?",
                           [(variant, file) for file in stored - files])
