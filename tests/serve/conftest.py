"""Fixtures: servers shared by a test module (all envs, or one). Helpers: serve_helpers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from serve_helpers import Served, running


@pytest.fixture(scope="module")
def math_server() -> Iterator[Served]:
    with running("math/arithmetic-v0") as served:
        yield served


@pytest.fixture(scope="module")
def all_server() -> Iterator[Served]:
    with running() as served:
        yield served
