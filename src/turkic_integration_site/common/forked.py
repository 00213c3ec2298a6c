"""Work handed to a forked child while the parent goes on: a build runs on one core, the machine has more."""

from __future__ import annotations

import gc
import multiprocessing
import os
from functools import cache
from typing import Callable, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a child can start from this process's memory as it is (Linux; not Windows or macOS' default)."""
    return "fork" in multiprocessing.get_all_start_methods()


def fork_context():
    """multiprocessing's fork context, with the objects that exist at a fork kept out of the child's garbage
    collector (gc.freeze, as Python's documentation advises for fork without exec): a collection in the child
    would write to every one of them, and so copy the memory the two processes share, page by page, for
    nothing. The parent collects them again as before."""
    _freeze_at_fork()
    return multiprocessing.get_context("fork")


@cache
def _freeze_at_fork() -> None:
    os.register_at_fork(before=gc.freeze, after_in_parent=gc.unfreeze)


class Forked(Generic[T]):
    """`work()` run in a child forked now; `result()` is what it returned, or raises what it raised. The child
    shares the parent's memory as it was at the fork (nothing is pickled to start it); only the result travels
    back. Where fork does not exist (Windows, macOS' default), the work runs here, at once."""

    def __init__(self, work: Callable[[], T]):
        self._child = self._process = None
        self._outcome: tuple[bool, object] | None = None
        self.cancelled = False
        if not can_fork():
            self._outcome = _outcome(work)
            return
        context = fork_context()
        self._receive, send = context.Pipe(duplex=False)
        self._child = self._process = context.Process(target=lambda: send.send(_outcome(work)), daemon=True)
        self._child.start()
        send.close()  # the child holds its own end: recv() sees EOF if it dies without sending

    def result(self) -> T:
        if self._child is not None:
            child, self._child = self._child, None
            try:
                self._outcome = self._receive.recv()
            except EOFError:
                pass
            child.join()
        if self._outcome is None:
            if self.cancelled:
                raise Cancelled("a forked worker was stopped before it sent its result")
            raise RuntimeError(f"a forked worker ended (exit code {self._process.exitcode}) without sending its result")
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def cancel(self) -> None:
        """Stop a child whose result is no longer wanted (the parent failed first, or newer work replaces it).
        Another thread may be waiting in result(): it then raises Cancelled, unless the result had come."""
        self.cancelled = True
        if self._process is not None:
            self._process.terminate()
            self._process.join()
            self._child = None


class Cancelled(Exception):
    """result() of a worker stopped by cancel()."""


def _outcome(work: Callable[[], T]) -> tuple[bool, object]:
    try:
        return True, work()
    except Exception as err:  # raised again in the parent, by result()
        return False, err
