"""The conversion review queue: what in a Traditional variant is worth an editor's look.

A second, independent converter (zhconv-rs, MediaWiki's tables) converts the same text; every
span where it and ours differ is an entry, ranked so that the few real errors come first:
  1. a Simplified-only character left in the Traditional text;
  2. a difference in meaning (the two disagree even after folding regional character variants),
     worse when the character is one with several Traditional forms (发/干/后/里/面…);
  3. a choice our phrase lists made on purpose (listed, ranked low);
  A span right after a title such as 教师/主席 (likely inside a personal name) ranks higher, and
  within a tier rare spans come before frequent ones.
  4. regional variant forms only (裡/裏, 啟/啓), and quotation marks (“” against 「」): lowest.

An entry is a word in context, not a character: the text is cut into words (rjieba) and a
difference is reported for the words it covers, so 了如火如荼 and 了解 are two entries. The cut
also tells which converter read a phrase across a word boundary, the commonest error of both
(OpenCC's 了如 -> 瞭如 in 开展了如火如荼; zhconv-rs's 制作 -> 製作 in 机制作了): the word converted
alone comes out otherwise than in its sentence. Ours crossing ranks first (likely our error);
the second converter crossing ranks last (likely its error). In a person's name (bylines,
people lists), a character with several Traditional forms is listed even when both converters
agree on it, for a name is whatever its bearer writes.
"""

from __future__ import annotations

import bisect
import difflib
import itertools
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import NamedTuple

import opencc

from .names import CORNER, CURLY, TITLE_WORDS, curly_quotes
from .plain import register
from .phrases import opencc_table
from .variants import SEPARATOR, Variant
from .wordcut import jieba_with

AMBIGUOUS = set("发干后里面余于台云系冲复准历只松板表采征致娘困尽卷范丑斗制蒙获汇几借据谷")
ZHCONV_TARGET = {"zh-hant": "zh-tw", "zh-tw": "zh-tw", "zh-hk": "zh-hk", "zh-mo": "zh-hk"}
SCORES = {"simplified-left": 100, "crossed-ours": 80, "meaning-ambiguous": 70, "meaning": 50, "name-character": 40,
          "phrase-list": 8, "house-style": 6, "variant-form": 5, "crossed-other": 4, "other-default": 3,
          "punctuation": 2}
OTHER_DEFAULTS = {("里", "里")}
"""zhconv-rs's known single-character defaults that are wrong where the character is a word by
itself: (source word, its form). 里 alone after a noun is 'inside' (裡/裏); zhconv-rs keeps 里,
which Taiwan and Hong Kong write only for 公里, 邻里 and the like (words of their own)."""
QUOTES = set(CURLY + CORNER)
"""Quotation marks are the variant's setting (names.corner_quotes), never a conversion to review:
both sides are compared with the source's marks (names.curly_quotes)."""
HOUSE_STYLE = [set(pair) for pair in ("了瞭", "台臺", "布佈", "占佔", "岩巖", "周週", "吊弔", "叹嘆", "歎嘆",
                                       "迹跡", "蹟跡", "够夠", "线綫", "床牀", "峰峯", "群羣", "裡裏", "梁樑")]
"""Pairs Taiwan's and Hong Kong's print accepts either way: listed apart, as the site's house style
to choose (content/phrases.txt), not as errors."""
NAME_BEFORE = re.compile(f"({'|'.join(TITLE_WORDS)})[\u4e00-\u9fff]{{1,2}}$")
NAME_BONUS = 20
INTERFACE = "strings.yaml"
"""Where an entry of the theme's interface strings is found (the pages list of an entry)."""
PAGES_SHOWN = 5
"""Pages an entry of the review queue links to: the first ones it was found on."""
NAME_REACH = 8
"""Characters before a span that NAME_BEFORE can match (a title of three, a name of two)."""


def zhconv_target(variant: Variant) -> str:
    """The second converter's name for the variant's script."""
    return ZHCONV_TARGET.get(variant.lang.lower(), "zh-tw")


@lru_cache(maxsize=1)
def simplified_only() -> frozenset[str]:
    """Characters that OpenCC always changes into something else: never correct in Traditional text."""
    changed = {key for key, values in opencc_table("STCharacters.txt") if key not in values}
    traditional = {key for key, _ in opencc_table("TSCharacters.txt")}
    regional = {v for name in ("TWVariants.txt", "HKVariants.txt") for _, values in opencc_table(name) for v in values}
    return frozenset(changed - traditional - regional)


@lru_cache(maxsize=1)
def simplified_only_candidates() -> re.Pattern:
    """Finds the characters of simplified_only() in a text, and any character beyond the Basic
    Multilingual Plane (a third of them are: a class that holds those is scanned hundreds of
    times slower, so a match there is checked against the set). 18 µs an article, where a set
    intersection took 120 µs."""
    basic = "".join(sorted(char for char in simplified_only() if ord(char) <= 0xFFFF))
    return re.compile(f"[{re.escape(basic)}]|[\U00010000-\U0010FFFF]")


@lru_cache(maxsize=1)
def one_to_many() -> frozenset[str]:
    """Simplified characters with several Traditional forms (OpenCC's STCharacters: 发 -> 發 髮)."""
    return frozenset(key for key, values in opencc_table("STCharacters.txt") if len(values) > 1)


WORD_BREAKS = re.compile("[，。、；：？！“”‘’（）《》〈〉【】「」『』—…·]")
"""Marks Jieba never takes into a word: it cuts each run of text between them on its own (its
blocks are runs of Han characters, letters, digits and a few ASCII signs), so the words around a
span are those of the run that holds it, cut alone."""


class _Words:
    """The words of a text that cover a span, as search cuts them (wordcut.jieba_with the phrase
    lists' names, made on the first cut: only texts with a difference are cut). Only the run
    between the WORD_BREAKS around the span is cut: a paragraph has a few differences, and
    cutting all of it for each took more than finding them."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self._phrases = tuple(phrases)
        self._breaks: dict[str, list[int]] = {}
        self._ends: dict[str, list[int]] = {}

    def covering(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The start and end of the words of text that hold text[start:end]."""
        breaks = self._breaks.get(text)
        if breaks is None:
            breaks = self._breaks[text] = [match.start() for match in WORD_BREAKS.finditer(text)]
        before = bisect.bisect_left(breaks, start)
        low = breaks[before - 1] + 1 if before else 0
        after = bisect.bisect_left(breaks, end, before)
        high = breaks[after] if after < len(breaks) else len(text)
        run = text[low:high]
        ends = self._ends.get(run)
        if ends is None:
            cutter = jieba_with(self._phrases)
            ends = self._ends[run] = list(itertools.accumulate(map(len, cutter.cut(run))))
        first = bisect.bisect_right(ends, start - low)
        last = bisect.bisect_left(ends, end - low)
        return low + (ends[first - 1] if first else 0), low + ends[min(last, len(ends) - 1)]


class Finding(NamedTuple):
    """A span of one article where the two converters differ (or a Simplified character is
    left), with how often it occurs in the article; kind, context and score are its first
    occurrence's. A plain tuple: a 10,000-article archive keeps hundreds of thousands."""

    source: str
    ours: str
    other: str
    kind: str
    context: str
    score: int
    count: int


register(Finding)


@dataclass
class ReviewEntry:
    kind: str
    source: str
    ours: str
    other: str
    context: str
    score: int
    count: int = 0
    pages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "score": self.score, "source": self.source, "ours": self.ours,
                "other": self.other, "context": self.context, "count": self.count, "pages": self.pages}


WORDS_KEPT = 4096
"""Spans and words whose other conversions a review keeps at hand (ConversionReview)."""


class ConversionReview:
    """Compares our conversion of a text with the second converter's, for one Traditional variant.
    Comparing is pure (findings per text, kept with the article's converted text between builds);
    ReviewQueue adds the findings up."""

    def __init__(self, variant: Variant, phrases: dict[str, str]) -> None:
        from zhconv_rs import zhconv

        self.variant = variant
        self.target = zhconv_target(variant)
        self._fold = opencc.OpenCC("tw2t" if self.target == "zh-tw" else "hk2t")
        regional = opencc.OpenCC("t2tw" if self.target == "zh-tw" else "t2hk")

        def other(text: str) -> str:
            """zhconv's plain zh-hant (its regional targets also rewrite vocabulary: 互联网 ->
            網際網路, spans of no use) in the region's character forms, quotes as ours."""
            return curly_quotes(regional.convert(zhconv(text, "zh-hant")))

        self._zhconv = lambda text, _target: other(text)
        # A span's words, alone, are looked up again and again: the same few hundred differences
        # recur in article after article, and each lookup is a call into OpenCC.
        self._folded = lru_cache(maxsize=WORDS_KEPT)(self._fold.convert)
        self._other_word = lru_cache(maxsize=WORDS_KEPT)(lambda word: self._zhconv(word, self.target))
        self.phrases = phrases

    def compare(self, texts, convert=None, names=()) -> tuple[tuple, ...]:
        """The findings of one article's texts (pairs of source text and our conversion: the
        headline parts, the paragraphs), as plain tuples of a Finding's fields: they are kept
        between builds, and a plain tuple loads several times faster. Texts with markers, or
        whose conversion changed their length, are the editor's own decisions: not compared.
        convert: our conversion of a text (to convert a word alone); without it no word is
        checked for crossing. names: pairs of a person's name and our form of it."""
        def comparable(pairs):
            return [(source, curly_quotes(ours)) for source, ours in pairs
                    if "-{" not in source and len(source) == len(ours)]

        first: dict[tuple[str, str, str], Finding] = {}
        counts: dict[tuple[str, str, str], int] = {}
        words = _Words(self.phrases)
        named: set[tuple[str, int]] = set()
        """(name, position) of the names' characters already found by the two converters' difference."""
        names = comparable(names)
        for group, group_convert in ((comparable(texts), convert), (names, None)):
            previous = None
            for plain, ours, other, i1, i2, j1, j2, force in self._spans(group) if group else ():
                i2, j2 = max(i2, i1 + 1), max(j2, j1 + 1)
                same_length = len(ours) == len(other)
                if group_convert is None:
                    named.update((plain, at) for at in range(i1, i2))
                elif same_length and force is None:
                    i1, i2 = j1, j2 = words.covering(plain, i1, i2)
                    if (plain, i1, i2) == previous:
                        continue  # a second difference inside the same word
                    previous = (plain, i1, i2)
                key = (plain[i1:i2], ours[i1:i2], other[j1:j2] if j2 <= len(other) else "")
                if key in counts:
                    counts[key] += 1  # a span's kind, context and score are its first occurrence's
                    continue
                counts[key] = 1
                if force is None and same_length and group_convert is not None:
                    force = self._crossing(key, group_convert)
                first[key] = self._finding(plain, key, i1, i2, force)
        for source, ours in names:
            key = (source, ours, ours)
            if key not in first and any(char in one_to_many() and (source, at) not in named
                                        for at, char in enumerate(source)):
                counts[key] = 1
                first[key] = Finding(source, ours, ours, "name-character", source, SCORES["name-character"], 1)
        return tuple((*finding[:6], counts[key]) for key, finding in first.items())

    def _crossing(self, spans: tuple[str, str, str], convert) -> str | None:
        """Which converter, if either, read a phrase across the word's boundary: the word
        converted alone comes out otherwise than in its sentence."""
        word, ours, other = spans
        ours_alone = curly_quotes(convert(word))
        other_alone = self._other_word(word)
        if len(ours_alone) != len(word) or len(other_alone) != len(word):
            return None
        if ours != ours_alone and other == other_alone:
            return "crossed-ours"
        if other != other_alone and ours == ours_alone:
            return "crossed-other"
        if (word, other) in OTHER_DEFAULTS:
            return "other-default"
        return None

    def _spans(self, pairs: list[tuple[str, str]]):
        """(source, ours, other, i1, i2, j1, j2, force) for every span where the two conversions
        of a text differ, then every Simplified character left in it, text by text. The texts
        are joined by SEPARATOR for one call to the other converter and one comparison (no
        table holds that character, so no conversion spans it) and the spans taken apart again.
        Where a text holds that character itself, each text is converted again alone."""
        plain, ours = SEPARATOR.join(s for s, _ in pairs), SEPARATOR.join(o for _, o in pairs)
        other = self._zhconv(plain, self.target)
        others = other.split(SEPARATOR) if len(pairs) > 1 else [other]
        if len(others) != len(pairs):
            others = [self._zhconv(source, self.target) for source, _ in pairs]
        starts = list(itertools.accumulate((len(s) + 1 for s, _ in pairs[:-1]), initial=0))
        found: list[tuple[int, int, int, int, int, int, str | None]] = []
        if all(len(o) == len(x) for (_, o), x in zip(pairs, others)):  # the usual case: compared in one piece
            for i1, i2, _, _ in _differences(ours, other):
                at = bisect.bisect_right(starts, i1) - 1
                start, end = i1 - starts[at], i2 - starts[at]
                found.append((at, 0, start, end, start, end, None))
        else:
            for at, ((_, our_text), other_text) in enumerate(zip(pairs, others)):
                if our_text != other_text:
                    found += [(at, 0, *span, None) for span in _differences(our_text, other_text)]
        for index in _simplified_left(plain, ours):
            at = bisect.bisect_right(starts, index) - 1
            local = index - starts[at]
            found.append((at, 1, local, local + 1, local, local + 1, "simplified-left"))
        for at, _, i1, i2, j1, j2, force in sorted(found, key=lambda span: span[:3]):
            yield pairs[at][0], pairs[at][1], others[at], i1, i2, j1, j2, force

    def _finding(self, plain: str, spans: tuple[str, str, str], i1: int, i2: int, force: str | None) -> Finding:
        source_span, our_span, other_span = spans
        kind = self._kind(plain, i1, i2, our_span, other_span)
        if force == "simplified-left" or force and kind not in ("punctuation", "phrase-list"):
            kind = force  # a phrase of our lists crosses words on purpose
        named = kind.startswith("meaning") and NAME_BEFORE.search(plain[max(0, i1 - NAME_REACH):i1])
        score = SCORES[kind] + (NAME_BONUS if named else 0)
        return Finding(source_span, our_span, other_span, kind, plain[max(0, i1 - 6):i2 + 6], score, 1)

    def _kind(self, plain: str, i1: int, i2: int, ours: str, other: str) -> str:
        if set(ours + other) <= QUOTES:
            return "punctuation"
        around = plain[max(0, i1 - 8):i2 + 8]
        if any(phrase and phrase in around and _covers(plain, phrase, i1, i2) for phrase in self.phrases):
            return "phrase-list"
        if len(ours) == len(other) and all({a, b} in HOUSE_STYLE for a, b in zip(ours, other) if a != b):
            return "house-style"
        if self._folded(ours) == self._folded(other):
            return "variant-form"
        return "meaning-ambiguous" if set(plain[i1:i2]) & AMBIGUOUS else "meaning"


class ReviewQueue:
    """The findings of a whole variant, one entry per distinct span: the first finding of a span
    gives its kind, context and score; later ones count, and add their page (PAGES_SHOWN at most).
    Adding articles in order, or queues made of consecutive runs of them (extend), is the same."""

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str, str], ReviewEntry] = {}

    def add(self, where: str, findings) -> None:
        """The findings of the article on page `where` (Findings, or tuples of the same fields)."""
        for source, ours, other, kind, context, score, count in findings:
            key = (source, ours, other)
            entry = self.entries.get(key)
            if entry is None:
                entry = self.entries[key] = ReviewEntry(kind, source, ours, other, context, score)
            entry.count += count
            if len(entry.pages) < PAGES_SHOWN:
                entry.pages.append(where)

    def extend(self, later: "ReviewQueue") -> None:
        """Add a queue made from the articles that come after this one's (later is not changed)."""
        for key, found in later.entries.items():
            entry = self.entries.get(key)
            if entry is None:
                self.entries[key] = replace(found, pages=list(found.pages))
            else:
                entry.count += found.count
                entry.pages += found.pages[:PAGES_SHOWN - len(entry.pages)]

    def rows(self) -> tuple[tuple, ...]:
        """The entries as plain tuples, in order (to be kept between builds)."""
        return tuple((e.kind, e.source, e.ours, e.other, e.context, e.score, e.count, tuple(e.pages))
                     for e in self.entries.values())

    @classmethod
    def from_rows(cls, rows: tuple[tuple, ...]) -> "ReviewQueue":
        queue = cls()
        for kind, source, ours, other, context, score, count, pages in rows:
            queue.entries[(source, ours, other)] = ReviewEntry(kind, source, ours, other, context, score, count,
                                                               list(pages))
        return queue

    def ranked(self) -> list[dict]:
        # Within a tier the rare spans first: a frequent one was likely checked by the tables' authors.
        items = sorted(self.entries.values(), key=lambda e: (-e.score, e.count, e.source, e.ours))
        return [e.as_dict() for e in items]


def worth_a_look(entries: list[dict]) -> int:
    """Ranked entries (ReviewQueue.ranked) an editor should read: Simplified characters left and
    meaning differences."""
    return sum(1 for entry in entries if entry["score"] >= SCORES["meaning"])


def _differences(ours: str, other: str):
    """Spans where two conversions of one text differ. Both converters map character for character
    almost always, so equal lengths are compared position by position; otherwise difflib."""
    if len(ours) != len(other):
        matcher = difflib.SequenceMatcher(None, ours, other, autojunk=False)
        yield from ((i1, i2, j1, j2) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal")
        return
    yield from ((start, end, start, end) for start, end in _differing_runs(ours, other))


SCANNED_ALONE = 8
"""Characters from which _differing_runs compares one by one rather than halving again."""


def _differing_runs(ours: str, other: str):
    """Character ranges (start, end) where two texts of equal length differ, in order: each
    maximal run of differing characters. The texts are halved while their halves differ (a
    comparison of equal slices is C's work), so the few differences of a paragraph cost a few
    comparisons each, not a step per character."""
    differing: list[int] = []
    pending = [(0, len(ours))]
    while pending:
        low, high = pending.pop()
        if ours[low:high] == other[low:high]:
            continue
        if high - low <= SCANNED_ALONE:
            differing += [at for at in range(low, high) if ours[at] != other[at]]
        else:
            middle = (low + high) // 2
            pending += [(middle, high), (low, middle)]  # the left half taken first: in order
    start = end = None
    for at in differing:
        if at != end:
            if start is not None:
                yield start, end
            start = at
        end = at + 1
    if start is not None:
        yield start, end


def _simplified_left(plain: str, ours: str) -> list[int]:
    """Where ours (plain converted, as long as plain) keeps a character of simplified_only()."""
    simplified = simplified_only()
    return [match.start() for match in simplified_only_candidates().finditer(ours)
            if match.group() in simplified and plain[match.start()] == match.group()]


def _covers(text: str, phrase: str, start: int, end: int) -> bool:
    for match in re.finditer(re.escape(phrase), text):
        if match.start() <= start and end <= match.end():
            return True
    return False
