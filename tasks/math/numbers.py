"""Number sense: decimal arithmetic, order of operations with powers, and percentages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction

from verticals.tasks.math.common import MathFamily, Problem, nonzero
from verticals.tasks.math.latex import decimal, frac

EXACT_NUMBER = "Give the exact number, as a decimal or as a fraction in lowest terms."
PERCENT_FORM = (
    "Give the percentage without the % sign, as an exact decimal or a fraction in lowest terms."
)


def _dec(rng: random.Random, places: int, low: int, high: int) -> Fraction:
    """A decimal with exactly `places` places (last digit nonzero) between low and high."""
    scale = 10**places
    while True:
        value = Fraction(rng.randint(low * scale, high * scale), scale)
        if places == 0 or (value * scale) % 10:
            return value


class Decimals(MathFamily):
    """Decimal arithmetic (add, multiply, divide, mixed), then repeating decimals as fractions."""

    name = "math/decimals"
    tags = ("arithmetic",)
    family = "decimals"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            a, b = _dec(rng, 1, 1, 99), _dec(rng, 1, 1, 99)
            op = rng.choice("+-")
            value = a + b if op == "+" else a - b
            text = f"{decimal(a)} {op} {decimal(b)}"
        elif difficulty == 2:
            a, b = _dec(rng, rng.randint(1, 2), 1, 30), _dec(rng, 1, 1, 20)
            value, text = a * b, f"{decimal(a)} \\times {decimal(b)}"
        elif difficulty == 3:
            quotient, divisor = _dec(rng, 2, 1, 60), _dec(rng, 1, 1, 9)
            value, text = quotient, f"{decimal(quotient * divisor)} \\div {decimal(divisor)}"
        elif difficulty == 4:
            a, b = _dec(rng, 2, 1, 50), _dec(rng, 1, 1, 50)
            c, d = _dec(rng, 1, 1, 9), _dec(rng, 2, 1, 20)
            value = (a + b) * c - d
            text = f"({decimal(a)} + {decimal(b)}) \\times {decimal(c)} - {decimal(d)}"
        else:
            return self._repeating(rng)
        return Problem(
            question=f"Compute $${text}$$",
            answer=decimal(value),
            kind="rational",
            form="Give the exact result as a decimal.",
            solution=f"${text} = {decimal(value)}$.",
            facts={"value": value, "expression": text},
            details={"operation": text.split()[1] if difficulty < 4 else "mixed"},
        )

    @staticmethod
    def _repeating(rng: random.Random) -> Problem:
        prefix_len, period = rng.choice([(0, 2), (1, 1), (1, 2), (0, 3), (2, 1)])
        while True:
            prefix = "".join(str(rng.randint(0, 9)) for _ in range(prefix_len))
            block = "".join(str(rng.randint(0, 9)) for _ in range(period))
            if len(set(block)) > 1 or (period == 1 and block not in "09"):
                break
        whole = rng.randint(0, 3)
        # x = whole.prefix(block)...: shift so the block repeats from the point.
        fixed = int(f"{whole}{prefix}") if prefix else whole
        repeating = int(f"{whole}{prefix}{block}")
        value = Fraction(repeating - fixed, (10**period - 1) * 10**prefix_len)
        shown = f"{whole}.{prefix}\\overline{{{block}}}"
        return Problem(
            question=f"Write the repeating decimal $${shown}$$ as a fraction.",
            answer=frac(value),
            kind="rational",
            form="Give the fraction in lowest terms.",
            required_form="fraction",  # the repeating decimal itself is equal in value
            solution=(
                f"Multiplying by $10^{{{prefix_len + period}}}$ and $10^{{{prefix_len}}}$ and "
                f"subtracting gives $\\frac{{{repeating - fixed}}}"
                f"{{{(10**period - 1) * 10**prefix_len}}} = {frac(value)}$."
            ),
            facts={"value": value, "whole": whole, "prefix": prefix, "block": block},
            details={"operation": "repeating"},
        )


@dataclass(frozen=True)
class Node:
    latex: str
    value: int
    precedence: int  # 1: + -, 2: × ÷, 3: power, 4: atom


OOO_LEVELS = {
    # operands, largest leaf, operators, powers allowed, negatives allowed
    1: (3, 12, "+-*", False, False),
    2: (4, 20, "+-*/", False, False),
    3: (4, 12, "+-*/", True, False),
    4: (5, 15, "+-*/", True, True),
    5: (7, 15, "+-*/", True, True),
}
SYMBOLS = {"+": "+", "-": "-", "*": "\\times", "/": "\\div"}


def _paren(node: Node, depth: int) -> Node:
    brackets = ("(", ")") if depth % 2 == 0 else ("[", "]")
    return Node(f"{brackets[0]}{node.latex}{brackets[1]}", node.value, 4)


class OrderOfOperations(MathFamily):
    """Evaluate integer expressions with brackets, powers and division (PEMDAS)."""

    name = "math/order-of-operations"
    tags = ("arithmetic",)
    family = "order-of-operations"

    def _leaf(self, rng: random.Random, top: int, negatives: bool) -> Node:
        value = rng.randint(1, top)
        if negatives and rng.random() < 0.25:
            return Node(f"({-value})", -value, 4)
        return Node(str(value), value, 4)

    def _tree(self, rng: random.Random, size: int, level: tuple, depth: int) -> Node:
        _, top, ops, powers, negatives = level
        if size == 1:
            leaf = self._leaf(rng, top, negatives)
            if powers and rng.random() < 0.3:
                exponent = rng.choice([2, 2, 3])
                base = Node(str(rng.randint(2, 5)), 0, 4) if exponent == 3 else leaf
                base_value = int(base.latex) if exponent == 3 else leaf.value
                return Node(f"{base.latex}^{exponent}", base_value**exponent, 3)
            return leaf
        split = rng.randint(1, size - 1)
        right = self._tree(rng, size - split, level, depth + 1)
        op = rng.choice(ops)
        if op == "/" and right.value != 0 and abs(right.value) <= 30:
            quotient = nonzero(rng, -top if negatives else 1, top)
            left_value = quotient * right.value
            text = f"({left_value})" if left_value < 0 else str(left_value)
            left = Node(text, left_value, 4)
        else:
            op = rng.choice([o for o in ops if o != "/"])
            left = self._tree(rng, split, level, depth + 1)
        prec = 1 if op in "+-" else 2
        if left.precedence < prec:
            left = _paren(left, depth)
        if right.precedence < prec or (right.precedence == prec and op in "-/"):
            right = _paren(right, depth)
        if op == "/" and right.precedence == 3:
            right = _paren(right, depth)
        value = {
            "+": left.value + right.value,
            "-": left.value - right.value,
            "*": left.value * right.value,
            "/": left.value // right.value if right.value else 0,
        }[op]
        node = Node(f"{left.latex} {SYMBOLS[op]} {right.latex}", value, prec)
        if powers and depth > 0 and op in "+-" and abs(value) <= 6 and rng.random() < 0.4:
            squared = _paren(node, depth)
            return Node(f"{squared.latex}^2", value**2, 3)
        return node

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        level = OOO_LEVELS[difficulty]
        while True:
            node = self._tree(rng, level[0], level, 0)
            if abs(node.value) <= 10**5 and node.precedence < 4:
                break
        return Problem(
            question=f"Evaluate, following the order of operations: $${node.latex}$$",
            answer=str(node.value),
            kind="integer",
            form="Give the result as an integer.",
            solution=f"${node.latex} = {node.value}$.",
            facts={"value": node.value, "expression": node.latex},
            details={"operands": level[0]},
        )


class Percentages(MathFamily):
    """Percent of a number, percent of what, percent change, successive changes, reverse
    percentages."""

    name = "math/percentages"
    tags = ("arithmetic",)
    family = "percentages"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        kind = "rational"
        if difficulty == 1:
            # Never "p% of 100": its answer would be the question's own "p%".
            bases = [*range(20, 100, 20), *range(120, 401, 20)]
            p, n = rng.choice(range(5, 100, 5)), rng.choice(bases)
            value = Fraction(p * n, 100)
            question = f"What is ${p}\\%$ of ${n}$?"
            form = EXACT_NUMBER
            facts = {"percent": p, "of": n}
            solution = (
                f"${p}\\% \\times {n} = \\frac{{{p}}}{{100}} \\times {n} = {decimal(value)}$."
            )
        elif difficulty == 2:
            whole = rng.choice(range(8, 201, 4))
            part = rng.randint(1, whole - 1)
            value = Fraction(100 * part, whole)
            question = f"What percent of ${whole}$ is ${part}$?"
            form = PERCENT_FORM
            facts = {"part": part, "whole": whole}
            solution = f"$\\frac{{{part}}}{{{whole}}} \\times 100 = {decimal(value)}$."
        elif difficulty == 3:
            old = rng.choice(range(20, 501, 5))
            change = rng.choice(range(5, 80, 5)) * rng.choice([1, -1])
            new = old + Fraction(old * change, 100)
            if new.denominator != 1:
                new = Fraction(round(new))
            value = abs(Fraction(100 * (new - old), old))
            direction = "increase" if new > old else "decrease"
            question = (
                f"A price changes from ${old}$ dollars to ${decimal(new)}$ dollars. "
                f"By what percent does it {direction}?"
            )
            form = PERCENT_FORM
            facts = {"old": old, "new": new}
            solution = (
                f"$\\frac{{|{decimal(new)} - {old}|}}{{{old}}} \\times 100 = {decimal(value)}$."
            )
        elif difficulty == 4:
            up, down = rng.choice(range(5, 60, 5)), rng.choice(range(5, 60, 5))
            value = (Fraction(100 + up, 100) * Fraction(100 - down, 100) - 1) * 100
            question = (
                f"A quantity is increased by ${up}\\%$ and the result is then decreased "
                f"by ${down}\\%$. What is the overall percent change?"
            )
            form = PERCENT_FORM + " Use a negative number for a net decrease."
            facts = {"up": up, "down": down}
            solution = (
                f"$(1 + {up}/100)(1 - {down}/100) - 1 = {decimal(value / 100)}$, "
                f"a change of ${decimal(value)}\\%$."
            )
        else:
            discount, tax = rng.choice(range(5, 55, 5)), rng.choice([5, 6, 8, 10, 12, 15])
            original = Fraction(20 * rng.randint(2, 40))  # so the final price is in cents
            final = original * Fraction(100 - discount, 100) * Fraction(100 + tax, 100)
            value = original
            question = (
                f"A jacket is discounted by ${discount}\\%$, and then a sales tax of "
                f"${tax}\\%$ is added to the discounted price. It costs ${decimal(final)}$ "
                "dollars. What was "
                "its original price, in dollars?"
            )
            form = EXACT_NUMBER
            facts = {"discount": discount, "tax": tax, "final": final}
            solution = (
                f"Original $= \\frac{{{decimal(final)}}}{{{decimal(Fraction(100 - discount, 100))}"
                f" \\times {decimal(Fraction(100 + tax, 100))}}} = {decimal(value)}$."
            )
        return Problem(
            question=question,
            answer=decimal(value),
            kind=kind,
            form=form,
            solution=solution,
            facts={"value": value, **facts},
        )
