"""Counting and probability with exact answers (integers and fractions in lowest terms)."""

from __future__ import annotations

import random
from fractions import Fraction
from math import comb, factorial, perm

from verticals.tasks.math.common import MathFamily, Problem
from verticals.tasks.math.latex import frac

PEOPLE = ["students", "runners", "chess players", "volunteers", "employees", "musicians"]
LETTERS = "ABCDEGKLMNPRST"


class Combinatorics(MathFamily):
    """Permutations, combinations, word arrangements, stars and bars, inclusion-exclusion.

    inclusion-exclusion."""

    name = "math/combinatorics"
    tags = ("combinatorics",)
    family = "combinatorics"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        group = rng.choice(PEOPLE)
        if difficulty == 1:
            n, k = rng.randint(5, 12), rng.randint(2, 3)
            value = perm(n, k)
            question = (
                f"From {n} {group}, in how many ways can {k} be chosen and lined up in "
                "order (first, second, ...)?"
            )
            facts = {"n": n, "k": k, "kind": "perm"}
            solution = f"$P({n}, {k}) = {value}$."
        elif difficulty == 2:
            n, k = rng.randint(8, 20), rng.randint(2, 5)
            value = comb(n, k)
            question = f"In how many ways can a committee of {k} be chosen from {n} {group}?"
            facts = {"n": n, "k": k, "kind": "comb"}
            solution = f"$\\binom{{{n}}}{{{k}}} = {value}$."
        elif difficulty == 3:
            length = rng.randint(5, 8)
            distinct_letters = rng.randint(2, min(4, length - 2))
            letters = rng.sample(LETTERS, distinct_letters)
            word = list(letters) + [rng.choice(letters) for _ in range(length - distinct_letters)]
            rng.shuffle(word)
            text = "".join(word)
            value = factorial(length)
            for letter in set(word):
                value //= factorial(word.count(letter))
            question = (
                f"How many distinct strings can be made by rearranging all the letters of {text}?"
            )
            facts = {"word": text, "kind": "word"}
            solution = (
                f"Dividing ${length}!$ by the factorials of the repeat counts gives ${value}$."
            )
        elif difficulty == 4:
            k, total, low = rng.randint(3, 5), rng.randint(8, 20), rng.randint(0, 2)
            value = comb(total - k * low + k - 1, k - 1)
            names = ", ".join(f"x_{i}" for i in range(1, k + 1))
            bound = "non-negative integers" if low == 0 else f"integers, each at least {low}"
            question = (
                f"How many solutions are there to ${' + '.join(f'x_{i}' for i in range(1, k + 1))}"
                f" = {total}$ in {bound} (${names}$)?"
            )
            facts = {"k": k, "total": total, "low": low, "kind": "stars"}
            solution = (
                f"Stars and bars: $\\binom{{{total - k * low + k - 1}}}{{{k - 1}}} = {value}$."
            )
        else:
            limit = rng.randint(100, 2000)
            divisors = sorted(rng.sample([2, 3, 5, 6, 7, 10, 11, 13], 3))
            value = sum(1 for n in range(1, limit + 1) if any(n % d == 0 for d in divisors))
            listed = ", ".join(str(d) for d in divisors[:-1]) + f" or {divisors[-1]}"
            question = (
                f"How many integers from $1$ to ${limit}$ are divisible by at least one "
                f"of {listed}?"
            )
            facts = {"limit": limit, "divisors": divisors, "kind": "sieve"}
            solution = (
                f"Inclusion-exclusion over the three divisibility conditions gives ${value}$."
            )
        return Problem(
            question=question,
            answer=str(value),
            kind="integer",
            form="Give the count as an integer.",
            solution=solution,
            facts={**facts, "value": value},
        )


COLORS = ["red", "blue", "green", "white", "black"]


class Probability(MathFamily):
    """Dice, urns, binomial trials and Bayes' rule; exact probability as a fraction."""

    name = "math/probability"
    tags = ("probability",)
    family = "probability"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            sides = rng.choice([6, 8, 10, 12, 20])
            k = rng.randint(2, 4)
            favourable = [v for v in range(1, sides + 1) if v % k == 0]
            value = Fraction(len(favourable), sides)
            question = (
                f"A fair {sides}-sided die (faces $1$ to ${sides}$) is rolled once. What is "
                f"the probability that the result is a multiple of ${k}$?"
            )
            facts = {"outcomes": [(v,) for v in range(1, sides + 1)], "event": ("multiple", k)}
        elif difficulty == 2:
            target = rng.randint(3, 11)
            at_least = rng.random() < 0.5
            count = sum(
                1
                for a in range(1, 7)
                for b in range(1, 7)
                if (a + b >= target if at_least else a + b == target)
            )
            value = Fraction(count, 36)
            relation = "at least" if at_least else "exactly"
            question = (
                f"Two fair six-sided dice are rolled. What is the probability that the sum "
                f"is {relation} ${target}$?"
            )
            facts = {"event": ("dice", target, at_least)}
        elif difficulty == 3:
            first, second = rng.sample(COLORS, 2)
            a, b = rng.randint(2, 9), rng.randint(2, 9)
            same = rng.random() < 0.5
            total = a + b
            if same:
                value = Fraction(a * (a - 1) + b * (b - 1), total * (total - 1))
                event = "both balls are the same colour"
            else:
                value = Fraction(2 * a * b, total * (total - 1))
                event = "the two balls have different colours"
            question = (
                f"A bag holds {a} {first} and {b} {second} balls. Two balls are drawn "
                f"at random without replacement. What is the probability that {event}?"
            )
            facts = {"event": ("urn", a, b, same)}
        elif difficulty == 4:
            q = rng.choice([2, 3, 4, 5])
            p = Fraction(rng.randint(1, q - 1), q)
            n = rng.randint(4, 8)
            k = rng.randint(1, n - 1)
            value = comb(n, k) * p**k * (1 - p) ** (n - k)
            question = (
                f"A biased coin lands heads with probability ${frac(p)}$. It is tossed "
                f"${n}$ times. What is the probability of exactly ${k}$ "
                f"{'head' if k == 1 else 'heads'}?"
            )
            facts = {"event": ("binomial", p, n, k)}
        else:
            if rng.random() < 0.5:
                prevalence = Fraction(1, rng.choice([20, 50, 100, 200]))
                sensitivity = Fraction(rng.choice([80, 90, 95, 99]), 100)
                false_positive = Fraction(rng.choice([1, 2, 5, 10]), 100)
                positive = prevalence * sensitivity + (1 - prevalence) * false_positive
                value = prevalence * sensitivity / positive
                question = (
                    f"A condition affects ${frac(prevalence)}$ of a population. A test detects it "
                    f"in ${int(sensitivity * 100)}\\%$ of people who have it, and wrongly flags "
                    f"${int(false_positive * 100)}\\%$ of people who do not. A random person tests "
                    "positive. What is the probability that they have the condition?"
                )
                facts = {"event": ("bayes", prevalence, sensitivity, false_positive)}
            else:
                n, sides = rng.randint(2, 5), rng.choice([4, 6, 8])
                value = 1 - Fraction(sides - 1, sides) ** n
                question = (
                    f"A fair {sides}-sided die is rolled ${n}$ times. What is the "
                    f"probability that the highest face, ${sides}$, comes up at least once?"
                )
                facts = {"event": ("at-least-one", sides, n)}
        answer = frac(value)
        return Problem(
            question=question,
            answer=answer,
            kind="rational",
            form="Give the probability as a fraction in lowest terms.",
            solution=f"Counting favourable over equally likely outcomes gives ${answer}$.",
            facts={**facts, "value": value},
        )
