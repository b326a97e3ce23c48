"""The figures of an evaluation: mean reward, pass@k and pass^k, unscored attempts apart.

For a task with n scored attempts of which c passed:
- pass@k = 1 - C(n-c, k) / C(n, k): the chance that at least one of k attempts drawn
  without replacement passes (the unbiased estimator of Chen et al., 2021).
- pass^k = C(c, k) / C(n, k): the chance that all k pass (tau-bench's reliability).
Both are averaged over the tasks with at least k scored attempts. An attempt without a
verdict (`Score.judged` false: the endpoint failed, the sandbox died) is not a failure:
it is left out of n and counted in `unscored`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from math import comb
from typing import Any


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased pass@k for one task: n scored attempts, c passed."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass@k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    return 1.0 - comb(n - c, k) / comb(n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """pass^k for one task: the chance that k attempts drawn from n all pass."""
    if not 0 <= c <= n or not 1 <= k <= n:
        raise ValueError(f"pass^k needs 0 <= c <= n and 1 <= k <= n (n={n}, c={c}, k={k})")
    return comb(c, k) / comb(n, k)


@dataclass
class TaskTally:
    """One task's attempts."""

    env: str
    difficulty: str
    attempts: int = 0
    scored: int = 0
    passed: int = 0
    reward_sum: float = 0.0


def _ks(k: int) -> list[int]:
    return list(range(1, k + 1))


def _figures(tasks: list[TaskTally], k: int) -> dict[str, Any]:
    scored = sum(t.scored for t in tasks)
    row: dict[str, Any] = {
        "tasks": len(tasks),
        "attempts": sum(t.attempts for t in tasks),
        "scored": scored,
        "unscored": sum(t.attempts - t.scored for t in tasks),
        "mean_reward": sum(t.reward_sum for t in tasks) / scored if scored else None,
        "pass_at": {},
        "pass_hat": {},
        "tasks_counted": {},
    }
    for j in _ks(k):
        counted = [t for t in tasks if t.scored >= j]
        row["tasks_counted"][str(j)] = len(counted)
        for name, fn in (("pass_at", pass_at_k), ("pass_hat", pass_hat_k)):
            values = [fn(t.scored, t.passed, j) for t in counted]
            row[name][str(j)] = sum(values) / len(values) if values else None
    return row


def summarise(attempts: Iterable[dict[str, Any]], k: int,
              threshold: float = 1.0) -> dict[str, Any]:
    """The report over attempt lines (`{"task": ..., "record": RolloutRecord dict}`).

    An attempt passes when it is scored and its reward reaches `threshold`.
    """
    tallies: dict[tuple[str, str, int], TaskTally] = {}
    for line in attempts:
        record = line["record"]
        key = (record["env"], line["task"]["config_key"], record["seed"])
        tally = tallies.get(key)
        if tally is None:
            tally = tallies[key] = TaskTally(record["env"], str(line["task"]["difficulty"]))
        tally.attempts += 1
        score = record["score"]
        if record.get("error") is None and score.get("status", "judged") == "judged":
            tally.scored += 1
            tally.reward_sum += score["reward"]
            tally.passed += score["reward"] >= threshold
    by_env: dict[str, list[TaskTally]] = defaultdict(list)
    for tally in tallies.values():
        by_env[tally.env].append(tally)
    rows = []
    for env, tasks in sorted(by_env.items()):
        by_difficulty: dict[str, list[TaskTally]] = defaultdict(list)
        for tally in tasks:
            by_difficulty[tally.difficulty].append(tally)
        if len(by_difficulty) > 1:  # the env's total, then one row per difficulty
            rows.append({"env": env, "difficulty": "all", **_figures(tasks, k)})
        for difficulty in sorted(by_difficulty, key=_difficulty_order):
            rows.append({"env": env, "difficulty": difficulty,
                         **_figures(by_difficulty[difficulty], k)})
    return {"k": k, "threshold": threshold, "rows": rows,
            "overall": _figures(list(tallies.values()), k)}


def _difficulty_order(value: str) -> tuple[int, float | str]:
    try:
        return (0, float(value))
    except ValueError:
        return (1, value)
