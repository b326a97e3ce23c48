"""Linear algebra: matrix arithmetic and inverses, determinants, vectors.

Exact arithmetic on `Fraction`s throughout: small matrices do not need sympy, and a
hand-written elimination keeps each task well under a millisecond.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import permutations

from verticals.tasks.math.common import MathFamily, Problem, gauss_jordan, nonzero
from verticals.tasks.math.exponents import split_square
from verticals.tasks.math.latex import frac, matrix, surd, tuple_of

Matrix = list[list[Fraction]]


def _random(rng: random.Random, rows: int, cols: int, low: int, high: int) -> Matrix:
    return [[Fraction(rng.randint(low, high)) for _ in range(cols)] for _ in range(rows)]


def multiply(a: Matrix, b: Matrix) -> Matrix:
    return [
        [sum((a[i][k] * b[k][j] for k in range(len(b))), Fraction(0)) for j in range(len(b[0]))]
        for i in range(len(a))
    ]


def determinant(m: Matrix) -> Fraction:
    """Leibniz formula: exact, and cheap for the 2x2 to 4x4 matrices used here."""
    n = len(m)
    total = Fraction(0)
    for order in permutations(range(n)):
        sign = 1
        for i in range(n):
            for j in range(i + 1, n):
                if order[i] > order[j]:
                    sign = -sign
        term = Fraction(sign)
        for row, col in enumerate(order):
            term *= m[row][col]
        total += term
    return total


def inverse(m: Matrix) -> Matrix | None:
    """Gauss-Jordan inverse over the rationals; None when singular."""
    n = len(m)
    augmented = [list(row) + [Fraction(int(i == j)) for j in range(n)] for i, row in enumerate(m)]
    reduced = gauss_jordan(augmented, n)
    return None if reduced is None else [row[n:] for row in reduced]


def mtex(m: Matrix) -> str:
    return matrix([[frac(v) for v in row] for row in m])


MATRIX_FORM = (
    "Give the matrix as \\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix} (rows "
    "separated by \\\\), with integers or fractions in lowest terms."
)


class Matrices(MathFamily):
    """Matrix combinations, products and inverses (2x2, 3x3); answer as a pmatrix."""

    name = "math/matrices"
    tags = ("linear-algebra",)
    family = "matrices"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            a, b = _random(rng, 2, 2, -9, 9), _random(rng, 2, 2, -9, 9)
            k = rng.randint(2, 4)
            value = [
                [k * x - y for x, y in zip(ra, rb, strict=True)]
                for ra, rb in zip(a, b, strict=True)
            ]
            question = f"Let $A = {mtex(a)}$ and $B = {mtex(b)}$. Compute ${k}A - B$."
            facts = {"op": "combo", "a": a, "b": b, "k": k}
        elif difficulty in (2, 3):
            shape = (2, 2, 2) if difficulty == 2 else rng.choice([(2, 3, 2), (3, 2, 3), (2, 3, 3)])
            a = _random(rng, shape[0], shape[1], -6, 6)
            b = _random(rng, shape[1], shape[2], -6, 6)
            value = multiply(a, b)
            question = f"Let $A = {mtex(a)}$ and $B = {mtex(b)}$. Compute $AB$."
            facts = {"op": "product", "a": a, "b": b}
        else:
            n = 2 if difficulty == 4 else 3
            while True:
                a = _random(rng, n, n, -5, 5) if n == 2 else _random(rng, n, n, -3, 3)
                det = determinant(a)
                if det != 0 and abs(det) <= (20 if n == 2 else 6):
                    break
            value = inverse(a)
            question = f"Find the inverse of $A = {mtex(a)}$."
            facts = {"op": "inverse", "a": a}
        answer = mtex(value)
        return Problem(
            question=question,
            answer=answer,
            kind="matrix",
            form=MATRIX_FORM,
            solution=f"Working entry by entry gives ${answer}$.",
            facts={**facts, "value": value},
            details={"size": f"{len(value)}x{len(value[0])}"},
        )


DET_LEVELS = {1: (2, 0, 9), 2: (2, -20, 20), 3: (3, -5, 5), 4: (3, -9, 9), 5: (4, -5, 5)}


class Determinants(MathFamily):
    """Determinants of integer matrices from 2x2 to 4x4."""

    name = "math/determinants"
    tags = ("linear-algebra",)
    family = "determinants"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        n, low, high = DET_LEVELS[difficulty]
        m = _random(rng, n, n, low, high)
        value = determinant(m)
        return Problem(
            question=f"Compute the determinant of $${mtex(m)}$$",
            answer=frac(value),
            kind="integer",
            form="Give the determinant as an integer.",
            solution=f"Expanding along the first row gives $\\det = {frac(value)}$.",
            facts={"matrix": m, "value": value},
            details={"size": n},
        )


def _vec(v: list[Fraction]) -> str:
    return tuple_of(frac(x) for x in v)


class Vectors(MathFamily):
    """Vector combinations, dot and cross products, lengths (radicals), projections."""

    name = "math/vectors"
    tags = ("linear-algebra",)
    family = "vectors"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        dim = 2 if difficulty == 1 else 3
        u = [Fraction(rng.randint(-9, 9)) for _ in range(dim)]
        v = [Fraction(nonzero(rng, -9, 9)) for _ in range(dim)]
        if not any(u):
            u[0] = Fraction(1)
        intro = f"Let $\\mathbf{{u}} = {_vec(u)}$ and $\\mathbf{{v}} = {_vec(v)}$."
        tuple_form = (
            "Give the vector as a tuple $(a, b, c)$ of integers or fractions in lowest terms."
        )
        if difficulty == 1:
            a, b = nonzero(rng, -5, 5), nonzero(rng, -5, 5)
            value = [a * x + b * y for x, y in zip(u, v, strict=True)]
            answer, kind = _vec(value), "tuple"
            combo = f"{a}\\mathbf{{u}} {'+' if b > 0 else '-'} {abs(b)}\\mathbf{{v}}"
            question = f"{intro} Compute ${combo}$."
            form = tuple_form.replace("(a, b, c)", "(a, b)")
        elif difficulty == 2:
            value = sum((x * y for x, y in zip(u, v, strict=True)), Fraction(0))
            answer, kind = frac(value), "integer"
            question = f"{intro} Compute the dot product $\\mathbf{{u}} \\cdot \\mathbf{{v}}$."
            form = "Give the answer as an integer."
        elif difficulty == 3:
            squared = int(sum(x * x for x in u))
            k, m = split_square(squared)
            value = (k, m)
            answer = surd(0, k, m) if m > 1 else str(k)
            kind = "real" if m > 1 else "integer"
            question = f"Let $\\mathbf{{u}} = {_vec(u)}$. Find the length $\\|\\mathbf{{u}}\\|$."
            form = "Give the exact length in simplest radical form."
        elif difficulty == 4:
            value = [
                u[1] * v[2] - u[2] * v[1],
                u[2] * v[0] - u[0] * v[2],
                u[0] * v[1] - u[1] * v[0],
            ]
            answer, kind = _vec(value), "tuple"
            question = f"{intro} Compute the cross product $\\mathbf{{u}} \\times \\mathbf{{v}}$."
            form = tuple_form
        else:
            dot = sum((x * y for x, y in zip(u, v, strict=True)), Fraction(0))
            norm = sum((y * y for y in v), Fraction(0))
            value = [dot / norm * y for y in v]
            answer, kind = _vec(value), "tuple"
            question = (
                f"{intro} Find the vector projection of $\\mathbf{{u}}$ onto $\\mathbf{{v}}$."
            )
            form = tuple_form
        return Problem(
            question=question,
            answer=answer,
            kind=kind,
            form=form,
            solution=f"Computing componentwise gives ${answer}$.",
            facts={"u": u, "v": v, "value": value},
        )
