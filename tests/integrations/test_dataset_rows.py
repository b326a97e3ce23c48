"""Training datasets and `verticals export --format`: prompts in, gold never out."""

from __future__ import annotations

import json
import subprocess
import sys

import datasets as hf_datasets
import pyarrow.parquet as pq
import pytest

import verticals
from verticals.cli import main
from verticals.errors import ConfigError, UnknownEnvError
from verticals.integrations import datasets as vds
from verticals.integrations.verl import compute_score


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return [json.dumps(value)] if value is not None else []


def _hidden(task: verticals.Task) -> list[str]:
    """Gold strings of `task` that its public part does not show anyway (at least 3 chars)."""
    public = json.dumps(task.public(), ensure_ascii=False)
    gold = _strings(task.reference) + _strings(task.oracle)
    return [s for s in gold if len(s) >= 3 and s not in public]


@pytest.mark.parametrize("env_id", verticals.registered())
def test_no_exported_row_of_any_env_holds_hidden_gold(env_id):
    rows = vds.rows(env_id, n=3, seed=11)
    parquet_rows = vds.verl_rows(rows)
    with verticals.make(env_id) as env:
        for row, verl_row in zip(rows, parquet_rows, strict=True):
            assert tuple(row) == vds.COLUMNS
            task = env.make_task(row["task_seed"])
            assert row["task_id"] == task.id
            text = json.dumps([row, verl_row], ensure_ascii=False)
            assert '"reference"' not in text and '"oracle"' not in text
            leaked = [s for s in _hidden(task) if s in text]
            assert not leaked, f"{env_id}: {leaked[:3]}"


def test_mixed_datasets_take_envs_in_turn_with_their_own_configs():
    ds = vds.dataset({"math/arithmetic-v0": {"difficulty": 5}, "math/primes-v0": {}}, n=5,
                     seed=7, difficulty=1)
    assert isinstance(ds, hf_datasets.Dataset) and list(ds.column_names) == list(vds.COLUMNS)
    assert ds["env"] == ["math/arithmetic-v0", "math/primes-v0"] * 2 + ["math/arithmetic-v0"]
    assert ds["task_seed"] == [7, 7, 8, 8, 9]
    assert json.loads(ds[0]["config"]) == {"difficulty": 5}
    assert json.loads(ds[1]["config"]) == {"difficulty": 1}
    with verticals.make("math/arithmetic-v0", difficulty=5) as env:
        assert ds[4]["task_id"] == env.make_task(9).id
    assert len(set(vds.dataset("math/*", n=40)["env"])) == len(verticals.registered("math/*"))


def test_bad_names_and_configs_fail_early_with_the_fix():
    with pytest.raises(UnknownEnvError, match="did you mean math/arithmetic-v0"):
        vds.rows("math/arithmetc-v0", n=1)
    with pytest.raises(UnknownEnvError, match="no env id matches"):
        vds.rows("nope/*", n=1)
    with pytest.raises(ConfigError, match="did you mean 'difficulty'"):
        vds.rows("math/arithmetic-v0", n=1, dificulty=2)


def test_export_parquet_is_in_verls_shape_and_scores_by_compute_score(tmp_path):
    out = tmp_path / "train.parquet"
    assert main(["export", "math/arithmetic-v0", "-n", "100", "--format", "parquet",
                 "--out", str(out), "-c", "difficulty=2"]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 100
    assert {"data_source", "prompt", "ability", "reward_model", "extra_info",
            "agent_name"} <= set(table.column_names)
    frame = table.to_pandas()
    first = frame.iloc[0]
    assert first["data_source"] == "math/arithmetic-v0" and first["ability"] == "math"
    assert [m["role"] for m in first["prompt"]] == ["user"]
    assert first["reward_model"]["style"] == "rule"
    assert first["agent_name"] == "single_turn_agent"
    with verticals.make("math/arithmetic-v0", difficulty=2) as env:
        for i in (0, 57):
            row = frame.iloc[i]
            env.reset(seed=int(row["extra_info"]["task_seed"]))
            right = env.task.oracle[-1]
            args = (row["data_source"], right, row["reward_model"]["ground_truth"],
                    dict(row["extra_info"]))
            assert compute_score(*args) == {"score": 1.0, "judged": 1.0, "status": "judged"}
            wrong = compute_score(row["data_source"], "\\boxed{x}", *args[2:])
            assert wrong["score"] == 0.0 and wrong["judged"] == 1.0
    # a row made by another generator version is not scored against today's task
    info = dict(frame.iloc[0]["extra_info"], task_id="math/arithmetic-v0@0:00000000:0")
    assert compute_score("math/arithmetic-v0", right, "x", info)["judged"] == 0.0


def test_multi_turn_rows_name_the_agent_loop_and_jsonl_hf_round_trip(tmp_path):
    assert main(["export", "math/calc*", "-n", "4", "--format", "parquet",
                 "--out", str(tmp_path / "c.parquet")]) == 0
    assert set(pq.read_table(tmp_path / "c.parquet").column("agent_name").to_pylist()) == {
        vds.VERL_AGENT}
    assert main(["export", "math/primes-v0", "-n", "6", "--format", "jsonl",
                 "--out", str(tmp_path / "p.jsonl")]) == 0
    lines = [json.loads(x) for x in (tmp_path / "p.jsonl").read_text().splitlines()]
    assert lines == vds.rows("math/primes-v0", n=6)
    assert main(["export", "math/primes-v0", "-n", "6", "--format", "hf",
                 "--out", str(tmp_path / "hf")]) == 0
    assert hf_datasets.load_from_disk(str(tmp_path / "hf")).to_list() == lines


def test_export_training_formats_refuse_the_gold(capsys):
    assert main(["export", "math/primes-v0", "--format", "jsonl", "--out", "/tmp/x.jsonl",
                 "--with-reference"]) == 2
    assert "never carry the gold" in capsys.readouterr().err


def test_export_is_byte_identical_across_processes(tmp_path):
    args = ["export", "math/*", "-n", "64", "--format", "parquet", "--out"]
    subprocess.run([sys.executable, "-m", "verticals.cli", *args, str(tmp_path / "a.parquet")],
                   env={"PYTHONHASHSEED": "1", "PATH": ""}, check=True, capture_output=True,
                   timeout=120)
    assert main([*args, str(tmp_path / "b.parquet")]) == 0
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
