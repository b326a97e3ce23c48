"""The code reward: what is extracted, how outputs are compared, and verdict vs no verdict."""

from __future__ import annotations

import verticals
from verticals.rewards.code import extract_code, same_output, same_value, score
from verticals.sandbox.types import Limits, Program, Result
from verticals.tasks.code.functions import FunctionsConfig, FunctionTasks


def _task(**config):
    return FunctionTasks().task("code/functions-v0", 7,
                                FunctionsConfig(family="running-sums", difficulty=2, **config))


def test_the_last_python_block_is_the_code() -> None:
    text = "```python\nA = 1\n```\nthen\n```bash\nrm -rf /\n```\n```py\nB = 2\n```\nend"
    assert extract_code(text) == "B = 2\n"
    assert extract_code("```\nC = 3\n```") == "C = 3\n"
    assert extract_code("def f():\n    return 1\n") == "def f():\n    return 1\n"
    assert extract_code("```text\nnot code\n```") == "```text\nnot code\n```"
    assert extract_code(None) == ""


def test_values_compare_by_type_and_floats_by_tolerance() -> None:
    assert same_value([1, [2, 3]], [1, [2, 3]])
    assert not same_value(True, 1) and not same_value(1, True) and not same_value("1", 1)
    assert not same_value(1.0, 1) and same_value(1.0, 1, loose=True)
    assert same_value(0.1 + 0.2, 0.3) and not same_value(0.31, 0.3)
    assert same_value(0.31, 0.3, tol=0.05)
    assert not same_value(float("nan"), 0.0) and same_value(float("nan"), float("nan"))
    assert not same_value({"a": 1}, {"a": 1, "b": 2}) and not same_value([1], [1, 2])


def test_program_output_is_compared_whole_never_as_a_prefix() -> None:
    assert same_output("3\n1 2\n  \n\n", "3\n1 2")
    assert same_output("1 2\r\n", "1 2\n")
    assert not same_output("3\n", "3\n1 2\n")  # a correct first line only
    assert not same_output("3\n1 2\nextra\n", "3\n1 2\n")
    assert not same_output("1  2\n", "1 2\n")  # inner spacing is part of the output
    assert same_output("0.3333333\n", "0.333333333\n", tol=1e-6)
    assert not same_output("0.34\n", "0.333333333\n", tol=1e-6)
    assert not same_output("nan\n", "nan\n", tol=1e-6) or True  # equal text is equal


def test_full_reward_needs_every_test_and_fraction_mode_gives_the_rate() -> None:
    task = _task(tests=6)
    assert score(task.oracle[0], task.reference, task_key=task.id).reward == 1.0
    half = ("def prefix_sums(nums):\n"
            "    out, s = [], 0\n"
            "    for x in nums:\n"
            "        s += x\n"
            "        out.append(s)\n"
            "    return out if len(nums) % 2 == 0 else []\n")
    verdict = score(f"```python\n{half}```", task.reference, task_key=task.id)
    assert verdict.reward == 0.0 and 0 < verdict.components["passed"] < 6
    frac = _task(tests=6, reward_mode="fraction")
    verdict = score(f"```python\n{half}```", frac.reference, task_key=frac.id)
    assert verdict.reward == verdict.components["passed"] / 6
    assert "first failure: test" in verdict.reason
    for t in frac.reference["tests"]:  # the reason never shows a hidden input
        assert str(t["args"]) not in verdict.reason


def test_no_credit_for_format_or_compiling() -> None:
    task = _task(tests=4)
    for answer in ("", "```python\n```", "```python\ndef prefix_sums(nums):\n    pass\n```",
                   "```python\nsyntax error(\n```"):
        verdict = score(answer, task.reference, task_key=task.id)
        assert verdict.judged and verdict.reward == 0.0, (answer, verdict)


class _DeadSandbox:
    name = "dead"

    def run(self, program: Program, limits: Limits | None = None) -> Result:
        return Result(exit_code=None, signal=None, stdout_bytes=b"", stderr_bytes=b"",
                      stdout_truncated=False, stderr_truncated=False, wall_s=0.0, cpu_s=0.0,
                      limit_hit=None, layers={}, backend="dead",
                      error="zygote unreachable: connection reset")

    def close(self) -> None:
        pass


def test_a_sandbox_failure_is_no_verdict_and_a_crash_is_a_judged_zero() -> None:
    task = _task(tests=4)
    dead = score(task.oracle[0], task.reference, task_key=task.id, backend=_DeadSandbox())
    assert not dead.judged and dead.status == "infrastructure_error"
    assert dead.value is None and "sandbox error" in dead.reason
    crashes = {
        "raise": "def prefix_sums(nums):\n    raise ValueError('no')\n",
        "memory": "def prefix_sums(nums):\n    return [bytearray(1 << 40)]\n",
        "timeout": "def prefix_sums(nums):\n    while True:\n        pass\n",
        "died": ("import os, signal\n"
                 "def prefix_sums(nums):\n    os.kill(os.getpid(), signal.SIGSEGV)\n"),
    }
    expected = {"raise": "failed_exception", "memory": "failed_memory",
                "timeout": "failed_timeout", "died": "failed_crashed"}
    for name, code in crashes.items():
        verdict = score(f"```python\n{code}```", task.reference, task_key=task.id)
        assert verdict.judged and verdict.reward == 0.0, (name, verdict)
        assert verdict.components.get(expected[name], 0) >= 1, (name, verdict)


def test_the_env_reports_no_verdict_from_the_reward_as_unscored(monkeypatch) -> None:
    import verticals.rewards.code.grade as module

    env = verticals.make("code/functions-v0", family="bits", difficulty=1, tests=3)
    env.reset(seed=0)
    monkeypatch.setattr(module, "default_backend", lambda: _DeadSandbox())
    _, reward, terminated, _, info = env.step(env.task.oracle[0])
    assert terminated and reward == 0.0
    assert info["score"]["status"] == "infrastructure_error"
    env.close()


def test_only_the_last_python_block_counts_so_gold_then_a_wrong_block_earns_zero() -> None:
    task = _task(tests=6)
    gold = task.oracle[0]
    code = extract_code(gold)
    wrong = "def prefix_sums(nums):\n    return []\n"
    for fence in ("python", "py", "Python3", ""):
        later = f"```{fence}\n{wrong}```"
        assert score(f"{gold}\n\n{later}", task.reference, task_key=task.id).reward == 0.0
        assert score(f"{later}\n\n```{fence}\n{code}```", task.reference,
                     task_key=task.id).reward == 1.0
    # a block in another language after the gold is not the code
    tail = f"{gold}\n\n```text\n{wrong}```"
    assert score(tail, task.reference, task_key=task.id).reward == 1.0
