"""Sequences and series: arithmetic and geometric terms and sums, infinite and telescoping."""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, nonzero
from verticals.tasks.math.latex import frac, linear_combination, poly

K = sp.Symbol("k", integer=True, positive=True)


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _listing(terms: list[Fraction]) -> str:
    return ", ".join(frac(t) for t in terms) + ", \\ldots"


class SequencesSeries(MathFamily):
    """Arithmetic and geometric terms and sums, infinite geometric and telescoping series."""

    name = "math/sequences-series"
    tags = ("algebra",)
    family = "sequences-series"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        kind, form = "integer", "Give the exact value as an integer."
        if difficulty == 1:
            a, d, n = rng.randint(-20, 30), nonzero(rng, -9, 9), rng.randint(10, 40)
            terms = [Fraction(a + i * d) for i in range(4)]
            value = Fraction(a + (n - 1) * d)
            question = (
                f"The arithmetic sequence $${_listing(terms)}$$ continues with the same "
                f"difference. What is its {_ordinal(n)} term?"
            )
            facts = {"sum": sp.Integer(a) + (n - 1) * d}
            solution = f"$a_n = {a} + (n - 1)({d})$, so $a_{{{n}}} = {value}$."
        elif difficulty == 2:
            a, r, n = nonzero(rng, -5, 5), rng.choice([-3, -2, 2, 3]), rng.randint(6, 10)
            terms = [Fraction(a * r**i) for i in range(4)]
            value = Fraction(a * r ** (n - 1))
            question = (
                f"The geometric sequence $${_listing(terms)}$$ continues with the same "
                f"ratio. What is its {_ordinal(n)} term?"
            )
            facts = {"sum": sp.Integer(a) * sp.Integer(r) ** (n - 1)}
            solution = f"$a_n = {a} \\cdot ({r})^{{n-1}}$, so $a_{{{n}}} = {value}$."
        elif difficulty == 3:
            if rng.random() < 0.5:
                a, r, n = rng.randint(1, 9), rng.choice([2, 3, -2]), rng.randint(5, 10)
                value = Fraction(a * (r**n - 1), r - 1)
                question = (
                    f"Find the sum of the first ${n}$ terms of the geometric series "
                    f"$${_listing([Fraction(a * r**i) for i in range(3)])}$$"
                )
                facts = {"sum": sp.Sum(a * sp.Integer(r) ** (K - 1), (K, 1, n))}
            else:
                a, d, n = rng.randint(-30, 30), nonzero(rng, -7, 9), rng.randint(15, 60)
                value = Fraction(n * (2 * a + (n - 1) * d), 2)
                question = (
                    f"Find the sum of the first ${n}$ terms of the arithmetic series "
                    f"$${_listing([Fraction(a + i * d) for i in range(3)])}$$"
                )
                facts = {"sum": sp.Sum(a + (K - 1) * d, (K, 1, n))}
            solution = f"The series formula gives ${frac(value)}$."
        elif difficulty == 4:
            a = nonzero(rng, -12, 12)
            q = rng.randint(2, 9)
            p = rng.choice([v for v in range(-q + 1, q) if v])
            r = Fraction(p, q)
            value = a / (1 - r)
            shown = _listing([a * r**i for i in range(4)])
            question = f"Find the sum of the infinite geometric series $${shown}$$"
            facts = {"sum": sp.Sum(a * sp.Rational(p, q) ** (K - 1), (K, 1, sp.oo))}
            kind, form = (
                "rational",
                "Give the exact value as an integer or a fraction in lowest terms.",
            )
            shown_r = frac(r) if r > 0 else f"({frac(r)})"
            solution = (
                f"$S = \\frac{{a}}{{1 - r}} = \\frac{{{a}}}{{1 - {shown_r}}} = {frac(value)}$."
            )
        else:
            n = rng.randint(10, 60)
            if rng.random() < 0.5:
                shift = rng.randint(0, 5)
                # 1/((k+s)(k+s+1)) telescopes to 1/(1+s) - 1/(n+s+1)
                value = Fraction(1, 1 + shift) - Fraction(1, n + shift + 1)
                first = linear_combination([(1, "k"), (shift, "")])
                second = linear_combination([(1, "k"), (shift + 1, "")])
                question = f"Evaluate $$\\sum_{{k=1}}^{{{n}}} \\frac{{1}}{{({first})({second})}}$$"
                facts = {"sum": sp.Sum(1 / ((K + shift) * (K + shift + 1)), (K, 1, n))}
                kind, form = "rational", "Give the exact value as a fraction in lowest terms."
                solution = (
                    f"The terms telescope: $\\frac{{1}}{{{1 + shift}}} - "
                    f"\\frac{{1}}{{{n + shift + 1}}} = {frac(value)}$."
                )
            else:
                a, b, c = rng.randint(1, 4), rng.randint(-6, 6), rng.randint(-9, 9)
                value = (
                    Fraction(a * n * (n + 1) * (2 * n + 1), 6)
                    + Fraction(b * n * (n + 1), 2)
                    + c * n
                )
                question = f"Evaluate $$\\sum_{{k=1}}^{{{n}}} ({poly([a, b, c], 'k')})$$"
                facts = {"sum": sp.Sum(a * K**2 + b * K + c, (K, 1, n))}
                solution = f"Using $\\sum k^2$ and $\\sum k$ formulas gives ${frac(value)}$."
        return Problem(
            question=question,
            answer=frac(value),
            kind=kind,
            form=form,
            solution=solution,
            facts={**facts, "value": value},
        )
