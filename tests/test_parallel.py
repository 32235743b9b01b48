"""Work shared between forked processes: the budget they share, and the search indexes made within it."""

from __future__ import annotations

import multiprocessing
import stat
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import search
from generator.build import build
from generator.config import load_config
from generator.parallel import SharedBudget, fork_map
from support import ROOT

LIMIT = 10


@settings(max_examples=15, deadline=None)
@given(st.lists(st.lists(st.integers(1, 2 * LIMIT), min_size=1, max_size=6), min_size=2, max_size=3))
def test_work_in_forked_processes_holds_no_more_than_the_budget(amounts):
    """Each process takes each amount (waiting or, if it can, without), holds it a moment and gives
    it back. At every moment the amounts held add up to at most the budget, unless one amount
    larger than the budget is held alone; and every piece of work is done."""
    budget = SharedBudget(LIMIT)
    context = multiprocessing.get_context("fork")
    held = context.Value("q", 0)
    over = context.Value("q", 0)  # moments the rule was broken

    def work(part: list[int], _progress) -> int:
        done = 0
        for amount in part:
            if not budget.try_take(amount):
                budget.take(amount)
            with held.get_lock():
                held.value += amount
                if held.value > LIMIT and held.value != amount:
                    over.value += 1
            time.sleep(0.002)
            with held.get_lock():
                held.value -= amount
            budget.give_back(amount)
            done += 1
        return done

    assert fork_map(work, amounts) == [len(part) for part in amounts]
    assert over.value == 0
    assert budget.try_take(LIMIT)  # everything was given back


def test_try_take_never_waits_and_an_amount_over_the_budget_waits_for_an_empty_one():
    budget = SharedBudget(LIMIT)
    assert budget.try_take(LIMIT - 1)
    assert not budget.try_take(2)
    assert not budget.try_take(LIMIT + 5)
    budget.give_back(LIMIT - 1)
    assert budget.try_take(LIMIT + 5)
    assert not budget.try_take(1)
    budget.give_back(LIMIT + 5)


def test_pagefinds_run_one_at_a_time_when_the_budget_holds_one_index(tmp_path, monkeypatch):
    """The real Pagefind, through a wrapper that logs when each run starts and ends: with a budget
    of one document, no two runs overlap, though the indexes are made by two processes."""
    log = tmp_path / "runs.log"
    wrapper = tmp_path / "pagefind"
    real = " ".join(f"'{part}'" for part in search.pagefind_command())
    wrapper.write_text(f"#!/bin/sh\necho \"start $(date +%s.%N)\" >> '{log}'\n{real} \"$@\"\ncode=$?\n"
                       f"echo \"end $(date +%s.%N)\" >> '{log}'\nexit $code\n")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("DIGEST_PAGEFIND", str(wrapper))
    monkeypatch.setattr(search, "documents_at_once", lambda: 1)
    build(ROOT, load_config(ROOT / "site.yaml"), tmp_path / "site")

    events = [line.split() for line in log.read_text().splitlines()]
    years = {path.name for path in (tmp_path / "site").glob("*/pagefind/*")}
    assert len(events) == 2 * 2 * len(years) and len(years) >= 2  # two variants, a run a year
    running = 0
    for kind, _ in sorted(events, key=lambda event: float(event[1])):
        running += 1 if kind == "start" else -1
        assert running <= 1
