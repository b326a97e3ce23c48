"""Run a submission's tests in the sandbox (one run for all of them) and read the report.

`run_calls` and `run_programs` return what the submission *computed* for each test, or
a `Score` when there is nothing to judge: no verdict if the sandbox itself failed, a
judged 0 when the submission took the whole run down (the report never came).
"""

from __future__ import annotations

import functools
import json
import marshal
import secrets
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from verticals.rewards.code.runner import RUNNER
from verticals.sandbox.api import Backend, get_backend
from verticals.sandbox.types import Limits, Program
from verticals.types import Score

JOB_FILE = "_grader_job.json"
RUNNER_CODE = "_grader_runner.bin"
RUNNER_SOURCE = "_grader_runner.py"
#: Files a submission may not supply: the runner's own.
RESERVED = frozenset({JOB_FILE, RUNNER_CODE, RUNNER_SOURCE, "_stdin.txt"})
#: Compiling the runner costs more than the rest of a small run, so the host compiles it
#: once and ships the code object; an interpreter of another version compiles the source.
BOOT = f"""import sys
if sys.version_info[:2] == {tuple(sys.version_info[:2])!r}:
    import marshal
    with open({RUNNER_CODE!r}, "rb") as _fh:
        _code = marshal.loads(_fh.read())
else:
    with open({RUNNER_SOURCE!r}, encoding="utf-8") as _fh:
        _code = compile(_fh.read(), {RUNNER_SOURCE!r}, "exec")
exec(_code)
"""


@functools.cache
def _runner_code() -> bytes:
    return marshal.dumps(compile(RUNNER, RUNNER_SOURCE, "exec"))
#: Extra seconds for loading the submission (imports, module-level code): once per child
#: for function calls, and per test (a fresh process each) for programs.
LOAD_S = 1.0
PROGRAM_LOAD_S = 0.5
#: After this many timeouts the remaining tests are not run (they fail as "skipped"), so
#: an infinite loop costs one test's budget, not all of them.
MAX_TIMEOUTS = 1
MAX_OUTPUT = 8 << 20


def not_text(name: str, text: str | bytes) -> str | None:
    """Why a submitted file (its name or its text) cannot be sent as UTF-8, or None."""
    for what, value in (("file name", name), ("file", text)):
        if isinstance(value, bytes):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            where = "its name" if what == "file name" else f"character {exc.start + 1}"
            return (f"the submission is not valid text: {_shown(name)} has a lone surrogate "
                    f"(U+{ord(value[exc.start]):04X}) at {where}, which UTF-8 cannot encode")
    return None


def _shown(name: str) -> str:
    return name.encode("utf-8", "backslashreplace").decode("utf-8")[:80]


@dataclass(frozen=True)
class Outcome:
    """Per-test raw results from the runner, plus the run's own figures."""

    results: list[dict[str, Any]]
    wall_s: float


def _limits(budgets: Sequence[float], memory_mb: int) -> Limits:
    # The runner enforces each test's budget; this bound only catches a runner that hangs.
    total = sum(budgets) + LOAD_S * (MAX_TIMEOUTS + 2) + PROGRAM_LOAD_S * len(budgets) + 5.0
    return Limits(wall_s=total, cpu_s=total, memory_mb=memory_mb, processes=64,
                  file_size_mb=64, disk_mb=256, output_bytes=64 << 20, open_files=256)


def _execute(job: dict[str, Any], source: str, files: Mapping[str, str | bytes] | None,
             budgets: Sequence[float], backend: str | Backend, memory_mb: int,
             count: int) -> Outcome | Score:
    extra = dict(files or {})
    bad = sorted(name for name in extra if name in RESERVED or name == job["file"])
    if bad:
        return Score.zero(f"files may not replace the grader's files: {', '.join(bad)}")
    # Every submitted text enters the harness here: one that is not encodable text (a
    # lone surrogate) is the submission's fault, judged 0, never a harness crash.
    for name, text in [(job["file"], source), *extra.items()]:
        problem = not_text(name, text)
        if problem:
            return Score.zero(problem, passed=0.0, total=float(count))
    nonce = secrets.token_hex(16)
    runner = get_backend(backend)
    grader = {RUNNER_CODE: _runner_code()}
    if getattr(runner, "python", None) != sys.executable:  # maybe another version: BOOT
        grader[RUNNER_SOURCE] = RUNNER                      # compiles the source there
    program = Program(
        python=BOOT, stdin=nonce + "\n",
        files={**extra, job["file"]: source, JOB_FILE: json.dumps(job), **grader},
    )
    result = runner.run(program, _limits(budgets, memory_mb))
    if result.error:  # the sandbox failed, not the submission: no verdict on the agent
        return Score.no_verdict(f"sandbox error: {result.error.splitlines()[0]}")
    lines = result.stdout_bytes.splitlines()
    if len(lines) != 1 or not lines[0].startswith(nonce.encode() + b" "):
        why = f"limit hit: {result.limit_hit}" if result.limit_hit else "runner killed"
        tail = result.stderr.strip().splitlines()[-1:] if result.stderr else []
        if tail and not result.limit_hit:
            why += f"; {tail[0][:160]}"
        return Score.zero(f"no test report ({why}): the submission took the test run down",
                          passed=0.0, total=float(count))
    try:
        report = json.loads(lines[0][len(nonce) + 1 :])
        results = report["results"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return Score.zero("test report unreadable", passed=0.0, total=float(count))
    if not isinstance(results, list) or len(results) != count:
        return Score.zero("test report does not cover every test", passed=0.0,
                          total=float(count))
    return Outcome([r if isinstance(r, dict) else {"error": "protocol"} for r in results],
                   result.wall_s)


def run_calls(
    source: str, entry_point: str, cases: Sequence[Mapping[str, Any]], budgets: Sequence[float],
    *, files: Mapping[str, str | bytes] | None = None, module_file: str = "solution.py",
    backend: str | Backend = "local", memory_mb: int = 512,
) -> Outcome | Score:
    """Call `entry_point` of `source` on each case's `args` (and `kwargs`)."""
    job = {
        "mode": "calls", "file": module_file, "entry_point": entry_point,
        "cases": [{"args": list(c.get("args", [])), "kwargs": dict(c.get("kwargs", {})),
                   "entry_point": c.get("entry_point")} for c in cases],
        "budgets": [float(b) for b in budgets], "load_s": LOAD_S,
        "max_timeouts": MAX_TIMEOUTS, "max_output": MAX_OUTPUT,
    }
    return _execute(job, source, files, budgets, backend, memory_mb, len(cases))


def run_programs(
    source: str, stdins: Sequence[str], budgets: Sequence[float], *,
    files: Mapping[str, str | bytes] | None = None, backend: str | Backend = "local",
    memory_mb: int = 512,
) -> Outcome | Score:
    """Run `source` as a program once per stdin."""
    job = {
        "mode": "programs", "file": "solution.py", "stdins": list(stdins),
        "budgets": [float(b) for b in budgets], "load_s": PROGRAM_LOAD_S,
        "max_timeouts": MAX_TIMEOUTS, "max_output": MAX_OUTPUT,
    }
    return _execute(job, source, files, budgets, backend, memory_mb, len(stdins))
