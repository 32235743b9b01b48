"""A theme folder: Jinja2 templates, the interface strings, static assets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from .errors import DigestError


@dataclass(frozen=True)
class Theme:
    folder: Path
    environment: jinja2.Environment
    strings: dict[str, str]
    """Interface words in the source script, keyed by name."""
    static_files: tuple[Path, ...]


def load_theme(folder: Path, compiled: jinja2.BytecodeCache | None = None) -> Theme:
    """The theme in folder; compiled: where compiled templates are kept between builds."""
    if not (folder / "templates").is_dir():
        raise DigestError("theme has no templates/ folder", folder, hint="check 'theme' in site.yaml")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=compiled,
        auto_reload=False,  # templates are read once per build (their digests key the pages): no stat per page
    )
    strings_file = folder / "strings.yaml"
    strings = yaml.safe_load(strings_file.read_text(encoding="utf-8")) if strings_file.is_file() else {}
    static = folder / "static"
    files = tuple(sorted(p for p in static.rglob("*") if p.is_file())) if static.is_dir() else ()
    return Theme(folder, environment, strings, files)
