"""Which reading of the page generalises better: segment's local rules or the Viterbi decoder
(generator/ingest/decode.py)? Both are scored on what can be made from the five raw pages:

- the six gold files, by the user's checker (articles fully right);
- the same pages re-laid (tests/relayout.py: one line per paragraph, hard-wrapped at several
  widths with page furniture, credits glued, datelines unbracketed), by the same checker;
- damaged pages (tests/test_ingest_honesty.py: the gaps between articles removed, a headline
  pushed into the article before it), by articles equal to the undamaged page's reading.

    .venv/bin/python bench/segment_models.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

from ingest_layouts import PAGES, layouts  # noqa: E402

from generator.config import load_config  # noqa: E402
from generator.ingest.command import WriteChoices, rules_of, write_page  # noqa: E402
from generator.ingest.identity import Archive  # noqa: E402
from generator.ingest.pipeline import PageSpec, ingest_page, read_extraction  # noqa: E402
from generator.ingest.roles import balanced  # noqa: E402
from generator.ingest.text import norm  # noqa: E402

DECODERS = ("rules", "viterbi")
CONFIG = load_config(ROOT / "site.yaml")
RULES = rules_of(CONFIG)


def checked(shared: Path, gold: str, date: str, pages: list[Path], decoder: str, work: Path) -> tuple[int, int]:
    rules = dataclasses.replace(RULES, decoder=decoder)
    out = work / f"out-{decoder}"
    try:
        result = ingest_page(PageSpec(dt.date.fromisoformat(date), tuple(pages)), rules, list(CONFIG.topics),
                             CONFIG.fallback_topic)
    except Exception:  # a page the reading cannot take at all scores nothing
        return 0, 0
    write_page(result, out, WriteChoices(), Archive(out))
    check = subprocess.run([sys.executable, str(shared / "tools" / "check_ingest.py"), "--gold",
                            str(shared / "gold" / f"{gold}.yaml"), "--out", str(out)], capture_output=True, text=True)
    right = re.search(r"articles fully right (\d+)/(\d+)", check.stdout)
    return (int(right.group(1)), int(right.group(2))) if right else (0, 0)


def facts(article) -> tuple:
    return (norm(article.title), norm(article.kicker), norm(article.subtitle), article.kind,
            tuple(sorted((k, tuple(v)) for k, v in article.people.items())), norm("".join(article.paragraphs)))


def damaged_right(page: Path, text: str, decoder: str, work: Path, expect=lambda fact: fact) -> tuple[int, int]:
    """Articles of the damaged page equal to the undamaged page's (as `expect` changes them)."""
    rules = dataclasses.replace(RULES, decoder=decoder)
    truth = [expect(facts(a)) for a in read_extraction(page, RULES,
                                                       dt.date(2022, 1, 17))[0]]
    path = work / page.name
    path.write_text(text, encoding="utf-8")
    found = [facts(a) for a in read_extraction(path, rules, dt.date(2022, 1, 17))[0]]
    return sum(1 for f in found if f in truth), len(truth)


SHORT_TITLE = 6
LONGER = "工作取得新成效"


def _bare(line: str) -> str:
    return norm(line).lstrip("#*").rstrip("*")


def titles_shortened(text: str, titles: list[str]) -> tuple[str, object]:
    """Every title line cut to its first SHORT_TITLE characters (short titles exist: 大美劳动者),
    where the cut leaves its quotation marks balanced."""
    lines = text.split("\n")
    alone = {_bare(line) for line in lines}  # titles printed on a line of their own
    cut = {title: title[:SHORT_TITLE] for title in titles
           if title in alone and len(title) > SHORT_TITLE and balanced(title[:SHORT_TITLE])}
    for i, line in enumerate(lines):
        if _bare(line) in cut:
            lines[i] = line[:len(line) - len(line.lstrip("#* "))] + cut[_bare(line)]
    def expect(fact):
        return (cut.get(fact[0], fact[0]), *fact[1:])
    return "\n".join(lines), expect


def headings_lengthened(text: str, headings: list[str]) -> tuple[str, object]:
    """Every section heading made title-long (argument-style headings are: 001's run 20-24)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _bare(line) in headings:
            lines[i] = line.rstrip().rstrip("*") + LONGER + ("**" if line.rstrip().endswith("**") else "")
    def expect(fact):
        body = fact[5]
        for heading in headings:
            body = body.replace("##" + heading, "##" + heading + LONGER)
        return (*fact[:5], body)
    return "\n".join(lines), expect


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    import test_ingest_honesty as damage

    kinds = ("gold", "re-laid", "gaps removed", "headline pushed", "titles shortened", "headings lengthened")
    totals = {(d, kind): [0, 0] for d in DECODERS for kind in kinds}
    for gold, (date, files) in PAGES.items():
        texts = [(args.shared / "raw" / name).read_text(encoding="utf-8") for name in files]
        per_file = [layouts(text, [15, 22, 31, 40], 7) for text in texts]
        for layout in per_file[0]:
            with tempfile.TemporaryDirectory() as folder:
                work = Path(folder)
                pages = []
                for name, variants in zip(files, per_file):
                    (work / name).write_text(variants[layout], encoding="utf-8")
                    pages.append(work / name)
                for decoder in DECODERS:
                    done, whole = checked(args.shared, gold, date, pages, decoder, work)
                    cell = totals[(decoder, "gold" if layout == "original" else "re-laid")]
                    cell[0] += done
                    cell[1] += whole
    for page in sorted((args.shared / "raw").glob("*.txt")):
        text = page.read_text(encoding="utf-8")
        found = read_extraction(page, RULES, dt.date(2022, 1, 17))[0]
        titles = [norm(a.title) for a in found]
        headings = [norm(p[3:]) for a in found for p in a.paragraphs if p.startswith("## ")]
        same = lambda fact: fact  # noqa: E731
        cases = [("gaps removed", damage.gaps_removed(text), same)]
        cases += [("headline pushed", damage.headline_pushed(text, titles, choice), same) for choice in range(12)]
        cases += [("titles shortened", *titles_shortened(text, titles))]
        if headings:
            cases += [("headings lengthened", *headings_lengthened(text, headings))]
        for kind, damaged, expect in cases:
            if damaged is None:
                continue
            with tempfile.TemporaryDirectory() as folder:
                for decoder in DECODERS:
                    done, whole = damaged_right(page, damaged, decoder, Path(folder), expect)
                    totals[(decoder, kind)][0] += done
                    totals[(decoder, kind)][1] += whole
    print("| pages | " + " | ".join(DECODERS) + " |\n|---|" + "---|" * len(DECODERS))
    for kind in kinds:
        cells = [totals[(d, kind)] for d in DECODERS]
        print(f"| {kind} | " + " | ".join(f"{a}/{b} ({a / b:.0%})" if b else "-" for a, b in cells) + " |")
    return 0


if __name__ == "__main__":
    random.seed(0)
    sys.exit(main())
