"""What a new user broke (issue 8): each test failed before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import verticals
from verticals import registry, runner
from verticals.cli import main
from verticals.errors import RegistryError
from verticals.runner import Job
from verticals.schema import validate_file

REPO = Path(__file__).resolve().parents[2]


def _python(code: str, cwd: Path | None = None, env: dict | None = None):
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300, cwd=cwd, env=env)


class TestGymnasiumMakeInAFreshProcess:
    def test_the_first_line_of_a_process_can_make_any_registered_id(self):
        # Each id is made as the first verticals call of its own interpreter: the ids of one
        # vertical prefix per process keeps this test quick.
        prefixes = sorted({env_id.split("/")[0] for env_id in verticals.registered()})
        for prefix in prefixes:
            ids = verticals.registered(f"{prefix}/*")
            done = _python(f"""
                import gymnasium
                for env_id in {ids!r}:
                    env = gymnasium.make("verticals:" + env_id)
                    env.reset(seed=0)
                    env.close()
                print("ok", len({ids!r}))
            """)
            assert done.returncode == 0 and done.stdout.startswith("ok"), done.stderr[-2000:]

    def test_config_passes_through_in_a_fresh_process(self):
        done = _python("""
            import gymnasium
            env = gymnasium.make("verticals:math/arithmetic-v0", difficulty=5)
            print(env.unwrapped.config.difficulty)
        """)
        assert done.stdout.strip() == "5", done.stderr[-2000:]

    def test_pack_ids_are_registered_at_import_too(self, tmp_path, pack_writer):
        site = pack_writer(tmp_path / "site")
        env = {**os.environ, "PYTHONPATH": str(site)}
        done = _python("""
            import gymnasium
            env = gymnasium.make("verticals:tinypack/echo-v0")
            print(env.reset(seed=0)[0][:6])
        """, env=env)
        assert done.stdout.strip() == "Repeat", done.stderr[-2000:]


def test_run_and_bench_work_from_a_folder_holding_a_verticals_folder(tmp_path):
    (tmp_path / "verticals").mkdir()
    cli = Path(sys.executable).with_name("verticals")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "verticals.cli"]
    done = subprocess.run([*command, "run", "math/arithmetic-v0", "-n", "4", "--workers", "2",
                           "--out", "out", "-q"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    records = (tmp_path / "out" / "rollouts.jsonl").read_text().splitlines()
    assert [json.loads(line)["score"]["reward"] for line in records] == [1.0] * 4


def test_readmes_mixed_weights_example_runs_in_workers(tmp_path):
    config = {"weights": {"quadratics": 2, "limits": 1}}
    jobs = [Job.of("math/mixed-v0", seed, "oracle", config) for seed in range(6)]
    summary = runner.write_rollouts(jobs, tmp_path, workers=2)
    (row,) = summary.as_dict()["envs"]
    assert row["scored"] == 6 and row["mean_reward"] == 1.0 and row["errors"] == 0
    assert row["config"] == config


class TestCliErrorsAreOneLine:
    def _error(self, capsys, *args: str) -> str:
        assert main(list(args)) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and "\n" not in err and "Traceback" not in err, err
        return err

    def test_negative_seeds(self, capsys, tmp_path):
        for command in (["export", "math/arithmetic-v0", "--out", str(tmp_path / "t.jsonl")],
                        ["show", "math/arithmetic-v0"],
                        ["run", "math/arithmetic-v0", "--out", str(tmp_path / "r")]):
            assert "non-negative" in self._error(capsys, *command, "--seed", "-5")

    def test_out_naming_a_file_or_an_impossible_path(self, capsys, tmp_path):
        a_file = tmp_path / "a-file"
        a_file.write_text("")
        for out in (a_file, a_file / "below", "/proc/no-such-folder"):
            err = self._error(capsys, "run", "math/arithmetic-v0", "-n", "1", "-q",
                              "--out", str(out))
            assert str(out) in err
        err = self._error(capsys, "export", "math/arithmetic-v0", "-n", "1",
                          "--out", str(a_file / "tasks.jsonl"))
        assert "cannot write" in err

    def test_list_json_into_a_closed_pipe(self):
        cli = [sys.executable, "-m", "verticals.cli", "list", "--json"]
        done = subprocess.run(f"{' '.join(cli)} | head -1", shell=True, capture_output=True,
                              text=True, timeout=300)
        assert done.stdout.strip() == "[" and "Traceback" not in done.stderr, done.stderr


class TestResumeOverCorruptRollouts:
    def _jobs(self, n: int) -> list[Job]:
        return [Job.of("math/arithmetic-v0", seed, "oracle") for seed in range(n)]

    def test_bad_lines_are_set_aside_and_the_file_stays_valid(self, tmp_path):
        runner.write_rollouts(self._jobs(4), tmp_path)
        path = tmp_path / runner.ROLLOUTS_FILE
        lines = path.read_text().splitlines()
        no_env = json.loads(lines[1])
        del no_env["env"]
        bad_seed = json.loads(lines[2])
        bad_seed["seed"] = "x"
        path.write_bytes(
            (lines[0] + "\n" + json.dumps(no_env) + "\nnot json at all\n").encode()
            + b"\xff\xfe\x00garbage\n" + (json.dumps(bad_seed) + "\n" + lines[3] + "\n").encode()
        )
        summary = runner.write_rollouts(self._jobs(4), tmp_path)
        assert summary.rejected == 4 and summary.skipped == 2 and summary.episodes == 2
        assert validate_file(path, "rollout") == 4
        (row,) = summary.as_dict()["envs"]
        assert row["episodes"] == 4  # no more than -n: the bad records are not counted
        rejected = (tmp_path / runner.REJECTED_FILE).read_text(errors="replace").splitlines()
        assert len(rejected) == 4 and "not json at all" in rejected

    def test_the_cli_says_what_it_set_aside(self, tmp_path, capsys):
        out = tmp_path / "run"
        assert main(["run", "math/arithmetic-v0", "-n", "2", "--out", str(out), "-q",
                     "--workers", "1"]) == 0
        with (out / runner.ROLLOUTS_FILE).open("a") as handle:
            handle.write('{"seed": 1}\n')
        assert main(["run", "math/arithmetic-v0", "-n", "2", "--out", str(out), "-q",
                     "--workers", "1"]) == 0
        assert "set aside: 1 unreadable lines" in capsys.readouterr().err


class TestFailingPolicy:
    def test_errored_episodes_exit_non_zero_and_are_retried(self, tmp_path, capsys,
                                                             monkeypatch):
        monkeypatch.setenv("VERTICALS_OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
        args = ["run", "math/arithmetic-v0", "--policy", "openai", "-n", "2", "--out",
                str(tmp_path), "-q", "--workers", "1"]
        assert main(args) == 1
        assert "no episode could be scored" in capsys.readouterr().err
        assert main(args) == 1  # played again, not skipped as done
        retried = (tmp_path / runner.RETRIED_FILE).read_text().splitlines()
        assert len(retried) == 2


class TestBrokenPacks:
    def test_a_pack_without_its_registry_file_is_skipped_with_a_warning(
        self, tmp_path, pack_writer, monkeypatch
    ):
        site = pack_writer(tmp_path / "site")
        (site / "tinypack" / "registry.yaml").unlink()
        monkeypatch.syspath_prepend(str(site))
        registry.reload()
        try:
            with pytest.warns(RuntimeWarning, match="tinypack"):
                ids = verticals.registered()
            assert "math/arithmetic-v0" in ids
            env = verticals.make("math/arithmetic-v0")
            assert env.reset(seed=0)[0]
            (broken,) = registry.broken_packs()
            assert broken.name == "tinypack" and "registry" in broken.problem
        finally:
            sys.modules.pop("tinypack", None)
            monkeypatch.undo()
            registry.reload()

    def test_verticals_list_marks_the_broken_pack(self, broken_pack, capsys):
        assert main(["list", "--json"]) == 0
        out, err = capsys.readouterr()
        assert err.startswith("warning: verticals: skipping pack 'tinypack'")
        rows = json.loads(out)
        assert any(row.get("broken_pack") == "tinypack" for row in rows)
        assert any(row.get("id") == "math/arithmetic-v0" for row in rows)

    def test_a_reward_that_does_not_exist_fails_at_make(self, install_pack):
        from conftest import PACK_MODULE, PACK_REGISTRY

        install_pack("tinypack", PACK_MODULE,
                     PACK_REGISTRY.replace("reward: tinypack:reward", "reward: tinypack:nope"))
        with pytest.raises(RegistryError, match=r"tinypack/echo-v0.*tinypack:nope"):
            verticals.make("tinypack/echo-v0")

    def test_packs_md_shows_the_package_data_setting(self):
        text = (REPO / "docs" / "packs.md").read_text()
        assert "[tool.setuptools.package-data]" in text and 'registry.yaml"]' in text


def test_the_run_summary_keeps_configs_apart(tmp_path):
    jobs = [Job.of("math/arithmetic-v0", seed, "oracle") for seed in range(2)]
    jobs += [Job.of("math/arithmetic-v0", seed, "oracle", {"difficulty": 5}) for seed in range(2)]
    rows = runner.write_rollouts(jobs, tmp_path).as_dict()["envs"]
    found = sorted((json.dumps(row["config"]), row["episodes"]) for row in rows)
    assert found == [('{"difficulty": 5}', 2), ("{}", 2)]
