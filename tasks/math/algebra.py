"""Equations and inequalities: linear, systems of two and three, quadratics, inequalities.

Every problem is built backwards from its answer (pick the roots, then the equation), so
the gold is exact without calling a solver.
"""

from __future__ import annotations

import random
from fractions import Fraction

import sympy as sp

from verticals.tasks.math.common import MathFamily, Problem, distinct, gauss_jordan, nonzero
from verticals.tasks.math.latex import (
    complex_number,
    frac,
    interval,
    linear_combination,
    poly,
    set_of,
    surd,
    tuple_of,
    union,
)

X = sp.Symbol("x")
SQUAREFREE = [2, 3, 5, 6, 7, 10, 11, 13, 14, 15]


def _q(value: Fraction | int) -> sp.Rational:
    value = Fraction(value)
    return sp.Rational(value.numerator, value.denominator)


def _binomial(a: int, b: int) -> str:
    """`3(x - 2)`: a times (x + b)."""
    inner = linear_combination([(1, "x"), (b, "")])
    lead = "" if a == 1 else "-" if a == -1 else str(a)
    return f"{lead}({inner})"


class LinearEquations(MathFamily):
    """Solve one linear equation in x: brackets, fractions, rational forms; rational answer."""

    name = "math/linear-equations"
    tags = ("algebra",)
    family = "linear-equations"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            a, x, b = nonzero(rng, -9, 9), rng.randint(-10, 10), rng.randint(-20, 20)
            lhs, rhs = a * X + b, sp.Integer(a * x + b)
            text = f"{linear_combination([(a, 'x'), (b, '')])} = {a * x + b}"
        elif difficulty == 2:
            a, c = distinct(rng, -9, 9, 2, zero=False)
            x, b = rng.randint(-12, 12), rng.randint(-30, 30)
            d = a * x + b - c * x
            lhs, rhs = a * X + b, c * X + d
            text = (
                f"{linear_combination([(a, 'x'), (b, '')])} = "
                f"{linear_combination([(c, 'x'), (d, '')])}"
            )
        elif difficulty == 3:
            a, d = distinct(rng, 2, 9, 2)
            a *= rng.choice([1, -1])
            b, c, e = nonzero(rng, -9, 9), rng.randint(-15, 15), nonzero(rng, -9, 9)
            lhs, rhs = a * (X + b) + c, d * (X + e)
            constant = f" {'-' if c < 0 else '+'} {abs(c)}" if c else ""
            text = f"{_binomial(a, b)}{constant} = {_binomial(d, e)}"
        elif difficulty == 4:
            b, d = distinct(rng, 2, 7, 2)
            a, c, e = nonzero(rng, -9, 9), nonzero(rng, -9, 9), rng.randint(-6, 6)
            lhs, rhs = (X + a) / b + (X + c) / d, sp.Integer(e)
            num_a = linear_combination([(1, "x"), (a, "")])
            num_c = linear_combination([(1, "x"), (c, "")])
            text = f"\\frac{{{num_a}}}{{{b}}} + \\frac{{{num_c}}}{{{d}}} = {e}"
        else:
            while True:
                a, c = nonzero(rng, -6, 6), nonzero(rng, -6, 6)
                b, d = rng.randint(-9, 9), nonzero(rng, -9, 9)
                p, q = nonzero(rng, -7, 7), rng.randint(2, 7)
                if a * d == b * c or q * a == p * c or Fraction(p, q).denominator == 1:
                    continue
                x = Fraction(p * d - q * b, q * a - p * c)
                if c * x + d != 0:
                    break
            lhs, rhs = (a * X + b) / (c * X + d), sp.Rational(p, q)
            text = (
                f"\\frac{{{linear_combination([(a, 'x'), (b, '')])}}}"
                f"{{{linear_combination([(c, 'x'), (d, '')])}}} = {frac(Fraction(p, q))}"
            )
        value = _q(x) if difficulty == 5 else _linear_root(lhs - rhs)
        answer = frac(Fraction(int(value.p), int(value.q)))
        return Problem(
            question=f"Solve for $x$: $${text}$$",
            answer=answer,
            kind="rational",
            form="Give the value of $x$ as an integer or a fraction in lowest terms.",
            solution=f"Collecting the $x$ terms on one side gives $x = {answer}$.",
            facts={"equation": sp.Eq(lhs, rhs, evaluate=False), "symbol": X, "solution": value},
        )


def _linear_root(expr: sp.Expr) -> sp.Rational:
    """The root of a linear expression in x (without a solver: read the coefficients)."""
    expr = sp.expand(expr)
    slope, constant = expr.coeff(X, 1), expr.coeff(X, 0)
    return -constant / slope


def _solve_exact(matrix: list[list[int]], rhs: list[int]) -> list[Fraction] | None:
    """The exact solution of `matrix · x = rhs`; None when the matrix is singular."""
    n = len(matrix)
    augmented = [[Fraction(v) for v in row] + [Fraction(b)]
                 for row, b in zip(matrix, rhs, strict=True)]
    reduced = gauss_jordan(augmented, n)
    return None if reduced is None else [row[n] for row in reduced]


SYSTEM_LEVELS = {
    # unknowns, coefficient bound, integer solution?
    1: (2, 5, True),
    2: (2, 9, True),
    3: (2, 9, False),
    4: (3, 5, True),
    5: (3, 7, False),
}


class LinearSystems(MathFamily):
    """Solve systems of two or three linear equations; answer as an ordered tuple."""

    name = "math/linear-systems"
    tags = ("algebra",)
    family = "linear-systems"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        n, bound, integral = SYSTEM_LEVELS[difficulty]
        names = ["x", "y", "z"][:n]
        while True:
            matrix = [[rng.randint(-bound, bound) for _ in range(n)] for _ in range(n)]
            if difficulty == 1:
                matrix = [[rng.randint(1, bound) for _ in range(n)] for _ in range(n)]
            if integral:
                solution = [Fraction(rng.randint(-8, 8)) for _ in range(n)]
                rhs = [
                    int(sum(a * s for a, s in zip(row, solution, strict=True))) for row in matrix
                ]
                if _solve_exact(matrix, rhs) is None:
                    continue
            else:
                rhs = [rng.randint(-20, 20) for _ in range(n)]
                found = _solve_exact(matrix, rhs)
                if found is None or all(v.denominator == 1 for v in found):
                    continue
                if any(v.denominator > 60 for v in found):
                    continue
                solution = found
            if all(any(row) for row in matrix):
                break
        lines = [
            f"{linear_combination(list(zip(row, names, strict=True)))} = {b}"
            for row, b in zip(matrix, rhs, strict=True)
        ]
        system = " \\\\ ".join(lines)
        answer = tuple_of(frac(v) for v in solution)
        order = tuple_of(names)
        return Problem(
            question=(
                f"Solve the system of equations:\n\n$$\\begin{{cases}} {system} \\end{{cases}}$$"
            ),
            answer=answer,
            kind="tuple",
            form=(
                f"Give the solution as an ordered {'pair' if n == 2 else 'triple'} "
                f"${order}$, with integers or fractions in lowest terms."
            ),
            solution=f"Elimination gives ${order} = {answer}$.",
            facts={"matrix": matrix, "rhs": rhs, "solution": solution},
            details={"unknowns": n},
        )


class Quadratics(MathFamily):
    """Solve quadratics with integer, rational, irrational and complex roots; answer as a set."""

    name = "math/quadratics"
    tags = ("algebra",)
    family = "quadratics"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            r1, r2 = sorted(distinct(rng, -9, 9, 2))
            coefficients = [1, -(r1 + r2), r1 * r2]
            roots = [sp.Integer(r1), sp.Integer(r2)]
            shown = [str(r1), str(r2)]
        elif difficulty == 2:
            while True:
                p, r = rng.randint(1, 5), rng.randint(2, 5)
                q, s = nonzero(rng, -7, 7), nonzero(rng, -7, 7)
                roots = {Fraction(q, p), Fraction(s, r)}
                if len(roots) == 2 and any(v.denominator > 1 for v in roots):
                    break
            coefficients = [p * r, -(p * s + q * r), q * s]
            values = sorted([Fraction(q, p), Fraction(s, r)])
            roots = [_q(v) for v in values]
            shown = [frac(v) for v in values]
        elif difficulty == 3 or (difficulty == 5 and rng.random() < 0.5):
            m = 1 if difficulty == 3 else rng.randint(2, 4)
            h, k, n = rng.randint(-6, 6), rng.randint(1, 3), rng.choice(SQUAREFREE)
            # roots (h ± k√n)/m: m²x² - 2hm·x + (h² - k²n)
            coefficients = [m * m, -2 * h * m, h * h - k * k * n]
            roots = [(h - k * sp.sqrt(n)) / m, (h + k * sp.sqrt(n)) / m]
            shown = [
                surd(Fraction(h, m), Fraction(-k, m), n),
                surd(Fraction(h, m), Fraction(k, m), n),
            ]
        else:
            m = 1 if difficulty == 4 else rng.randint(2, 4)
            n = 1 if difficulty == 4 else rng.choice([1, *SQUAREFREE[:5]])
            h, k = rng.randint(-6, 6), rng.randint(1, 5)
            # roots (h ± k i√n)/m: m²x² - 2hm·x + (h² + k²n)
            coefficients = [m * m, -2 * h * m, h * h + k * k * n]
            roots = [(h - k * sp.I * sp.sqrt(n)) / m, (h + k * sp.I * sp.sqrt(n)) / m]
            shown = [
                complex_number(Fraction(h, m), Fraction(-k, m), n),
                complex_number(Fraction(h, m), Fraction(k, m), n),
            ]
        common = abs(sp.gcd_list([sp.Integer(c) for c in coefficients]))
        coefficients = [int(c // common) for c in coefficients]
        polynomial = sum(c * X ** (2 - i) for i, c in enumerate(coefficients))
        answer = set_of(shown)
        return Problem(
            question=f"Solve over the complex numbers: $${poly(coefficients)} = 0$$",
            answer=answer,
            kind="set",
            form=(
                "Give the solution set in set notation, such as $\\{a, b\\}$, with exact "
                "values (radicals and $i$ where needed)."
            ),
            solution=(
                f"The discriminant is "
                f"${coefficients[1] ** 2 - 4 * coefficients[0] * coefficients[2]}$"
                f"; the quadratic formula gives ${answer}$."
            ),
            facts={"polynomial": polynomial, "symbol": X, "roots": roots},
            details={
                "root_type": ["integer", "rational", "irrational", "complex", "mixed"][
                    difficulty - 1
                ]
            },
        )


REL = {"<": "<", "<=": "\\le", ">": ">", ">=": "\\ge"}
FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
SYMPY_REL = {
    "<": sp.StrictLessThan,
    "<=": sp.LessThan,
    ">": sp.StrictGreaterThan,
    ">=": sp.GreaterThan,
}

Piece = tuple[Fraction | None, Fraction | None, bool, bool]


def _pieces_from_roots(
    roots: list[Fraction], sign_right: int, relation: str, poles: frozenset = frozenset()
) -> list[Piece]:
    """Where a product of simple linear factors satisfies `relation` against 0.

    The sign alternates across each simple root; it is `sign_right` beyond the largest.
    Poles are never included.
    """
    points = sorted(roots)
    want_positive = relation in (">", ">=")
    closed = relation in ("<=", ">=")
    pieces: list[Piece] = []
    bounds = [None, *points, None]
    sign = sign_right * (-1) ** len(points)
    for i in range(len(points) + 1):
        low, high = bounds[i], bounds[i + 1]
        if (sign > 0) == want_positive:
            pieces.append((low, high, closed and low not in poles, closed and high not in poles))
        sign = -sign
    merged: list[Piece] = []
    for piece in pieces:
        if merged and merged[-1][1] == piece[0] and merged[-1][3] and piece[2]:
            merged[-1] = (merged[-1][0], piece[1], merged[-1][2], piece[3])
        else:
            merged.append(piece)
    return merged


def _as_sympy(pieces: list[Piece]) -> sp.Set:
    parts = []
    for low, high, closed_low, closed_high in pieces:
        parts.append(
            sp.Interval(
                -sp.oo if low is None else _q(low),
                sp.oo if high is None else _q(high),
                left_open=not closed_low or low is None,
                right_open=not closed_high or high is None,
            )
        )
    return sp.Union(*parts) if parts else sp.S.EmptySet


class Inequalities(MathFamily):
    """Solve linear, compound, quadratic, absolute-value and rational inequalities; interval
    notation."""

    name = "math/inequalities"
    tags = ("algebra",)
    family = "inequalities"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        relation = rng.choice(list(REL))
        if difficulty == 1:
            a, b, k = rng.randint(2, 9), rng.randint(-20, 20), rng.randint(-9, 9)
            lhs, rhs_value = a * X + b, a * k + b
            text = f"{linear_combination([(a, 'x'), (b, '')])} {REL[relation]} {rhs_value}"
            pieces = _pieces_from_roots([Fraction(k)], 1, relation)
            expr = sp.Rel(lhs, rhs_value, relation, evaluate=False)
        elif difficulty == 2:
            a, b = nonzero(rng, -9, 9), rng.randint(-10, 10)
            if a == 1 and b == 0:  # `low < x < high` would already be its own answer
                b = nonzero(rng, -10, 10)
            low, high = sorted(distinct(rng, -25, 25, 2))
            rel_low, rel_high = rng.choice(["<", "<="]), rng.choice(["<", "<="])
            middle = linear_combination([(a, "x"), (b, "")])
            text = f"{low} {REL[rel_low]} {middle} {REL[rel_high]} {high}"
            ends = [Fraction(low - b, a), Fraction(high - b, a)]
            closed = [rel_low == "<=", rel_high == "<="]
            if a < 0:
                ends, closed = ends[::-1], closed[::-1]
            pieces = [(ends[0], ends[1], closed[0], closed[1])]
            expr = sp.And(
                sp.Rel(low, a * X + b, rel_low, evaluate=False),
                sp.Rel(a * X + b, high, rel_high, evaluate=False),
            )
        elif difficulty == 3:
            r1, r2 = sorted(distinct(rng, -9, 9, 2))
            lead = rng.choice([1, 1, -1, 2])
            coefficients = [lead, -lead * (r1 + r2), lead * r1 * r2]
            text = f"{poly(coefficients)} {REL[relation]} 0"
            pieces = _pieces_from_roots(
                [Fraction(r1), Fraction(r2)], 1 if lead > 0 else -1, relation
            )
            expr = sp.Rel(
                sum(c * X ** (2 - i) for i, c in enumerate(coefficients)),
                0,
                relation,
                evaluate=False,
            )
        elif difficulty == 4:
            a, b, c = rng.randint(1, 5), rng.randint(-10, 10), rng.randint(1, 12)
            inner = linear_combination([(a, "x"), (b, "")])
            text = f"|{inner}| {REL[relation]} {c}"
            ends = [Fraction(-c - b, a), Fraction(c - b, a)]
            # |ax+b| - c has the sign of (ax+b-c)(ax+b+c): roots at the two ends.
            pieces = _pieces_from_roots(ends, 1, relation)
            expr = sp.Rel(sp.Abs(a * X + b), c, relation, evaluate=False)
        else:
            if rng.random() < 0.5:
                p, q = distinct(rng, -9, 9, 2)
                num, den = (
                    linear_combination([(1, "x"), (-p, "")]),
                    linear_combination([(1, "x"), (-q, "")]),
                )
                text = f"\\frac{{{num}}}{{{den}}} {REL[relation]} 0"
                pieces = _pieces_from_roots(
                    [Fraction(p), Fraction(q)], 1, relation, poles=frozenset({Fraction(q)})
                )
                expr = sp.Rel((X - p) / (X - q), 0, relation, evaluate=False)
            else:
                roots = sorted(distinct(rng, -8, 8, 3))
                factors = "".join(f"({linear_combination([(1, 'x'), (-r, '')])})" for r in roots)
                text = f"{factors} {REL[relation]} 0"
                pieces = _pieces_from_roots([Fraction(r) for r in roots], 1, relation)
                expr = sp.Rel(sp.Mul(*[X - r for r in roots]), 0, relation, evaluate=False)
        answer = union(interval(*piece) for piece in pieces)
        return Problem(
            question=f"Solve the inequality for real $x$: $${text}$$",
            answer=answer,
            kind="interval",
            form=(
                "Give the solution set in interval notation, using $\\cup$ for a union of "
                "intervals and $\\infty$ for unbounded ends."
            ),
            solution=f"The critical points split the line; testing each part gives ${answer}$.",
            facts={"inequality": expr, "symbol": X, "solution_set": _as_sympy(pieces)},
        )
