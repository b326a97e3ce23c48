"""Through the registry: the oracle earns 1.0 and "I don't know." earns 0.0 on every math
env at every level, and `math/mixed-v0` samples families as configured."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import verticals
from verticals.errors import ConfigError
from verticals.policies import NULL_ANSWER
from verticals.tasks.math.families import FAMILIES

MATH_ENVS = verticals.registered("math/*")


def _sweep(env_id: str) -> list[dict]:
    return list(verticals.spec(env_id).bench) or [{}]


def _play(env, seed: int, actions) -> float:
    env.reset(seed=seed)
    reward = 0.0
    for action in actions(env):
        _, reward, terminated, truncated, _ = env.step(action)
        if terminated or truncated:
            break
    return reward


@pytest.mark.parametrize("env_id", MATH_ENVS)
def test_oracle_scores_one_and_null_scores_zero_at_every_bench_level(env_id):
    failures = []
    for config in _sweep(env_id):
        env = verticals.make(env_id, **config)
        for seed in range(3):
            oracle = _play(env, seed, lambda e: list(e.task.oracle))
            null = _play(env, seed, lambda e: [NULL_ANSWER])
            if oracle != 1.0 or null != 0.0:
                failures.append((config, seed, env.task.reference, oracle, null))
    assert not failures, failures


def test_every_family_has_an_env_and_mixed_and_dataset_are_registered():
    ids = set(MATH_ENVS)
    assert {f"math/{name}-v0" for name in FAMILIES} <= ids
    assert {"math/mixed-v0", "math/dataset-v0", "math/calculator-v0"} <= ids


def test_mixed_is_deterministic_and_draws_family_and_difficulty_from_the_seed():
    a, b = verticals.make("math/mixed-v0"), verticals.make("math/mixed-v0")
    seen = Counter()
    levels = Counter()
    for seed in range(200):
        a.reset(seed=seed)
        b.reset(seed=seed)
        assert a.task == b.task
        seen[a.task.metadata["family"]] += 1
        levels[a.task.metadata["difficulty"]] += 1
    assert set(seen) == set(FAMILIES)  # every family turns up with equal weights
    assert set(levels) == {1, 2, 3, 4, 5}


def test_mixed_task_equals_the_family_task_it_names():
    env = verticals.make("math/mixed-v0")
    env.reset(seed=5)
    meta = env.task.metadata
    family = FAMILIES[meta["family"]]()
    expected = family.draft(meta["family_seed"], family.Config(difficulty=meta["difficulty"]))
    assert env.task.prompt == expected.prompt and env.task.reference == expected.reference


def test_mixed_weights_and_fixed_difficulty():
    env = verticals.make(
        "math/mixed-v0", weights={"quadratics": 3, "math/limits": 1, "primes-v0": 0}, difficulty=2
    )
    seen = Counter()
    for seed in range(200):
        env.reset(seed=seed)
        seen[env.task.metadata["family"]] += 1
        assert env.task.metadata["difficulty"] == 2
    assert set(seen) == {"quadratics", "limits"}
    assert seen["quadratics"] > 2 * seen["limits"]


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"quadratix": 1}, "unknown family 'quadratix'"),
        ({"quadratics": -1}, "must be a number >= 0"),
        ({"quadratics": 0}, "at least one family"),
    ],
)
def test_bad_mixed_weights_name_the_fix(weights, message):
    with pytest.raises(ConfigError, match=message):
        verticals.make("math/mixed-v0", weights=weights)


def test_config_changes_the_task_id():
    one = verticals.make("math/quadratics-v0", difficulty=1)
    five = verticals.make("math/quadratics-v0", difficulty=5)
    one.reset(seed=0)
    five.reset(seed=0)
    assert one.task.id != five.task.id and one.task.id.startswith("math/quadratics-v0@1:")


@pytest.mark.parametrize(
    "family, form",
    [
        ("factoring", "factored"),
        ("polynomial-expansion", "expanded"),
        ("rational-expressions", "single_fraction"),
    ],
)
def test_restating_the_question_earns_nothing_where_a_form_is_required(family, form):
    for difficulty in range(1, 6):
        env = verticals.make(f"math/{family}-v0", difficulty=difficulty)
        for seed in range(3):
            observation, _ = env.reset(seed=seed)
            assert env.task.reference["form"] == form
            shown = re.search(r"\$\$(.*?)\$\$", observation, re.DOTALL).group(1).strip()
            assert env.step(f"\\boxed{{{shown}}}")[1] == 0.0
