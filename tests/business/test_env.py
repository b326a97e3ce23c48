"""The business env: its world, its tools, bad input, hidden gold, offline re-scoring."""

from __future__ import annotations

import json

import pytest
from business_helpers import DOMAINS, calls, fetch_turns, finish, gold_call, start

import verticals
from verticals.errors import BrokenTaskError
from verticals.types import RolloutRecord, Score


@pytest.mark.parametrize("env_id", DOMAINS)
def test_world_is_built_at_reset_and_released(env_id):
    env = start(env_id, 1, difficulty=3)
    db = env.live_world()
    assert db.execute("SELECT count(*) FROM " + env.domain.case_table).fetchone()[0] >= 1
    env.reset(seed=2)
    with pytest.raises(Exception, match="closed"):
        db.execute("SELECT 1")
    env.close()
    env.close()
    assert env.live_world() is None


@pytest.mark.parametrize("env_id", DOMAINS)
def test_bad_tool_input_gets_an_error_not_a_crash(env_id):
    env = start(env_id, 0, difficulty=2)
    _, gold = gold_call(env.task)
    key = env.domain.case_key
    bad = [
        (env.domain.pay_tool, {**gold, "amount": "abc"}),
        (env.domain.pay_tool, {**gold, "amount": "1.005"}),
        (env.domain.pay_tool, {**gold, "amount": -5}),
        ("deny", {key: "NOPE-1", "reason_codes": ["X"], "rule_ids": []}),
        ("deny", {key: gold[key], "reason_codes": [], "rule_ids": []}),
        ("escalate", {key: gold[key]}),
        (env.reads[0].name, {}),
    ]
    observation, reward, terminated, truncated, _ = env.step(calls(*bad))
    assert observation.count("Error") == len(bad) and reward == 0.0
    assert not terminated and not truncated
    assert env.end_state()["events"] == []


@pytest.mark.parametrize("env_id", DOMAINS)
def test_a_case_is_decided_once(env_id):
    env = start(env_id, 0, difficulty=1)
    name, gold = gold_call(env.task)
    env.step(fetch_turns(env.task)[0])
    env.step(calls((name, gold)))
    key = env.domain.case_key
    again = {key: gold[key], "reason_codes": ["X"], "rule_ids": []}
    observation, *_ = env.step(calls(("deny", again)))
    assert "not pending" in observation
    assert finish(env, [])["reward"] == 1.0


@pytest.mark.parametrize("env_id", DOMAINS)
def test_gold_never_reaches_observations_before_the_decision(env_id):
    for seed in range(5):
        env = start(env_id, seed, difficulty=5)
        reference = env.task.reference
        seen = json.dumps(env.reset(seed=seed)[1])
        for action in env.task.oracle[:-2]:
            observation, _, _, _, info = env.step(action)
            seen += observation + json.dumps(info)
        assert json.dumps(reference["cited"]) not in seen
        assert "gold_state" not in seen and "documents_held" not in seen


@pytest.mark.parametrize("env_id", DOMAINS)
def test_a_rollout_is_rescored_offline_from_its_end_state(env_id):
    env = start(env_id, 3, difficulty=4)
    task = env.task
    info = {}
    for action in task.oracle:
        _, _, _, _, info = env.step(action)
    record = RolloutRecord(env=env_id, task_id=task.id, seed=3, policy="oracle",
                           messages=info["messages"], state=info["state"],
                           score=Score.model_validate(info["score"]))
    line = record.model_dump_json()
    again = RolloutRecord.model_validate_json(line)
    rebuilt = verticals.make(env_id, difficulty=4).make_task(3)
    assert env.reward_fn(again.trajectory(), rebuilt).reward == 1.0


def test_a_task_without_gold_is_not_judged():
    env = start("business/claims-v0", 0)
    broken = env.task.model_copy(update={"reference": {}})
    with pytest.raises(BrokenTaskError, match="lacks"):
        env.reward_fn(env.trajectory(), broken)


@pytest.mark.parametrize("env_id", DOMAINS)
def test_the_scripted_customer_answers_only_through_tools(env_id):
    for seed in range(40):
        env = start(env_id, seed, difficulty=5)
        if not env.task.reference["required_asks"]:
            continue
        field = env.task.reference["required_asks"][0]
        prompt = json.dumps(env.task.prompt)
        value = env.task.reference["answers"][field]
        assert f"{field}: {value}" not in prompt
        observation, *_ = env.step(calls(("ask_customer", {"field": field})))
        assert str(value) in observation
        return
    pytest.fail("no level-5 case needed a question in 40 seeds")
