"""Task sources: where an env's tasks come from (seeded generators and dataset loaders).

A source turns (env id, seed, config) into a `Task`, and does so identically in every
process on every machine: its only randomness is a `random.Random` seeded from a string
that names the source, its version and the seed (string seeds are hashed with SHA-512 by
`random`, so PYTHONHASHSEED cannot change them).
"""

from __future__ import annotations

import hashlib
import json
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from verticals.resources import Resources, default_resources
from verticals.types import Action, Message, Task


class SourceConfig(BaseModel):
    """Base for every source's config model: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DifficultyConfig(SourceConfig):
    """Config of a procedural family graded 1 (easiest) to 5 (hardest)."""

    difficulty: int = Field(default=3, ge=1, le=5, description="1 (easiest) to 5 (hardest).")


ConfigT = TypeVar("ConfigT", bound=SourceConfig)


@dataclass
class Draft:
    """What a generator produces before the framework stamps an id on it."""

    prompt: str | list[Message]
    reference: dict[str, Any]
    oracle: list[Action] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    tools: list[dict[str, Any]] = field(default_factory=list)


def config_digest(config: BaseModel) -> str:
    """A short stable digest of a config, so that task ids differ when configs do."""
    canonical = json.dumps(config.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:8]


def task_id(env_id: str, version: str, digest: str, seed: int) -> str:
    """The one format of task ids: env id, generator version, config digest, seed."""
    return f"{env_id}@{version}:{digest}:{seed}"


class TaskSource(ABC, Generic[ConfigT]):
    """Anything that makes tasks: subclasses set `name`, `version` and `Config`.

    Generic over its config model, so `draft` and `generate` are typed with it:
    `class Quadratics(Generator[FamilyConfig])`.

    A source that needs a heavy shared thing (a generated world, an index) gets it from
    `self.resources.get(...)`: the pool it was given, or the process's default pool.
    """

    name: ClassVar[str]
    version: ClassVar[str]
    Config: ClassVar[type[SourceConfig]] = SourceConfig

    def __init__(self, resources: Resources | None = None) -> None:
        self._resources = resources

    @property
    def resources(self) -> Resources:
        """The pool of shared resources this source draws from."""
        return self._resources if self._resources is not None else default_resources()

    @abstractmethod
    def draft(self, seed: int, config: ConfigT) -> Draft:
        """Make the task for `seed` under `config`; must depend on nothing else."""

    def task(
        self, env_id: str, seed: int, config: ConfigT, *, digest: str | None = None
    ) -> Task:
        """The task for `seed`; pass `digest` (of `config`) to skip recomputing it per task."""
        if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
            raise ValueError(f"a task seed must be a non-negative integer, not {seed!r}")
        made = self.draft(seed, config)
        metadata = {"source": self.name, "generator_version": self.version, "seed": seed}
        metadata.update(made.metadata)
        return Task(
            id=task_id(env_id, self.version, digest or config_digest(config), seed),
            env=env_id,
            prompt=made.prompt,
            reference=made.reference,
            oracle=made.oracle,
            metadata=metadata,
            tools=made.tools,
        )


class Generator(TaskSource[ConfigT]):
    """A seeded procedural source: implement `generate(rng, config)`; seeding is done for you."""

    @abstractmethod
    def generate(self, rng: random.Random, config: ConfigT) -> Draft:
        """Draw one task using only `rng` for randomness."""

    def rng(self, seed: int) -> random.Random:
        return random.Random(f"{self.name}/{self.version}/{seed}")

    def draft(self, seed: int, config: ConfigT) -> Draft:
        return self.generate(self.rng(seed), config)
