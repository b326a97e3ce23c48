"""A safe exact calculator: arithmetic on rationals by walking Python's AST, never `eval`.

It admits numbers, + - * / // % **, unary signs and parentheses, and nothing else: no
names, calls, attributes or subscripts. Results stay exact (`fractions.Fraction`), and
every operation is bounded so that input such as `9**9**9**9` fails fast instead of
eating the machine.
"""

from __future__ import annotations

import ast
from fractions import Fraction

MAX_EXPRESSION_CHARS = 2_000
MAX_RESULT_DIGITS = 2_000
MAX_EXPONENT = 10_000
MAX_DEPTH = 64


class CalculatorError(ValueError):
    """The expression is not one the calculator accepts, or its value is out of bounds."""


def _digits(value: Fraction) -> int:
    return max(abs(value.numerator).bit_length(), value.denominator.bit_length()) * 30103 // 100000


def _checked(value: Fraction) -> Fraction:
    if _digits(value) > MAX_RESULT_DIGITS:
        raise CalculatorError(f"result has more than {MAX_RESULT_DIGITS} digits")
    return value


def _power(base: Fraction, exponent: Fraction) -> Fraction:
    if exponent.denominator != 1:
        raise CalculatorError("only whole-number exponents are exact")
    if abs(exponent) > MAX_EXPONENT:
        raise CalculatorError(f"exponent beyond ±{MAX_EXPONENT}")
    if base == 0 and exponent < 0:
        raise CalculatorError("division by zero")
    bits = max(abs(base.numerator).bit_length(), base.denominator.bit_length())
    if bits * abs(int(exponent)) > MAX_RESULT_DIGITS * 3.33:
        raise CalculatorError(f"result has more than {MAX_RESULT_DIGITS} digits")
    return base ** int(exponent)


def _divide(left: Fraction, right: Fraction) -> Fraction:
    if right == 0:
        raise CalculatorError("division by zero")
    return left / right


_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: _divide,
    ast.FloorDiv: lambda a, b: Fraction(_divide(a, b).__floor__()),
    ast.Mod: lambda a, b: a - b * Fraction(_divide(a, b).__floor__()),
    ast.Pow: _power,
}


def _evaluate(node: ast.AST, depth: int) -> Fraction:
    if depth > MAX_DEPTH:
        raise CalculatorError("expression is nested too deeply")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return _checked(Fraction(str(node.value)) if isinstance(node.value, float)
                        else Fraction(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.UAdd | ast.USub):
        value = _evaluate(node.operand, depth + 1)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left = _evaluate(node.left, depth + 1)
        right = _evaluate(node.right, depth + 1)
        return _checked(_BINARY[type(node.op)](left, right))
    raise CalculatorError(
        f"unsupported element '{type(node).__name__}': use numbers and + - * / ** ( )"
    )


def evaluate(expression: str) -> Fraction:
    """The exact value of an arithmetic expression; raises CalculatorError otherwise."""
    if not isinstance(expression, str):
        raise CalculatorError("expression must be a string")
    if len(expression) > MAX_EXPRESSION_CHARS:
        raise CalculatorError(f"expression longer than {MAX_EXPRESSION_CHARS} characters")
    text = expression.replace("^", "**").replace("×", "*").replace("÷", "/").replace("−", "-")
    text = text.replace(",", "").strip()
    if not text:
        raise CalculatorError("empty expression")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError) as exc:
        raise CalculatorError(f"cannot parse the expression ({exc.__class__.__name__})") from None
    try:
        return _evaluate(tree.body, 0)
    except RecursionError:
        raise CalculatorError("expression is nested too deeply") from None


def format_fraction(value: Fraction) -> str:
    """`7`, `-3/4`: the canonical text of an exact value."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{value.numerator}/{value.denominator}"
