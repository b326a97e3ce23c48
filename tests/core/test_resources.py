"""Shared resources: one instance per (kind, config) per pool, built once, closed once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import ClassVar

import pytest

import verticals
from verticals.resources import Resource, ResourceConfig, Resources, config_key
from verticals.sandbox import api as sandbox_api


class WorldConfig(ResourceConfig):
    size: int = 3


class World(Resource[WorldConfig]):
    """A data resource: built into its cache folder once, read back after that."""

    kind = "test-world"
    cached_on_disk = True
    Config = WorldConfig
    closed: ClassVar[list[int]] = []

    def __init__(self, items: list[str], built_now: bool) -> None:
        self.items = items
        self.built_now = built_now

    @classmethod
    def build(cls, config: WorldConfig, cache_dir: Path | None) -> World:
        assert cache_dir is not None
        data = cache_dir / "items.txt"
        if data.exists():
            return cls(data.read_text().split(), built_now=False)
        items = [f"entity-{i}" for i in range(config.size)]
        cache_dir.mkdir(parents=True, exist_ok=True)
        with (cache_dir.parent / "builds.log").open("a") as log:
            log.write("built\n")
        tmp = data.with_suffix(".tmp")
        tmp.write_text(" ".join(items))
        tmp.replace(data)
        return cls(items, built_now=True)

    def close(self) -> None:
        World.closed.append(len(self.items))


def test_one_instance_per_kind_and_config(tmp_path):
    pool = Resources(cache_dir=tmp_path)
    first = pool.get(World, size=3)
    assert pool.get(World, WorldConfig(size=3)) is first
    other = pool.get(World, size=4)
    assert other is not first and other.items[-1] == "entity-3"
    assert len(pool) == 2 and World in pool


def test_close_closes_each_once_and_the_pool_can_be_used_again(tmp_path):
    World.closed.clear()
    pool = Resources(cache_dir=tmp_path)
    pool.get(World, size=2)
    pool.get(World, size=5)
    pool.close()
    pool.close()
    assert sorted(World.closed) == [2, 5]
    assert pool.get(World, size=2).built_now is False  # read back from disk


def test_data_is_cached_on_disk_per_config(tmp_path):
    Resources(cache_dir=tmp_path).get(World, size=3)
    again = Resources(cache_dir=tmp_path).get(World, size=3)
    assert again.built_now is False and again.items == ["entity-0", "entity-1", "entity-2"]
    folder = tmp_path / "test-world" / f"v1-{config_key(WorldConfig(size=3))}"
    assert (folder / "items.txt").exists()


def _build_in_child(cache: str) -> bool:
    return Resources(cache_dir=cache).get(World, size=7).built_now


def test_parallel_processes_build_a_world_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(3) as workers:
        built = workers.map(_build_in_child, [str(tmp_path)] * 6)
    assert sum(built) == 1
    assert (tmp_path / "test-world" / "builds.log").read_text().count("built") == 1


def test_bad_config_is_refused():
    with pytest.raises(ValueError):
        Resources().get(World, colour="red")
    with pytest.raises(TypeError, match="either a config or keyword"):
        Resources().get(World, WorldConfig(), size=2)


def test_sandbox_backends_come_from_the_pool_they_are_asked_of():
    pool = Resources()
    backend = sandbox_api.get_backend("local", resources=pool)
    assert sandbox_api.get_backend("local", resources=pool) is backend
    assert sandbox_api.get_backend("local") is not backend  # the default pool is another
    pool.close()
    assert sandbox_api.get_backend("local", resources=pool) is not backend


def test_unknown_backend_names_the_choices():
    with pytest.raises(ValueError, match="'local' or 'docker'"):
        sandbox_api.get_backend("podman")


def test_make_passes_one_pool_to_the_env_and_its_source():
    pool = Resources()
    env = verticals.make("math/arithmetic-v0", resources=pool)
    assert env.resources is pool and env.source.resources is pool
    default = verticals.make("math/arithmetic-v0")
    assert default.resources is default.source.resources is not pool
