"""The command line as a new user meets it: tables, JSON, and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from verticals.cli import main


def _cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "verticals.cli", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def test_list_shows_ids_and_descriptions(capsys):
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {"math/arithmetic-v0", "math/calculator-v0"} <= {r["id"] for r in rows}
    assert all(r["description"] for r in rows)


def test_show_prints_schema_and_a_sample_task(capsys):
    assert main(["show", "math/calculator-v0", "-c", "difficulty=1"]) == 0
    out = capsys.readouterr().out
    assert "config schema" in out and "calculate" in out and "Start with" in out


def test_bench_writes_figures_and_passes(tmp_path, capsys):
    path = tmp_path / "bench.json"
    code = main(["bench", "--pattern", "math/arithmetic-v0", "--episodes", "3", "--workers", "1",
                 "-q", "--json", str(path)])
    assert code == 0
    report = json.loads(path.read_text())
    (row,) = report["envs"]
    assert row["id"] == "math/arithmetic-v0" and row["oracle_reward"] == 1.0
    assert row["null_reward"] == 0.0 and row["episodes_per_s"] > 0
    assert "versions" in report
    assert "math/arithmetic-v0" in capsys.readouterr().out


def test_bench_fails_when_an_oracle_misses(installed_pack, monkeypatch, capsys):
    import tinypack

    monkeypatch.setattr(tinypack.EchoGenerator, "generate",
                        lambda self, rng, config: tinypack.Draft(
                            prompt="say hi", reference={"answer": "hi"}, oracle=["bye"]))
    assert main(["bench", "--pattern", "tinypack/*", "--episodes", "2", "--workers", "1",
                 "-q"]) == 1
    assert "FAIL" in capsys.readouterr().out


def test_run_and_export_write_files(tmp_path):
    assert main(["run", "math/arithmetic-v0", "--policy", "null", "-n", "4", "--out",
                 str(tmp_path / "run"), "--workers", "1", "-q"]) == 0
    assert len((tmp_path / "run" / "rollouts.jsonl").read_text().splitlines()) == 4
    out = tmp_path / "tasks.jsonl"
    assert main(["export", "math/arithmetic-v0", "-n", "3", "--out", str(out)]) == 0
    tasks = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(tasks) == 3 and all("reference" not in t and "oracle" not in t for t in tasks)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["show", "math/arithmetc-v0"], "did you mean math/arithmetic-v0"),
        (["run", "math/arithmetic-v0", "--out", "/tmp/x", "-c", "dificulty=2"],
         "did you mean 'difficulty'"),
        (["export", "math/arithmetic-v0", "--out", "/tmp/x.jsonl", "-c", "difficulty"],
         "not key=value"),
        (["run", "math/arithmetic-v0", "--policy", "gpt", "--out", "/tmp/x", "-n", "1"],
         "unknown policy 'gpt'"),
        (["bench", "--pattern", "nope/*"], "no env id matches"),
    ],
)
def test_user_errors_print_one_line_and_no_traceback(args, expected):
    result = _cli(*args)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_broken_pack_is_one_warning_line_and_the_rest_works(tmp_path, pack_writer):
    root = pack_writer(tmp_path / "site", registry_text="envs:\n  x: [1]\n")
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = _cli("list", env=env)
    assert result.returncode == 0 and "math/arithmetic-v0" in result.stdout
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith("warning: ") and "pack 'tinypack'" in warning
    assert "invalid registry file" in warning and "pip uninstall tinypack" in warning


def test_installed_pack_shows_in_verticals_list(tmp_path, pack_writer):
    root = pack_writer(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    result = _cli("list", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert "tinypack/echo-v0" in {r["id"] for r in json.loads(result.stdout)}
