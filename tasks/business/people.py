"""Seeded names, emails and ids for the records of every domain."""

from __future__ import annotations

import random

FIRST = ("Ana", "Ben", "Chloe", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jade",
         "Kofi", "Lena", "Marco", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara",
         "Umar", "Vera", "Wei", "Xenia", "Yusuf", "Zoe")
LAST = ("Abbott", "Baker", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Horvat", "Ito",
        "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe",
        "Rossi", "Silva", "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhou")


def person(rng: random.Random) -> tuple[str, str]:
    """A (first, last) name."""
    return rng.choice(FIRST), rng.choice(LAST)


def email(first: str, last: str, number: int) -> str:
    return f"{first.lower()}.{last.lower()}{number % 97}@example.com"


def new_id(rng: random.Random, prefix: str, used: set[str]) -> str:
    """A fresh id such as CL-40213 that no other record in the world has."""
    while True:
        candidate = f"{prefix}-{rng.randint(10000, 99999)}"
        if candidate not in used:
            used.add(candidate)
            return candidate
