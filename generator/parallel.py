"""Work shared between forked processes: each child inherits the parent's data (nothing is
copied through a pipe on the way in) and sends back only its result."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import traceback
from typing import Callable

from .errors import DigestError

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Linux: a killed build takes its child processes with it (none left writing)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def balanced(items: list, weight: Callable[[object], float], parts: int = 2) -> list[list]:
    """items shared into `parts` lists of about equal weight: each item, in order, goes to the
    lightest list so far (give the heaviest first for the closest balance)."""
    shared: list[list] = [[] for _ in range(parts)]
    loads = [0.0] * parts
    for item in items:
        lighter = loads.index(min(loads))
        shared[lighter].append(item)
        loads[lighter] += weight(item)
    return shared


class SharedBudget:
    """A quantity (memory, say, counted in documents) that work in forked processes takes before
    it starts and gives back when it ends; made before the fork, it is shared by every process of
    a fork_map. A piece of work larger than the whole budget may start once nothing is held."""

    def __init__(self, limit: int) -> None:
        context = multiprocessing.get_context("fork") if can_fork() else multiprocessing.get_context()
        self.limit = limit
        self._held = context.Value("q", 0, lock=False)  # guarded by _changed's lock
        self._changed = context.Condition()

    def _fits(self, amount: int) -> bool:
        return self._held.value == 0 or self._held.value + amount <= self.limit

    def try_take(self, amount: int) -> bool:
        """Takes amount if it fits now; never waits."""
        with self._changed:
            if not self._fits(amount):
                return False
            self._held.value += amount
            return True

    def take(self, amount: int) -> None:
        """Takes amount, waiting until it fits. Call it holding nothing yourself, or two processes
        can wait for each other."""
        with self._changed:
            self._changed.wait_for(lambda: self._fits(amount))
            self._held.value += amount

    def give_back(self, amount: int) -> None:
        with self._changed:
            self._held.value -= amount
            self._changed.notify_all()


YIELDING_NICENESS = 10
"""How far a yielding process gives way: at 10, Linux gives it about a tenth of the CPU time of a
process at 0 while both wait for a core."""

PROGRESS_BATCH = 100
"""Units of work a child adds to the shared counter at a time (each addition takes a lock)."""


def _child(function: Callable, part, name: str, connection, other_end, counter, niceness: int, parent: int) -> None:
    die_with_parent()
    # A parent killed before the line above took effect leaves this process an orphan that nothing
    # stops: it would hold the output's lock, and block on sending its answer into a pipe whose
    # reading end it holds itself. It ends here instead, and keeps no reading end.
    if os.getppid() != parent:
        os._exit(1)
    other_end.close()
    if niceness:
        os.nice(niceness)
    pending = 0

    def progress() -> None:
        nonlocal pending
        pending += 1
        if pending == PROGRESS_BATCH:
            with counter.get_lock():
                counter.value += pending
            pending = 0

    try:
        connection.send(function(part, progress))
    except (DigestError, OSError) as error:  # errors the command reports in one line (a full disk is an OSError)
        connection.send(error)
    except BaseException:
        connection.send(DigestError(f"{name} failed:\n{traceback.format_exc()}"))
    finally:
        connection.close()


def _start(function: Callable, part, name: str, counter, niceness: int = 0) -> tuple[multiprocessing.Process, object]:
    """A forked child running function(part, progress) (_child), and the end of the pipe its
    answer comes back on. The inherited objects are kept out of the children's collections
    (gc.freeze): never walked, never copied."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    gc.freeze()
    try:
        process = context.Process(target=_child,
                                  args=(function, part, name, sender, receiver, counter, niceness, os.getpid()))
        process.start()
    finally:
        gc.unfreeze()
    sender.close()
    return process, receiver


def fork_map(function: Callable, parts: list, names: list[str] | None = None,
             on_progress: Callable[[int], None] | None = None, yielding: list[bool] | None = None) -> list:
    """[function(part, progress) for part in parts], each part in a forked process of its own
    (here, where the system cannot fork or there is one part). function calls progress() for
    each unit of work done; on_progress(n) is called here with the units done since its last
    call. names: what each part is, for messages. yielding: the parts whose processes give way
    (os.nice) to the others, where the machine has fewer cores than processes: those not on the
    longest path. The first error is raised here."""
    names = names or [f"build process {number + 1}" for number in range(len(parts))]
    if len(parts) < 2 or not can_fork():
        progress = (lambda: on_progress(1)) if on_progress is not None else (lambda: None)
        return [function(part, progress) for part in parts]
    counter = multiprocessing.get_context("fork").Value("q", 0)
    running = []
    for number, (part, name) in enumerate(zip(parts, names)):
        process, receiver = _start(function, part, name, counter,
                                   YIELDING_NICENESS if yielding and yielding[number] else 0)
        running.append((name, process, receiver))
    results: dict[int, object] = {}
    shown = 0
    try:
        while len(results) < len(running):
            waiting = [receiver for number, (_, _, receiver) in enumerate(running) if number not in results]
            ready = multiprocessing.connection.wait(waiting, timeout=0.05)  # whichever answers first
            for number, (name, process, receiver) in enumerate(running):
                if number in results:
                    continue
                if receiver in ready:
                    results[number] = receiver.recv()  # before join: a big result fills the pipe
                elif not process.is_alive() and not receiver.poll():
                    raise DigestError(f"{name} stopped (exit code {process.exitcode})")
            if on_progress is not None and counter.value > shown:
                on_progress(counter.value - shown)
                shown = counter.value
    finally:
        for _, process, _ in running:
            if process.is_alive() and len(results) < len(running):
                process.terminate()
            process.join()
    ordered = [results[number] for number in range(len(running))]
    for result in ordered:
        if isinstance(result, BaseException):
            raise result
    return ordered


class Forked:
    """function() started now in a forked process, its result taken later with result(): work
    that needs nothing the parent does meanwhile, and that the parent needs only later. Where the
    system cannot fork, function runs at result(). Used as a context manager, leaving waits for
    the process (it is never stopped halfway: it may be changing files)."""

    def __init__(self, function: Callable[[], object], name: str) -> None:
        self.function = function
        self.name = name
        self._process = None
        self._receiver = None
        if can_fork():
            run = lambda _part, _progress: (function(),)  # noqa: E731 (_child's calling convention)
            self._process, self._receiver = _start(run, None, name, multiprocessing.get_context("fork").Value("q", 0))

    def result(self):
        """What function returned; its error raised here."""
        if self._process is None:
            return self.function()
        answer = self._answer()
        if answer is None:
            raise DigestError(f"{self.name} stopped (exit code {self._process.exitcode})")
        if isinstance(answer, BaseException):
            raise answer
        return answer[0]

    def _answer(self) -> tuple | BaseException | None:
        """The child's answer ((result,) or an error), once, the process ended; None when it
        stopped without one. Read before the join: a big result fills the pipe."""
        if self._receiver.closed:
            return None
        try:
            answer = self._receiver.recv()
        except EOFError:
            answer = None
        self._receiver.close()
        self._process.join()
        return answer

    def __enter__(self) -> "Forked":
        return self

    def __exit__(self, *_) -> None:
        if self._process is not None:
            self._answer()
