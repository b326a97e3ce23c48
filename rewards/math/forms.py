"""Required *forms* of an answer, for tasks where the value alone is not the skill.

"Factor x^2+5x+6" is answered by a value that equals the question itself, so value
equivalence alone would reward restating the question. A task can require a form through
`reference["form"]`:

- "factored": a product (or quotient) of factors each irreducible over the rationals,
  constants allowed in front: `-2x(x+5)(x-3)` yes, `-2x^3-4x^2+30x` no, `2x(x^2-1)` no.
- "expanded": a sum of monomials with like terms collected: no product or power of a sum.
- "single_fraction": one fraction (no sum of fractions with variable denominators) whose
  numerator and denominator share no variable factor.
- "fraction": an integer or a fraction of two integers in lowest terms (no decimal point, no
  repeating bar): for "write 0.1\\overline{6} as a fraction".
- "radical": simplest radical form: square-free integer radicands, no radical in a
  denominator, at most one radical and one numeral per product, no nested radicals.

Checks run on our own parse tree where sympy would rewrite the form (sympy distributes
`2*(x+1)` into `2x+2` as it builds it).
"""

from __future__ import annotations

import math
from typing import Any

import sympy as sp

from .bounded import BudgetExceeded
from .build import to_sympy
from .evaluated import integer_literal, strip_sign
from .parse import Node

FORMS = ("factored", "expanded", "single_fraction", "fraction", "radical")
MAX_FORM_DEGREE = 40


def _factors(node: Node) -> list[Node]:
    tag = node[0]
    if tag == "neg":
        return _factors(node[1])
    if tag == "mul":
        return [f for factor in node[1] for f in _factors(factor)]
    if tag == "div":
        return _factors(node[1]) + _factors(node[2])
    if tag == "pow" and node[2][0] == "num":
        return _factors(node[1])
    return [node]


def _irreducible(value: Any) -> bool:
    """Irreducible over the rationals and primitive (common numeric factors pulled out)."""
    if not value.free_symbols:
        return True
    if not value.is_polynomial():
        return True  # transcendental factors are not judged
    if sp.Poly(value).total_degree() > MAX_FORM_DEGREE:
        raise BudgetExceeded("polynomial too large to check its form")
    content, factors = sp.factor_list(value)
    return len(factors) == 1 and factors[0][1] == 1 and abs(content) == 1


def _has_sum_product(node: Node) -> bool:
    """A product or power with a variable sum inside: not expanded."""
    tag = node[0]
    if tag == "mul":
        sums = [f for f in node[1] if f[0] == "add" and _has_symbols(f)]
        return bool(sums) or any(_has_sum_product(f) for f in node[1])
    if tag == "pow":
        return (node[1][0] == "add" and _has_symbols(node[1])) or _has_sum_product(node[1])
    if tag == "div":
        return _has_symbols(node[2]) or _has_sum_product(node[1])
    if tag == "neg":
        return _has_sum_product(node[1])
    if tag == "add":
        return any(_has_sum_product(t) for t in node[1])
    return False


def _has_symbols(node: Node) -> bool:
    return bool(to_sympy(node).free_symbols)


def _terms(node: Node) -> int:
    if node[0] == "add":
        return sum(_terms(t) for t in node[1])
    if node[0] == "neg":
        return _terms(node[1])
    return 1


def check_form(node: Node, value: Any, form: str) -> str | None:
    """None when the answer has the required form, else the rule it breaks."""
    if form not in FORMS:
        raise ValueError(f"unknown answer form {form!r}; use one of {list(FORMS)}")
    if form == "factored":
        if not all(_irreducible(to_sympy(f)) for f in _factors(node)):
            return "form: not fully factored"
        return None
    if form == "expanded":
        if _has_sum_product(node):
            return "form: not expanded"
        if _terms(node) > len(sp.Add.make_args(sp.expand(value))):
            return "form: like terms not collected"
        return None
    if form == "fraction":
        return _fraction_form(node)
    if form == "radical":
        return _radical_form(node)
    return _single_fraction(node, value)


def _fraction_form(node: Node) -> str | None:
    node = strip_sign(node)
    if node[0] == "num":
        return None if integer_literal(node) else "form: not a fraction of integers"
    if node[0] == "div" and len(node) == 3:
        top, bottom = strip_sign(node[1]), strip_sign(node[2])
        if integer_literal(top) and integer_literal(bottom):
            if math.gcd(int(top[1]), int(bottom[1])) == 1:
                return None
            return "form: fraction not in lowest terms"
    return "form: not a fraction of integers"


def _radical_form(node: Node) -> str | None:
    problems: list[str] = []

    def walk(n: Node, in_denominator: bool, in_radical: bool) -> None:
        tag = n[0]
        if tag == "sqrt":
            if in_denominator:
                problems.append("form: a radical in the denominator")
            if in_radical:
                problems.append("form: a nested radical")
            radicand = to_sympy(n[1])
            index = 2 if n[2] is None else int(to_sympy(n[2]))
            if not (radicand.is_Integer and radicand > 0):
                problems.append("form: a radicand that is not a positive integer")
            elif any(m >= index for m in sp.factorint(int(radicand)).values()):
                problems.append("form: a radicand with a perfect-power factor")
            walk(n[1], in_denominator, True)
            return
        if tag == "mul":
            radicals = sum(1 for f in n[1] if f[0] == "sqrt")
            numerals = sum(1 for f in n[1] if f[0] == "num")
            if radicals > 1 or numerals > 1:
                problems.append("form: a product left to simplify")
            for f in n[1]:
                walk(f, in_denominator, in_radical)
            return
        if tag == "div":
            walk(n[1], in_denominator, in_radical)
            walk(n[2], True, in_radical)
            return
        if tag == "pow" and n[1][0] == "sqrt":
            problems.append("form: a power of a radical left to simplify")
        for child in (n[1] if tag == "add" else [c for c in n[1:] if isinstance(c, tuple)]):
            walk(child, in_denominator, in_radical)

    walk(node, False, False)
    return problems[0] if problems else None


def _single_fraction(node: Node, value: Any) -> str | None:
    while node[0] == "neg":
        node = node[1]
    if node[0] == "div":  # judge the fraction as written: sympy would cancel common factors
        numerator, denominator = to_sympy(node[1]), to_sympy(node[2])
    elif value.is_Add and any(sp.denom(term).free_symbols for term in value.args):
        return "form: not a single fraction"
    else:
        numerator, denominator = sp.fraction(sp.together(value))
    if sp.gcd(numerator, denominator).free_symbols:
        return "form: not in lowest terms"
    return None
