"""The sandbox a task's submissions run in, drawn from the episode's resource pool: the
shared backend, or, for tasks read from a file, a local backend that also conceals that
file (and its cached conversion).

The pool matters: the env hands its own pool to the reward (as the live world) and to its
tools, so the zygote a run starts belongs to that pool and stops when the pool is closed.
Only a reward called without one (offline re-scoring) falls back to the default pool.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from verticals.resources import (
    Resource,
    ResourceConfig,
    Resources,
    cache_root,
    default_resources,
)
from verticals.sandbox.api import Backend, get_backend


class ConcealConfig(ResourceConfig):
    conceal: tuple[str, ...] = ()


class ConcealingBackend(Resource[ConcealConfig]):
    """A local backend whose runs see the given host paths as empty."""

    kind = "code-sandbox"
    Config = ConcealConfig

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @classmethod
    def build(cls, config: ConcealConfig, cache_dir: Path | None) -> ConcealingBackend:
        from verticals.sandbox.local import LocalBackend

        return cls(LocalBackend(conceal=list(config.conceal)))

    def close(self) -> None:
        self.backend.close()


def backend_for(reference: Mapping[str, Any], backend: str | Backend,
                resources: Resources | None = None) -> Backend:
    """The backend to run `reference`'s submissions on, from `resources` (default pool if
    None): `backend` itself, unless the task names host paths to hide and it is local."""
    pool = resources if resources is not None else default_resources()
    paths: Sequence[str] = reference.get("conceal") or ()
    if not paths or backend != "local":
        return get_backend(backend, resources=pool)
    hidden = {os.path.realpath(p) for p in paths if isinstance(p, str)}
    hidden.add(str(cache_root()))  # converted datasets are cached there
    return pool.get(ConcealingBackend, conceal=tuple(sorted(hidden))).backend
