"""The TRL environment classes on their own (no TRL needed): episodes, bounds, verdicts."""

from __future__ import annotations

import pytest

import verticals
from verticals.errors import VerticalsError
from verticals.integrations import trl as vtrl


def _row(env_id: str, seed: int, **config) -> dict:
    (row,) = vtrl.dataset(env_id, n=1, seed=seed, **config).to_list()
    return row


def test_an_episode_through_the_class_gives_the_env_verdict():
    cls = vtrl.environment_factory("math/calculator-v0", difficulty=1)
    env = cls()
    row = _row("math/calculator-v0", 4, difficulty=1)
    assert env.reset(**row) is None
    with pytest.raises(VerticalsError, match="finish_episodes"):
        env.get_reward()
    with verticals.make("math/calculator-v0", difficulty=1) as gold:
        gold.reset(seed=4)
        oracle = gold.task.oracle
    assert env.calculate(expression="2 ** 10") == "1024"
    assert env.calculate(expression="1/0").startswith("Error")  # the env's own error text
    vtrl.finish_episodes(prompts=[row["prompt"]], environments=[env],
                         completions=[[{"role": "assistant", "content": oracle[-1]}]])
    assert env.get_reward() == 1.0 and env.calculate(expression="1") == "Error: the episode is over"
    env.reset(**row)  # the same instance plays again, from a clean episode
    assert env.calls == [] and env.score is None
    vtrl.finish_episodes(prompts=[row["prompt"]], environments=[env],
                         completions=[[{"role": "assistant", "content": "\\boxed{1}"}]])
    assert env.get_reward() == 0.0


def test_bounds_hold_and_unreproducible_rows_have_no_verdict():
    cls = vtrl.environment_factory("math/calculator-v0", difficulty=1, max_tool_calls=2)
    env = cls()
    row = _row("math/calculator-v0", 0, difficulty=1, max_tool_calls=2)
    env.reset(**row)
    env.calculate(expression="1 + 1")
    env.calculate(expression="1 + 2")
    assert "tool-call limit" in env.calculate(expression="1 + 3")
    assert env.get_reward() == 0.0  # truncated: judged zero, not unscored
    env.reset(**{**row, "task_id": "math/calculator-v0@0:00000000:0"})
    assert env.get_reward() is None and env.score.status == "task_error"


def test_several_envs_give_a_class_per_env_routed_by_the_environment_column():
    factory = vtrl.environment_factory(["math/calculator-v0", "math/arithmetic-v0"])
    assert set(factory) == {"math/calculator-v0", "math/arithmetic-v0"}
    assert hasattr(factory["math/calculator-v0"], "calculate")
    assert not hasattr(factory["math/arithmetic-v0"], "calculate")
    data = vtrl.dataset(["math/calculator-v0", "math/arithmetic-v0"], n=4)
    assert data["environment"] == data["env"]
    with pytest.raises(VerticalsError, match="plays math/arithmetic-v0"):
        factory["math/arithmetic-v0"]().reset(**data[0])
