"""Canonical spelling of an answer before it is parsed: one form for the many ways to write it.

Normalisation only rewrites *notation* (delimiters, spacing, unicode, text wrappers, units,
currency, degrees, thousands separators); it never changes a value. The percent sign is not
dropped silently: it is recorded so that equivalence can apply the percent policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bounded import check_text

_UNICODE = {
    "\u2212": "-", "\u2013": "-", "\u2014": "-", "\u00d7": r"\times ", "\u22c5": r"\cdot ",
    "\u00b7": r"\cdot ", "\u00f7": r"\div ", "\u2264": r"\leq ", "\u2265": r"\geq ",
    "\u2260": r"\neq ", "\u2248": r"\approx ", "\u03c0": r"\pi ", "\u221e": r"\infty ",
    "\u221a": r"\sqrt", "\u222a": r"\cup ", "\u2229": r"\cap ", "\u2208": r"\in ",
    "\u00b1": r"\pm ", "\u2213": r"\mp ", "\u2205": r"\emptyset ", "\u00b0": r"^\circ ",
    "\u211d": r"\mathbb{R}", "\u00a0": " ", "\u2009": "", "\u202f": "",
    "\u00b2": "^2", "\u00b3": "^3",
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\uff1a": ":",
}
_UNICODE_RE = re.compile("|".join(map(re.escape, _UNICODE)))

_SIMPLE = [
    (re.compile(r"\\\$"), ""),                       # currency dollar
    (re.compile(r"\\\(|\\\)|\\\[|\\\]|\$"), " "),      # math delimiters
    (re.compile(r"\\(?:left|right|bigl|bigr|Bigl|Bigr|biggl|biggr|big|Big|bigg|Bigg)"
                r"(?![A-Za-z])\s*\.?"), ""),
    (re.compile(r"\\(?:displaystyle|textstyle|scriptstyle)(?![A-Za-z])"), " "),
    (re.compile(r"\\[,!](?![A-Za-z])|\\thinspace(?![A-Za-z])"), ""),
    (re.compile(r"\\[;: ]|\\q?quad|~"), " "),
    (re.compile(r"\\[dtc]frac(?![A-Za-z])"), r"\\frac"),
    (re.compile(r"\\[dt]binom(?![A-Za-z])"), r"\\binom"),
    (re.compile(r"\\(?:le|leqslant)(?![A-Za-z])"), r"\\leq"),
    (re.compile(r"\\(?:ge|geqslant)(?![A-Za-z])"), r"\\geq"),
    (re.compile(r"\\(?:ne)(?![A-Za-z])"), r"\\neq"),
    (re.compile(r"\\(?:varnothing)(?![A-Za-z])"), r"\\emptyset"),
    (re.compile(r"\\operatorname\{\s*([A-Za-z]+)\s*\}"), r" \\\1 "),
    (re.compile(r"\^\s*\{\s*\\circ\s*\}|\^\s*\\circ|\\circ(?![A-Za-z])|\\degree(?![A-Za-z])"),
     " "),
    (re.compile(r"\{\s*,\s*\}"), ""),                 # 1{,}000, 14 {, }916
    (re.compile(r"\\lbrace(?![A-Za-z])"), r"\\{"),
    (re.compile(r"\\rbrace(?![A-Za-z])"), r"\\}"),
    (re.compile(r"\\langle(?![A-Za-z])"), "("),          # vectors: <1, 2> is the tuple (1, 2)
    (re.compile(r"\\rangle(?![A-Za-z])"), ")"),
]
_TEXT_CMD = re.compile(r"\\(?:text|textbf|textit|textrm|textnormal|mbox|mathbf|mathrm|mathit|"
                       r"boldsymbol|emph|boxed|fbox)"
                       r"\s*\{")
_PERCENT = re.compile(r"\\%|%|\bpercent\b")
_UNITS = [
    "cm", "mm", "km", "m", "meter", "meters", "metre", "metres", "inch", "inches", "ft", "foot",
    "feet", "yd", "yard", "yards", "mile", "miles", "mph", "kph", "kg", "g", "mg", "gram", "grams",
    "kilogram", "kilograms", "lb", "lbs", "pound", "pounds", "oz", "ounce", "ounces", "s", "sec",
    "second", "seconds", "min", "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day",
    "days", "week", "weeks", "month", "months", "year", "years", "dollar", "dollars", "cent",
    "cents", "euro", "euros", "usd", "units", "unit", "square", "sq", "cubic", "degree", "degrees",
    "deg", "rad", "radians", "l", "liter", "liters", "litre", "litres", "ml", "gallon", "gallons",
    "cup", "cups", "mi", "km/h", "m/s", "cm^2", "cm^3", "m^2", "m^3", "sq.", "cu."
]
_UNIT_SET = frozenset(_UNITS)
_UNIT_WORDS = frozenset(u for u in _UNITS if len(u) > 2)
_THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?")
_TRAILING_WORDS = re.compile(
    r"^(?P<num>[-+]?(?:\d[\d.,]*|\.\d+)(?:\s*/\s*\d+)?)\s+(?P<words>[A-Za-z][A-Za-z\s./^23]*)$"
)
_SEPARATOR_WORDS = frozenset({"or", "and"})
_MATH_WORDS = frozenset({
    "pi", "e", "i", "sqrt", "sin", "cos", "tan", "cot", "sec", "csc", "ln", "log", "exp", "inf",
    "infty", "infinity", "oo", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
})


_GROUPED = re.compile(r"(\d),\\!\s*(?=\d{3}(?!\d))")
_DOUBLED = re.compile(r"\\\\(?=[A-Za-z])")
#: Interval endpoints written the French way: `]a, b[` is open, `[a, b[` half-open.
_REVERSED = [
    (re.compile(r"(?<![\w}\]])\]\s*([^\[\]{},]+),([^\[\]{},]+)\["), r"(\1,\2)"),
    (re.compile(r"(?<![\w}\]])\]\s*([^\[\]{},]+),([^\[\]{},]+)\]"), r"(\1,\2]"),
    (re.compile(r"\[\s*([^\[\]{},]+),([^\[\]{},]+)\[(?!\s*[\w\-\\(])"), r"[\1,\2)"),
]


@dataclass(frozen=True)
class Normalized:
    """The answer in canonical notation, whether it carried a percent sign, and its unit."""

    text: str
    percent: bool = False
    unit: str | None = None


def _is_units(content: str) -> bool:
    words = [w for w in re.split(r"[\s/^.0-9]+", content.lower()) if w]
    return bool(words) and all(w in _UNIT_SET or w == "per" for w in words)


def _unwrap_text(text: str, units: list[str]) -> str:
    """Replace `\\text{...}`-like wrappers by their content, or drop them if they are units.

    A dropped unit (with its power: `\\text{ cm}^2`) is appended to `units`.
    """
    out: list[str] = []
    pos = 0
    while True:
        match = _TEXT_CMD.search(text, pos)
        if match is None:
            out.append(text[pos:])
            break
        out.append(text[pos : match.start()])
        depth = 1
        i = match.end()
        while i < len(text) and depth:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
            i += 1
        content = text[match.end() : i - 1] if depth == 0 else text[match.end() :]
        before = "".join(out).strip()
        if _is_units(content) and before:
            rest = re.match(r"\s*\^\s*(?:\{\s*\d\s*\}|\d)", text[i:])
            units.append(content + (rest.group(0) if rest else ""))
            if rest:
                i += rest.end()
            out.append(" ")
        else:
            out.append(f" {content} ")
        pos = i
    return "".join(out)


def normalize(raw: str) -> Normalized:
    """Rewrite `raw` into canonical notation (see the module docstring)."""
    check_text(raw)
    text = _UNICODE_RE.sub(lambda m: _UNICODE[m.group(0)], raw)
    text = _GROUPED.sub(r"\1", text)  # 11,\! 111: a thousands separator, never a list
    if "\\begin" not in text:
        text = _DOUBLED.sub(r"\\", text)  # \\left( typed for \left( outside a matrix
    text = text.replace("\\\\", "\x00")  # protect matrix row breaks from \, \; ...
    for pattern, repl in _SIMPLE:
        text = pattern.sub(repl, text)
    text = text.replace("\x00", " \\\\ ")
    units: list[str] = []
    text = _unwrap_text(text, units)
    percent = False
    if _PERCENT.search(text):
        percent = True
        text = _PERCENT.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = text.rstrip(".").strip()
    text, trailing = _strip_trailing_units(text)
    if trailing:
        units.append(trailing)
    if ("]" in text or "[" in text) and "\\begin" not in text:
        for pattern, repl in _REVERSED:
            text = pattern.sub(repl, text)
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "").replace(" ", "")
    return Normalized(text, percent, " ".join(units) if units else None)


def _strip_trailing_units(text: str) -> tuple[str, str | None]:
    """`12 apples`, `5 cm`, `30 dollars` -> the number and the unit words after it."""
    match = _TRAILING_WORDS.match(text)
    if match is None:
        return text, None
    words = match.group("words").lower().replace(".", " ").split()
    if any(w in _SEPARATOR_WORDS or w in _MATH_WORDS for w in words):
        return text, None
    if not any(len(w.strip("^23/")) >= 3 or w in _UNIT_SET for w in words):
        return text, None  # `3 x`, `5 i`, `2 ab` are maths, not units
    return match.group("num").strip(), match.group("words").strip()


def is_unit_word(word: str) -> bool:
    """A multi-letter unit name (single letters are too ambiguous to drop outside \\text{})."""
    return word.lower() in _UNIT_WORDS
