"""Playing many episodes: in parallel worker processes, to JSON lines, resumable.

A run is a list of jobs (env id, config, seed, policy). Finished episodes are appended to
`rollouts.jsonl` one line each, flushed as they arrive, so an interrupted run loses at
most the episodes in flight; started again with the same output folder, it skips every
job whose line is already there. `summary.json` is rewritten at the end.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from verticals import registry
from verticals.errors import VerticalsError
from verticals.policies import make_policy
from verticals.types import RolloutRecord, Score, Timings

ROLLOUTS_FILE = "rollouts.jsonl"
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class Job:
    """One episode to play."""

    env: str
    seed: int
    policy: str
    config: tuple[tuple[str, Any], ...] = ()

    @property
    def key(self) -> str:
        return json.dumps([self.env, dict(self.config), self.seed, self.policy], sort_keys=True)

    @classmethod
    def of(cls, env: str, seed: int, policy: str, config: dict[str, Any] | None = None) -> Job:
        return cls(env=env, seed=seed, policy=policy, config=tuple(sorted((config or {}).items())))


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    from importlib.metadata import version

    from verticals import __version__

    return (("verticals", __version__), ("python", platform.python_version()),
            ("sympy", version("sympy")))


def versions() -> dict[str, str]:
    """What a rollout's tasks and verdicts depend on: sympy renders and checks math gold."""
    return dict(_versions())


def play(env: Any, policy: Any, seed: int, config: dict[str, Any] | None = None) -> RolloutRecord:
    """Play one episode of `env` with `policy` on the task of `seed`."""
    started = time.perf_counter()
    observation, info = env.reset(seed=seed)
    reset_s = time.perf_counter() - started
    task = env.task
    policy_s = step_s = 0.0
    terminated = truncated = False
    error = None
    try:
        policy.begin(task)
    except VerticalsError as exc:
        error = str(exc)
    # Bounded twice over: the env truncates at max_turns, and so does this loop.
    for _ in range(0 if error else env.config.max_turns + 1):
        tick = time.perf_counter()
        try:
            action = policy.act(observation, info)
        except VerticalsError as exc:
            error = str(exc)
            break
        policy_s += time.perf_counter() - tick
        tick = time.perf_counter()
        observation, _, terminated, truncated, info = env.step(action)
        step_s += time.perf_counter() - tick
        if terminated or truncated:
            break
    score = Score.model_validate(info["score"]) if info.get("score") else (
        Score.zero(f"episode did not finish: {error or 'no final answer'}")
    )
    trajectory = env.trajectory(info.get("final_answer"))
    return RolloutRecord(
        env=env.env_id,
        task_id=task.id,
        seed=seed,
        config=dict(config or {}),
        policy=policy.name,
        messages=trajectory.messages,
        tool_calls=trajectory.tool_calls,
        final_answer=trajectory.final_answer,
        state=trajectory.state,
        score=score,
        turns=info["turn"],
        terminated=terminated,
        truncated=truncated,
        error=error,
        timings=Timings(reset_s=reset_s, policy_s=policy_s, step_s=step_s,
                        total_s=time.perf_counter() - started),
        versions={**versions(), "generator": str(task.metadata.get("generator_version", ""))},
    )


class _Worker:
    """Keeps one env and one policy per (env, config, policy) alive across jobs."""

    def __init__(self, policy_options: dict[str, Any] | None = None) -> None:
        self._envs: dict[tuple, Any] = {}
        self._policies: dict[str, Any] = {}
        self._policy_options = policy_options or {}

    def play(self, job: Job) -> RolloutRecord:
        """Play one job; a crash in an env or policy becomes a failed record, not a lost run."""
        try:
            env_key = (job.env, job.config)
            if env_key not in self._envs:
                self._envs[env_key] = registry.make(job.env, **dict(job.config))
            if job.policy not in self._policies:
                options = self._policy_options if job.policy == "openai" else {}
                self._policies[job.policy] = make_policy(job.policy, **options)
            env = self._envs[env_key]
            return play(env, self._policies[job.policy], job.seed, dict(job.config))
        except VerticalsError:
            raise  # the user's mistake (bad id, config, policy): stop and say so
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
            return RolloutRecord(
                env=job.env, task_id="", seed=job.seed, config=dict(job.config),
                policy=job.policy, score=Score.zero(f"episode crashed: {problem}"),
                error=problem[:2000], versions=versions(),
            )


_WORKER: _Worker | None = None


def _play_chunk(jobs: list[Job], policy_options: dict[str, Any]) -> list[str]:
    global _WORKER
    if _WORKER is None:
        _WORKER = _Worker(policy_options)
    return [_WORKER.play(job).model_dump_json() for job in jobs]


def _chunks(jobs: list[Job], size: int) -> Iterator[list[Job]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


def finished_keys(path: Path) -> set[str]:
    """Keys of the jobs already in a rollout file; a torn last line is ignored."""
    done = set()
    if not path.exists():
        return done
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            try:
                record = json.loads(line)
                done.add(Job.of(record["env"], record["seed"], record["policy"],
                                record.get("config")).key)
            except (json.JSONDecodeError, KeyError, TypeError):
                continue
    return done


def _drop_torn_tail(path: Path) -> None:
    """Cut a last line left half-written by a killed run, so appends start on a new line."""
    if not path.exists() or path.stat().st_size == 0:
        return
    data = path.read_bytes()
    if not data.endswith(b"\n"):
        path.write_bytes(data[: data.rfind(b"\n") + 1])


def _mp_context() -> Any:
    """Workers come from a fork server that has imported verticals but runs no threads.

    Forking the caller directly would copy whatever locks its threads (a progress bar, a
    sandbox's reader threads) hold at that instant into the children.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["verticals.runner"])
    return context


def execute(
    jobs: list[Job],
    *,
    workers: int = 1,
    policy_options: dict[str, Any] | None = None,
    on_record: Callable[[str], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> list[str]:
    """Play `jobs`, in `workers` processes when more than one; returns JSON lines."""
    options = policy_options or {}
    lines: list[str] = []

    def take(batch: list[str]) -> None:
        for line in batch:
            lines.append(line)
            if on_record:
                on_record(line)
        if on_progress:
            on_progress(len(batch))

    if workers <= 1 or len(jobs) <= 1:
        worker = _Worker(options)
        for job in jobs:
            take([worker.play(job).model_dump_json()])
        return lines
    size = max(1, min(32, len(jobs) // (workers * 4) or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
        futures = [pool.submit(_play_chunk, chunk, options) for chunk in _chunks(jobs, size)]
        for future in as_completed(futures):
            take(future.result())
    return lines


@dataclass
class RunSummary:
    out_dir: str
    episodes: int
    skipped: int
    wall_s: float
    envs: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "episodes": self.episodes,
            "skipped": self.skipped,
            "wall_s": round(self.wall_s, 4),
            "envs": self.envs,
            "versions": versions(),
        }


def summarise(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mean reward and counts per (env, policy)."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        groups[(record["env"], record["policy"])].append(record)
    rows = []
    for (env, policy), group in sorted(groups.items()):
        rewards = [r["score"]["reward"] for r in group]
        rows.append({
            "env": env,
            "policy": policy,
            "episodes": len(group),
            "mean_reward": sum(rewards) / len(rewards),
            "truncated": sum(1 for r in group if r["truncated"]),
            "errors": sum(1 for r in group if r.get("error")),
            "mean_turns": sum(r["turns"] for r in group) / len(group),
        })
    return rows


def run(
    jobs: list[Job],
    out_dir: str | Path,
    *,
    workers: int = 1,
    policy_options: dict[str, Any] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> RunSummary:
    """Play every job not already in `out_dir`, append rollouts, write the summary."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rollouts = out / ROLLOUTS_FILE
    _drop_torn_tail(rollouts)
    done = finished_keys(rollouts)
    todo = [job for job in jobs if job.key not in done]
    started = time.perf_counter()
    with rollouts.open("a", encoding="utf-8") as handle:
        def write(line: str) -> None:
            handle.write(line + "\n")
            handle.flush()

        execute(todo, workers=workers, policy_options=policy_options,
                on_record=write, on_progress=on_progress)
    wall_s = time.perf_counter() - started
    with rollouts.open(encoding="utf-8") as handle:
        records = []
        for line in handle:
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    summary = RunSummary(str(out), episodes=len(todo), skipped=len(jobs) - len(todo),
                         wall_s=wall_s, envs=summarise(records))
    (out / SUMMARY_FILE).write_text(json.dumps(summary.as_dict(), indent=2) + "\n")
    return summary


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1, 8))
