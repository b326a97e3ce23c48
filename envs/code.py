"""Code episodes: one answer judged by hidden tests, or a conversation with a run_tests
tool that runs the visible examples (never the hidden tests) in the sandbox."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from verticals.env import MultiTurnConfig, TextEnv
from verticals.resources import Resources
from verticals.rewards.code.compare import same_output, same_value
from verticals.rewards.code.execute import run_calls, run_programs
from verticals.rewards.code.grade import default_backend
from verticals.rewards.code.sandbox import backend_for
from verticals.tasks.code.family import call_text, literal
from verticals.tools import Tool, ToolError
from verticals.types import Score, Task

#: Budget per visible example when the agent runs its code (seconds).
EXAMPLE_BUDGET_S = 2.0
MAX_CODE_CHARS = 100_000


class _SandboxedEnv(TextEnv):
    """Runs code in the sandbox of its own resource pool: the reward gets the pool as the
    live world and the tools draw from it, so closing the pool stops every zygote the
    env's episodes started."""

    def live_world(self) -> Resources:
        return self.resources


#: The answer is the LAST ```python (```py, untagged) block by contract, so an earlier
#: block is a draft: "a wrong block, then the right one" earns 1.0, while "the right
#: block, then a wrong one" earns 0. Read by the conformance kit's reward probes.
LAST_ANSWER_WINS: dict[str, str] = {
    "earlier_answers": (
        "the submission is the last ```python (or ```py, or untagged) fenced block of the "
        "final message, by the code vertical's contract (docs/code.md): earlier blocks are "
        "drafts and are not run, so only a wrong block after the right one must earn 0"
    ),
}


class CodeEnv(_SandboxedEnv):
    """One prompt, one answer: the last ```python block is run on the hidden tests."""

    conformance_exemptions: ClassVar[dict[str, str]] = LAST_ANSWER_WINS


class CodeFeedbackEnv(_SandboxedEnv):
    """Multi-turn: `run_tests(code)` runs the code on the prompt's examples, then the agent
    answers. Hidden tests never appear in a tool result."""

    Config = MultiTurnConfig
    conformance_exemptions: ClassVar[dict[str, str]] = LAST_ANSWER_WINS

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
        return run_examples(code, task.reference, self.resources)


def run_examples(code: str, reference: dict[str, Any], resources: Resources | None = None) -> str:
    """A short report of the code on the task's visible examples."""
    examples = reference.get("examples") or []
    if not examples:
        raise ToolError("this task has no examples to run")
    budgets = [EXAMPLE_BUDGET_S] * len(examples)
    backend = backend_for(reference, default_backend(), resources)
    if reference.get("kind") == "stdio":
        outcome = run_programs(code, [e["stdin"] for e in examples], budgets, backend=backend)
    else:
        outcome = run_calls(code, reference["entry_point"], examples, budgets, backend=backend)
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


def _check(
    example: dict[str, Any], result: dict[str, Any], reference: dict[str, Any]
) -> tuple[bool, str]:
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


class RepairConfig(MultiTurnConfig):
    max_turns: int = Field(default=32, ge=1, le=1000, description="Agent messages per episode.")


#: Bounds on the agent's workspace.
MAX_FILES = 32
MAX_FILE_CHARS = 200_000
READ_ONLY_PREFIX = "tests/"


class RepairEnv(_SandboxedEnv):
    """Multi-turn repair of a generated module through file tools and visible tests.

    The episode's world is a dict of files (path -> text) made from the task at reset; the
    agent's final files are the end state the reward judges.
    """

    Config = RepairConfig

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.files: dict[str, str] = {}

    def on_reset(self, task: Task) -> None:
        self.files = dict(task.reference.get("files", {}))

    def on_release(self) -> None:
        self.files = {}

    def end_state(self) -> dict[str, Any]:
        return {"files": dict(self.files)}

    def tools(self) -> list[Tool]:
        path = {"type": "string", "description": "A relative path such as module.py"}
        return [
            Tool("list_files", "List the files of the project.",
                 {"type": "object", "properties": {}, "additionalProperties": False},
                 self._list_files),
            Tool("read_file", "Read one file.",
                 {"type": "object", "properties": {"path": path}, "required": ["path"],
                  "additionalProperties": False}, self._read_file),
            Tool("write_file", "Create or replace one file (files under tests/ are read-only).",
                 {"type": "object", "properties": {"path": path, "content": {"type": "string"}},
                  "required": ["path", "content"], "additionalProperties": False},
                 self._write_file),
            Tool("run_tests", "Run the visible tests (tests/test_module.py) on the current "
                 "files and report which pass.",
                 {"type": "object", "properties": {}, "additionalProperties": False},
                 self._run_tests),
        ]

    def _list_files(self) -> str:
        return "\n".join(f"{p} ({len(t)} characters)" for p, t in sorted(self.files.items()))

    @staticmethod
    def _clean(path: str) -> str:
        parts = [p for p in path.strip().split("/") if p not in ("", ".")]
        if not parts or any(p == ".." for p in parts) or path.startswith("/"):
            raise ToolError(f"not a relative path inside the project: {path!r}")
        return "/".join(parts)

    def _read_file(self, path: str) -> str:
        clean = self._clean(path)
        if clean not in self.files:
            raise ToolError(f"no such file: {clean} (see list_files)")
        return self.files[clean]

    def _write_file(self, path: str, content: str) -> str:
        clean = self._clean(path)
        if clean.startswith(READ_ONLY_PREFIX) or clean == "README.md":
            raise ToolError(f"{clean} is read-only")
        if len(content) > MAX_FILE_CHARS:
            raise ToolError(f"content longer than {MAX_FILE_CHARS} characters")
        if clean not in self.files and len(self.files) >= MAX_FILES:
            raise ToolError(f"at most {MAX_FILES} files")
        self.files[clean] = content
        return f"wrote {clean} ({len(content)} characters)"

    def _run_tests(self) -> str:
        task = self.task
        if task is None:
            raise ToolError("no episode in progress")
        ref = task.reference
        examples = [e for f in ref.get("functions", []) for e in f.get("examples", [])]
        module = str(ref.get("module", "module.py"))
        helpers = {p: t for p, t in self.files.items()
                   if p.endswith(".py") and p != module and "/" not in p and not p.startswith("_")}
        outcome = run_calls(self.files.get(module, ""), "", examples,
                            [EXAMPLE_BUDGET_S] * len(examples), files=helpers,
                            module_file=module,
                            backend=backend_for(ref, default_backend(), self.resources))
        if isinstance(outcome, Score):
            if outcome.judged:
                return f"The test run failed: {outcome.reason}"
            raise ToolError("the sandbox is unavailable; try again")
        lines, passed = [], 0
        for example, result in zip(examples, outcome.results, strict=True):
            call = call_text(example["entry_point"], example["args"])
            if "value" in result and same_value(result["value"], example["expected"]):
                passed += 1
                continue
            got = (f"raised {result.get('type') or result.get('error')}" if "value" not in result
                   else f"returned {literal(result['value'])[:200]}")
            lines.append(f"FAIL {call[:300]}: expected {literal(example['expected'])[:200]}, {got}")
        return "\n".join([f"{passed}/{len(examples)} visible tests pass", *lines])
