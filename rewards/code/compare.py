"""Judging one test's output on the host, on decoded data only.

Function results: type-aware equality (True is not 1, "1" is not 1, a list is not a
dict), floats within a tolerance, NaN equal only to NaN. Program output: the whole
stdout after whitespace normalisation, never a prefix; tokens as numbers within a
tolerance where the task says so; or a special judge where several outputs are right.
"""

from __future__ import annotations

import math
from typing import Any

FLOAT_TOL = 1e-9


def same_value(got: Any, want: Any, *, tol: float | None = None, loose: bool = False) -> bool:
    """Is `got` (decoded from the sandbox's JSON) the expected `want`?

    `loose`: an int and a float of the same value are equal (datasets whose tests were
    written with `==`, where 3 == 3.0).
    """
    try:
        return _same(got, want, tol if tol is not None else FLOAT_TOL, loose)
    except RecursionError:
        return False


def _same(got: Any, want: Any, tol: float, loose: bool) -> bool:
    if isinstance(want, bool) or isinstance(got, bool):
        return type(got) is type(want) and got == want
    if isinstance(want, float) or isinstance(got, float):
        if not isinstance(got, int | float) or not isinstance(want, int | float):
            return False
        if (isinstance(want, int) and not loose) or (isinstance(got, int) and not loose):
            return False
        if math.isnan(want) or math.isnan(got):
            return math.isnan(want) and math.isnan(got)
        return math.isclose(got, want, rel_tol=tol, abs_tol=tol)
    if isinstance(want, int) and isinstance(got, int):
        return got == want
    if isinstance(want, dict) and isinstance(got, dict):
        return set(got) == set(want) and all(_same(got[k], want[k], tol, loose) for k in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(
            _same(g, w, tol, loose) for g, w in zip(got, want, strict=True)
        )
    return type(got) is type(want) and got == want


def normalise_output(text: str) -> list[str]:
    """Lines without trailing whitespace; trailing blank lines dropped; CRLF read as LF."""
    lines = text.replace("\r\n", "\n").split("\n")
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def same_output(got: str, want: str, *, tol: float | None = None) -> bool:
    """The whole output matches: line by line, and token by token as numbers with `tol`."""
    a, b = normalise_output(got), normalise_output(want)
    if tol is None:
        return a == b
    if len(a) != len(b):
        return False
    for la, lb in zip(a, b, strict=True):
        ta, tb = la.split(), lb.split()
        if len(ta) != len(tb):
            return False
        for x, y in zip(ta, tb, strict=True):
            if x == y:
                continue
            try:
                fx, fy = float(x), float(y)
            except ValueError:
                return False
            if not (math.isfinite(fx) and math.isfinite(fy)):
                return False
            if not math.isclose(fx, fy, rel_tol=tol, abs_tol=tol):
                return False
    return True
