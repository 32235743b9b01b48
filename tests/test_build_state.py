"""The build state (issue 25): kept in the project's .digest/ folder, never in or beside the
output; trusted across a checkout that changes every file's time; unable to run code."""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import plain
from generator.build import build
from generator.cache import cache_path, manifest_path, read_rows, scratch_folder, state_folder, write_rows
from generator.config import load_config
from generator.errors import DigestError
from generator.store import store_path
from support import ROOT, make_project, pagefind_wrapper

SOURCES = sorted((ROOT / "content" / "articles").rglob("*.md"))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def project_with_articles(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    return make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})


def touch_everything(folder: Path, when: int) -> None:
    for path in folder.rglob("*"):
        if not path.is_symlink():
            os.utime(path, ns=(when, when))


def built_and_checked_out_again(tmp_path: Path):
    """A project built, then checked out in a new folder with its .digest/ state and its site
    restored (what .github/workflows/publish.yml caches: those two folders, nothing beside the
    output), every file given a new time; and its config."""
    first = project_with_articles(tmp_path / "a")
    config = load_config(first / "site.yaml")
    build(first, config, search=False)
    moved = tmp_path / "b" / "project"
    shutil.copytree(first, moved, symlinks=True, ignore=shutil.ignore_patterns("site", ".digest", ".site.*"))
    for cached in ("site", ".digest"):
        shutil.copytree(first / cached, moved / cached, symlinks=True)
    touch_everything(moved, 1_700_000_000_000_000_000)
    return moved, config


def test_the_state_lives_in_the_project_not_beside_or_in_the_output(tmp_path):
    project = project_with_articles(tmp_path)
    build(project, load_config(project / "site.yaml"), search=False)
    site = project / "site"
    state = state_folder(project, site)
    assert state.parent == project / ".digest" and store_path(state).is_file()
    assert not [p.name for p in project.iterdir() if p.name.startswith(".site.") and "cache" in p.name]
    assert not [p for p in site.rglob("*") if "cache" in p.name or p.suffix in (".key", ".pickle", ".sqlite")]


def test_a_checkout_elsewhere_with_new_times_reuses_everything_and_an_edit_remakes_only_its_pages(tmp_path):
    """As CI does: the project (with its .digest/ state and its site, as actions/cache restores
    them) copied to a new folder, every file given a new time; one article edited. Of the article
    pages, only those that show that article (its own, and those linking to it) are written
    again, and the result is a cold build's, byte for byte."""
    moved, config = built_and_checked_out_again(tmp_path)
    before = inodes(moved / "site")
    again = build(moved, config, search=False)
    assert again.up_to_date, "the same commit, checked out again: nothing to do"
    edited = sorted((moved / "content" / "articles").rglob("*.md"))[4]
    text = edited.read_text(encoding="utf-8")
    front, _, body = text.partition("\n---\n")
    edited.write_text(f"{front}\n---\n编辑补充一句。{body}", encoding="utf-8")
    result = build(moved, config, search=False)
    after = inodes(moved / "site")
    remade = {path for path in after if before.get(path) != after[path]}
    assert result.kept > 0.8 * (result.pages + result.feeds)
    slug = edited.stem
    assert any(slug in path for path in remade)
    for path in remade:  # a page written again shows the edited article (links to it), or is not an article's
        if path.startswith(("zh-hans/articles/", "zh-hant/articles/")):
            assert slug in (moved / "site" / path).read_text(encoding="utf-8"), path
    cold = project_with_articles(tmp_path / "c")
    shutil.copy(edited, cold / edited.relative_to(moved))
    build(cold, config, search=False)
    assert tree(moved / "site") == tree(cold / "site")


def test_a_checkout_reads_each_article_file_once(tmp_path, monkeypatch):
    """Every file with a new time and one article edited: the build hashes every article file
    for its fingerprint and knows the parses by those digests, so it reads no file twice but
    the edited one, which it parses."""
    import builtins
    import io

    moved, config = built_and_checked_out_again(tmp_path)
    articles = sorted((moved / "content" / "articles").rglob("*.md"))
    edited = articles[4]
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n---\n", "\n---\n编辑补充一句。", 1),
                      encoding="utf-8")
    opened: dict[str, int] = {}
    real_open = io.open

    def counting_open(file, *args, **kwargs):
        if str(file).endswith(".md") and "/content/articles/" in str(file):
            opened[str(file)] = opened.get(str(file), 0) + 1
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    result = build(moved, config, search=False)
    monkeypatch.undo()
    assert not result.up_to_date and result.kept > 0
    assert opened == {str(path): 2 if path == edited else 1 for path in articles}


class Payload:
    """A pickle that, when loaded, writes a file: what a crafted state would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_crafted_state_runs_nothing_and_removes_nothing_outside_the_output(tmp_path):
    project = project_with_articles(tmp_path)
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    expected = tree(project / "site")
    state = state_folder(project, project / "site")
    marker = tmp_path / "ran"
    payload = pickle.dumps(Payload(marker))
    for name in ("digests", "folders", "pages-zh-hans", "pages-zh-hant", "review-zh-hant"):
        cache_path(state, name).write_bytes(payload)
    with sqlite3.connect(store_path(state)) as db:
        db.execute("UPDATE articles SET head = ?", (payload,))
        db.execute("UPDATE payloads SET findings = ?", (payload,))
    # A state value naming a class it may not hold is refused, not built.
    forged = '{"c":"Path","v":["/"]}'
    cache_path(state, "pages-zh-hant-review").write_text(f'{{"t":["stamp",{forged}]}}')
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("mine")
    journal = project / ".site.journal"
    journal.write_text('{"staging": ".site.staging-1", "files": [], "folders": [], "remove": ["../precious"],'
                       ' "entries": {}}')
    build(project, config, search=False, force=True)
    assert not marker.exists()
    assert (precious / "keep.txt").read_text() == "mine"
    assert tree(project / "site") == expected


def test_what_a_killed_build_left_for_a_while_is_in_the_state_and_the_next_build_removes_it(tmp_path, monkeypatch):
    """Pagefind's input documents are written into the build state's scratch folder, not the
    system's temporary folder. The process that wrote them killed (as an out-of-memory kill
    does) leaves them there, and the next build into the same output removes them."""
    project = project_with_articles(tmp_path / "a")
    config = load_config(project / "site.yaml")
    scratch = scratch_folder(state_folder(project, project / "site"))
    told = tmp_path / "site-argument"
    killing = pagefind_wrapper(tmp_path / "killing", before=f"echo \"$@\" > '{told}'\nkill -9 $PPID\nsleep 5\n")
    monkeypatch.setenv("DIGEST_PAGEFIND", str(killing))
    temporary = set(Path(tempfile.gettempdir()).glob("digest-*"))
    with pytest.raises(DigestError):
        build(project, config)
    site_argument = Path(told.read_text().split("--site ")[1].split()[0])
    assert site_argument.is_relative_to(scratch)
    left = [p.name for p in scratch.iterdir()]
    assert site_argument.name in left and all(name.startswith("search-") for name in left), left
    assert set(Path(tempfile.gettempdir()).glob("digest-*")) <= temporary
    monkeypatch.setenv("DIGEST_PAGEFIND", str(pagefind_wrapper(tmp_path / "pagefind")))
    build(project, config)
    assert scratch.is_dir() and not any(scratch.iterdir())


PAGE = 4096


def damaged_copy(built: Path, into: Path, page: int, pattern: bytes, cut: bool) -> Path:
    """A copy of a built project whose article store has one page damaged (never the first, which
    holds the file's header and schema: damage there is seen on opening) by pattern repeated, or
    the file cut short at that page (cut); an empty pattern damages nothing."""
    project = into / "project"
    shutil.copytree(built, project, symlinks=True)
    store = store_path(state_folder(project, project / "site"))
    data = bytearray(store.read_bytes())
    at = min(page, len(data) // PAGE - 1) * PAGE
    if cut:
        del data[at:]
    elif pattern:
        data[at:at + PAGE] = (pattern * (PAGE // len(pattern) + 1))[:PAGE]
    store.write_bytes(bytes(data))
    return project


def edit_one(project: Path) -> None:
    edited = sorted((project / "content" / "articles").rglob("*.md"))[4]
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n---\n", "\n---\n编辑补充一句。", 1),
                      encoding="utf-8")


def built_and_cold_site_after_an_edit(tmp_path: Path) -> tuple[Path, object, dict[str, bytes]]:
    """A project built (to be copied and damaged), its config, and the site a cold build gives
    once edit_one has edited it: what a build of a damaged copy must give."""
    built = project_with_articles(tmp_path / "built")
    config = load_config(built / "site.yaml")
    build(built, config, search=False)
    cold = project_with_articles(tmp_path / "cold")
    edit_one(cold)
    build(cold, config, search=False)
    return built, config, tree(cold / "site")


def test_a_search_index_another_build_left_in_the_output_is_made_again(tmp_path):
    """The state lists the search indexes its last build made and what from; the output may hold
    another build's site since (set aside and another project built into the same folder, a
    site restored from another branch's cache). An index is kept only where its folder holds
    the files this state's build wrote: else the site searches the other project's articles."""
    project = project_with_articles(tmp_path / "a")
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    build(project, config, out)
    other = project_with_articles(tmp_path / "b")
    edit_one(other)  # the same periods, one article written otherwise
    out.rename(tmp_path / "set-aside")
    build(other, config, out)
    build(project, config, out)
    cold = cold_build(project, tmp_path / "cold", search=True)
    indexes = {path: data for path, data in tree(out).items() if path.startswith("pagefind/")}
    assert indexes and indexes == {path: data for path, data in tree(cold).items() if path.startswith("pagefind/")}
    assert tree(out) == tree(cold)


def test_an_output_an_earlier_version_listed_beside_itself_has_its_list_taken_into_the_state(tmp_path):
    """Before the list of what a build wrote moved into the state it lay beside the output
    (.site.manifest): the first build after the upgrade takes it over, so the pages of an
    article removed meanwhile are removed, and nothing is left beside the output."""
    project = project_with_articles(tmp_path / "a")
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    site = project / "site"
    manifest = manifest_path(state_folder(project, site))
    legacy = project / ".site.manifest"
    manifest.rename(legacy)
    removed = sorted((project / "content" / "articles").rglob("*.md"))[0]
    assert removed.stem in "".join(tree(site))
    removed.unlink()
    build(project, config, search=False)
    assert manifest.is_file() and not legacy.exists()
    assert removed.stem not in "".join(tree(site))
    assert tree(site) == tree(cold_build(project, tmp_path / "cold"))


def test_a_damaged_store_is_removed_and_the_build_made_again_without_it(tmp_path):
    """A store whose pages SQLite cannot read (a cache restored half written, a failing disk) is
    discarded: the build says so and gives the site a cold build gives, whichever of its
    processes met the damage. Each page of the store but the first is damaged in turn; and
    some damage is never met (a free page), or is caught by the rows' own digests: then the
    site is the cold build's all the same."""
    built, config, expected = built_and_cold_site_after_an_edit(tmp_path)
    # The schema's text with a byte that is not UTF-8: SQLite's message about it is not either.
    project = damaged_copy(built, tmp_path / "schema", 0, b"", cut=False)
    store = store_path(state_folder(project, project / "site"))
    data = bytearray(store.read_bytes())
    data[data.index(b"CREATE TABLE articles") + 22] = 0xFF
    store.write_bytes(bytes(data))
    edit_one(project)
    build(project, config, search=False)
    assert tree(project / "site") == expected
    pages = store_path(state_folder(built, built / "site")).stat().st_size // PAGE
    said = 0
    for page in range(1, pages, max(1, pages // 12)):
        project = damaged_copy(built, tmp_path / f"page-{page}", page, b"\xa5", cut=False)
        edit_one(project)
        result = build(project, config, search=False)
        said += bool(result.damaged_state)
        assert tree(project / "site") == expected, page
        assert build(project, config, search=False).up_to_date
    assert said, "no damaged page was met: the test damages nothing a build reads"


def test_any_damage_to_the_store_gives_the_cold_builds_site(tmp_path):
    built, config, expected = built_and_cold_site_after_an_edit(tmp_path)
    runs = iter(range(1_000))

    @settings(max_examples=8, deadline=None)
    @given(st.integers(1, 200), st.binary(min_size=1, max_size=64), st.booleans())
    def damaged(page, pattern, cut):
        project = damaged_copy(built, tmp_path / f"run-{next(runs)}", page, pattern, cut)
        edit_one(project)
        build(project, config, search=False)
        assert tree(project / "site") == expected

    damaged()


def test_every_part_of_the_state_damaged_in_turn_gives_the_cold_builds_site(tmp_path):
    """Each file of the build state (.digest/, the output's list among them) and beside the output (.site.lock)
    cut short, emptied, or with bytes overwritten (so that it is no longer UTF-8 text, nor
    JSON, nor a sound SQLite file): the build after an edit succeeds and gives the site a cold
    build gives."""
    import random

    built, config, expected = built_and_cold_site_after_an_edit(tmp_path)
    parts = sorted(p.relative_to(built) for p in [*(built / ".digest").rglob("*"), *built.glob(".site.*")]
                   if p.is_file())
    assert len(parts) >= 10 and any(part.name == "fingerprint" for part in parts)
    noise = random.Random(25)
    for part in parts:
        for damage in ("cut", "empty", "overwritten"):
            project = tmp_path / f"{part.name}-{damage}" / "project"
            shutil.copytree(built, project, symlinks=True)
            data = bytearray((project / part).read_bytes())
            if damage == "cut":
                del data[len(data) // 2:]
            elif damage == "empty":
                data.clear()
            else:
                for count in range(min(len(data), max(1, len(data) // 50))):  # the first 0xFF: never in UTF-8
                    data[noise.randrange(len(data))] = 0xFF if count == 0 else noise.randrange(256)
            (project / part).write_bytes(bytes(data))
            edit_one(project)
            build(project, config, search=False)
            assert tree(project / "site") == expected, (part, damage)
            shutil.rmtree(project.parent)


def test_state_values_come_back_as_they_went_in():
    from hypothesis import given
    from hypothesis import strategies as st

    values = st.recursive(st.none() | st.booleans() | st.integers() | st.text() | st.dates(),
                          lambda inner: st.lists(inner) | st.tuples(inner, inner)
                          | st.dictionaries(st.text() | st.integers(), inner), max_leaves=20)

    @given(values)
    def round_trip(value):
        assert plain.loads(plain.dumps(value)) == value

    round_trip()


def test_search_indexes_split_so_a_new_day_remakes_only_the_newest_half_month(tmp_path):
    """Closed years, the newest year's days before the newest half-month, the newest half-month:
    a new issue day in the newest half-month remakes that index alone (one for both variants);
    the other indexes stay the files they were."""
    from generator import urls

    assert urls.index_periods(["2022-01-17", "2023-04-21", "2023-12-07", "2023-12-01"]) == \
        ["2023-12-01-to-12-15", "2023-01-01-to-11-30", "2022"]
    assert urls.index_periods(["2024-02-16", "2024-02-29", "2024-01-31"]) == \
        ["2024-02-16-to-02-29", "2024-01-01-to-02-15"]
    project = project_with_articles(tmp_path)
    config = load_config(project / "site.yaml")
    build(project, config)
    site = project / "site"
    before = inodes(site)
    newest = sorted((project / "content" / "articles").glob("2023-12-07/*.md"))[0]
    day = project / "content" / "articles" / "2023-12-08"
    day.mkdir()
    (day / "new.md").write_text(newest.read_text(encoding="utf-8").replace("date: '2023-12-07'", "date: '2023-12-08'")
                                .replace("date: 2023-12-07", "date: 2023-12-08"), encoding="utf-8")
    build(project, config)
    after = inodes(site)
    remade = {path.split("/")[1] for path in after if path.startswith("pagefind/") and before.get(path) != after[path]
              and path.count("/") > 1}
    assert remade == {"2023-12-01-to-12-15"}, remade
    search_page = (site / "zh-hans" / "search" / "index.html").read_text(encoding="utf-8")
    assert all(f"pagefind/{period}/" in search_page
               for period in ("2023-12-01-to-12-15", "2023-01-01-to-11-30", "2022"))
    assert "2023年12月1日至12月15日" in search_page


_days = st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31))


@settings(max_examples=300, deadline=None)
@given(st.lists(_days, min_size=1, max_size=40), _days)
def test_a_later_day_moves_no_article_but_the_newest_half_months_and_a_period_is_a_span_of_days(days, later):
    """Whatever the issue dates: each index holds one span of days, newer indexes sort first and
    the newest holds at most half a month; a later day of the same half-month changes the index
    of no earlier article but those of that half-month (the other indexes are kept)."""
    from generator import urls

    latest = max(days).isoformat()
    periods = {day: urls.index_period(day.isoformat(), latest) for day in days}
    spans = {}
    for day, period in periods.items():
        first, last = spans.get(period, (day, day))
        spans[period] = (min(first, day), max(last, day))
    ordered = urls.index_periods([day.isoformat() for day in days])
    assert ordered == sorted(spans, reverse=True)
    for newer, older in zip(ordered, ordered[1:]):
        assert spans[newer][0] > spans[older][1]
    assert (spans[ordered[0]][1] - spans[ordered[0]][0]).days < 16
    for day, period in periods.items():  # the spans do not overlap: a day is in its own period's span only
        assert all(not spans[other][0] <= day <= spans[other][1] for other in spans if other != period)
    if later > max(days) and urls.latest_half(later.isoformat()) == urls.latest_half(latest):
        assert all(urls.index_period(day.isoformat(), later.isoformat()) == period for day, period in periods.items())


def test_an_edit_is_seen_whatever_the_kept_digests_say_and_a_touch_is_not_an_edit(tmp_path):
    """The fingerprint reuses a file's digest only while its size and time are those it had when
    hashed: a kept digest that lies about a file whose time changed is not believed, and a file
    touched without a change of bytes leaves the site up to date."""
    import os

    project = project_with_articles(tmp_path)
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    state = state_folder(project, project / "site")
    article = next((project / "content" / "articles").rglob("*.md"))
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert build(project, config, search=False).up_to_date, "a touch is not an edit"
    digests = cache_path(state, "digests")
    entries = read_rows(digests, "digests")
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("title: ", "title: 改", 1), encoding="utf-8")
    changed = article.stat()
    entries[str(article)] = (entries[str(article)][0], changed.st_mtime_ns + 1, entries[str(article)][2])
    write_rows(digests, entries, "digests")
    assert not build(project, config, search=False).up_to_date
    assert "改" in (project / "site").joinpath("zh-hans/index.html").read_text(encoding="utf-8")


def test_a_restored_output_is_read_in_several_processes_and_only_changed_bytes_count(tmp_path, monkeypatch):
    """Every file with a new time (a cache restore), read in several processes as on a large
    site: the files with the bytes written get their times back, the one changed by hand (same
    size, other bytes) is left out of the list and removed, so the next build makes it again."""
    from generator import output

    project = project_with_articles(tmp_path)
    build(project, load_config(project / "site.yaml"), search=False)
    site = project / "site"
    manifest = manifest_path(state_folder(project, site))
    written = output.check_output(site, manifest)[1].records
    touch_everything(site, 1_000_000_000_000_000_000)
    edited = site / "zh-hans" / "index.html"
    edited.write_bytes(edited.read_bytes().replace(b"<", b">", 1))
    monkeypatch.setattr(output, "READ_IN_PROCESSES", 2)
    intact, found = output.check_output(site, manifest)
    assert not intact and not edited.exists()
    assert found.records == {path: record for path, record in written.items() if path != "zh-hans/index.html"}
    assert all((site / path).stat().st_mtime_ns == time for path, (_, time, _) in found.records.items())


def test_the_phrases_opencc_overlaps_are_found_once_per_phrase_list_and_a_crafted_entry_is_not_trusted(
        tmp_path, monkeypatch):
    """Which phrases of the lists OpenCC's own phrases overlap (variants.overlapped_phrases, a
    read of OpenCC's whole phrase table) is kept in the build state under the lists' digest: an
    edit does not look again, a changed list does, and an entry naming a phrase the lists lack is
    found again, not used. Every build's output is the cold build's."""
    import generator.inputs

    project = project_with_articles(tmp_path / "project")
    config = load_config(project / "site.yaml")
    out = project / "site"
    build(project, config, out, search=False)
    found = []
    real = generator.inputs.overlapped_phrases
    monkeypatch.setattr(generator.inputs, "overlapped_phrases", lambda phrases: found.append(phrases) or real(phrases))
    edited = sorted((project / "content" / "articles").rglob("*.md"))[3]
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n\n", "\n\n编辑补充。", 1), encoding="utf-8")
    build(project, config, out, search=False)
    assert found == []
    phrases = project / "content" / "phrases.txt"
    phrases.write_text((phrases.read_text(encoding="utf-8") if phrases.exists() else "") + "\n出版日 出版日\n",
                       encoding="utf-8")
    build(project, config, out, search=False)
    assert len(found) == 1 and "出版日" in real(found[0])  # 出版日 takes the 日 of OpenCC's 日历
    cache = cache_path(state_folder(project, out), "overlapped")
    stamp, entries = plain.loads(cache.read_bytes(), tuple)
    cache.write_bytes(plain.dumps((stamp, {key: ("工会", "no such phrase") for key in entries})).encode())
    build(project, config, out, search=False, force=True)
    assert len(found) == 2
    assert tree(out) == tree(cold_build(project, tmp_path / "cold"))


def cold_build(project: Path, where: Path, search: bool = False) -> Path:
    """The project copied without its build state and built from nothing."""
    copy = where / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".digest", "site", ".site.*"))
    build(copy, load_config(copy / "site.yaml"), copy / "site", search=search)
    return copy / "site"
