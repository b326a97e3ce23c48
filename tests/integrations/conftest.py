"""Fixtures for the trainer adapters' tests."""

from __future__ import annotations

import pytest

import verticals


@pytest.fixture
def oracle_answer():
    """The oracle's final answer for (env id, seed, config): the test plays the policy."""

    def answer(env_id: str, seed: int, **config) -> str:
        with verticals.make(env_id, **config) as env:
            _, info = env.reset(seed=seed)
            policy = env.oracle()
            messages = list(info["messages"])
            while True:
                action = policy(messages)
                _, _, terminated, truncated, info = env.step(action)
                messages = list(info["messages"])
                if terminated or truncated:
                    return action if isinstance(action, str) else action.get("content", "")

    return answer
