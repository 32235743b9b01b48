"""Rebuilds reuse what did not change (parsed articles, a year's search index) and still write
exactly the bytes a cold build writes; a damaged cache is ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.build import build
from generator.cache import cache_path
from generator.config import load_config
from support import ROOT, make_project

# Real articles of the bundled content, from both years (2022 and 2023).
SOURCES = sorted((ROOT / "content" / "articles").rglob("*.md"))[:6]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold_build(project: Path, out: Path) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    cache_path(out.absolute()).unlink(missing_ok=True)
    build(project, load_config(project / "site.yaml"), out, force=True)
    return tree(out)


def edit_body(text: str, word: str) -> str:
    front, _, body = text.partition("\n---\n")
    return f"{front}\n---\n{word}{body}"


EDITS = st.lists(st.tuples(st.sampled_from(["edit", "add", "remove", "retitle", "convert", "touch"]),
                           st.integers(0, 100), st.sampled_from(["工会", "帮扶", "职工", "劳模"])),
                 min_size=1, max_size=3)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(edits=EDITS)
@example(edits=[("convert", 0, "工会")])  # only the Traditional index changes; the Simplified one is reused
def test_a_rebuild_after_random_edits_equals_a_cold_build(tmp_path_factory, edits):
    root = tmp_path_factory.mktemp("incremental")
    project = make_project(root, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES[:4]})
    articles = project / "content" / "articles"
    config = load_config(project / "site.yaml")
    incremental = root / "incremental"
    build(project, config, incremental)
    for action, number, word in edits:
        present = sorted(articles.rglob("*.md"))
        chosen = present[number % len(present)]
        if action == "edit":
            chosen.write_text(edit_body(chosen.read_text(encoding="utf-8"), word), encoding="utf-8")
        elif action == "add":
            source = SOURCES[4 + number % 2]
            (articles / source.parent.name).mkdir(exist_ok=True)
            shutil.copy(source, articles / source.parent.name / source.name)
        elif action == "remove" and len(present) > 1:
            chosen.unlink()
        elif action == "convert":  # the Traditional text changes, the Simplified does not
            text = chosen.read_text(encoding="utf-8")
            if "\nconvert:" not in text:
                chosen.write_text(text.replace("---\n", f"---\nconvert: {{{word}: 公會}}\n", 1), encoding="utf-8")
        elif action == "retitle":
            text = chosen.read_text(encoding="utf-8")
            chosen.write_text(text.replace("title: ", f"title: {word}", 1), encoding="utf-8")
        else:
            chosen.touch()
        build(project, config, incremental)
        assert tree(incremental) == cold_build(project, root / "cold")


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    expected = cold_build(project, tmp_path / "reference")
    cache = cache_path(out.absolute())
    for damage in (b"", b"not a pickle", b"\x80\x05garbage", None):
        if damage is None:  # a valid pickle of something else
            import pickle
            damage = pickle.dumps(("another version", {"key": "not an article"}))
        cache.write_bytes(damage)
        build(project, config, out, force=True)
        assert tree(out) == expected
    # The cache a build leaves is complete: a rebuild from it alone equals the cold build.
    cache.write_bytes(cache.read_bytes())
    shutil.rmtree(out)
    build(project, config, out)
    assert tree(out) == expected


def test_a_first_build_into_a_folder_that_does_not_exist_yet(tmp_path):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES[:2]})
    out = tmp_path / "new" / "deeper" / "site"
    build(project, load_config(project / "site.yaml"), out, search=False)
    assert (out / "zh-hant" / "index.html").is_file() and cache_path(out.absolute()).is_file()
