"""A theme folder: Jinja2 templates, the interface strings, static assets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2
import yaml

from .errors import DigestError


class InterfaceStrings(dict):
    """A theme's interface strings (name -> text), in one variant. A name the theme lacks, asked
    for by a template or by digest, stops the build with an error naming the theme's strings
    file (a theme copied from an older digest may lack a newer name), not a traceback."""

    __slots__ = ("_file",)

    def __init__(self, values: dict[str, str], file: Path) -> None:
        super().__init__(values)
        self._file = file

    def __missing__(self, name: str):
        raise DigestError(f"the theme has no interface string '{name}'", self._file,
                          hint=f"add a line '{name}: ...'; the default theme's strings.yaml has every name")

    def converted(self, convert) -> "InterfaceStrings":
        """The same strings, each passed through convert (into a variant's script)."""
        return InterfaceStrings({name: convert(value) for name, value in self.items()}, self._file)


@dataclass(frozen=True)
class Theme:
    folder: Path
    environment: jinja2.Environment
    strings: InterfaceStrings
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
    strings = InterfaceStrings(strings or {}, strings_file)
    static = folder / "static"
    files = tuple(sorted(p for p in static.rglob("*") if p.is_file())) if static.is_dir() else ()
    return Theme(folder, environment, strings, files)
