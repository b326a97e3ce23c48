"""Units written after a number: the same quantity or not (`5 cm` is not `5 m`).

A unit is read into a dimension (powers of length, mass, time, money) and an exact factor to
the base unit, so `500 cm` is `5 m` and `30 km/h` is not `30 m/s`. A word we do not know as a
unit (`apples`, `yuan`, `months`) is a label: two labels must be the same word (singular or
plural). Angles are not units here: degree marks are dropped by normalisation, never
converted.

Why a small table and not a units library (pint): answer keys use a few dozen everyday
units, written in LaTeX (`\\text{ cm}^2`, `\\mathrm{km/h}`) that such libraries do not read;
exact `Fraction` factors keep `1/3 h = 20 min` exact; and importing pint and building its
registry costs hundreds of milliseconds in every worker process, for a table of definitions
that never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

# dimension order: length, mass, time, money
_L, _M, _T, _D = (1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1)
_VOLUME = (3, 0, 0, 0)
_SPEED = (1, 0, -1, 0)

_TABLE: dict[str, tuple[tuple[int, ...], Fraction]] = {}


def _define(names: str, dimension: tuple[int, ...], factor: Fraction | int) -> None:
    for name in names.split():
        _TABLE[name] = (dimension, Fraction(factor))


_define("m meter meters metre metres", _L, 1)
_define("cm centimeter centimeters centimetre centimetres", _L, Fraction(1, 100))
_define("mm millimeter millimeters millimetre millimetres", _L, Fraction(1, 1000))
_define("km kilometer kilometers kilometre kilometres", _L, 1000)
_define("in inch inches", _L, Fraction(254, 10_000))
_define("ft foot feet", _L, Fraction(3048, 10_000))
_define("yd yard yards", _L, Fraction(9144, 10_000))
_define("mi mile miles", _L, Fraction(1_609_344, 1000))
_define("kg kilogram kilograms", _M, 1)
_define("g gram grams", _M, Fraction(1, 1000))
_define("mg milligram milligrams", _M, Fraction(1, 1_000_000))
_define("lb lbs pound pounds", _M, Fraction(45_359_237, 100_000_000))
_define("oz ounce ounces", _M, Fraction(45_359_237, 1_600_000_000))
_define("s sec secs second seconds", _T, 1)
_define("min mins minute minutes", _T, 60)
_define("h hr hrs hour hours", _T, 3600)
_define("day days", _T, 86_400)
_define("week weeks", _T, 604_800)
_define("l liter liters litre litres", _VOLUME, Fraction(1, 1000))
_define("ml milliliter milliliters millilitre millilitres", _VOLUME, Fraction(1, 1_000_000))
_define("gallon gallons", _VOLUME, Fraction(3_785_411_784, 10**12))
_define("mph", _SPEED, Fraction(1_609_344, 3_600_000))
_define("kph", _SPEED, Fraction(1000, 3600))
_define("dollar dollars usd", _D, 1)
_define("cent cents", _D, Fraction(1, 100))

#: Words that carry no quantity of their own: `5 units`, `30 degrees` (angles are dropped).
NEUTRAL = frozenset({"unit", "units", "degree", "degrees", "deg", "rad", "radian", "radians"})
_POWER_WORDS = {"square": 2, "sq": 2, "cubic": 3, "cu": 3}
_TOKEN = re.compile(r"([a-z]+)(?:\s*\^\s*\{?\s*(-?\d)\s*\}?)?")


@dataclass(frozen=True)
class Unit:
    """A known unit (dimension and exact factor to the base unit) or a label word."""

    dimension: tuple[int, ...] | None
    factor: Fraction
    label: str | None = None


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def read_unit(text: str) -> Unit | None:
    """The unit of `text` (`cm^2`, `km/h`, `square feet`, `apples`); None when it carries none."""
    text = text.lower().replace("per", "/").replace("\\cdot", " ").replace(".", " ")
    if not re.search(r"[a-z]", text):
        return None
    words = re.findall(r"[a-z]+", text)
    if words and all(w in NEUTRAL for w in words):
        return None
    dimension = [0, 0, 0, 0]
    factor = Fraction(1)
    for side, part in enumerate(text.split("/", 1)):
        sign = -1 if side else 1
        pending = 1
        for match in _TOKEN.finditer(part):
            word, power = match.group(1), int(match.group(2) or 1)
            if word in _POWER_WORDS:
                pending = _POWER_WORDS[word]
                continue
            if word in NEUTRAL:
                continue
            if word not in _TABLE:
                return Unit(None, Fraction(1), " ".join(_singular(w) for w in words))
            dim, f = _TABLE[word]
            power *= pending * sign
            pending = 1
            dimension = [d + power * e for d, e in zip(dimension, dim, strict=True)]
            factor *= f**power
    return Unit(tuple(dimension), factor)


def conversion(ref: Unit | None, ans: Unit | None) -> Fraction | bool | None:
    """The factor turning the answer's number into the reference's unit.

    1 when either side has no unit (a bare number is read in the reference's unit); the
    ratio of factors for the same dimension; False when the quantities differ.
    """
    if ref is None or ans is None:
        return Fraction(1)
    if ref.dimension is None or ans.dimension is None:
        return Fraction(1) if ref.label == ans.label and ref.label is not None else False
    if ref.dimension != ans.dimension:
        return False
    return ans.factor / ref.factor
