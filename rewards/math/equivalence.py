"""Decide whether a completion's typed answer equals the reference's, exactly where possible.

Policy (see docs/math-verifier.md):
- Numbers: rationals (every decimal is one) compare exactly; irrational values compare at
  60 significant digits, so `3.14` never equals `\\pi` and `10^{20}+1` never equals `10^{20}`.
  A float tolerance applies only when the task sets one (`tolerance`, relative to
  max(1, |reference|)), or when kind="real" gives a decimal reference (then the answer must
  round to it at the reference's number of decimals).
- Percent: a side written with `%` may mean v or v/100; a side without means v.
- Expressions: canonical-form identity, else seeded random probing: exact rational points for
  rational functions (Schwartz-Zippel), 40-digit points otherwise.
- Equations: the same set of solutions up to a constant factor of (lhs - rhs).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from .answers import Answer, as_fraction
from .bounded import BudgetExceeded, Deadline
from .evaluated import arithmetic_ops, is_evaluated
from .intervals import RealSet
from .numeric import CTX, evaluate
from .units import conversion

PROBE_SEED = 20_240_611
PROBE_POINTS = 10
PROBES_NEEDED = 4
NUMBER_DIGITS = 60
NUMBER_RELATIVE = Fraction(1, 10**50)
#: Above this total degree, rational functions are probed at 40 digits instead of exactly.
MAX_EXACT_DEGREE = 400


@dataclass(frozen=True)
class Verdict:
    """Equal or not, and the rule that decided it (never the reference value)."""

    equal: bool
    rule: str


def _rng_points() -> list[list[Fraction]]:
    rng = random.Random(PROBE_SEED)
    points = []
    for _ in range(PROBE_POINTS):
        row = []
        for _ in range(8):
            numerator = rng.choice([n for n in range(-40, 41) if n != 0])
            row.append(Fraction(numerator, rng.randint(7, 19)))
        points.append(row)
    return points


_POINTS = _rng_points()


# -- numbers ------------------------------------------------------------------------------------
def _to_sympy(value: Any) -> Any:
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    return value


def _close(a: Any, b: Any, rel: Fraction) -> bool:
    """|a - b| <= rel * max(|a|, |b|) at NUMBER_DIGITS digits (complex-aware)."""
    va = sp.N(a, NUMBER_DIGITS)
    vb = sp.N(b, NUMBER_DIGITS)
    if not (va.is_number and vb.is_number) or va.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        return False
    diff = abs(sp.N(va - vb, NUMBER_DIGITS))
    scale = max(abs(va), abs(vb))
    return bool(diff <= sp.Rational(rel.numerator, rel.denominator) * scale)


def numbers_equal(
    ref: Any,
    ans: Any,
    *,
    tolerance: float | None = None,
    places: int | None = None,
) -> Verdict:
    fr, fa = as_fraction(ref), as_fraction(ans)
    if fr is not None and fa is not None:
        if fr == fa:
            return Verdict(True, "number: exact rational match")
        if places is not None and abs(fr - fa) <= Fraction(1, 2 * 10**places):
            return Verdict(True, "number: rounds to the reference's decimals")
        if tolerance is not None and abs(fr - fa) <= Fraction(tolerance) * max(1, abs(fr)):
            return Verdict(True, "number: within the task's tolerance")
        return Verdict(False, "number: differs from the reference")
    a, b = _to_sympy(ref), _to_sympy(ans)
    if a.has(sp.oo, -sp.oo) or b.has(sp.oo, -sp.oo):
        return Verdict(a == b, "number: infinities " + ("match" if a == b else "differ"))
    if (a - b) == 0:
        return Verdict(True, "number: exact symbolic match")
    if _close(a, b, NUMBER_RELATIVE):
        return Verdict(True, f"number: equal to {NUMBER_DIGITS} digits")
    if places is not None and _close_abs(a, b, Fraction(1, 2 * 10**places)):
        return Verdict(True, "number: rounds to the reference's decimals")
    if tolerance is not None and _close_abs(a, b, Fraction(tolerance) * max(1, _abs_int(a))):
        return Verdict(True, "number: within the task's tolerance")
    return Verdict(False, "number: differs from the reference")


def _small(value: Any) -> bool:
    """Cheap enough for sympy.expand: a handful of operations and low powers."""
    if value.count_ops() > 12 or value.has(sp.factorial, sp.binomial, sp.gamma):
        return False
    return all(abs(p.exp) <= 12 for p in value.atoms(sp.Pow) if p.exp.is_Rational)


def _abs_int(value: Any) -> int:
    return int(abs(sp.N(value, 30))) + 1


def _close_abs(a: Any, b: Any, bound: Fraction) -> bool:
    diff = abs(sp.N(a - b, NUMBER_DIGITS))
    return bool(diff.is_number and diff <= sp.Rational(bound.numerator, bound.denominator))


def _number_with_percent(ref: Answer, ans: Answer, **options: Any) -> Verdict:
    ref_values = [(ref.value, False)]
    ans_values = [(ans.value, False)]
    if ref.percent and not ans.percent:
        ref_values.append((_scale(ref.value), True))
    if ans.percent and not ref.percent:
        ans_values.append((_scale(ans.value), True))
    last = Verdict(False, "number: differs from the reference")
    for rv, r_scaled in ref_values:
        for av, a_scaled in ans_values:
            verdict = numbers_equal(rv, av, **options)
            if verdict.equal:
                suffix = " (percent read as a fraction)" if r_scaled or a_scaled else ""
                return Verdict(True, verdict.rule + suffix)
            last = verdict
    return last


def _scale(value: Any) -> Any:
    """v% as a fraction: v/100 (exact for Fractions and sympy numbers alike)."""
    return value / 100


# -- expressions and equations ------------------------------------------------------------------
def _names(expr: Any) -> set[str]:
    return {s.name for s in expr.free_symbols}


def _finite(value: Any) -> bool:
    return bool(value.is_number) and not value.has(sp.zoo, sp.nan, sp.oo, -sp.oo)


_RELATIVE = CTX.mpf(10) ** -25
_TINY = CTX.mpf(10) ** -30


def _degree_estimate(expr: Any) -> int:
    """Sum of the integer exponents in `expr`: a cheap bound on exact probing's cost."""
    return sum(abs(int(p.exp)) for p in expr.atoms(sp.Pow) if p.exp.is_Integer)


def _probe(exprs: list[Any], deadline: Deadline) -> tuple[list[list[Any]], bool]:
    """Values of `exprs` at seeded random points where all are usable; and whether exact.

    Rational functions of modest degree are evaluated exactly (sympy Rationals); everything
    else at 40 digits by `numeric.evaluate`, which skips points where a step would explode.
    """
    symbols = sorted(set().union(*(e.free_symbols for e in exprs)), key=lambda s: s.name)
    if len(symbols) > 8:
        raise BudgetExceeded("too many variables to probe")
    exact = all(e.is_rational_function(*symbols) for e in exprs) and sum(
        _degree_estimate(e) for e in exprs) <= MAX_EXACT_DEGREE
    rows = []
    for point in _POINTS:
        deadline.check()
        if exact:
            subs = {s: sp.Rational(v.numerator, v.denominator)
                    for s, v in zip(symbols, point, strict=False)}
            values = [e.xreplace(subs) for e in exprs]
            if all(_finite(v) for v in values):
                rows.append(values)
            continue
        env = {s: CTX.mpf(v.numerator) / v.denominator
               for s, v in zip(symbols, point, strict=False)}
        numeric = [evaluate(e, env) for e in exprs]
        if all(v is not None for v in numeric):
            rows.append(numeric)
    return rows, exact


def _same(a: Any, b: Any, exact: bool) -> bool:
    if exact:
        return bool(a == b)
    scale = max(abs(a), abs(b))
    return bool(abs(a - b) <= _RELATIVE * scale or scale < _TINY)


def _integration_constant(expr: Any) -> Any | None:
    """The `C` (or `C_1`) that `expr` adds as a constant of integration, if it has one."""
    found = [s for s in expr.free_symbols if s.name == "C" or s.name.startswith("C_")]
    if len(found) != 1 or len(expr.free_symbols) < 2 or sp.diff(expr, found[0]) != 1:
        return None
    return found[0]


def _antiderivatives_equal(ref: Any, ans: Any, constant: Any, deadline: Deadline) -> Verdict:
    """`\\ln|x| + K` for `\\ln|x| + C`: any one new constant, added; the rest differs from
    the reference's by a constant (the same value at every probe point)."""
    variables = ref.free_symbols - {constant}
    extra = ans.free_symbols - variables
    if len(extra) != 1 or not variables <= ans.free_symbols:
        return Verdict(False, "expression: needs its own constant of integration")
    (own,) = extra
    if sp.diff(ans, own) != 1:
        return Verdict(False, "expression: the constant of integration is not added")
    difference = (ref - constant) - (ans - own)
    if difference.free_symbols:
        rows, exact = _probe([difference], deadline)
        if len(rows) < PROBES_NEEDED or not all(_same(r[0], rows[0][0], exact) for r in rows):
            return Verdict(False, "expression: differs beyond a constant of integration")
    elif not _finite(difference):
        return Verdict(False, "expression: differs beyond a constant of integration")
    return Verdict(True, "expression: equal up to the constant of integration")


def expressions_equal(ref: Any, ans: Any, deadline: Deadline) -> Verdict:
    ref, ans = _to_sympy(ref), _to_sympy(ans)
    constant = _integration_constant(ref)
    if constant is not None:
        return _antiderivatives_equal(ref, ans, constant, deadline)
    if _names(ref) != _names(ans):
        return Verdict(False, "expression: different variables")
    if ref == ans or (ref - ans) == 0:
        return Verdict(True, "expression: identical canonical form")
    if _small(ref) and _small(ans) and sp.expand(ref - ans) == 0:
        return Verdict(True, "expression: expands to the same form")
    rows, exact = _probe([ref, ans], deadline)
    if len(rows) < PROBES_NEEDED:
        return Verdict(False, "expression: too few points where both are defined")
    if all(_same(a, b, exact) for a, b in rows):
        how = "exact rational" if exact else "40-digit"
        return Verdict(True, f"expression: agrees at {len(rows)} seeded {how} probe points")
    return Verdict(False, "expression: differs at a probe point")


def equations_equal(ref: tuple[Any, Any], ans: tuple[Any, Any], deadline: Deadline) -> Verdict:
    d_ref = ref[0] - ref[1]
    d_ans = ans[0] - ans[1]
    if d_ans == 0 or d_ref == 0:
        return Verdict(False, "equation: an identity is not an answer")
    if _names(d_ref) != _names(d_ans):
        return Verdict(False, "equation: different variables")
    rows, exact = _probe([d_ref, d_ans], deadline)
    rows = [r for r in rows if r[1] != 0]
    if len(rows) < PROBES_NEEDED:
        return Verdict(False, "equation: too few probe points")
    if not exact:
        rows = [r for r in rows if abs(r[1]) > _TINY]
        if len(rows) < PROBES_NEEDED:
            return Verdict(False, "equation: too few probe points")
    ratio = rows[0][0] / rows[0][1]
    if ratio == 0:
        return Verdict(False, "equation: differs at a probe point")
    if all(_same(a, ratio * b, exact) for a, b in rows):
        return Verdict(True, "equation: same equation up to a constant factor")
    return Verdict(False, "equation: differs at a probe point")


# -- sets of reals ------------------------------------------------------------------------------
def intervals_equal(ref: RealSet, ans: RealSet, tolerance: float | None = None) -> Verdict:
    if ref == ans:
        return Verdict(True, "interval: same set of reals")
    if len(ref.pieces) != len(ans.pieces):
        return Verdict(False, "interval: different number of pieces")
    for p, q in zip(ref.pieces, ans.pieces, strict=True):
        if (p.lo_closed, p.hi_closed) != (q.lo_closed, q.hi_closed):
            return Verdict(False, "interval: an endpoint is open on one side only")
        if not (numbers_equal(p.lo, q.lo, tolerance=tolerance).equal
                and numbers_equal(p.hi, q.hi, tolerance=tolerance).equal):
            return Verdict(False, "interval: an endpoint differs")
    return Verdict(True, "interval: same set of reals")


# -- dispatch -----------------------------------------------------------------------------------
def _as_equation(answer: Answer) -> tuple[Any, Any] | None:
    if answer.kind == "equation":
        return answer.value
    if answer.variable and answer.variable != "tuple" and answer.kind in ("number", "expression"):
        return (sp.Symbol(answer.variable), _to_sympy(answer.value))
    return None


def equivalent(
    ref: Answer,
    ans: Answer,
    *,
    tolerance: float | None = None,
    places: int | None = None,
    deadline: Deadline | None = None,
) -> Verdict:
    """Whether `ans` means the same as `ref` under the type rules above."""
    deadline = deadline or Deadline()
    deadline.check()
    if (ref.variable and ans.variable and ref.variable != ans.variable
            and "tuple" not in (ref.variable, ans.variable)):
        return Verdict(False, "assignment: a different variable")
    if ref.kind == "equation" or ans.kind == "equation":
        r_eq, a_eq = _as_equation(ref), _as_equation(ans)
        if r_eq is None or a_eq is None:
            return Verdict(False, f"type: expected {ref.kind}, got {ans.kind}")
        if ref.kind == "number" and ans.kind == "equation":
            return Verdict(False, "type: an unsolved equation where a value was asked")
        return equations_equal(r_eq, a_eq, deadline)
    if ref.kind == "set" and ans.kind != "set" and len(ref.value) == 1:
        return equivalent(ref.value[0], ans, tolerance=tolerance, deadline=deadline)
    if ans.kind == "set" and ref.kind != "set" and len(ans.value) == 1:
        return equivalent(ref, ans.value[0], tolerance=tolerance, places=places,
                          deadline=deadline)
    if ref.kind == "tuple" and ans.kind == "interval" and "open_interval" in ref.extra:
        verdict = intervals_equal(ref.extra["open_interval"], ans.value, tolerance)
        return Verdict(verdict.equal, verdict.rule + " (the pair read as an open interval)")
    if ref.kind != ans.kind:
        return Verdict(False, f"type: expected {ref.kind}, got {ans.kind}")
    kind = ref.kind
    if kind == "number":
        factor = conversion(ref.extra.get("unit"), ans.extra.get("unit"))
        if factor is False:
            return Verdict(False, "unit: a different quantity or unit")
        if factor != 1:
            ans = Answer("number", _to_sympy(ans.value) * sp.Rational(
                factor.numerator, factor.denominator), ans.percent, ans.variable, ans.extra)
        verdict = _number_with_percent(ref, ans, tolerance=tolerance, places=places)
        if factor != 1:
            verdict = (Verdict(True, verdict.rule + " (after converting the unit)")
                       if verdict.equal else Verdict(False, "unit: differs after converting"))
        if verdict.equal and _less_evaluated(ref, ans):
            return Verdict(False, "number: unevaluated arithmetic left in the answer")
        return verdict
    if kind == "expression":
        return expressions_equal(ref.value, ans.value, deadline)
    if kind in ("choice", "text"):
        same = ref.value == ans.value
        return Verdict(same, f"{kind}: {'same' if same else 'different'} answer")
    if kind == "interval":
        return intervals_equal(ref.value, ans.value, tolerance)
    if kind == "tuple":
        return _tuples_equal(ref.value, ans.value, tolerance, deadline)
    if kind == "set":
        return _sets_equal(ref.value, ans.value, tolerance, deadline)
    if kind == "matrix":
        return _matrices_equal(ref.value, ans.value, tolerance, deadline)
    if kind == "order":
        same = ref.value == ans.value
        return Verdict(same, f"order: {'same' if same else 'different'} ordering")
    if kind == "ratio":
        return _ratios_equal(ref.value, ans.value)
    if kind == "based":
        (r_digits, r_base), (a_digits, a_base) = ref.value, ans.value
        same = r_digits == a_digits and a_base in (r_base, None)
        return Verdict(same, f"numeral: {'same' if same else 'different'} digits in the base")
    return Verdict(False, f"type: cannot compare {kind}")


def _less_evaluated(ref: Answer, ans: Answer) -> bool:
    """The answer leaves arithmetic on numerals undone that the reference has done.

    A written-out (Gaussian) rational is always fine, and so is a closed form with no numeral
    arithmetic (`\\sqrt{12}`, `\\pi`); against a reference that keeps some arithmetic
    (`\\frac{1}{2^{98}}`) the answer may keep as much, not more.
    """
    ref_node, ans_node = ref.extra.get("node"), ans.extra.get("node")
    if ref_node is None or ans_node is None or is_evaluated(ans_node):
        return False
    allowed = 0 if is_evaluated(ref_node) else arithmetic_ops(ref_node)
    return arithmetic_ops(ans_node) > allowed


def _ratios_equal(ref: tuple, ans: tuple) -> Verdict:
    """`7:32` equals `14:64` (proportional, no zero term); with a zero term, term by term."""
    if len(ref) != len(ans):
        return Verdict(False, "ratio: different number of terms")
    if any(v == 0 for v in (*ref, *ans)):
        same = all(numbers_equal(r, a).equal for r, a in zip(ref, ans, strict=True))
        return Verdict(same, f"ratio: {'same' if same else 'different'} terms")
    scale = ans[0] / ref[0]
    same = all(numbers_equal(r * scale, a).equal for r, a in zip(ref, ans, strict=True))
    return Verdict(same, f"ratio: {'proportional' if same else 'different'} terms")


def _tuples_equal(ref: tuple, ans: tuple, tolerance: float | None, deadline: Deadline) -> Verdict:
    if len(ref) != len(ans):
        return Verdict(False, "tuple: different length")
    for r, a in zip(ref, ans, strict=True):
        if not equivalent(r, a, tolerance=tolerance, deadline=deadline).equal:
            return Verdict(False, "tuple: a component differs")
    return Verdict(True, "tuple: every component matches in order")


def _dedupe(items: tuple) -> list[Answer]:
    """Drop repeated elements (same kind and same canonical value): `\\{1, 1, 2\\}`."""
    unique: list[Answer] = []
    for item in items:
        if not any(u.kind == item.kind and _same_value(u.value, item.value) for u in unique):
            unique.append(item)
    return unique


def _same_value(a: Any, b: Any) -> bool:
    try:
        return bool(_to_sympy(a) == _to_sympy(b)) if not isinstance(a, tuple) else a == b
    except (TypeError, ValueError):
        return False


def _sets_equal(ref: tuple, ans: tuple, tolerance: float | None, deadline: Deadline) -> Verdict:
    if len(ans) > 4 * max(len(ref), 1):
        return Verdict(False, "set: far more elements than the reference")
    r_items = _dedupe(ref)
    a_items = _dedupe(ans)
    if len(r_items) != len(a_items):
        return Verdict(False, "set: different number of elements")
    unmatched = list(a_items)
    for r in r_items:
        for i, a in enumerate(unmatched):
            if equivalent(r, a, tolerance=tolerance, deadline=deadline).equal:
                del unmatched[i]
                break
        else:
            return Verdict(False, "set: an element is missing")
    return Verdict(True, "set: same elements in any order")


def _matrices_equal(ref: tuple, ans: tuple, tolerance: float | None,
                    deadline: Deadline) -> Verdict:
    if len(ref) != len(ans) or len(ref[0]) != len(ans[0]):
        return Verdict(False, "matrix: different shape")
    for r_row, a_row in zip(ref, ans, strict=True):
        for r, a in zip(r_row, a_row, strict=True):
            if r.free_symbols or a.free_symbols:
                ok = expressions_equal(r, a, deadline).equal
            else:
                ok = numbers_equal(r, a, tolerance=tolerance).equal
            if not ok:
                return Verdict(False, "matrix: an entry differs")
    return Verdict(True, "matrix: same shape and entries")
