"""The people named in bylines (reporters, correspondents, photographers, authors), each with a
page of their articles and a feed, at an ASCII address made from the name's pinyin (pypinyin).

Two people of one name are told apart by the editor, in content/people.yaml:

    - name: 张伟               # as the bylines write it
      id: zhang-wei-shandong   # the address of this person's page
      articles: [2023-12-07/f052aead]   # the articles that are this person's (DATE/FILE NAME)

An entry without `articles` gives a name's only person another address. Without an entry, a name
is one person, at its pinyin (zou-tiran); when two names read alike, the one published first
keeps the plain address and the other gets four characters of its name's digest after it, so an
address never changes when later issues are added.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .content import Article
from .errors import DigestError
from .yamlfile import read_text, read_yaml

PEOPLE_FILE = "people.yaml"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "仇": "qiu", "解": "xie", "区": "ou", "朴": "piao", "查": "zha",
                    "盖": "ge", "缪": "miao", "覃": "qin", "乐": "yue", "员": "yun", "种": "chong", "繁": "po",
                    "句": "gou", "华": "hua", "任": "ren", "秘": "bi", "燕": "yan", "宁": "ning", "万": "wan",
                    "尉": "yu", "长": "chang", "重": "chong", "折": "she", "召": "shao"}
"""Surnames read otherwise than the character's commonest reading (单 is shan as a surname, not
dan), from the standard lists of Chinese surname pronunciations; the first character of a name."""


@dataclass(frozen=True)
class Person:
    id: str
    """The last part of the page's address: ASCII lowercase, digits and '-'."""
    name: str
    """As the bylines write it (source script)."""
    articles: tuple[Article, ...]
    """Newest first."""


@dataclass(frozen=True)
class PersonEntry:
    """One line of content/people.yaml."""

    name: str
    id: str
    articles: tuple[str, ...]
    """DATE/FILE NAME of the articles that are this person's; empty: every article of the name."""


def named(article: Article) -> tuple[str, ...]:
    """The people of an article's bylines, each once, in byline order."""
    return tuple(dict.fromkeys(name for name in (*article.reporters, *article.correspondents,
                                                 *article.photographers, *article.authors) if name.strip()))


def read_people(path: Path) -> tuple[PersonEntry, ...]:
    """The editor's entries (none when the file is missing); a mistake names the file and line."""
    if not path.is_file():
        return ()
    data = read_yaml(read_text(path, "people file"), path) or []
    if not isinstance(data, list):
        raise DigestError("people.yaml must be a list of entries", path, 1,
                          "write '- {name: 张伟, id: zhang-wei-2, articles: [2023-12-07/f052aead]}'")
    entries = []
    for number, item in enumerate(data, start=1):
        if not (isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("id"), str)
                and ID.match(item["id"]) and isinstance(item.get("articles", []), list)):
            raise DigestError(f"entry {number} needs a name and an id (lowercase ASCII letters, digits, '-')",
                              path, _line_of(path, number), "write '- {name: 张伟, id: zhang-wei-2}'")
        entries.append(PersonEntry(item["name"], item["id"], tuple(str(a) for a in item.get("articles", []))))
    return tuple(entries)


def _line_of(path: Path, number: int) -> int:
    """The line where the number-th entry ('- ' at the start of a line) begins."""
    starts = [index for index, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith("-")]
    return starts[number - 1] if number <= len(starts) else 1


def pinyin_id(name: str) -> str:
    """zou-tiran for 邹倜然; each part of a name written with a middle dot is a part of the id."""
    from pypinyin import lazy_pinyin  # here: its dictionaries load in a moment a build without people skips

    parts = []
    for part in re.split(r"[·•・.\s]+", name):
        syllables = [s.lower() for s in lazy_pinyin(part, errors=lambda text: list(text)) if s.strip()]
        syllables = [re.sub(r"[^a-z0-9]", "", s) for s in syllables]
        syllables = [s for s in syllables if s]
        if not syllables:
            continue
        if not parts and part[:1] in SURNAME_READINGS:
            syllables[0] = SURNAME_READINGS[part[:1]]
        parts.append(syllables[0] + ("-" + "".join(syllables[1:]) if len(syllables) > 1 and not parts else
                                     "".join(syllables[1:])))
    return "-".join(parts) or "p-" + _digest(name)


def _digest(name: str) -> str:
    return hashlib.blake2b(name.encode("utf-8"), digest_size=2).hexdigest()


def pinyin_ids(articles: list[Article], known: Mapping[str, str]) -> dict[str, str]:
    """The pinyin_id of every name in the articles' bylines: known's (the last build's) where it
    has the name and a well-formed id, else made. A rebuild that brings no new name does not
    import pypinyin, whose dictionaries take longer to load than the rest of the grouping."""
    names = dict.fromkeys(name for article in articles for name in named(article))
    return {name: known[name] if ID.fullmatch(known.get(name, "")) else pinyin_id(name) for name in names}


def people(articles: tuple[Article, ...], entries: tuple[PersonEntry, ...],
           readings: Mapping[str, str] | None = None) -> tuple[Person, ...]:
    """Everyone named in the articles (newest first), each with their articles, most articles
    first (then by id). readings: pinyin_ids of the names, where already made."""
    readings = readings or {}
    chosen = {(entry.name, article): entry.id for entry in entries for article in entry.articles}
    renamed = {entry.name: entry.id for entry in entries if not entry.articles}
    found: dict[tuple[str, str | None], list[Article]] = {}
    for article in articles:
        where = f"{article.date.isoformat()}/{article.slug}"
        for name in named(article):
            fixed = chosen.get((name, where)) or renamed.get(name)
            found.setdefault((name, fixed), []).append(article)
    taken = {fixed for _, fixed in found if fixed}
    made: dict[str, str] = {}
    # The first published keeps the plain pinyin: oldest first article first.
    for name, fixed in sorted((k for k in found if k[1] is None), key=lambda k: (found[k][-1].date, k[0])):
        plain = readings[name] if name in readings else pinyin_id(name)
        made[name] = plain if plain not in taken else f"{plain}-{_digest(name)}"
        taken.add(made[name])
    result = [Person(fixed or made[name], name, tuple(items)) for (name, fixed), items in found.items()]
    ids = [person.id for person in result]
    twice = sorted({id_ for id_ in ids if ids.count(id_) > 1})
    if twice:
        raise DigestError(f"two people have the id {twice[0]!r}", PEOPLE_FILE, None,
                          "give each person of content/people.yaml an id of their own")
    return tuple(sorted(result, key=lambda person: (-len(person.articles), person.id)))
