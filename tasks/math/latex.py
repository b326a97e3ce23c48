"""Answer-key LaTeX: how a textbook writes numbers, sets, intervals, matrices and expressions.

Gold answers are built from exact values, so they are rendered here rather than by
sympy's `latex()` alone, whose output (`\\left(`, `\\operatorname{}`, `2 x`, `x^{2}`) is
correct but not what an answer key shows; `tex()` tidies it where sympy is still the
right printer (calculus results).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fractions import Fraction
from math import lcm

import sympy as sp

Number = int | Fraction

_FUNCTION = re.compile(r"\\(sin|cos|tan|cot|sec|csc|ln|log|exp|arcsin|arccos|arctan)\{")
_OPERATORNAME = re.compile(r"\\operatorname\{(atan|asin|acos)\}")
_ARC = {"atan": "\\arctan", "asin": "\\arcsin", "acos": "\\arccos"}


def _unbrace_functions(text: str) -> str:
    """`\\cos{(x)}` -> `\\cos(x)`: drop the braces sympy puts around function arguments."""
    out = []
    i = 0
    while True:
        match = _FUNCTION.search(text, i)
        if match is None:
            out.append(text[i:])
            return "".join(out)
        start = match.end() - 1  # index of "{"
        depth = 0
        for j in range(start, len(text)):
            if text[j] == "{":
                depth += 1
            elif text[j] == "}":
                depth -= 1
                if depth == 0:
                    break
        inner = text[start + 1 : j]
        out.append(text[i:start])
        if inner.startswith("(") and inner.endswith(")"):
            out.append(inner)
        else:
            out.append("{" + inner + "}")
        i = j + 1


def tidy(text: str) -> str:
    """Make sympy's LaTeX read like an answer key: `2x`, `x^2`, `\\cos(x)`, `\\ln(x)`."""
    text = _OPERATORNAME.sub(lambda m: _ARC[m.group(1)] + "{", text)
    text = re.sub(r"\\operatorname\{(\w+)\}\{", r"\\\1{", text)
    text = text.replace("\\left(", "(").replace("\\right)", ")")
    text = text.replace("\\left[", "[").replace("\\right]", "]")
    text = text.replace("\\left|", "|").replace("\\right|", "|")
    text = text.replace("\\log{", "\\ln{")
    text = _unbrace_functions(text)
    text = re.sub(r"\s+\)", ")", text)
    text = text.replace(") (", ")(")
    text = re.sub(r"\(\s+", "(", text)
    text = re.sub(r"(\d) (?=[a-zA-Z\\(])", r"\1", text)
    text = re.sub(r"\^\{(\w)\}", r"^\1", text)
    text = re.sub(r"(^|[({\[]|= )- ", r"\1-", text)
    return re.sub(r" {2,}", " ", text).strip()


def tex(expr: sp.Basic) -> str:
    """An expression in descending powers, tidied (see `tidy`)."""
    return tidy(sp.latex(expr, order="lex", ln_notation=True))


def frac(value: Number | sp.Rational) -> str:
    """`3`, `-\\frac{3}{4}`: an exact rational the way an answer key writes it."""
    value = Fraction(int(value.p), int(value.q)) if isinstance(value, sp.Rational) else value
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return f"{sign}\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def decimal(value: Fraction, max_places: int = 12) -> str:
    """`12.375`: a terminating rational as a decimal; otherwise a fraction."""
    value = Fraction(value)
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return frac(value)
    sign = "-" if value < 0 else ""
    value = abs(value)
    whole, rest = divmod(value.numerator, value.denominator)
    digits = ""
    while rest and len(digits) < max_places:
        rest *= 10
        digit, rest = divmod(rest, value.denominator)
        digits += str(digit)
    return f"{sign}{whole}.{digits}" if digits else f"{sign}{whole}"


def coefficient_term(coefficient: Number, body: str, first: bool) -> str:
    """One signed term of a sum: `3x`, ` - x`, ` + \\frac{1}{2}y`; empty for a zero term."""
    coefficient = Fraction(coefficient)
    if coefficient == 0:
        return ""
    sign = "-" if coefficient < 0 else "+"
    size = abs(coefficient)
    magnitude = body if body and size == 1 else frac(size) + body
    if first:
        return ("-" if sign == "-" else "") + magnitude
    return f" {sign} {magnitude}"


def linear_combination(terms: Iterable[tuple[Number, str]]) -> str:
    """`2x - 3y + 4` from [(2, "x"), (-3, "y"), (4, "")]; `0` when every term vanishes."""
    out = ""
    for coefficient, body in terms:
        out += coefficient_term(coefficient, body, first=not out)
    return out or "0"


def poly(coefficients: Sequence[Number], var: str = "x") -> str:
    """A polynomial from coefficients in descending powers: [1, -2, 1] -> `x^2 - 2x + 1`."""
    degree = len(coefficients) - 1
    terms = []
    for i, c in enumerate(coefficients):
        power = degree - i
        if power == 0:
            body = ""
        elif power == 1:
            body = var
        else:
            body = f"{var}^{power}" if power < 10 else f"{var}^{{{power}}}"
        terms.append((c, body))
    return linear_combination(terms)


def surd(rational: Number, coefficient: Number, radicand: int) -> str:
    """`a + b\\sqrt{n}` with rationals a, b over one denominator: `\\frac{-3 + \\sqrt{5}}{2}`."""
    a, b = Fraction(rational), Fraction(coefficient)
    if b == 0 or radicand == 1:
        return frac(a + b * (1 if radicand == 1 else 0))
    den = lcm(a.denominator, b.denominator)
    top_a, top_b = int(a * den), int(b * den)
    root = f"\\sqrt{{{radicand}}}"
    body = (
        linear_combination([(top_a, ""), (top_b, root)])
        if top_a
        else (coefficient_term(top_b, root, first=True))
    )
    if den == 1:
        return body
    if not top_a and top_b < 0:
        return f"-\\frac{{{coefficient_term(-top_b, root, first=True)}}}{{{den}}}"
    return f"\\frac{{{body}}}{{{den}}}"


def complex_number(real: Number, imag: Number, imag_radicand: int = 1) -> str:
    """`3 - 2i`, `-i`, `\\frac{1}{2} + \\frac{3}{2}i`, `-1 + i\\sqrt{2}`."""
    real, imag = Fraction(real), Fraction(imag)
    if imag == 0:
        return frac(real)
    if imag_radicand == 1:
        size = abs(imag)
        unit = "i" if size == 1 else f"{frac(size)}i"
    else:
        size = abs(imag)
        root = f"\\sqrt{{{imag_radicand}}}"
        if size.denominator == 1:
            unit = f"{'' if size == 1 else size.numerator}i{root}"
        else:
            num = "" if size.numerator == 1 else str(size.numerator)
            unit = f"\\frac{{{num}{root}}}{{{size.denominator}}}i"
    if real == 0:
        return ("-" if imag < 0 else "") + unit
    return f"{frac(real)} {'-' if imag < 0 else '+'} {unit}"


def set_of(items: Iterable[str]) -> str:
    """`\\{-2, 3\\}`; `\\varnothing` when empty."""
    items = list(items)
    return "\\{" + ", ".join(items) + "\\}" if items else "\\varnothing"


def tuple_of(items: Iterable[str]) -> str:
    return "(" + ", ".join(items) + ")"


def matrix(rows: Sequence[Sequence[str]]) -> str:
    body = " \\\\ ".join(" & ".join(row) for row in rows)
    return f"\\begin{{pmatrix}} {body} \\end{{pmatrix}}"


def endpoint(value: Number | None, sign: int) -> str:
    if value is None:
        return "-\\infty" if sign < 0 else "\\infty"
    return frac(value)


def interval(low: Number | None, high: Number | None, closed_low: bool, closed_high: bool) -> str:
    """`(-\\infty, 2]`, `[\\frac{1}{2}, 3)`; None stands for an infinite end (always open)."""
    left = "[" if closed_low and low is not None else "("
    right = "]" if closed_high and high is not None else ")"
    return f"{left}{endpoint(low, -1)}, {endpoint(high, 1)}{right}"


def union(parts: Iterable[str]) -> str:
    return " \\cup ".join(parts)
