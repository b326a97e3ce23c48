"""`math/mixed-v0`: one env that draws a family (by weight) and a difficulty from the seed.

The seed alone decides the family, the difficulty (unless fixed by config) and the seed
handed to that family, so a mixed task is as reproducible as any single-family one.
"""

from __future__ import annotations

import random

from pydantic import Field, field_validator

from verticals.generators import Draft, SourceConfig, TaskSource
from verticals.tasks.math.families import FAMILIES


class MixedConfig(SourceConfig):
    weights: dict[str, float] | None = Field(
        default=None,
        description=(
            "Family -> relative weight (e.g. {'quadratics': 2, 'limits': 1}); families left "
            "out are never drawn. Default: every family, equally."
        ),
    )
    difficulty: int | None = Field(
        default=None,
        ge=1,
        le=5,
        description="Fix the difficulty (1-5); default: drawn uniformly from the seed.",
    )

    @field_validator("weights")
    @classmethod
    def _known_families(cls, weights: dict[str, float] | None) -> dict[str, float] | None:
        if weights is None:
            return None
        cleaned: dict[str, float] = {}
        for key, weight in weights.items():
            name = key.removeprefix("math/").removesuffix("-v0")
            if name not in FAMILIES:
                raise ValueError(f"unknown family '{key}'; known families: {', '.join(FAMILIES)}")
            if not weight >= 0:
                raise ValueError(f"weight of '{key}' must be a number >= 0, not {weight!r}")
            cleaned[name] = float(weight)
        if not any(cleaned.values()):
            raise ValueError("at least one family needs a positive weight")
        return cleaned


class MixedMath(TaskSource[MixedConfig]):
    """Samples across all procedural math families (`math/mixed-v0`)."""

    name = "math/mixed"
    version = "1"
    Config = MixedConfig

    def draft(self, seed: int, config: MixedConfig) -> Draft:
        rng = random.Random(f"{self.name}/{self.version}/{seed}")
        weights = config.weights or dict.fromkeys(FAMILIES, 1.0)
        names = sorted(name for name, weight in weights.items() if weight > 0)
        family = rng.choices(names, weights=[weights[n] for n in names])[0]
        difficulty = config.difficulty or rng.randint(1, 5)
        family_seed = rng.randrange(2**32)
        source = FAMILIES[family]()
        made = source.draft(family_seed, source.Config(difficulty=difficulty))
        made.metadata = {
            **made.metadata,
            "family": family,
            "difficulty": difficulty,
            "family_source": source.name,
            "family_version": source.version,
            "family_seed": family_seed,
        }
        return made
