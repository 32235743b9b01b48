"""keep.py decides keep-or-make for every file: a file is kept exactly when it is made from the
same things as last time and is still as the last build wrote it; whatever is kept or made, the
new site holds the bytes a build from nothing would write."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cache import cache_path, read_rows, write_rows
from generator.keep import (GROUP, Artifact, ArtifactGroup, Keeper, TextChanges, commit_list, folders_to_make,
                            key_of, read_list, write_pending)
from generator.output import SiteWriter

PATHS = [f"zh-hans/{name}/index.html" for name in ("a", "b", "c", "d")] + ["feed.xml", "media/x.jpg"]
GROUPED = PATHS[:3]


class Made:
    """Artifacts of a site whose files' contents are given, counting what was made."""

    def __init__(self, contents: dict[str, str], group_source: str) -> None:
        self.contents, self.group_source, self.made = contents, group_source, []
        self.group_undone = False
        """Whether the group's pages were asked for one by one (not kept whole)."""

    def artifact(self, path: str) -> Artifact:
        def make() -> bytes:
            self.made.append(path)
            return self.contents[path].encode("utf-8")
        return Artifact(path, (self.contents[path],), make)

    def items(self) -> list[Artifact | ArtifactGroup]:
        def members() -> list[Artifact]:
            self.group_undone = True
            return [self.artifact(path) for path in GROUPED]
        group = ArtifactGroup("articles", tuple(GROUPED), (self.group_source, [self.contents[p] for p in GROUPED]),
                              members)
        return [group, *(self.artifact(path) for path in PATHS if path not in GROUPED)]


def put(site: Path, listed: dict, made: Made, previous: bool) -> Keeper:
    """One build: the artifacts kept or made into a staging folder, then the staging folder's
    files moved over the site (as output.py does), the kept ones left in place."""
    staging = site.with_name("staging")
    staging.mkdir()
    keeper = Keeper(SiteWriter(staging), site if previous else None, listed)
    keeper.put(made.items())
    for path in PATHS:
        written = staging / path
        if written.exists():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(written, site / path)
    shutil.rmtree(staging)
    return keeper


texts = st.sampled_from(["甲", "乙", "丙丙"])


@settings(max_examples=60, deadline=None)
@given(first=st.fixed_dictionaries({p: texts for p in PATHS}), second=st.fixed_dictionaries({p: texts for p in PATHS}),
       tampered=st.sets(st.sampled_from(PATHS)), removed=st.sets(st.sampled_from(PATHS)),
       group_changed=st.booleans())
def test_a_file_is_kept_exactly_when_its_sources_and_its_bytes_on_disk_are_unchanged(
        tmp_path_factory, first, second, tampered, removed, group_changed):
    site = tmp_path_factory.mktemp("keep") / "site"
    site.mkdir()
    before = Made(first, "group")
    listed = put(site, {}, before, previous=False).new_list
    assert sorted(before.made) == sorted(PATHS), "a first build makes every file"

    for path in tampered:  # a hand edit of the published file: other bytes, a new time
        (site / path).write_bytes((site / path).read_bytes() + b"!")
    for path in removed:
        (site / path).unlink(missing_ok=True)
    after = Made(second, "group, changed" if group_changed else "group")
    keeper = put(site, listed, after, previous=True)

    intact = {p for p in PATHS if p not in tampered and p not in removed}
    alone = {p for p in PATHS if p not in GROUPED}
    group_whole = not group_changed and all(first[p] == second[p] and p in intact for p in GROUPED)
    expected_kept = {p for p in alone if first[p] == second[p] and p in intact}
    if group_whole:
        expected_kept |= set(GROUPED)
    else:  # the group is undone: each page is kept or made on its own key
        expected_kept |= {p for p in GROUPED if first[p] == second[p] and p in intact}
    assert set(after.made) == set(PATHS) - expected_kept
    assert after.group_undone != group_whole, "a group kept whole is kept without a key taken for each page"
    assert keeper.kept == len(expected_kept)
    for path in PATHS:
        assert (site / path).read_text(encoding="utf-8") == second[path], path
    assert {p for p in keeper.new_list if not p.startswith("\x00")} == set(PATHS)


def test_a_file_touched_to_the_same_size_is_made_again(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    contents = {path: "甲" for path in PATHS}
    listed = put(site, {}, Made(contents, "group"), previous=False).new_list
    target = site / PATHS[-1]
    stat = target.stat()
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = Made(contents, "group")
    put(site, listed, again, previous=True)
    assert again.made == [PATHS[-1]]


def test_a_folder_is_made_when_the_previous_site_lacks_it_or_its_key_changed(tmp_path):
    site = tmp_path / "site"
    for folder in ("pagefind/2022", "pagefind/2023"):
        (site / folder).mkdir(parents=True)
    listed = {"pagefind/2022": "k1", "pagefind/2023": "k2", "pagefind/2024": "k3"}
    wanted = {"pagefind/2022": "k1", "pagefind/2023": "changed", "pagefind/2024": "k3", "pagefind/2025": "k4"}
    assert folders_to_make(wanted, listed, site) == ["pagefind/2023", "pagefind/2024", "pagefind/2025"]
    assert folders_to_make(wanted, listed, None) == list(wanted)


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
_file = st.tuples(_text, st.integers(0, 2**62), st.integers(0, 2**62))
_lists = st.tuples(st.dictionaries(_text.filter(lambda p: not p.startswith(GROUP)), _file, max_size=20),
                   st.dictionaries(_text.map(lambda name: GROUP + name),
                                   st.tuples(_text, st.lists(_text, max_size=4).map(tuple)), max_size=4))


@settings(max_examples=60, deadline=None)
@given(_lists, st.sampled_from(["none", "size as text", "short entry", "group paths as text", "group unmarked"]))
def test_a_kept_list_reads_back_as_written_and_is_ignored_whole_when_any_part_is_misshapen(tmp_path_factory, lists,
                                                                                             damage):
    """What the next build reads is what this one wrote; a list with one misshapen entry (as a
    state restored from elsewhere may have) is read as empty: every file is made again, none trusted."""
    files, groups = lists
    entries = {**files, **groups}
    state = tmp_path_factory.mktemp("state")
    write_pending(state, "zh-hans", entries, "stamp")
    commit_list(state, "zh-hans")
    assert read_list(state, "zh-hans", "stamp") == entries
    assert read_list(state, "zh-hans", "another stamp") == {}
    damaged = read_rows(cache_path(state, "pages-zh-hans"), "stamp")
    if damage == "size as text" and files:
        path, (key, size, time) = next(iter(files.items()))
        damaged[path] = (key, str(size), time)
    elif damage == "short entry" and files:
        path, (key, size, _) = next(iter(files.items()))
        damaged[path] = (key, size)
    elif damage == "group paths as text" and groups:
        name, (key, _) = next(iter(groups.items()))
        damaged[name] = (key, "a/index.html")
    elif damage == "group unmarked" and groups:
        name, entry = next(iter(groups.items()))
        damaged[name.lstrip(GROUP) or "x"] = entry  # a name of GROUPs only stays marked if cut once
    else:
        return
    write_rows(cache_path(state, "pages-zh-hans"), damaged, "stamp")
    assert read_list(state, "zh-hans", "stamp") == {}


ARTICLES = ["2023-01-01/a", "2023-01-01/b", "2023-01-02/c"]
SHOWN = {path: ARTICLES[:index % 3 + 1] if index % 2 else ARTICLES[index % 3:] for index, path in enumerate(PATHS)}
"""Each page's articles: a page shows one to three of them."""


class Shown:
    """A site whose pages are made from its structure and the texts of the articles each shows
    (SHOWN), said to the Keeper (shows, made_from as a function), counting the keys taken."""

    def __init__(self, structure: str, texts: dict[str, str]) -> None:
        self.structure, self.texts, self.keyed, self.made = structure, texts, set(), []

    def content(self, path: str) -> str:
        return self.structure + "".join(self.texts[key] for key in SHOWN[path])

    def items(self) -> list[Artifact]:
        def made_from(path: str) -> tuple:
            self.keyed.add(path)
            return self.structure, [self.texts[key] for key in SHOWN[path]]

        def make(path: str) -> bytes:
            self.made.append(path)
            return self.content(path).encode("utf-8")
        return [Artifact(path, lambda path=path: made_from(path), lambda path=path: make(path), tuple(SHOWN[path]))
                for path in PATHS]

    def changes(self) -> TextChanges:
        return TextChanges(self.structure, {key: key_of(text) for key, text in self.texts.items()})


def put_shown(site: Path, listed: dict, made: Shown, previous: bool) -> Keeper:
    staging = site.with_name("staging")
    staging.mkdir()
    keeper = Keeper(SiteWriter(staging), site if previous else None, listed, texts=made.changes())
    keeper.put(made.items())
    for path in PATHS:
        if (staging / path).exists():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / path, site / path)
    shutil.rmtree(staging)
    return keeper


@settings(max_examples=60, deadline=None)
@given(first=st.fixed_dictionaries({key: texts for key in ARTICLES}),
       second=st.fixed_dictionaries({key: texts for key in ARTICLES}),
       structure_changed=st.booleans(), tampered=st.sets(st.sampled_from(PATHS)))
def test_where_only_texts_changed_a_key_is_taken_only_for_the_files_that_show_them(
        tmp_path_factory, first, second, structure_changed, tampered):
    site = tmp_path_factory.mktemp("shown") / "site"
    site.mkdir()
    before = Shown("版式", first)
    listed = put_shown(site, {}, before, previous=False).new_list
    assert before.keyed == set(PATHS)
    for path in tampered:
        (site / path).write_bytes((site / path).read_bytes() + b"!")
    after = Shown("新版式" if structure_changed else "版式", second)
    put_shown(site, listed, after, previous=True)

    changed = {key for key in ARTICLES if first[key] != second[key]}
    if structure_changed:
        assert after.keyed == set(PATHS), "another structure: every key is taken"
    else:
        assert after.keyed == {p for p in PATHS if changed & set(SHOWN[p]) or p in tampered}
    assert set(after.made) == {p for p in PATHS if before.content(p) != after.content(p) or p in tampered}
    for path in PATHS:
        assert (site / path).read_text(encoding="utf-8") == after.content(path)
