"""Script variants: zh-Hans is the source text, zh-Hant (and zh-HK) are made from it with OpenCC.

A variant converts text only. Markup, URLs and attributes other than human-readable ones are never
touched. MediaWiki's inline markers are honoured in every variant and never leak into output:
  -{方中里}-                      kept as written in every variant
  -{zh-hans:X;zh-hant:Y}-         each variant its own text (zh-HK falls back to zh-hant)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import opencc

from .config import SiteConfig
from .phrases import layered_config

MARKER = re.compile(r"-\{(.*?)\}-", re.S)
TAG = re.compile(r"(<[^>]*>)")
TEXT_ATTRIBUTE = re.compile(r'(\s(?:alt|title|aria-label|placeholder)=")([^"]*)(")')


@dataclass(frozen=True)
class Variant:
    """One complete copy of the site in one script, under its own URL prefix."""

    lang: str
    """BCP 47 tag: zh-Hans, zh-Hant, zh-HK."""
    prefix: str
    """URL folder: zh-hans."""
    label: str
    """Name in the variant switch, in the source script (converted like all UI text)."""
    opencc_config: str | None
    """OpenCC config name, None for the source variant."""

    @property
    def is_source(self) -> bool:
        return self.opencc_config is None

    @property
    def fallbacks(self) -> tuple[str, ...]:
        """Marker keys this variant reads, most specific first."""
        lang = self.lang.lower()
        if lang == "zh-hans":
            return ("zh-hans", "zh-cn")
        regional = ("zh-hk",) if lang in ("zh-hk", "zh-mo") else ("zh-tw",)
        return tuple(dict.fromkeys((lang, *regional, "zh-hant", "zh-tw")))


def site_variants(config: SiteConfig) -> tuple[Variant, ...]:
    return tuple(Variant(v.lang, v.prefix, v.label, v.opencc) for v in config.variants)


def _marker_text(body: str, variant: Variant) -> str:
    """The text a marker stands for in one variant."""
    if ":" not in body or not re.match(r"^\s*zh-[A-Za-z]+\s*:", body):
        return body
    choices = {}
    for part in body.split(";"):
        if ":" in part:
            key, text = part.split(":", 1)
            choices[key.strip().lower()] = text
    for key in variant.fallbacks:
        if key in choices:
            return choices[key]
    return next(iter(choices.values()), "")


@dataclass
class Converter:
    """Converts text of the source script into one variant. One per variant per process."""

    variant: Variant
    phrases: dict[str, str] = field(default_factory=dict)
    """Fixed conversions (source text -> this variant's text) that win over OpenCC."""
    _opencc: opencc.OpenCC | None = field(default=None, repr=False)
    _phrase_pattern: re.Pattern | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.variant.opencc_config and self._opencc is None:
            self._opencc = opencc.OpenCC(self.variant.opencc_config)
        if self.phrases:
            longest_first = sorted(self.phrases, key=len, reverse=True)
            self._phrase_pattern = re.compile("|".join(map(re.escape, longest_first)))

    @classmethod
    def layered(cls, variant: Variant, phrases: dict[str, str], tables: Path) -> "Converter":
        """OpenCC with the phrase lists as its user dictionary (see phrases.py)."""
        if variant.is_source:
            return cls(variant)
        config = layered_config(variant.opencc_config, phrases, tables)
        return cls(variant, _opencc=opencc.OpenCC(str(config)))

    def with_rules(self, rules: tuple[tuple[str, str], ...]) -> "Converter":
        """A converter with more fixed phrases (an article's own rules win)."""
        return Converter(self.variant, {**self.phrases, **dict(rules)}, self._opencc)

    def _opencc_only(self, text: str) -> str:
        return self._opencc.convert(text) if self._opencc and text else text

    def _plain(self, text: str) -> str:
        if self.variant.is_source or not text:
            return text
        if self._phrase_pattern is None:
            return self._opencc_only(text)
        pieces, last = [], 0
        for match in self._phrase_pattern.finditer(text):
            pieces.append(self._opencc_only(text[last:match.start()]))
            pieces.append(self.phrases[match.group(0)])
            last = match.end()
        pieces.append(self._opencc_only(text[last:]))
        return "".join(pieces)

    def text(self, text: str) -> str:
        """Plain text (a title, a name): markers resolved, the rest converted."""
        if "-{" not in text:
            return self._plain(text)
        pieces = []
        last = 0
        for match in MARKER.finditer(text):
            pieces.append(self._plain(text[last:match.start()]))
            pieces.append(_marker_text(match.group(1), self.variant))
            last = match.end()
        pieces.append(self._plain(text[last:]))
        return "".join(pieces)

    def html(self, html: str) -> str:
        """HTML: text between tags and human-readable attributes converted; tags, URLs untouched."""
        parts = TAG.split(html)
        parts[0::2] = self._texts(parts[0::2])
        for index in range(1, len(parts), 2):
            if 'alt="' in parts[index] or 'title="' in parts[index]:
                parts[index] = TEXT_ATTRIBUTE.sub(lambda m: m.group(1) + self.text(m.group(2)) + m.group(3),
                                                  parts[index])
        return "".join(parts)

    def _texts(self, texts: list[str]) -> list[str]:
        """Several plain texts converted as text() would, in one call to OpenCC where none has a
        marker or a phrase of the article's own (a call costs as much as a few hundred characters).
        Joined by a character that is in no dictionary, a text converts as it does alone: OpenCC's
        segments never span it."""
        if self._opencc is None or self._phrase_pattern is not None or any(
                "-{" in text or SEPARATOR in text for text in texts):
            return [self.text(text) for text in texts]
        converted = self._opencc.convert(SEPARATOR.join(texts)).split(SEPARATOR)
        return converted if len(converted) == len(texts) else [self.text(text) for text in texts]


SEPARATOR = "\ue000"
"""A private-use character that joins texts for one call to a converter: in no OpenCC dictionary
and no zhconv table, so no conversion spans it. Texts that hold it are converted alone."""

