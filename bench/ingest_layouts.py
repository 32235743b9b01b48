"""The ingest scored on the five raw pages and on the same pages re-laid in the other layouts
(tests/relayout.py): one line per paragraph, hard-wrapped at several widths with page furniture,
credits glued to paragraphs, datelines without brackets. Each is scored by the user's checker
against the page's gold file, so a layout the ingest reads worse shows at once.

    .venv/bin/python bench/ingest_layouts.py [--shared ../shared] [--widths 15,22,31,40]
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import relayout  # noqa: E402

PAGES = {  # gold name: (issue date, raw files); dates from ../shared/raw/README.md
    "000_adccac0a2d96c728": ("2022-01-17", ["000_adccac0a2d96c728.txt"]),
    "001_2e3cd046b75820aa": ("2022-01-17", ["001_2e3cd046b75820aa.txt"]),
    "002_1e29fe29f3844c50": ("2022-01-20", ["002_1e29fe29f3844c50.txt"]),
    "003_cc0a3396e92c9541": ("2023-04-21", ["003_cc0a3396e92c9541.txt"]),
    "004_e8bd58d1ab5efdbd": ("2023-12-07", ["004_e8bd58d1ab5efdbd.txt"]),
    "page-000-001-merged": ("2022-01-17", ["000_adccac0a2d96c728.txt", "001_2e3cd046b75820aa.txt"]),
}


def layouts(text: str, widths: list[int], seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    found = {"original": text, "one line per paragraph": relayout.one_line_per_paragraph(text),
             "credits glued": relayout.credits_glued(text),
             "datelines unbracketed": relayout.datelines_unbracketed(text)}
    usable = relayout.wrap_widths_that_split_no_headline(text)
    for width in widths:
        chosen = min(usable, key=lambda w: abs(w - width)) if usable else width
        found[f"hard-wrapped near {width}"] = relayout.hard_wrapped(text, chosen, rng)
    return found


def score(shared: Path, gold: str, date: str, pages: list[Path], work: Path) -> tuple[str, str]:
    out = work / "out"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "ingest", *map(str, pages), "--date", date,
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        return "error", result.stderr.strip().splitlines()[-1]
    check = subprocess.run([sys.executable, str(shared / "tools" / "check_ingest.py"), "--gold",
                            str(shared / "gold" / f"{gold}.yaml"), "--out", str(out)], capture_output=True, text=True)
    lines = check.stdout.strip().splitlines()
    return re.sub(r"^articles fully right ", "", lines[-2]), lines[-1].split("= ")[-1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--widths", default="15,22,31,40")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    totals: dict[str, list[int]] = {}
    print("| page | layout | fully right | score |\n|---|---|---|---|")
    for gold, (date, files) in PAGES.items():
        texts = [(args.shared / "raw" / name).read_text(encoding="utf-8") for name in files]
        per_file = [layouts(text, widths, args.seed) for text in texts]
        for layout in per_file[0]:
            with tempfile.TemporaryDirectory() as folder:
                work = Path(folder)
                pages = []
                for name, variants in zip(files, per_file):
                    path = work / name
                    path.write_text(variants[layout], encoding="utf-8")
                    pages.append(path)
                right, value = score(args.shared, gold, date, pages, work)
            print(f"| {gold[:3] if gold[0].isdigit() else 'merged'} | {layout} | {right} | {value} |")
            if "/" in right:
                done, whole = map(int, right.split("/"))
                kind = re.sub(r" near \d+$", "", layout)
                totals.setdefault(kind, [0, 0])
                totals[kind][0] += done
                totals[kind][1] += whole
    print("\n| layout | articles fully right |\n|---|---|")
    for kind, (done, whole) in totals.items():
        print(f"| {kind} | {done}/{whole} ({done / whole:.0%}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
