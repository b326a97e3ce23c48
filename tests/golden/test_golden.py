"""Generators reproduce their committed snapshots exactly (see snapshots.py)."""

from __future__ import annotations

import json

import pytest
from snapshots import render, snapshot_ids, snapshot_path


@pytest.mark.parametrize("env_id", snapshot_ids())
def test_generator_output_matches_its_golden_snapshot(env_id):
    path = snapshot_path(env_id)
    assert path.exists(), (
        f"no golden snapshot for {env_id}: run `python -m tests.golden.snapshots {env_id}`"
    )
    golden = json.loads(path.read_text(encoding="utf-8"))
    current = render(env_id)
    for old, new in zip(golden, current, strict=False):
        where = f"{env_id} config {old['config']} seed {old['seed']}"
        assert new["id"] == old["id"], f"{where}: task id changed (config or version)"
        assert new == old, (
            f"{where}: the generator's output changed without a version bump. Bump its "
            "`version` if the change is intended, then rewrite the snapshot with "
            f"`python -m tests.golden.snapshots {env_id}`."
        )
    assert len(current) == len(golden), f"{env_id}: bench configs changed"
