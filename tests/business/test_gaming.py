"""Gaming and minefields: every shortcut an agent might take earns nothing.

Each test plays scripted policies on every business domain and several levels and seeds,
and asserts the score *and* its reason, so a broken world cannot pass by scoring 0.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from business_helpers import DOMAINS, calls, fetch_turns, finish, gold_call, pay_args, start

from verticals.policies import NULL_ANSWER

CASES = [(env_id, level, seed) for env_id in DOMAINS for level in (1, 3, 5)
         for seed in range(4)]


def _case_key(args: dict) -> str:
    return next(k for k in args if k.endswith("_id") and k != "rule_ids")


def _gold_case(env_id: str, seed: int, level: int) -> tuple[Any, str, dict, str]:
    """A started episode, its oracle's decision call (tool name, arguments) and the name
    of the argument that holds the case id."""
    env = start(env_id, seed, difficulty=level)
    name, gold = gold_call(env.task)
    return env, name, gold, _case_key(gold)


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_oracle_scores_one_and_nothing_scores_zero(env_id, level, seed):
    env = start(env_id, seed, difficulty=level)
    score = finish(env, list(env.task.oracle)[:-1])
    assert score["reward"] == 1.0, score
    env = start(env_id, seed, difficulty=level)
    score = finish(env, [NULL_ANSWER])
    assert score["reward"] == 0.0 and "no decision" in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_reading_and_talking_without_deciding_earns_nothing(env_id, level, seed):
    env = start(env_id, seed, difficulty=level)
    reads = fetch_turns(env.task)
    score = finish(env, [*reads, calls(("send_message", {"text": "All done, approved!"}))])
    assert score["reward"] == 0.0 and "no decision" in score["reason"]


@pytest.mark.parametrize("action", ["deny", "escalate"])
@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_deny_or_escalate_everything_fails_where_gold_differs(env_id, level, seed, action):
    env, name, gold, key = _gold_case(env_id, seed, level)
    decide = calls((action, {key: gold[key], "reason_codes": ["POLICY"], "rule_ids": []}))
    score = finish(env, [*fetch_turns(env.task), decide])
    assert score["reward"] == 0.0
    expected = "wrong reason codes" if name == action else "wrong decision"
    assert expected in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_paying_the_claimed_amount_is_not_the_gold(env_id, level, seed):
    env, name, gold, key = _gold_case(env_id, seed, level)
    pay_tool = env.domain.pay_tool
    claimed = env.task.reference["claimed"]
    args = pay_args(env, gold, gold[key], claimed, ["COVERED"], [])
    score = finish(env, [*fetch_turns(env.task), calls((pay_tool, args))])
    assert score["reward"] < 1.0  # no rule cited: never full marks
    if name != pay_tool or gold.get("amount") != claimed:
        assert score["reward"] == 0.0


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_deciding_before_reading_is_a_minefield(env_id, level, seed):
    env = start(env_id, seed, difficulty=level)
    name, gold = gold_call(env.task)
    score = finish(env, [calls((name, gold))])
    assert score["reward"] == 0.0 and "minefield" in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_asking_for_every_document_is_a_minefield(env_id, level, seed):
    env = start(env_id, seed, difficulty=level)
    if not env.domain.document_kinds:
        pytest.skip("this domain has no documents")
    name, gold = gold_call(env.task)
    key = _case_key(gold)
    requests = calls(*[("request_document", {key: gold[key], "kind": kind})
                       for kind in env.domain.document_kinds])
    score = finish(env, [*fetch_turns(env.task), requests, calls((name, gold))])
    assert score["reward"] == 0.0
    assert "minefield: requested a document the policy does not require" in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_calling_every_action_tool_earns_nothing(env_id, level, seed):
    env, _, gold, key = _gold_case(env_id, seed, level)
    base = {key: gold[key], "reason_codes": ["X"], "rule_ids": []}
    pay = pay_args(env, gold, gold[key], "1.00", ["X"], [])
    spam = [(env.domain.pay_tool, pay), ("deny", base), ("escalate", base),
            ("send_message", {"text": "hi"})]
    spam += [("request_document", {key: gold[key], "kind": k})
             for k in env.domain.document_kinds]
    spam += [("ask_customer", {"field": f}) for f in env.domain.askable]
    score = finish(env, [*fetch_turns(env.task), calls(*spam)])
    assert score["reward"] == 0.0


@pytest.mark.parametrize(("env_id", "seed"), [(e, s) for e in DOMAINS for s in range(6)])
def test_acting_on_another_customers_record_is_a_minefield(env_id, seed):
    env, name, gold, key = _gold_case(env_id, seed, 4)
    reference = env.task.reference
    others = [r[key] for r in reference["world"][env.domain.case_table]
              if r.get("status") == "pending" and r[key] != gold[key]]
    assert others, "level 4 worlds hold other customers' pending cases"
    score = finish(env, [*fetch_turns(env.task), calls((name, {**gold, key: others[0]}))])
    assert score["reward"] == 0.0
    assert "another customer's record" in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_paying_above_the_limit_is_a_minefield(env_id, level, seed):
    env, _, gold, key = _gold_case(env_id, seed, level)
    limit = env.task.reference["limit"]
    args = pay_args(env, gold, gold[key], f"{Decimal(limit) + Decimal('0.01')}",
                    list(gold["reason_codes"]), gold["rule_ids"])
    score = finish(env, [*fetch_turns(env.task), calls((env.domain.pay_tool, args))])
    assert score["reward"] == 0.0 and "minefield" in score["reason"]
    if "required document" not in score["reason"]:  # a faulty item without its photo
        assert "more than a limit" in score["reason"]


@pytest.mark.parametrize(("env_id", "level", "seed"), CASES)
def test_citations_are_a_component_and_full_reward_needs_them(env_id, level, seed):
    env = start(env_id, seed, difficulty=level)
    name, gold = gold_call(env.task)
    score = finish(env, [*fetch_turns(env.task), calls((name, {**gold, "rule_ids": []}))])
    assert score["reward"] == pytest.approx(0.7) and score["components"]["citation"] == 0.0
    env = start(env_id, seed, difficulty=level)
    padded = {**gold, "rule_ids": [*gold["rule_ids"], "NOT-A-RULE"]}
    score = finish(env, [*fetch_turns(env.task), calls((name, padded))])
    assert 0.7 < score["reward"] < 1.0


def test_approving_without_a_required_document_is_a_minefield():
    hits = 0
    for env_id in DOMAINS:
        for seed in range(60):
            env = start(env_id, seed, difficulty=4)
            name, gold = gold_call(env.task)
            turns = fetch_turns(env.task)
            if name != env.domain.pay_tool or "request_document" not in "".join(turns):
                continue
            score = finish(env, [turns[0], calls((name, gold))])
            assert score["reward"] == 0.0 and "minefield" in score["reason"]
            hits += 1
            break
    assert hits >= 1


@pytest.mark.parametrize("env_id", DOMAINS)
def test_reading_another_customers_record_is_a_minefield(env_id):
    env = start(env_id, 1, difficulty=3)
    name, gold = gold_call(env.task)
    key = env.domain.case_key
    reference = env.task.reference
    other = next(r[key] for r in reference["world"][env.domain.case_table]
                 if r.get("status") == "pending" and r[key] != gold[key])
    getter = next(spec.name for spec in env.reads
                  if spec.table == env.domain.case_table and not spec.many)
    peek = calls((getter, {key: other}))
    score = finish(env, [*fetch_turns(env.task), peek, calls((name, gold))])
    assert score["reward"] == 0.0 and "read another customer's record" in score["reason"]


def test_searching_by_name_may_show_namesakes():
    env = start("business/claims-v0", 1, difficulty=3)
    name, gold = gold_call(env.task)
    requester = next(c for c in env.task.reference["world"]["customers"]
                     if c["customer_id"] == env.task.reference["requester"])
    search = calls(("find_customers", {"name": requester["name"]}))
    observation, *_ = env.step(search)
    assert observation.count(requester["name"]) >= 2  # the namesake is there from level 3
    score = finish(env, [*fetch_turns(env.task), calls((name, gold))])
    assert score["reward"] == 1.0


def test_a_wrong_deductible_on_an_approval_is_a_wrong_decision():
    for seed in range(40):
        env = start("business/claims-v0", seed, difficulty=2)
        name, gold = gold_call(env.task)
        if name != "approve":
            continue
        wrong = {**gold, "deductible_applied": f"{Decimal(gold['deductible_applied']) + 1}"}
        score = finish(env, [*fetch_turns(env.task), calls((name, wrong))])
        assert score["reward"] == 0.0 and "wrong deductible_applied" in score["reason"]
        return
    pytest.fail("no approval in 40 seeds")
