"""Reading coding datasets in their usual formats into one shape, a `Problem` dict.

Formats (detected from a row's columns, or named by the config):
- humaneval: `prompt`, `canonical_solution`, `test` (a `check(candidate)`), `entry_point`
- mbpp: `text`, `code`, `test_list` (assert lines), optional `test_setup_code`
- apps (and TACO): `question`, `input_output` (JSON: inputs, outputs, optional fn_name),
  `solutions` (JSON list), `starter_code`
- codecontests: `description`, `public_tests` / `private_tests` / `generated_tests`
  ({input: [...], output: [...]}), `solutions` ({language: [...], solution: [...]})
- livecodebench: `question_content`, `public_test_cases` / `private_test_cases` (JSON, or
  base64 of zlib of a pickled JSON string), `metadata` (func_name), `starter_code`
- open-r1: `prompt` (or `problem`), `verification_info` ({test_cases: [{input, output}]}),
  `gold_standard_solution`

A Problem is {"kind": "function" | "stdio", "name", "prompt", "entry_point", "tests",
"examples", "solution", "prefix", "record"}; assert-style rows (humaneval, mbpp) carry a
"record" job instead of tests: their calls are replayed on the canonical solution in the
sandbox (see dataset.py) so that tests become input/expected pairs.
"""

from __future__ import annotations

import base64
import io
import json
import pickle
import re
import zlib
from typing import Any

from verticals.errors import TaskFileError

FORMATS = ("humaneval", "mbpp", "apps", "codecontests", "livecodebench", "open-r1")
#: Imports LeetCode-style starter code assumes (LiveCodeBench, APPS call-based rows).
LEETCODE_PRELUDE = (
    "from typing import *\nimport collections, heapq, bisect, itertools, functools, math\n"
    "from collections import *\nfrom functools import *\nfrom itertools import *\n"
    "from heapq import *\nfrom bisect import *\nfrom math import *\n"
)
PYTHON3 = 3  # CodeContests' language code for Python 3


def detect(row: dict[str, Any]) -> str | None:
    keys = set(row)
    if {"canonical_solution", "entry_point", "test"} <= keys:
        return "humaneval"
    if "test_list" in keys:
        return "mbpp"
    if "input_output" in keys:
        return "apps"
    if "public_tests" in keys:
        return "codecontests"
    if "public_test_cases" in keys:
        return "livecodebench"
    if "verification_info" in keys:
        return "open-r1"
    return None


class RowError(ValueError):
    """A row that cannot become a problem; the message says which field and why."""


def _need(row: dict[str, Any], *fields: str) -> None:
    missing = [f for f in fields if row.get(f) in (None, "")]
    if missing:
        raise RowError(f"missing field(s) {', '.join(missing)}")


def _json_field(value: Any, field: str) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise RowError(f"{field} is not valid JSON") from None
    return value


class _StrOnly(pickle.Unpickler):
    """LiveCodeBench pickles a JSON string; nothing but plain data may be unpickled."""

    def find_class(self, module: str, name: str) -> Any:
        raise RowError("private_test_cases holds a pickle of objects, not of a JSON string")


def _lcb_cases(value: Any, field: str) -> list[dict[str, Any]]:
    if isinstance(value, list):
        return value
    if not isinstance(value, str) or not value.strip():
        return []
    try:
        return json.loads(value)
    except ValueError:
        pass
    try:
        raw = _StrOnly(io.BytesIO(zlib.decompress(base64.b64decode(value)))).load()
        return json.loads(raw) if isinstance(raw, str) else raw
    except RowError:
        raise
    except Exception:
        raise RowError(f"{field} is neither JSON nor base64(zlib(pickle(JSON)))") from None


def _io_pairs(inputs: Any, outputs: Any, field: str) -> list[dict[str, Any]]:
    if not isinstance(inputs, list) or not isinstance(outputs, list) or len(inputs) != len(outputs):
        raise RowError(f"{field} needs lists of inputs and outputs of equal length")
    return [{"stdin": str(i), "stdout": str(o)} for i, o in zip(inputs, outputs, strict=True)]


def _first_def(code: str) -> str | None:
    match = re.search(r"^def\s+([A-Za-z_]\w*)\s*\(", code, re.MULTILINE)
    return match.group(1) if match else None


def _stdio_prompt(text: str) -> str:
    return (text.strip() + "\n\nWrite a Python program that reads standard input and writes "
            "standard output. Answer with the complete program in one ```python block.")


def _function_prompt(text: str, entry: str, starter: str = "") -> str:
    extra = f"\n\nStart from:\n```python\n{starter.rstrip()}\n```" if starter.strip() else ""
    return (text.strip() + extra + f"\n\nImplement `{entry}` in Python. Answer with the "
            "complete code in one ```python block.")


def to_problem(row: dict[str, Any], fmt: str) -> dict[str, Any]:
    """One row as a Problem; raises RowError saying what is wrong with it."""
    return _READERS[fmt](row)


def _humaneval(row: dict[str, Any]) -> dict[str, Any]:
    _need(row, "prompt", "canonical_solution", "test", "entry_point")
    prompt = str(row["prompt"])
    return {
        "kind": "function", "name": str(row.get("task_id", "")),
        "prompt": ("Complete the following Python function. Answer with the whole function "
                   "in one ```python block.\n\n```python\n" + prompt.rstrip() + "\n```"),
        "entry_point": str(row["entry_point"]),
        "prefix": prompt,  # helpers the prompt defines stay available to the answer
        "solution": prompt + str(row["canonical_solution"]),
        "record": {"setup": "", "tests": [str(row["test"]) + f"\ncheck({row['entry_point']})\n"]},
        "loose_numbers": True,
    }


def _mbpp(row: dict[str, Any]) -> dict[str, Any]:
    _need(row, "code", "test_list")
    text = str(row.get("text") or row.get("prompt") or "")
    if not text:
        raise RowError("missing field text (or prompt)")
    tests = row["test_list"]
    if isinstance(tests, str):
        tests = _json_field(tests, "test_list")
    if not isinstance(tests, list) or not tests:
        raise RowError("test_list must be a non-empty list of assert lines")
    challenge = row.get("challenge_test_list") or []
    calls = re.findall(r"assert\s+\(?\s*([A-Za-z_]\w*)\s*\(", str(tests[0]))
    entry = calls[0] if calls else _first_def(str(row["code"]))
    if not entry:
        raise RowError("cannot tell the function name from test_list or code")
    return {
        "kind": "function", "name": str(row.get("task_id", "")),
        "prompt": (text.strip() + "\nYour code should pass this test:\n" + str(tests[0]) +
                   "\n\nAnswer with the complete function in one ```python block."),
        "entry_point": entry, "prefix": "",
        "solution": str(row["code"]),
        "record": {"setup": str(row.get("test_setup_code") or ""),
                   "tests": [str(t) for t in list(tests) + list(challenge)]},
        "loose_numbers": True,
    }


def _apps(row: dict[str, Any]) -> dict[str, Any]:
    _need(row, "input_output")
    text = str(row.get("question") or row.get("problem") or "")
    if not text:
        raise RowError("missing field question")
    io_spec = _json_field(row["input_output"], "input_output")
    if not isinstance(io_spec, dict):
        raise RowError("input_output must be a JSON object with inputs and outputs")
    solutions = _json_field(row.get("solutions") or "[]", "solutions")
    solution = solutions[0] if isinstance(solutions, list) and solutions else None
    starter = str(row.get("starter_code") or "")
    name = str(row.get("problem_id", row.get("id", "")))
    if io_spec.get("fn_name"):
        fn = str(io_spec["fn_name"])
        inputs, outputs = io_spec.get("inputs"), io_spec.get("outputs")
        if (not isinstance(inputs, list) or not isinstance(outputs, list)
                or len(inputs) != len(outputs)):
            raise RowError("input_output needs inputs and outputs of equal length")
        tests = []
        for args, out in zip(inputs, outputs, strict=True):
            if not isinstance(args, list):
                raise RowError("call-based inputs must be lists of arguments")
            # APPS wraps a result in a one-element list; either form is accepted
            alts = [out, out[0]] if isinstance(out, list) and len(out) == 1 else [out]
            tests.append({"args": args, "expected": alts[-1], "expected_any": alts})
        entry = f"Solution().{fn}" if "class Solution" in starter else fn
        return {"kind": "function", "name": name, "prompt": _function_prompt(text, fn, starter),
                "entry_point": entry, "prefix": LEETCODE_PRELUDE, "solution": solution,
                "tests": tests, "loose_numbers": True}
    pairs = _io_pairs(io_spec.get("inputs"), io_spec.get("outputs"), "input_output")
    return {"kind": "stdio", "name": name, "prompt": _stdio_prompt(text), "solution": solution,
            "tests": pairs}


def _codecontests(row: dict[str, Any]) -> dict[str, Any]:
    _need(row, "description")
    pairs = []
    for field in ("public_tests", "private_tests", "generated_tests"):
        spec = _json_field(row.get(field) or {}, field)
        if spec:
            if not isinstance(spec, dict):
                raise RowError(f"{field} must be an object with input and output lists")
            pairs += _io_pairs(spec.get("input", []), spec.get("output", []), field)
    if not pairs:
        raise RowError("no tests in public_tests, private_tests or generated_tests")
    solution = None
    sols = _json_field(row.get("solutions") or {}, "solutions")
    if isinstance(sols, dict):
        for lang, code in zip(sols.get("language", []), sols.get("solution", []), strict=False):
            if lang == PYTHON3:
                solution = code
                break
    return {"kind": "stdio", "name": str(row.get("name", "")),
            "prompt": _stdio_prompt(str(row["description"])), "solution": solution,
            "tests": pairs}


def _livecodebench(row: dict[str, Any]) -> dict[str, Any]:
    _need(row, "question_content")
    cases = _lcb_cases(row.get("public_test_cases"), "public_test_cases") + _lcb_cases(
        row.get("private_test_cases"), "private_test_cases")
    if not cases:
        raise RowError("no test cases in public_test_cases or private_test_cases")
    text = str(row["question_content"])
    name = str(row.get("question_id", ""))
    if all(c.get("testtype") == "functional" for c in cases):
        meta = _json_field(row.get("metadata") or "{}", "metadata")
        fn = meta.get("func_name") if isinstance(meta, dict) else None
        if not fn:
            raise RowError("functional tests need metadata.func_name")
        starter = str(row.get("starter_code") or "")
        tests = []
        for c in cases:
            try:
                args = [json.loads(line) for line in str(c["input"]).split("\n") if line.strip()]
                expected = json.loads(str(c["output"]))
            except (ValueError, KeyError):
                raise RowError("a functional test's input/output is not JSON lines") from None
            tests.append({"args": args, "expected": expected})
        entry = f"Solution().{fn}" if "class Solution" in starter else str(fn)
        return {"kind": "function", "name": name, "prompt": _function_prompt(text, fn, starter),
                "entry_point": entry, "prefix": LEETCODE_PRELUDE, "solution": None,
                "tests": tests, "loose_numbers": True}
    pairs = [{"stdin": str(c.get("input", "")), "stdout": str(c.get("output", ""))} for c in cases]
    return {"kind": "stdio", "name": name, "prompt": _stdio_prompt(text), "solution": None,
            "tests": pairs}


def _open_r1(row: dict[str, Any]) -> dict[str, Any]:
    text = str(row.get("prompt") or row.get("problem") or row.get("problem_statement") or "")
    if not text:
        raise RowError("missing field prompt (or problem)")
    info = _json_field(row.get("verification_info"), "verification_info")
    cases = info.get("test_cases") if isinstance(info, dict) else None
    if not isinstance(cases, list) or not cases:
        raise RowError("verification_info.test_cases must be a non-empty list")
    pairs = []
    for c in cases:
        if not isinstance(c, dict) or "input" not in c or "output" not in c:
            raise RowError("each test case needs input and output")
        pairs.append({"stdin": str(c["input"]), "stdout": str(c["output"])})
    return {"kind": "stdio", "name": str(row.get("problem_id", "")),
            "prompt": _stdio_prompt(text), "solution": row.get("gold_standard_solution"),
            "tests": pairs}


_READERS = {"humaneval": _humaneval, "mbpp": _mbpp, "apps": _apps,
            "codecontests": _codecontests, "livecodebench": _livecodebench, "open-r1": _open_r1}


def bad_row(origin: str, index: int, fmt: str | None, why: str) -> TaskFileError:
    fix = (f"fix or drop that row, or set format= to one of {', '.join(FORMATS)}"
           if fmt else f"set format= to one of {', '.join(FORMATS)}")
    what = f" as {fmt}" if fmt else ""
    return TaskFileError(f"{origin}: row {index} cannot be read{what}: {why}; {fix}")
