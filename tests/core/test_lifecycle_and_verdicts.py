"""The contract stateful verticals stand on: score status, env lifecycle, reactive oracles.

A pack env here owns a per-episode "world" (a list of created ids), offers a tool that
creates ids, and is scored by a reward that can be told to fail as our machinery would.
"""

from __future__ import annotations

import json

import pytest

import verticals
from verticals import policies, runner
from verticals.bench import bench
from verticals.errors import BrokenTaskError, InfrastructureError
from verticals.runner import Job
from verticals.schema import validate_file
from verticals.types import Score

LIFE_MODULE = '''
"""A stateful pack: the agent must create an item and answer with the id it got."""

from verticals.env import MultiTurnConfig, TextEnv
from verticals.errors import BrokenTaskError, InfrastructureError
from verticals.generators import Draft, Generator, SourceConfig
from verticals.tools import Tool
from verticals.types import Score

EVENTS = []          # (event, seed) in order, for the tests to read
FAIL = {}            # seed -> "infra" | "task": how the reward should fail


class LifeGenerator(Generator):
    name = "lifepack/items"
    version = "1"
    Config = SourceConfig

    def generate(self, rng, config):
        return Draft(prompt="Create an item, then answer with its id.",
                     reference={"salt": rng.randrange(1000)})


class ItemsEnv(TextEnv):
    Config = MultiTurnConfig

    def tools(self):
        return [Tool(name="create", description="Create an item; returns its id.",
                     parameters={"type": "object", "properties": {},
                                 "additionalProperties": False},
                     run=self._create)]

    def _create(self):
        item = f"item-{self.task.reference['salt']}-{len(self.world)}"
        self.world.append(item)
        return item

    def on_reset(self, task):
        self.world = []
        EVENTS.append(("reset", task.metadata["seed"]))

    def on_release(self):
        EVENTS.append(("release", self.task.metadata["seed"]))

    def end_state(self):
        return {"items": list(self.world)}

    def live_world(self):
        return self.world

    def oracle(self):
        def act(messages):
            created = [m["content"] for m in messages if m.get("role") == "tool"]
            if not created:
                return '<tool_call>{"name": "create", "arguments": {}}</tool_call>'
            return f"The id is {created[-1]}."
        return act


def reward(trajectory, task):
    how = FAIL.get(task.metadata["seed"])
    if how == "infra":
        raise InfrastructureError("the sandbox died")
    if how == "task":
        raise BrokenTaskError("gold unreadable")
    world = trajectory.world if trajectory.world is not None else trajectory.state["items"]
    answer = trajectory.final_answer or ""
    if world and answer.endswith(f"{world[-1]}."):
        return Score.full("answered with the id created")
    return Score.zero("no created id in the answer")
'''

LIFE_REGISTRY = """
version: 1
envs:
  lifepack/items-v0:
    env: lifepack:ItemsEnv
    tasks: lifepack:LifeGenerator
    reward: lifepack:reward
    description: Create an item and answer with its id.
"""


@pytest.fixture
def lifepack(install_pack):
    install_pack("lifepack", LIFE_MODULE, LIFE_REGISTRY)
    import lifepack

    lifepack.EVENTS.clear()
    lifepack.FAIL.clear()
    return lifepack


def _play(env, seed: int) -> dict:
    record = runner.play(env, policies.OraclePolicy(), seed)
    return record.model_dump(mode="json")


class TestScoreStatus:
    def test_a_judged_zero_is_a_value_and_no_verdict_is_none(self):
        assert Score.zero("wrong").value == 0.0 and Score.zero("wrong").judged
        unscored = Score.no_verdict("sandbox died")
        assert unscored.value is None and not unscored.judged
        assert unscored.status == "infrastructure_error"
        assert Score.model_validate_json(unscored.model_dump_json()) == unscored

    def test_no_verdict_refuses_to_call_itself_judged(self):
        with pytest.raises(ValueError, match="other than 'judged'"):
            Score.no_verdict("x", status="judged")

    def test_old_records_without_status_read_as_judged(self):
        assert Score.model_validate({"reward": 1.0}).status == "judged"

    @pytest.mark.parametrize(("how", "status"), [("infra", "infrastructure_error"),
                                                 ("task", "task_error")])
    def test_reward_errors_reach_info_with_their_status(self, lifepack, how, status):
        lifepack.FAIL[4] = how
        record = _play(verticals.make("lifepack/items-v0"), 4)
        assert record["score"]["status"] == status
        assert "died" in record["score"]["reason"] or "unreadable" in record["score"]["reason"]

    def test_the_agents_own_wrong_answer_is_judged_zero(self, lifepack):
        env = verticals.make("lifepack/items-v0")
        env.reset(seed=1)
        _, reward, terminated, _, info = env.step("item-0")
        assert terminated and reward == 0.0 and info["score"]["status"] == "judged"

    def test_harness_gives_no_verdict_when_the_sandbox_itself_fails(self, monkeypatch):
        from verticals.sandbox import harness
        from verticals.sandbox.types import Result

        def dead_sandbox(program, limits=None, backend="local"):
            return Result(exit_code=None, signal=None, stdout_bytes=b"", stderr_bytes=b"",
                          stdout_truncated=False, stderr_truncated=False, wall_s=0.0, cpu_s=0.0,
                          limit_hit=None, layers={}, backend="local", error="zygote died")

        monkeypatch.setattr(harness, "execute", dead_sandbox)
        score = harness.grade_function("def f(x): return x", "f", [{"args": [1], "expected": 1}])
        assert score.status == "infrastructure_error" and "zygote died" in score.reason

    def test_harness_task_without_tests_is_a_task_error(self):
        from verticals.sandbox import harness

        assert harness.grade_function("def f(): pass", "f", []).status == "task_error"


class TestRunnerAndBench:
    def test_unscored_episodes_are_counted_apart_and_never_averaged(self, lifepack, tmp_path):
        lifepack.FAIL.update({1: "infra", 2: "task"})
        jobs = [Job.of("lifepack/items-v0", seed, "oracle") for seed in range(5)]
        summary = runner.write_rollouts(jobs, tmp_path)
        (row,) = summary.as_dict()["envs"]
        assert (row["episodes"], row["scored"], row["unscored"]) == (5, 3, 2)
        assert row["mean_reward"] == 1.0  # the two unscored are not zeros in the mean
        assert validate_file(tmp_path / "rollouts.jsonl", "rollout") == 5

    def test_resume_retries_unscored_episodes_and_keeps_the_old_records(self, lifepack, tmp_path):
        lifepack.FAIL[3] = "infra"
        jobs = [Job.of("lifepack/items-v0", seed, "oracle") for seed in range(4)]
        runner.write_rollouts(jobs, tmp_path)
        lifepack.FAIL.clear()  # the machinery works again
        summary = runner.write_rollouts(jobs, tmp_path)
        assert summary.skipped == 3 and summary.episodes == 1 and summary.retried == 1
        (row,) = summary.as_dict()["envs"]
        assert (row["scored"], row["unscored"], row["mean_reward"]) == (4, 0, 1.0)
        retried = (tmp_path / runner.RETRIED_FILE).read_text().splitlines()
        assert [json.loads(line)["seed"] for line in retried] == [3]
        assert validate_file(tmp_path / "rollouts.jsonl", "rollout") == 4

    def test_bench_fails_on_unscored_episodes_and_counts_them(self, lifepack):
        lifepack.FAIL[0] = "infra"
        report = bench("lifepack/*", episodes=2)
        (row,) = report["envs"]
        assert not report["ok"] and row["unscored"] == 2  # oracle and null of seed 0
        assert row["oracle_reward"] == 1.0 and row["null_reward"] == 0.0
        assert {f["status"] for f in row["failures"]} == {"infrastructure_error"}

    def test_bench_passes_when_everything_is_scored(self, lifepack):
        report = bench("lifepack/*", episodes=3)
        assert report["ok"] and report["envs"][0]["unscored"] == 0


class TestLifecycle:
    def test_reset_releases_the_previous_episode_and_close_the_last(self, lifepack):
        env = verticals.make("lifepack/items-v0")
        env.reset(seed=1)
        env.reset(seed=2)
        env.close()
        env.close()  # safe twice
        assert lifepack.EVENTS == [("reset", 1), ("release", 1), ("reset", 2), ("release", 2)]

    def test_an_env_is_a_context_manager_that_closes(self, lifepack):
        with verticals.make("lifepack/items-v0") as env:
            env.reset(seed=5)
        assert lifepack.EVENTS[-1] == ("release", 5)

    def test_reset_after_close_starts_a_new_episode(self, lifepack):
        env = verticals.make("lifepack/items-v0")
        env.reset(seed=1)
        env.close()
        observation, _ = env.reset(seed=1)
        assert "Create an item" in observation

    def test_the_runner_closes_the_envs_it_made(self, lifepack):
        runner.play_jobs([Job.of("lifepack/items-v0", s, "null") for s in range(2)])
        assert lifepack.EVENTS[-1] == ("release", 1)
        assert sum(1 for event, _ in lifepack.EVENTS if event == "release") == 2


class TestReactiveOracle:
    def test_the_oracle_answers_with_an_id_created_during_the_episode(self, lifepack):
        env = verticals.make("lifepack/items-v0")
        record = _play(env, 7)
        assert record["score"]["reward"] == 1.0
        assert record["tool_calls"][0]["result"] == record["state"]["items"][0]

    def test_the_reward_reads_the_live_world_or_the_saved_state(self, lifepack, tmp_path):
        runner.write_rollouts([Job.of("lifepack/items-v0", 3, "oracle")], tmp_path)
        line = (tmp_path / "rollouts.jsonl").read_text().splitlines()[0]
        record = verticals.RolloutRecord.model_validate_json(line)
        assert "world" not in json.loads(line)  # the live world is never saved
        task = verticals.make(record.env).make_task(record.seed)
        assert lifepack.reward(record.trajectory(), task) == record.score


def test_no_verdict_errors_are_not_user_errors():
    from verticals.errors import VerticalsError

    assert not issubclass(InfrastructureError, VerticalsError)
    assert BrokenTaskError.status == "task_error"
