"""Every family's gold answer, read back from its LaTeX, is right by an independent route.

Each check re-derives the answer with sympy (or by brute force) from the facts the problem
was built from: roots are substituted back, antiderivatives differentiated, limits taken,
counts enumerated. None of this goes through the verifier.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction

import pytest
import sympy as sp
from latex_reader import X, Y, _group, expression, value
from sympy.ntheory.modular import crt

from verticals.tasks.math.families import FAMILIES

SEEDS = range(6)
LEVELS = range(1, 6)


def q(v: Fraction | int) -> sp.Rational:
    v = Fraction(v)
    return sp.Rational(v.numerator, v.denominator)


def zero(expr: sp.Expr) -> bool:
    """Exactly zero, trying cheap rewrites before `simplify`."""
    expr = sp.sympify(expr)
    for attempt in (sp.expand, sp.cancel, sp.radsimp, sp.simplify):
        try:
            if attempt(expr) == 0:
                return True
        except (TypeError, sp.PolynomialError):
            continue
    return False


def close(a: sp.Expr, b: sp.Expr) -> bool:
    return abs(sp.N(a - b, 40)) < sp.Float("1e-25")


def check_decimals(p, answer):
    assert answer == q(p.facts["value"])
    if "block" in p.facts:  # the fraction's decimal expansion repeats the shown block
        digits, rest = "", p.facts["value"] - int(p.facts["value"])
        for _ in range(30):
            rest *= 10
            digits += str(int(rest))
            rest -= int(rest)
        expected = (p.facts["prefix"] + p.facts["block"] * 30)[:30]
        assert digits == expected
    else:
        text = p.facts["expression"].replace("\\div", "/")
        assert expression(text) == answer


def check_order_of_operations(p, answer):
    text = p.facts["expression"].replace("[", "(").replace("]", ")").replace("\\div", "/")
    assert expression(text) == answer


def check_percentages(p, answer):
    f = p.facts
    if "percent" in f:
        assert answer == sp.Rational(f["percent"], 100) * f["of"]
    elif "part" in f:
        assert answer / 100 * f["whole"] == f["part"]
    elif "old" in f:
        assert answer == abs(q(f["new"]) - f["old"]) / f["old"] * 100
    elif "up" in f:
        after = (1 + sp.Rational(f["up"], 100)) * (1 - sp.Rational(f["down"], 100))
        assert answer == (after - 1) * 100
    else:
        final = answer * (1 - sp.Rational(f["discount"], 100)) * (1 + sp.Rational(f["tax"], 100))
        assert final == q(f["final"])


def check_linear_equations(p, answer):
    eq = p.facts["equation"]
    assert zero((eq.lhs - eq.rhs).subs(X, answer))
    assert sp.solve(eq, X) == [answer]


def check_linear_systems(p, answer):
    m, rhs = sp.Matrix(p.facts["matrix"]), sp.Matrix(p.facts["rhs"])
    assert m.det() != 0
    assert m * sp.Matrix(answer) == rhs


def check_quadratics(p, answer):
    poly = p.facts["polynomial"]
    assert len(answer) == 2 and len(set(answer)) == 2
    for root in answer:
        assert zero(poly.subs(X, root))
    assert sp.degree(poly, X) == 2


def check_inequalities(p, answer):
    relation = p.facts["inequality"]
    parts = relation.args if isinstance(relation, sp.And) else (relation,)
    expected = sp.Intersection(*(sp.solveset(part, X, sp.S.Reals) for part in parts))
    assert expected == answer


def check_polynomial_expansion(p, answer, text):
    assert zero(answer - p.facts["expression"])
    assert "(" not in text  # fully expanded


def check_factoring(p, answer, text):
    assert zero(sp.expand(answer) - p.facts["polynomial"])
    gens = p.facts["symbols"]
    lead, rest = re.match(r"^(-?\d*)(.*)$", text).groups()
    factors = sp.Mul.make_args(expression(rest))
    for factor in factors:  # every factor primitive and irreducible over the integers
        base = factor.base if factor.is_Pow else factor
        assert sp.Poly(base, *gens).is_irreducible, base
        assert sp.Poly(base, *gens).content() == 1, base
    content = sp.Poly(p.facts["polynomial"], *gens).content()
    assert abs(int(lead + "1" if lead in ("", "-") else lead)) == content


def check_rational_expressions(p, answer):
    assert zero(sp.together(answer - p.facts["expression"]))
    numerator, denominator = sp.fraction(sp.together(answer))
    assert sp.gcd(numerator, denominator).is_number  # lowest terms


def check_radicals(p, answer, text):
    assert zero(answer - p.facts["expression"])
    for radicand in re.findall(r"\\sqrt\{(\d+)\}", text):
        assert all(int(radicand) % (k * k) for k in range(2, 10)), text  # simplest form
    for match in re.finditer(r"\\frac", text):  # rationalised: every denominator an integer
        _, after = _group(text, match.end())
        denominator, _ = _group(text, after)
        assert denominator.isdigit(), text


def check_exponents_logarithms(p, answer):
    f = p.facts
    if "equation" in f:
        eq = f["equation"]
        assert close(eq.lhs.subs(X, answer), eq.rhs.subs(X, answer))
        if any(isinstance(a, sp.log) for a in sp.preorder_traversal(eq.lhs)):
            for arg in (a.args[0] for a in sp.preorder_traversal(eq.lhs) if isinstance(a, sp.log)):
                if arg.has(X):
                    assert arg.subs(X, answer) > 0  # not an extraneous root
    else:
        assert close(f["expression"], answer)
        assert answer.is_rational


def check_complex_numbers(p, answer):
    expr = p.facts["expression"]
    if isinstance(expr, sp.Equality):
        z = sp.Symbol("z")
        assert zero((expr.lhs - expr.rhs).subs(z, answer))
    else:
        assert zero(sp.expand(expr - answer))


def check_sequences_series(p, answer):
    total = p.facts["sum"]
    assert answer == (total.doit() if isinstance(total, sp.Sum) else total)


def check_derivatives(p, answer):
    assert zero(answer - sp.diff(p.facts["function"], X))


def check_indefinite_integrals(p, answer):
    assert answer.coeff(sp.Symbol("C")) == 1
    assert zero(sp.diff(answer, X) - p.facts["integrand"])


def check_definite_integrals(p, answer):
    low, high = p.facts["bounds"]
    assert close(sp.Integral(p.facts["integrand"], (X, low, high)).evalf(40), answer)


def check_limits(p, answer):
    assert zero(sp.limit(p.facts["expression"], X, p.facts["point"]) - answer)


def check_gcd_lcm(p, answer, text):
    numbers = p.facts["numbers"]
    g, m = sp.igcd(*numbers), sp.ilcm(*numbers)
    assert answer in (
        {g}
        if "gcd(" in p.question and "L / g" not in p.question
        else {m}
        if "L / g" not in p.question
        else {m // g}
    )


def check_modular_arithmetic(p, answer):
    op, args = p.facts["op"], p.facts["args"]
    if op == "mod":
        expected = sp.Mod(args[0], args[1])
    elif op == "affine":
        a, b, c, m = args
        expected = sp.Mod(a * b + c, m)
    elif op == "power":
        expected = sp.Mod(sp.Integer(args[0]) ** args[1], args[2])
    elif op == "inverse":
        expected = sp.mod_inverse(*args)
    elif op == "congruence":
        a, b, m = args
        assert (a * int(answer) - b) % m == 0 and 0 <= answer < m
        return
    else:
        expected = crt(args[0], args[1])[0]
    assert answer == expected


def check_primes(p, answer):
    f = p.facts
    op = f["op"]
    if op == "count":
        expected = sp.primepi(f["high"]) - sp.primepi(f["low"] - 1)
    elif op == "largest":
        expected = max(sp.factorint(f["n"]))
    elif op == "divisors":
        expected = sp.divisor_count(f["n"])
    elif op == "sigma":
        expected = sp.divisor_sigma(f["n"])
    elif op == "phi":
        expected = sp.totient(f["n"])
    else:
        expected = sp.multiplicity(f["p"], sp.factorial(f["n"]))
    assert answer == expected


def check_combinatorics(p, answer):
    f = p.facts
    if f["kind"] == "perm":
        expected = sum(1 for _ in itertools.permutations(range(f["n"]), f["k"]))
    elif f["kind"] == "comb":
        expected = sum(1 for _ in itertools.combinations(range(f["n"]), f["k"]))
    elif f["kind"] == "word":
        expected = len(set(itertools.permutations(f["word"])))
    elif f["kind"] == "stars":
        k, total, low = f["k"], f["total"], f["low"]
        expected = sum(
            1
            for xs in itertools.product(range(low, total + 1), repeat=k - 1)
            if total - sum(xs) >= low
        )
    else:
        expected = sum(
            1 for n in range(1, f["limit"] + 1) if any(n % d == 0 for d in f["divisors"])
        )
    assert answer == expected


def _probability(event) -> Fraction:
    name = event[0]
    if name == "multiple":
        raise AssertionError("handled by the caller")
    if name == "dice":
        _, target, at_least = event
        hits = sum(
            1
            for a, b in itertools.product(range(1, 7), repeat=2)
            if (a + b >= target if at_least else a + b == target)
        )
        return Fraction(hits, 36)
    if name == "urn":
        _, a, b, same = event
        balls = ["A"] * a + ["B"] * b
        pairs = list(itertools.permutations(range(len(balls)), 2))
        hits = sum(1 for i, j in pairs if (balls[i] == balls[j]) == same)
        return Fraction(hits, len(pairs))
    if name == "binomial":
        _, p, n, k = event
        total = Fraction(0)
        for flips in itertools.product([True, False], repeat=n):
            if sum(flips) == k:
                weight = Fraction(1)
                for heads in flips:
                    weight *= p if heads else 1 - p
                total += weight
        return total
    if name == "bayes":
        _, prevalence, sensitivity, false_positive = event
        joint = {
            ("ill", "pos"): prevalence * sensitivity,
            ("well", "pos"): (1 - prevalence) * false_positive,
        }
        return joint[("ill", "pos")] / sum(joint.values())
    _, sides, n = event
    outcomes = list(itertools.product(range(1, sides + 1), repeat=n))
    return Fraction(sum(1 for o in outcomes if sides in o), len(outcomes))


def check_probability(p, answer):
    event = p.facts["event"]
    if event[0] == "multiple":
        outcomes = p.facts["outcomes"]
        expected = Fraction(sum(1 for (o,) in outcomes if o % event[1] == 0), len(outcomes))
    else:
        expected = _probability(event)
    assert answer == q(expected)


def check_matrices(p, answer):
    f = p.facts
    a = sp.Matrix([[q(v) for v in row] for row in f["a"]])
    if f["op"] == "combo":
        expected = f["k"] * a - sp.Matrix([[q(v) for v in row] for row in f["b"]])
    elif f["op"] == "product":
        expected = a * sp.Matrix([[q(v) for v in row] for row in f["b"]])
    else:
        expected = a.inv()
    assert sp.Matrix(answer) == expected


def check_determinants(p, answer):
    assert sp.Matrix([[q(v) for v in row] for row in p.facts["matrix"]]).det() == answer


def check_vectors(p, answer):
    u = sp.Matrix([q(v) for v in p.facts["u"]])
    v = sp.Matrix([q(w) for w in p.facts["v"]])
    if "length" in p.question:
        assert zero(answer - u.norm())
    elif "dot product" in p.question:
        assert answer == u.dot(v)
    elif "cross product" in p.question:
        assert sp.Matrix(answer) == u.cross(v)
    elif "projection" in p.question:
        assert sp.Matrix(answer) == (u.dot(v) / v.dot(v)) * v
    else:
        a, b = (int(t) for t in re.findall(r"(-?\d+)\\mathbf", p.question.replace("- ", "-")))
        assert sp.Matrix(answer) == a * u + b * v


def check_lines(p, answer):
    f = p.facts
    residual = answer.lhs - answer.rhs
    for point in f["points"]:
        assert zero(residual.subs({X: q(point[0]), Y: q(point[1])}))
    if "slope" in f:
        assert zero(sp.diff(sp.solve(answer, Y)[0], X) - q(f["slope"]))
        if "given_slope" in f:
            product = q(f["slope"]) * q(f["given_slope"])
            assert product == (-1 if f["perpendicular"] else 1) or not f["perpendicular"]
    if "centre" in f:  # standard form around the centre
        h, k = (q(c) for c in f["centre"])
        assert answer.lhs == (X - h) ** 2 + (Y - k) ** 2


def check_word_problems(p, answer):
    f = p.facts
    t = sp.Symbol("t", positive=True)
    template = f["template"]
    if template == "change":
        expected = q(f["paid"]) - sum(n * q(price) for n, price in f["items"])
    elif template == "average-speed":
        distance = sum(d for d, _ in f["legs"])
        expected = distance / sum(sp.Rational(d, v) for d, v in f["legs"])
    elif template == "work":
        expected = sp.solve(sp.Eq(sum(t / h for h in f["hours"]), 1), t)[0]
    elif template == "mixture":
        expected = sp.solve(sp.Eq(f["v1"] * f["p1"] + t * f["p2"], (f["v1"] + t) * f["target"]), t)[
            0
        ]
    elif template == "ages":
        a = sp.Symbol("a", positive=True)
        expected = sp.solve(sp.Eq(f["k"] * a + f["years"], q(f["ratio"]) * (a + f["years"])), a)[0]
    else:
        expected = f["principal"] * (1 + sp.Rational(f["rate"], 100)) ** f["years"]
    assert answer == expected


CHECKS = {
    name.removeprefix("check_").replace("_", "-"): fn
    for name, fn in globals().items()
    if name.startswith("check_")
}
TEXT_CHECKS = {"polynomial-expansion", "factoring", "radicals", "gcd-lcm"}
PROCEDURAL = [name for name in FAMILIES if name != "arithmetic"]


def test_every_procedural_family_has_a_gold_check():
    assert sorted(CHECKS) == sorted(PROCEDURAL)


@pytest.mark.parametrize("difficulty", LEVELS)
@pytest.mark.parametrize("family", PROCEDURAL)
def test_gold_answer_is_right(family, difficulty):
    generator = FAMILIES[family]()
    seeds = SEEDS if family not in ("limits", "definite-integrals") else range(3)
    for seed in seeds:
        problem = generator.sample(seed, difficulty)
        answer = value(problem.answer, problem.kind)
        if family in TEXT_CHECKS:
            CHECKS[family](problem, answer, problem.answer)
        else:
            CHECKS[family](problem, answer)
