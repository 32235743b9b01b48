"""The one error type the command line turns into a clean message (no traceback)."""

from __future__ import annotations

from pathlib import Path


class DigestError(Exception):
    """A problem in the user's input: names the file (and line), says how to fix it."""

    def __init__(self, message: str, path: Path | str | None = None, line: int | None = None,
                 hint: str | None = None) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = where + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text
