"""Function and stdio tasks: the families, what difficulty changes, hidden tests, limits."""

from __future__ import annotations

import json

import pytest

import verticals
from verticals.rewards.code import score
from verticals.tasks.code.families import FAMILIES
from verticals.tasks.code.functions import FunctionsConfig, FunctionTasks
from verticals.tasks.code.stdio import StdioConfig, StdioTasks, supported


def test_at_least_25_families_each_with_five_distinct_problems() -> None:
    assert len(FAMILIES) >= 25
    for family in FAMILIES.values():
        assert sorted(family.levels) == [1, 2, 3, 4, 5], family.name
        entries = {v.entry for v in family.levels.values()}
        specs = {v.spec for v in family.levels.values()}
        assert len(entries) == 5 and len(specs) == 5, f"{family.name}: a level repeats a problem"


def test_topics_cover_the_issue_list() -> None:
    topics = {f.topic for f in FAMILIES.values()}
    for wanted in ("strings", "lists", "dicts and counting", "number theory", "intervals",
                   "parsing", "simulation", "sorting with keys", "greedy",
                   "dynamic programming", "graphs and BFS", "matrices", "bit manipulation",
                   "dates"):
        assert wanted in topics


def test_top_levels_have_inputs_a_naive_algorithm_cannot_finish() -> None:
    big = [f.name for f in FAMILIES.values() if f.levels[4].big or f.levels[5].big]
    assert len(big) >= 20


def test_default_task_has_twenty_plus_hidden_tests_of_every_kind_none_shown() -> None:
    task = verticals.make("code/functions-v0", family="running-sums", difficulty=5).source.task(
        "code/functions-v0", 11, FunctionsConfig(family="running-sums", difficulty=5))
    tests = task.reference["tests"]
    assert len(tests) >= 20
    kinds = {t["kind"] for t in tests}
    assert {"edge", "random", "max", "big"} <= kinds
    prompt = task.prompt if isinstance(task.prompt, str) else ""
    for t in tests:
        if t["kind"] != "edge":  # edge cases such as [] may coincide with an example
            assert json.dumps(t["args"])[:40] not in prompt.replace("'", '"') or len(
                json.dumps(t["args"])) < 12
    assert 2 <= len(task.reference["examples"]) <= 3
    assert task.reference["solution"] not in prompt


def test_same_seed_same_task_and_different_seeds_differ() -> None:
    source = FunctionTasks()
    config = FunctionsConfig(difficulty=3)
    a = source.task("code/functions-v0", 5, config)
    b = source.task("code/functions-v0", 5, config)
    c = source.task("code/functions-v0", 6, config)
    assert a.model_dump_json() == b.model_dump_json()
    assert a.id != c.id and a.reference != c.reference


@pytest.mark.parametrize("difficulty", [1, 2, 3, 4, 5])
def test_every_family_and_level_generates_and_its_reference_passes(difficulty: int) -> None:
    source = FunctionTasks()
    for name in FAMILIES:
        task = source.task("code/functions-v0", 1,
                           FunctionsConfig(family=name, difficulty=difficulty, tests=3))
        assert task.metadata["family"] == name
        json.dumps(task.reference)  # plain JSON data, so rollouts and exports can hold it
    # one sandboxed check per level keeps this fast; the bench plays every level
    verdict = score(task.oracle[0], task.reference, task_key=task.id)
    assert verdict.reward == 1.0, verdict


def test_stdio_oracle_passes_and_output_format_is_stated() -> None:
    source = StdioTasks()
    for difficulty in (2, 4):
        task = source.task("code/stdio-v0", 3, StdioConfig(difficulty=difficulty, tests=5))
        assert "Input:" in task.prompt and "Output:" in task.prompt
        verdict = score(task.oracle[0], task.reference, task_key=task.id)
        assert verdict.reward == 1.0, verdict
    assert sum(supported(f.variant(3)) for f in FAMILIES.values()) >= 25


def test_a_correct_but_quadratic_solution_fails_on_the_big_inputs() -> None:
    task = FunctionTasks().task("code/functions-v0", 2,
                                FunctionsConfig(family="running-sums", difficulty=4, tests=8))
    naive = (
        "def count_sum_k(nums, k):\n"
        "    count = 0\n"
        "    for i in range(len(nums)):\n"
        "        s = 0\n"
        "        for j in range(i, len(nums)):\n"
        "            s += nums[j]\n"
        "            count += s == k\n"
        "    return count\n"
    )
    verdict = score(f"```python\n{naive}```", task.reference, task_key=task.id)
    assert verdict.reward == 0.0
    assert verdict.components.get("failed_timeout") == 1.0, verdict
    assert verdict.components["passed"] >= 6  # it is right on everything small
    fast = score(task.oracle[0], task.reference, task_key=task.id)
    assert fast.reward == 1.0, fast


def test_a_special_judge_accepts_any_valid_order() -> None:
    task = FunctionTasks().task("code/functions-v0", 4,
                                FunctionsConfig(family="graphs", difficulty=3, tests=12))
    other = (  # Kahn's algorithm taking the smallest ready task: a different valid order
        "import heapq\n"
        "def task_order(n, edges):\n"
        "    indeg = [0] * n\n"
        "    adj = [[] for _ in range(n)]\n"
        "    for a, b in edges:\n"
        "        adj[a].append(b)\n"
        "        indeg[b] += 1\n"
        "    ready = [v for v in range(n) if indeg[v] == 0]\n"
        "    heapq.heapify(ready)\n"
        "    out = []\n"
        "    while ready:\n"
        "        u = heapq.heappop(ready)\n"
        "        out.append(u)\n"
        "        for v in adj[u]:\n"
        "            indeg[v] -= 1\n"
        "            if indeg[v] == 0:\n"
        "                heapq.heappush(ready, v)\n"
        "    return out if len(out) == n else []\n"
    )
    assert score(f"```python\n{other}```", task.reference, task_key=task.id).reward == 1.0
    wrong = "def task_order(n, edges):\n    return list(range(n))\n"
    has_edges = any(t["args"][1] for t in task.reference["tests"])
    assert has_edges
    assert score(f"```python\n{wrong}```", task.reference, task_key=task.id).reward == 0.0


def test_floats_are_judged_within_the_stated_tolerance() -> None:
    fn_task = FunctionTasks().task("code/functions-v0", 1,
                                   FunctionsConfig(family="statistics", difficulty=3, tests=6))
    close = "def std_dev(nums):\n    import statistics\n    return statistics.pstdev(nums)\n"
    off = "def std_dev(nums):\n    import statistics\n    return statistics.pstdev(nums) + 1e-3\n"
    assert score(f"```python\n{close}```", fn_task.reference, task_key=fn_task.id).reward == 1.0
    assert score(f"```python\n{off}```", fn_task.reference, task_key=fn_task.id).reward == 0.0
    io_task = StdioTasks().task("code/stdio-v0", 1,
                                StdioConfig(family="statistics", difficulty=2, tests=6))
    printed = ("import statistics\ninput()\nnums = list(map(int, input().split()))\n"
               "print('%.7f' % statistics.median(nums))\n")
    assert score(f"```python\n{printed}```", io_task.reference, task_key=io_task.id).reward == 1.0
    rough = printed.replace("%.7f", "%.1f").replace("statistics.median(nums)",
                                                     "statistics.median(nums) + 0.04")
    assert score(f"```python\n{rough}```", io_task.reference, task_key=io_task.id).reward == 0.0
