"""Work shared between forked processes: the budget they share, and the search indexes made within it."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import search
from generator.build import build
from generator.config import load_config
from generator import parallel
from generator.errors import DigestError
from generator.parallel import Forked, SharedBudget, fork_map
from support import ROOT, pagefind_wrapper

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


@settings(max_examples=10, deadline=None)
@given(st.binary(max_size=300_000), st.booleans())
def test_forked_work_gives_back_what_it_returned_however_large_and_where_it_cannot_fork(payload, fork):
    """A result larger than a pipe holds comes back whole; without fork, the same result."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(parallel, "can_fork", lambda: fork)
        with Forked(lambda: {"bytes": payload, "length": len(payload)}, "test work") as work:
            assert work.result() == {"bytes": payload, "length": len(payload)}


def test_forked_work_runs_beside_the_parent_and_its_error_is_raised_at_result(tmp_path):
    started = tmp_path / "started"

    def slow() -> int:
        started.write_text("")
        time.sleep(0.5)
        raise DigestError("the child's own message")

    begun = time.monotonic()
    with Forked(slow, "test work") as work:
        while not started.exists():  # the child runs while the parent goes on
            assert time.monotonic() - begun < 30
            time.sleep(0.01)
        with pytest.raises(DigestError, match="the child's own message"):
            work.result()


def test_leaving_forked_work_unasked_waits_for_it_and_a_child_that_dies_is_named(tmp_path):
    done = tmp_path / "done"

    def changes_files() -> bytes:
        time.sleep(0.3)
        done.write_text("finished")
        return b"x" * 1_000_000  # more than the pipe holds: leaving must read it, or wait for ever

    with pytest.raises(RuntimeError):
        with Forked(changes_files, "test work"):
            raise RuntimeError("the parent failed")
    assert done.read_text() == "finished"  # never stopped halfway

    with Forked(lambda: os._exit(3), "dying work") as work:
        with pytest.raises(DigestError, match=r"dying work stopped \(exit code 3\)"):
            work.result()


def test_try_take_never_waits_and_an_amount_over_the_budget_waits_for_an_empty_one():
    budget = SharedBudget(LIMIT)
    assert budget.try_take(LIMIT - 1)
    assert not budget.try_take(2)
    assert not budget.try_take(LIMIT + 5)
    budget.give_back(LIMIT - 1)
    assert budget.try_take(LIMIT + 5)
    assert not budget.try_take(1)
    budget.give_back(LIMIT + 5)


@pytest.mark.parametrize("budget", ["one document", "the machine's"])
def test_pagefinds_running_at_once_stay_within_the_budget_and_the_cores(tmp_path, monkeypatch, budget):
    """The real Pagefind, through a wrapper that logs when each run starts and ends, and which
    process started it. With a budget of one document, no two runs overlap, though two processes
    make the indexes; with the machine's budget, no more than PAGEFINDS_AT_ONCE do, and each of
    the two processes runs one at a time (its next index is cut, at once, while its run goes on)."""
    log = tmp_path / "runs.log"
    # Each run lasts at least 1.5 s, so runs that may overlap do.
    wrapper = pagefind_wrapper(tmp_path / "pagefind",
                               before=f"echo \"start $(date +%s.%N) $PPID\" >> '{log}'\nsleep 1.5\n",
                               after=f"echo \"end $(date +%s.%N) $PPID\" >> '{log}'\n")
    monkeypatch.setenv("DIGEST_PAGEFIND", str(wrapper))
    if budget == "one document":
        monkeypatch.setattr(search, "documents_at_once", lambda: 1)
    build(ROOT, load_config(ROOT / "site.yaml"), tmp_path / "site")

    events = sorted((float(time), kind, process) for kind, time, process in
                    (line.split() for line in log.read_text().splitlines()))
    years = {path.name for path in (tmp_path / "site").glob("pagefind/*")}
    assert len(events) == 2 * len(years) and len(years) >= 2  # a run a period, shared by the variants
    assert len({process for _, _, process in events}) == 2
    running, most, by_process = 0, 0, {}
    for _, kind, process in events:
        step = 1 if kind == "start" else -1
        running += step
        by_process[process] = by_process.get(process, 0) + step
        most = max(most, running)
        assert by_process[process] <= 1
    assert most <= (1 if budget == "one document" else search.PAGEFINDS_AT_ONCE)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has stopped; only its exit status is left


def test_a_search_process_killed_takes_its_pagefind_with_it(tmp_path, monkeypatch):
    """A forked process starts a Pagefind (here one that would run 60 s) and is killed, as
    fork_map kills the others when one fails: the Pagefind stops with it."""
    pagefind = tmp_path / "pagefind"
    pagefind.write_text("#!/bin/sh\nexec sleep 60\n")
    pagefind.chmod(0o755)
    monkeypatch.setenv("DIGEST_PAGEFIND", str(pagefind))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def start() -> None:
        run = search.PagefindRun(tmp_path / "index", [], search.FilterNames("年份", "主题"), tmp_path)
        sender.send(run.process.pid)
        time.sleep(60)

    process = context.Process(target=start)
    process.start()
    assert receiver.poll(10)
    pagefind_pid = receiver.recv()
    assert _alive(pagefind_pid)
    process.kill()
    process.join()
    for _ in range(50):
        if not _alive(pagefind_pid):
            break
        time.sleep(0.1)
    assert not _alive(pagefind_pid)


@pytest.mark.parametrize("fork", [True, False])
def test_yielding_parts_give_way_in_their_own_processes_and_never_in_the_parent(fork, monkeypatch):
    """A yielding part runs at a higher niceness than the others; where nothing is forked (one
    part, or no fork) the parent's own niceness is left as it was."""
    monkeypatch.setattr(parallel, "can_fork", lambda: fork)
    before = os.nice(0)
    found = fork_map(lambda part, _progress: (part, os.nice(0)), ["pages", "search", "review"],
                     yielding=[True, False, True])
    if fork:
        assert found == [("pages", before + parallel.YIELDING_NICENESS), ("search", before),
                         ("review", before + parallel.YIELDING_NICENESS)]
    else:
        assert found == [("pages", before), ("search", before), ("review", before)]
    assert os.nice(0) == before
