"""The small public API: `run`, `execute`, `run_many`, and shared backend instances.

Backends are expensive to start (a zygote, warm containers) and cheap to reuse, so the
functions here share one instance per backend name, closed at interpreter exit.
"""

from __future__ import annotations

import atexit
import os
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from verticals.sandbox.types import Limits, Program, Result


class Backend(Protocol):
    name: str

    def run(self, program: Program, limits: Limits | None = None) -> Result: ...

    def close(self) -> None: ...


_shared: dict[str, Backend] = {}
_shared_lock = threading.Lock()


def get_backend(name: str | Backend = "local", **options: Any) -> Backend:
    """The shared backend called `name` ("local" or "docker"), started on first use.

    With options, a new private instance is returned instead; the caller closes it.
    """
    if not isinstance(name, str):
        return name
    if options:
        return _make(name, **options)
    with _shared_lock:
        if name not in _shared:
            _shared[name] = _make(name)
        return _shared[name]


def _make(name: str, **options: Any) -> Backend:
    if name == "local":
        from verticals.sandbox.local import LocalBackend

        return LocalBackend(**options)
    if name == "docker":
        from verticals.sandbox.docker_backend import DockerBackend

        return DockerBackend(**options)
    raise ValueError(f"unknown sandbox backend {name!r}: use 'local' or 'docker'")


@atexit.register
def close_backends() -> None:
    """Close every shared backend (zygotes, warm containers). Safe to call twice."""
    with _shared_lock:
        backends = list(_shared.values())
        _shared.clear()
    for backend in backends:
        backend.close()


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
