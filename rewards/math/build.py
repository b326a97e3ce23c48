"""Turn a scalar AST into a value: an exact `Fraction` when it is plain arithmetic, else sympy.

Every node that could blow up (powers, factorials, binomials, exponentials, huge trig
arguments) is checked against the budgets of `bounded.py` *before* sympy is asked to build
it, because sympy evaluates eagerly (`Integer(9)**387420489` would start computing).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import mpmath
import sympy as sp

from .bounded import (
    MAX_CONSTANT_EXPONENT,
    MAX_DIGITS,
    MAX_EXP_TOWER,
    MAX_FACTORIAL,
    MAX_REAL_EXPONENT,
    MAX_SYMBOLIC_EXPONENT,
    BudgetExceeded,
    check_integer_power,
    check_log_magnitude,
    digits_of_int,
    log10_of_int,
)
from .parse import Node, ParseError

_SCALAR_TAGS = frozenset(
    [
        "num", "sym", "const", "add", "neg", "mul", "div", "pow", "fact", "func", "sqrt", "binom",
        "abs", "floor", "ceil", "mixed"
    ]
)


def is_scalar(node: Node) -> bool:
    return node[0] in _SCALAR_TAGS


# -- exact fast path ------------------------------------------------------------------------
class _NotRational(Exception):
    pass


def _fraction_digits(value: Fraction) -> int:
    return max(digits_of_int(value.numerator), digits_of_int(value.denominator))


def exact(node: Node) -> Fraction | None:
    """The exact rational value of plain arithmetic, or None when it needs sympy."""
    try:
        return _exact(node)
    except _NotRational:
        return None


def _exact(node: Node) -> Fraction:
    tag = node[0]
    if tag == "num":
        return node[1]
    if tag == "neg":
        return -_exact(node[1])
    if tag == "add":
        return sum((_exact(t) for t in node[1]), Fraction(0))
    if tag == "mul":
        value = Fraction(1)
        for factor in node[1]:
            value *= _exact(factor)
        if _fraction_digits(value) > MAX_DIGITS:
            raise BudgetExceeded("value beyond the digit budget")
        return value
    if tag == "div":
        top, bottom = _exact(node[1]), _exact(node[2])
        if bottom == 0:
            raise ParseError("division by zero")
        return top / bottom
    if tag == "mixed":
        return node[1] + node[2]
    if tag == "pow":
        base, exponent = _exact(node[1]), _exact(node[2])
        if exponent.denominator != 1:
            raise _NotRational
        if base == 0 and exponent < 0:
            raise ParseError("division by zero")
        if base in (0, 1):
            return base
        if base == -1:
            return Fraction(-1 if exponent.numerator % 2 else 1)
        size = max(log10_of_int(base.numerator), log10_of_int(base.denominator))
        check_integer_power(size, exponent.numerator)
        return base**exponent.numerator
    if tag == "fact":
        n = _exact(node[1])
        if n.denominator != 1 or n < 0:
            raise _NotRational
        if n > MAX_FACTORIAL:
            raise BudgetExceeded("factorial beyond the budget")
        return Fraction(math.factorial(int(n)))
    if tag == "binom":
        n, k = _exact(node[1]), _exact(node[2])
        if n.denominator != 1 or k.denominator != 1 or n < 0:
            raise _NotRational
        if n > MAX_FACTORIAL * 5:
            raise BudgetExceeded("binomial beyond the budget")
        return Fraction(math.comb(int(n), int(k)) if 0 <= k <= n else 0)
    raise _NotRational


# -- sympy path -------------------------------------------------------------------------------
def _functions() -> dict[str, Any]:
    return {
        "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "cot": sp.cot, "sec": sp.sec,
        "csc": sp.csc, "arcsin": sp.asin, "arccos": sp.acos, "arctan": sp.atan,
        "sinh": sp.sinh, "cosh": sp.cosh, "tanh": sp.tanh, "ln": sp.log, "log": sp.log,
        "exp": sp.exp,
    }


_INVERSE = {"sin": "arcsin", "cos": "arccos", "tan": "arctan"}


def _magnitude(value: Any) -> float:
    """log10 of |value| for a constant sympy number (cheap, low precision), -inf for 0."""
    if value.is_Rational:
        if value == 0:
            return -math.inf
        return log10_of_int(int(value.p)) - log10_of_int(int(value.q))
    approx = sp.N(value, 15)
    if not approx.is_number or approx.has(sp.nan, sp.zoo) or approx.is_infinite:
        raise ParseError("undefined value")
    real, imag = (sp.Float(part, 15) for part in approx.as_real_imag())
    size = mpmath.hypot(mpmath.mpmathify(real), mpmath.mpmathify(imag))
    if size == 0:
        return -math.inf
    return float(mpmath.log10(size))


def to_sympy(node: Node) -> Any:
    """Build the sympy value of a scalar AST under the budgets."""
    tag = node[0]
    if tag == "num":
        v = node[1]
        return sp.Rational(v.numerator, v.denominator)
    if tag == "mixed":
        v = node[1] + node[2]
        return sp.Rational(v.numerator, v.denominator)
    if tag == "sym":
        name = node[1]
        if name == "e":
            return sp.E
        if name == "i":
            return sp.I
        return sp.Symbol(name)
    if tag == "const":
        if node[1] == "pi":
            return sp.pi
        if node[1] == "oo":
            return sp.oo
        raise ParseError("a set where a number was expected")
    value = exact(node)
    if value is not None:
        return sp.Rational(value.numerator, value.denominator)
    if tag == "neg":
        return -to_sympy(node[1])
    if tag == "add":
        return sp.Add(*[to_sympy(t) for t in node[1]])
    if tag == "mul":
        return sp.Mul(*[to_sympy(t) for t in node[1]])
    if tag == "div":
        top, bottom = to_sympy(node[1]), to_sympy(node[2])
        if bottom == 0:
            raise ParseError("division by zero")
        return top / bottom
    if tag == "pow":
        if _has_special(node[2]):
            raise ParseError("a factorial or binomial in an exponent is not an answer")
        if not _integer_node(node[2]):
            _check_radicand(node[1])
        return _power(to_sympy(node[1]), to_sympy(node[2]))
    if tag == "sqrt":
        _check_radicand(node[1])
        arg = to_sympy(node[1])
        index = sp.Integer(2) if node[2] is None else to_sympy(node[2])
        if not (index.is_Integer and 2 <= index <= 100):
            raise ParseError("unsupported root index")
        return _power(arg, 1 / index)
    if tag == "fact":
        _require_plain(node[1], "factorial")
        arg = to_sympy(node[1])
        if arg.is_number:
            raise ParseError("factorial of a non-integer")
        return sp.factorial(arg)
    if tag == "binom":
        _require_plain(node[1], "binomial")
        _require_plain(node[2], "binomial")
        n, k = to_sympy(node[1]), to_sympy(node[2])
        if n.is_number and k.is_number:
            raise ParseError("binomial of non-integers")
        return sp.binomial(n, k)
    if tag in ("abs", "floor", "ceil", "func"):
        for child in node[1:]:
            if isinstance(child, tuple) and _has_special(child):
                raise ParseError("a factorial or binomial inside a function is not an answer")
    if tag in ("abs", "floor", "ceil"):
        # Unevaluated: sympy's eager evaluation splits complex constants into real and
        # imaginary parts, which took seconds on |\sqrt{\sqrt{i}^{27} - \sin 101}|.
        # Numeric comparison and probing evaluate them instead.
        function = {"abs": sp.Abs, "floor": sp.floor, "ceil": sp.ceiling}[tag]
        return function(_scalar(node[1]), evaluate=False)
    if tag == "func":
        return _function(node)
    raise ParseError("not a single value")


_PLAIN_TAGS = frozenset({"num", "mixed", "sym", "add", "neg", "mul", "div", "pow"})
#: Digits of a radicand sympy may see: it tries to factor radicands to simplify roots.
MAX_RADICAND_DIGITS = 60


def _children(node: Node) -> list[Node]:
    if node[0] in ("add", "mul"):
        return list(node[1])
    return [c for c in node[1:] if isinstance(c, tuple)]


def _require_plain(node: Node, what: str) -> None:
    """Factorials and binomials take plain algebra: sympy's gamma machinery can run
    `simplify` on anything richer while merely asking whether the value is real."""
    if node[0] not in _PLAIN_TAGS or (node[0] == "sym" and node[1] in ("e", "i")):
        raise ParseError(f"a {what} of something other than plain algebra")
    for child in _children(node):
        _require_plain(child, what)


def _has_special(node: Node) -> bool:
    return node[0] in ("fact", "binom") or any(_has_special(c) for c in _children(node))


def _integer_node(node: Node) -> bool:
    if node[0] == "neg":
        return _integer_node(node[1])
    return node[0] == "num" and node[1].denominator == 1


def _check_radicand(node: Node) -> None:
    """No huge numerals under a root: sympy would try to factor them."""
    if _has_special(node):
        raise ParseError("a factorial or binomial under a root is not an answer")
    value = exact(node)
    if value is not None and max(digits_of_int(value.numerator),
                                 digits_of_int(value.denominator)) > MAX_RADICAND_DIGITS:
        raise BudgetExceeded("radicand beyond the budget")
    for child in _children(node):
        if child[0] == "num" and digits_of_int(child[1].numerator) > MAX_RADICAND_DIGITS:
            raise BudgetExceeded("radicand beyond the budget")


def exp_tower(value: Any) -> int:
    """Height of the tallest tower of exponentials with a variable exponent in `value`."""
    if not value.args or not value.free_symbols:
        return 0
    below = max(exp_tower(arg) for arg in value.args)
    if isinstance(value, sp.exp) or (value.is_Pow and value.exp.free_symbols) or (
            isinstance(value, Root) and value.args[1].free_symbols):
        return below + 1
    return below


def _scalar(node: Node) -> Any:
    if not is_scalar(node):
        raise ParseError("not a single value")
    return to_sympy(node)


def _function(node: Node) -> Any:
    _, name, arg_node, power_node, base_node = node
    arg = _scalar(arg_node)
    power = to_sympy(power_node) if power_node is not None else None
    if power == -1 and name in _INVERSE:
        name, power = _INVERSE[name], None
    if arg.is_number:
        size = _magnitude(arg)
        if name == "exp" and size > 4:
            raise BudgetExceeded("exponential beyond the budget")
        if name not in ("exp", "ln", "log") and size > 6:
            raise BudgetExceeded("function argument beyond the budget")
    if name == "log" and base_node is not None:
        value = sp.log(arg, _scalar(base_node))
    else:
        value = _functions()[name](arg)
    if arg.free_symbols and exp_tower(value) > MAX_EXP_TOWER:
        raise BudgetExceeded("tower of exponentials beyond the budget")
    return _power(value, power) if power is not None else value


class Root(sp.Function):
    """`base**exponent` for a variable base and a non-integer or variable exponent, kept opaque.

    sympy's `Pow` re-runs its branch analysis whenever a sum or product containing it is
    flattened (expanding `x^{99}` to decide the sign of `(x^{99})^{e/2}` took 1.5 s), and an
    `evaluate=False` flag does not survive that. This function never evaluates; probing
    computes it as a power, and two identical roots still compare equal structurally.
    """

    nargs = 2

    @classmethod
    def eval(cls, base: Any, exponent: Any) -> None:
        return None


def _power(base: Any, exponent: Any) -> Any:
    if exponent.free_symbols:
        if base.is_number and abs(_magnitude(base)) > MAX_DIGITS:
            raise BudgetExceeded("power beyond the budget")
        value = Root(base, exponent) if base.free_symbols else sp.Pow(base, exponent)
        if exp_tower(value) > MAX_EXP_TOWER:
            raise BudgetExceeded("tower of exponentials beyond the budget")
        return value
    if base == 0 and (exponent.is_negative or exponent == 0):
        raise ParseError("undefined power of zero")
    if base.free_symbols:
        if exponent.is_Integer and abs(exponent) <= MAX_SYMBOLIC_EXPONENT:
            return sp.Pow(base, exponent)
        if exponent.is_Rational and abs(exponent) <= MAX_SYMBOLIC_EXPONENT:
            return Root(base, exponent)
        if not exponent.is_Rational and abs(_magnitude(exponent)) <= 2:
            return Root(base, exponent)
        raise BudgetExceeded("exponent beyond the budget")
    if base.is_Rational and exponent.is_Rational:
        size = max(log10_of_int(int(base.p)), log10_of_int(int(base.q)))
        check_integer_power(size, int(exponent.p))
        if exponent.q > 100:
            raise BudgetExceeded("root index beyond the budget")
        return sp.Pow(base, exponent)
    if exponent.is_Integer:
        if abs(exponent) > MAX_CONSTANT_EXPONENT:
            raise BudgetExceeded("exponent beyond the budget")
        check_log_magnitude(abs(_magnitude(base)) * abs(int(exponent)))
        return sp.Pow(base, exponent)
    size = _magnitude(exponent)
    if size > math.log10(MAX_REAL_EXPONENT):
        raise BudgetExceeded("exponent beyond the budget")
    check_log_magnitude(abs(_magnitude(base)) * 10**size)
    return sp.Pow(base, exponent)
