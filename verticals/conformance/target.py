"""One env under check: its registry entry, its bench configs, the envs made for it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from verticals import registry
from verticals.env import TextEnv
from verticals.resources import Resources


@dataclass(frozen=True)
class CheckOptions:
    """Sample sizes and deadlines. The defaults keep a full check of one env to seconds."""

    seeds: int = 3  #: oracle and null episodes per bench config
    probe_seeds: int = 2  #: reward-probe tasks per bench config
    hidden_episodes: int = 24  #: episodes scanned for hidden gold
    determinism_seeds: int = 3  #: tasks per bench config compared across processes
    fuzz: int = 2000  #: random and malformed actions, spread over the envs
    seed: int = 0  #: first task seed; probe and fuzz randomness derive from it too
    step_timeout: float = 60.0  #: seconds one reset or step may take
    episode_timeout: float = 300.0  #: seconds one check's episode or loop may take
    process_timeout: float = 900.0  #: seconds the fresh-process checks may take


class Target:
    """An env id, with envs made on demand (one per config) from one resource pool."""

    def __init__(self, env_id: str) -> None:
        self.id = env_id
        self.spec = registry.spec(env_id)
        self.configs: list[dict[str, Any]] = [dict(c) for c in self.spec.bench] or [{}]
        self.pool = Resources()
        self._envs: dict[str, TextEnv] = {}

    def env(self, config: dict[str, Any] | None = None) -> TextEnv:
        """The shared env for `config` (made once; episodes reset it)."""
        key = json.dumps(config or {}, sort_keys=True)
        if key not in self._envs:
            self._envs[key] = self.fresh(**(config or {}))
        return self._envs[key]

    def fresh(self, **config: Any) -> TextEnv:
        """A new env the caller closes."""
        return registry.make(self.id, resources=self.pool, **config)

    def accepts(self, key: str) -> bool:
        return key in self.spec.config_model().model_fields

    def close(self) -> None:
        """Close every env made here, then the pool's shared resources."""
        envs = list(self._envs.values())
        self._envs.clear()
        for env in envs:
            try:
                env.close()
            except Exception:
                continue
        self.pool.close()


def config_label(config: dict[str, Any]) -> str:
    return json.dumps(config, sort_keys=True) if config else "default config"
