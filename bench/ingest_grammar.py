"""The ingest scored on pages printed by the conventions DESIGN.md lists (tests/newspaper.py): in
every layout tests/relayout.py makes, with and without the extraction's defects, and as two
extractions of one page merged. An article counts as right when every part the test reads of it
(headline parts, column, kind, dateline, summary, people, section headings, body text) is right.

    .venv/bin/python bench/ingest_grammar.py [--pages 200] [--first-seed 0]

With PYTHONPATH set to another checkout's folder, the same pages score that checkout's ingest
(the generator and its expectations are this checkout's).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import newspaper  # noqa: E402
import relayout  # noqa: E402
from generator.ingest.pipeline import PageSpec, ingest_page, read_extraction  # noqa: E402
from generator.ingest.rules import PageRules  # noqa: E402

DATE = dt.date(2023, 12, 7)
def misread(expected, articles, breaks_lost: bool = False) -> int:
    """How many of the expected articles were read otherwise than printed."""
    return len({line.split(" (")[0] for line in newspaper.misreadings(expected, articles, breaks_lost)})


def one_page(seed: int, layout: str, defects: bool, folder: Path) -> tuple[int, int]:
    text, expected = newspaper.laid_out(seed, layout, defects)
    path = folder / f"{seed}.txt"
    path.write_text(text, encoding="utf-8")
    try:
        articles, *_ = read_extraction(path, PageRules(newspaper.COLUMNS), DATE)
    except Exception:  # noqa: BLE001 - a page the ingest refuses counts as every article misread
        return 0, len(expected)
    return len(expected) - misread(expected, articles, layout == relayout.LOSES_BREAKS), len(expected)


def merged_page(seed: int, folder: Path) -> tuple[int, int]:
    texts, expected, _ = newspaper.extractions(seed)
    files = []
    for number, text in enumerate(texts):
        files.append(folder / f"{seed}-{number}.txt")
        files[-1].write_text(text, encoding="utf-8")
    result = ingest_page(PageSpec(DATE, tuple(files)), PageRules(newspaper.COLUMNS), [], "other")
    return len(expected) - misread(expected, [a.article for a in result.articles]), len(expected)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--first-seed", type=int, default=0)
    args = parser.parse_args()
    seeds = range(args.first_seed, args.first_seed + args.pages)
    print("| layout | defects | articles read right |\n|---|---|---|")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for layout in relayout.LAYOUTS:
            for defects in (False, True):
                right, whole = map(sum, zip(*(one_page(seed, layout, defects, folder) for seed in seeds)))
                print(f"| {layout} | {'yes' if defects else 'no'} | {right}/{whole} ({right / whole:.0%}) |")
        right, whole = map(sum, zip(*(merged_page(seed, folder) for seed in seeds)))
        print(f"| two extractions merged | yes | {right}/{whole} ({right / whole:.0%}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
