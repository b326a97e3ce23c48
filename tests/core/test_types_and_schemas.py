"""Core types validate their input, and the exported schemas stay current."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from verticals import schema
from verticals.errors import TaskFileError
from verticals.types import Score, Task

DOCS_SCHEMAS = Path(__file__).resolve().parents[2] / "docs" / "schemas"


@pytest.mark.parametrize("reward", [-0.1, 1.5, float("nan"), float("inf")])
def test_score_rejects_rewards_outside_zero_one(reward):
    with pytest.raises(ValidationError):
        Score(reward=reward)


def test_task_public_drops_every_hidden_field():
    task = Task(id="a/b-v0@1:x:0", env="a/b-v0", prompt="q", reference={"answer": "42"},
                oracle=["42"], metadata={"difficulty": 1})
    public = task.public()
    assert "reference" not in public and "oracle" not in public
    assert public["prompt"] == "q" and public["metadata"] == {"difficulty": 1}
    with pytest.raises(ValidationError):
        Task(id="x", env="a/b-v0", prompt="q", secret=1)


def test_exported_schemas_in_docs_are_current():
    for name, current in schema.schemas().items():
        shipped = json.loads((DOCS_SCHEMAS / f"{name}.schema.json").read_text())
        assert shipped == json.loads(json.dumps(current)), f"run verticals.schema.export on {name}"


def test_validate_file_names_the_line_and_the_problem(tmp_path):
    path = tmp_path / "rollouts.jsonl"
    path.write_text('{"env": "a/b-v0"}\n')
    with pytest.raises(TaskFileError, match=r"rollouts.jsonl:1: not a valid rollout"):
        schema.validate_file(path, "rollout")
    path.write_text("{broken\n")
    with pytest.raises(TaskFileError, match="not valid JSON"):
        schema.validate_file(path, "rollout")
    with pytest.raises(TaskFileError, match="cannot read"):
        schema.validate_file(tmp_path / "missing.jsonl", "rollout")
