"""Script variants: zh-Hans is the source text, zh-Hant (and zh-HK) are made from it with OpenCC.

A variant converts text only. Markup, URLs and attributes other than human-readable ones are never
touched. MediaWiki's inline markers are honoured in every variant and never leak into output:
  -{方中里}-                      kept as written in every variant
  -{zh-hans:X;zh-hant:Y}-         each variant its own text (zh-HK falls back to zh-hant)
Markers may nest (the innermost is read first) and may span inline markup (-{**方中里**}-).

Conversion rules (phrase lists, an article's `convert:`) are text, never markup: in HTML, the text
between tags is decoded (&amp; -> &), converted, and escaped again, so a rule's value that holds
< or " is shown, never run, and no rule matches inside an entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path

import opencc

from .config import SiteConfig
from .names import corner_quotes, name_in_variant, protect_names
from .phrases import layered_config

MARKER_PARTS = re.compile(r"(-\{|\}-)")
CHOICE = re.compile(r"^\s*zh-[A-Za-z]+\s*:")
CHOICE_BOUNDARY = re.compile(r";(?=\s*zh-[A-Za-z]+\s*:)")
"""A ';' that starts another variant's text: not the ';' that ends an entity (&amp;) in that text."""
TAG = re.compile(r"(<[^>]*>)")
HTML_SIGNIFICANT = re.compile(r'[&<>"]')
HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def escape_text(text: str) -> str:
    """Text made safe between tags and in a double-quoted attribute, as markdown-it escapes it."""
    return HTML_SIGNIFICANT.sub(lambda m: HTML_ESCAPES[m.group(0)], text) if HTML_SIGNIFICANT.search(text) else text
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
    quotes: str = "curly"
    """"corner": “”‘’ become 「」『』 (Taiwan and Hong Kong print); "curly": kept."""

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
    """The site's variants; a Traditional one prints corner quotes unless its settings say curly."""
    return tuple(Variant(v.lang, v.prefix, v.label, v.opencc, v.quotes or ("corner" if v.opencc else "curly"))
                 for v in config.variants)


def _marker_text(body: str, variant: Variant) -> str:
    """The text a marker stands for in one variant."""
    if ":" not in body or not CHOICE.match(body):
        return body
    choices = {}
    for part in CHOICE_BOUNDARY.split(body):
        if ":" in part:
            key, text = part.split(":", 1)
            choices[key.strip().lower()] = text
    for key in variant.fallbacks:
        if key in choices:
            return choices[key]
    return next(iter(choices.values()), "")


def marker_pieces(pieces: list[str], variant: Variant, is_markup=lambda piece: False) -> list[tuple[bool, str]]:
    """pieces (plain text, or HTML cut at its tags) as (kept, text) pairs: kept where a marker
    resolved it (written as it stands in every variant) and for markup, else text to convert. A
    marker may hold other markers (the innermost is read first) and markup; a '-{' never closed,
    or a '}-' never opened, is plain text. Pieces for which is_markup is true (tags) are never cut."""
    levels: list[list[tuple[str, str]]] = [[]]  # (kind, text): kind is text, markup or marker
    for piece in pieces:
        if is_markup(piece):
            levels[-1].append(("markup", piece))
            continue
        for part in MARKER_PARTS.split(piece) if "-{" in piece or "}-" in piece else [piece]:
            if part == "-{":
                levels.append([])
            elif part == "}-" and len(levels) > 1:
                body = "".join(text for _, text in levels.pop())
                levels[-1].append(("marker", _marker_text(body, variant)))
            elif part:
                levels[-1].append(("text", part))
    while len(levels) > 1:  # a marker never closed: its text as written, converted like any other
        unclosed = levels.pop()
        levels[-1] += [("text", "-{"), *unclosed]
    return [(kind != "text", text) for kind, text in levels[0]]


@dataclass
class Converter:
    """Converts text of the source script into one variant. One per variant per process."""

    variant: Variant
    phrases: dict[str, str] = field(default_factory=dict)
    """Fixed conversions (source text -> this variant's text) that win over OpenCC."""
    _opencc: opencc.OpenCC | None = field(default=None, repr=False)
    _phrase_pattern: re.Pattern | None = field(default=None, repr=False)
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    """Names converted before (name): a byline name is asked for on every page that lists its article."""

    def __post_init__(self) -> None:
        if self.variant.opencc_config and self._opencc is None:
            self._opencc = opencc.OpenCC(self.variant.opencc_config)
        if self.phrases:
            longest_first = sorted(self.phrases, key=len, reverse=True)
            # captured: split gives the phrases between the runs of text around them
            self._phrase_pattern = re.compile(f"({'|'.join(map(re.escape, longest_first))})")

    @classmethod
    def layered(cls, variant: Variant, phrases: dict[str, str], tables: Path,
                overlapped: Iterable[str] | None = None) -> "Converter":
        """OpenCC with the phrase lists as its user dictionary (see phrases.py). overlapped: the
        phrases' overlapped_phrases, when known (the build state keeps them)."""
        if variant.is_source:
            return cls(variant)
        config = layered_config(variant.opencc_config, phrases, tables)
        if overlapped is None:
            overlapped = overlapped_phrases(tuple(sorted(phrases.items())))
        regional = REGIONAL_STEP.get(variant.opencc_config)
        step = opencc.OpenCC(regional).convert if regional else (lambda text: text)
        return cls(variant, {k: step(phrases[k]) for k in overlapped}, opencc.OpenCC(str(config)))

    def with_rules(self, rules: tuple[tuple[str, str], ...]) -> "Converter":
        """A converter with more fixed phrases (an article's own rules win)."""
        return Converter(self.variant, {**self.phrases, **dict(rules)}, self._opencc)

    def _opencc_only(self, text: str) -> str:
        return self._opencc.convert(text) if self._opencc and text else text

    def _plain(self, text: str) -> str:
        if self.variant.is_source or not text:
            return text
        if self._phrase_pattern is None:
            return self._quoted(self._opencc_only(text))
        parts = self._phrase_pattern.split(text)  # the runs between fixed phrases, and the phrases
        runs = self._runs_converted(parts[0::2])
        pieces = [runs[0]]
        for phrase, run in zip(parts[1::2], runs[1:]):
            pieces += [self.phrases[phrase], run]
        return self._quoted("".join(pieces))

    def _runs_converted(self, runs: list[str]) -> list[str]:
        """Each run of text between fixed phrases converted as alone: in one call to OpenCC,
        joined by PHRASE_SLOT, which no segment spans; one by one where a run holds that
        character or the result does not split back."""
        if len(runs) > 1 and not any(PHRASE_SLOT in run for run in runs):
            converted = self._opencc_only(PHRASE_SLOT.join(runs)).split(PHRASE_SLOT)
            if len(converted) == len(runs):
                return converted
        return [self._opencc_only(run) for run in runs]

    def _quoted(self, text: str) -> str:
        return corner_quotes(text) if self.variant.quotes == "corner" else text

    def name(self, name: str) -> str:
        """A person's name (names.py): a kept surname as written, no glyph variant inside."""
        if self.variant.is_source:
            return name
        converted = self._names.get(name)
        if converted is None:
            converted = self._names[name] = name_in_variant(name, self.text(name))
        return converted

    def text(self, text: str) -> str:
        """Plain text (a title, a name): markers resolved, the rest converted; a surname after a
        title word kept (names.protect_names)."""
        return self._marked(text if self.variant.is_source else protect_names(text))

    def _marked(self, text: str) -> str:
        """text (its names protected already): markers resolved, the rest converted."""
        if "-{" not in text:
            return self._plain(text)
        return "".join(piece if kept else self._plain(piece) for kept, piece in marker_pieces([text], self.variant))

    def html(self, html: str) -> str:
        """HTML: text between tags and human-readable attributes converted; tags, URLs untouched.
        Text is decoded, converted and escaped again: what a rule brings in is text."""
        if not self.variant.is_source:
            html = protect_names(html)
        parts = TAG.split(html)
        if "-{" not in html:
            parts[0::2] = self._html_texts(parts[0::2])
        else:
            pieces = marker_pieces(parts, self.variant, lambda piece: piece.startswith("<"))
            texts = [index for index, (kept, _) in enumerate(pieces) if not kept]
            converted = self._html_texts([pieces[index][1] for index in texts])
            parts = [text for _, text in pieces]
            for index, text in zip(texts, converted):
                parts[index] = text
        for index, part in enumerate(parts):
            if part.startswith("<") and ('alt="' in part or 'title="' in part):
                parts[index] = TEXT_ATTRIBUTE.sub(
                    lambda m: m.group(1) + escape_text(self.text(unescape(m.group(2)))) + m.group(3), part)
        return "".join(parts)

    def _html_texts(self, texts: list[str]) -> list[str]:
        """Texts between tags, converted as text, escaped again."""
        if self.variant.is_source:
            return texts
        decoded = [unescape(text) if "&" in text else text for text in texts]
        return [escape_text(text) for text in self._texts(decoded)]

    def _texts(self, texts: list[str]) -> list[str]:
        """Several plain texts converted as text() would, in one pass (one phrase split, one call
        to OpenCC) where none has a marker. Joined by a character that is in no dictionary, a
        text converts as it does alone: neither OpenCC's segments nor a fixed phrase ever span it."""
        texts = [protect_names(text) for text in texts]
        if self._opencc is None or any("-{" in text or SEPARATOR in text for text in texts):
            return [self._marked(text) for text in texts]
        converted = self._plain(SEPARATOR.join(texts)).split(SEPARATOR)
        return converted if len(converted) == len(texts) else [self._marked(text) for text in texts]


REGIONAL_STEP = {"s2tw": "t2tw", "s2twp": "t2tw", "s2hk": "t2hk"}
"""The step after the standard conversion of each OpenCC config: the phrase lists are written in
the standard script, and a phrase matched before OpenCC runs takes the variant's forms here."""


@lru_cache(maxsize=4)
def overlapped_phrases(phrases: tuple[tuple[str, str], ...]) -> set[str]:
    """Our phrases whose beginning an OpenCC phrase can take as its end (出版日 takes the 日 of
    日历, 我回 the 回 of 回复): OpenCC matches from the left, so inside its dictionary such a
    phrase of ours would never be reached. These are also matched before OpenCC runs
    (Converter.phrases)."""
    from .phrases import opencc_table

    ours = {source for source, _ in phrases}
    starts = {source[:k]: source for source in ours for k in range(1, len(source) + 1)}
    found = set()
    for table in ("STPhrases.txt",):
        for key, _ in opencc_table(table):
            for cut in range(1, len(key)):
                if key[cut:] in starts:
                    found.update(source for source in ours if source.startswith(key[cut:]))
    return found


SEPARATOR = "\ue000"
"""A private-use character that joins texts for one call to a converter: in no OpenCC dictionary
and no zhconv table, so no conversion spans it. Texts that hold it are converted alone."""

PHRASE_SLOT = "\ue001"
"""A private-use character that holds a fixed phrase's place while the text around it is converted
(Converter._runs_converted): in no OpenCC dictionary, like SEPARATOR. Runs that hold it are
converted one by one."""

