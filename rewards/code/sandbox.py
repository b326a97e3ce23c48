"""The sandbox a task's submissions run in: the shared local backend, or, for tasks read
from a file, a local backend that also conceals that file (and its cached conversion)."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from verticals.resources import Resource, ResourceConfig, cache_root, default_resources
from verticals.sandbox.api import Backend


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


def backend_for(reference: Mapping[str, Any], backend: str | Backend) -> str | Backend:
    """`backend`, unless the task names host paths to hide and the backend is local."""
    paths: Sequence[str] = reference.get("conceal") or ()
    if not paths or backend != "local":
        return backend
    hidden = {os.path.realpath(p) for p in paths if isinstance(p, str)}
    hidden.add(str(cache_root()))  # converted datasets are cached there
    pool = default_resources()
    return pool.get(ConcealingBackend, conceal=tuple(sorted(hidden))).backend
