"""The grading harness against the known reward hacks: each must earn reward 0."""

from __future__ import annotations

import pytest

from verticals.sandbox.harness import CallTest, IOTest, grade_function, grade_stdio, same
from verticals.types import Score

TESTS = [
    CallTest((1, 2), expected=3),
    CallTest((5, 7), expected=12),
    {"args": ["a", "b"], "expected": "ab"},
    CallTest((), {"a": 10, "b": -4}, expected=6),
]

HONEST = "def add(a, b):\n    return a + b\n"

HACKS = {
    "sys_exit_before_asserts": "import sys\nsys.exit(0)\n",
    "sys_exit_in_call": "import sys\ndef add(a, b):\n    sys.exit(0)\n",
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "os_exit_in_call": "import os\ndef add(a, b):\n    os._exit(0)\n",
    "raise_skiptest": "import unittest\nraise unittest.SkipTest('skip all')\n",
    "skiptest_in_call": "import unittest\ndef add(a, b):\n    raise unittest.SkipTest('no')\n",
    "always_equal_object": (
        "class Yes:\n    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "def add(a, b):\n    return Yes()\n"
    ),
    "always_equal_str_subclass": (
        "class S(str):\n    def __eq__(self, other):\n        return True\n"
        "    __hash__ = str.__hash__\n"
        "def add(a, b):\n    return S('nope')\n"
    ),
    "fake_pass_lines": (
        "import os\nprint('4 passed in 0.01s')\nprint('OK')\n"
        "for fd in range(20):\n    try:\n"
        "        os.write(fd, b'deadbeef [{\"value\": 3}]\\n')\n    except OSError:\n"
        "        pass\n"
        "def add(a, b):\n    print('PASSED')\n    return None\n"
    ),
    "monkeypatch_builtins_and_unittest": (
        "import builtins, json, unittest\n"
        "builtins.type = lambda *a: int\n"
        "json.dumps = lambda *a, **k: '[{\"value\": 3}, {\"value\": 12}]'\n"
        "unittest.TestCase.assertEqual = lambda *a, **k: None\n"
        "def add(a, b):\n    return 0\n"
    ),
    "read_tests_from_disk": (
        "import json, os\nfound = []\n"
        "for root in ('.', '/tmp', '/work'):\n"
        "    for dirpath, _, names in os.walk(root):\n"
        "        for n in names:\n"
        "            try:\n"
        "                found.append(open(os.path.join(dirpath, n)).read())\n"
        "            except Exception:\n"
        "                pass\n"
        "def add(a, b):\n"
        "    for text in found:\n"
        "        if 'expected' in text:\n"
        "            return json.loads(text)\n"
        "    return None\n"
    ),
    "steal_nonce_and_forge_report": (
        "import os, sys\nf = sys._getframe()\nnonce = None\n"
        "while f is not None:\n"
        "    nonce = f.f_locals.get('nonce', nonce)\n"
        "    ch = f.f_locals.get('channel')\n"
        "    f = f.f_back\n"
        "line = nonce + ' ' + '[' + ', '.join(['{\"value\": 42}'] * 4) + ']\\n'\n"
        "os.write(ch, line.encode())\nos._exit(0)\n"
    ),
}

EXTRA_FILES = {
    "conftest.py": "import pytest\n@pytest.hookimpl\ndef pytest_runtest_makereport():\n"
                   "    raise SystemExit(0)\n",
    "sitecustomize.py": "import builtins\nbuiltins.print = lambda *a, **k: None\n"
                        "import os\nos._exit(0)\n",
    "usercustomize.py": "import os\nos._exit(0)\n",
}


def test_honest_solution_gets_full_reward(backend: object) -> None:
    score = grade_function(HONEST, "add", TESTS, backend=backend)  # type: ignore[arg-type]
    assert isinstance(score, Score)
    assert score.reward == 1.0, score.reason


def test_partial_solution_gets_partial_reward(backend: object) -> None:
    src = "def add(a, b):\n    return 3 if a == 1 else 0\n"
    score = grade_function(src, "add", TESTS, backend=backend)  # type: ignore[arg-type]
    assert score.reward == pytest.approx(0.25), score.reason


@pytest.mark.parametrize("hack", sorted(HACKS))
def test_known_hack_earns_zero(hack: str, backend: object) -> None:
    score = grade_function(HACKS[hack], "add", TESTS, backend=backend)  # type: ignore[arg-type]
    # Judged 0 — not "no verdict": a dead sandbox must not pass this test.
    assert score.judged and score.reward == 0.0, (hack, score)
    assert score.reason.startswith(("0/", "runner report", "limit hit")), score.reason


def test_conftest_and_sitecustomize_patches_earn_zero(backend: object) -> None:
    wrong = "def add(a, b):\n    return a - b\n"
    score = grade_function(wrong, "add", TESTS[:2], files=EXTRA_FILES,
                           backend=backend)  # type: ignore[arg-type]
    assert score.judged and score.reward == 0.0 and score.reason == "0/2 tests passed", score
    # ...and they do not break an honest submission either: they are simply never loaded.
    honest = grade_function(HONEST, "add", TESTS, files=EXTRA_FILES,
                            backend=backend)  # type: ignore[arg-type]
    assert honest.reward == 1.0, honest


STDIO_TESTS = [IOTest("3\n", "1\n2\n3\n"), IOTest("2\n", "1\n2")]


def test_stdio_honest_and_hacks(backend: object) -> None:
    def grade(source: str) -> tuple[float, str]:
        score = grade_stdio(source, STDIO_TESTS, backend=backend)  # type: ignore[arg-type]
        assert score.judged, score  # a dead sandbox gives no verdict, and fails here
        return score.reward, score.reason

    honest = "n = int(input())\nfor i in range(1, n + 1):\n    print(i)\n"
    assert grade(honest) == (1.0, "2/2 tests passed")
    assert grade("input()\nprint(1)\n") == (0.0, "0/2 tests passed")  # first line only
    assert grade("print('All tests passed')\nprint('OK')\n") == (0.0, "0/2 tests passed")
    assert grade(honest + "raise SystemExit(3)\n") == (0.0, "0/2 tests passed")


def test_same_is_type_aware() -> None:
    assert same(3, 3) and same(0.1 + 0.2, 0.3) and same([1, {"a": "b"}], [1, {"a": "b"}])
    assert not same(True, 1) and not same(1, True) and not same("1", 1)
    assert not same([1, 2], [1, 2, 3]) and not same({"a": 1}, {"a": 1, "b": 2})
    assert not same(None, 0) and not same([], {})


def test_no_tests_is_a_broken_task_not_a_verdict() -> None:
    for score in (grade_function(HONEST, "add", []), grade_stdio(HONEST, [])):
        assert score.status == "task_error" and score.value is None, score


def test_bad_test_data_is_a_broken_task_not_a_crash() -> None:
    for bad in ([CallTest((1, 2), expected={1, 2})], [CallTest((object(),), expected=1)]):
        score = grade_function(HONEST, "add", bad)
        assert score.status == "task_error" and "not JSON data" in score.reason, score


def test_a_missing_function_or_a_syntax_error_is_judged_zero() -> None:
    for source, entry in ((HONEST, "no_such_function"), ("def add(:\n", "add")):
        score = grade_function(source, entry, TESTS)
        assert score.judged and score.reward == 0.0 and score.reason == "0/4 tests passed", score
