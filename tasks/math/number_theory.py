"""Number theory: gcd and lcm, modular arithmetic, primes and divisors."""

from __future__ import annotations

import random
from math import gcd, lcm

from verticals.tasks.math.common import MathFamily, Problem

SMALL_PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47]


def factorize(n: int) -> dict[int, int]:
    """Prime factorisation by trial division (inputs here stay below 10^9)."""
    out: dict[int, int] = {}
    f = 2
    while f * f <= n:
        while n % f == 0:
            out[f] = out.get(f, 0) + 1
            n //= f
        f += 1 if f == 2 else 2
    if n > 1:
        out[n] = out.get(n, 0) + 1
    return out


def _built(rng: random.Random, primes: list[int], max_exponent: int, factors: int) -> int:
    n = 1
    for p in rng.sample(primes, factors):
        n *= p ** rng.randint(1, max_exponent)
    return n


def _integer_problem(question: str, value: int, solution: str, **facts: object) -> Problem:
    return Problem(
        question=question,
        answer=str(value),
        kind="integer",
        form="Give the answer as an integer.",
        solution=solution,
        facts={"value": value, **facts},
    )


GCD_LEVELS = {
    # how many numbers, primes to build from, largest exponent, gcd or lcm
    1: (2, SMALL_PRIMES[:4], 2, "gcd"),
    2: (2, SMALL_PRIMES[:5], 2, "lcm"),
    3: (3, SMALL_PRIMES[:6], 3, "gcd"),
    4: (3, SMALL_PRIMES[:7], 2, "lcm"),
    5: (4, SMALL_PRIMES[:7], 2, "both"),
}


class GcdLcm(MathFamily):
    """Greatest common divisors and least common multiples of two to four integers."""

    name = "math/gcd-lcm"
    tags = ("number-theory",)
    family = "gcd-lcm"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        count, primes, exponent, which = GCD_LEVELS[difficulty]
        common = _built(rng, primes, 1, 2 if difficulty > 2 else 1)
        numbers = sorted({common * _built(rng, primes, exponent, 2) for _ in range(count)})
        while len(numbers) < count:
            numbers.append(numbers[-1] * rng.choice(primes[:3]))
        listed = ", ".join(str(n) for n in numbers)
        g, m = gcd(*numbers), lcm(*numbers)
        if which == "gcd":
            return _integer_problem(
                f"Find $\\gcd({listed})$.",
                g,
                f"Comparing prime factorisations, $\\gcd = {g}$.",
                numbers=numbers,
            )
        if which == "lcm":
            return _integer_problem(
                f"Find $\\operatorname{{lcm}}({listed})$.",
                m,
                f"Taking the highest prime powers, $\\operatorname{{lcm}} = {m}$.",
                numbers=numbers,
            )
        return _integer_problem(
            f"Let $g = \\gcd({listed})$ and $L = \\operatorname{{lcm}}({listed})$. Find $L / g$.",
            m // g,
            f"$g = {g}$ and $L = {m}$, so $L / g = {m // g}$.",
            numbers=numbers,
        )


class ModularArithmetic(MathFamily):
    """Remainders, modular powers, inverses, linear congruences, Chinese remainder theorem."""

    name = "math/modular-arithmetic"
    tags = ("number-theory",)
    family = "modular-arithmetic"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            a, m = rng.randint(100, 9999), rng.randint(3, 30)
            return _integer_problem(
                f"What is the remainder when ${a}$ is divided by ${m}$?",
                a % m,
                f"${a} = {m} \\cdot {a // m} + {a % m}$.",
                op="mod",
                args=(a, m),
            )
        if difficulty == 2:
            a, b, c, m = (
                rng.randint(50, 999),
                rng.randint(50, 999),
                rng.randint(1, 999),
                rng.randint(5, 40),
            )
            value = (a * b + c) % m
            return _integer_problem(
                f"Compute $({a} \\cdot {b} + {c}) \\bmod {m}$, "
                f"as a residue in $0, \\ldots, {m - 1}$.",
                value,
                f"Reducing each factor mod ${m}$ first gives ${value}$.",
                op="affine",
                args=(a, b, c, m),
            )
        if difficulty == 3:
            a, k, m = rng.randint(2, 50), rng.randint(50, 2000), rng.randint(7, 97)
            value = pow(a, k, m)
            return _integer_problem(
                f"Compute ${a}^{{{k}}} \\bmod {m}$, as a residue in $0, \\ldots, {m - 1}$.",
                value,
                f"Repeated squaring modulo ${m}$ gives ${value}$.",
                op="power",
                args=(a, k, m),
            )
        if difficulty == 4:
            m = rng.choice([p for p in range(11, 200) if all(p % q for q in SMALL_PRIMES if q < p)])
            while True:
                a, b = rng.randint(2, m - 1), rng.randint(1, m - 1)
                if gcd(a, m) == 1:
                    break
            if rng.random() < 0.5:
                value = pow(a, -1, m)
                return _integer_problem(
                    f"Find the inverse of ${a}$ modulo ${m}$: "
                    f"the $x$ in $1, \\ldots, {m - 1}$ with "
                    f"${a}x \\equiv 1 \\pmod{{{m}}}$.",
                    value,
                    f"The extended Euclidean algorithm gives ${value}$.",
                    op="inverse",
                    args=(a, m),
                )
            value = b * pow(a, -1, m) % m
            return _integer_problem(
                f"Solve ${a}x \\equiv {b} \\pmod{{{m}}}$ for the $x$ in $0, \\ldots, {m - 1}$.",
                value,
                f"Multiplying by the inverse of ${a}$ gives $x \\equiv {value}$.",
                op="congruence",
                args=(a, b, m),
            )
        moduli = rng.choice([(3, 5, 7), (4, 5, 9), (5, 7, 8), (3, 7, 11), (7, 9, 10), (5, 8, 11)])
        residues = [rng.randint(0, m - 1) for m in moduli]
        modulus = moduli[0] * moduli[1] * moduli[2]
        value = next(
            x
            for x in range(modulus)
            if all(x % m == r for m, r in zip(moduli, residues, strict=True))
        )
        lines = ", ".join(
            f"$x \\equiv {r} \\pmod{{{m}}}$" for m, r in zip(moduli, residues, strict=True)
        )
        return _integer_problem(
            f"Find the smallest non-negative integer $x$ with {lines}.",
            value,
            f"By the Chinese remainder theorem $x \\equiv {value} \\pmod{{{modulus}}}$.",
            op="crt",
            args=(moduli, residues),
        )


def _divisor_count(n: int) -> int:
    count = 1
    for e in factorize(n).values():
        count *= e + 1
    return count


def _divisor_sum(n: int) -> int:
    total = 1
    for p, e in factorize(n).items():
        total *= (p ** (e + 1) - 1) // (p - 1)
    return total


def _phi(n: int) -> int:
    out = n
    for p in factorize(n):
        out = out // p * (p - 1)
    return out


def _is_prime(n: int) -> bool:
    return n > 1 and factorize(n) == {n: 1}


class Primes(MathFamily):
    """Count primes, largest prime factor, divisor counts and sums, totients, factorial
    valuations."""

    name = "math/primes"
    tags = ("number-theory",)
    family = "primes"

    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        if difficulty == 1:
            low = rng.randint(1, 80)
            high = low + rng.randint(10, 30)
            value = sum(1 for n in range(low, high + 1) if _is_prime(n))
            return _integer_problem(
                f"How many prime numbers are there between ${low}$ and ${high}$ inclusive?",
                value,
                f"Listing them gives ${value}$.",
                op="count",
                low=low,
                high=high,
            )
        if difficulty == 2:
            n = _built(rng, [*SMALL_PRIMES, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97], 2, 3)
            value = max(factorize(n))
            return _integer_problem(
                f"What is the largest prime factor of ${n}$?",
                value,
                f"Factoring ${n}$ gives largest prime ${value}$.",
                op="largest",
                n=n,
            )
        if difficulty == 3:
            n = _built(rng, SMALL_PRIMES[:6], 4, rng.randint(2, 3))
            value = _divisor_count(n)
            return _integer_problem(
                f"How many positive divisors does ${n}$ have?",
                value,
                f"Multiplying (exponent + 1) over the factorisation gives ${value}$.",
                op="divisors",
                n=n,
            )
        if difficulty == 4:
            n = _built(rng, SMALL_PRIMES[:7], 3, rng.randint(2, 3))
            if rng.random() < 0.5:
                value = _divisor_sum(n)
                return _integer_problem(
                    f"What is the sum of all positive divisors of ${n}$?",
                    value,
                    f"$\\sigma({n}) = {value}$.",
                    op="sigma",
                    n=n,
                )
            value = _phi(n)
            return _integer_problem(
                f"How many integers from $1$ to ${n}$ are relatively prime to ${n}$?",
                value,
                f"Euler's totient: $\\varphi({n}) = {value}$.",
                op="phi",
                n=n,
            )
        n, p = rng.randint(30, 500), rng.choice([2, 3, 5, 7])
        value, power = 0, p
        while power <= n:
            value += n // power
            power *= p
        question = (
            f"How many zeros does ${n}!$ end with?"
            if p == 5
            else f"What is the largest $k$ such that ${p}^k$ divides ${n}!$?"
        )
        return _integer_problem(
            question, value, f"Legendre's formula gives ${value}$.", op="legendre", n=n, p=p
        )
