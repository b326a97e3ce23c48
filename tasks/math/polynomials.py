"""Polynomials and rational expressions: expand, factor, simplify.

Factoring problems are made by multiplying chosen factors, so the factored form is the
gold by construction; rational expressions share a factor that must cancel.
"""

from __future__ import annotations

import random
from math import gcd

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, distinct, nonzero, poly_add, poly_mul
from verticals.tasks.math.latex import coefficient_term, linear_combination, poly

X, Y = sp.symbols("x y")


def _monomial(exponents: tuple[int, ...], names: tuple[str, ...]) -> str:
    body = ""
    for exponent, name in zip(exponents, names, strict=True):
        if exponent == 1:
            body += name
        elif exponent > 1:
            body += f"{name}^{exponent}" if exponent < 10 else f"{name}^{{{exponent}}}"
    return body


def expanded(expr: sp.Expr, *gens: sp.Symbol) -> str:
    """An expanded polynomial in descending (lexicographic) order: `4x^2 - 12xy + 9y^2`."""
    gens = gens or (X,)
    polynomial = sp.Poly(sp.expand(expr), *gens)
    names = tuple(str(g) for g in gens)
    out = ""
    for exponents, coefficient in polynomial.terms():
        out += coefficient_term(int(coefficient), _monomial(exponents, names), first=not out)
    return out or "0"


def _factor_text(a: int, b: int, var: str = "x", other: str = "") -> str:
    """`(3x - 2)` or `(2x + 5y)`."""
    return f"({linear_combination([(a, var), (b, other)])})"


def _lead(k: int) -> str:
    return "" if k == 1 else "-" if k == -1 else str(k)


class PolynomialExpansion(MathFamily):
    """Expand products and powers of polynomials, up to two variables and degree 4."""

    name = "math/polynomial-expansion"
    tags = ("algebra",)
    family = "polynomial-expansion"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        gens: tuple[sp.Symbol, ...] = (X,)
        if difficulty == 1:
            a, b = nonzero(rng, -9, 9), nonzero(rng, -9, 9)
            expr = (X + a) * (X + b)
            text = _factor_text(1, a) + _factor_text(1, b)
        elif difficulty == 2:
            a, b, c, d = (nonzero(rng, -7, 7) for _ in range(4))
            if rng.random() < 0.3:
                expr, text = (a * X + b) ** 2, _factor_text(a, b) + "^2"
            else:
                expr, text = (a * X + b) * (c * X + d), _factor_text(a, b) + _factor_text(c, d)
        elif difficulty == 3:
            a, b, c = nonzero(rng, -6, 6), nonzero(rng, -9, 9), nonzero(rng, -6, 6)
            if rng.random() < 0.5:
                k = rng.randint(1, 3)
                expr, text = (k * X + a) ** 3, _factor_text(k, a) + "^3"
            else:
                expr = (X**2 + a * X + b) * (X + c)
                text = f"({linear_combination([(1, 'x^2'), (a, 'x'), (b, '')])})" + _factor_text(
                    1, c
                )
        elif difficulty == 4:
            gens = (X, Y)
            a, b, c, d = (nonzero(rng, -6, 6) for _ in range(4))
            if rng.random() < 0.5:
                expr = (a * X + b * Y) * (c * X + d * Y)
                text = _factor_text(a, b, "x", "y") + _factor_text(c, d, "x", "y")
            else:
                a, b = rng.randint(1, 4), nonzero(rng, -4, 4)
                expr, text = (a * X + b * Y) ** 3, _factor_text(a, b, "x", "y") + "^3"
        else:
            a, b, c, d = (nonzero(rng, -7, 7) for _ in range(4))
            if rng.random() < 0.5:
                expr = (X**2 + a * X + b) * (X**2 + c * X + d)
                text = (
                    f"({linear_combination([(1, 'x^2'), (a, 'x'), (b, '')])})"
                    f"({linear_combination([(1, 'x^2'), (c, 'x'), (d, '')])})"
                )
            else:
                k = rng.randint(1, 3)
                expr = (X + a) * (X + b) * (k * X + c) - (X + d) ** 2
                text = (
                    _factor_text(1, a)
                    + _factor_text(1, b)
                    + _factor_text(k, c)
                    + " - "
                    + _factor_text(1, d)
                    + "^2"
                )
        answer = expanded(expr, *gens)
        return Problem(
            question=f"Expand and simplify: $${text}$$",
            answer=answer,
            kind="expression",
            form="Give the fully expanded polynomial with like terms collected.",
            required_form="expanded",
            solution=f"Multiplying out and collecting like terms: ${text} = {answer}$.",
            facts={"expression": expr, "expanded": sp.expand(expr), "symbols": gens},
            details={"variables": len(gens), "degree": sp.Poly(expr, *gens).total_degree()},
        )


class Factoring(MathFamily):
    """Factor polynomials completely: trinomials, common factors, cubes, quartics, grouping."""

    name = "math/factoring"
    tags = ("algebra",)
    family = "factoring"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        gens: tuple[sp.Symbol, ...] = (X,)
        if difficulty == 1:
            r1, r2 = sorted(distinct(rng, -9, 9, 2, zero=False))
            factors, text = (X - r1) * (X - r2), _factor_text(1, -r1) + _factor_text(1, -r2)
        elif difficulty == 2:
            while True:
                p, r = rng.randint(1, 5), rng.randint(2, 5)
                q, s = nonzero(rng, -7, 7), nonzero(rng, -7, 7)
                if gcd(p, q) == 1 and gcd(r, s) == 1 and (p, q) != (r, s):
                    break
            factors = (p * X + q) * (r * X + s)
            text = _factor_text(p, q) + _factor_text(r, s)
        elif difficulty == 3:
            k = rng.choice([2, 3, 4, 5, -2, -3])
            a = rng.randint(1, 9)
            if rng.random() < 0.5:
                factors = k * (X - a) * (X + a)
                text = _lead(k) + _factor_text(1, -a) + _factor_text(1, a)
            else:
                r1, r2 = sorted(distinct(rng, -8, 8, 2, zero=False))
                factors = k * X * (X - r1) * (X - r2)
                text = _lead(k) + "x" + _factor_text(1, -r1) + _factor_text(1, -r2)
        elif difficulty == 4:
            if rng.random() < 0.5:
                a, sign = rng.randint(1, 6), rng.choice([1, -1])
                b = rng.choice([b for b in (1, 1, 2, 3) if gcd(a, b) == 1])
                # (bx)^3 + sign·a^3 = (bx + sign·a)(b²x² - sign·abx + a²)
                factors = (b * X + sign * a) * (b * b * X**2 - sign * a * b * X + a * a)
                quadratic = linear_combination([(b * b, "x^2"), (-sign * a * b, "x"), (a * a, "")])
                text = _factor_text(b, sign * a) + f"({quadratic})"
            else:
                r1, r2, r3 = sorted(distinct(rng, -6, 6, 3, zero=False))
                factors = (X - r1) * (X - r2) * (X - r3)
                text = "".join(_factor_text(1, -r) for r in (r1, r2, r3))
        else:
            choice = rng.randrange(3)
            if choice == 0:
                a, b = sorted(distinct(rng, 1, 7, 2))
                factors = (X - a) * (X + a) * (X - b) * (X + b)
                text = "".join(_factor_text(1, v) for v in (-a, a, -b, b))
            elif choice == 1:
                a, b = nonzero(rng, -7, 7), rng.randint(1, 9)
                factors = (X**2 + b) * (X + a)
                text = f"({linear_combination([(1, 'x^2'), (b, '')])})" + _factor_text(1, a)
            else:
                gens = (X, Y)
                a, b = rng.randint(1, 6), rng.randint(1, 6)
                a, b = (a, b) if gcd(a, b) == 1 else (a, b + 1 if gcd(a, b + 1) == 1 else 1)
                factors = (a * X - b * Y) * (a * X + b * Y)
                text = _factor_text(a, -b, "x", "y") + _factor_text(a, b, "x", "y")
        product = sp.expand(factors)
        shown = expanded(product, *gens)
        return Problem(
            question=f"Factor completely over the integers: $${shown}$$",
            answer=text,
            kind="expression",
            form="Give the fully factored form, with any common numerical factor in front.",
            required_form="factored",
            solution=f"${shown} = {text}$.",
            facts={"polynomial": product, "factored": factors, "symbols": gens},
            details={"degree": sp.Poly(product, *gens).total_degree()},
        )


class RationalExpressions(MathFamily):
    """Simplify, add, multiply and divide algebraic fractions into one fraction.

    Built from linear factors x + c, so the simplified numerator and denominator are known
    without calling `cancel` (which would cost milliseconds per task).
    """

    name = "math/rational-expressions"
    tags = ("algebra",)
    family = "rational-expressions"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        a, b, c, d = distinct(rng, -8, 8, 4, zero=False)
        lin = {v: [1, v] for v in (a, b, c, d)}
        den_factors: list[int] = []
        if difficulty == 1:
            expr = (X + a) * (X + b) / (X + a)
            text = f"\\frac{{{poly(poly_mul(lin[a], lin[b]))}}}{{{poly(lin[a])}}}"
            numerator = lin[b]
            form = "Simplify completely and give the resulting polynomial."
        elif difficulty == 2:
            k = rng.choice([1, 1, 2, 3])
            expr = k * (X + a) * (X + b) / ((X + a) * (X + c))
            text = (
                f"\\frac{{{poly(poly_mul([k], lin[a], lin[b]))}}}"
                f"{{{poly(poly_mul(lin[a], lin[c]))}}}"
            )
            numerator, den_factors = poly_mul([k], lin[b]), [c]
            form = "Simplify completely and write the result as a single fraction."
        elif difficulty == 3:
            p, q = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
            expr = p / (X + a) + q / (X + b)
            text = _sum_text(p, poly(lin[a]), q, poly(lin[b]))
            numerator, den_factors = [p + q, p * b + q * a], [a, b]
            form = "Write the result as a single fraction in lowest terms."
        elif difficulty == 4:
            top, bottom = poly(poly_mul(lin[a], lin[b])), poly(poly_mul(lin[c], lin[d]))
            expr = (X + a) * (X + b) / ((X + c) * (X + d)) * ((X + c) / (X + a))
            if rng.random() < 0.5:
                text = (
                    f"\\frac{{{top}}}{{{bottom}}} \\cdot \\frac{{{poly(lin[c])}}}{{{poly(lin[a])}}}"
                )
            else:
                text = (
                    f"\\frac{{{top}}}{{{bottom}}} \\div \\frac{{{poly(lin[a])}}}{{{poly(lin[c])}}}"
                )
            numerator, den_factors = lin[b], [d]
            form = "Simplify completely and write the result as a single fraction."
        else:
            while True:
                m = rng.randint(1, 7)
                p, q = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
                if p != 2 * q * m:  # else the numerator would cancel with x + m
                    break
            expr = p / (X**2 - m * m) + q / (X + m)
            text = _sum_text(p, poly([1, 0, -m * m]), q, poly([1, m]))
            numerator, den_factors = [q, p - q * m], [-m, m]
            form = "Write the result as a single fraction in lowest terms."
        numerator = poly_add(numerator)
        simplified = sp.Poly(numerator, X).as_expr() / sp.Mul(*[X + v for v in den_factors])
        answer = _fraction_text(numerator, sorted(den_factors))
        return Problem(
            question=f"Simplify: $${text}$$",
            answer=answer,
            kind="expression",
            form=form + " Assume $x$ avoids every value that makes a denominator zero.",
            required_form="single_fraction",
            solution=f"Factoring and cancelling common factors gives ${answer}$.",
            facts={"expression": expr, "simplified": simplified, "symbols": (X,)},
        )


def _sum_text(p: int, first: str, q: int, second: str) -> str:
    sign = "-" if q < 0 else "+"
    return f"\\frac{{{p}}}{{{first}}} {sign} \\frac{{{abs(q)}}}{{{second}}}"


def _fraction_text(numerator: list[int], den_factors: list[int]) -> str:
    """`\\frac{2x + 1}{(x - 1)(x + 2)}`: numerator expanded, denominator factored."""
    if not den_factors:
        return poly(numerator)
    if len(den_factors) == 1:
        bottom = poly([1, den_factors[0]])
    else:
        bottom = "".join(f"({poly([1, v])})" for v in den_factors)
    if numerator[0] < 0:
        return f"-\\frac{{{poly([-c for c in numerator])}}}{{{bottom}}}"
    return f"\\frac{{{poly(numerator)}}}{{{bottom}}}"
