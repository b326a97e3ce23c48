"""`verticals bench`: every env played by the oracle and the null policy.

The oracle must reach reward 1.0 and the null policy 0.0 on every env and every config the
registry lists under `bench:` (for graded families, each difficulty level). The speed
figure is oracle episodes (reset + step + reward) per second of one core, from the median
episode so that a first episode's imports and caches do not distort it.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from verticals import registry
from verticals.runner import Job, is_scored, play_jobs, versions

DEFAULT_EPISODES = 10


@dataclass
class EnvFigures:
    id: str
    episodes: int
    oracle_reward: float | None
    null_reward: float | None
    episodes_per_s: float
    configs: int
    failures: list[dict[str, Any]]
    unscored: int = 0

    @property
    def ok(self) -> bool:
        """Oracle 1.0 and null 0 on every episode, and every episode scored.

        An unscored episode (no verdict: the sandbox died, the env crashed) is counted
        apart, never averaged in, and fails the bench: it proves nothing either way.
        """
        return (
            self.unscored == 0
            and self.oracle_reward is not None and self.oracle_reward >= 1.0
            and self.null_reward is not None and self.null_reward <= 0.0
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "oracle_reward": self.oracle_reward,
            "null_reward": self.null_reward,
            "episodes_per_s": round(self.episodes_per_s, 2),
            "episodes": self.episodes,
            "unscored": self.unscored,
            "configs": self.configs,
            "ok": self.ok,
            "failures": self.failures,
        }


def bench_jobs(env_ids: list[str], episodes: int, seed: int = 0) -> list[Job]:
    jobs = []
    for env_id in env_ids:
        configs = list(registry.spec(env_id).bench) or [{}]
        for config in configs:
            for offset in range(episodes):
                for policy in ("oracle", "null"):
                    jobs.append(Job.of(env_id, seed + offset, policy, config))
    return jobs


def figures(env_ids: list[str], lines: list[dict[str, Any]]) -> list[EnvFigures]:
    by_env: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in lines:
        by_env[record["env"]].append(record)
    rows = []
    for env_id in env_ids:
        records = by_env[env_id]
        scored = [r for r in records if is_scored(r)]
        oracle = [r for r in scored if r["policy"] == "oracle"]
        null = [r for r in scored if r["policy"] == "null"]
        oracle_times = [r["timings"]["reset_s"] + r["timings"]["step_s"] for r in oracle]
        median_time = statistics.median(oracle_times) if oracle_times else 0.0
        failures = [
            {"policy": r["policy"], "seed": r["seed"], "config": r["config"],
             "reward": r["score"]["reward"] if is_scored(r) else None,
             "status": r["score"].get("status", "judged"), "reason": r["score"]["reason"],
             "error": r.get("error")}
            for r in records
            if not is_scored(r)
            or (r["policy"] == "oracle" and r["score"]["reward"] < 1.0)
            or (r["policy"] == "null" and r["score"]["reward"] > 0.0)
        ]
        rows.append(EnvFigures(
            id=env_id,
            episodes=len(records),
            oracle_reward=_mean(r["score"]["reward"] for r in oracle),
            null_reward=_mean(r["score"]["reward"] for r in null),
            episodes_per_s=1.0 / median_time if median_time > 0 else 0.0,
            configs=len({repr(sorted(r["config"].items())) for r in records}),
            failures=failures[:20],
            unscored=len(records) - len(scored),
        ))
    return rows


def _mean(values: Any) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def bench(
    pattern: str | None = None,
    *,
    episodes: int = DEFAULT_EPISODES,
    workers: int = 1,
    seed: int = 0,
    on_progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    records: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Run the bench and return its JSON-ready report.

    Envs that need an optional module this installation lacks are not played: the report
    lists them under `skipped`, with the command that installs what they need.
    `records`, when given, receives every episode's rollout record (for `--report`).
    """
    env_ids, skipped = registry.runnable(registry.registered(pattern))
    jobs = bench_jobs(env_ids, episodes, seed)
    if on_total:
        on_total(len(jobs))
    lines = play_jobs(jobs, workers=workers, on_progress=on_progress)
    played = [json.loads(line) for line in lines]
    if records is not None:
        records.extend(played)
    rows = figures(env_ids, played)
    return {
        "envs": [row.as_dict() for row in rows],
        "skipped": skipped,
        "ok": all(row.ok for row in rows),
        "episodes_per_config": episodes,
        "versions": versions(),
    }
