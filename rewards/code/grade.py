"""The code reward: run the hidden tests on the submitted code, judge every output here.

1.0 iff every hidden test passes (`reward_mode="fraction"`: the pass rate); no credit for
format, compiling or partial output. Components: tests passed and total, failures by
kind, and the run's seconds; the reason names the first failing test by index and kind
(never its input or expected value). A failure of the sandbox itself is no verdict.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Mapping
from typing import Any

from verticals.resources import Resources
from verticals.rewards.code.compare import same_output, same_value
from verticals.rewards.code.execute import Outcome, run_calls, run_programs
from verticals.rewards.code.extract import extract_code
from verticals.rewards.code.sandbox import backend_for
from verticals.rewards.code.timing import budgets, reference_seconds
from verticals.sandbox.api import Backend
from verticals.types import Score, Task, Trajectory

#: Longest submission judged (characters); longer ones earn 0 without running.
MAX_SOURCE_CHARS = 200_000
#: Budget per test when a task has no reference to time (datasets without solutions).
DEFAULT_BUDGET_S = 4.0

FAILURE_NAMES = {
    "wrong": "wrong answer", "exception": "exception", "timeout": "time limit",
    "memory": "memory limit", "crashed": "process died", "output": "output too large",
    "load": "could not load", "skipped": "not run after a timeout", "exit": "non-zero exit",
    "protocol": "unreadable result", "missing": "function missing",
}


def _judge_value(reference: Mapping[str, Any]) -> Any:
    from verticals.tasks.code.judges import JUDGES  # the task names its judge

    name = reference.get("judge")
    return JUDGES.get(name) if name else None


def test_budgets(task_key: str, reference: Mapping[str, Any], args: list[list[Any]]) -> list[float]:
    """Per-test time limits: from the reference's own time when the task has one."""
    solution, entry = reference.get("solution"), reference.get("entry_point")
    factor = float(reference.get("time_factor") or 10.0)
    floor = float(reference.get("time_floor_s") or 1.0)
    if reference.get("timed", True) and solution and entry and args:
        seconds = reference_seconds(task_key, solution, entry, args)
        return budgets(seconds, factor, floor)
    return [float(reference.get("budget_s") or DEFAULT_BUDGET_S)] * len(args)


def _summary(kinds: list[str | None], wall_s: float, mode: str) -> Score:
    total = len(kinds)
    passed = sum(1 for k in kinds if k is None)
    counts = Counter(k for k in kinds if k is not None)
    # No wall-clock figure here: a verdict must be the same every time (the run's time is
    # in the rollout's timings).
    components = {"passed": float(passed), "total": float(total)}
    components.update({f"failed_{k}": float(v) for k, v in sorted(counts.items())})
    if passed == total:
        return Score.full(f"all {total} hidden tests passed", **components)
    first = next(i for i, k in enumerate(kinds) if k is not None)
    why = FAILURE_NAMES.get(str(kinds[first]), str(kinds[first]))
    reason = f"{passed}/{total} hidden tests passed; first failure: test {first + 1}, {why}"
    reward = passed / total if mode == "fraction" else 0.0
    return Score(reward=reward, components=components, reason=reason)


def _kind(result: Mapping[str, Any]) -> str:
    error = result.get("error")
    return error if isinstance(error, str) and error in FAILURE_NAMES else "protocol"


def score_function(
    code: str, reference: Mapping[str, Any], *, task_key: str = "",
    backend: str | Backend = "local", files: Mapping[str, str | bytes] | None = None,
    module_file: str = "solution.py", resources: Resources | None = None,
) -> Score:
    """Judge `code` (Python source) on a function task's hidden tests."""
    tests = reference.get("tests") or []
    entry = reference.get("entry_point")
    if not tests or not isinstance(entry, str):
        return Score.no_verdict("the task has no hidden tests", status="task_error")
    if not code.strip():
        return Score.zero("no code submitted", passed=0.0, total=float(len(tests)))
    if len(code) > MAX_SOURCE_CHARS:
        return Score.zero(f"code longer than {MAX_SOURCE_CHARS} characters")
    args = [t["args"] for t in tests]
    limits = test_budgets(task_key or str(hash_key(reference)), reference, args)
    prefix = reference.get("prefix") or ""
    source = f"{prefix}\n{code}" if prefix else code  # helpers the prompt defined stay defined
    outcome = run_calls(source, entry, tests, limits, files=files, module_file=module_file,
                        backend=backend_for(reference, backend, resources))
    if isinstance(outcome, Score):
        return outcome
    judge = _judge_value(reference)
    tol = reference.get("float_tol")
    # with a tolerance the task asks for numbers, so an int may stand for a float
    loose = bool(reference.get("loose_numbers")) or tol is not None
    kinds: list[str | None] = []
    for test, result in zip(tests, outcome.results, strict=True):
        if "value" not in result:
            kinds.append(_kind(result))
            continue
        got = result["value"]
        wanted = test["expected_any"] if "expected_any" in test else [test["expected"]]
        ok = judge(test["args"], got) if judge else any(
            same_value(got, w, tol=tol, loose=loose) for w in wanted)
        kinds.append(None if ok else "wrong")
    return _summary(kinds, _wall(outcome), str(reference.get("reward_mode", "all")))


def score_program(
    code: str, reference: Mapping[str, Any], *, task_key: str = "",
    backend: str | Backend = "local", resources: Resources | None = None,
) -> Score:
    """Judge `code` (a whole program) on a stdio task's hidden tests."""
    tests = reference.get("tests") or []
    if not tests:
        return Score.no_verdict("the task has no hidden tests", status="task_error")
    if not code.strip():
        return Score.zero("no code submitted", passed=0.0, total=float(len(tests)))
    if len(code) > MAX_SOURCE_CHARS:
        return Score.zero(f"code longer than {MAX_SOURCE_CHARS} characters")
    args = [t["args"] for t in tests if "args" in t]
    if len(args) == len(tests):
        limits = test_budgets(task_key or str(hash_key(reference)), reference, args)
    else:
        limits = [float(reference.get("budget_s") or DEFAULT_BUDGET_S)] * len(tests)
    outcome = run_programs(code, [t["stdin"] for t in tests], limits,
                           backend=backend_for(reference, backend, resources))
    if isinstance(outcome, Score):
        return outcome
    checker = reference.get("checker")
    tol = reference.get("float_tol")
    kinds: list[str | None] = []
    for test, result in zip(tests, outcome.results, strict=True):
        if "stdout" not in result or not isinstance(result["stdout"], str):
            kinds.append(_kind(result))
            continue
        if checker:
            from verticals.tasks.code.stdio import check_with_judge

            ok = check_with_judge(checker, test, result["stdout"])
        else:
            ok = same_output(result["stdout"], test["stdout"], tol=tol)
        kinds.append(None if ok else "wrong")
    return _summary(kinds, _wall(outcome), str(reference.get("reward_mode", "all")))


def _wall(outcome: Outcome) -> float:
    return outcome.wall_s


def hash_key(reference: Mapping[str, Any]) -> str:
    import hashlib
    import json

    return hashlib.sha256(json.dumps(reference, sort_keys=True, default=str).encode()).hexdigest()


def score_repair(
    files: Mapping[str, Any], reference: Mapping[str, Any], *, task_key: str = "",
    backend: str | Backend = "local", resources: Resources | None = None,
) -> Score:
    """Judge the agent's files of a repair task: every function's hidden tests on its module.

    Only the module and the agent's other top-level .py files (helpers it may import) go to
    the sandbox; the tests folder and anything else the agent wrote cannot change grading.
    """
    module = str(reference.get("module") or "module.py")
    source = files.get(module)
    functions = reference.get("functions") or []
    tests = [t for f in functions for t in f.get("tests", [])]
    if not tests:
        return Score.no_verdict("the task has no hidden tests", status="task_error")
    if not isinstance(source, str) or not source.strip():
        return Score.zero(f"{module} is missing or empty", passed=0.0, total=float(len(tests)))
    given = (reference.get("files") or {}).get(module)
    if source == given:  # the buggy module as handed out: its mutant is known to fail
        return Score.zero(f"{module} is unchanged: the bug is still there", passed=0.0,
                          total=float(len(tests)))
    helpers = {
        path: text for path, text in files.items()
        if isinstance(path, str) and isinstance(text, str) and path.endswith(".py")
        and path != module and "/" not in path and not path.startswith("_")
    }
    original = str(reference.get("solution") or "")
    limits: list[float] = []
    for f in functions:
        args = [t["args"] for t in f.get("tests", [])]
        seconds = (reference_seconds(f"{task_key}:{f['entry_point']}", original,
                                     f["entry_point"], args)
                   if original else [0.0] * len(args))
        limits += budgets(seconds, float(reference.get("time_factor") or 10.0),
                          float(reference.get("time_floor_s") or 1.0))
    outcome = run_calls(source, "", tests, limits, files=helpers, module_file=module,
                        backend=backend_for(reference, backend, resources))
    if isinstance(outcome, Score):
        return outcome
    kinds: list[str | None] = []
    for test, result in zip(tests, outcome.results, strict=True):
        if "value" not in result:
            kinds.append(_kind(result))
        else:
            kinds.append(None if same_value(result["value"], test["expected"]) else "wrong")
    return _summary(kinds, _wall(outcome), str(reference.get("reward_mode", "all")))


def score(answer: str | None, reference: Mapping[str, Any], *, task_key: str = "",
          backend: str | Backend = "local", resources: Resources | None = None) -> Score:
    """Judge a final message (its last ```python block) against a task's reference."""
    code = extract_code(answer)
    kind = reference.get("kind")
    if kind == "stdio":
        return score_program(code, reference, task_key=task_key, backend=backend,
                             resources=resources)
    if kind == "function":
        return score_function(code, reference, task_key=task_key, backend=backend,
                              resources=resources)
    return Score.no_verdict(f"unknown code task kind {kind!r}", status="task_error")


def reward(trajectory: Trajectory, task: Task) -> Score:
    """The registry's reward for every code env. Repair tasks are judged on the end
    state's files, so a rollout record alone is enough to re-score them.

    The env hands over its resource pool as the live world, so the sandbox the reward
    starts is closed with that pool; re-scored offline, the default pool is used."""
    pool = trajectory.world if isinstance(trajectory.world, Resources) else None
    if task.reference.get("kind") == "repair":
        files = trajectory.state.get("files")
        if not isinstance(files, dict):
            return Score.no_verdict("the episode's end state has no files", status="task_error")
        return score_repair(files, task.reference, task_key=task.id, backend=default_backend(),
                            resources=pool)
    return score(trajectory.final_answer, task.reference, task_key=task.id,
                 backend=default_backend(), resources=pool)


def default_backend() -> str:
    """The sandbox backend rewards use: $VERTICALS_CODE_BACKEND ("local" or "docker")."""
    return os.environ.get("VERTICALS_CODE_BACKEND", "local")
