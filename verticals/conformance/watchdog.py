"""A deadline for one call into an env, so that a hanging step fails a check instead of CI.

The alarm raises `Hang`, a `BaseException`: env code that catches `Exception` (as a tool
runner should) cannot swallow it. Alarms only work in the main thread of a process; off
it, calls run without a deadline and the caller's own timeout is the only bound.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Hang(BaseException):
    """A call into an env did not return within its deadline."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float, what: str) -> Iterator[None]:
    """Raise `Hang(what)` if the body runs longer than `seconds`."""
    if seconds <= 0 or not _can_alarm():
        yield
        return

    def _ring(signum: int, frame: object) -> None:
        raise Hang(f"{what} did not return within {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
