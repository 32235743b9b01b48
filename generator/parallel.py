"""Work shared between forked processes: each child inherits the parent's data (nothing is
copied through a pipe on the way in) and sends back only its result."""

from __future__ import annotations

import ctypes
import multiprocessing
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


def _child(function: Callable, part, connection) -> None:
    die_with_parent()
    try:
        connection.send(function(part))
    except DigestError as error:
        connection.send(error)
    except BaseException:
        connection.send(DigestError(f"a build process failed:\n{traceback.format_exc()}"))
    finally:
        connection.close()


def fork_map(function: Callable, parts: list) -> list:
    """[function(part) for part in parts], each part in a forked process of its own (here, where
    the system cannot fork). The first error is raised here."""
    if len(parts) < 2 or not can_fork():
        return [function(part) for part in parts]
    context = multiprocessing.get_context("fork")
    running = []
    for part in parts:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_child, args=(function, part, sender))
        process.start()
        sender.close()
        running.append((process, receiver))
    results = []
    try:
        for process, receiver in running:
            try:
                results.append(receiver.recv())  # before join: a big result fills the pipe
            except EOFError:
                process.join()
                raise DigestError(f"a build process stopped (exit code {process.exitcode})") from None
    finally:
        for process, _ in running:
            if process.is_alive() and len(results) < len(running):
                process.terminate()
            process.join()
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results
