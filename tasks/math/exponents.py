"""Radicals, exponents and logarithms: simplify, rationalise, evaluate, solve."""

from __future__ import annotations

import random
from fractions import Fraction
from math import gcd

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, nonzero
from verticals.tasks.math.latex import frac, linear_combination, surd

SQUAREFREE = [2, 3, 5, 6, 7, 10, 11, 13, 14, 15, 17, 19, 21]
X = sp.Symbol("x")


def split_square(n: int) -> tuple[int, int]:
    """n = k²·m with m squarefree: returns (k, m)."""
    k, m = 1, n
    f = 2
    while f * f <= m:
        while m % (f * f) == 0:
            m //= f * f
            k *= f
        f += 1
    return k, m


def _sqrt_text(n: int, coefficient: int = 1) -> str:
    lead = "" if coefficient == 1 else str(coefficient)
    return f"{lead}\\sqrt{{{n}}}"


class Radicals(MathFamily):
    """Simplify square roots, combine like radicals, rationalise denominators."""

    name = "math/radicals"
    tags = ("algebra",)
    family = "radicals"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        m = rng.choice(SQUAREFREE)
        rational, coefficient = Fraction(0), Fraction(0)
        if difficulty == 1:
            k = rng.randint(2, 9)
            text, expr = _sqrt_text(k * k * m), sp.sqrt(k * k * m)
            coefficient = Fraction(k)
            form = "Write it in simplest radical form, $a\\sqrt{b}$."
        elif difficulty == 2:
            k1, k2 = rng.sample(range(1, 8), 2)
            a, b = rng.randint(1, 5), nonzero(rng, -5, 5)
            sign = "-" if b < 0 else "+"
            text = f"{_sqrt_text(k1 * k1 * m, a)} {sign} {_sqrt_text(k2 * k2 * m, abs(b))}"
            expr = a * sp.sqrt(k1 * k1 * m) + b * sp.sqrt(k2 * k2 * m)
            coefficient = Fraction(a * k1 + b * k2)
            if coefficient == 0:
                return self.problem(rng, difficulty)
            form = "Write it in simplest radical form."
        elif difficulty == 3:
            p, q = rng.randint(2, 30), rng.randint(2, 30)
            a, b = rng.randint(1, 4), rng.randint(1, 4)
            k, m = split_square(p * q)
            text = f"{_sqrt_text(p, a)} \\cdot {_sqrt_text(q, b)}"
            expr = a * sp.sqrt(p) * b * sp.sqrt(q)
            coefficient = Fraction(a * b * k)
            form = "Write it in simplest radical form (an integer if the roots cancel)."
        elif difficulty == 4:
            a, k = rng.randint(1, 20), rng.randint(1, 4)
            text = f"\\frac{{{a}}}{{{_sqrt_text(m, k)}}}"
            expr = sp.Integer(a) / (k * sp.sqrt(m))
            coefficient = Fraction(a, k * m)
            form = "Rationalise the denominator and simplify."
        else:
            a, b = nonzero(rng, -9, 9), rng.randint(1, 6)
            while b * b == m:
                b += 1
            sign = rng.choice([1, -1])
            text = f"\\frac{{{a}}}{{{b} {'+' if sign > 0 else '-'} \\sqrt{{{m}}}}}"
            expr = sp.Integer(a) / (b + sign * sp.sqrt(m))
            # a/(b ± √m) = a(b ∓ √m)/(b² - m)
            rational = Fraction(a * b, b * b - m)
            coefficient = Fraction(-sign * a, b * b - m)
            form = "Rationalise the denominator and simplify."
        if difficulty == 3 and m == 1:
            answer, kind = str(int(coefficient)), "integer"
        else:
            answer, kind = surd(rational, coefficient, m), "real"
        value = _q(rational) + _q(coefficient) * sp.sqrt(m)
        return Problem(
            question=f"Simplify: $${text}$$",
            answer=answer,
            kind=kind,
            form=form,
            # The question's own radical expression equals the answer in value.
            required_form="radical" if kind == "real" else None,
            solution=f"${text} = {answer}$.",
            facts={"expression": expr, "value": value},
        )


def _q(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)


def _power_text(base: Fraction, exponent: Fraction) -> str:
    shown = frac(base) if base.denominator == 1 and base > 0 else f"({frac(base)})"
    return f"{shown}^{{{frac(exponent)}}}"


def _log_text(base: int, argument: Fraction) -> str:
    return f"\\log_{{{base}}} {frac(argument)}"


class ExponentsLogarithms(MathFamily):
    """Exponent rules, fractional powers, logarithms, exponential and log equations."""

    name = "math/exponents-logarithms"
    tags = ("algebra",)
    family = "exponents-logarithms"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        kind, form = "rational", "Give the exact value as an integer or a fraction in lowest terms."
        if difficulty == 1:
            b = rng.randint(2, 5)
            m, n = rng.randint(2, 9), rng.randint(2, 9)
            k = rng.randint(max(0, m + n - 4), m + n)
            text = f"\\frac{{{b}^{{{m}}} \\cdot {b}^{{{n}}}}}{{{b}^{{{k}}}}}"
            value = Fraction(b) ** (m + n - k)
            question, facts = f"Evaluate: $${text}$$", {"expression": sp.Integer(b) ** (m + n - k)}
            kind = "integer"
            form = "Give the value as an integer."
        elif difficulty == 2:
            root = Fraction(rng.randint(2, 5), rng.choice([1, 1, 2, 3]))
            q = rng.choice([2, 3])
            p = rng.choice([v for v in range(-4, 5) if v % q])
            base = root**q
            exponent = Fraction(p, q)
            value = root**p
            text = _power_text(base, exponent)
            question = f"Evaluate: $${text}$$"
            facts = {"expression": _q(base) ** _q(exponent)}
        elif difficulty == 3:
            terms = []
            value = Fraction(0)
            expr = sp.Integer(0)
            for _ in range(2):
                root = rng.randint(2, 3)
                power = rng.randint(1, 2)
                base = root**power
                k = nonzero(rng, -4, 5)
                argument = Fraction(root) ** k
                terms.append(_log_text(base, argument))
                value += Fraction(k, power)
                expr += sp.log(_q(argument), base)
            text = " + ".join(terms)
            question = f"Evaluate: $${text}$$"
            facts = {"expression": expr}
        elif difficulty == 4:
            root = rng.randint(2, 3)
            p, q = rng.sample([1, 2, 3], 2)
            a, b = nonzero(rng, -4, 4), nonzero(rng, -4, 4)
            # (root^p)^(x + a) = (root^q)^(x + b)  ->  p(x + a) = q(x + b)
            value = Fraction(q * b - p * a, p - q)
            left = linear_combination([(1, "x"), (a, "")])
            right = linear_combination([(1, "x"), (b, "")])
            text = f"{root**p}^{{{left}}} = {root**q}^{{{right}}}"
            question = f"Solve for $x$: $${text}$$"
            facts = {
                "equation": sp.Eq(
                    sp.Integer(root**p) ** (X + a), sp.Integer(root**q) ** (X + b), evaluate=False
                ),
                "symbol": X,
            }
        else:
            if rng.random() < 0.5:
                b, k = rng.choice([(2, 3), (2, 4), (2, 5), (3, 2), (3, 3), (2, 6), (5, 2)])
                target = b**k
                divisors = [d for d in range(1, target + 1) if target % d == 0]
                u = rng.choice(divisors)
                v = target // u
                x0 = rng.randint(-5, 8)
                p, q = u - x0, v - x0
                left = linear_combination([(1, "x"), (p, "")])
                right = linear_combination([(1, "x"), (q, "")])
                text = f"\\log_{{{b}}}({left}) + \\log_{{{b}}}({right}) = {k}"
                value = Fraction(x0)
                question = f"Solve for real $x$: $${text}$$"
                facts = {
                    "equation": sp.Eq(sp.log(X + p, b) + sp.log(X + q, b), k, evaluate=False),
                    "symbol": X,
                }
                form = "Give the exact value (reject any extraneous root)."
            else:
                b, a = rng.choice([2, 3, 5, 7]), rng.randint(1, 4)
                c = a * rng.choice(
                    [
                        n
                        for n in range(2, 30)
                        if split_square(n)[0] == 1
                        and all(n != b**j for j in range(1, 5))
                        and gcd(n, b) == 1
                    ]
                )
                ratio = Fraction(c, a)
                text = f"{a} \\cdot {b}^{{x}} = {c}" if a != 1 else f"{b}^{{x}} = {c}"
                answer = f"\\frac{{\\ln {frac(ratio)}}}{{\\ln {b}}}"
                return Problem(
                    question=f"Solve for $x$: $${text}$$",
                    answer=answer,
                    kind="real",
                    form="Give the exact value in terms of natural logarithms.",
                    solution=f"$x = \\log_{{{b}}} {frac(ratio)} = {answer}$.",
                    facts={
                        "equation": sp.Eq(a * sp.Integer(b) ** X, c, evaluate=False),
                        "symbol": X,
                        "value": sp.log(_q(ratio)) / sp.log(b),
                    },
                )
        answer = frac(value)
        return Problem(
            question=question,
            answer=answer,
            kind=kind,
            form=form,
            solution=f"Applying the exponent and logarithm rules gives ${answer}$.",
            facts={**facts, "value": _q(value)},
        )
