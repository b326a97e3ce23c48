"""Playing many episodes: in parallel worker processes, to JSON lines, resumable.

A run is a list of jobs (env id, config, seed, policy). Finished episodes are appended to
`rollouts.jsonl` one line each, flushed as they arrive, so an interrupted run loses at
most the episodes in flight. Started again with the same output folder, it keeps every
scored episode and plays the rest again: episodes left unscored (the sandbox died, the
policy's endpoint failed, the env crashed) are moved to `rollouts.retried.jsonl`, and
lines that are not valid records to `rollouts.rejected.jsonl`, so nothing is lost and
`rollouts.jsonl` stays valid. `summary.json` is rewritten at the end.
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.util
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

from pydantic import ValidationError

from verticals import registry
from verticals.errors import VerticalsError
from verticals.policies import make_policy
from verticals.resources import close_default_resources
from verticals.types import RolloutRecord, Score, Timings

ROLLOUTS_FILE = "rollouts.jsonl"
SUMMARY_FILE = "summary.json"
#: Where resume moves records it plays again (unscored) and lines it cannot read.
RETRIED_FILE = "rollouts.retried.jsonl"
REJECTED_FILE = "rollouts.rejected.jsonl"


@dataclass(frozen=True)
class Job:
    """One episode to play. The config is kept as canonical JSON, so any config `make`
    accepts (nested dicts and lists included) is hashable and survives the trip to a
    worker process unchanged."""

    env: str
    seed: int
    policy: str
    config_json: str = "{}"

    @property
    def config(self) -> dict[str, Any]:
        return dict(json.loads(self.config_json))

    @property
    def key(self) -> str:
        return json.dumps([self.env, self.config, self.seed, self.policy], sort_keys=True)

    @classmethod
    def of(cls, env: str, seed: int, policy: str, config: dict[str, Any] | None = None) -> Job:
        try:
            canonical = json.dumps(config or {}, sort_keys=True, separators=(",", ":"))
        except TypeError as exc:
            raise VerticalsError(f"config for {env} is not JSON data: {exc}") from None
        return cls(env=env, seed=seed, policy=policy, config_json=canonical)


@cache
def _versions() -> tuple[tuple[str, str], ...]:
    from verticals import __version__

    return (("verticals", __version__), ("python", platform.python_version()))


def versions() -> dict[str, str]:
    """The versions every rollout records; envs add their own (`TextEnv.versions`)."""
    return dict(_versions())


def is_scored(record: RolloutRecord | dict[str, Any]) -> bool:
    """Whether a record holds a verdict on the agent (not a crash, not "no verdict")."""
    if isinstance(record, RolloutRecord):
        return record.error is None and record.score.judged
    score = record.get("score") or {}
    return not record.get("error") and score.get("status", "judged") == "judged"


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
        policy.begin(task, env)
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
    if info.get("score"):
        score = Score.model_validate(info["score"])
    elif error:  # the policy could not act (an endpoint failed): not the agent's verdict
        score = Score.no_verdict(f"episode did not finish: {error}")
    else:
        score = Score.zero("episode did not finish: no final answer")
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
        versions={**versions(), **env.versions(),
                  "generator": str(task.metadata.get("generator_version", ""))},
    )


class _Worker:
    """Keeps one env and one policy per (env, config, policy) alive across jobs."""

    def __init__(self, policy_options: dict[str, Any] | None = None) -> None:
        self._envs: dict[tuple[str, str], Any] = {}
        self._policies: dict[str, Any] = {}
        self._policy_options = policy_options or {}

    def play(self, job: Job) -> RolloutRecord:
        """Play one job; a crash in an env or policy becomes a failed record, not a lost run."""
        try:
            env_key = (job.env, job.config_json)
            if env_key not in self._envs:
                self._envs[env_key] = registry.make(job.env, **job.config)
            if job.policy not in self._policies:
                options = self._policy_options if job.policy == "openai" else {}
                self._policies[job.policy] = make_policy(job.policy, **options)
            env = self._envs[env_key]
            return play(env, self._policies[job.policy], job.seed, job.config)
        except VerticalsError:
            raise  # the user's mistake (bad id, config, policy): stop and say so
        except Exception as exc:
            problem = f"{type(exc).__name__}: {exc}"
            return RolloutRecord(
                env=job.env, task_id="", seed=job.seed, config=job.config,
                policy=job.policy, score=Score.no_verdict(f"episode crashed: {problem}"),
                error=problem[:2000], versions=versions(),
            )

    def close(self) -> None:
        """Close every env this worker made, then the shared resources they used."""
        envs = list(self._envs.values())
        self._envs.clear()
        for env in envs:
            try:
                env.close()
            except Exception:
                continue
        close_default_resources()


_WORKER: _Worker | None = None


def _play_chunk(jobs: list[Job], policy_options: dict[str, Any]) -> list[str]:
    global _WORKER
    if _WORKER is None:
        _WORKER = _Worker(policy_options)
        # Pool workers leave by os._exit, which skips atexit; multiprocessing's own
        # finalizers still run, so the worker's envs and sandboxes are closed there.
        multiprocessing.util.Finalize(None, _WORKER.close, exitpriority=10)
    return [_WORKER.play(job).model_dump_json() for job in jobs]


def _chunks(jobs: list[Job], size: int) -> Iterator[list[Job]]:
    for start in range(0, len(jobs), size):
        yield jobs[start : start + size]


def job_key(record: RolloutRecord) -> str:
    return Job.of(record.env, record.seed, record.policy, record.config).key


@dataclass
class ResumeReport:
    """What resume found in an existing rollouts file."""

    kept: dict[str, str] = field(default_factory=dict)  # job key -> line, scored episodes
    retried: list[str] = field(default_factory=list)  # valid records played again
    rejected: list[str] = field(default_factory=list)  # lines that are not valid records


def read_rollouts(path: Path) -> ResumeReport:
    """Sort the lines of a rollouts file into kept, to retry, and unreadable."""
    report = ResumeReport()
    if not path.exists():
        return report
    for raw in path.read_bytes().split(b"\n"):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
            record = RolloutRecord.model_validate_json(line)
        except (UnicodeDecodeError, ValidationError, ValueError):
            report.rejected.append(raw.decode("utf-8", errors="backslashreplace"))
            continue
        if is_scored(record):
            report.kept[job_key(record)] = line
        else:
            report.retried.append(line)
    return report


def _prepare_resume(out: Path) -> ResumeReport:
    """Leave `rollouts.jsonl` holding only scored episodes; set the rest aside, lose nothing."""
    rollouts = out / ROLLOUTS_FILE
    report = read_rollouts(rollouts)
    if not report.retried and not report.rejected:
        _drop_torn_tail(rollouts)
        return report
    for name, lines in ((RETRIED_FILE, report.retried), (REJECTED_FILE, report.rejected)):
        if lines:
            with (out / name).open("a", encoding="utf-8") as handle:
                handle.write("".join(line + "\n" for line in lines))
    fresh = rollouts.with_name(rollouts.name + ".tmp")
    fresh.write_text("".join(line + "\n" for line in report.kept.values()), encoding="utf-8")
    fresh.replace(rollouts)
    return report


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
    _start_forkserver_without_cwd()
    return context


def _start_forkserver_without_cwd() -> None:
    """Start the fork server so that the working directory is not on its `sys.path`.

    It starts as `python -c ...`, which puts the cwd first on `sys.path` (and Python 3.11
    does not apply the parent's path there), so a folder named `verticals` in the cwd would
    shadow the installed package in every worker. PYTHONSAFEPATH keeps the cwd out; it is
    set only while the server starts, and its workers inherit it.
    """
    import multiprocessing.forkserver

    previous = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if previous is None:
            os.environ.pop("PYTHONSAFEPATH", None)
        else:
            os.environ["PYTHONSAFEPATH"] = previous


def play_jobs(
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
        try:
            for job in jobs:
                take([worker.play(job).model_dump_json()])
        finally:
            worker.close()
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
    retried: int = 0
    rejected: int = 0
    #: Episodes played by this call that ended without a verdict, and the first one's why.
    unscored_now: int = 0
    first_problem: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "out_dir": self.out_dir,
            "episodes": self.episodes,
            "skipped": self.skipped,
            "retried": self.retried,
            "rejected": self.rejected,
            "wall_s": round(self.wall_s, 4),
            "envs": self.envs,
            "versions": versions(),
        }

    @property
    def unscored(self) -> int:
        return sum(row["unscored"] for row in self.envs)


def summarise(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per (env, config, policy): mean reward over scored episodes, the rest counted apart.

    An episode without a verdict (no-verdict score, crash, failed endpoint) is counted in
    `unscored`, never averaged into `mean_reward`, which is None when nothing was scored.
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        config = json.dumps(record.get("config") or {}, sort_keys=True)
        groups[(record["env"], config, record["policy"])].append(record)
    rows = []
    for (env, config, policy), group in sorted(groups.items()):
        scored = [r for r in group if is_scored(r)]
        rewards = [r["score"]["reward"] for r in scored]
        rows.append({
            "env": env,
            "config": json.loads(config),
            "policy": policy,
            "episodes": len(group),
            "scored": len(scored),
            "unscored": len(group) - len(scored),
            "mean_reward": sum(rewards) / len(rewards) if rewards else None,
            "truncated": sum(1 for r in group if r["truncated"]),
            "errors": sum(1 for r in group if r.get("error")),
            "mean_turns": sum(r["turns"] for r in group) / len(group),
        })
    return rows


def write_rollouts(
    jobs: list[Job],
    out_dir: str | Path,
    *,
    workers: int = 1,
    policy_options: dict[str, Any] | None = None,
    on_progress: Callable[[int], None] | None = None,
    player: Callable[..., list[str]] | None = None,
) -> RunSummary:
    """Play every job without a scored episode in `out_dir`, append rollouts, summarise.

    `player` plays the jobs left to play; it takes `play_jobs`'s arguments and calls
    `on_record` with each record's JSON line as it ends (e.g. Ray's, in
    `verticals.integrations.ray`). The default is `play_jobs`: local processes.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rollouts = out / ROLLOUTS_FILE
    resumed = _prepare_resume(out)
    todo = [job for job in jobs if job.key not in resumed.kept]
    started = time.perf_counter()
    unscored: list[str] = []
    with rollouts.open("a", encoding="utf-8") as handle:
        def write(line: str) -> None:
            handle.write(line + "\n")
            handle.flush()
            record = json.loads(line)
            if not is_scored(record):
                unscored.append(record.get("error") or record["score"]["reason"])

        (player or play_jobs)(todo, workers=workers, policy_options=policy_options,
                              on_record=write, on_progress=on_progress)
    wall_s = time.perf_counter() - started
    final = read_rollouts(rollouts)
    records = [json.loads(line) for line in [*final.kept.values(), *final.retried]]
    summary = RunSummary(str(out), episodes=len(todo), skipped=len(jobs) - len(todo),
                         wall_s=wall_s, envs=summarise(records),
                         retried=len(resumed.retried), rejected=len(resumed.rejected),
                         unscored_now=len(unscored), first_problem=next(iter(unscored), None))
    (out / SUMMARY_FILE).write_text(json.dumps(summary.as_dict(), indent=2) + "\n")
    return summary


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if sys.platform == "linux" else 1, 8))
