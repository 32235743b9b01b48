"""A theme folder: Jinja2 templates, the interface strings, static assets."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .errors import DigestError
from .keep import key_of
from .files import files_under
from .yamlfile import read_text, read_yaml


FIELD = re.compile(r"\{([a-z_]+)\}")


class InterfaceText(str):
    """An interface string. Its format() fills in {name} fields and nothing else: the text may
    come from a conversion rule (a phrase list, say), and str.format would read {x.__class__}."""

    __slots__ = ()

    def format(self, **values) -> str:  # noqa: A003 - the name templates call
        return FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), self)


class InterfaceStrings(dict):
    """A theme's interface strings (name -> text), in one variant. A name the theme lacks, asked
    for by a template or by digest, stops the build with an error naming the theme's strings
    file (a theme copied from an older digest may lack a newer name), not a traceback."""

    __slots__ = ("_file",)

    def __init__(self, values: dict[str, str], file: Path) -> None:
        super().__init__({name: InterfaceText(value) for name, value in values.items()})
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


def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are read once per build (their digests key the pages): no stat per page
    )


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once in a build and held in memory (Jinja's bytecode by template), for
    every process of the build to load instead of compiling its own. Never written anywhere:
    compiled templates are code, and the build state must not be able to run any. Jinja loads
    one only where the template's source is still the one it was compiled from."""

    def __init__(self, compiled: dict[str, bytes] | None = None) -> None:
        self.compiled = dict(compiled or {})

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_FILES = ["html", "xml"]
"""The files of a theme's templates/ that are templates (an editor's backup or notes are not)."""


def compile_templates(folder: Path) -> dict[str, bytes]:
    """Every template of the theme in folder compiled (for CompiledTemplates): the build does it
    in a process of its own beside reading the inputs, before the pages' processes start, so
    that they do not each compile the same templates. A template that does not compile stops
    the build here, named with its line, whether or not a page uses it (as Hugo parses every
    template first), before anything is rendered."""
    cache = CompiledTemplates()
    environment = _environment(folder)
    environment.bytecode_cache = cache
    for name in environment.list_templates(extensions=TEMPLATE_FILES):
        try:
            environment.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise DigestError(f"template syntax error: {error.message}", folder / "templates" / (error.name or name),
                              error.lineno, "fix the template; Jinja2's syntax: "
                              "https://jinja.palletsprojects.com/templates/") from None
        except UnicodeDecodeError:
            raise DigestError("a template is not UTF-8 text", folder / "templates" / name,
                              hint="save it as UTF-8") from None
    return cache.compiled


def use_compiled(theme: Theme, compiled: dict[str, bytes]) -> None:
    """Let theme's templates load from what compile_templates made, where they are not compiled yet."""
    theme.environment.bytecode_cache = CompiledTemplates(compiled)


def load_theme(folder: Path, project: Path | None = None) -> Theme:
    """The theme in folder; project: the folder its static files' symbolic links may not lead out
    of (the theme's own by default). Templates are compiled in each build (use_compiled), never
    loaded compiled from a cache: compiled templates are code, and the build state must not be
    able to run any."""
    if not (folder / "templates").is_dir():
        raise DigestError("theme has no templates/ folder", folder, hint="check 'theme' in site.yaml")
    environment = _environment(folder)
    strings_file = folder / "strings.yaml"
    strings = read_yaml(read_text(strings_file, "interface strings file"), strings_file) if strings_file.is_file() else {}
    if not isinstance(strings or {}, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in (strings or {}).items()):
        raise DigestError("interface strings must be a mapping of names to text", strings_file, 1,
                          "write one 'name: text' a line")
    strings = InterfaceStrings(strings or {}, strings_file)
    static = folder / "static"
    files = tuple(Path(p) for p, _ in files_under(static, within=project or folder))
    return Theme(folder, environment, strings, files)


TEMPLATE_USE = re.compile(r"(?:\{%[-+]?\s*(?:extends|include|import|from)\s+|\bshared\(\s*)(?:(['\"])(.*?)\1)?")
"""A statement that uses another template, or a shared partial (pages.SharedPartials), and its
name when it is written as a plain string."""


class TemplateSources:
    """A digest of each template's source with the sources of all the templates it uses
    (extends, include, import, from, shared partials), found by scanning the source: a name that is not a plain
    string (computed at render time) makes every template count. Scanning rather than parsing
    with Jinja: a rebuild takes the digest of every template in every variant's process."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment
        self._digests: dict[str, str] = {}

    def _source(self, name: str) -> str:
        return self.environment.loader.get_source(self.environment, name)[0]

    def _used(self, name: str) -> set[str]:
        """name and every template it uses, transitively."""
        seen, waiting = set(), [name]
        while waiting:
            current = waiting.pop()
            if current in seen:
                continue
            seen.add(current)
            for match in TEMPLATE_USE.finditer(self._source(current)):
                if match.group(1) is None:
                    return set(self.environment.list_templates())
                waiting.append(match.group(2))
        return seen

    def digest(self, name: str) -> str:
        if name not in self._digests:
            used = sorted(self._used(name))
            self._digests[name] = key_of(*[(n, self._source(n)) for n in used])
        return self._digests[name]
