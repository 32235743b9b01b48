"""Compiled templates kept between builds: used when intact and of the same stamp, else compiled again."""

from __future__ import annotations

from pathlib import Path

import jinja2
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.template_cache import TemplateCache

TEMPLATE = "{% for x in items %}<li>{{ x }}</li>{% endfor %}"


def _environment(folder: Path, stamp: str = "stamp 1") -> tuple[jinja2.Environment, list[str]]:
    """An environment whose compiled templates are kept in folder, and the names it compiled."""
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
            compiled.append(name)
            return super().compile(source, name, filename, raw, defer_init)

    environment = Counting(loader=jinja2.DictLoader({"list.html": TEMPLATE}), autoescape=True,
                           bytecode_cache=TemplateCache(folder / "templates", stamp))
    return environment, compiled


def _render(environment: jinja2.Environment) -> str:
    return environment.get_template("list.html").render(items=["<a>", "乙"])


def test_a_second_environment_uses_the_compiled_template(tmp_path):
    first, compiled = _environment(tmp_path)
    expected = _render(first)
    assert compiled == ["list.html"]
    second, compiled = _environment(tmp_path)
    assert _render(second) == expected and compiled == []
    other, compiled = _environment(tmp_path, "stamp 2")  # another Jinja, another digest: compiled again
    assert _render(other) == expected and compiled == ["list.html"]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_a_damaged_file_is_compiled_again(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("cache")
    environment, _ = _environment(folder)
    expected = _render(environment)
    [kept] = (folder / "templates").iterdir()
    content = bytearray(kept.read_bytes())
    if data.draw(st.booleans(), label="truncate"):
        content = content[:data.draw(st.integers(0, len(content) - 1), label="length")]
    else:
        position = data.draw(st.integers(0, len(content) - 1), label="position")
        content[position] ^= data.draw(st.integers(1, 255), label="flip")
    kept.write_bytes(bytes(content))
    again, compiled = _environment(folder)
    assert _render(again) == expected and compiled == ["list.html"]
