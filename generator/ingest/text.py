"""Facts about Chinese news text that several steps share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_CHAR = re.compile(f"[{HAN}]")
HAN_RUN = re.compile(f"[{HAN}]+")
CJK_PUNCT = "，。、；：？！…—·“”‘’《》〈〉（）【】「」『』～"
SENTENCE_END = "。！？!?…"
CLOSERS = "”’）)》」』】"
#: A block ending in one of these may still be complete (a colon before a quote, a dash after a kicker).
SOFT_ENDS = "：:—"


def norm(text: str) -> str:
    """For comparing text: NFKC (punctuation width folded), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def quoted(text: str) -> str:
    """text in double quotes for a report line, its own double quotes made single (GB/T 15834:
    a quotation inside a quotation takes single marks)."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def han_count(text: str) -> int:
    """Han characters in text (counted by runs: a list of every character costs three times as much)."""
    return sum(map(len, HAN_RUN.findall(text)))


def ends_sentence(text: str) -> bool:
    """True when the text ends where a paragraph may end."""
    stripped = text.rstrip()
    if not stripped:
        return True
    end = stripped.rstrip(CLOSERS)
    if end and end[-1] in SENTENCE_END + SOFT_ENDS:
        return True
    # A closing quote or bracket on its own ends a quotation: “……” or （作者系……）.
    return stripped[-1] in CLOSERS


LINKING_ENDS = "和与及或并而且的地得之了着把被将对从向往以于在为让使给跟同比"
"""Characters that link to what follows: a line ending in one (…开展劳动和) is cut mid-sentence,
never a headline's end."""


def ends_linked(text: str) -> bool:
    """The text ends on a linking character (…劳动和, …加强对): the next words continue it."""
    return text.rstrip()[-1:] in LINKING_ENDS


def dangles(text: str) -> bool:
    """The text stops mid-sentence: a column break or a cut cut it there."""
    return not ends_sentence(text)


def starts_mid_sentence(text: str) -> bool:
    """The text cannot start a sentence: it opens with a closing mark or a comma."""
    return bool(text) and text[0] in "，、。；：？！）》”’」』】,.;:?!)"


@lru_cache(maxsize=1)
def _segmenter():
    import rjieba

    return rjieba


def word_spans(left: str, right: str, width: int = 4) -> str | None:
    """The dictionary word cut in two where left ends and right begins, if any (受|到 -> 受到)."""
    tail = left.rstrip()[-width:]
    head = right.lstrip()[:width]
    if not tail or not head or not HAN_CHAR.match(tail[-1]) or not HAN_CHAR.match(head[0]):
        return None
    position = 0
    for word in _segmenter().cut(tail + head, False):  # dictionary words only: HMM glues any two characters (家|据)
        end = position + len(word)
        if position < len(tail) < end and han_count(word) == len(word):
            return word
        position = end
    return None
