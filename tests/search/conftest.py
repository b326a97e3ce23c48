"""Fixtures for the search tests: one resource pool over a private cache folder."""

from __future__ import annotations

import pytest

import verticals
from verticals.resources import Resources


@pytest.fixture(scope="session")
def pool(tmp_path_factory):
    """A pool whose worlds are cached in a folder of this test session only."""
    with Resources(cache_dir=tmp_path_factory.mktemp("search-cache")) as resources:
        yield resources


@pytest.fixture(scope="session")
def make(pool):
    def build(env_id: str = "search/multihop-v0", **config):
        return verticals.make(env_id, resources=pool, **config)

    return build
