"""`code/stdio-v0`: competitive-programming style programs, from the same families.

The function's arguments are written to stdin in a format derived from their types, and
its result is printed in a format derived from the return type; the prompt states both.
The reference program is the family's reference solution wrapped in a reader and a
printer. Outputs are compared whole after whitespace normalisation; tasks with several
right answers are checked by their special judge instead.
"""

from __future__ import annotations

import random
from typing import Any, Literal

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.code.families import FAMILIES
from verticals.tasks.code.family import Case, Family, Variant, make_cases, make_examples
from verticals.tasks.code.functions import TIME_FACTOR, TIME_FLOOR_S, answer_block
from verticals.tasks.code.judges import JUDGES

INPUT_TYPES = ("int", "str", "list[int]", "list[str]", "list[list[int]]")
OUTPUT_TYPES = ("int", "float", "list[float]", "bool", "str", "list[int]", "list[str]",
                "list[list[int]]", "list[list[str]]", "dict[str, int]", "list[int] | None")


def params(variant: Variant) -> list[tuple[str, str]]:
    out = []
    for part in variant.params.split(", "):
        name, _, kind = part.partition(": ")
        out.append((name, kind))
    return out


def supported(variant: Variant) -> bool:
    return variant.returns in OUTPUT_TYPES and all(k in INPUT_TYPES for _, k in params(variant))


def write_input(variant: Variant, args: list[Any]) -> str:
    lines: list[str] = []
    for (_, kind), value in zip(params(variant), args, strict=True):
        if kind in ("int", "str"):
            lines.append(str(value))
        elif kind == "list[int]":
            lines += [str(len(value)), " ".join(map(str, value))]
        elif kind == "list[str]":
            lines += [str(len(value)), *value]
        else:  # list[list[int]]
            lines += [str(len(value)), *(" ".join(map(str, row)) for row in value)]
    return "\n".join(lines) + "\n"


def write_output(kind: str, value: Any) -> str:
    if kind == "bool":
        return "YES\n" if value else "NO\n"
    if kind in ("int", "str", "float"):
        return f"{value}\n"
    if kind == "list[int] | None":
        return "NONE\n" if value is None else " ".join(map(str, value)) + "\n"
    if kind in ("list[int]", "list[float]"):
        return " ".join(map(str, value)) + "\n"
    if kind == "list[str]":
        return "\n".join([str(len(value)), *value]) + "\n"
    if kind in ("list[list[int]]", "list[list[str]]"):
        return "\n".join([str(len(value)), *(" ".join(map(str, r)) for r in value)]) + "\n"
    items = sorted(value.items())  # dict[str, int]
    return "\n".join([str(len(items)), *(f"{k} {v}" for k, v in items)]) + "\n"


_READERS = {
    "int": "    {name} = int(_line())\n",
    "str": "    {name} = _line()\n",
    "list[int]": "    _n = int(_line())\n    {name} = [int(x) for x in _line().split()][:_n]\n",
    "list[str]": "    _n = int(_line())\n    {name} = [_line() for _ in range(_n)]\n",
    "list[list[int]]": (
        "    _n = int(_line())\n"
        "    {name} = [[int(x) for x in _line().split()] for _ in range(_n)]\n"
    ),
}

_PRINTERS = {
    "bool": "    print('YES' if _r else 'NO')\n",
    "int": "    print(_r)\n",
    "float": "    print(_r)\n",
    "list[float]": "    print(' '.join(map(str, _r)))\n",
    "str": "    print(_r)\n",
    "list[int] | None": "    print('NONE' if _r is None else ' '.join(map(str, _r)))\n",
    "list[int]": "    print(' '.join(map(str, _r)))\n",
    "list[str]": "    print(len(_r))\n    for _x in _r:\n        print(_x)\n",
    "list[list[int]]": (
        "    print(len(_r))\n    for _x in _r:\n        print(' '.join(map(str, _x)))\n"
    ),
    "list[list[str]]": (
        "    print(len(_r))\n    for _x in _r:\n        print(' '.join(map(str, _x)))\n"
    ),
    "dict[str, int]": (
        "    print(len(_r))\n    for _k in sorted(_r):\n        print(_k, _r[_k])\n"
    ),
}


def reference_program(variant: Variant) -> str:
    """The reference solution wrapped in a stdin reader and a stdout printer."""
    body = "".join(_READERS[k].format(name=n) for n, k in params(variant))
    call = ", ".join(n for n, _ in params(variant))
    return (
        "import sys\n\n\n"
        + variant.solution
        + "\n\ndef main():\n"
        "    _lines = sys.stdin.read().split('\\n')\n"
        "    _pos = [0]\n\n"
        "    def _line():\n"
        "        _pos[0] += 1\n"
        "        return _lines[_pos[0] - 1]\n\n"
        + body
        + f"    _r = {variant.entry}({call})\n"
        + _PRINTERS[variant.returns]
        + "\n\nmain()\n"
    )


_IN_TEXT = {
    "int": "a line with the integer {name}",
    "str": "a line with the string {name} (possibly empty)",
    "list[int]": "a line with the length of {name}, then a line with its integers separated "
                 "by spaces",
    "list[str]": "a line with the length of {name}, then one line per element",
    "list[list[int]]": "a line with the number of rows of {name}, then one line per row with "
                       "its integers separated by spaces",
}
_OUT_TEXT = {
    "bool": "YES or NO",
    "int": "the integer",
    "float": "the number (within 1e-6)",
    "list[float]": "the numbers separated by spaces on one line (each within 1e-6)",
    "str": "the string on one line",
    "list[int] | None": "the integers separated by spaces on one line, or NONE",
    "list[int]": "the integers separated by spaces on one line",
    "list[str]": "the number of strings, then one string per line",
    "list[list[int]]": "the number of lists, then one line per list with its integers "
                       "separated by spaces",
    "list[list[str]]": "the number of groups, then one line per group with its words "
                       "separated by spaces",
    "dict[str, int]": "the number of keys, then one line per key, in sorted order: the key, "
                      "a space, its value",
}


class StdioConfig(DifficultyConfig):
    family: str = Field(default="any", description="A family name, or 'any' (drawn from the seed).")
    tests: int = Field(default=24, ge=2, le=500, description="Hidden tests per task.")
    reward_mode: Literal["all", "fraction"] = Field(
        default="all", description="'all': 1 iff every hidden test passes; 'fraction': pass rate."
    )


def stdio_families(difficulty: int) -> list[Family]:
    return [f for f in FAMILIES.values() if supported(f.variant(difficulty))]


class StdioTasks(Generator):
    """Programs reading stdin and writing stdout, from the families' stdio-friendly variants."""

    name = "code/stdio"
    version = "2"  # 2: few hidden tests still include edge cases
    Config = StdioConfig

    def generate(self, rng: random.Random, config: StdioConfig) -> Draft:
        choices = stdio_families(config.difficulty)
        if config.family != "any":
            family = FAMILIES.get(config.family)
            if family is None or family not in choices:
                names = ", ".join(f.name for f in choices)
                raise ValueError(
                    f"family {config.family!r} has no stdio task at difficulty "
                    f"{config.difficulty}; choose from: {names}"
                )
        else:
            family = choices[rng.randrange(len(choices))]
        variant = family.variant(config.difficulty)
        examples = make_examples(variant, rng)
        cases = make_cases(variant, rng, config.tests)
        program = reference_program(variant)
        reference = {
            "kind": "stdio",
            "family": family.name,
            "difficulty": config.difficulty,
            "entry_point": variant.entry,
            "solution": variant.solution,
            "program": program,
            "returns": variant.returns,
            "tests": [self._test(variant, c) for c in cases],
            "examples": [self._test(variant, c) for c in examples],
            "checker": variant.judge,
            "float_tol": variant.float_tol,
            "reward_mode": config.reward_mode,
            "time_factor": TIME_FACTOR,
            "time_floor_s": TIME_FLOOR_S,
        }
        metadata = {"family": family.name, "topic": family.topic,
                    "difficulty": config.difficulty, "tests": len(cases)}
        return Draft(prompt=self.render(variant, examples), reference=reference,
                     oracle=[answer_block(program)], metadata=metadata)

    @staticmethod
    def _test(variant: Variant, case: Case) -> dict[str, Any]:
        return {"stdin": write_input(variant, case.args),
                "stdout": write_output(variant.returns, case.expected),
                "args": case.args, "kind": case.kind}

    def render(self, variant: Variant, examples: list[Case]) -> str:
        names = [n for n, _ in params(variant)]
        inputs = "; ".join(_IN_TEXT[k].format(name=n) for n, k in params(variant))
        lines = [
            "Write a Python program that reads its input from standard input and prints the "
            "answer to standard output.",
            "",
            f"Task (the input values are named {', '.join(names)}): {variant.spec}",
            "",
            f"Input: {inputs}.",
            f"Output: {_OUT_TEXT[variant.returns]}.",
        ]
        if variant.judge:
            lines.append("Any output that satisfies the task is accepted.")
        for i, ex in enumerate(examples, 1):
            lines += ["", f"Example {i} input:", write_input(variant, ex.args).rstrip("\n"),
                      f"Example {i} output:",
                      write_output(variant.returns, ex.expected).rstrip("\n")]
        lines += [
            "",
            "The whole output is compared (trailing spaces and blank lines aside). Hidden "
            "tests have time limits; use the standard library only.",
            "Answer with the complete program in one ```python block.",
        ]
        return "\n".join(lines)


def check_with_judge(name: str, test: dict[str, Any], stdout: str) -> bool:
    """Parse a program's output as the judge's value type and ask the judge."""
    judge = JUDGES.get(name)
    if judge is None:
        return False
    text = stdout.strip()
    if len(text) > 10_000_000:
        return False
    try:
        got = [int(x) for x in text.split()] if text else []
    except ValueError:
        return False
    return judge(test["args"], got)
