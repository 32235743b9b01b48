"""Candidates for the product phrase list: common mainland words our Traditional conversion writes
otherwise than a second converter does, most frequent first, for a person to judge by the MOE
norm (issue 27: "find more the same way").

The body of text is a word list with frequencies (jieba's dict.txt, from PyPI's jieba; not a
dependency of digest: `bench/.venv/bin/pip install jieba`), restricted to words holding a
character with several Traditional forms (OpenCC's STCharacters). Each word is converted alone by
digest (OpenCC and the product phrase list) and by zhconv-rs, and compared by the review queue
(generator/review.py): kept are the differences in meaning, not regional forms, quotes or the
pairs Taiwan prints either way. A word alone shows a character chosen wrongly, not a phrase read
across a word boundary: the review queue finds those in context.

    .venv/bin/python bench/conversion_candidates.py --dict PATH/TO/jieba/dict.txt [--top 80] [--region tw|hk]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from generator.phrases import phrase_layers
from generator.review import SCORES, ConversionReview, one_to_many
from generator.variants import Converter, Variant

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {"tw": Variant("zh-Hant", "zh-hant", "", "s2tw", "corner"), "hk": Variant("zh-HK", "zh-hk", "", "s2hk", "corner")}


def words(dictionary: Path, least: int) -> list[tuple[str, int]]:
    """Words of two to four characters with a one-to-many character, at least `least` frequent."""
    many = one_to_many()
    found = []
    for line in dictionary.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and 2 <= len(parts[0]) <= 4 and int(parts[1]) >= least and set(parts[0]) & many:
            found.append((parts[0], int(parts[1])))
    return sorted(found, key=lambda item: -item[1])


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--dict", required=True, type=Path, help="jieba's dict.txt (word frequency tag per line)")
    options.add_argument("--least", type=int, default=500, help="least frequency of a word (default: 500)")
    options.add_argument("--top", type=int, default=80, help="candidates printed (default: 80)")
    options.add_argument("--region", choices=sorted(VARIANTS), default="tw")
    args = options.parse_args()
    variant = VARIANTS[args.region]
    phrases = phrase_layers(ROOT / "content" / "phrases.txt")
    converter = Converter.layered(variant, phrases, Path(tempfile.mkdtemp()))
    review = ConversionReview(variant, phrases)
    listed = 0
    candidates = words(args.dict, args.least)
    print(f"{len(candidates)} words of frequency >= {args.least} hold a one-to-many character")
    print("| word | frequency | digest | zhconv-rs | kind |\n|---|---|---|---|---|")
    for word, frequency in candidates:
        for source, ours, other, kind, _, score, _ in review.compare([(word, converter.text(word))],
                                                                      convert=converter.text):
            if score >= SCORES["meaning"]:
                print(f"| {word} | {frequency} | {converter.text(word)} | {other if source == word else '…'} | {kind} |")
                listed += 1
        if listed >= args.top:
            break


if __name__ == "__main__":
    main()
