"""YAML and text files from the user, read one way: safe YAML with no surprises, clear errors.

Every YAML file digest reads (site.yaml, front matter, pages.yaml, a theme's strings.yaml) goes
through read_yaml, which refuses what a hand-written settings or front-matter file never needs and
an attacker can abuse:
  - aliases and anchors (&a / *a): a few hundred bytes of nested aliases expand to gigabytes
    (the "billion laughs"), and an unused key is expanded as much as a used one;
  - the same key twice in one mapping (PyYAML keeps the last one silently);
  - nesting deeper than MAX_DEPTH (the parser recurses: deep nesting is a RecursionError).
Each refusal is a DigestError naming the file and line. Dates stay text (the callers check them
against YYYY-MM-DD and name the line), so `2022-01-17` and `20220117` are read alike, as text.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DigestError

try:
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader

MAX_DEPTH = 40
"""Mappings and lists inside each other: settings and front matter need three or four levels."""


class _Loader(_SafeLoader):
    """SafeLoader without timestamps, aliases, duplicate keys or deep nesting."""

    def construct_document(self, node):
        _check_shape(node)
        return super().construct_document(node)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
                seen.add(key)
            except TypeError:  # an unhashable key: SafeLoader's own error follows
                continue
            if duplicate:
                raise yaml.MarkedYAMLError(None, None, f"the key {key!r} appears twice", key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def _check_shape(root) -> None:
    """Refuse a node reached twice (an alias: libyaml composes them as shared nodes, before any
    Python code sees an event) and nesting deeper than MAX_DEPTH; walked without recursion."""
    seen: set[int] = set()
    waiting = [(root, 1)]
    while waiting:
        node, depth = waiting.pop()
        if id(node) in seen:
            raise yaml.MarkedYAMLError(None, None, "aliases (*name) are not allowed", node.start_mark)
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise yaml.MarkedYAMLError(None, None, f"nested more than {MAX_DEPTH} levels deep", node.start_mark)
        if isinstance(node, yaml.MappingNode):
            waiting.extend((part, depth + 1) for pair in node.value for part in pair)
        elif isinstance(node, yaml.SequenceNode):
            waiting.extend((part, depth + 1) for part in node.value)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def read_text(path: Path, what: str = "file") -> str:
    """A UTF-8 text file (a BOM is dropped), or a DigestError naming the file and the first bad byte."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DigestError(f"cannot read the {what}: {exc.strerror}", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DigestError(f"the {what} is not UTF-8 text (byte {exc.start})", path, line,
                          "save the file as UTF-8") from None


def read_yaml(text: str, path: Path, first_line: int = 1, what: str = "YAML"):
    """The YAML document in text, read as described above; first_line: the file's line on which
    text begins (front matter begins on line 2)."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        problem = exc.problem or exc.context or "malformed"
        raise DigestError(f"{what} error: {problem}", path, line, "fix the YAML") from None
    except yaml.YAMLError as exc:
        raise DigestError(f"{what} error: {str(exc).splitlines()[0]}", path, first_line, "fix the YAML") from None
    except ValueError as exc:  # a value the constructor refuses: an integer of more than 4,300 digits
        raise DigestError(f"{what} error: {str(exc).splitlines()[0]}", path, first_line, "fix the value") from None
    except RecursionError:
        raise DigestError(f"{what} error: nested too deeply", path, first_line, "fix the YAML") from None
