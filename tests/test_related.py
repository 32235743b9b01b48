"""Related articles (issue 26): under each article, earlier reports sharing its people, topics or
headline words. Properties over generated archives, and the pages of the bundled site."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

from hypothesis import given, settings, strategies as st

from generator.config import load_config
from generator.content import Article, load_articles
from generator.grouping import group
from generator.people import named
from generator.related import LIMIT, as_rows, related_articles
from support import ROOT

CONFIG = load_config(ROOT / "site.yaml")
TOPICS = [topic.id for topic in CONFIG.topics]
NAMES = ["邹倜然", "毛朝阳", "张三", "李四", "王五"]
WORDS = ["工匠", "驿站", "技能", "竞赛", "劳模", "海口", "帮扶", "创业", "工会", "职工"]


@st.composite
def archives(draw) -> list[Article]:
    count = draw(st.integers(1, 40))
    articles = []
    for index in range(count):
        day = dt.date(2022, 1, 1) + dt.timedelta(days=draw(st.integers(0, 30)))
        title = "".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)))
        articles.append(Article(
            path=f"a{index}.md", slug=f"a{index}", date=day, title=title,
            topics=tuple(draw(st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))),
            reporters=tuple(draw(st.lists(st.sampled_from(NAMES), max_size=2, unique=True)))))
    return articles


def _related(articles: list[Article]) -> dict[str, tuple[Article, ...]]:
    return related_articles(group(articles, CONFIG), CONFIG.fallback_topic)[0]


@settings(max_examples=60, deadline=None)
@given(archives())
def test_related_articles_are_earlier_reports_sharing_a_person_or_a_topic(articles):
    found = _related(articles)
    by_key = {a.key: a for a in articles}
    for key, others in found.items():
        article = by_key[key]
        assert len(others) <= LIMIT
        assert len({o.key for o in others}) == len(others) and key not in {o.key for o in others}
        for other in others:
            assert other.date <= article.date
            shared_topics = (set(article.topics) & set(other.topics)) - {CONFIG.fallback_topic}
            assert set(named(article)) & set(named(other)) or shared_topics


@settings(max_examples=60, deadline=None)
@given(archives(), st.data())
def test_a_new_day_never_changes_what_the_days_before_it_show(articles, data):
    """The pages of earlier days are kept by a rebuild: their related lists may not move."""
    before = _related(articles)
    newest = max(a.date for a in articles)
    new_day = [dataclasses.replace(a, slug=f"new{index}", path=f"new{index}.md",
                                   date=newest + dt.timedelta(days=1))
               for index, a in enumerate(data.draw(st.lists(st.sampled_from(articles), min_size=1, max_size=5)))]
    after = _related(articles + new_day)
    assert {key: [o.key for o in others] for key, others in before.items()} == \
           {key: [o.key for o in after[key]] for key in before}


@settings(max_examples=30, deadline=None)
@given(archives(), st.randoms())
def test_the_order_files_are_read_in_changes_nothing(articles, random):
    shuffled = list(articles)
    random.shuffle(shuffled)
    assert {k: [o.key for o in v] for k, v in _related(articles).items()} == \
           {k: [o.key for o in v] for k, v in _related(shuffled).items()}


def _keys(found: dict[str, tuple[Article, ...]]) -> dict[str, list[str]]:
    return {key: [other.key for other in others] for key, others in found.items()}


@settings(max_examples=60, deadline=None)
@given(archives(), st.data())
def test_lists_kept_from_the_last_build_are_the_lists_made_afresh(articles, data):
    """A rebuild gives the last build's lists (related.Known): after any change (a new day, an
    article retitled, given other topics or people, or removed), and with entries of the state
    damaged, the lists are those of a build that had none."""
    _, known = related_articles(group(articles, CONFIG), CONFIG.fallback_topic)
    changed = list(articles)
    for _ in range(data.draw(st.integers(1, 3))):
        index = data.draw(st.integers(0, len(changed) - 1))
        action = data.draw(st.sampled_from(["new day", "retitle", "topics", "people", "remove"]))
        article = changed[index]
        if action == "new day":
            newest = max(a.date for a in changed)
            changed.append(dataclasses.replace(article, slug=f"n{len(changed)}", path=f"n{len(changed)}.md",
                                               date=newest + dt.timedelta(days=1)))
        elif action == "retitle":
            changed[index] = dataclasses.replace(article, title=data.draw(st.sampled_from(WORDS)) + article.title)
        elif action == "topics":
            changed[index] = dataclasses.replace(article, topics=tuple(data.draw(
                st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))))
        elif action == "people":
            changed[index] = dataclasses.replace(article, reporters=tuple(data.draw(
                st.lists(st.sampled_from(NAMES), max_size=2, unique=True))))
        elif len(changed) > 1:
            changed.pop(index)
    damaged = dict(known)
    for date in data.draw(st.lists(st.sampled_from(sorted(known)), max_size=2, unique=True)):
        damaged[date] = data.draw(st.sampled_from([(), ("x", {}), (known[date][0], {"no/such": ("a",)}),
                                                   (known[date][0], {key: ("no/such",) for key in known[date][1]})]))
    digest = group(changed, CONFIG)
    afresh = related_articles(digest, CONFIG.fallback_topic)
    assert _keys(related_articles(digest, CONFIG.fallback_topic, known)[0]) == _keys(afresh[0])
    stored = json.loads(json.dumps(as_rows(known)))  # as the build state's rows give it back
    assert _keys(related_articles(digest, CONFIG.fallback_topic, stored)[0]) == _keys(afresh[0])
    kept = related_articles(digest, CONFIG.fallback_topic, damaged)
    assert _keys(kept[0]) == _keys(afresh[0]) and kept[1] == afresh[1]


def test_lists_read_back_from_the_state_s_rows_are_kept_without_comparing_anything(monkeypatch):
    """The build state keeps the lists as rows of JSON (as_rows): read back for the same
    articles, every issue's lists are kept as they were, and nothing is compared again."""
    from generator import related

    digest = group(load_articles(ROOT / "content" / "articles"), CONFIG)
    found, known = related_articles(digest, CONFIG.fallback_topic)
    stored = json.loads(json.dumps(as_rows(known)))

    def compared(*_):
        raise AssertionError("compared again")

    monkeypatch.setattr(related, "_compared", compared)
    again, kept = related_articles(digest, CONFIG.fallback_topic, stored)
    assert kept == known and _keys(again) == _keys(found)


def test_the_bundled_site_shows_related_reports_under_its_articles(built_site):
    """Every related link leads to a page of the site, dated no later than the article, and the
    heading is in the variant's words."""
    articles = load_articles(ROOT / "content" / "articles")
    found = _related(articles)
    assert sum(1 for others in found.values() if others) >= len(articles) // 3
    for prefix, heading in (("zh-hans", "相关报道"), ("zh-hant", "相關報導")):
        for article in articles:
            page = (built_site / prefix / "articles" / article.date.isoformat() / article.slug / "index.html")
            html = page.read_text(encoding="utf-8")
            block = re.search(r'<aside class="related".*?</aside>', html, re.S)
            if not found[article.key]:
                assert block is None
                continue
            assert f">{heading}</h2>" in block.group(0)
            links = re.findall(r'href="/digest/([^"]+)"', block.group(0))
            assert links == [f"{prefix}/articles/{o.date.isoformat()}/{o.slug}/" for o in found[article.key]]
            assert all((built_site / link / "index.html").is_file() for link in links)
