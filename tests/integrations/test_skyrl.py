"""SkyRL-gym plays our envs: rows through `skyrl_gym.make`, `init` and `step` as SkyRL's
generator drives them (one env per row, `extras` = the row's other columns)."""

from __future__ import annotations

import pytest

skyrl_gym = pytest.importorskip(
    "skyrl_gym", reason="the skyrl extra is not installed: pip install -e '.[skyrl]'")

import verticals  # noqa: E402
from verticals.integrations import skyrl as vskyrl  # noqa: E402


def _play(row: dict, policy) -> tuple[dict, vskyrl.VerticalsTextEnv, int]:
    """SkyRL's agent loop in small: make from the row, init, step until done."""
    extras = {k: v for k, v in row.items() if k not in ("prompt", "env_class")}
    env = skyrl_gym.make(row["env_class"], env_config={}, extras=extras)
    chat, _ = env.init(list(row["prompt"]))
    turns = 0
    while True:
        turns += 1
        output = env.step(policy(chat, turns))
        chat = chat + [{"role": "assistant", "content": "..."}] + output["observations"]
        if output["done"]:
            env.close()
            return output, env, turns
        assert turns < env.max_turns


def _oracle(env_id: str, seed: int, **config):
    with verticals.make(env_id, **config) as env:
        env.reset(seed=seed)
        return list(env.task.oracle)


def test_multi_turn_episode_runs_tools_and_pays_the_env_reward():
    name = vskyrl.register()
    assert vskyrl.register() == name  # idempotent
    (row,) = vskyrl.rows("math/calculator-v0", n=1, difficulty=1)
    gold = _oracle("math/calculator-v0", row["task_seed"], difficulty=1)
    output, env, turns = _play(row, lambda chat, turn: gold[turn - 1])
    assert output["reward"] == 1.0 and output["metadata"]["judged"] is True
    assert turns == len(gold) and env.get_metrics() == {"unscored": 0, "tool_calls": 3}


def test_tool_results_come_back_as_observations_and_a_wrong_answer_scores_zero():
    vskyrl.register()
    (row,) = vskyrl.rows("math/calculator-v0", n=1, seed=3, difficulty=1)
    extras = {k: v for k, v in row.items() if k not in ("prompt", "env_class")}
    env = skyrl_gym.make("verticals", env_config={}, extras=extras)
    env.init(row["prompt"])
    out = env.step('<tool_call>{"name": "calculate", "arguments": {"expression": "6*7"}}'
                   '</tool_call>')
    assert out["done"] is False and out["observations"] == [{"role": "tool", "content": "42"}]
    out = env.step("no tool here: \\boxed{-1}")
    assert out["done"] is True and out["reward"] == 0.0 and out["metadata"]["judged"] is True


def test_single_turn_env_and_an_unreproducible_row():
    name = vskyrl.register("verticals-arith", env_id="math/arithmetic-v0")
    (row,) = vskyrl.rows("math/arithmetic-v0", n=1, env_class=name)
    gold = _oracle("math/arithmetic-v0", 0)
    output, _, turns = _play(row, lambda chat, turn: gold[0])
    assert (output["reward"], turns) == (1.0, 1)
    row["task_id"] = "math/arithmetic-v0@0:00000000:0"  # made by another generator version
    output, env, _ = _play(row, lambda chat, turn: gold[0])
    assert output["reward"] == 0.0 and output["metadata"]["judged"] is False
    assert output["metadata"]["status"] == "task_error" and env.get_metrics()["unscored"] == 1
