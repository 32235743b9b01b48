"""Write the built site so that a failed or killed build never damages the previous one.

Everything is written into a fresh folder beside the output, then swapped in with two renames.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath

from .errors import DigestError
from .pages import OutputFile


def safe_relative(path: str) -> PurePosixPath:
    """Refuse any output path that could leave the output folder."""
    pure = PurePosixPath(path)
    if "\x00" in path or pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise DigestError(f"refusing to write outside the site folder: {path!r}")
    return pure


def recover(output: Path) -> None:
    """If a swap was interrupted between its two renames, put the previous site back."""
    previous = output.with_name(f".{output.name}.previous")
    if not output.exists() and previous.exists():
        previous.rename(output)


def write_site(files: list[OutputFile], output: Path) -> None:
    output = output.resolve()
    recover(output)
    seen: dict[PurePosixPath, OutputFile] = {}
    for file in files:
        relative = safe_relative(file.path)
        if relative in seen:
            raise DigestError(f"two outputs would be written to the same file {file.path}")
        seen[relative] = file
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    try:
        for relative, file in seen.items():
            target = staging.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = output.with_name(f".{output.name}.previous")
    if previous.exists():
        shutil.rmtree(previous)
    if output.exists():
        output.rename(previous)
    staging.rename(output)
    shutil.rmtree(previous, ignore_errors=True)
