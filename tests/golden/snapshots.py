"""Golden snapshots of every procedural env's tasks: prompt, reference and oracle.

A generator that changes its output without a version bump breaks reproducibility for
everyone who trained or evaluated on its tasks. The snapshots pin a few seeds per config
of each env's bench sweep; `python -m tests.golden.snapshots` rewrites them after an
intended change (bump the generator's `version` first, so old task ids stay honest).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import verticals

FOLDER = Path(__file__).parent
SEEDS = (0, 1)
#: Envs whose tasks come from a user's file or are covered by their own fixtures.
NOT_GENERATED = frozenset({"math/dataset-v0"})


def snapshot_ids() -> list[str]:
    """Every registered env of ours whose tasks a generator makes."""
    return [
        env_id for env_id in verticals.registered()
        if verticals.spec(env_id).origin == "verticals" and env_id not in NOT_GENERATED
    ]


def snapshot_path(env_id: str) -> Path:
    return FOLDER / (env_id.replace("/", "__") + ".json")


def render(env_id: str) -> list[dict[str, Any]]:
    """The tasks the snapshot pins, as JSON data."""
    entry = verticals.spec(env_id)
    tasks = []
    for config in list(entry.bench) or [{}]:
        env = verticals.make(env_id, **config)
        for seed in SEEDS:
            task = env.make_task(seed)
            tasks.append({
                "config": config,
                "seed": seed,
                "id": task.id,
                "prompt": task.prompt,
                "reference": task.reference,
                "oracle": task.oracle,
            })
        env.close()
    return json.loads(json.dumps(tasks, sort_keys=True, default=str))


def write(env_ids: list[str]) -> None:
    for env_id in env_ids:
        text = json.dumps(render(env_id), indent=1, sort_keys=True, ensure_ascii=False)
        snapshot_path(env_id).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write(sys.argv[1:] or snapshot_ids())
