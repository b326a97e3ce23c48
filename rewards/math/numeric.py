"""Evaluate a sympy expression at a point with mpmath, refusing any step that would explode.

Why not `expr.evalf(subs=...)`: sympy evaluates to the requested precision *whatever it
costs*, and a probe point can turn a harmless-looking answer into `\\sin(10^{10^{9}})`, whose
argument reduction needs billions of digits (or a gamma of a huge argument). Here every
operation works at a fixed precision and a magnitude check runs before each function, so one
probe costs microseconds to a millisecond, and an exploding point is simply skipped.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy

from .build import Root

DIGITS = 40
#: A private context: mpmath's global `mp` precision is process-wide state, and changing it
#: with `workdps` from several threads at once would leak one thread's precision into another.
CTX = mpmath.MPContext()
CTX.dps = DIGITS
#: Largest |argument| of exp/sinh/cosh (e^{1e5} has 43,000 digits: fine for mpmath floats).
MAX_EXP_ARG = 1e5
#: Largest |argument| of a trig function (argument reduction stays cheap below this).
MAX_TRIG_ARG = 1e12
#: Largest |argument| of a factorial or gamma.
MAX_GAMMA_ARG = 1e4
#: Largest |value| anywhere (log10): beyond it the point is skipped.
MAX_LOG10 = 1e5


class Unevaluable(ArithmeticError):
    """This point is not usable (pole, overflow, unsupported function)."""


def _check(value: Any) -> Any:
    if not CTX.isfinite(value):
        raise Unevaluable("not finite")
    size = abs(value)
    if size and abs(CTX.log10(size)) > MAX_LOG10:
        raise Unevaluable("magnitude out of range")
    return value


def _limit(value: Any, bound: float) -> Any:
    if abs(value) > bound:
        raise Unevaluable("argument too large")
    return value


def _unary(name: str, x: Any) -> Any:
    if name in ("exp", "sinh", "cosh"):
        _limit(CTX.re(x), MAX_EXP_ARG)
        _limit(CTX.im(x), MAX_TRIG_ARG)
    elif name in ("sin", "cos", "tan", "cot", "sec", "csc", "tanh"):
        _limit(CTX.re(x), MAX_TRIG_ARG)
        _limit(CTX.im(x), MAX_EXP_ARG)
    elif name in ("factorial", "gamma"):
        _limit(x, MAX_GAMMA_ARG)
    if name == "factorial":
        return CTX.factorial(x)
    if name == "log":
        if x == 0:
            raise Unevaluable("log of zero")
        return CTX.log(x)
    if name in ("floor", "ceiling"):
        if CTX.im(x) != 0:
            raise Unevaluable("floor of a complex number")
        return (CTX.floor if name == "floor" else CTX.ceil)(CTX.re(x))
    if name == "Abs":
        return abs(x)
    if name not in _FUNCTIONS:
        raise Unevaluable(f"no numeric rule for {name}")
    return getattr(CTX, name)(x)


_FUNCTIONS = frozenset(
    {"exp", "sin", "cos", "tan", "cot", "sec", "csc", "asin", "acos", "atan", "sinh", "cosh",
     "tanh", "gamma", "sqrt"}
)


def _eval(expr: Any, env: dict[Any, Any]) -> Any:
    if expr.is_Symbol:
        if expr not in env:
            raise Unevaluable("unbound symbol")
        return env[expr]
    if expr.is_Integer:
        return CTX.mpf(int(expr))
    if expr.is_Rational:
        return CTX.mpf(int(expr.p)) / int(expr.q)
    if expr is sympy.pi:
        return +CTX.pi
    if expr is sympy.E:
        return +CTX.e
    if expr is sympy.I:
        return CTX.mpc(0, 1)
    if expr.is_Float:
        return CTX.mpf(str(expr))
    if expr.is_Add:
        total = CTX.mpf(0)
        for arg in expr.args:
            total += _eval(arg, env)
        return _check(total)
    if expr.is_Mul:
        product = CTX.mpf(1)
        for arg in expr.args:
            product *= _eval(arg, env)
            _check(product)
        return product
    if expr.is_Pow or isinstance(expr, Root):
        base = _eval(expr.args[0], env)
        exponent = _eval(expr.args[1], env)
        if base == 0:
            if CTX.re(exponent) <= 0:
                raise Unevaluable("0 to a non-positive power")
            return CTX.mpf(0)
        size = abs(exponent) * abs(CTX.log(abs(base)))
        if size > MAX_LOG10 * 2.31:
            raise Unevaluable("power too large")
        return _check(CTX.power(base, exponent))
    if isinstance(expr, sympy.log) and len(expr.args) == 1:
        return _check(_unary("log", _eval(expr.args[0], env)))
    if isinstance(expr, sympy.binomial):
        n, k = (_eval(a, env) for a in expr.args)
        _limit(n, MAX_GAMMA_ARG)
        _limit(k, MAX_GAMMA_ARG)
        return _check(CTX.binomial(n, k))
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        return _check(_unary(type(expr).__name__, _eval(expr.args[0], env)))
    raise Unevaluable(f"no numeric rule for {type(expr).__name__}")


def evaluate(expr: Any, env: dict[Any, Any]) -> Any | None:
    """The value of `expr` with symbols bound by `env` (CTX numbers), or None if unusable."""
    try:
        return _eval(expr, env)
    except (Unevaluable, ValueError, ZeroDivisionError, OverflowError, TypeError):
        return None
