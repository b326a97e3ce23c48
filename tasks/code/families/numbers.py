"""Number families: primes, gcd and modular arithmetic, bases, bit tricks, dates."""

from __future__ import annotations

import random

from verticals.tasks.code.family import Family, Variant
from verticals.tasks.code.gens import ints

PRIMES = Family(
    "primes", "number theory", "primality, sieves, factorisation, prime counts, Goldbach",
    {
        1: Variant(
            "Return True if `n` is a prime number, else False (`n` may be 0, 1 or negative, "
            "which are not prime).",
            "is_prime", "n: int", "bool",
            "def is_prime(n):\n"
            "    if n < 2:\n"
            "        return False\n"
            "    d = 2\n"
            "    while d * d <= n:\n"
            "        if n % d == 0:\n"
            "            return False\n"
            "        d += 1\n"
            "    return True\n",
            lambda rng, n: (rng.randint(-3, 30 * n),), edge=((0,), (1,), (2,), (-7,), (97,)),
        ),
        2: Variant(
            "Return the list of all primes p <= n, in increasing order.",
            "primes_up_to", "n: int", "list[int]",
            "def primes_up_to(n):\n"
            "    if n < 2:\n"
            "        return []\n"
            "    sieve = bytearray([1]) * (n + 1)\n"
            "    sieve[0] = sieve[1] = 0\n"
            "    for p in range(2, int(n ** 0.5) + 1):\n"
            "        if sieve[p]:\n"
            "            sieve[p * p::p] = bytearray(len(range(p * p, n + 1, p)))\n"
            "    return [i for i in range(n + 1) if sieve[i]]\n",
            lambda rng, n: (rng.randint(0, 10 * n),), edge=((0,), (2,), (3,), (1,)),
        ),
        3: Variant(
            "Return the prime factors of `n` (n >= 2, up to 10**9) in increasing order, "
            "each repeated as often as it divides n: 360 -> [2, 2, 2, 3, 3, 5].",
            "factorize", "n: int", "list[int]",
            "def factorize(n):\n"
            "    out, d = [], 2\n"
            "    while d * d <= n:\n"
            "        while n % d == 0:\n"
            "            out.append(d)\n"
            "            n //= d\n"
            "        d += 1\n"
            "    if n > 1:\n"
            "        out.append(n)\n"
            "    return out\n",
            lambda rng, n: (rng.choice([rng.randint(2, 10**n), rng.randint(2, 10**9)]),),
            edge=((2,), (360,), (999999937,), (1 << 29,)), max_size=9,
        ),
        4: Variant(
            "Return how many primes are <= n (n up to 1000000).",
            "count_primes", "n: int", "int",
            "def count_primes(n):\n"
            "    if n < 2:\n"
            "        return 0\n"
            "    sieve = bytearray([1]) * (n + 1)\n"
            "    sieve[0] = sieve[1] = 0\n"
            "    for p in range(2, int(n ** 0.5) + 1):\n"
            "        if sieve[p]:\n"
            "            sieve[p * p::p] = bytearray(len(range(p * p, n + 1, p)))\n"
            "    return sum(sieve)\n",
            lambda rng, n: (rng.randint(n * n // 2, n * n) if n > 30 else rng.randint(0, 300 * n),),
            edge=((0,), (2,), (10,)),
            max_size=30, big=1000,
        ),
        5: Variant(
            "Return the number of ways to write the even number `n` (4 <= n <= 1000000) as "
            "p + q with primes p <= q.",
            "goldbach_pairs", "n: int", "int",
            "def goldbach_pairs(n):\n"
            "    sieve = bytearray([1]) * (n + 1)\n"
            "    sieve[0] = sieve[1] = 0\n"
            "    for p in range(2, int(n ** 0.5) + 1):\n"
            "        if sieve[p]:\n"
            "            sieve[p * p::p] = bytearray(len(range(p * p, n + 1, p)))\n"
            "    return sum(1 for p in range(2, n // 2 + 1) if sieve[p] and sieve[n - p])\n",
            lambda rng, n: (2 * rng.randint(max(2, n * n // 2), max(2, n * n)),),
            edge=((4,), (6,), (100,)),
            max_size=30, big=707,
        ),
    },
)

GCD_MODULAR = Family(
    "gcd-modular", "number theory", "gcd, lcm, modular powers and inverses, Euler's phi",
    {
        1: Variant(
            "Return the greatest common divisor of `a` and `b` as a non-negative number "
            "(either may be negative or zero; gcd(0, 0) is 0).",
            "gcd", "a: int, b: int", "int",
            "def gcd(a, b):\n"
            "    a, b = abs(a), abs(b)\n"
            "    while b:\n"
            "        a, b = b, a % b\n"
            "    return a\n",
            lambda rng, n: (rng.randint(-100 * n, 100 * n), rng.randint(-100 * n, 100 * n)),
            edge=((0, 0), (0, 5), (-4, 6), (7, 7)),
        ),
        2: Variant(
            "Return the least common multiple of the positive integers in `nums` "
            "(1 for an empty list).",
            "lcm_list", "nums: list[int]", "int",
            "def lcm_list(nums):\n"
            "    from math import gcd\n"
            "    out = 1\n"
            "    for x in nums:\n"
            "        out = out * x // gcd(out, x)\n"
            "    return out\n",
            lambda rng, n: (ints(rng, n, 1, 30),), edge=(([],), ([7],), ([4, 6],)),
        ),
        3: Variant(
            "Return (base ** exp) % mod for integers base (may be negative), exp >= 0 (up "
            "to 10**18) and mod >= 1; the result lies in [0, mod).",
            "mod_pow", "base: int, exp: int, mod: int", "int",
            "def mod_pow(base, exp, mod):\n"
            "    result, base = 1 % mod, base % mod\n"
            "    while exp:\n"
            "        if exp & 1:\n"
            "            result = result * base % mod\n"
            "        base = base * base % mod\n"
            "        exp >>= 1\n"
            "    return result\n",
            lambda rng, n: (rng.randint(-50, 10**n), rng.randint(0, 10**18), rng.randint(1, 10**9)),
            edge=((2, 0, 1), (0, 0, 7), (-2, 3, 5), (3, 10**18, 1000000007)),
        ),
        4: Variant(
            "Return the inverse of `a` modulo `m` (m >= 2): the x in [0, m) with "
            "(a * x) % m == 1, or -1 if there is none. `a` may be negative or larger than m.",
            "mod_inverse", "a: int, m: int", "int",
            "def mod_inverse(a, m):\n"
            "    a %= m\n"
            "    r0, r1, x0, x1 = m, a, 0, 1\n"
            "    while r1:\n"
            "        q = r0 // r1\n"
            "        r0, r1 = r1, r0 - q * r1\n"
            "        x0, x1 = x1, x0 - q * x1\n"
            "    return x0 % m if r0 == 1 else -1\n",
            lambda rng, n: (rng.randint(-10**n, 10**n), rng.randint(2, 10**n + 2)),
            edge=((3, 7), (2, 4), (-1, 5), (0, 2)),
        ),
        5: Variant(
            "Return Euler's totient of `n` (1 <= n <= 10**10): how many k in 1..n have "
            "gcd(k, n) == 1.",
            "totient", "n: int", "int",
            "def totient(n):\n"
            "    result, m, p = n, n, 2\n"
            "    while p * p <= m:\n"
            "        if m % p == 0:\n"
            "            while m % p == 0:\n"
            "                m //= p\n"
            "            result -= result // p\n"
            "        p += 1\n"
            "    if m > 1:\n"
            "        result -= result // m\n"
            "    return result\n",
            lambda rng, n: (rng.randint(1, 10 ** min(10, n)),),
            edge=((1,), (2,), (9999999967,), (1 << 33,)), max_size=10, big=10,
        ),
    },
)


def _roman(rng: random.Random, n: int) -> tuple:
    value = rng.randint(1, 3999 if n > 3 else 50)
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, sym in table:
        while value >= v:
            out.append(sym)
            value -= v
    return ("".join(out),)


def _in_base(rng: random.Random, n: int) -> tuple:
    base = rng.randint(2, 36)
    value = rng.randint(-(base**n), base**n)
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    v, out = abs(value), []
    while True:
        out.append(digits[v % base])
        v //= base
        if not v:
            break
    return (("-" if value < 0 else "") + "".join(reversed(out)), base)


BASE_CONVERSION = Family(
    "base-conversion", "parsing and formatting", "binary, any base, Roman numerals, English",
    {
        1: Variant(
            "Return the binary representation of `n` (n >= 0) without leading zeros "
            "('0' for 0).",
            "to_binary", "n: int", "str",
            "def to_binary(n):\n"
            "    out = ''\n"
            "    while True:\n"
            "        out = str(n % 2) + out\n"
            "        n //= 2\n"
            "        if not n:\n"
            "            return out\n",
            lambda rng, n: (rng.randint(0, 2 ** (3 * n)),), edge=((0,), (1,), (1024,)),
        ),
        2: Variant(
            "Write the integer `n` in base `b` (2 <= b <= 36) with digits 0-9 then "
            "lowercase a-z, no leading zeros, and a leading '-' for negative numbers.",
            "to_base", "n: int, b: int", "str",
            "def to_base(n, b):\n"
            "    digits = '0123456789abcdefghijklmnopqrstuvwxyz'\n"
            "    v, out = abs(n), []\n"
            "    while True:\n"
            "        out.append(digits[v % b])\n"
            "        v //= b\n"
            "        if not v:\n"
            "            break\n"
            "    return ('-' if n < 0 else '') + ''.join(reversed(out))\n",
            lambda rng, n: (rng.randint(-(10**n), 10**n), rng.randint(2, 36)),
            edge=((0, 2), (-35, 36), (255, 16)),
        ),
        3: Variant(
            "Parse `s`, an integer written in base `b` (2 <= b <= 36) with digits 0-9 and "
            "lowercase a-z and an optional leading '-', and return its value.",
            "from_base", "s: str, b: int", "int",
            "def from_base(s, b):\n"
            "    sign = -1 if s.startswith('-') else 1\n"
            "    value = 0\n"
            "    for ch in s.lstrip('-'):\n"
            "        value = value * b + '0123456789abcdefghijklmnopqrstuvwxyz'.index(ch)\n"
            "    return sign * value\n",
            _in_base, edge=(("0", 2), ("-z", 36), ("ff", 16)),
        ),
        4: Variant(
            "Return the value of the Roman numeral `s` (a valid numeral from 1 to 3999 "
            "using I V X L C D M with the usual subtractive pairs IV IX XL XC CD CM).",
            "roman_to_int", "s: str", "int",
            "def roman_to_int(s):\n"
            "    values = {'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100, 'D': 500, 'M': 1000}\n"
            "    total = 0\n"
            "    for i, ch in enumerate(s):\n"
            "        v = values[ch]\n"
            "        if i + 1 < len(s) and values[s[i + 1]] > v:\n"
            "            total -= v\n"
            "        else:\n"
            "            total += v\n"
            "    return total\n",
            _roman, edge=(("I",), ("MMMCMXCIX",), ("XLIV",)),
        ),
        5: Variant(
            "Return `n` (0 <= n < 10**9) in English words: lower case, words separated by "
            "single spaces, tens and units joined by a hyphen ('forty-two'), no 'and', "
            "scale words 'hundred', 'thousand', 'million'; zero parts are left out, so "
            "1005 -> 'one thousand five', 120 -> 'one hundred twenty', 0 -> 'zero'.",
            "number_to_words", "n: int", "str",
            "def number_to_words(n):\n"
            "    ones = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight',\n"
            "            'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen',\n"
            "            'sixteen', 'seventeen', 'eighteen', 'nineteen']\n"
            "    tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy',\n"
            "            'eighty', 'ninety']\n"
            "    def small(v):\n"
            "        words = []\n"
            "        if v >= 100:\n"
            "            words += [ones[v // 100], 'hundred']\n"
            "            v %= 100\n"
            "        if v >= 20:\n"
            "            words.append(tens[v // 10] + ('-' + ones[v % 10] if v % 10 else ''))\n"
            "        elif v:\n"
            "            words.append(ones[v])\n"
            "        return words\n"
            "    if n == 0:\n"
            "        return 'zero'\n"
            "    words = []\n"
            "    for scale, name in ((10**6, 'million'), (10**3, 'thousand'), (1, '')):\n"
            "        part = n // scale % 1000\n"
            "        if part:\n"
            "            words += small(part) + ([name] if name else [])\n"
            "    return ' '.join(words)\n",
            lambda rng, n: (rng.randint(0, 10 ** min(9, n)) if n < 9
                            else rng.randint(0, 10**9 - 1),),
            edge=((0,), (1005,), (120,), (999999999,), (1000000,)),
        ),
    },
)

BITS = Family(
    "bits", "bit manipulation", "popcounts, powers of two, reversal, XOR tricks, bit sums",
    {
        1: Variant(
            "Return how many 1 bits the binary representation of `n` (n >= 0) has.",
            "popcount", "n: int", "int",
            "def popcount(n):\n"
            "    count = 0\n"
            "    while n:\n"
            "        n &= n - 1\n"
            "        count += 1\n"
            "    return count\n",
            lambda rng, n: (rng.randint(0, 2 ** (4 * n)),), edge=((0,), (1,), (2**64 - 1,)),
        ),
        2: Variant(
            "Return True if `n` is a power of two (1, 2, 4, ...), else False; `n` may be zero "
            "or negative.",
            "is_power_of_two", "n: int", "bool",
            "def is_power_of_two(n):\n    return n > 0 and n & (n - 1) == 0\n",
            lambda rng, n: (rng.choice([2 ** rng.randint(0, 4 * n), rng.randint(-5, 2**n)]),),
            edge=((0,), (1,), (-8,), (6,)),
        ),
        3: Variant(
            "Reverse the 32 bits of the unsigned 32-bit integer `n` (bit 0 becomes bit 31, "
            "and so on) and return the result.",
            "reverse_bits", "n: int", "int",
            "def reverse_bits(n):\n"
            "    out = 0\n"
            "    for _ in range(32):\n"
            "        out = (out << 1) | (n & 1)\n"
            "        n >>= 1\n"
            "    return out\n",
            lambda rng, n: (rng.randint(0, 2**32 - 1),), edge=((0,), (1,), (2**32 - 1,)),
        ),
        4: Variant(
            "In `nums` every value appears exactly twice except one, which appears once. "
            "Return that one. Use O(1) extra memory if you can.",
            "single_number", "nums: list[int]", "int",
            "def single_number(nums):\n"
            "    x = 0\n"
            "    for v in nums:\n"
            "        x ^= v\n"
            "    return x\n",
            lambda rng, n: (_pairs_plus_one(rng, n),), edge=(([5],), ([-1, 2, -1],)),
        ),
        5: Variant(
            "Return the total number of 1 bits in the binary representations of all "
            "integers from 0 to `n` inclusive (0 <= n <= 10**15).",
            "total_set_bits", "n: int", "int",
            "def total_set_bits(n):\n"
            "    total, bit = 0, 1\n"
            "    while bit <= n:\n"
            "        cycle = bit * 2\n"
            "        total += (n + 1) // cycle * bit + max(0, (n + 1) % cycle - bit)\n"
            "        bit *= 2\n"
            "    return total\n",
            lambda rng, n: (rng.randint(0, 10 ** min(15, n)),), edge=((0,), (1,), (10**15,)),
            max_size=15, big=15,
        ),
    },
)


def _pairs_plus_one(rng: random.Random, n: int) -> list[int]:
    values = rng.sample(range(-1000, 1000), n + 1)
    nums = values[1:] * 2 + values[:1]
    rng.shuffle(nums)
    return nums


def _date(rng: random.Random, lo: int = 1, hi: int = 9999) -> str:
    y = rng.randint(lo, hi)
    m = rng.randint(1, 12)
    days = [31, 29 if (y % 4 == 0 and y % 100) or y % 400 == 0 else 28, 31, 30, 31, 30, 31,
            31, 30, 31, 30, 31][m - 1]
    return f"{y:04d}-{m:02d}-{rng.randint(1, days):02d}"


DATES = Family(
    "dates", "dates", "leap years, day numbers, spans, weekdays, Friday the 13ths",
    {
        1: Variant(
            "Return True if `year` is a leap year in the Gregorian calendar (divisible by 4, "
            "except centuries, which must be divisible by 400), else False.",
            "is_leap", "year: int", "bool",
            "def is_leap(year):\n    return year % 4 == 0 and (year % 100 != 0 or year % 400 =="
            " 0)\n",
            lambda rng, n: (rng.choice([rng.randint(1, 3000), 100 * rng.randint(1, 30)]),),
            edge=((1900,), (2000,), (2024,), (2023,)),
        ),
        2: Variant(
            "Return the day of the year (1 to 366) of the Gregorian date year-month-day.",
            "day_of_year", "year: int, month: int, day: int", "int",
            "def day_of_year(year, month, day):\n"
            "    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)\n"
            "    lengths = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]\n"
            "    return sum(lengths[:month - 1]) + day\n",
            lambda rng, n: tuple(int(p) for p in _date(rng, 1, 3000).split("-")),
            edge=((2000, 12, 31), (1900, 3, 1), (2023, 1, 1)),
        ),
        3: Variant(
            "`a` and `b` are Gregorian dates written 'YYYY-MM-DD' (years 0001-9999). Return "
            "the number of days between them (never negative).",
            "days_between", "a: str, b: str", "int",
            "def days_between(a, b):\n"
            "    from datetime import date\n"
            "    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)\n",
            lambda rng, n: (_date(rng), _date(rng)),
            edge=(("2000-01-01", "2000-01-01"), ("0001-01-01", "9999-12-31")),
        ),
        4: Variant(
            "Return the English weekday name ('Monday' ... 'Sunday') of the Gregorian date "
            "`d` written 'YYYY-MM-DD' (years 0001-9999, proleptic calendar).",
            "weekday_name", "d: str", "str",
            "def weekday_name(d):\n"
            "    from datetime import date\n"
            "    names = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday',\n"
            "             'Sunday']\n"
            "    return names[date.fromisoformat(d).weekday()]\n",
            lambda rng, n: (_date(rng),), edge=(("0001-01-01",), ("2000-02-29",)),
        ),
        5: Variant(
            "Count the months from January of `first` to December of `last` (inclusive, "
            "1 <= first <= last <= 9999) whose 13th day is a Friday.",
            "friday_13ths", "first: int, last: int", "int",
            "def friday_13ths(first, last):\n"
            "    from datetime import date\n"
            "    return sum(1 for y in range(first, last + 1) for m in range(1, 13)\n"
            "               if date(y, m, 13).weekday() == 4)\n",
            lambda rng, n: _year_span(rng, n), edge=((2015, 2015), (1, 1), (1, 9999)),
        ),
    },
)


def _year_span(rng: random.Random, n: int) -> tuple:
    a = rng.randint(1, 9999)
    return (a, min(9999, a + rng.randint(0, 40 * n)))


FAMILIES = [PRIMES, GCD_MODULAR, BASE_CONVERSION, BITS, DATES]
