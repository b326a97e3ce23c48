"""Grading harness for the code vertical: run a submission's tests where it cannot lie.

Rules that make the known reward hacks earn 0:
- Expected values never enter the sandbox. The sandboxed runner only *computes* the
  submission's outputs for the test inputs; the trusted parent compares them.
- Outputs leave the sandbox as plain JSON built from exact builtin types (`type(x) is int`,
  never `isinstance`), so no object of the submission's (say, one whose `__eq__` is always
  True) ever reaches the comparison, which runs in the parent on decoded data.
- The runner's report is one line, prefixed with a fresh random nonce the parent sent on
  stdin, written to a private copy of stdout after the *last* test, while the submission's
  own stdout goes to /dev/null. No line, two lines, a wrong nonce or a wrong count: reward 0.
  So `sys.exit(0)`, `os._exit(0)`, `raise SkipTest`, patched `unittest`/`builtins`, and
  printed "fake pass" lines all end with tests unpassed or the report missing.
- No test framework, so a `conftest.py` or `sitecustomize.py` in the files has nothing to
  patch (the local backend's runs do not run `site`; in docker the script dir is not
  searched for it at start-up).
- I/O tests compare the whole normalised stdout of each run (one sandbox run per test).
"""

from __future__ import annotations

import json
import math
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from verticals.sandbox.api import Backend, execute, run_many
from verticals.sandbox.types import Limits, Program
from verticals.types import Score

SOLUTION_FILE = "solution.py"
TESTS_FILE = "tests.json"

RUNNER = r'''
import json as _json
import os as _os
import sys as _sys


def _encode(value, _type=type, _depth=0):
    """Plain JSON data from exact builtin types only; anything else is refused."""
    if _depth > 64:
        raise TypeError("too deep")
    t = _type(value)
    if value is None or t is bool or t is int or t is str:
        return value
    if t is float:
        return value if value == value and value not in (float("inf"), float("-inf")) else (
            {"float": repr(value)})
    if t is list or t is tuple:
        return [_encode(v, _type, _depth + 1) for v in value]
    if t is dict:
        out = {}
        for k, v in value.items():
            if _type(k) is not str:
                raise TypeError("dict keys must be str")
            out[k] = _encode(v, _type, _depth + 1)
        return out
    raise TypeError("unsupported result type")


def _main(_dumps=_json.dumps, _write=_os.write, _exit=_os._exit, _encode=_encode):
    nonce = _sys.stdin.readline().strip()
    with open("tests.json", encoding="utf-8") as fh:
        tests = _json.load(fh)
    _os.unlink("tests.json")
    channel = _os.dup(1)
    quiet = _os.open(_os.devnull, _os.O_WRONLY)
    _os.dup2(quiet, 1)
    _sys.stdin = open(_os.devnull)
    entry = tests["entry_point"]
    fn = None
    try:
        import importlib.util

        spec = importlib.util.spec_from_file_location("solution", "solution.py")
        module = importlib.util.module_from_spec(spec)
        _sys.modules["solution"] = module
        spec.loader.exec_module(module)
        fn = getattr(module, entry)
    except BaseException:
        fn = None
    results = []
    for case in tests["cases"]:
        if fn is None:
            results.append({"error": "load"})
            continue
        try:
            results.append({"value": _encode(fn(*case["args"], **case["kwargs"]))})
        except BaseException:
            results.append({"error": "raised"})
    line = nonce + " " + _dumps(results) + "\n"
    _write(channel, line.encode())
    _exit(0)


_main()
'''


@dataclass(frozen=True)
class CallTest:
    """`entry_point(*args, **kwargs)` must return `expected` (JSON data)."""

    args: Sequence[Any] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    expected: Any = None

    @classmethod
    def coerce(cls, test: CallTest | Mapping[str, Any]) -> CallTest:
        if isinstance(test, CallTest):
            return test
        return cls(tuple(test.get("args", ())), dict(test.get("kwargs", {})), test.get("expected"))


@dataclass(frozen=True)
class IOTest:
    """Run with `stdin`; stdout must equal `expected` (trailing whitespace ignored)."""

    stdin: str
    expected: str


def _plain(value: Any) -> Any:
    """Expected values as the runner would report them (tuples become lists)."""
    return json.loads(json.dumps(value))


def same(got: Any, want: Any) -> bool:
    """Type-aware equality on decoded JSON: True != 1, "1" != 1, floats compared closely."""
    if isinstance(want, bool) or isinstance(got, bool):
        return type(got) is type(want) and got == want
    if isinstance(want, int | float) and isinstance(got, int | float):
        if isinstance(want, int) and isinstance(got, int):
            return got == want
        return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(want, dict) and isinstance(got, dict):
        if set(got) != set(want):
            return False
        return all(same(got[k], want[k]) for k in want)
    if isinstance(want, list) and isinstance(got, list):
        return len(got) == len(want) and all(same(g, w) for g, w in zip(got, want, strict=True))
    return type(got) is type(want) and got == want


def _safe_same(got: Any, want: Any) -> bool:
    try:
        return same(got, want)
    except RecursionError:  # absurdly deep data is not the expected answer
        return False


def grade_function(
    source: str,
    entry_point: str,
    tests: Sequence[CallTest | Mapping[str, Any]],
    *,
    files: Mapping[str, str | bytes] | None = None,
    limits: Limits | None = None,
    backend: str | Backend = "local",
) -> Score:
    """Call `entry_point` from `source` on each test's inputs in the sandbox; judge here.

    Reward = fraction of tests passed, and 0 unless the runner's report arrived intact.
    A failure of the sandbox itself (not of the submission) gives no verdict
    (`status="infrastructure_error"`); a task with no usable tests, `status="task_error"`.
    """
    cases = [CallTest.coerce(t) for t in tests]
    if not cases:
        return Score.no_verdict("no tests to run", status="task_error")
    extra = dict(files or {})
    if SOLUTION_FILE in extra or TESTS_FILE in extra:
        return Score.zero(f"files may not replace {SOLUTION_FILE} or {TESTS_FILE}")
    try:
        inputs = json.dumps({
            "entry_point": entry_point,
            "cases": [{"args": list(c.args), "kwargs": dict(c.kwargs)} for c in cases],
        })
        wanted = [_plain(c.expected) for c in cases]
    except (TypeError, ValueError):
        return Score.no_verdict(
            "test inputs or expected values are not JSON data", status="task_error"
        )
    nonce = secrets.token_hex(16)  # unpredictable on purpose: it authenticates the report
    program = Program(
        python=RUNNER, stdin=nonce + "\n",
        files={**extra, SOLUTION_FILE: source, TESTS_FILE: inputs},
    )
    result = execute(program, limits, backend)
    if result.error:  # the sandbox failed, not the submission: no verdict on the agent
        return Score.no_verdict(f"sandbox error: {result.error.splitlines()[0]}")
    if result.limit_hit:
        return Score.zero(f"limit hit: {result.limit_hit}")
    lines = result.stdout_bytes.splitlines()
    if len(lines) != 1 or not lines[0].startswith(nonce.encode() + b" "):
        return Score.zero("runner report missing or tampered with (exit before the last test?)")
    try:
        reports = json.loads(lines[0][len(nonce) + 1 :])
    except (ValueError, RecursionError):
        return Score.zero("runner report unreadable")
    if not isinstance(reports, list) or len(reports) != len(cases):
        return Score.zero("runner report does not cover every test")
    passed = sum(
        1 for rep, want in zip(reports, wanted, strict=True)
        if isinstance(rep, dict) and "value" in rep and _safe_same(rep["value"], want)
    )
    total = len(cases)
    return Score(
        reward=passed / total,
        components={"passed": float(passed), "total": float(total), "completed": 1.0},
        reason=f"{passed}/{total} tests passed",
    )


def normalise_output(text: str) -> list[str]:
    """Lines without trailing whitespace, trailing blank lines dropped."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").rstrip().split("\n")]


def grade_stdio(
    source: str,
    tests: Sequence[IOTest],
    *,
    files: Mapping[str, str | bytes] | None = None,
    limits: Limits | None = None,
    backend: str | Backend = "local",
) -> Score:
    """Run `source` once per test with its stdin; the whole stdout must match, exit 0."""
    if not tests:
        return Score.no_verdict("no tests to run", status="task_error")
    programs = [Program(python=source, stdin=t.stdin, files=dict(files or {})) for t in tests]
    results = run_many(programs, limits, backend)
    failed = next((res.error for res in results if res.error), None)
    if failed:  # the sandbox failed, not the submission: no verdict on the agent
        return Score.no_verdict(f"sandbox error: {failed.splitlines()[0]}")
    passed = 0
    for test, res in zip(tests, results, strict=True):
        if res.ok and not res.stdout_truncated and (
            normalise_output(res.stdout) == normalise_output(test.expected)
        ):
            passed += 1
    total = len(tests)
    return Score(
        reward=passed / total,
        components={"passed": float(passed), "total": float(total)},
        reason=f"{passed}/{total} tests passed",
    )
