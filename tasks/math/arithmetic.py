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

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.math.calculator import format_fraction
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
ATOM = 3  # precedence of a number or a parenthesised group

ANSWER_INSTRUCTIONS = (
    "Give the exact result as an integer or a fraction in lowest terms, "
    "and put your final answer in \\boxed{}."
)

#: A rendered expression: (LaTeX, exact value, precedence of its top operator). Plain
#: tuples, because this is the hot path of the fastest env in the suite.
Expr = tuple[str, int | Fraction, int]


def randint(rng: random.Random, low: int, high: int) -> int:
    """`rng.randint` at half the cost; identical on every machine (IEEE doubles)."""
    return low + int(rng.random() * (high - low + 1))


def _operand(rng: random.Random, level: Level) -> Expr:
    if level.fractions and rng.random() < 0.5:
        value = Fraction(randint(rng, 1, level.max_value), randint(rng, 2, level.max_value))
        if value.denominator != 1:
            latex = f"\\frac{{{value.numerator}}}{{{value.denominator}}}"
            if level.negatives and rng.random() < 0.3:
                return f"\\left(-{latex}\\right)", -value, ATOM
            return latex, value, ATOM
    number = randint(rng, 1, level.max_value)
    if level.negatives and rng.random() < 0.3:
        return f"({-number})", -number, ATOM
    return str(number), number, ATOM


def _parenthesise(expr: Expr, parent: int, right_side: bool, op: str) -> str:
    """A child keeps its text unless its operator binds less tightly than its parent's."""
    latex, _, precedence = expr
    if precedence > parent or (precedence == parent and not (right_side and op in "-/")):
        return latex
    return f"\\left({latex}\\right)"


def _apply(op: str, left: int | Fraction, right: int | Fraction) -> int | Fraction:
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return Fraction(left) / right


def _expression(rng: random.Random, level: Level, operands: int) -> Expr:
    if operands == 1:
        return _operand(rng, level)
    split = randint(rng, 1, operands - 1)
    left = _expression(rng, level, split)
    right = _expression(rng, level, operands - split)
    op = level.operators[int(rng.random() * len(level.operators))]
    if op == "/" and right[1] == 0:
        op = "*"
    precedence = PRECEDENCE[op]
    latex = (
        f"{_parenthesise(left, precedence, False, op)} {SYMBOL[op]} "
        f"{_parenthesise(right, precedence, True, op)}"
    )
    return latex, _apply(op, left[1], right[1]), precedence


def format_value(value: int | Fraction) -> str:
    if isinstance(value, int):
        return str(value)
    return format_fraction(value)


def oracle_answer(value: int | Fraction) -> str:
    return f"The value of the expression is \\boxed{{{format_value(value)}}}."


class ArithmeticConfig(DifficultyConfig):
    pass


class ArithmeticGenerator(Generator[ArithmeticConfig]):
    """Integer and fraction arithmetic with order of operations."""

    name = "math/arithmetic"
    tags = ("arithmetic",)
    version = "1"
    Config = ArithmeticConfig

    def generate(self, rng: random.Random, config: ArithmeticConfig) -> Draft:
        level = LEVELS[config.difficulty]
        latex, value, _ = _expression(rng, level, level.operands)
        return Draft(
            prompt=f"Compute the value of\n\n$$ {latex} $$\n\n{ANSWER_INSTRUCTIONS}",
            reference={"answer": format_value(value), "kind": "rational"},
            oracle=[oracle_answer(value)],
            metadata={"family": "arithmetic", "difficulty": config.difficulty},
        )


CHAIN_STEPS = {1: 3, 2: 4, 3: 6, 4: 8, 5: 12}
CHAIN_DIGITS = {1: 3, 2: 4, 3: 5, 4: 6, 5: 7}


class CalculatorConfig(DifficultyConfig):
    """Chains whose length and operand size grow with difficulty."""

    steps: int | None = Field(
        default=None, ge=1, le=50, description="Chain length; default set by difficulty."
    )


class CalculatorChainGenerator(Generator[CalculatorConfig]):
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
            current = format_fraction(value)
            if "/" in current:
                current = f"({current})"
            expression = f"{current} {PLAIN[op]} {operand}"
            value = Fraction(_apply(op, value, operand))
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
            reference={"answer": format_fraction(value), "kind": "rational"},
            oracle=oracle,
            metadata={"family": "calculator-chain", "difficulty": config.difficulty,
                      "steps": steps},
        )
