"""The procedural math families, keyed by short name (`linear-equations`).

A family is declared once: its class (in its own module) and one line under
`families: math: ids:` in registry.yaml. This table is derived from those lines, so
`math/mixed-v0` and the tests see every family without a list of their own.
"""

from __future__ import annotations

from verticals.generators import Generator
from verticals.registry import family_specs


def _families() -> dict[str, type[Generator]]:
    classes = [entry.source_class() for entry in family_specs("math")]
    return {cls.name.removeprefix("math/"): cls for cls in sorted(classes, key=lambda c: c.name)}


#: short name -> generator class, e.g. "linear-equations" -> LinearEquations
FAMILIES: dict[str, type[Generator]] = _families()


def family_names() -> list[str]:
    return list(FAMILIES)
