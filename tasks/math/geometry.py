"""Analytic geometry: equations of lines and circles (answers are equations)."""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, nonzero
from verticals.tasks.math.latex import frac, linear_combination

X, Y = sp.symbols("x y")


def _point(p: tuple[Fraction, Fraction]) -> str:
    return f"({frac(p[0])}, {frac(p[1])})"


def line_text(slope: Fraction, intercept: Fraction) -> str:
    return f"y = {linear_combination([(slope, 'x'), (intercept, '')])}"


def _square(var: str, centre: Fraction) -> str:
    if centre == 0:
        return f"{var}^2"
    return f"({linear_combination([(1, var), (-centre, '')])})^2"


class Lines(MathFamily):
    """Equations of lines (slope-intercept) and circles (standard form); answer as an equation.

    circles from centre and point or from a diameter."""

    name = "math/lines"
    tags = ("geometry",)
    family = "lines"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        form = "Give the equation in slope-intercept form $y = mx + b$."
        if difficulty <= 3:
            if difficulty == 1:
                slope = Fraction(nonzero(rng, -6, 6))
                p = (Fraction(rng.randint(-6, 6)), Fraction(rng.randint(-9, 9)))
                question = (
                    f"Find the equation of the line with slope ${frac(slope)}$ that passes "
                    f"through ${_point(p)}$."
                )
            else:
                while True:
                    p = (Fraction(rng.randint(-8, 8)), Fraction(rng.randint(-9, 9)))
                    q = (Fraction(rng.randint(-8, 8)), Fraction(rng.randint(-9, 9)))
                    if p[0] == q[0] or p[1] == q[1]:
                        continue
                    slope = (q[1] - p[1]) / (q[0] - p[0])
                    if (slope.denominator == 1) == (difficulty == 2):
                        break
                question = f"Find the equation of the line through ${_point(p)}$ and ${_point(q)}$."
            intercept = p[1] - slope * p[0]
            equation = sp.Eq(Y, _q(slope) * X + _q(intercept), evaluate=False)
            answer = line_text(slope, intercept)
            facts = {"equation": equation, "points": [p], "slope": slope}
        elif difficulty == 4:
            a, b = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
            c = rng.randint(-12, 12)
            p = (Fraction(rng.randint(-6, 6)), Fraction(rng.randint(-6, 6)))
            given = Fraction(-a, b)
            perpendicular = rng.random() < 0.5
            slope = -1 / given if perpendicular else given
            intercept = p[1] - slope * p[0]
            relation = "perpendicular" if perpendicular else "parallel"
            question = (
                f"Find the equation of the line through ${_point(p)}$ that is {relation} "
                f"to the line ${linear_combination([(a, 'x'), (b, 'y')])} = {c}$."
            )
            equation = sp.Eq(Y, _q(slope) * X + _q(intercept), evaluate=False)
            answer = line_text(slope, intercept)
            facts = {
                "equation": equation,
                "points": [p],
                "slope": slope,
                "given_slope": given,
                "perpendicular": perpendicular,
            }
        else:
            h, k = Fraction(rng.randint(-6, 6)), Fraction(rng.randint(-6, 6))
            dx, dy = rng.randint(-6, 6), nonzero(rng, -6, 6)
            r2 = dx * dx + dy * dy
            answer = f"{_square('x', h)} + {_square('y', k)} = {r2}"
            equation = sp.Eq((X - _q(h)) ** 2 + (Y - _q(k)) ** 2, r2, evaluate=False)
            if rng.random() < 0.5:
                p = (h + dx, k + dy)
                question = (
                    f"Find the equation of the circle with centre ${_point((h, k))}$ that "
                    f"passes through ${_point(p)}$."
                )
                facts = {"equation": equation, "points": [p], "centre": (h, k)}
            else:  # the diameter's endpoints (not a general form, which would be an echo)
                p, q = (h + dx, k + dy), (h - dx, k - dy)
                question = (
                    f"Find the equation of the circle that has the segment from ${_point(p)}$ "
                    f"to ${_point(q)}$ as a diameter."
                )
                facts = {"equation": equation, "points": [p, q], "centre": (h, k)}
            form = "Give the equation in standard form $(x - h)^2 + (y - k)^2 = r^2$."
        return Problem(
            question=question,
            answer=answer,
            kind="equation",
            form=form,
            solution=f"The equation is ${answer}$.",
            facts=facts,
        )


def _q(value: Fraction) -> sp.Rational:
    return sp.Rational(value.numerator, value.denominator)
