"""files_under finds what Path.rglob finds (files only, __pycache__ left out), in the same order;
json_bytes writes what the standard library reads back as it was; file_digest is the digest of
the file's bytes whether it reads them whole or in pieces."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import files
from generator.files import files_under, json_bytes

NAMES = st.sampled_from(["a", "b.md", "a.md", "z", "__pycache__", "2023-01-02", "x.md.bak", "文章.md", ".hidden.md"])
TREES = st.lists(st.lists(NAMES, min_size=1, max_size=4), min_size=0, max_size=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=TREES, suffix=st.sampled_from(["", ".md"]))
def test_files_under_finds_what_rglob_finds(tmp_path_factory, tree, suffix):
    root = tmp_path_factory.mktemp("tree")
    for parts in tree:
        path = root.joinpath(*parts)
        if any(p.is_file() for p in [*path.parents, path] if p != root and root in p.parents):
            continue  # a name already taken by a file
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/".join(parts), encoding="utf-8")
    expected = [str(p) for p in sorted(root.rglob(f"*{suffix}"), key=str)
                if p.is_file() and "__pycache__" not in p.relative_to(root).parts]
    found = files_under(root, suffix)
    assert [path for path, _ in found] == expected
    assert all(Path(path).stat().st_size == stat.st_size for path, stat in found)


def test_a_missing_folder_has_no_files(tmp_path):
    assert files_under(tmp_path / "missing") == []


# Text with lone surrogates (a file name's undecodable bytes, as os.fsdecode gives them) among
# Chinese, ASCII and control characters; integers as large as a time in nanoseconds.
TEXTS = st.text(st.one_of(st.characters(), st.sampled_from("\udcff\udc80\ud800文章\x00\n\"\\")), max_size=12)
VALUES = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**63 - 1), TEXTS),
                      lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXTS, inner, max_size=4)),
                      max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(value=VALUES, sort_keys=st.booleans())
def test_json_bytes_reads_back_as_written(value, sort_keys):
    written = json_bytes(value, sort_keys)
    assert json.loads(written) == value
    if sort_keys and isinstance(value, dict):
        assert list(json.loads(written)) == sorted(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=600), whole=st.integers(0, 400))
def test_a_files_digest_is_its_bytes_digest_read_whole_or_in_pieces(tmp_path_factory, monkeypatch, content, whole):
    path = tmp_path_factory.mktemp("digest") / "file"
    path.write_bytes(content)
    monkeypatch.setattr(files, "READ_WHOLE", whole)
    assert files.file_digest(path) == files.bytes_digest(content) == hashlib.blake2b(content).hexdigest()
