"""The fast exact path: plain integers, decimals and fractions never touch sympy.

Most math rewards compare one number with one number; reading both as `fractions.Fraction`
with one regular expression keeps that path in the tens of microseconds.
"""

from __future__ import annotations

import re
from fractions import Fraction

from .bounded import MAX_LITERAL_DIGITS

_BARE = re.compile(r"-?\d{1,60}(?:\.\d{1,60}|/[1-9]\d{0,60})?")
_PLAIN = re.compile(
    r"\s*\$?\s*(?P<sign>[-+\u2212]?)\s*(?P<num>\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*/\s*(?P<den>\d+))?\s*\$?\s*\.?\s*"
)
_LATEX_FRAC = re.compile(
    r"\s*\$?\s*(?P<sign>[-+\u2212]?)\s*\\[dt]?frac\{\s*(?P<num>\d+)\s*\}\{\s*(?P<den>\d+)\s*\}"
    r"\s*\$?\s*\.?\s*"
)


def is_bare_number(text: str) -> bool:
    """`-3/4`, `12`, `0.25` written exactly as `Fraction` reads them (no spaces, no LaTeX)."""
    return _BARE.fullmatch(text) is not None


def plain_rational(text: str) -> Fraction | None:
    """`-3/4`, `12`, `0.25`, `\\frac{3}{4}` as an exact Fraction; None for anything else."""
    if _BARE.fullmatch(text):  # the common case, written as Fraction itself reads it
        return Fraction(text)
    if len(text) > MAX_LITERAL_DIGITS:
        return None
    match = _PLAIN.fullmatch(text) or _LATEX_FRAC.fullmatch(text)
    if match is None:
        return None
    den = match.group("den")
    if den is not None and int(den) == 0:
        return None
    value = Fraction(match.group("num"))
    if den is not None:
        value /= int(den)
    return -value if match.group("sign") in ("-", "\u2212") else value
