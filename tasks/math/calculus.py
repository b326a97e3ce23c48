"""Calculus: derivatives, indefinite and definite integrals, limits.

Integrals are made from their antiderivatives (pick F, show F'), and limits from forms
whose value is known in closed form, so no task calls `integrate` or `limit`.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from verticals.tasks.math.common import (
    MathFamily,
    Problem,
    distinct,
    nonzero,
    poly_add,
    poly_mul,
)
from verticals.tasks.math.latex import frac, poly, surd, tex

X = sp.Symbol("x")


def _q(value: Fraction | int) -> sp.Rational:
    value = Fraction(value)
    return sp.Rational(value.numerator, value.denominator)


def grouped(shown: str) -> str:
    """Parenthesise a sum so that `\\int (x + 1) \\, dx` and limits read unambiguously."""
    depth = 0
    for i, ch in enumerate(shown):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch in "+-" and depth == 0 and i > 0:
            return f"\\left({shown}\\right)"
    return shown


def _poly_expr(coefficients: list[int | Fraction]) -> sp.Expr:
    degree = len(coefficients) - 1
    return sum((_q(c) * X ** (degree - i) for i, c in enumerate(coefficients)), sp.Integer(0))


def _derivative(coefficients: list[int]) -> list[int]:
    degree = len(coefficients) - 1
    return [c * (degree - i) for i, c in enumerate(coefficients[:-1])] or [0]


class Derivatives(MathFamily):
    """Differentiate using the power, product, chain and quotient rules."""

    name = "math/derivatives"
    tags = ("calculus",)
    family = "derivatives"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        a, b = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
        if difficulty == 1:
            coefficients = [nonzero(rng, -9, 9)] + [
                rng.randint(-9, 9) for _ in range(rng.randint(2, 3))
            ]
            f = _poly_expr(coefficients)
            answer = poly(_derivative(coefficients))
            shown = poly(coefficients)
        elif difficulty == 2:
            n, k = rng.randint(3, 6), rng.randint(1, 3)
            f = a * X**n + b / X**k + rng.randint(1, 8) * sp.sqrt(X)
            answer, shown = tex(sp.diff(f, X)), tex(f)
        elif difficulty == 3:
            n = rng.randint(1, 4)
            inner = rng.choice([sp.exp(a * X), sp.sin(a * X), sp.cos(a * X), sp.log(X)])
            f = b * X**n * inner
            answer, shown = tex(sp.diff(f, X)), tex(f)
        elif difficulty == 4:
            n = rng.randint(2, 6)
            c = rng.randint(1, 9)
            inner = a * X**2 + c
            f = rng.choice(
                [inner**n, sp.sin(inner), sp.exp(a * X**2 + b * X), sp.log(abs(a) * X**2 + c)]
            )
            answer, shown = tex(sp.diff(f, X)), tex(f)
        else:
            top = [a, b]
            bottom = [rng.randint(1, 4), 0, rng.randint(1, 9)]
            f = _poly_expr(top) / _poly_expr(bottom)
            numerator = poly_add(
                poly_mul(_derivative(top), bottom), [-c for c in poly_mul(top, _derivative(bottom))]
            )
            answer = f"\\frac{{{poly(numerator)}}}{{({poly(bottom)})^2}}"
            shown = f"\\frac{{{poly(top)}}}{{{poly(bottom)}}}"
        return Problem(
            question=f"Differentiate with respect to $x$: $$f(x) = {shown}$$",
            answer=answer,
            kind="expression",
            form="Give $f'(x)$ as an expression in $x$.",
            solution=f"$f'(x) = {answer}$.",
            facts={"function": f, "symbol": X},
        )


class IndefiniteIntegrals(MathFamily):
    """Antiderivatives: power rule, exp and trig, substitution, integration by parts (+ C)."""

    name = "math/indefinite-integrals"
    tags = ("calculus",)
    family = "indefinite-integrals"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        a, b = nonzero(rng, -5, 5), nonzero(rng, -6, 6)
        if difficulty == 1:
            integrand = [nonzero(rng, -9, 9)] + [
                rng.randint(-9, 9) for _ in range(rng.randint(1, 3))
            ]
            degree = len(integrand) - 1
            f = _poly_expr(integrand)
            antiderivative = _poly_expr(
                [Fraction(c, degree - i + 1) for i, c in enumerate(integrand)] + [0]
            )
            shown = poly(integrand)
        elif difficulty == 2:
            k, m = rng.randint(2, 4), rng.randint(1, 6)
            f = a / X**k + m * sp.sqrt(X) + b
            antiderivative = (
                a * X ** (1 - k) / (1 - k) + sp.Rational(2, 3) * m * X ** sp.Rational(3, 2) + b * X
            )
            shown = tex(f)
        elif difficulty == 3:
            c = rng.randint(1, 9)
            pieces = rng.sample(
                [
                    (sp.exp(a * X), sp.exp(a * X) / a),
                    (sp.sin(a * X), -sp.cos(a * X) / a),
                    (sp.cos(a * X), sp.sin(a * X) / a),
                ],
                2,
            )
            f = c * pieces[0][0] + b * pieces[1][0]
            antiderivative = c * pieces[0][1] + b * pieces[1][1]
            shown = tex(f)
        elif difficulty == 4:
            c, n = rng.randint(1, 9), rng.randint(2, 5)
            u = abs(a) * X**2 + c
            choices = [
                (X * sp.exp(u), sp.exp(u) / (2 * abs(a))),
                (X * sp.cos(u), sp.sin(u) / (2 * abs(a))),
                (X * u**n, u ** (n + 1) / (2 * abs(a) * (n + 1))),
            ]
            f, antiderivative = rng.choice(choices)
            f = b * f
            antiderivative = b * antiderivative
            shown = tex(f)
        else:
            choices = [
                (X * sp.exp(a * X), (X / a - sp.Rational(1, a * a)) * sp.exp(a * X)),
                (X * sp.sin(a * X), -X * sp.cos(a * X) / a + sp.sin(a * X) / a**2),
                (X * sp.cos(a * X), X * sp.sin(a * X) / a + sp.cos(a * X) / a**2),
                (X**2 * sp.exp(X), (X**2 - 2 * X + 2) * sp.exp(X)),
                (X * sp.log(X), X**2 * sp.log(X) / 2 - X**2 / 4),
            ]
            f, antiderivative = rng.choice(choices)
            shown = tex(f)
        if difficulty != 4:  # keep u-substitution answers in terms of u
            antiderivative = sp.expand(antiderivative)
        answer = f"{tex(antiderivative)} + C"
        shown = grouped(shown)
        return Problem(
            question=f"Find the indefinite integral $$\\int {shown} \\, dx$$",
            answer=answer,
            kind="expression",
            form="Give the general antiderivative, writing the constant of integration as $+ C$.",
            solution=f"$\\int {shown} \\, dx = {answer}$.",
            facts={"integrand": f, "antiderivative": antiderivative, "symbol": X},
        )


TRIG_POINTS = {
    # k: (cos(pi/k), sin(pi/k)) as (rational, coefficient of sqrt m, m)
    2: ((0, 0), (1, 0), 1),
    3: ((Fraction(1, 2), 0), (0, Fraction(1, 2)), 3),
    4: ((0, Fraction(1, 2)), (0, Fraction(1, 2)), 2),
    6: ((0, Fraction(1, 2)), (Fraction(1, 2), 0), 3),
}


class DefiniteIntegrals(MathFamily):
    """Definite integrals of polynomials, 1/x and exp, trig, substitution and parts; exact value."""

    name = "math/definite-integrals"
    tags = ("calculus",)
    family = "definite-integrals"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        kind = "real"
        if difficulty in (1, 2):
            size = 2 if difficulty == 1 else 3
            integrand = [nonzero(rng, -6, 6)] + [rng.randint(-6, 6) for _ in range(size)]
            if difficulty == 1:
                integrand = [abs(integrand[0]), *(abs(c) for c in integrand[1:])]
            low = rng.randint(-3 if difficulty == 2 else 0, 2)
            high = low + rng.randint(1, 3)
            degree = len(integrand) - 1
            anti = [Fraction(c, degree - i + 1) for i, c in enumerate(integrand)] + [0]
            value_q = _eval(anti, high) - _eval(anti, low)
            f, value = _poly_expr(integrand), _q(value_q)
            shown, answer, kind = poly(integrand), frac(value_q), "rational"
            bounds = (sp.Integer(low), sp.Integer(high))
            bound_text = (str(low), str(high))
        elif difficulty == 3:
            if rng.random() < 0.5:
                low, high = rng.sample(range(1, 10), 2)
                low, high = min(low, high), max(low, high)
                c = rng.randint(1, 6)
                f = sp.Integer(c) / X
                ratio = Fraction(high, low)
                value = c * sp.log(_q(ratio))
                lead = "" if c == 1 else str(c)
                answer = f"{lead}\\ln {frac(ratio)}"
                bounds, bound_text = (sp.Integer(low), sp.Integer(high)), (str(low), str(high))
            else:
                a, k = rng.randint(1, 3), rng.randint(1, 3)
                f = sp.exp(a * X)
                value = (sp.exp(a * k) - 1) / a
                inner = f"e^{{{a * k}}} - 1"
                answer = inner if a == 1 else f"\\frac{{{inner}}}{{{a}}}"
                bounds, bound_text = (sp.Integer(0), sp.Integer(k)), ("0", str(k))
            shown = tex(f)
        elif difficulty == 4:
            k = rng.choice(list(TRIG_POINTS))
            p, q = nonzero(rng, -4, 4), nonzero(rng, -4, 4)
            (cos_r, cos_s), (sin_r, sin_s), m = TRIG_POINTS[k]
            # ∫_0^{π/k} p sin x + q cos x = p(1 - cos(π/k)) + q sin(π/k)
            rational = p * (1 - Fraction(cos_r)) + q * Fraction(sin_r)
            coefficient = -p * Fraction(cos_s) + q * Fraction(sin_s)
            f = p * sp.sin(X) + q * sp.cos(X)
            value = _q(rational) + _q(coefficient) * sp.sqrt(m)
            answer = surd(rational, coefficient, m)
            kind = "rational" if coefficient == 0 or m == 1 else "real"
            shown = tex(f)
            bounds, bound_text = (sp.Integer(0), sp.pi / k), ("0", f"\\frac{{\\pi}}{{{k}}}")
        else:
            choice = rng.randrange(4)
            if choice == 0:
                b = rng.randint(2, 4)
                f, anti = X * sp.exp(X), (X - 1) * sp.exp(X)
                bounds, bound_text = (sp.Integer(0), sp.Integer(b)), ("0", str(b))
                answer = f"{'' if b == 2 else b - 1}e^{{{b}}} + 1"
            elif choice == 1:
                f, anti = X * sp.cos(X), X * sp.sin(X) + sp.cos(X)
                bounds, bound_text = (sp.Integer(0), sp.pi / 2), ("0", "\\frac{\\pi}{2}")
                answer = "\\frac{\\pi}{2} - 1"
            elif choice == 2:
                b = rng.randint(1, 7)
                f, anti = X / (X**2 + 1), sp.log(X**2 + 1) / 2
                bounds, bound_text = (sp.Integer(0), sp.Integer(b)), ("0", str(b))
                answer = f"\\frac{{\\ln {b * b + 1}}}{{2}}"
            else:
                b = rng.randint(2, 6)
                f, anti = sp.log(X), X * sp.log(X) - X
                bounds, bound_text = (sp.Integer(1), sp.Integer(b)), ("1", str(b))
                answer = f"{b}\\ln {b} - {b - 1}"
            value = anti.subs(X, bounds[1]) - anti.subs(X, bounds[0])
            shown = tex(f)
        shown = grouped(shown)
        return Problem(
            question=(
                f"Evaluate the definite integral $$\\int_{{{bound_text[0]}}}^{{{bound_text[1]}}}"
                f" {shown} \\, dx$$"
            ),
            answer=answer,
            kind=kind,
            form="Give the exact value (fractions, radicals, $\\ln$, $e$ and $\\pi$ as needed).",
            solution=f"Evaluating an antiderivative at the bounds gives ${answer}$.",
            facts={"integrand": f, "symbol": X, "bounds": bounds, "value": value},
        )


def _eval(coefficients: list[Fraction], x: int) -> Fraction:
    out = Fraction(0)
    for c in coefficients:
        out = out * x + c
    return out


class FunctionLimits(MathFamily):
    """Limits by substitution, removable 0/0, at infinity, trig and e-type special limits."""

    name = "math/limits"
    tags = ("calculus",)
    family = "limits"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        kind = "rational"
        a, b = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
        point, point_text = None, ""
        if difficulty == 1:
            coefficients = [nonzero(rng, -5, 5)] + [rng.randint(-9, 9) for _ in range(2)]
            c = rng.randint(-4, 4)
            expr, shown = _poly_expr(coefficients), poly(coefficients)
            value = Fraction(_eval([Fraction(v) for v in coefficients], c))
            point, point_text = sp.Integer(c), str(c)
        elif difficulty == 2:
            a, b = distinct(rng, -6, 6, 2, zero=False)
            c = rng.choice([v for v in range(-6, 7) if v not in (0, -a, -b)])
            top, bottom = poly_mul([1, -c], [1, a]), poly_mul([1, -c], [1, b])
            expr = _poly_expr(top) / _poly_expr(bottom)
            shown = f"\\frac{{{poly(top)}}}{{{poly(bottom)}}}"
            value = Fraction(c + a, c + b)
            point, point_text = sp.Integer(c), str(c)
        elif difficulty == 3:
            degree = rng.randint(2, 3)
            top = [nonzero(rng, -9, 9)] + [rng.randint(-9, 9) for _ in range(degree)]
            bottom = [nonzero(rng, -9, 9)] + [rng.randint(-9, 9) for _ in range(degree)]
            if rng.random() < 0.25:
                top = top[1:] if top[1] else [1, *top[2:]]
            expr = _poly_expr(top) / _poly_expr(bottom)
            shown = f"\\frac{{{poly(top)}}}{{{poly(bottom)}}}"
            value = Fraction(top[0], bottom[0]) if len(top) == len(bottom) else Fraction(0)
            point, point_text = sp.oo, "\\infty"
        elif difficulty == 4:
            a, b = rng.randint(1, 9), rng.randint(1, 9)
            choice = rng.randrange(3)
            if choice == 0:
                expr, shown, value = (
                    sp.sin(a * X) / (b * X),
                    f"\\frac{{\\sin({a}x)}}{{{b}x}}",
                    Fraction(a, b),
                )
            elif choice == 1:
                expr = (1 - sp.cos(a * X)) / (b * X**2)
                shown = f"\\frac{{1 - \\cos({a}x)}}{{{b}x^2}}"
                value = Fraction(a * a, 2 * b)
            else:
                expr = sp.tan(a * X) / sp.sin(b * X)
                shown = f"\\frac{{\\tan({a}x)}}{{\\sin({b}x)}}"
                value = Fraction(a, b)
            shown = shown.replace("{1x}", "{x}").replace("(1x)", "(x)").replace("{1x^2}", "{x^2}")
            point, point_text = sp.Integer(0), "0"
        else:
            choice = rng.randrange(3)
            a, b = rng.randint(1, 5), rng.randint(1, 5)
            if choice == 0:
                expr = (1 + sp.Integer(a) / X) ** (b * X)
                shown = f"\\left(1 + \\frac{{{a}}}{{x}}\\right)^{{{b}x}}".replace("{1x}", "{x}")
                point, point_text = sp.oo, "\\infty"
                value = None
                answer, kind = f"e^{{{a * b}}}", "real"
                exact = sp.exp(a * b)
            elif choice == 1:
                expr = (sp.exp(a * X) - 1) / (b * X)
                shown = f"\\frac{{e^{{{a}x}} - 1}}{{{b}x}}".replace("{1x}", "{x}")
                point, point_text = sp.Integer(0), "0"
                value = Fraction(a, b)
            else:
                c = rng.randint(1, 6)
                expr = (sp.sqrt(X + c * c) - c) / X
                shown = f"\\frac{{\\sqrt{{x + {c * c}}} - {c}}}{{x}}"
                point, point_text = sp.Integer(0), "0"
                value = Fraction(1, 2 * c)
            if value is not None:
                answer, exact = frac(value), _q(value)
            return Problem(
                question=f"Evaluate $$\\lim_{{x \\to {point_text}}} {shown}$$",
                answer=answer,
                kind=kind,
                form="Give the exact value.",
                solution=f"The limit equals ${answer}$.",
                facts={"expression": expr, "symbol": X, "point": point, "value": exact},
            )
        answer = frac(value)
        shown = grouped(shown)
        return Problem(
            question=f"Evaluate $$\\lim_{{x \\to {point_text}}} {shown}$$",
            answer=answer,
            kind=kind,
            form="Give the exact value as an integer or a fraction in lowest terms.",
            solution=f"The limit equals ${answer}$.",
            facts={"expression": expr, "symbol": X, "point": point, "value": _q(value)},
            details={"point": point_text},
        )
