"""Shared heavy resources: built once per (kind, config) per process, passed in, closed once.

A search world and its index, a rule set, a sandbox backend: each is too costly to build
per episode and safe to share between envs. A `Resource` subclass says how to build one
from its config; a `Resources` pool builds each (kind, config) once, hands the same
instance to every env and task source that asks, and closes them all in `close()`.

Envs and task sources receive the pool they use (`verticals.make(id, resources=pool)`);
when none is given they use the process's default pool, which the runner's workers, the
CLI and `bench` close when they finish (and, as a last resort for interactive use, at
interpreter exit).

Where a resource is data (an index, a generated world), `build` may keep it on disk: the
pool hands it a cache folder unique to (kind, version, config), under
`$VERTICALS_CACHE_DIR` (default `~/.cache/verticals`). A build is done under a file lock,
so two worker processes asking for the same world build it once and both read the result.
"""

from __future__ import annotations

import atexit
import fcntl
import hashlib
import json
import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

CACHE_ENV_VAR = "VERTICALS_CACHE_DIR"


class ResourceConfig(BaseModel):
    """Base for a resource's config: frozen, unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


ConfigT = TypeVar("ConfigT", bound=ResourceConfig)
ResourceT = TypeVar("ResourceT", bound="Resource[Any]")


class Resource(ABC, Generic[ConfigT]):
    """Something heavy that envs share. Subclasses set `kind`, `version`, `Config`."""

    #: Names the resource in cache paths and errors, e.g. "search-world".
    kind: ClassVar[str]
    #: Bump when what `build` writes to disk changes, so old caches are not read.
    version: ClassVar[str] = "1"
    #: Whether `build` uses its cache folder (data resources); processes need none.
    cached_on_disk: ClassVar[bool] = False
    Config: ClassVar[type[ResourceConfig]] = ResourceConfig

    @classmethod
    @abstractmethod
    def build(cls: type[ResourceT], config: Any, cache_dir: Path | None) -> ResourceT:
        """Make the resource for `config`; `cache_dir` is set when `cached_on_disk`."""

    def close(self) -> None:
        """Release what the resource holds (processes, containers, file handles)."""


def config_key(config: BaseModel) -> str:
    """A short digest of a config: the same config gives the same key in every process."""
    canonical = json.dumps(config.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def cache_root() -> Path:
    """Where data resources are kept on disk (`$VERTICALS_CACHE_DIR` or ~/.cache/verticals)."""
    configured = os.environ.get(CACHE_ENV_VAR)
    if configured:
        return Path(configured).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "verticals"


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Resources:
    """A pool of shared resources: one instance per (kind, config), closed together."""

    def __init__(self, cache_dir: Path | str | None = None) -> None:
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._items: dict[tuple[str, str], Resource[Any]] = {}
        self._lock = threading.RLock()

    @property
    def cache_dir(self) -> Path:
        return self._cache_dir if self._cache_dir is not None else cache_root()

    def get(
        self, resource: type[ResourceT], config: ResourceConfig | None = None, **values: Any
    ) -> ResourceT:
        """The shared instance of `resource` for `config` (or `values`), built on first use."""
        if config is None:
            config = resource.Config(**values)
        elif values:
            raise TypeError("pass either a config or keyword values, not both")
        key = (resource.kind, config_key(config))
        with self._lock:
            found = self._items.get(key)
            if found is None:
                found = self._build(resource, config, key[1])
                self._items[key] = found
            return found  # type: ignore[return-value]

    def _build(self, resource: type[ResourceT], config: ResourceConfig, key: str) -> ResourceT:
        if not resource.cached_on_disk:
            return resource.build(config, None)
        folder = self.cache_dir / resource.kind / f"v{resource.version}-{key}"
        with _file_lock(folder.with_name(folder.name + ".lock")):
            return resource.build(config, folder)

    def __contains__(self, resource: type[Resource[Any]]) -> bool:
        return any(kind == resource.kind for kind, _ in self._items)

    def __len__(self) -> int:
        return len(self._items)

    def close(self) -> None:
        """Close every resource built so far; safe to call twice. Errors do not stop it.

        The pool stays usable: a later `get` builds afresh.
        """
        with self._lock:
            items = list(self._items.values())
            self._items.clear()
        for item in reversed(items):
            with suppress(Exception):
                item.close()

    def __enter__(self) -> Resources:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_default: Resources | None = None
_default_lock = threading.Lock()


def default_resources() -> Resources:
    """The process's default pool, used by envs and sources given none explicitly."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Resources()
        return _default


def close_default_resources() -> None:
    """Close the default pool (runner workers, the CLI and bench call this when done)."""
    with _default_lock:
        pool = _default
    if pool is not None:
        pool.close()


# A last resort for interactive users who never close: zygotes and containers still go.
atexit.register(close_default_resources)
