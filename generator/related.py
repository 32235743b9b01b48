"""Related articles: under each article, a few earlier reports that share its reporters, its
topics or the words of its headline, as a paper prints 相关报道 under a story.

Only articles of the same issue date or earlier are related to an article: a reader following
a story goes back in time, and a new day never changes the pages of the days before it (a
rebuild keeps them). Each article is compared with the most recent earlier articles of each
topic and person it shares (CANDIDATES of each), so the work grows with the archive's size
and not with its square.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from .content import Article
from .grouping import Digest
from .ingest.text import HAN_RUN
from .people import named

LIMIT = 4
"""Related articles shown under an article."""
CANDIDATES = 20
"""Earlier articles looked at in each topic and each person an article shares."""
PERSON, TOPIC = 3, 2
"""What a shared person and a shared topic count; each shared pair of headline characters counts 1."""
ENOUGH = 3
"""The least score of a related article: a shared person, or a shared topic and a shared word."""
COMMON_SHARE = 20
"""A pair of characters in more than one headline in COMMON_SHARE (and more than three) up to
an article's day says nothing of a story (工会, 职工 in a union paper): it is not counted."""


def headline_pairs(article: Article) -> frozenset[str]:
    """The pairs of Han characters in the headline's parts and the summary: the words two
    headlines share, without a dictionary (工匠, 驿站, 海口 are each a pair)."""
    text = " ".join((article.kicker, article.title, article.subtitle, article.summary))
    return frozenset(run[i:i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1))


Known = dict[str, tuple[str, dict[str, tuple[str, ...]]]]
"""Issue date (ISO) -> the chain its lists were made with, and each of its articles' related
articles (keys, best first): the build state's part `related` (inputs.py)."""
Pending = dict[str, tuple[str, dict[str, tuple[str, ...]] | None]]
"""Known, with None for the lists of an issue not kept from the last build (still to compare)."""


def _features(article: Article) -> bytes:
    """All of an article that its own list and the later articles' lists are made from."""
    parts = (article.key, article.date.isoformat(), article.topics, named(article), article.kicker, article.title,
             article.subtitle, article.summary)
    return repr(parts).encode("utf-8", "surrogatepass")


def _kept(entry: object, link: str, keys: list[str], articles: dict[str, Article]) -> dict[str, tuple[str, ...]] | None:
    """The issue's lists in entry (from the build state, as Known or as its rows: its shape is
    checked), if made with the same chain for the same articles, and every article they name is
    still there."""
    if not (isinstance(entry, (tuple, list)) and len(entry) == 2 and entry[0] == link and isinstance(entry[1], dict)):
        return None
    lists = entry[1]
    if list(lists) != keys:
        return None
    for related in lists.values():
        if not isinstance(related, (tuple, list)) or not all(isinstance(key, str) and key in articles
                                                              for key in related):
            return None
    return {key: tuple(related) for key, related in lists.items()}


def as_rows(known: Known) -> dict[str, list]:
    """Known as the build state keeps it (cache.write_rows): what read_rows gives back."""
    return {date: [link, {key: list(related) for key, related in lists.items()}]
            for date, (link, lists) in known.items()}


def related_articles(digest: Digest, fallback_topic: str,
                     known: Known | dict[str, list] | None = None) -> tuple[dict[str, tuple[Article, ...]], Known]:
    """Article key -> its related articles, best first (ties: the newer first); and every
    issue's lists as Known, for the next build. Everything an article's list is made from is of
    its issue date or earlier, even which headline words are common: a new day leaves the lists
    of the days before it as they were. known: the last build's; an issue of the same chain
    keeps its lists, and where every issue does (an edit of an article's body), nothing is
    compared. known may be as_rows gives it (the build state's rows)."""
    known = known or {}
    articles = {a.key: a for a in digest.articles}
    # digest's own code (these constants, _best) is in the stamp of the state that keeps Known
    chain = hashlib.blake2b(fallback_topic.encode("utf-8", "surrogatepass"), digest_size=16)
    made: Pending = {}
    for issue in reversed(digest.issues):  # oldest first: an issue's chain holds the days before it
        for article in issue.articles:
            chain.update(_features(article))
        link, date = chain.hexdigest(), issue.date.isoformat()
        made[date] = (link, _kept(known.get(date), link, [a.key for a in issue.articles], articles))
    if any(lists is None for _, lists in made.values()):
        made = _compared(digest, fallback_topic, made)
    found = {key: tuple(articles[other] for other in related)
             for _, lists in made.values() for key, related in lists.items()}
    return found, made


def _compared(digest: Digest, fallback_topic: str, made: Pending) -> Known:
    """made (issue date -> its chain and its kept lists, or None) with the lists of every issue
    that has None: each of its articles compared with its candidates (_best)."""
    newest_first = digest.articles
    groups: dict[tuple[str, str], list[Article]] = defaultdict(list)
    shared = {}
    for article in newest_first:
        people, topics = named(article), frozenset(article.topics) - {fallback_topic}
        shared[article.key] = (frozenset(people), topics)
        for topic in topics:
            groups[("topic", topic)].append(article)
        for name in people:
            groups[("person", name)].append(article)
    places = _Places(groups)
    pairs = {a.key: headline_pairs(a) for a in newest_first}
    seen_in: Counter[str] = Counter()
    seen = 0
    compared: Known = {}
    for issue in reversed(digest.issues):  # oldest first: seen_in counts the headlines up to this day
        for article in issue.articles:
            seen_in.update(pairs[article.key])
        seen += len(issue.articles)
        date = issue.date.isoformat()
        link, lists = made[date]
        if lists is None:
            common = max(3, seen // COMMON_SHARE)
            lists = {article.key: tuple(other.key for other in _best(article, groups, places, pairs, shared, seen_in,
                                                                      common))
                     for article in issue.articles}
        compared[date] = (link, lists)
    return compared


class _Places:
    """Each article's place in each group it is in (a topic's or a person's articles, newest
    first), a group indexed when first asked: a new day compares a few articles, which are in a
    few of the thousands of groups."""

    def __init__(self, groups: dict[tuple[str, str], list[Article]]) -> None:
        self._groups, self._indexed = groups, {}

    def of(self, group: tuple[str, str], key: str) -> int:
        index = self._indexed.get(group)
        if index is None:
            index = self._indexed[group] = {a.key: at for at, a in enumerate(self._groups[group])}
        return index[key]


def _best(article: Article, groups, places: _Places, pairs, shared, seen_in: Counter, common: int
          ) -> tuple[Article, ...]:
    """The LIMIT best of the article's candidates: the CANDIDATES earlier articles of each topic
    and person it shares, and the same day's. shared: each article's people and topics."""
    people, topics = shared[article.key]
    candidates: dict[str, Article] = {}
    for group in [("topic", topic) for topic in topics] + [("person", name) for name in people]:
        members, at = groups[group], places.of(group, article.key)
        for other in members[at + 1:at + 1 + CANDIDATES]:  # older, or the same day's after it
            candidates[other.key] = other
        before = at - 1
        while before >= 0 and members[before].date == article.date:  # the same day's before it
            candidates[members[before].key] = members[before]
            before -= 1
    mine = {pair for pair in pairs[article.key] if seen_in[pair] <= common}
    scored = []
    for key, other in candidates.items():
        their_people, their_topics = shared[key]
        score = PERSON * len(people & their_people) + TOPIC * len(topics & their_topics)
        if mine:
            score += len(mine & pairs[key])
        if score >= ENOUGH:
            scored.append((-score, -other.date.toordinal(), key, other))
    scored.sort()
    return tuple(entry[3] for entry in scored[:LIMIT])
