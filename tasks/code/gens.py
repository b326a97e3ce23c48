"""Small seeded input makers shared by the families (only `rng` is random)."""

from __future__ import annotations

import random

LOWER = "abcdefghijklmnopqrstuvwxyz"
WORDS = [
    "apple", "bird", "cat", "dog", "echo", "fox", "gold", "hat", "ice", "jam", "kite", "lamp",
    "moon", "nest", "owl", "pear", "quill", "rain", "sun", "tree", "umbra", "vine", "wolf",
    "xenon", "yak", "zebra",
]


def randint(rng: random.Random, lo: int, hi: int) -> int:
    """`rng.randint` at a fraction of the cost (the big tests draw 10**5 numbers); the
    same on every machine (IEEE doubles)."""
    return lo + int(rng.random() * (hi - lo + 1))


def ints(rng: random.Random, n: int, lo: int = -50, hi: int = 50) -> list[int]:
    r, span = rng.random, hi - lo + 1
    return [lo + int(r() * span) for _ in range(n)]


def text(rng: random.Random, n: int, alphabet: str = "ab") -> str:
    r, k = rng.random, len(alphabet)
    return "".join([alphabet[int(r() * k)] for _ in range(n)])


def words(rng: random.Random, n: int, pool: list[str] | None = None) -> list[str]:
    pool = pool or WORDS
    return [rng.choice(pool) for _ in range(n)]


def grid(rng: random.Random, rows: int, cols: int, chars: str, weights: list[int]) -> list[str]:
    pool = "".join(c * w for c, w in zip(chars, weights, strict=True))
    return [text(rng, cols, pool) for _ in range(rows)]


def intervals(rng: random.Random, n: int, span: int) -> list[list[int]]:
    out = []
    for _ in range(n):
        a = randint(rng, 0, span)
        out.append([a, a + randint(rng, 0, max(1, span // 4))])
    return out
