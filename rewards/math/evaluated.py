"""Whether a number is *evaluated*: restating an arithmetic question must not earn the reward.

`3 + 4 \\times 5` has the value 23, so value equivalence alone would pay a model for copying
the question. These rules count the arithmetic on numerals an answer leaves undone
(`arithmetic_ops`) and recognise written-out (Gaussian) rationals (`is_evaluated`); the
equivalence rule for numbers compares the answer's count with the reference's.
"""

from __future__ import annotations

import sympy as sp

from .build import to_sympy
from .parse import Node

_PURE_TAGS = frozenset({"num", "mixed", "neg", "add", "mul", "div", "pow", "fact", "binom"})


def _pure(node: Node) -> bool:
    """Built only from rational (or Gaussian-rational) numerals by arithmetic."""
    tag = node[0]
    if tag == "sym":
        return node[1] == "i"
    if tag not in _PURE_TAGS:
        return False
    if tag == "pow" and not integer_literal(node[2]):
        return False
    children = node[1] if tag in ("add", "mul") else [c for c in node[1:] if isinstance(c, tuple)]
    return all(_pure(child) for child in children)


def _constant(node: Node) -> bool:
    """No variables anywhere below (only numerals and the constants e, i, pi)."""
    if node[0] == "sym":
        return node[1] in ("e", "i")
    if node[0] == "func":
        return all(_constant(c) for c in node[2:] if isinstance(c, tuple))
    if node[0] in ("add", "mul", "set", "list"):
        return all(_constant(c) for c in node[1])
    return all(_constant(c) for c in node[1:] if isinstance(c, tuple))


def integer_literal(node: Node) -> bool:
    """A whole number written as digits only (no decimal point, no repeating bar)."""
    if node[0] == "neg":
        return integer_literal(node[1])
    return node[0] == "num" and node[1].denominator == 1 and node[2].isdigit()


def _scientific(node: Node) -> bool:
    """`10^{n}`, `a \\times 10^{n}`: notation for one number, not arithmetic to do."""
    if node[0] == "pow":
        return node[1][0] == "num" and node[1][1] == 10 and integer_literal(node[2])
    return (node[0] == "mul" and len(node[1]) == 2 and node[1][0][0] == "num"
            and _scientific(node[1][1]) and node[1][1][0] == "pow")


def arithmetic_ops(node: Node) -> int:
    """How many arithmetic steps on numerals the answer leaves undone.

    A numeral, a signed numeral, a fraction of two numerals, a mixed number and scientific
    notation count 0; every other +, -, ×, ÷, power, factorial or binomial between
    numerals counts 1. Steps inside irrational forms (`\\sqrt{2}`, `\\pi/2`) do not count.
    """
    tag = node[0]
    if tag in ("num", "mixed", "sym", "const"):
        return 0
    if tag == "neg":
        return arithmetic_ops(node[1])
    if _scientific(node):
        return 0
    if tag == "div" and len(node) == 3 and node[1][0] == "num" and node[2][0] == "num":
        return 0
    children = node[1] if tag in ("add", "mul") else [c for c in node[1:] if isinstance(c, tuple)]
    inner = sum(arithmetic_ops(child) for child in children)
    if tag in ("abs", "floor", "ceil"):
        return inner + (1 if _constant(node) else 0)  # |{-3}|, \lfloor 3.7 \rfloor
    if tag == "func" or (tag == "pow" and node[1] == ("sym", "e")):
        return inner + (1 if _constant(node) and _evaluates_away(node) else 0)
    if tag == "pow" and _pure(node[1]) and _real_numeral(node[2]) and _rational_value(node):
        return inner + 1  # 8^{2/3} is 4: a rational power left to take
    if not _pure(node):
        return inner
    own = len(node[1]) - 1 if tag in ("add", "mul") else 1
    return inner + own


def _evaluates_away(node: Node) -> bool:
    """`\\log_2 8` is 3 and `e^{i\\pi}` is -1: a function with a known value, left undone.

    `\\ln 3` or `e^2` stay as they are: closed forms, nothing to evaluate.
    """
    try:
        return not to_sympy(node).atoms(sp.Function)
    except (ValueError, ArithmeticError):
        return False


def _rational_value(node: Node) -> bool:
    try:
        return bool(to_sympy(node).is_Rational)
    except (ValueError, ArithmeticError):
        return False


def strip_sign(node: Node) -> Node:
    while node[0] == "neg":
        node = node[1]
    return node


def _real_numeral(node: Node) -> bool:
    node = strip_sign(node)
    if node[0] in ("num", "mixed") or _scientific(node):
        return True
    return (node[0] == "div" and len(node) == 3 and strip_sign(node[1])[0] == "num"
            and strip_sign(node[2])[0] == "num")


def _imaginary_numeral(node: Node) -> bool:
    node = strip_sign(node)
    if node == ("sym", "i"):
        return True
    if node[0] == "mul" and len(node[1]) == 2:
        a, b = node[1]
        return (_real_numeral(a) and strip_sign(b) == ("sym", "i")) or (
            strip_sign(a) == ("sym", "i") and _real_numeral(b))
    if node[0] == "div" and len(node) == 3 and strip_sign(node[2])[0] == "num":
        return _imaginary_numeral(node[1])
    return False


def is_evaluated(node: Node) -> bool:
    """A written-out (Gaussian) rational: `-3/4`, `\\frac{-3}{4}`, `3 + 2i`, `\\frac{6-2i}{15}`."""
    node = strip_sign(node)
    if _real_numeral(node) or _imaginary_numeral(node):
        return True
    if node[0] == "add" and len(node[1]) == 2:
        a, b = node[1]
        return (_real_numeral(a) and _imaginary_numeral(b)) or (
            _imaginary_numeral(a) and _real_numeral(b))
    if node[0] == "div" and len(node) == 3 and strip_sign(node[2])[0] == "num":
        return is_evaluated(node[1]) and strip_sign(node[1])[0] == "add"
    return False
