"""Rebuilds reuse what did not change (parsed and converted articles, pages and feeds, a year's
search index) and still write exactly the bytes a cold build writes; a damaged cache or a changed
output file is never trusted."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from importlib import metadata
from pathlib import Path

import xxhash
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator import keep, output, pages, plain, search, urls
from generator import build as build_module
from generator.build import build
from generator.content import load_articles
from generator.cache import cache_path, manifest_path, read_rows, state_folder, write_rows
from generator.config import load_config
from generator.keep import GROUP, TEXTS, read_folder_list, read_list
from support import ROOT, make_project, pagefind_wrapper

# Real articles of the bundled content, three from each of its two years (2022 and 2023).
SOURCES = [path for day in sorted((ROOT / "content" / "articles").iterdir())
           for path in sorted(day.glob("*.md"))[:3]]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def records(folder: Path) -> dict[str, tuple[int, int, str]]:
    """What the output's list (output.Manifest) must say of each file digest wrote: its size,
    time and digest, as the disk has them."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != output.OWNER_MARK:
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns,
                                                          xxhash.xxh3_128_hexdigest(path.read_bytes()))
    return found


def cold_build(project: Path, out: Path, search: bool = True) -> dict[str, bytes]:
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(state_folder(project, out), ignore_errors=True)
    build(project, load_config(project / "site.yaml"), out, search=search, force=True)
    assert output._read_manifest(manifest_path(state_folder(project, out))).records == records(out)  # the writer's records, not read back
    return tree(out)


def edit_body(text: str, word: str) -> str:
    front, _, body = text.partition("\n---\n")
    return f"{front}\n---\n{word}{body}"


TEMPLATES = ["article.html", "_macros.html", "base.html", "issue.html", "topic.html", "archive.html", "_masthead.html"]
EDITS = st.lists(st.tuples(st.sampled_from(["edit", "add", "remove", "retitle", "convert", "template", "touch",
                                            "settings", "phrases", "strings"]),
                           st.integers(0, 100), st.sampled_from(["工会", "帮扶", "职工", "劳模"])),
                 min_size=1, max_size=3)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(edits=EDITS)
@example(edits=[("convert", 0, "工会")])  # only the Traditional index changes; the Simplified one is reused
@example(edits=[("template", 0, "工会"), ("edit", 2, "帮扶"), ("template", 2, "职工")])  # article.html, base.html
@example(edits=[("settings", 0, "工会"), ("phrases", 0, "职工"), ("strings", 0, "劳模")])
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
        elif action == "template":  # a visible change to one template and every page that uses it
            template = project / "themes" / config.theme / "templates" / TEMPLATES[number % len(TEMPLATES)]
            template.write_text(template.read_text(encoding="utf-8") + f"<!-- {word} -->\n", encoding="utf-8")
        elif action == "settings":  # the site's description: every page's head, the feeds
            settings = project / "site.yaml"
            settings.write_text(settings.read_text(encoding="utf-8").replace("description: ", f"description: {word}", 1),
                                encoding="utf-8")
        elif action == "phrases":  # the site's phrase list: the Traditional texts holding the word
            phrases = project / "content" / "phrases.txt"
            with phrases.open("a", encoding="utf-8") as listed:
                listed.write(f"{word} 公會\n")
        elif action == "strings":  # an interface string of the theme on every page, in every variant
            strings = project / "themes" / config.theme / "strings.yaml"
            strings.write_text(strings.read_text(encoding="utf-8").replace("search_button: ", f"search_button: {word}", 1),
                               encoding="utf-8")
        elif action == "retitle":
            text = chosen.read_text(encoding="utf-8")
            chosen.write_text(text.replace("title: ", f"title: {word}", 1), encoding="utf-8")
        else:
            chosen.touch()
        build(project, load_config(project / "site.yaml"), incremental)
        assert tree(incremental) == cold_build(project, root / "cold")
        assert output._read_manifest(manifest_path(state_folder(project, incremental))).records == records(incremental)


def test_a_rebuild_after_a_tool_changed_is_not_skipped(tmp_path, monkeypatch):
    """Nothing in the project changed, but a library that shapes the output did, or the Pagefind
    binary was replaced where it stands: the rebuild is made, not skipped as up to date, and a
    new Pagefind makes every index again. The same Pagefind installed afresh elsewhere, with a
    new time (a CI run's new virtual environment), is the same tool: nothing is made again."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config, out = load_config(project / "site.yaml"), tmp_path / "site"
    pagefind = pagefind_wrapper(tmp_path / "pagefind")
    monkeypatch.setenv("DIGEST_PAGEFIND", str(pagefind))
    build(project, config, out)
    assert build(project, config, out).up_to_date

    version = metadata.version
    monkeypatch.setattr(metadata, "version", lambda name: "99.0" if name == "opencc" else version(name))
    assert not build(project, config, out).up_to_date
    assert build(project, config, out).up_to_date
    monkeypatch.undo()
    monkeypatch.setenv("DIGEST_PAGEFIND", str(pagefind))
    assert not build(project, config, out).up_to_date  # the version it had before
    assert build(project, config, out).up_to_date

    keys = read_folder_list(state_folder(project, out))
    assert len(keys) == 3  # one for both variants: 2022, 2023's months before December, December 2023
    assert not list(out.rglob("*.key")), "no key file in the published indexes"
    installed_again = tmp_path / "new-environment" / "pagefind"
    installed_again.parent.mkdir()
    shutil.copy(pagefind, installed_again)  # a new time, the same bytes
    monkeypatch.setenv("DIGEST_PAGEFIND", str(installed_again))
    assert build(project, config, out).up_to_date
    pagefind_wrapper(installed_again, before="# upgraded\n")
    assert not build(project, config, out).up_to_date
    again = read_folder_list(state_folder(project, out))
    assert again.keys() == keys.keys() and all(again[folder] != key for folder, key in keys.items())


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    expected = cold_build(project, tmp_path / "reference")
    cache = cache_path(state_folder(project, out))
    cache.parent.mkdir(parents=True, exist_ok=True)
    for damage in (b"", b"not json", b"\x80\x05garbage", None):
        if damage is None:  # a sound state value of something else
            damage = plain.dumps(("another version", {"key": "not an article"})).encode()
        cache.write_bytes(damage)
        build(project, config, out, force=True)
        assert tree(out) == expected
    # A sound database with damaged rows: a head that is not an article, a body changed.
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE articles SET head = ? WHERE variant = 'zh-hant'", (plain.dumps("not an article"),))
        assert db.execute("UPDATE payloads SET body = body || '<p>changed</p>'").rowcount > 0
    build(project, config, out, force=True)
    assert tree(out) == expected
    with sqlite3.connect(cache) as db:
        assert db.execute("UPDATE payloads SET body = body || '<p>changed</p>'").rowcount > 0
        assert db.execute("UPDATE payloads SET findings = ? WHERE variant = 'zh-hant'", (plain.dumps(()),)).rowcount > 0
    cache_path(state_folder(project, out), "pages-zh-hant").unlink()  # every zh-Hant page rendered again: bodies read
    build(project, config, out, force=True)
    assert tree(out) == expected
    # Damaged texts read only for the pages rendered again (the others kept): converted again.
    with sqlite3.connect(cache) as db:
        db.execute("UPDATE articles SET head = ? WHERE variant = 'zh-hant'", (b"\x80\x05garbage",))
    removed = [p for p in (out / "zh-hant").rglob("index.html") if "articles" in p.parts or "issues" in p.parts]
    for page in removed[::3]:
        page.unlink()
    build(project, config, out, force=True)
    assert tree(out) == expected
    # The cache a build leaves is complete: a rebuild from it alone equals the cold build.
    cache.write_bytes(cache.read_bytes())
    shutil.rmtree(out)
    build(project, config, out)
    assert tree(out) == expected
    # A search index made again from stored words that were changed: they are cut again.
    with sqlite3.connect(cache) as db:
        assert db.execute("UPDATE words SET words = words || ' 改动'").rowcount > 0
    shutil.rmtree(out)
    build(project, config, out)
    assert tree(out) == expected


def test_a_first_build_into_a_folder_that_does_not_exist_yet(tmp_path):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES[:2]})
    out = tmp_path / "new" / "deeper" / "site"
    build(project, load_config(project / "site.yaml"), out, search=False)
    assert (out / "zh-hant" / "index.html").is_file() and cache_path(state_folder(project, out)).is_file()


def identities(folder: Path) -> dict[str, int]:
    """Each file's inode: a file kept from the previous build is the same file (left in place)."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def written_stamp(path: Path) -> str:
    """The stamp a part of the build state was written with (cache.write_rows)."""
    return json.loads(path.read_bytes())["stamp"]


def keyed(project: Path, folder: Path) -> set[str]:
    """The pages and feeds (the files a build may keep), as the build listed them (each variant's
    list, and the zh-Hant review pages' own)."""
    state = state_folder(project, folder)
    lists = [read_list(state, name, written_stamp(cache_path(state, f"pages-{name}")))
             for name in ("zh-hans", "zh-hant", "zh-hant-review")]
    return {path for kept in lists for path, entry in kept.items() if not path.startswith(GROUP) and path != TEXTS}


def test_an_edit_renders_again_only_the_files_that_show_the_article(tmp_path):
    """The bundled articles; one article's body edited. A page or feed that was rendered again
    (a new file, not the previous one left in place) must link to the edited article; the rest are the
    previous build's files."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8")
                                      for p in sorted((ROOT / "content" / "articles").rglob("*.md"))})
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    first = build(project, config, out, search=False)
    pages = keyed(project, out)
    # All but the root page and root 404; and the zh-Hant review's JSON, the sitemap index and its
    # sitemaps, and each variant's search script table.
    assert len(pages) == first.pages + first.feeds - 2 + 2 + len(list((out / "sitemaps").iterdir())) + 2
    before = identities(out)
    again = build(project, config, out, search=False, force=True)
    after = identities(out)
    assert again.kept == len(pages) and all(after[path] == before[path] for path in pages)
    edited = sorted((project / "content" / "articles").rglob("*.md"))[5]
    edited.write_text(edit_body(edited.read_text(encoding="utf-8"), "编辑补充。"), encoding="utf-8")
    before = identities(out)
    result = build(project, config, out, search=False)
    after = identities(out)
    rendered = [path for path in pages if after[path] != before[path]]
    page = urls.article(next(a for a in load_articles(project / "content" / "articles") if a.path == str(edited)))
    assert rendered and all(page in (out / path).read_text(encoding="utf-8") for path in rendered)
    assert result.kept == len(pages) - len(rendered) and len(rendered) < len(pages) / 4
    assert tree(out) == cold_build(project, tmp_path / "cold", search=False)


def test_a_file_says_whose_texts_its_key_takes_and_a_body_edit_takes_the_keys_of_those_alone(tmp_path, monkeypatch):
    """The bundled articles. Every page that says which articles' texts it shows (keep.Artifact's
    shows) takes no other text into its key (each is read through pages.digests_of); a build
    after an edit of one article's body takes the keys of the files that show it and of those
    that say nothing, no other; the site is the cold build's."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8")
                                      for p in sorted((ROOT / "content" / "articles").rglob("*.md"))})
    config = load_config(project / "site.yaml")
    out, log = tmp_path / "site", tmp_path / "keys.txt"
    reading: list[str] = []
    read_texts = pages.digests_of

    def digests_of(texts, articles):
        articles = list(articles)
        reading.extend(a.key for a in articles)
        return read_texts(texts, articles)

    def write(line: str) -> None:  # from the variants' processes (forked: they share the patches)
        with log.open("a", encoding="utf-8") as file:
            file.write(line + "\n")

    def audited(put):
        def checked(self, items):
            def each():
                for item in items:
                    # A group's key is taken under its name; undone, its pages' keys under their paths.
                    names = [item.path] if isinstance(item, keep.Artifact) else [item.name, *item.paths]
                    if item.shows is not None:
                        reading.clear()
                        keep._values(item.made_from)
                        assert set(reading) <= set(item.shows), f"{names[0]} takes texts it does not show"
                        for name in names:
                            write("shows\t" + name + "\t" + " ".join(item.shows))
                    yield item
            return put(self, each())
        return checked

    taken_key = keep.key_of
    monkeypatch.setattr(pages, "digests_of", digests_of)
    monkeypatch.setattr(keep.Keeper, "put", audited(keep.Keeper.put))
    monkeypatch.setattr(keep, "key_of", lambda *parts: (write(f"key\t{parts[0]}"), taken_key(*parts))[1])

    def keyed() -> set[str]:
        lines = log.read_text(encoding="utf-8").splitlines()
        found = {line.split("\t")[1] for line in lines if line.startswith("key\t")}
        log.unlink()
        return found

    build(project, config, out, search=False)
    showing: dict[str, set[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("shows\t"):
            _, name, keys = line.split("\t")
            for key in keys.split():
                showing.setdefault(key, set()).add(name)
    said = {name for names in showing.values() for name in names}
    everything = keyed()
    build(project, config, out, search=False, force=True)
    unchanged = keyed()
    assert said and not unchanged & said, "nothing changed: no file that says what it shows takes its key"
    edited = sorted((project / "content" / "articles").rglob("*.md"))[5]
    key = next(a.key for a in load_articles(project / "content" / "articles") if a.path == str(edited))
    edited.write_text(edit_body(edited.read_text(encoding="utf-8"), "编辑补充。"), encoding="utf-8")
    build(project, config, out, search=False)
    after_edit = keyed()
    assert after_edit - unchanged == showing[key] & everything
    assert tree(out) == cold_build(project, tmp_path / "cold", search=False)


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(page_size=st.integers(1, 3), picks=st.lists(st.integers(0, 32), min_size=1, max_size=4, unique=True))
def test_a_new_issue_day_leaves_every_numbered_list_page_as_it_was(tmp_path_factory, page_size, picks):
    """The bundled articles in lists of page_size, then two new issue days, each of 3 × page_size
    copies of some of them (their reporters and topics: the second day adds to lists the first
    gave numbered pages). The
    numbered pages of every topic's and person's list keep their contents (paging.py), so each
    rebuild leaves them in place. Only front pages change, and a list's newest numbered page where
    a newer one comes after it (its link to newer items)."""
    sources = sorted((ROOT / "content" / "articles").rglob("*.md"))
    # a copied article that names nobody adds to no person's list: the premise below needs one
    assume(any(re.search(r"^(reporters|authors|correspondents|photographers):",
                         sources[number].read_text(encoding="utf-8"), re.M) for number in picks))
    root = tmp_path_factory.mktemp("new-day")
    project = make_project(root, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in sources})
    settings_file = project / "site.yaml"
    settings_file.write_text(re.sub(r"^page_size: .*$", f"page_size: {page_size}",
                                    settings_file.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    config = load_config(settings_file)
    out = root / "site"
    build(project, config, out, search=False)
    for date in ("2023-12-30", "2023-12-31"):
        before = identities(out)
        numbered = [path for path in before if "/page/" in path]
        newest: dict[str, int] = {}
        for path in numbered:
            listing, _, number = path.removesuffix("/index.html").partition("/page/")
            newest[listing] = max(newest.get(listing, 0), int(number))
        day = project / "content" / "articles" / f"new-{date}"
        day.mkdir()
        for number in picks:
            text = re.sub(r"^date: .*$", f"date: {date}", sources[number].read_text(encoding="utf-8"),
                          count=1, flags=re.M)
            for copy in range(3 * page_size):
                (day / f"copy-{number}-{copy}.md").write_text(text, encoding="utf-8")
        build(project, config, out, search=False)
        after = identities(out)
        changed = [path for path in numbered if after.get(path) != before[path]]
        assert [path for path in changed
                if not path.endswith(f"/page/{newest[path.partition('/page/')[0]]}/index.html")] == []
    assert any("/people/" in path for path in numbered)  # the second day's lists had some to keep
    assert tree(out) == cold_build(project, root / "cold", search=False)


def test_an_output_file_changed_by_hand_or_a_damaged_page_list_is_not_trusted(tmp_path):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    expected = cold_build(project, tmp_path / "reference")
    build(project, config, out)
    page = next(out.glob("zh-hant/articles/20*/*/index.html"))
    with open(page, "ab") as file:
        file.write(b"<!-- changed by hand -->")
    build(project, config, out, force=True)
    assert tree(out) == expected
    for name in ("pages-zh-hans", "articles", "review-zh-hant"):
        cache_path(state_folder(project, out), name).write_bytes(b"\x80\x05garbage")
    cache_path(state_folder(project, out), "pages-zh-hant-review").unlink()  # the review queue made again
    os.utime(page, ns=(0, 0))
    build(project, config, out, force=True)
    assert tree(out) == expected
    # A list of this version with a misshapen entry is ignored whole (trusted, the entry would fail).
    listed = cache_path(state_folder(project, out), "pages-zh-hant")
    stamp = written_stamp(listed)
    entries = read_rows(listed, stamp)
    name = next(n for n in entries if not n.startswith(GROUP) and "/articles/" in n)
    write_rows(listed, {**entries, name: (entries[name][0],)}, stamp)
    build(project, config, out, force=True)
    assert tree(out) == expected
    # A month of the review queue kept with a misshapen row, or under another key, is made again.
    kept = cache_path(state_folder(project, out), "review-zh-hant")
    stamp, months = plain.loads(kept.read_bytes())
    for damage in (lambda key, rows: (key, ((*rows[0][:7], None), *rows[1:])),
                   lambda key, rows: ("another key", rows[1:])):
        kept.write_text(plain.dumps((stamp, {name: damage(*part) for name, part in months.items()})))
        cache_path(state_folder(project, out), "pages-zh-hant-review").unlink()  # the review pages made again
        build(project, config, out, force=True)
        assert tree(out) == expected


class StopsAfterMoves:
    """os for output.py, whose os.replace fails after `moves` calls: a build stopped while it
    moves its files into the site (the journal itself is the first call)."""

    def __init__(self, moves: int) -> None:
        self.moves = moves

    def __getattr__(self, name):
        return getattr(os, name)

    def replace(self, source, target) -> None:
        self.moves -= 1
        if self.moves < 0:
            raise OSError("stopped")
        os.replace(source, target)


def test_a_build_stopped_while_moving_files_in_is_completed_from_its_journal(tmp_path, monkeypatch):
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config = load_config(project / "site.yaml")
    out = tmp_path / "site"
    build(project, config, out, search=False)
    removed = sorted((project / "content" / "articles").rglob("*.md"))[0]
    removed.unlink()  # its pages are removed
    template = project / "themes" / config.theme / "templates" / "base.html"
    template.write_text(template.read_text(encoding="utf-8") + "<!-- 工会 -->\n", encoding="utf-8")
    expected = cold_build(project, tmp_path / "cold", search=False)
    for moves in (1, 40):
        monkeypatch.setattr(output, "os", StopsAfterMoves(moves))
        try:
            build(project, config, out, search=False)
        except OSError:
            pass
        monkeypatch.undo()
        journal = out.absolute().with_name(".site.journal")
        assert journal.exists() and tree(out) != expected
        output._recover(out.absolute(), manifest_path(state_folder(project, out)))  # what the next build does first
        assert not journal.exists() and not list(tmp_path.glob(".site.staging-*"))
        assert tree(out) == expected
        template.write_text(template.read_text(encoding="utf-8") + "<!-- 职工 -->\n", encoding="utf-8")
        expected = cold_build(project, tmp_path / "cold", search=False)
    build(project, config, out, search=False)
    assert tree(out) == expected
    assert not [folder for folder in out.rglob("*") if folder.is_dir() and not any(folder.iterdir())]


def test_the_interface_strings_are_compared_for_the_review_only_when_they_change(tmp_path, monkeypatch):
    """The review queue's part for the theme's interface strings is kept between builds: a new
    issue day does not compare them again (it loads the second converter's segmenter); an edit
    of the strings does. Each queue is the cold build's."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES[:4]})
    config = load_config(project / "site.yaml")
    out, log = tmp_path / "site", tmp_path / "compared.txt"

    class Logged(build_module.ConversionReview):
        def compare(self, *args, **kwargs):
            with log.open("a", encoding="utf-8") as file:  # from the review's process
                file.write("compared\n")
            return super().compare(*args, **kwargs)

    def compared() -> int:
        count = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
        log.unlink(missing_ok=True)
        return count

    monkeypatch.setattr(build_module, "ConversionReview", Logged)
    queue = "zh-hant/_review/conversions.json"
    build(project, config, out, search=False)
    assert compared() == 1
    source = SOURCES[4]
    (project / "content" / "articles" / source.parent.name).mkdir(exist_ok=True)
    shutil.copy(source, project / "content" / "articles" / source.parent.name / source.name)
    build(project, config, out, search=False)
    assert compared() == 0
    assert tree(out)[queue] == cold_build(project, tmp_path / "cold", search=False)[queue]
    compared()
    strings = project / "themes" / config.theme / "strings.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace("search_button: ", "search_button: 項目", 1),
                       encoding="utf-8")
    build(project, config, out, search=False)
    assert compared() == 1
    assert tree(out)[queue] == cold_build(project, tmp_path / "cold", search=False)[queue]


def test_each_template_is_compiled_once_a_build_not_in_every_process_that_renders(tmp_path, monkeypatch):
    """The pages' processes (a variant each, the review) load the templates compiled beside the
    reading of the inputs (theme.CompiledTemplates) instead of compiling them again: a template
    is compiled once in a build, whichever processes render with it, and the site is the one
    a build that compiles in every process makes."""
    import jinja2

    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config, out = load_config(project / "site.yaml"), tmp_path / "site"
    compiled = tmp_path / "compiled.log"
    compile_source = jinja2.Environment.compile

    def logged(self, source, name=None, filename=None, raw=False, defer_init=False):
        with open(compiled, "a", encoding="utf-8") as log:  # the processes are forked: a file, not a list
            log.write(f"{os.getpid()} {name}\n")
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", logged)
    build(project, config, out, search=False)
    names = [line.split()[1] for line in compiled.read_text(encoding="utf-8").splitlines()]
    assert "article.html" in names and "review.html" in names
    assert sorted(names) == sorted(set(names)), "a template compiled in more than one process"
    assert len({line.split()[0] for line in compiled.read_text(encoding="utf-8").splitlines()}) == 1

    monkeypatch.setattr(build_module, "use_compiled", lambda theme, compiled: None)
    assert tree(out) == cold_build(project, tmp_path / "cold", search=False)


def test_an_edited_articles_search_words_are_cut_once_by_the_process_that_converts_it(tmp_path, monkeypatch):
    """The converting process cuts the search words of the texts it converts (search.cut_ahead,
    with the dictionary its review loads) under the key the search looks them up by: after an
    edit, one text is cut, there, and the search's processes cut none; a build without search
    cuts nothing; the site is the cold build's."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config, out, log = load_config(project / "site.yaml"), tmp_path / "site", tmp_path / "cuts.log"
    cut, ahead = search.Segmenter.words, build_module.cut_ahead

    def logged(what):
        def write(*args):
            with open(log, "a", encoding="utf-8") as file:  # from forked processes: a file
                file.write(f"{what} {os.getpid()}\n")
            return (cut if what == "cut" else ahead)(*args)
        return write

    def cuts() -> tuple[int, bool]:
        """How many texts were cut, and whether every cut was in a process cutting ahead."""
        lines = [line.split() for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
        log.unlink(missing_ok=True)
        cutting = [pid for what, pid in lines if what == "cut"]
        return len(cutting), set(cutting) <= {pid for what, pid in lines if what == "ahead"}

    monkeypatch.setattr(search.Segmenter, "words", logged("cut"))
    monkeypatch.setattr(build_module, "cut_ahead", logged("ahead"))
    build(project, config, out)
    assert cuts() == (len(SOURCES), True)
    edited = sorted((project / "content" / "articles").rglob("*.md"))[-1]
    edited.write_text(edit_body(edited.read_text(encoding="utf-8"), "编辑补充。"), encoding="utf-8")
    build(project, config, out)
    assert cuts() == (1, True)
    assert tree(out) == cold_build(project, tmp_path / "cold")
    cuts()
    edited.write_text(edit_body(edited.read_text(encoding="utf-8"), "再补充。"), encoding="utf-8")
    build(project, config, tmp_path / "without", search=False)
    assert cuts() == (0, True)


def test_the_words_kept_for_search_are_those_of_the_articles_the_site_has(tmp_path):
    """The state's words (the source's) and display fixes (each other variant's) of an article
    removed are forgotten by the build that removes it; an article moved to a new day (every
    index made again, in two processes) has those of its new page alone."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config, out = load_config(project / "site.yaml"), tmp_path / "site"
    state = cache_path(state_folder(project, out))

    def kept() -> dict[str, set[str]]:
        with sqlite3.connect(state) as db:
            rows = db.execute("SELECT variant, page FROM words").fetchall()
        return {variant: {page for v, page in rows if v == variant} for variant in ("zh-hans", "zh-hant")}

    def pages() -> set[str]:
        return {urls.article(article) for article in load_articles(project / "content" / "articles")}

    build(project, config, out)
    assert kept() == {"zh-hans": pages(), "zh-hant": pages()}
    files = sorted((project / "content" / "articles").rglob("*.md"))
    files[0].unlink()  # the oldest: its period's index is made again
    build(project, config, out)
    assert kept() == {"zh-hans": pages(), "zh-hant": pages()} and len(pages()) == len(SOURCES) - 1
    moved = files[-1].parent.parent / "2099-01-01" / files[-1].name
    moved.parent.mkdir()
    files[-1].rename(moved)  # a new newest day: the periods change, every index is made
    moved.write_text(re.sub(r"^date: .*$", "date: '2099-01-01'", moved.read_text(encoding="utf-8"), count=1,
                            flags=re.M), encoding="utf-8")
    build(project, config, out)
    assert kept() == {"zh-hans": pages(), "zh-hant": pages()}
    assert tree(out) == cold_build(project, tmp_path / "cold")


def test_a_search_index_made_again_reads_the_bodies_of_its_changed_articles_alone(tmp_path, monkeypatch):
    """An index made again for one edited article takes the other articles' words and each
    other variant's display fixes from the build state (DocumentWords): display_fixes runs for
    the edited article alone, and the site is the cold build's. Fixes stored in another shape
    (a crafted state) are made again, not used."""
    project = make_project(tmp_path, {f"{p.parent.name}/{p.name}": p.read_text(encoding="utf-8") for p in SOURCES})
    config, out, log = load_config(project / "site.yaml"), tmp_path / "site", tmp_path / "fixed.log"
    made_fixes = search.display_fixes

    def logged(source, variant, table):
        with open(log, "a", encoding="utf-8") as file:  # from the search's processes
            file.write(f"{len(source)}\n")
        return made_fixes(source, variant, table)

    def fixed() -> int:
        count = len(log.read_text(encoding="utf-8").splitlines()) if log.exists() else 0
        log.unlink(missing_ok=True)
        return count

    monkeypatch.setattr(search, "display_fixes", logged)
    build(project, config, out)
    assert fixed() == len(SOURCES)  # one other variant (zh-Hant): each article's fixes made once
    edited = sorted((project / "content" / "articles").rglob("*.md"))[-1]
    edited.write_text(edit_body(edited.read_text(encoding="utf-8"), "编辑补充。"), encoding="utf-8")
    build(project, config, out)
    assert fixed() == 1
    assert tree(out) == cold_build(project, tmp_path / "cold")
    fixed()

    state = cache_path(state_folder(project, out))
    with sqlite3.connect(state) as db:
        rows = db.execute("SELECT page, key FROM words WHERE variant = 'zh-hant'").fetchall()
    assert len(rows) == len(SOURCES)
    from generator.store import ArticleStore
    store = ArticleStore(state)
    store.put_words("zh-hant", {page: (key, '[[9, 2, "倒"]]') for page, key in rows[:2]}
                    | {page: (key, '{"not": "fixes"}') for page, key in rows[2:4]})
    store.close()
    for folder in (out / urls.SEARCH_INDEXES).iterdir():  # every index made again, from the state
        shutil.rmtree(folder)
    build(project, config, out)
    assert fixed() == 4
    assert tree(out) == cold_build(project, tmp_path / "cold")
