"""The runner: rollout lines, summaries, parallel workers, resume after interruption."""

from __future__ import annotations

import json

import verticals
from verticals import runner
from verticals.policies import NullPolicy, OraclePolicy
from verticals.runner import Job
from verticals.schema import validate_file


def _jobs(n: int, policy: str = "oracle") -> list[Job]:
    return [Job.of("math/arithmetic-v0", seed, policy, {"difficulty": 2}) for seed in range(n)]


def test_run_writes_valid_rollouts_and_a_summary(tmp_path):
    summary = runner.write_rollouts(_jobs(6) + _jobs(6, "null"), tmp_path)
    assert summary.episodes == 12 and summary.skipped == 0
    assert validate_file(tmp_path / "rollouts.jsonl", "rollout") == 12
    report = json.loads((tmp_path / "summary.json").read_text())
    rewards = {row["policy"]: row["mean_reward"] for row in report["envs"]}
    assert rewards == {"oracle": 1.0, "null": 0.0}


def test_a_rollout_record_is_enough_to_rescore_offline(tmp_path):
    runner.write_rollouts(_jobs(3), tmp_path)
    for line in (tmp_path / "rollouts.jsonl").read_text().splitlines():
        record = verticals.RolloutRecord.model_validate_json(line)
        env = verticals.make(record.env, **record.config)
        task = env.make_task(record.seed)
        assert task.id == record.task_id
        rescored = env.reward_fn(record.trajectory(), task)
        assert rescored == record.score


def test_resume_skips_finished_episodes_and_repairs_a_torn_line(tmp_path):
    runner.write_rollouts(_jobs(5), tmp_path)
    path = tmp_path / "rollouts.jsonl"
    lines = path.read_text().splitlines(keepends=True)
    # Simulate a run killed while writing its fourth line.
    path.write_text("".join(lines[:3]) + lines[3][: len(lines[3]) // 2])
    summary = runner.write_rollouts(_jobs(8), tmp_path)
    assert summary.skipped == 3 and summary.episodes == 5
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert sorted(r["seed"] for r in records) == list(range(8))


def test_parallel_workers_give_the_same_records_as_one_process():
    jobs = _jobs(8) + [Job.of("math/calculator-v0", s, "oracle") for s in range(4)]
    serial = runner.play_jobs(jobs, workers=1)
    parallel = runner.play_jobs(jobs, workers=2)

    def key(line: str) -> tuple:
        record = json.loads(line)
        return (record["env"], record["seed"], json.dumps(record["messages"]),
                record["score"]["reward"])

    assert sorted(map(key, serial)) == sorted(map(key, parallel))


def test_play_records_timings_turns_and_versions():
    env = verticals.make("math/calculator-v0")
    record = runner.play(env, OraclePolicy(), seed=3)
    assert record.score.reward == 1.0 and record.terminated
    assert record.turns == len(env.task.oracle) == len(record.tool_calls) + 1
    assert record.timings.total_s >= record.timings.step_s > 0
    assert record.versions["generator"] == "1" and "verticals" in record.versions
    record = runner.play(env, NullPolicy(), seed=3)
    assert record.score.reward == 0.0


def test_an_oracle_that_runs_out_of_actions_scores_zero_not_forever():
    env = verticals.make("math/calculator-v0", max_turns=50)
    env.reset(seed=0)
    truncated_task = env.task.model_copy(update={"oracle": env.task.oracle[:2]})
    policy = OraclePolicy()
    policy.begin(truncated_task)
    env.reset(options={"task": truncated_task})
    for _ in range(3):
        _, reward, terminated, _, _ = env.step(policy.act("", {}))
    assert terminated and reward == 0.0


def test_a_crashing_episode_is_recorded_and_the_run_goes_on(tmp_path, monkeypatch):
    from verticals.tasks.math.arithmetic import ArithmeticGenerator

    original = ArithmeticGenerator.generate

    def flaky(self, rng, config):
        draft = original(self, rng, config)
        if "\\times" in draft.prompt:
            raise RuntimeError("generator bug")
        return draft

    monkeypatch.setattr(ArithmeticGenerator, "generate", flaky)
    summary = runner.write_rollouts(_jobs(12), tmp_path)
    records = [json.loads(line) for line in (tmp_path / "rollouts.jsonl").read_text().splitlines()]
    crashed = [r for r in records if r["error"]]
    assert summary.episodes == 12 and len(records) == 12
    assert crashed and all("generator bug" in r["error"] for r in crashed)
    assert all(r["score"]["reward"] == 0.0 for r in crashed)
    assert any(r["score"]["reward"] == 1.0 for r in records)
