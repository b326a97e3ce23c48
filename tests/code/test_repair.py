"""code/repair-v0: the injected bug, the file tools, the visible tests, the final grading."""

from __future__ import annotations

import json

import pytest
from test_redteam import ATTACKS

import verticals
from verticals.rewards.code import reward
from verticals.rewards.code.grade import score_repair
from verticals.tasks.code.repair import MODULE, VISIBLE_TESTS, RepairConfig, RepairTasks
from verticals.types import RolloutRecord, Trajectory


def _call(name: str, **arguments: object) -> str:
    return "<tool_call>" + json.dumps({"name": name, "arguments": arguments}) + "</tool_call>"


@pytest.fixture(scope="module")
def task():
    return RepairTasks().task("code/repair-v0", 3, RepairConfig(difficulty=3, tests_per_function=4))


def test_the_bug_is_one_mutation_that_the_hidden_tests_catch(task) -> None:
    ref = task.reference
    broken, fixed = ref["files"][MODULE], ref["solution_files"][MODULE]
    assert broken != fixed
    diff = [(a, b) for a, b in zip(broken.splitlines(), fixed.splitlines(), strict=False)
            if a != b]
    assert 1 <= len(diff) <= 3 and len(broken.splitlines()) == len(fixed.splitlines())
    assert score_repair(ref["files"], ref, task_key=task.id).reward == 0.0
    assert score_repair({MODULE: fixed}, ref, task_key=task.id).reward == 1.0
    assert len(ref["functions"]) == 4 and ref["bug"]["kind"]


def test_sizes_grow_with_difficulty() -> None:
    source = RepairTasks()
    small = source.task("code/repair-v0", 1, RepairConfig(difficulty=1, tests_per_function=2))
    large = source.task("code/repair-v0", 1, RepairConfig(difficulty=5, tests_per_function=2))
    assert small.metadata["functions"] == 1 and large.metadata["functions"] == 12
    assert large.metadata["lines"] > 150


def test_tools_and_episode(task) -> None:
    env = verticals.make("code/repair-v0", difficulty=3, tests_per_function=4)
    obs, info = env.reset(options={"task": task})
    assert {t["function"]["name"] for t in info["tools"]} == {
        "list_files", "read_file", "write_file", "run_tests"}
    obs, *_ = env.step(_call("list_files"))
    assert MODULE in obs and VISIBLE_TESTS in obs
    obs, *_ = env.step(_call("read_file", path=VISIBLE_TESTS))
    assert "assert" in obs
    for bad in (VISIBLE_TESTS, "tests/conftest.py", "README.md"):
        obs, *_ = env.step(_call("write_file", path=bad, content="x"))
        assert "read-only" in obs
    for bad in ("../escape.py", "/etc/passwd"):
        obs, *_ = env.step(_call("read_file", path=bad))
        assert "Error" in obs
    obs, *_ = env.step(_call("run_tests"))
    assert "visible tests pass" in obs
    hidden = [t for f in task.reference["functions"] for t in f["tests"]]
    visible = [json.dumps(e["args"]) for f in task.reference["functions"] for e in f["examples"]]
    for t in hidden:
        if json.dumps(t["args"]) not in visible and len(json.dumps(t["args"])) > 8:
            assert json.dumps(t["args"])[1:-1] not in obs
    env.step(_call("write_file", path=MODULE, content=task.reference["solution_files"][MODULE]))
    obs, *_ = env.step(_call("run_tests"))
    count = sum(len(f["examples"]) for f in task.reference["functions"])
    assert f"{count}/{count} visible tests pass" in obs
    _, r, terminated, _, info = env.step("Fixed it.")
    assert terminated and r == 1.0, info["score"]
    # the rollout's end state alone re-scores the episode, offline
    record = RolloutRecord(env="code/repair-v0", task_id=task.id, seed=3, policy="test",
                           state=info["state"], score=info["score"], final_answer="Fixed it.")
    assert reward(record.trajectory(), task).reward == 1.0
    env.close()


def test_files_the_agent_adds_cannot_change_the_grading(task) -> None:
    ref = task.reference
    hostile = {
        "conftest.py": "import os\nos._exit(0)\n",
        "sitecustomize.py": "import os\nos._exit(0)\n",
        "json.py": "dumps = lambda *a, **k: '{\"value\": 0}'\n",
        "_grader_job.json": "{}",
        "tests/test_module.py": "def test_nothing():\n    pass\n",
    }
    broken = {**ref["files"], **hostile}
    assert reward(Trajectory(state={"files": broken}), task).reward == 0.0
    fixed = {**broken, MODULE: ref["solution_files"][MODULE]}
    assert reward(Trajectory(state={"files": fixed}), task).reward == 1.0


@pytest.mark.parametrize("name", ["sys_exit_before_tests", "os_exit_in_call",
                                  "steal_nonce_and_forge_report", "scan_gc_for_expected",
                                  "monkeypatch_json", "kill_the_runner", "import_the_generators"])
def test_hostile_modules_earn_zero(task, name: str) -> None:
    attack = {a.name: a for a in ATTACKS}[name]
    ref = task.reference
    # the hostile code goes at the top of the (still buggy) module
    files = {**ref["files"], MODULE: attack.body + "\n" + ref["files"][MODULE]}
    verdict = reward(Trajectory(state={"files": files}), task)
    assert verdict.judged and verdict.reward == 0.0, (name, verdict)
