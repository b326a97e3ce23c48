"""The benchmark script runs on the corpus and prints exactly one JSON object with --json."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "math_reward.py"


def test_benchmark_json_has_the_documented_shape(capsys):
    spec = importlib.util.spec_from_file_location("math_reward_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--json", "--no-peer"]) == 0
    out = capsys.readouterr().out.strip()
    result = json.loads(out)
    assert set(result["ours"]) == {"accuracy", "false_positives", "median_ms", "max_ms"}
    assert result["ours"]["accuracy"] == 1.0 and result["ours"]["false_positives"] == 0
    assert "math_verify" in result and "speed_ratio" in result
