"""Integer and fraction arithmetic, graded 1-5, and long chains for the calculator env.

Expressions are random binary trees over +, -, × and ÷; values are exact rationals. The
difficulty sets how many operands, how large they are, which operators appear, and
whether fractions and negatives do.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from pydantic import Field

from verticals.calculator import format_fraction
from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.toolcalls import format_text_call


@dataclass(frozen=True)
class Level:
    operands: int
    max_value: int
    operators: str
    fractions: bool
    negatives: bool


LEVELS = {
    1: Level(operands=2, max_value=20, operators="+-", fractions=False, negatives=False),
    2: Level(operands=3, max_value=100, operators="+-*", fractions=False, negatives=False),
    3: Level(operands=4, max_value=1000, operators="+-*", fractions=False, negatives=True),
    4: Level(operands=4, max_value=12, operators="+-*/", fractions=True, negatives=False),
    5: Level(operands=6, max_value=50, operators="+-*/", fractions=True, negatives=True),
}

PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}
SYMBOL = {"+": "+", "-": "-", "*": "\\times", "/": "\\div"}
PLAIN = {"+": "+", "-": "-", "*": "*", "/": "/"}

ANSWER_INSTRUCTIONS = (
    "Give the exact result as an integer or a fraction in lowest terms, "
    "and put your final answer in \\boxed{}."
)


@dataclass(frozen=True)
class Expr:
    """A rendered expression with its exact value and the precedence of its top operator."""

    latex: str
    plain: str
    value: Fraction
    precedence: int


def _operand(rng: random.Random, level: Level) -> Expr:
    if level.fractions and rng.random() < 0.5:
        denominator = rng.randint(2, level.max_value)
        numerator = rng.randint(1, level.max_value)
        value = Fraction(numerator, denominator)
        if value.denominator != 1:
            sign = -1 if level.negatives and rng.random() < 0.3 else 1
            value *= sign
            latex = f"\\frac{{{abs(value.numerator)}}}{{{value.denominator}}}"
            plain = f"{abs(value.numerator)}/{value.denominator}"
            if sign < 0:
                return Expr(f"\\left(-{latex}\\right)", f"(-{plain})", value, 3)
            return Expr(latex, f"({plain})", value, 3)
    number = rng.randint(1, level.max_value)
    if level.negatives and rng.random() < 0.3:
        return Expr(f"({-number})", f"({-number})", Fraction(-number), 3)
    return Expr(str(number), str(number), Fraction(number), 3)


def _wrap(expr: Expr, needed: int, right_side: bool, op: str) -> Expr:
    """Parenthesise a child whose operator binds less tightly than its parent's."""
    tighter = expr.precedence > needed or (
        expr.precedence == needed and not (right_side and op in "-/")
    )
    if tighter:
        return expr
    return Expr(f"\\left({expr.latex}\\right)", f"({expr.plain})", expr.value, 3)


def _combine(op: str, left: Expr, right: Expr) -> Expr:
    precedence = PRECEDENCE[op]
    left = _wrap(left, precedence, False, op)
    right = _wrap(right, precedence, True, op)
    value = {
        "+": lambda: left.value + right.value,
        "-": lambda: left.value - right.value,
        "*": lambda: left.value * right.value,
        "/": lambda: left.value / right.value,
    }[op]()
    return Expr(
        f"{left.latex} {SYMBOL[op]} {right.latex}",
        f"{left.plain} {PLAIN[op]} {right.plain}",
        value,
        precedence,
    )


def _expression(rng: random.Random, level: Level, operands: int) -> Expr:
    if operands == 1:
        return _operand(rng, level)
    split = rng.randint(1, operands - 1)
    left = _expression(rng, level, split)
    right = _expression(rng, level, operands - split)
    op = rng.choice(level.operators)
    while op == "/" and right.value == 0:
        op = rng.choice(level.operators)
    return _combine(op, left, right)


def oracle_answer(value: Fraction) -> str:
    return f"The value of the expression is \\boxed{{{format_fraction(value)}}}."


class ArithmeticConfig(DifficultyConfig):
    pass


class ArithmeticGenerator(Generator):
    """Integer and fraction arithmetic (`math/arithmetic-v0`)."""

    name = "math/arithmetic"
    version = "1"
    Config = ArithmeticConfig

    def generate(self, rng: random.Random, config: ArithmeticConfig) -> Draft:
        level = LEVELS[config.difficulty]
        expr = _expression(rng, level, level.operands)
        prompt = f"Compute the value of\n\n$$ {expr.latex} $$\n\n{ANSWER_INSTRUCTIONS}"
        answer = format_fraction(expr.value)
        return Draft(
            prompt=prompt,
            reference={"answer": answer},
            oracle=[oracle_answer(expr.value)],
            metadata={"family": "arithmetic", "difficulty": config.difficulty,
                      "expression": expr.plain},
        )


CHAIN_STEPS = {1: 3, 2: 4, 3: 6, 4: 8, 5: 12}
CHAIN_DIGITS = {1: 3, 2: 4, 3: 5, 4: 6, 5: 7}


class CalculatorConfig(DifficultyConfig):
    """Chains whose length and operand size grow with difficulty."""

    steps: int | None = Field(
        default=None, ge=1, le=50, description="Chain length; default set by difficulty."
    )


class CalculatorChainGenerator(Generator):
    """Long arithmetic chains meant to be worked through a calculate() tool."""

    name = "math/calculator-chain"
    version = "1"
    Config = CalculatorConfig

    def generate(self, rng: random.Random, config: CalculatorConfig) -> Draft:
        steps = config.steps or CHAIN_STEPS[config.difficulty]
        digits = CHAIN_DIGITS[config.difficulty]
        start = rng.randint(10 ** (digits - 1), 10**digits - 1)
        value = Fraction(start)
        lines = [f"Start with {start}."]
        oracle = []
        for _ in range(steps):
            op = rng.choice("+-*/" if config.difficulty >= 4 else "+-*")
            operand = rng.randint(2, 10**digits - 1) if op in "+-" else rng.randint(2, 99)
            expression = f"{format_fraction(value)} {PLAIN[op]} {operand}"
            if "/" in format_fraction(value):
                expression = f"({format_fraction(value)}) {PLAIN[op]} {operand}"
            value = {"+": value + operand, "-": value - operand,
                     "*": value * operand, "/": value / operand}[op]
            verb = {"+": "add", "-": "subtract", "*": "multiply by", "/": "divide by"}[op]
            lines.append(f"Then {verb} {operand}.")
            oracle.append(format_text_call("calculate", {"expression": expression}))
        oracle.append(oracle_answer(value))
        prompt = (
            "Work through this chain of operations exactly. You have a `calculate` tool "
            "for arithmetic; call it as often as you like.\n\n"
            + " ".join(lines)
            + f"\n\nWhat is the final result? {ANSWER_INSTRUCTIONS}"
        )
        return Draft(
            prompt=prompt,
            reference={"answer": format_fraction(value)},
            oracle=oracle,
            metadata={"family": "calculator-chain", "difficulty": config.difficulty,
                      "steps": steps},
        )
