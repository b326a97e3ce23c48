"""Same id + seed + config = same task, in any process, whatever PYTHONHASHSEED is."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import verticals

DUMP_TASKS = """
import json, sys, verticals
out = []
for env_id in verticals.registered():
    env = verticals.make(env_id)
    for seed in (0, 1, 12345):
        out.append(env.make_task(seed).model_dump(mode="json"))
sys.stdout.write(json.dumps(out, sort_keys=True))
"""


def _dump_in_subprocess(hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    result = subprocess.run([sys.executable, "-c", DUMP_TASKS], env=env, capture_output=True,
                            text=True, check=True, timeout=120)
    return result.stdout


def test_tasks_are_identical_across_processes_with_different_hash_seeds():
    first = _dump_in_subprocess("1")
    second = _dump_in_subprocess("987654")
    assert first == second
    tasks = json.loads(first)
    assert len(tasks) == 3 * len(verticals.registered())
    assert len({t["id"] for t in tasks}) == len(tasks)


def test_different_seeds_give_different_tasks():
    for env_id in verticals.registered():
        env = verticals.make(env_id)
        prompts = {str(env.make_task(seed).prompt) for seed in range(20)}
        assert len(prompts) >= 15, env_id


def test_export_twice_in_separate_processes_gives_identical_bytes(tmp_path):
    paths = []
    for name, hash_seed in (("a.jsonl", "3"), ("b.jsonl", "4")):
        path = tmp_path / name
        subprocess.run(
            [sys.executable, "-m", "verticals.cli", "export", "math/calculator-v0", "-n", "25",
             "--seed", "100", "--out", str(path), "--with-reference"],
            env={**os.environ, "PYTHONHASHSEED": hash_seed}, check=True, capture_output=True,
            timeout=120,
        )
        paths.append(path)
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert len(paths[0].read_text().splitlines()) == 25
