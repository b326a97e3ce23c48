"""Sets of real numbers as sorted, merged pieces: intervals, unions and points.

Why not `sympy.Union`: it re-simplifies on every construction and costs tens of
milliseconds for ten pieces (hundreds for twenty); a sorted list of pieces with exact
endpoint comparisons is enough for answer keys and takes microseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any

import sympy

from .bounded import BudgetExceeded

MAX_PIECES = 40
_TIE = sympy.Rational(1, 10**40)


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1: exact for rationals and infinities, 50 digits for other reals."""
    if a == b:
        return 0
    if a.is_Rational and b.is_Rational:
        return -1 if a < b else 1
    if a is sympy.oo or b is -sympy.oo or a == sympy.oo or b == -sympy.oo:
        return 1
    if a == -sympy.oo or b == sympy.oo:
        return -1
    diff = sympy.N(a - b, 50)
    if not diff.is_real:
        raise ValueError("endpoint is not a real number")
    scale = max(abs(sympy.N(a, 50)), abs(sympy.N(b, 50)), sympy.Integer(1))
    if abs(diff) <= _TIE * scale:
        return 0
    return -1 if diff < 0 else 1


@dataclass(frozen=True)
class Piece:
    lo: Any
    hi: Any
    lo_closed: bool
    hi_closed: bool


@dataclass(frozen=True)
class RealSet:
    """A normalised set of reals: disjoint, non-touching pieces in increasing order."""

    pieces: tuple[Piece, ...]


EMPTY = RealSet(())
REALS = RealSet((Piece(-sympy.oo, sympy.oo, False, False),))


def interval(lo: Any, hi: Any, lo_open: bool, hi_open: bool) -> RealSet:
    """[lo, hi] with the given open ends; infinite ends are always open."""
    lo_closed = not lo_open and lo != -sympy.oo
    hi_closed = not hi_open and hi != sympy.oo
    order = compare(lo, hi)
    if order > 0 or (order == 0 and not (lo_closed and hi_closed)):
        return EMPTY
    return RealSet((Piece(lo, hi, lo_closed, hi_closed),))


def point(value: Any) -> RealSet:
    return RealSet((Piece(value, value, True, True),))


def _by_start(p: Piece, q: Piece) -> int:
    order = compare(p.lo, q.lo)
    if order:
        return order
    return (0 if p.lo_closed == q.lo_closed else (-1 if p.lo_closed else 1))


def _normalise(pieces: list[Piece]) -> RealSet:
    if len(pieces) > MAX_PIECES:
        raise BudgetExceeded("too many interval pieces")
    merged: list[Piece] = []
    for p in sorted(pieces, key=cmp_to_key(_by_start)):
        if merged:
            last = merged[-1]
            gap = compare(last.hi, p.lo)
            if gap > 0 or (gap == 0 and (last.hi_closed or p.lo_closed)):
                end = compare(last.hi, p.hi)
                if end > 0:
                    hi, hi_closed = last.hi, last.hi_closed
                elif end < 0:
                    hi, hi_closed = p.hi, p.hi_closed
                else:
                    hi, hi_closed = last.hi, last.hi_closed or p.hi_closed
                merged[-1] = Piece(last.lo, hi, last.lo_closed, hi_closed)
                continue
        merged.append(p)
    return RealSet(tuple(merged))


def union(a: RealSet, b: RealSet) -> RealSet:
    return _normalise([*a.pieces, *b.pieces])


def _meet(p: Piece, q: Piece) -> Piece | None:
    order = compare(p.lo, q.lo)
    lo, lo_closed = (p.lo, p.lo_closed) if order > 0 else (q.lo, q.lo_closed)
    if order == 0:
        lo_closed = p.lo_closed and q.lo_closed
    order = compare(p.hi, q.hi)
    hi, hi_closed = (p.hi, p.hi_closed) if order < 0 else (q.hi, q.hi_closed)
    if order == 0:
        hi_closed = p.hi_closed and q.hi_closed
    span = compare(lo, hi)
    if span > 0 or (span == 0 and not (lo_closed and hi_closed)):
        return None
    return Piece(lo, hi, lo_closed, hi_closed)


def intersect(a: RealSet, b: RealSet) -> RealSet:
    if len(a.pieces) * len(b.pieces) > MAX_PIECES * MAX_PIECES:
        raise BudgetExceeded("too many interval pieces")
    met = [m for p in a.pieces for q in b.pieces if (m := _meet(p, q)) is not None]
    return _normalise(met)


def complement(a: RealSet, b: RealSet) -> RealSet:
    """a \\ b."""
    outside = EMPTY
    lo, lo_open = -sympy.oo, True
    for p in b.pieces:
        outside = union(outside, interval(lo, p.lo, lo_open, p.lo_closed))
        lo, lo_open = p.hi, p.hi_closed
    outside = union(outside, interval(lo, sympy.oo, lo_open, True))
    return intersect(a, outside)


def negate(a: RealSet) -> RealSet:
    """{-x : x in a}."""
    return _normalise([Piece(-p.hi, -p.lo, p.hi_closed, p.lo_closed) for p in a.pieces])


def symmetric(a: RealSet) -> RealSet:
    """{v : |v| in a}: the non-negative part of `a` and its mirror image."""
    half = intersect(a, interval(sympy.Integer(0), sympy.oo, False, True))
    return union(half, negate(half))

