"""`code/repair-v0`: find and fix the bug injected into a small generated module.

The module is several functions from the families (one at level 1, twelve at level 5,
about two hundred lines), each documented by its specification. One function carries a bug made
by AST mutation (see mutate.py), kept only if the hidden tests kill it. The agent sees
`module.py`, `README.md` and the visible tests in `tests/test_module.py` (read-only),
works through list_files / read_file / write_file / run_tests, and ends with a message;
the hidden tests (every function's, so a fix that breaks another function fails too) then
run on the agent's files.
"""

from __future__ import annotations

import ast
import dataclasses
import random
import textwrap
from typing import Any, Literal

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.code.families import FAMILIES
from verticals.tasks.code.family import call_text, literal, make_cases, make_examples
from verticals.tasks.code.functions import TIME_FACTOR, TIME_FLOOR_S
from verticals.tasks.code.mutate import killed, mutants
from verticals.toolcalls import format_text_call

MODULE = "module.py"
VISIBLE_TESTS = "tests/test_module.py"
#: (functions in the module, highest family level used) per difficulty
SHAPE = {1: (1, 2), 2: (2, 3), 3: (4, 4), 4: (7, 5), 5: (12, 5)}


class RepairConfig(DifficultyConfig):
    tests_per_function: int = Field(default=8, ge=2, le=100,
                                     description="Hidden tests per function in the module.")
    reward_mode: Literal["all", "fraction"] = Field(
        default="all", description="'all': 1 iff every hidden test passes; 'fraction': pass rate."
    )


def _docstring(spec: str) -> str:
    body = textwrap.fill(spec, 88, initial_indent="    ", subsequent_indent="    ")
    return f'    """\n{body}\n    """\n'


def _with_doc(solution: str, spec: str) -> str:
    """The solution with its spec as docstring, printed by `ast.unparse` as the mutant
    will be, so that no function stands out by its formatting."""
    head, _, rest = solution.partition(":\n")
    text = head + ":\n" + _docstring(spec.replace('"""', "'''")) + rest
    return ast.unparse(ast.parse(text)) + "\n"


class RepairTasks(Generator):
    """A module with one mutated function; the agent repairs it with file tools."""

    name = "code/repair"
    version = "2"  # 2: few hidden tests still include edge cases
    Config = RepairConfig

    def generate(self, rng: random.Random, config: RepairConfig) -> Draft:
        count, top = SHAPE[config.difficulty]
        names = sorted(FAMILIES)
        rng.shuffle(names)
        functions: list[dict[str, Any]] = []
        mutation: dict[str, Any] | None = None
        for name in names:
            variant = FAMILIES[name].variant(rng.randint(1, top))
            if variant.judge or any(variant.entry == f["entry_point"] for f in functions):
                continue
            function = self._function(name, variant, rng, config.tests_per_function)
            if mutation is None:  # the first function that has a killable mutant is the target
                found = self._inject(rng, function)
                if found is None:
                    continue
                mutation = found
            functions.append(function)
            if len(functions) == count:
                break
        if mutation is None:
            raise RuntimeError("no family gave a mutant the tests kill")
        rng.shuffle(functions)  # the buggy function sits anywhere in the module
        buggy = mutation["source"]
        original = self._module(f["solution"] for f in functions)
        broken = self._module(buggy if f is mutation["function"] else f["solution"]
                              for f in functions)
        files = {MODULE: broken, "README.md": self._readme(functions),
                 VISIBLE_TESTS: self._visible(functions)}
        reference = {
            "kind": "repair",
            "files": files,
            "solution_files": {MODULE: original},
            "module": MODULE,
            "functions": [{k: f[k] for k in ("entry_point", "tests", "examples")}
                          for f in functions],
            "bug": {"function": mutation["function"]["entry_point"], "kind": mutation["kind"]},
            "reward_mode": config.reward_mode,
            "time_factor": TIME_FACTOR,
            "time_floor_s": TIME_FLOOR_S,
            "solution": original,
        }
        prompt = (
            f"The Python module `{MODULE}` has {len(functions)} function"
            f"{'s' if len(functions) > 1 else ''}, each documented by its docstring and in "
            "README.md. One of them has a bug. Find it and fix it without breaking the "
            "others.\n\n"
            "Tools: list_files(), read_file(path), write_file(path, content) and "
            f"run_tests(), which runs the visible tests in {VISIBLE_TESTS} (hidden tests "
            "decide the reward). The tests folder is read-only. When you are done, reply "
            "with a message that has no tool call.\n\n"
            "What the functions must do (README.md):\n\n" + self._readme(functions)
        )
        oracle = [  # a readable gold episode: look, fix, check, answer
            format_text_call("read_file", {"path": MODULE}),
            format_text_call("write_file", {"path": MODULE, "content": original}),
            format_text_call("run_tests", {}),
            "I restored the faulty function; the module now meets its specification.",
        ]
        metadata = {"difficulty": config.difficulty, "functions": len(functions),
                    "lines": broken.count("\n"),
                    "tests": sum(len(f["tests"]) for f in functions)}
        return Draft(prompt=prompt, reference=reference, oracle=oracle, metadata=metadata)

    @staticmethod
    def _function(name: str, variant: Any, rng: random.Random, tests: int) -> dict[str, Any]:
        hidden = make_cases(dataclasses.replace(variant, big=0), rng, tests)
        examples = make_examples(variant, rng, 2)
        return {
            "family": name, "entry_point": variant.entry, "spec": variant.spec,
            "solution": _with_doc(variant.solution, variant.spec),
            "tests": [{"args": c.args, "expected": c.expected, "entry_point": variant.entry}
                      for c in hidden],
            "examples": [{"args": c.args, "expected": c.expected, "entry_point": variant.entry}
                         for c in examples],
        }

    @staticmethod
    def _inject(rng: random.Random, function: dict[str, Any]) -> dict[str, Any] | None:
        """The first mutant (in seeded order) that the function's hidden tests kill."""
        for mutation in mutants(function["solution"], rng)[:40]:
            if killed(mutation.source, function["entry_point"], function["tests"]):
                return {"function": function, "kind": mutation.kind, "source": mutation.source}
        return None

    @staticmethod
    def _module(sources: Any) -> str:
        header = '"""Utility functions. See README.md for what each one must do."""\n\n\n'
        return header + "\n\n".join(s.rstrip() + "\n" for s in sources)

    @staticmethod
    def _readme(functions: list[dict[str, Any]]) -> str:
        lines = ["# module.py", ""]
        for f in functions:
            lines += [f"## {f['entry_point']}", "", f["spec"], ""]
        return "\n".join(lines)

    @staticmethod
    def _visible(functions: list[dict[str, Any]]) -> str:
        lines = [f"from module import {', '.join(f['entry_point'] for f in functions)}", ""]
        for f in functions:
            lines += ["", f"def test_{f['entry_point']}():"]
            for ex in f["examples"]:
                lines.append(f"    assert {call_text(f['entry_point'], ex['args'])} == "
                             f"{literal(ex['expected'])}")
        return "\n".join(lines) + "\n"

