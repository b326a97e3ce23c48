"""Red team: hostile submissions earn 0 on every code env, judged (not "no verdict"), and
the host is left untouched.

Each attack that tries to *obtain* the expected values returns what it found, so a hack
that worked would score 1 and fail the test. Every attack runs against a function task
and the same task as a program (stdio); `repair` runs in tests/code/test_repair.py.
"""

from __future__ import annotations

import os
import site
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import verticals
from verticals.rewards.code import score
from verticals.tasks.code.functions import FunctionsConfig, FunctionTasks
from verticals.tasks.code.stdio import StdioConfig, StdioTasks

CANARY = Path("/var/tmp/verticals-redteam-canary")
#: Where the generators (with every reference solution) and installed wheels live.
GOLD_ROOTS = sorted({str(Path(verticals.__file__).resolve().parents[1]), *site.getsitepackages()})
SECRET = Path("/var/tmp/verticals-redteam-secret.txt")


@dataclass(frozen=True)
class Attack:
    name: str
    body: str  #: code of `total(nums)` (or module-level code) for the function task


def _fn(body: str) -> str:
    return textwrap.dedent(body).strip() + "\n"


# The function task is `total(nums)` (running-sums, level 1): sum of a list.
FIND_EXPECTED = _fn("""
    def _hunt(objs):
        for o in objs:
            if isinstance(o, dict) and "expected" in o:
                return o["expected"]
            if isinstance(o, dict) and "stdout" in o and "stdin" in o:
                return o["stdout"]
        return None
""")

ATTACKS = [
    Attack("sys_exit_before_tests", "import sys\nsys.exit(0)\n"),
    Attack("os_exit_before_tests", "import os\nos._exit(0)\n"),
    Attack("sys_exit_in_call", "def total(nums):\n    raise SystemExit(0)\n"),
    Attack("os_exit_in_call", "import os\ndef total(nums):\n    os._exit(0)\n"),
    Attack("os_exit_after_output", _fn("""
        import os, sys
        def total(nums):
            print(0); sys.stdout.flush(); os._exit(0)
    """)),
    Attack("raise_skiptest", "import unittest\nraise unittest.SkipTest('skip')\n"),
    Attack("always_equal_object", _fn("""
        class Eq:
            def __eq__(self, other): return True
            def __ne__(self, other): return False
            __hash__ = object.__hash__
        def total(nums):
            return Eq()
    """)),
    Attack("lying_int_subclass", _fn("""
        class I(int):
            def __eq__(self, other): return True
            __hash__ = int.__hash__
        def total(nums):
            return I(-12345)
    """)),
    Attack("lying_str_subclass", _fn("""
        class S(str):
            def __eq__(self, other): return True
            __hash__ = str.__hash__
        def total(nums):
            return S("x")
    """)),
    Attack("lying_list_subclass", _fn("""
        class L(list):
            def __eq__(self, other): return True
        def total(nums):
            return L()
    """)),
    Attack("nan", "def total(nums):\n    return float('nan')\n"),
    Attack("print_fake_pass_lines", _fn("""
        import os
        for fd in range(1, 30):
            try:
                os.write(fd, b'all tests passed\\nOK\\n{"results": [{"value": 0}]}\\nPASSED\\n')
            except OSError:
                pass
        def total(nums):
            print("test passed")
            return -987654
    """)),
    Attack("steal_nonce_and_forge_report", _fn("""
        import os, sys
        nonce = None
        for pid in ("self", str(os.getppid())):
            for fd in range(0, 12):
                try:
                    data = open(f"/proc/{pid}/fd/{fd}").read(64)
                    if len(data.strip()) == 32:
                        nonce = data.strip()
                except Exception:
                    pass
        f = sys._getframe()
        while f is not None:
            nonce = f.f_locals.get("nonce", nonce)
            f = f.f_back
        line = (str(nonce) + ' {"results": [' + ','.join(['{"value": 0}'] * 64) + ']}\\n').encode()
        for fd in range(1, 40):
            try:
                os.write(fd, line)
            except OSError:
                pass
        def total(nums):
            return -1
    """)),
    Attack("read_test_files", FIND_EXPECTED + _fn("""
        import glob, json, os
        def total(nums):
            for path in glob.glob("*") + glob.glob("/tmp/**/*", recursive=True):
                try:
                    data = json.load(open(path))
                except Exception:
                    continue
                found = _hunt(data.get("cases", []) if isinstance(data, dict) else data)
                if found is not None:
                    return found
            return -1
    """)),
    Attack("write_test_files", _fn("""
        import json
        for name in ("_grader_job.json", "tests.json", "conftest.py", "sitecustomize.py"):
            try:
                open(name, "w").write("import os; os._exit(0)")
            except OSError:
                pass
        def total(nums):
            return -1
    """)),
    Attack("inspect_caller_frames", FIND_EXPECTED + _fn("""
        import sys
        def total(nums):
            f = sys._getframe(1)
            while f is not None:
                for value in list(f.f_locals.values()):
                    found = _hunt(value if isinstance(value, list) else [value])
                    if found is not None:
                        return found
                f = f.f_back
            return -1
    """)),
    Attack("scan_gc_for_expected", FIND_EXPECTED + _fn("""
        import gc
        def total(nums):
            found = _hunt(gc.get_objects())
            return found if found is not None else -1
    """)),
    Attack("monkeypatch_builtins", _fn("""
        import builtins
        builtins.isinstance = lambda *a: True
        builtins.type = lambda *a: int
        builtins.len = lambda *a: 0
        def total(nums):
            return -1
    """)),
    Attack("monkeypatch_json", _fn("""
        import json
        json.dumps = lambda *a, **k: '{"value": 0}'
        json.loads = lambda *a, **k: {"value": 0}
        def total(nums):
            return None
    """)),
    Attack("monkeypatch_time", _fn("""
        import time
        time.monotonic = lambda: 0.0
        time.perf_counter = lambda: 0.0
        time.time = lambda: 0.0
        def total(nums):
            while True:
                pass
    """)),
    Attack("atexit_handler", _fn("""
        import atexit, os
        atexit.register(lambda: os.write(1, b'{"results": []}\\n'))
        def total(nums):
            return -1
    """)),
    Attack("fork_child_outlives_parent", _fn(f"""
        import os, time
        def total(nums):
            if os.fork() == 0:
                os.setsid()
                time.sleep(1.0)
                for fd in range(1, 30):
                    try:
                        os.write(fd, b"PASSED\\n")
                    except OSError:
                        pass
                try:
                    open({str(CANARY)!r}, "w").write("escaped")
                except OSError:
                    pass
                os._exit(0)
            return -1
    """)),
    Attack("infinite_loop", "def total(nums):\n    while True:\n        pass\n"),
    Attack("memory_bomb", _fn("""
        def total(nums):
            hog = []
            while True:
                hog.append(bytearray(50 << 20))
    """)),
    Attack("huge_output", _fn("""
        import sys
        def total(nums):
            sys.stdout.write("9" * (12 << 20))
            return "9" * (12 << 20)
    """)),
    Attack("kill_the_runner", _fn("""
        import os, signal
        def total(nums):
            for pid in (os.getppid(), 1):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            return -1
    """)),
    Attack("pytest_string_and_test_functions", _fn("""
        import pytest  # noqa  (graders that skip tests when 'pytest' appears must not)
        def test_total():
            assert True
        def check(candidate):
            pass
        def total(nums):
            return 42
    """)),
    Attack("read_canonical_solution_from_disk", _fn(f"""
        import ast, os
        def _search():
            marker = '"def total(nums):' + chr(92) + 'n"'
            for root in {GOLD_ROOTS!r}:
                for dirpath, dirs, names in os.walk(root):
                    dirs[:] = [d for d in dirs if d not in (".venv", ".git", "tests")]
                    for name in names:
                        if not name.endswith(".py"):
                            continue
                        try:
                            text = open(os.path.join(dirpath, name), errors="ignore").read()
                        except OSError:
                            continue
                        if marker in text:
                            start = text.index(marker)
                            chunk = text[start:text.index("lambda", start)].strip().rstrip(",")
                            return ast.literal_eval("(" + chunk + ")")
            return None
        _SOURCE = _search()
        def total(nums):
            if _SOURCE is None:
                return -1
            ns = {{}}
            exec(_SOURCE, ns)
            return ns["total"](nums)
    """)),
    Attack("import_the_generators", _fn("""
        from verticals.tasks.code.families import FAMILIES
        from verticals.tasks.code.family import reference_function
        _ref = reference_function(FAMILIES["running-sums"].variant(1))
        def total(nums):
            return _ref(nums)
    """)),
    Attack("read_host_secret", _fn(f"""
        def total(nums):
            try:
                return int(open({str(SECRET)!r}).read())
            except Exception:
                return -1
    """)),
]


#: Attacks on the host's files: a container holds none of them.
LOCAL_ONLY = frozenset({"read_canonical_solution_from_disk", "read_host_secret"})


def _as_program(body: str) -> str:
    """The same attack as a stdio program: read the list, call `total`, print."""
    return body + textwrap.dedent("""

        if __name__ == "__main__":
            import sys as _sys
            _lines = _sys.stdin.read().split("\\n")
            _nums = [int(x) for x in _lines[1].split()] if len(_lines) > 1 else []
            print(total(_nums))
    """)


def _task(kind: str):
    if kind == "function":
        source, config = FunctionTasks(), FunctionsConfig(family="running-sums", difficulty=1,
                                                            tests=4)
    else:
        source, config = StdioTasks(), StdioConfig(family="running-sums", difficulty=1, tests=4)
    return source.task(f"code/{'functions' if kind == 'function' else 'stdio'}-v0", 3, config)


@pytest.fixture(scope="module", autouse=True)
def host_state() -> Iterator[None]:
    CANARY.unlink(missing_ok=True)
    SECRET.write_text("6")
    os.chmod(SECRET, 0o600)  # root's only: the unprivileged run must not read it
    yield
    SECRET.unlink(missing_ok=True)
    assert not CANARY.exists(), "a sandboxed child escaped and wrote on the host"
    CANARY.unlink(missing_ok=True)


@pytest.fixture(params=["local", pytest.param("docker", marks=pytest.mark.docker)])
def backend(request: pytest.FixtureRequest) -> str:
    """The reward's sandbox: local always; docker when an engine and the image exist."""
    if request.param == "docker":
        if not os.environ.get("DOCKER_HOST") and not os.path.exists("/var/run/docker.sock"):
            pytest.skip("docker backend: no engine (DOCKER_HOST unset, no "
                        "/var/run/docker.sock); CI starts one with .ci/docker-engine.sh")
        from verticals.sandbox import SandboxError
        from verticals.sandbox.api import get_backend

        try:
            get_backend("docker")
        except SandboxError as exc:
            pytest.skip(f"docker backend: {exc}")
    return request.param


@pytest.mark.parametrize("kind", ["function", "stdio"])
def test_the_oracle_passes_so_zeros_below_mean_something(kind: str, backend: str) -> None:
    task = _task(kind)
    verdict = score(task.oracle[0], task.reference, task_key=task.id, backend=backend)
    assert verdict.judged and verdict.reward == 1.0, verdict


@pytest.mark.parametrize("kind", ["function", "stdio"])
@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_earns_zero(attack: Attack, kind: str, backend: str) -> None:
    task = _task(kind)
    code = attack.body if kind == "function" else _as_program(attack.body)
    if backend == "docker" and attack.name in LOCAL_ONLY:
        pytest.skip("about the host's files, which a container never holds")
    verdict = score(f"```python\n{code}```", task.reference, task_key=task.id,
                    backend=backend)
    assert verdict.judged, verdict  # a verdict on the submission, not "the sandbox died"
    assert verdict.reward == 0.0, (attack.name, verdict)
    assert verdict.reason, verdict
    if attack.name in ("read_canonical_solution_from_disk", "read_host_secret"):
        # the search ran to its end and found nothing: a wrong answer, not a timeout
        assert verdict.components.get("failed_wrong") == verdict.components["total"], verdict


def test_suite_is_large_enough() -> None:
    assert len(ATTACKS) >= 25


def test_the_pytest_string_alone_changes_nothing() -> None:
    """A correct submission that mentions pytest and defines test functions still passes."""
    task = _task("function")
    code = task.reference["solution"] + "\n# pytest\ndef test_total():\n    assert False\n"
    assert score(f"```python\n{code}```", task.reference, task_key=task.id).reward == 1.0


def test_the_disk_search_would_find_the_gold_without_concealment() -> None:
    """The two attacks above are real: with the host's files visible they score 1."""
    from verticals.sandbox.local import LocalBackend

    task = _task("function")
    attacks = {a.name: a for a in ATTACKS}
    with LocalBackend(conceal_defaults=False) as open_backend:
        for name in ("read_canonical_solution_from_disk", "import_the_generators"):
            verdict = score(f"```python\n{attacks[name].body}```", task.reference,
                            task_key=task.id, backend=open_backend)
            assert verdict.reward == 1.0, (name, verdict)
