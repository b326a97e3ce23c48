"""Same seed and config -> the same world, documents, ids, rankings and tasks in any process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = r"""
import hashlib, json, sys
import verticals
from verticals.resources import Resources
from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import WorldConfig

pool = Resources(cache_dir=sys.argv[1])
sw = pool.get(SearchWorld, WorldConfig(seed=5, documents=250))
digest = hashlib.sha256()
for i, doc_id in enumerate(sw.index.ids):
    digest.update(f"{doc_id}|{sw.index.titles[i]}|{sw.index.dates[i]}|{sw.index.text(i)}".encode())
rankings = [sw.index.search(q, 10) for q in ("founded by", "chief executive 2001",
            "headquartered", "launched router", "born")]
env = verticals.make("search/multihop-v0", resources=pool, difficulty=3)
tasks = []
for seed in range(4):
    env.reset(seed=seed)
    tasks.append(env.task.model_dump(mode="json"))
print(json.dumps({"docs": digest.hexdigest(), "rankings": rankings, "tasks": tasks}))
pool.close()
"""


def run(cache: str, hash_seed: str) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "VERTICALS_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", SCRIPT, cache], env=env, capture_output=True,
                         text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_worlds_ids_rankings_and_tasks_agree_across_processes(tmp_path):
    first = run(str(tmp_path / "a"), "1")
    second = run(str(tmp_path / "b"), "2")  # built afresh in another folder
    third = run(str(tmp_path / "a"), "3")  # read back from the first one's cache
    assert first == second == third
    assert all(first["rankings"]) and len(first["tasks"]) == 4
