"""Fictional names drawn from syllables, so no question can be answered from memory.

Every name is made from a seeded `random.Random`; the same draws give the same names in
any process. `NameBook` hands out names that are unique unless a collision is asked for.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable

ONSETS = [
    "b",
    "br",
    "c",
    "ch",
    "d",
    "dr",
    "f",
    "g",
    "gr",
    "h",
    "j",
    "k",
    "kr",
    "l",
    "m",
    "n",
    "p",
    "pr",
    "r",
    "s",
    "st",
    "sh",
    "t",
    "tr",
    "v",
    "w",
    "z",
    "bl",
    "cl",
    "fl",
    "gl",
    "pl",
    "sl",
    "th",
]
NUCLEI = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "io", "ea"]
CODAS = ["", "", "", "n", "r", "s", "l", "m", "th", "x", "k", "nd", "rt", "sk"]

ORG_SUFFIXES = (
    "Systems",
    "Labs",
    "Works",
    "Group",
    "Industries",
    "Dynamics",
    "Holdings",
    "Foods",
    "Motors",
    "Analytics",
    "Textiles",
    "Robotics",
    "Pharma",
    "Energy",
    "Logistics",
)
NEAR_DUPLICATE_SUFFIXES = ("Systems", "Labs", "Group", "Works", "Holdings")
REGION_KINDS = ("Valley", "Coast", "Highlands", "Basin", "Province", "Plateau", "Marches")
PRODUCT_KINDS = (
    "sensor",
    "tractor",
    "compiler",
    "turbine",
    "vaccine",
    "drone",
    "battery",
    "loom",
    "scanner",
    "router",
    "kettle",
    "microscope",
)
EVENT_KINDS = ("Summit", "Expo", "Forum", "Fair", "Congress", "Symposium")


def syllable(rng: random.Random) -> str:
    return rng.choice(ONSETS) + rng.choice(NUCLEI) + rng.choice(CODAS)


def word(rng: random.Random, syllables: int) -> str:
    return "".join(syllable(rng) for _ in range(syllables)).capitalize()


class NameBook:
    """Draws fresh names; each kind of name is unique within a world unless reused."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def fresh(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            name = make()
            if name not in self.used and name.lower() not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("name space exhausted; raise the syllable count")

    def person(self) -> str:
        return self.fresh(lambda: f"{word(self.rng, 2)} {word(self.rng, self.rng.choice((2, 3)))}")

    def place(self) -> str:
        return self.fresh(lambda: word(self.rng, self.rng.choice((2, 3))))

    def region(self) -> str:
        return self.fresh(lambda: f"{word(self.rng, 2)} {self.rng.choice(REGION_KINDS)}")

    def org(self) -> str:
        return self.fresh(lambda: f"{word(self.rng, 2)} {self.rng.choice(ORG_SUFFIXES)}")

    def product(self) -> tuple[str, str]:
        kind = self.rng.choice(PRODUCT_KINDS)
        name = self.fresh(lambda: f"{word(self.rng, 2)} {self.rng.randint(2, 99)}")
        return name, kind

    def event(self, place: str, year: int) -> str:
        return self.fresh(lambda: f"{place} {self.rng.choice(EVENT_KINDS)} {year}")


_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces, no leading article.

    Names in the world's tables and names in answers are compared in this form.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _NON_WORD.sub(" ", text).strip()
    return re.sub(r"^(the|a|an) ", "", text)
