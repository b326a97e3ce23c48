"""A small reader of answer-key LaTeX for the task tests, independent of the verifier.

It reads the subset the math generators write (fractions, roots, powers, functions, sets,
tuples, intervals, matrices, equations) into sympy, so tests can check that the *rendered*
gold equals the exact value the problem was built from.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.parsing.sympy_parser import (
    convert_xor,
    implicit_multiplication_application,
    parse_expr,
    rationalize,
    standard_transformations,
)

X, Y, Z, C = sp.symbols("x y z C")
LOCALS = {
    "x": X,
    "y": Y,
    "z": Z,
    "C": C,
    "e": sp.E,
    "i": sp.I,
    "pi": sp.pi,
    "sqrt": sp.sqrt,
    "log": sp.log,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "exp": sp.exp,
}
TRANSFORMS = (
    *standard_transformations,
    implicit_multiplication_application,
    convert_xor,
    rationalize,
)


def _group(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group opening at `start`, and the index after it."""
    assert text[start] == "{", text[start:]
    depth = 0
    for i in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        if depth == 0:
            return text[start + 1 : i], i + 1
    raise ValueError(f"unbalanced braces in {text!r}")


def _to_python(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        if text.startswith("\\frac", i):
            top, i = _group(text, i + 5)
            bottom, i = _group(text, i)
            out.append(f"(({_to_python(top)})/({_to_python(bottom)}))")
        elif text.startswith("\\sqrt", i):
            inner, i = _group(text, i + 5)
            out.append(f" sqrt({_to_python(inner)})")
        elif text[i] == "^" and i + 1 < len(text) and text[i + 1] == "{":
            inner, i = _group(text, i + 1)
            out.append(f"**({_to_python(inner)})")
        elif text[i] == "{":
            inner, i = _group(text, i)
            out.append(f"({_to_python(inner)})")
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def expression(text: str) -> sp.Expr:
    """Read one LaTeX expression (no sets or relations) into sympy."""
    text = text.replace("\\left", "").replace("\\right", "")
    text = text.replace("\\cdot", "*").replace("\\times", "*").replace("\\,", " ")
    text = re.sub(r"\\(ln|sin|cos|tan)\s*(\d+|\\frac\{\d+\}\{\d+\})", r"\\\1(\2)", text)
    text = re.sub(r"\\ln", "log", text)
    text = re.sub(r"\\(sin|cos|tan|pi)", r"\1", text)
    text = re.sub(r"e\^", "exp(1)^", text)
    return parse_expr(_to_python(text), local_dict=LOCALS, transformations=TRANSFORMS)


def split_top(text: str, sep: str = ",") -> list[str]:
    """Split on `sep` outside every bracket."""
    parts, depth, current = [], 0, ""
    for ch in text:
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts]


def set_items(text: str) -> list[sp.Expr]:
    assert text.startswith("\\{") and text.endswith("\\}"), text
    return [expression(item) for item in split_top(text[2:-2])]


def tuple_items(text: str) -> list[sp.Expr]:
    assert text.startswith("(") and text.endswith(")"), text
    return [expression(item) for item in split_top(text[1:-1])]


def matrix_rows(text: str) -> list[list[sp.Expr]]:
    body = text.removeprefix("\\begin{pmatrix}").removesuffix("\\end{pmatrix}")
    return [[expression(cell) for cell in row.split("&")] for row in body.split("\\\\")]


def interval_set(text: str) -> sp.Set:
    parts = []
    for piece in text.split("\\cup"):
        piece = piece.strip()
        low, high = split_top(piece[1:-1])
        parts.append(
            sp.Interval(
                expression(low.replace("\\infty", "oo")),
                expression(high.replace("\\infty", "oo")),
                left_open=piece[0] == "(",
                right_open=piece[-1] == ")",
            )
        )
    return sp.Union(*parts)


def equation(text: str) -> sp.Eq:
    left, right = text.split("=")
    return sp.Eq(expression(left), expression(right))


def value(text: str, kind: str) -> object:
    """Read an answer of any kind the generators emit."""
    if kind == "set":
        return set_items(text)
    if kind == "tuple":
        return tuple_items(text)
    if kind == "matrix":
        return matrix_rows(text)
    if kind == "interval":
        return interval_set(text)
    if kind == "equation":
        return equation(text)
    return expression(text)
