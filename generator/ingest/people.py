"""Bylines, datelines and photo credits: who wrote, reported and photographed an article."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import HAN

NAME = rf"[{HAN}][{HAN}·]{{1,12}}"
#: Role words as printed, longest first, and the front-matter list each name goes to.
ROLE_WORDS = (
    ("本报特约记者", "reporters"), ("新华社记者", "reporters"), ("本报记者", "reporters"), ("特约记者", "reporters"),
    ("见习记者", "reporters"), ("记者", "reporters"),
    ("本报通讯员", "correspondents"), ("特约通讯员", "correspondents"), ("通讯员", "correspondents"),
)
ROLE = "|".join(word for word, _ in ROLE_WORDS)
ROLE_LIST = dict(ROLE_WORDS)
BYLINE = re.compile(rf"^(?:(?:{ROLE})\s*{NAME}(?:\s+{NAME})*\s*)+$")
CREDIT = re.compile(rf"^(?:(?:{ROLE})\s*{NAME}(?:\s+{NAME})*\s*)+\s*摄$")
AGENCY_CREDIT = re.compile(rf"^(新华社|中新社|人民网|本报)发\s*[（(]\s*({NAME})\s*摄\s*[）)]$")
DATELINE = re.compile(rf"^((?:本报|新华社|中新社)[{HAN}\d]{{0,12}}?(?:讯|电))\s*[（(]([^（）()]{{1,60}})[）)]\s*")
AUTHOR_NOTE = re.compile(r"^[（(]作者系.+[）)]$")


@dataclass
class People:
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    photographers: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def add(self, role: str, names: list[str]) -> None:
        target = getattr(self, role)
        target.extend(name for name in names if name not in target)

    def as_dict(self) -> dict[str, list[str]]:
        return {key: list(value) for key, value in vars(self).items() if value}


def _roles_and_names(text: str) -> list[tuple[str, list[str]]]:
    """'本报记者 陈华 本报通讯员 张锋' -> [('reporters', ['陈华']), ('correspondents', ['张锋'])]."""
    parts = re.split(f"({ROLE})", text.replace("\n", " "))
    found = []
    for role_word, names in zip(parts[1::2], parts[2::2]):
        found.append((ROLE_LIST[role_word], [n for n in names.split() if re.fullmatch(NAME, n)]))
    return found


def is_byline(text: str) -> bool:
    return bool(BYLINE.match(text.replace("\n", " ")))


def is_credit(text: str) -> bool:
    flat = text.replace("\n", " ").strip()
    return bool(CREDIT.match(flat) or AGENCY_CREDIT.match(flat))


def byline_people(text: str) -> People:
    people = People()
    for role, names in _roles_and_names(text):
        people.add(role, names)
    return people


def credit_people(text: str) -> People:
    people = People()
    flat = text.replace("\n", " ").strip()
    agency = AGENCY_CREDIT.match(flat)
    if agency:
        people.add("photographers", [agency.group(2)])
        return people
    for _, names in _roles_and_names(flat.removesuffix("摄")):
        people.add("photographers", names)
    return people


def split_dateline(text: str) -> tuple[str, People, str] | None:
    """'本报讯（记者X 通讯员Y）正文' -> ('本报讯', people, '正文'); None if it has no dateline."""
    match = DATELINE.match(text)
    if not match:
        return None
    inside = match.group(2)
    people = People()
    for role, names in _roles_and_names(inside):
        people.add(role, names)
    if not people.as_dict():
        return None
    return match.group(1), people, text[match.end():]
