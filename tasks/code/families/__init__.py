"""The catalogue of procedural programming families, keyed by name (`run-length`)."""

from __future__ import annotations

from verticals.tasks.code.families import (
    algorithms,
    lists,
    numbers,
    statistics,
    strings,
    structures,
)
from verticals.tasks.code.family import Family

_ALL: list[Family] = [
    *strings.FAMILIES, *lists.FAMILIES, *numbers.FAMILIES, *structures.FAMILIES,
    *algorithms.FAMILIES, *statistics.FAMILIES,
]

#: name -> family, in name order (the order `family="any"` draws from)
FAMILIES: dict[str, Family] = {f.name: f for f in sorted(_ALL, key=lambda f: f.name)}


def family_names() -> list[str]:
    return list(FAMILIES)
