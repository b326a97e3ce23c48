"""The small public API: `run`, `execute`, `run_many`, and shared backend instances.

Backends are expensive to start (a zygote, warm containers) and cheap to reuse, so a
backend is a shared resource (`verticals.resources`): one instance per backend name per
pool, closed when the pool is (the default pool by the runner, the CLI and bench).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Literal, Protocol

from verticals.resources import Resource, ResourceConfig, Resources, default_resources
from verticals.sandbox.types import Limits, Program, Result


class Backend(Protocol):
    name: str

    def run(self, program: Program, limits: Limits | None = None) -> Result: ...

    def close(self) -> None: ...


class SandboxConfig(ResourceConfig):
    backend: Literal["local", "docker"] = "local"


class SharedBackend(Resource[SandboxConfig]):
    """A sandbox backend as a shared resource: started once per pool, closed with it."""

    kind = "sandbox"
    Config = SandboxConfig

    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    @classmethod
    def build(cls, config: SandboxConfig, cache_dir: Path | None) -> SharedBackend:
        return cls(_make(config.backend))

    def close(self) -> None:
        self.backend.close()


def get_backend(
    name: str | Backend = "local", *, resources: Resources | None = None, **options: Any
) -> Backend:
    """The shared backend called `name` ("local" or "docker") from `resources`' pool.

    The default pool is used when none is given. With options, a new private instance is
    returned instead; the caller closes it.
    """
    if not isinstance(name, str):
        return name
    if options:
        return _make(name, **options)
    if name not in ("local", "docker"):
        _make(name)  # raises the error that names the choices
    pool = resources if resources is not None else default_resources()
    return pool.get(SharedBackend, backend=name).backend


def _make(name: str, **options: Any) -> Backend:
    if name == "local":
        from verticals.sandbox.local import LocalBackend

        return LocalBackend(**options)
    if name == "docker":
        from verticals.sandbox.docker_backend import DockerBackend

        return DockerBackend(**options)
    raise ValueError(f"unknown sandbox backend {name!r}: use 'local' or 'docker'")


def close_backends() -> None:
    """Close the default pool's shared resources, backends included. Safe to call twice."""
    from verticals.resources import close_default_resources

    close_default_resources()


def execute(
    program: Program, limits: Limits | None = None, backend: str | Backend = "local"
) -> Result:
    """Run one program under `limits` and return what happened."""
    return get_backend(backend).run(program, limits or Limits())


def run(
    code: str,
    *,
    stdin: str = "",
    files: dict[str, str | bytes] | None = None,
    limits: Limits | None = None,
    backend: str | Backend = "local",
) -> Result:
    """Run a Python program (`code`, as main.py in a fresh work dir) and return the result."""
    return execute(Program(python=code, stdin=stdin, files=dict(files or {})), limits, backend)


def run_many(
    programs: Iterable[Program],
    limits: Limits | None = None,
    backend: str | Backend = "local",
    workers: int | None = None,
) -> list[Result]:
    """Run programs concurrently on every core; results come back in input order."""
    items = list(programs)
    chosen = get_backend(backend)
    limits = limits or Limits()
    workers = max(1, min(workers or os.cpu_count() or 1, len(items) or 1))
    with ThreadPoolExecutor(workers, thread_name_prefix="sandbox") as pool:
        return list(pool.map(lambda p: chosen.run(p, limits), items))
