"""Code episodes: one answer judged by hidden tests, or a conversation with a run_tests
tool that runs the visible examples (never the hidden tests) in the sandbox."""

from __future__ import annotations

from typing import Any

from verticals.env import MultiTurnConfig, TextEnv
from verticals.rewards.code.compare import same_output, same_value
from verticals.rewards.code.execute import run_calls, run_programs
from verticals.tools import Tool, ToolError
from verticals.types import Score

#: Budget per visible example when the agent runs its code (seconds).
EXAMPLE_BUDGET_S = 2.0
MAX_CODE_CHARS = 100_000


class CodeEnv(TextEnv):
    """One prompt, one answer: the last ```python block is run on the hidden tests."""


class CodeFeedbackEnv(TextEnv):
    """Multi-turn: `run_tests(code)` runs the code on the prompt's examples, then the agent
    answers. Hidden tests never appear in a tool result."""

    Config = MultiTurnConfig

    def tools(self) -> list[Tool]:
        return [
            Tool(
                name="run_tests",
                description=(
                    "Run your code on the examples shown in the task (not on the hidden "
                    "tests) and report which pass."
                ),
                parameters={
                    "type": "object",
                    "properties": {"code": {"type": "string", "description": "Python source."}},
                    "required": ["code"],
                    "additionalProperties": False,
                },
                run=self._run_tests,
            )
        ]

    def _run_tests(self, code: str) -> str:
        task = self.task
        if task is None:
            raise ToolError("no episode in progress")
        if len(code) > MAX_CODE_CHARS:
            raise ToolError(f"code longer than {MAX_CODE_CHARS} characters")
        return run_examples(code, task.reference)


def run_examples(code: str, reference: dict[str, Any]) -> str:
    """A short report of the code on the task's visible examples."""
    examples = reference.get("examples") or []
    if not examples:
        raise ToolError("this task has no examples to run")
    budgets = [EXAMPLE_BUDGET_S] * len(examples)
    if reference.get("kind") == "stdio":
        outcome = run_programs(code, [e["stdin"] for e in examples], budgets)
    else:
        outcome = run_calls(code, reference["entry_point"], examples, budgets)
    if isinstance(outcome, Score):
        if outcome.judged:
            return f"The test run failed: {outcome.reason}"
        raise ToolError("the sandbox is unavailable; try again")
    lines, passed = [], 0
    for i, (example, result) in enumerate(zip(examples, outcome.results, strict=True), 1):
        ok, shown = _check(example, result, reference)
        passed += ok
        lines.append(f"example {i}: {'pass' if ok else 'FAIL'}{shown}")
    lines.insert(0, f"{passed}/{len(examples)} examples pass")
    return "\n".join(lines)


def _check(example: dict[str, Any], result: dict[str, Any], reference: dict[str, Any]) -> tuple[bool, str]:
    if "error" in result:
        detail = result.get("type") or result.get("code") or ""
        return False, f" ({result['error']}{' ' + str(detail) if detail else ''})"
    if reference.get("kind") == "stdio":
        out = str(result.get("stdout", ""))
        ok = same_output(out, example["stdout"], tol=reference.get("float_tol"))
        return ok, "" if ok else f" (your output: {out[:300]!r})"
    got = result.get("value")
    if reference.get("judge"):
        from verticals.tasks.code.judges import JUDGES

        ok = JUDGES[reference["judge"]](example["args"], got)
    else:
        ok = same_value(got, example["expected"], tol=reference.get("float_tol"))
    return ok, "" if ok else f" (returned {str(got)[:300]})"
