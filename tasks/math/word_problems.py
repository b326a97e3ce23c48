"""Word problems rendered from templates: shopping, travel, work rates, mixtures, ages, interest.

Each template draws its numbers so that the answer is exact (a terminating decimal or a
small fraction), and names the unit the answer is given in.
"""

from __future__ import annotations

import random
from fractions import Fraction

from verticals.tasks.math.common import MathFamily, Problem
from verticals.tasks.math.latex import decimal, frac

NAMES = [
    "Ana",
    "Ben",
    "Chen",
    "Dara",
    "Eli",
    "Fatima",
    "Goran",
    "Hana",
    "Ivan",
    "Jia",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Omar",
    "Priya",
]
ITEMS = [
    ("notebook", "notebooks"),
    ("pen", "pens"),
    ("apple", "apples"),
    ("ticket", "tickets"),
    ("mug", "mugs"),
    ("sticker", "stickers"),
]
FORM = "Give only the number, as an integer, an exact decimal or a fraction in lowest terms."


def _money(value: Fraction) -> str:
    return f"\\${decimal(value)}" if value.denominator == 1 else f"\\${float(value):.2f}"


class WordProblems(MathFamily):
    """Templated word problems: change, average speed, work rates, mixtures, ages, compound
    interest."""

    name = "math/word-problems"
    tags = ("word-problems",)
    family = "word-problems"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        first, second = rng.sample(NAMES, 2)
        if difficulty == 1:
            (_, many_a), (_, many_b) = rng.sample(ITEMS, 2)
            n, m = rng.randint(2, 9), rng.randint(2, 9)
            price_a, price_b = Fraction(rng.randint(5, 40), 4), Fraction(rng.randint(2, 20), 2)
            cost = n * price_a + m * price_b
            paid = Fraction((int(cost) // 20 + 1) * 20)
            value = paid - cost
            question = (
                f"{first} buys {n} {many_a} at {_money(price_a)} each and {m} {many_b} "
                f"at {_money(price_b)} each, and pays with {_money(paid)}. How much "
                "change, in dollars, does {first} get?"
            ).replace("{first}", first)
            facts = {"template": "change", "paid": paid, "items": [(n, price_a), (m, price_b)]}
            solution = (
                f"Cost $= {decimal(cost)}$, change "
                f"$= {decimal(paid)} - {decimal(cost)} = {decimal(value)}$."
            )
        elif difficulty == 2:
            d1, d2 = rng.randint(2, 12) * 10, rng.randint(2, 12) * 10
            v1, v2 = rng.choice([40, 50, 60, 80]), rng.choice([30, 45, 60, 90, 120])
            time = Fraction(d1, v1) + Fraction(d2, v2)
            value = (d1 + d2) / time
            question = (
                f"{first} drives {d1} km at {v1} km/h and then {d2} km at {v2} km/h. What "
                "is the average speed for the whole trip, in km/h?"
            )
            facts = {"template": "average-speed", "legs": [(d1, v1), (d2, v2)]}
            solution = (
                f"Total time $= \\frac{{{d1}}}{{{v1}}} + \\frac{{{d2}}}{{{v2}}}$ hours; "
                f"average $= {d1 + d2} / $ time $= {decimal(value)}$."
            )
        elif difficulty == 3:
            a, b = rng.sample(range(2, 13), 2)
            c = rng.choice([None, rng.randint(3, 15)])
            rates = [Fraction(1, a), Fraction(1, b)] + ([Fraction(1, c)] if c else [])
            value = 1 / sum(rates)
            extra = f", and a third worker alone in {c} hours" if c else ""
            who = "all three" if c else "both"
            question = (
                f"{first} can paint a fence alone in {a} hours and {second} alone in {b} "
                f"hours{extra}. Working together at these rates, how many hours do "
                f"{who} need to paint the fence?"
            )
            facts = {"template": "work", "hours": [h for h in (a, b, c) if h]}
            solution = (
                f"Combined rate $= {decimal(sum(rates))}$ fence per hour, "
                f"so time $= {decimal(value)}$."
            )
        elif difficulty == 4:
            v1, p1 = rng.randint(2, 12), rng.choice([5, 10, 15, 20, 25, 30])
            p2 = rng.choice([p for p in (40, 50, 60, 70, 80) if p > p1])
            target = rng.choice([t for t in range(p1 + 5, p2, 5)])
            # v1·p1 + x·p2 = (v1 + x)·target
            value = Fraction(v1 * (target - p1), p2 - target)
            question = (
                f"A chemist has {v1} litres of a {p1}% acid solution. How many litres of "
                f"a {p2}% acid solution must be added to obtain a {target}% solution?"
            )
            facts = {"template": "mixture", "v1": v1, "p1": p1, "p2": p2, "target": target}
            solution = (
                f"${v1} \\cdot {p1} + {p2}x = {target}({v1} + x)$ gives $x = {decimal(value)}$."
            )
        else:
            if rng.random() < 0.5:
                child = rng.randint(4, 15)
                k = rng.randint(2, 5)
                parent = k * child
                years = rng.randint(2, 20)
                ratio = Fraction(parent + years, child + years)
                question = (
                    f"{first} is {k} times as old as {second}. In {years} years, {first} "
                    f"will be ${frac(ratio)}$ times as old as {second}. How old is "
                    f"{second} now, in years?"
                )
                value = Fraction(child)
                facts = {"template": "ages", "k": k, "years": years, "ratio": ratio}
                solution = (
                    f"With {second}'s age $a$: ${k}a + {years} = {frac(ratio)}(a + "
                    f"{years})$, so $a = {child}$."
                )
            else:
                principal = rng.choice([1000, 2000, 2500, 4000, 5000, 8000, 10000])
                rate, years = rng.choice([2, 4, 5, 10]), rng.randint(2, 4)
                value = principal * Fraction(100 + rate, 100) ** years
                question = (
                    f"{first} deposits \\${principal} in an account paying {rate}% "
                    f"interest per year, compounded yearly. What is the balance after "
                    f"{years} years, in dollars? (Give the exact amount, not rounded.)"
                )
                facts = {
                    "template": "interest",
                    "principal": principal,
                    "rate": rate,
                    "years": years,
                }
                solution = f"${principal}(1 + {rate}/100)^{years} = {decimal(value)}$."
        return Problem(
            question=question,
            answer=decimal(value),
            kind="rational",
            form=FORM,
            solution=solution,
            facts={**facts, "value": value},
            details={"template": facts["template"]},
        )
