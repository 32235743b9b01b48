"""The acceptance bar: `digest ingest` output scored by ../shared/tools/check_ingest.py is 1.000."""

from __future__ import annotations

import subprocess
import sys

import pytest

from support import SHARED, run_digest

RAW = SHARED / "raw"
GOLD = {
    "000_adccac0a2d96c728": ("2022-01-17", ["000_adccac0a2d96c728.txt"]),
    "001_2e3cd046b75820aa": ("2022-01-17", ["001_2e3cd046b75820aa.txt"]),
    "page-000-001-merged": ("2022-01-17", ["000_adccac0a2d96c728.txt", "001_2e3cd046b75820aa.txt"]),
    "003_cc0a3396e92c9541": ("2023-04-21", ["003_cc0a3396e92c9541.txt"]),
}


@pytest.mark.parametrize("name", sorted(GOLD))
def test_ingest_scores_full_marks_against_gold(tmp_path, name):
    date, files = GOLD[name]
    result = run_digest("ingest", *[str(RAW / f) for f in files], "--date", date, "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    check = subprocess.run([sys.executable, str(SHARED / "tools" / "check_ingest.py"),
                            "--gold", str(SHARED / "gold" / f"{name}.yaml"), "--out", str(tmp_path)],
                           capture_output=True, text=True)
    last = check.stdout.strip().splitlines()[-1]
    failures = [line for line in check.stdout.splitlines() if "FAIL" in line]
    assert last.endswith("= 1.000"), failures
