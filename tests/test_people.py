"""People named in bylines have pages (issue 26): ASCII addresses from pinyin that never move
when issues are added, two people of one name told apart by content/people.yaml, names linked
from article pages, a feed each."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content import Article
from generator.people import PersonEntry, people, pinyin_id
from support import make_project, run_digest


def test_an_address_is_the_names_pinyin_surname_first():
    assert pinyin_id("邹倜然") == "zou-tiran"
    assert pinyin_id("单雄") == "shan-xiong"  # 单 as a surname
    assert pinyin_id("曾志") == "zeng-zhi"
    assert pinyin_id("热孜万古丽·沙塔尔") == "re-ziwanguli-shataer"
    assert re.fullmatch(r"[a-z0-9-]+", pinyin_id("Tom 李"))


def _article(day: int, name: str, slug: str) -> Article:
    import dataclasses

    fields = {f.name: f for f in dataclasses.fields(Article)}
    values = {name_: (f.default if f.default is not dataclasses.MISSING else
                      f.default_factory() if f.default_factory is not dataclasses.MISSING else None)
              for name_, f in fields.items()}
    values.update(title=slug, date=dt.date(2022, 1, 1) + dt.timedelta(days=day), slug=slug, reporters=(name,))
    return Article(**values)


NAMES = ["张伟", "章伟", "张玮", "李明"]  # the first three read zhang-wei


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 400), st.sampled_from(NAMES)), min_size=1, max_size=12),
       st.lists(st.tuples(st.integers(401, 800), st.sampled_from(NAMES)), max_size=6))
def test_later_issues_never_move_a_persons_address(earlier, later):
    """Whatever is published later, everyone already published keeps their address; people of
    names that read alike get distinct addresses, the first published the plain one."""
    before = [_article(day, name, f"a{i}") for i, (day, name) in enumerate(earlier)]
    after = before + [_article(day, name, f"b{i}") for i, (day, name) in enumerate(later)]
    newest_first = lambda items: tuple(sorted(items, key=lambda a: a.date, reverse=True))  # noqa: E731
    old = {p.name: p.id for p in people(newest_first(before), ())}
    new = {p.name: p.id for p in people(newest_first(after), ())}
    assert all(new[name] == id_ for name, id_ in old.items())
    assert len(set(new.values())) == len(new)
    first = min(before, key=lambda a: (a.date, a.reporters[0]))
    if pinyin_id(first.reporters[0]) == "zhang-wei":
        assert old[first.reporters[0]] == "zhang-wei"


def test_two_people_of_one_name_are_told_apart_by_the_editors_list():
    one, two, three = _article(1, "张伟", "a"), _article(2, "张伟", "b"), _article(3, "张伟", "c")
    found = people((three, two, one), (PersonEntry("张伟", "zhang-wei-shandong", ("2022-01-03/b",)),))
    assert {p.id: [a.slug for a in p.articles] for p in found} == {"zhang-wei": ["c", "a"], "zhang-wei-shandong": ["b"]}


BYLINED = "---\ntitle: {title}\ndate: {date}\nreporters: [{name}]\n---\n正文。\n"


def test_a_built_site_links_bylines_to_pages_that_list_each_persons_articles(tmp_path):
    project = make_project(tmp_path, {
        "2022-01-17/a.md": BYLINED.format(title="甲文", date="2022-01-17", name="邹倜然"),
        "2022-01-18/b.md": BYLINED.format(title="乙文", date="2022-01-18", name="邹倜然"),
        "2022-01-18/c.md": BYLINED.format(title="丙文", date="2022-01-18", name="张伟"),
        "2022-01-19/d.md": BYLINED.format(title="丁文", date="2022-01-19", name="张伟")})
    (project / "content" / "people.yaml").write_text(
        "- {name: 张伟, id: zhang-wei-2, articles: [2022-01-19/d]}\n", encoding="utf-8")
    assert run_digest("build", "--no-search", "--project", str(project)).returncode == 0
    site = project / "site" / "zh-hant"
    article = (site / "articles/2022-01-17/a/index.html").read_text(encoding="utf-8")
    assert '<a href="/digest/zh-hant/people/zou-tiran/">鄒倜然</a>' in article
    page = (site / "people/zou-tiran/index.html").read_text(encoding="utf-8")
    assert page.index("乙文") < page.index("甲文") and "<h1>鄒倜然</h1>" in page  # newest first
    assert "丁文" in (site / "people/zhang-wei-2/index.html").read_text(encoding="utf-8")
    assert "丁文" not in (site / "people/zhang-wei/index.html").read_text(encoding="utf-8")
    feed = feedparser.parse((site / "people/zou-tiran/feed.xml").read_bytes())
    assert feed.bozo == 0 and [e.title for e in feed.entries] == ["乙文", "甲文"]
    listing = (site / "people/index.html").read_text(encoding="utf-8")
    assert listing.index("zou-tiran") < listing.index("zhang-wei-2")  # most articles first
    assert run_digest("check", "--project", str(project)).returncode == 0


def test_a_mistake_in_the_people_list_names_the_file_and_line(tmp_path):
    project = make_project(tmp_path, {"2022-01-17/a.md": BYLINED.format(title="甲", date="2022-01-17", name="张伟")})
    (project / "content" / "people.yaml").write_text("- {name: 张伟, id: zhang-wei-2}\n- {name: 李明, id: Li Ming}\n",
                                                     encoding="utf-8")
    result = run_digest("build", "--no-search", "--project", str(project))
    assert result.returncode == 1
    assert result.stderr.startswith("digest: error: ") and "people.yaml:2:" in result.stderr


def test_a_rebuild_makes_pinyin_only_for_new_names_and_never_trusts_a_stored_address(tmp_path, monkeypatch):
    """The names' addresses are kept in the build state: a rebuild that brings no new name does
    not read a name's pinyin again, one that does reads only the new one's, and an address in
    the state that is not a well-formed id (a crafted state) is made again, never used as a path."""
    import generator.people
    from generator.build import build
    from generator.cache import cache_path, read_cache, state_folder, write_cache
    from generator.config import load_config

    project = make_project(tmp_path, {
        "2022-01-17/a.md": BYLINED.format(title="甲文", date="2022-01-17", name="邹倜然"),
        "2022-01-18/b.md": BYLINED.format(title="乙文", date="2022-01-18", name="张伟")})
    config = load_config(project / "site.yaml")
    build(project, config, search=False)
    site = project / "site"
    cold = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    made = []
    real = generator.people.pinyin_id
    monkeypatch.setattr(generator.people, "pinyin_id", lambda name: made.append(name) or real(name))
    edited = project / "content" / "articles" / "2022-01-17" / "a.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("正文。", "正文有改。"), encoding="utf-8")
    build(project, config, search=False)
    assert made == []
    (project / "content" / "articles" / "2022-01-18" / "c.md").write_text(
        BYLINED.format(title="丙文", date="2022-01-18", name="单雄"), encoding="utf-8")
    build(project, config, search=False)
    assert made == ["单雄"] and (site / "zh-hans" / "people" / "shan-xiong" / "index.html").is_file()
    (project / "content" / "articles" / "2022-01-18" / "c.md").unlink()
    state = cache_path(state_folder(project, site), "pinyin")
    stamp = plain_stamp(state)
    write_cache(state, {name: "../../outside" for name in read_cache(state, stamp, str)}, stamp)
    build(project, config, search=False, force=True)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == cold
    assert not (tmp_path / "outside").exists() and not (project / "outside").exists()


def plain_stamp(cache) -> str:
    """The stamp a cache file was written with (cache.write_cache: a (stamp, entries) tuple)."""
    from generator import plain

    return plain.loads(cache.read_bytes(), tuple)[0]
