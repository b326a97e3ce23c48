"""Complex arithmetic in a + bi form: sums, products, quotients, powers, linear equations."""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, nonzero
from verticals.tasks.math.latex import complex_number

Pair = tuple[Fraction, Fraction]


def _mul(u: Pair, v: Pair) -> Pair:
    return (u[0] * v[0] - u[1] * v[1], u[0] * v[1] + u[1] * v[0])


def _div(u: Pair, v: Pair) -> Pair:
    norm = v[0] ** 2 + v[1] ** 2
    top = _mul(u, (v[0], -v[1]))
    return (top[0] / norm, top[1] / norm)


def _draw(rng: random.Random, bound: int) -> Pair:
    return (Fraction(rng.randint(-bound, bound)), Fraction(nonzero(rng, -bound, bound)))


def _text(z: Pair) -> str:
    return f"({complex_number(*z)})"


def _sym(z: Pair) -> sp.Expr:
    return sp.Rational(z[0].numerator, z[0].denominator) + sp.I * sp.Rational(
        z[1].numerator, z[1].denominator
    )


class ComplexNumbers(MathFamily):
    """Add, multiply, divide and raise complex numbers; solve linear equations in z; a + bi."""

    name = "math/complex-numbers"
    tags = ("algebra",)
    family = "complex-numbers"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            u, v = _draw(rng, 12), _draw(rng, 12)
            op = rng.choice("+-")
            value = (u[0] + v[0], u[1] + v[1]) if op == "+" else (u[0] - v[0], u[1] - v[1])
            text = f"{_text(u)} {op} {_text(v)}"
            expr = _sym(u) + _sym(v) if op == "+" else _sym(u) - _sym(v)
            question = f"Compute $${text}$$"
        elif difficulty == 2:
            u, v = _draw(rng, 9), _draw(rng, 9)
            value, text = _mul(u, v), f"{_text(u)}{_text(v)}"
            expr = sp.Mul(_sym(u), _sym(v), evaluate=False)
            question = f"Compute $${text}$$"
        elif difficulty == 3:
            u, v = _draw(rng, 9), _draw(rng, 6)
            value = _div(u, v)
            text = f"\\frac{{{complex_number(*u)}}}{{{complex_number(*v)}}}"
            expr = _sym(u) / _sym(v)
            question = f"Compute $${text}$$"
        elif difficulty == 4:
            u, n = _draw(rng, 4), rng.randint(2, 4)
            value = (Fraction(1), Fraction(0))
            for _ in range(n):
                value = _mul(value, u)
            k = rng.randint(10, 99)
            unit = [(1, 0), (0, 1), (-1, 0), (0, -1)][k % 4]
            value = (value[0] + unit[0], value[1] + unit[1])
            text = f"{_text(u)}^{n} + i^{{{k}}}"
            expr = _sym(u) ** n + sp.I**k
            question = f"Compute $${text}$$"
        else:
            a, c, e = _draw(rng, 5), _draw(rng, 9), _draw(rng, 9)
            value = _div((e[0] - c[0], e[1] - c[1]), a)
            text = f"{_text(a)}z + {_text(c)} = {complex_number(*e)}"
            z = sp.Symbol("z")
            expr = sp.Eq(_sym(a) * z + _sym(c), _sym(e), evaluate=False)
            question = f"Solve for the complex number $z$: $${text}$$"
        answer = complex_number(*value)
        return Problem(
            question=question,
            answer=answer,
            kind="complex",
            form=(
                "Give the result in the form $a + bi$ with $a$ and $b$ integers or fractions "
                "in lowest terms."
            ),
            solution=f"Using $i^2 = -1$ and the conjugate where needed gives ${answer}$.",
            facts={"expression": expr, "value": _sym(value)},
        )
