"""benchmarks/training.py still runs TRL's GRPOTrainer end to end and reports its figures.

A smoke run (two steps, one round): it checks that the reward calls happen inside the
measured steps and that --json prints one object; the times themselves are not asserted.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch", reason="the trl extra is not installed: pip install -e '.[trl]'")
pytest.importorskip("trl", reason="the trl extra is not installed: pip install -e '.[trl]'")

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "training.py"


def test_the_training_benchmark_reports_our_share_of_a_grpo_step():
    done = subprocess.run(
        [sys.executable, str(BENCH), "--steps", "2", "--rounds", "1", "--batch", "4",
         "--generations", "2", "--json"],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = done.stdout.splitlines()  # one JSON object, none of the trainer's logs
    figures = json.loads(line)
    for part, env_id in (("single_turn", "math/arithmetic-v0"),
                         ("multi_turn", "math/calculator-v0")):
        got = figures[part]
        assert got["env"] == env_id
        assert got["steps_measured"] == 1 and got["completions_per_step"] == 4
        assert got["ours_in_step_ms"] > 0 and got["us_per_completion"] > 0
        assert got["overhead_ms"] == got["ours_in_step_ms"]
        assert 0 < got["overhead_pct"] < 100
