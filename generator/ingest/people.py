"""Bylines, datelines, photo credits and end bylines: who wrote, reported and photographed an article.

Every form DESIGN.md lists ("Conventions of Chinese newspaper text") is read here, each by one
pattern over a whole line (or the end of a paragraph, for a credit glued to it), so that the same
words inside a sentence are never taken for a byline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import HAN

NAME = rf"(?:[{HAN}]{{1,6}}·[{HAN}]{{1,8}}|[{HAN}]{{2,4}})"
"""A person's name: two to four Han characters, or the parts of a transcribed name joined by ·."""
PAPER = rf"(?:[{HAN}]{{1,6}}?(?:日报|晚报|时报|商报|报)|新华社|中新社|人民网|新华网)"
"""An agency or another paper, as it prefixes a role word or a dateline."""
#: Role words as printed (longest first) and the front-matter list each name goes to.
ROLE_WORDS = (
    ("本报特约记者", "reporters"), ("本报见习记者", "reporters"), ("本报摄影记者", "photographers"),
    ("本报记者", "reporters"), ("特约记者", "reporters"), ("见习记者", "reporters"), ("摄影记者", "photographers"),
    ("记者", "reporters"), ("实习生", "reporters"),
    ("本报特约通讯员", "correspondents"), ("本报通讯员", "correspondents"), ("特约通讯员", "correspondents"),
    ("通讯员", "correspondents"),
)
ROLE = "|".join(word for word, _ in ROLE_WORDS)
ROLE_LIST = dict(ROLE_WORDS)
CREDITED = rf"(?:{PAPER}(?=记者|摄影记者|特约记者))?(?:{ROLE})"
"""A role word, maybe after the name of an agency or paper (新华社记者, 人民日报记者)."""
NAMES = rf"{NAME}(?:[\s、，,]+{NAME})*"
PEOPLE = rf"(?:(?:{CREDITED})\s*[:：]?\s*{NAMES}\s*)+"
"""Role words each followed by names: 本报记者 陈华 本报通讯员 张锋."""

BYLINE = re.compile(rf"^{PEOPLE}$")
CREDIT_FORMS = (
    rf"{PEOPLE}\s*摄(?:影报道)?",                                       # 本报记者 X 摄, 本报记者 X 通讯员 Y 摄
    rf"{NAMES}(?:\s+|\s*/\s*)摄(?:影报道)?",                              # X 摄, X/摄, X 摄影报道
    rf"(?:{PAPER}|本报)发\s*[（(]\s*{NAMES}\s*/?\s*摄\s*[）)]",                 # 新华社发（X摄）
    rf"(?:(?:文\s*/\s*图|图\s*/\s*文|文图|图文)\s*[/／:：]?|图\s*[/／:：])\s*{NAMES}",  # 文/图 X, 图/X
    rf"(?:{PAPER}|本报)?供图",                                              # 新华社供图
)
CREDIT = re.compile(rf"^(?:{'|'.join(CREDIT_FORMS)})$")
GLUED_CREDIT = re.compile(rf"(?<=[。！？!?”」』）)])\s*((?:{'|'.join(CREDIT_FORMS)}))$")
"""A credit printed at the end of a paragraph or caption: "…送到职工手中。本报通讯员 X 摄"."""
END_BYLINE = re.compile(rf"^[（(]\s*((?:{CREDITED})?\s*{NAMES}(?:\s+(?:{CREDITED})\s*{NAMES})*)\s*[）)]$")
"""Names in brackets after a body: （记者X 通讯员Y）, （张三 李四）, （本报记者 X 实习生 Y）."""
GLUED_END_BYLINE = re.compile(rf"(?<=[。！？!?”」』])\s*([（(]\s*(?:{CREDITED})\s*{NAMES}(?:\s+(?:{CREDITED})\s*{NAMES})*\s*[）)])$")
"""The same glued to the last paragraph; only with a role word (a bare name in brackets after a
sentence may be the sentence's own)."""
READER = re.compile(rf"^(?:读者|作者)\s*[:：]?\s*({NAME})$")
DATELINE_NAME = re.compile(
    rf"^((?:本报|{PAPER})[{HAN}\d]{{0,12}}?电|(?:本报|{PAPER}|[{HAN}]{{0,4}}?报)讯)(?=\s|[（(]|{CREDITED})")
"""本报讯, 晚报讯, 工人日报讯, 新华社北京1月17日电, 本报北京1月17日电: the name a dateline opens with."""
BRACKETED = re.compile(r"^\s*[（(]([^（）()]{1,60})[）)]\s*")
REPORTED = re.compile(rf"^\s*({PEOPLE})\s*报道\s*")
"""记者X 通讯员Y报道: the people of a dateline without brackets (or of a line of its own)."""
REPORTED_LINE = re.compile(rf"^({PEOPLE})\s*报道$")
AUTHOR_NOTE = re.compile(r"^[（(]作者(?:系|为|是).+[）)]$")


@dataclass
class People:
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def add(self, role: str, names: list[str]) -> None:
        target = getattr(self, role)
        target.extend(name for name in names if name not in target)

    def merge(self, other: "People") -> None:
        for role, names in other.as_dict().items():
            self.add(role, names)

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(value) for key, value in vars(self).items() if value}


def _names(text: str) -> list[str]:
    return [name for name in re.split(r"[\s、，,:：/／]+", text) if re.fullmatch(NAME, name)]


def _role_of(word: str) -> str:
    return ROLE_LIST[re.search(f"(?:{ROLE})$", word).group()]


def people_of(text: str, default: str = "reporters") -> People:
    """'本报记者 陈华 本报通讯员 张锋' -> reporters 陈华, correspondents 张锋. Names before any role
    word (（张三 李四）) go to default."""
    people = People()
    parts = re.split(f"((?:{CREDITED}))", text.replace("\n", " "))
    people.add(default, _names(parts[0]))
    for word, names in zip(parts[1::2], parts[2::2]):
        people.add(_role_of(word), _names(names))
    return people


def is_byline(text: str) -> bool:
    """本报记者 陈华 本报通讯员 张锋; not 记者X 通讯员Y报道, the people of a dateline (a name
    of four characters would take its 报道 in)."""
    flat = _flat(text)
    return bool(BYLINE.match(flat)) and not REPORTED_LINE.match(flat)


def is_credit(text: str) -> bool:
    return bool(CREDIT.match(_flat(text)))


def end_byline(text: str) -> People | None:
    """The people of a line that is an end byline or a reader's/author's name line, else None."""
    flat = _flat(text)
    match = END_BYLINE.match(flat)
    if match:
        return people_of(match.group(1))
    reader = READER.match(flat)
    if reader:
        people = People()
        people.add("authors", [reader.group(1)])
        return people
    return None


def _flat(text: str) -> str:
    return " ".join(text.split())


def credit_people(text: str) -> People:
    """Everyone a credit names is a photographer, except the writer of 文/图 (both)."""
    flat = _flat(text)
    people = People()
    if flat.endswith("供图"):
        return people
    both = re.match(r"^(?:文\s*/\s*图|图\s*/\s*文|文图|图文)\s*[/／:：]?\s*(.*)$", flat)
    if both:
        people.add("reporters", _names(both.group(1)))
        people.add("photographers", _names(both.group(1)))
        return people
    inner = re.sub(rf"^(?:{PAPER}|本报)?发\s*[（(]|[）)]$|摄(?:影报道)?\s*[）)]?$|^图\s*[/／:：]?|供图$", " ", flat)
    for names in people_of(inner, default="photographers").as_dict().values():
        people.add("photographers", names)
    return people


def split_dateline(text: str) -> tuple[str, People, str] | None:
    """'本报讯（记者X 通讯员Y）正文' -> ('本报讯', people, '正文'); also 本报讯 记者X报道 正文,
    本报讯 日前，…, 新华社北京1月17日电（记者X）…, and 记者X 通讯员Y报道 on its own. None if the
    text does not open with a dateline."""
    flat = text.replace("\n", "")
    line = REPORTED_LINE.match(flat.strip())
    if line:
        return "", people_of(line.group(1)), ""
    match = DATELINE_NAME.match(flat)
    if not match:
        return None
    rest = flat[match.end():]
    bracketed = BRACKETED.match(rest)
    if bracketed and (re.search(f"{CREDITED}", bracketed.group(1)) or re.fullmatch(rf"\s*{NAMES}\s*", bracketed.group(1))):
        return match.group(1), people_of(bracketed.group(1)), rest[bracketed.end():]
    reported = REPORTED.match(rest)
    if reported:
        return match.group(1), people_of(reported.group(1)), rest[reported.end():]
    if rest[:1].isspace() and rest.strip():
        return match.group(1), People(), rest.strip()
    return None
