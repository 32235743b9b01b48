"""Each cleaning step against its fixture file (tests/fixtures/steps/<step>.yaml): input, expected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.ingest.blocks import RawPage, split_blocks
from generator.ingest.rules import PageRules
from generator.ingest.steps import CLEANING_STEPS

FIXTURES = Path(__file__).parent / "fixtures" / "steps"
STEPS = dict(CLEANING_STEPS)


def cases() -> list:
    return list(_cases())


def _cases():
    for path in sorted(FIXTURES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(path.stem, case, id=f"{path.stem}: {case['title']}")


def test_every_step_has_a_fixture_file():
    assert {p.stem for p in FIXTURES.glob("*.yaml")} == set(STEPS)


@pytest.mark.parametrize("step, case", cases())
def test_step(step, case):
    blocks = split_blocks(RawPage(Path("fixture.txt"), case["input"], "utf-8"))
    result, changes = STEPS[step](blocks, PageRules())
    assert "\n\n".join(b.text for b in result) + "\n" == case["expected"]
    if "marks" in case:
        assert [b.mark for b in result] == case["marks"]
    if case["input"] != case["expected"]:
        assert changes, "every change is recorded"
