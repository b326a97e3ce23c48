"""Helpers the search tests share: a pool of their own, make, play, answer at once.

Plain functions, not fixtures: a conftest.py in this folder would shadow the root one,
which other tests import by name."""

from __future__ import annotations

import atexit
import shutil
import tempfile

import verticals
from verticals.resources import Resources

_pool: Resources | None = None


def pool() -> Resources:
    """One pool for the search tests, over a cache folder of this test process only."""
    global _pool
    if _pool is None:
        folder = tempfile.mkdtemp(prefix="verticals-search-tests-")
        _pool = Resources(cache_dir=folder)
        atexit.register(shutil.rmtree, folder, True)
        atexit.register(_pool.close)
    return _pool


def make(env_id: str = "search/multihop-v0", **config):
    """`verticals.make` over the tests' pool."""
    return verticals.make(env_id, resources=pool(), **config)


def play(env, actions):
    """Send `actions` in order; return the last (reward, info)."""
    reward, info = 0.0, {}
    for action in actions:
        _, reward, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    return reward, info


def final(env, text):
    """Answer at once with `text`; return (reward, score dict)."""
    _, reward, _, _, info = env.step(text)
    return reward, info["score"]
