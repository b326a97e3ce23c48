"""The report's grouping: per env, per difficulty when an env's tasks have several, overall."""

from __future__ import annotations

import pytest

from verticals.evaluation import summarise


def line(env: str, seed: int, attempt: int, difficulty: int, reward: float | None) -> dict:
    score = ({"reward": reward, "status": "judged"} if reward is not None
             else {"reward": 0.0, "status": "infrastructure_error"})
    return {"task": {"model": "m", "env": env, "config_key": "{}", "seed": seed,
                     "attempt": attempt, "difficulty": difficulty},
            "record": {"env": env, "seed": seed, "score": score, "error": None}}


def test_rows_per_env_and_difficulty():
    lines = [
        # env a, difficulty 1: task 0 passes 2 of 2; difficulty 2: task 1 passes 0 of 2
        line("a", 0, 0, 1, 1.0), line("a", 0, 1, 1, 1.0),
        line("a", 1, 0, 2, 0.0), line("a", 1, 1, 2, 0.5),
        # env b, one difficulty: task 0 passes 1 of 1 scored (one attempt unscored)
        line("b", 0, 0, 3, 1.0), line("b", 0, 1, 3, None),
    ]
    report = summarise(lines, k=2)
    rows = {(r["env"], r["difficulty"]): r for r in report["rows"]}
    assert list(rows) == [("a", "all"), ("a", "1"), ("a", "2"), ("b", "3")]
    assert rows[("a", "1")]["pass_at"] == {"1": 1.0, "2": 1.0}
    assert rows[("a", "2")]["pass_at"] == {"1": 0.0, "2": 0.0}
    assert rows[("a", "2")]["mean_reward"] == 0.25
    assert rows[("a", "all")]["pass_hat"] == {"1": 0.5, "2": 0.5}
    assert rows[("b", "3")]["unscored"] == 1 and rows[("b", "3")]["scored"] == 1
    assert rows[("b", "3")]["pass_at"] == {"1": 1.0, "2": None}  # 1 scored attempt < 2
    overall = report["overall"]
    assert overall["tasks"] == 3 and overall["unscored"] == 1
    assert overall["pass_at"]["1"] == pytest.approx((1 + 0 + 1) / 3)
    assert overall["pass_at"]["2"] == pytest.approx(0.5)  # tasks with 2 scored: a/0, a/1
    assert overall["mean_reward"] == pytest.approx(3.5 / 5)


def test_threshold_decides_a_pass():
    lines = [line("a", 0, 0, 1, 0.5), line("a", 0, 1, 1, 0.4)]
    assert summarise(lines, k=1)["overall"]["pass_at"]["1"] == 0.0
    assert summarise(lines, k=1, threshold=0.5)["overall"]["pass_at"]["1"] == 0.5
