"""Playing an evaluation: K attempts per task, a few at a time, into a resumable file.

Each attempt is one episode played by the model (`RetryingChatPolicy`) and appended to
`attempts.jsonl` as `{"task": {...}, "record": RolloutRecord}` as soon as it ends. Run
again with the same folder, an evaluation keeps every scored attempt and plays the rest:
unscored attempts move to `attempts.retried.jsonl`, unreadable lines to
`attempts.rejected.jsonl`, as `verticals run` does with its rollouts.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from verticals import registry
from verticals.evaluation.chat import RetryingChatPolicy
from verticals.evaluation.metrics import summarise
from verticals.runner import is_scored, play, versions
from verticals.types import RolloutRecord, Score

ATTEMPTS_FILE = "attempts.jsonl"
RETRIED_FILE = "attempts.retried.jsonl"
REJECTED_FILE = "attempts.rejected.jsonl"
REPORT_FILE = "report.json"


@dataclass(frozen=True)
class EvalPlan:
    """What to evaluate: every env in `env_ids`, tasks of seeds seed..seed+n-1, k attempts."""

    env_ids: tuple[str, ...]
    model: str
    n: int
    k: int
    seed: int = 0
    config: dict[str, Any] = field(default_factory=dict)
    base_url: str | None = None
    concurrency: int = 8
    retries: int = 4
    backoff_s: float = 1.0
    timeout_s: float = 120.0
    temperature: float = 1.0
    max_tokens: int = 2048
    threshold: float = 1.0

    @property
    def config_key(self) -> str:
        return json.dumps(self.config, sort_keys=True)

    def keys(self) -> list[tuple[str, str, str, int, int]]:
        """(model, env, config, seed, attempt) of every attempt, in a fixed order."""
        return [(self.model, env, self.config_key, self.seed + i, a)
                for env in self.env_ids for i in range(self.n) for a in range(self.k)]


def _key(line: dict[str, Any]) -> tuple[str, str, str, int, int]:
    task = line["task"]
    return (task["model"], task["env"], task["config_key"], task["seed"], task["attempt"])


def _read(path: Path) -> tuple[dict[tuple, str], list[str], list[str]]:
    """Kept (scored) lines by key, lines to play again, and unreadable lines."""
    kept: dict[tuple, str] = {}
    retried: list[str] = []
    rejected: list[str] = []
    if not path.exists():
        return kept, retried, rejected
    for raw in path.read_bytes().split(b"\n"):
        if not raw.strip():
            continue
        text = raw.decode("utf-8", errors="backslashreplace")
        try:
            line = json.loads(raw)
            record = RolloutRecord.model_validate(line["record"])
            key = _key(line)
        except (ValueError, KeyError, TypeError, ValidationError):
            rejected.append(text)
            continue
        if is_scored(record):
            kept[key] = text
        else:
            retried.append(text)
    return kept, retried, rejected


def _prepare(out: Path) -> tuple[dict[tuple, str], int, int]:
    path = out / ATTEMPTS_FILE
    kept, retried, rejected = _read(path)
    if retried or rejected:
        for name, lines in ((RETRIED_FILE, retried), (REJECTED_FILE, rejected)):
            if lines:
                with (out / name).open("a", encoding="utf-8") as handle:
                    handle.write("".join(line + "\n" for line in lines))
        fresh = path.with_name(path.name + ".tmp")
        fresh.write_text("".join(line + "\n" for line in kept.values()), encoding="utf-8")
        fresh.replace(path)
    elif path.exists() and not path.read_bytes().endswith(b"\n") and path.stat().st_size:
        with path.open("a", encoding="utf-8") as handle:  # a line torn by a crash
            handle.write("\n")
    return kept, len(retried), len(rejected)


class _Player:
    """One thread's envs, kept across its attempts."""

    def __init__(self, plan: EvalPlan) -> None:
        self.plan = plan
        self.envs: dict[str, Any] = {}

    def play(self, key: tuple[str, str, str, int, int]) -> dict[str, Any]:
        model, env_id, config_key, seed, attempt = key
        plan = self.plan
        difficulty: Any = None
        try:
            env = self.envs.get(env_id)
            if env is None:
                env = self.envs[env_id] = registry.make(env_id, **plan.config)
            policy = RetryingChatPolicy(
                base_url=plan.base_url, model=model, temperature=plan.temperature,
                max_tokens=plan.max_tokens, timeout_s=plan.timeout_s, retries=plan.retries,
                backoff_s=plan.backoff_s, sampling_seed=attempt,
            )
            record = play(env, policy, seed, plan.config)
            difficulty = (env.task.metadata or {}).get("difficulty") if env.task else None
        except Exception as exc:  # a crash is an unscored attempt, not a lost evaluation
            problem = f"{type(exc).__name__}: {exc}"[:2000]
            record = RolloutRecord(env=env_id, task_id="", seed=seed, config=plan.config,
                                   policy="openai", score=Score.no_verdict(problem),
                                   error=problem, versions=versions())
        task = {"model": model, "env": env_id, "config_key": config_key, "seed": seed,
                "attempt": attempt, "difficulty": "-" if difficulty is None else difficulty}
        return {"task": task, "record": json.loads(record.model_dump_json())}

    def close(self) -> None:
        for env in self.envs.values():
            try:
                env.close()
            except Exception:
                continue


def run_eval(plan: EvalPlan, out_dir: str | Path,
             on_progress: Callable[[int], None] | None = None,
             on_total: Callable[[int], None] | None = None,
             records: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Play every attempt of `plan` not yet scored in `out_dir`; write and return the report.

    `records`, when given, receives the rollout record of every attempt of the plan, the
    ones kept from an earlier run included (for `--report`).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    kept, retried, rejected = _prepare(out)
    planned = plan.keys()
    todo = [key for key in planned if key not in kept]
    if on_total:
        on_total(len(todo))
    lock = threading.Lock()
    local = threading.local()
    players: list[_Player] = []
    lines: dict[tuple, dict[str, Any]] = {key: json.loads(kept[key])
                                          for key in planned if key in kept}

    def attempt(key: tuple[str, str, str, int, int]) -> None:
        player = getattr(local, "player", None)
        if player is None:
            player = local.player = _Player(plan)
            with lock:
                players.append(player)
        line = player.play(key)
        with lock:
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
            handle.flush()
            lines[key] = line
        if on_progress:
            on_progress(1)

    with (out / ATTEMPTS_FILE).open("a", encoding="utf-8") as handle:
        pool = ThreadPoolExecutor(max_workers=max(1, plan.concurrency))
        try:
            for future in [pool.submit(attempt, key) for key in todo]:
                future.result()
        except BaseException:  # Ctrl-C or a failed write: start nothing more
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        finally:
            pool.shutdown(wait=True)
            for player in players:
                player.close()
    done = [lines[key] for key in planned if key in lines]
    if records is not None:
        records.extend(line["record"] for line in done)
    report = summarise(done, plan.k, plan.threshold)
    report.update(model=plan.model, n=plan.n, envs=list(plan.env_ids), config=plan.config,
                  played=len(todo), resumed=len(planned) - len(todo), retried=retried,
                  rejected=rejected)
    (out / REPORT_FILE).write_text(json.dumps(report, indent=2) + "\n")
    return report
