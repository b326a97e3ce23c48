"""business/rules-v0: a user's rule pack (our format or JDM) becomes an environment."""

from __future__ import annotations

import json

import pytest

import verticals
from verticals.tasks.business.custom import load_pack, read_pack
from verticals.tasks.business.rules import RuleFormatError, evaluate, to_json
from verticals.tasks.business.rules.cases import draw_as_of, draw_inputs, twin
from verticals.tasks.business.rules.jdm import from_jdm, to_jdm


def _example() -> dict:
    pack = load_pack("")
    return {"title": pack.title, "rules": to_json(pack.rules),
            "outcome": {"decision": "decision", "amount": "amount", "reason": "reason"}}


def test_the_bundled_example_plays_to_one_from_its_own_policy():
    env = verticals.make("business/rules-v0", difficulty=3)
    observation, _ = env.reset(seed=4)
    assert "DC-1.1" in observation and "Late delivery compensation" in observation
    for action in env.task.oracle:
        _, reward, *_ = env.step(action)
    assert reward == 1.0


def test_a_pack_written_as_jdm_gives_the_same_gold_as_our_format(tmp_path):
    ours = _example()
    jdm = {"title": ours["title"], "jdm": to_jdm(load_pack("").rules),
           "fields": ours["rules"]["fields"], "outcome": ours["outcome"]}
    path_ours, path_jdm = tmp_path / "ours.json", tmp_path / "jdm.json"
    path_ours.write_text(json.dumps(ours))
    path_jdm.write_text(json.dumps(jdm))
    for seed in range(8):
        a = verticals.make("business/rules-v0", rules_path=str(path_ours), difficulty=2)
        b = verticals.make("business/rules-v0", rules_path=str(path_jdm), difficulty=2)
        a.reset(seed=seed)
        b.reset(seed=seed)
        assert a.task.reference["decision"] == b.task.reference["decision"]
        for action in b.task.oracle:
            _, reward, *_ = b.step(action)
        assert reward == 1.0


def test_jdm_round_trip_keeps_every_decision():
    rules = load_pack("").rules
    back = from_jdm(to_jdm(rules), to_json(rules)["fields"], decision=rules.decision)
    import random

    rng = random.Random(3)
    for _ in range(300):
        inputs, as_of = draw_inputs(rules, rng), draw_as_of(rules, rng)
        first = evaluate(rules, inputs, as_of)
        second = evaluate(back, inputs, as_of)
        assert first.decision(rules.decision) == second.decision(rules.decision)
        assert first.fired == second.fired


def test_twins_differ_in_one_field_and_flip_the_decision():
    rules = load_pack("").rules
    import random

    rng = random.Random(5)
    found = 0
    for _ in range(50):
        inputs = draw_inputs(rules, rng)
        result = twin(rules, inputs, None, rng)
        if result is None:
            continue
        field, edited = result
        assert [k for k in inputs if inputs[k] != edited[k]] == [field]
        a = evaluate(rules, inputs).decision(rules.decision)
        b = evaluate(rules, edited).decision(rules.decision)
        assert a != b
        found += 1
    assert found >= 40


def test_twin_variant_pairs_consecutive_seeds():
    env = verticals.make("business/rules-v0", variant="twin", difficulty=1)
    env.reset(seed=10)
    first = env.task
    env.reset(seed=11)
    second = env.task
    assert first.metadata["twin_of"] == second.metadata["twin_of"] == 5
    assert first.reference["decision"] != second.reference["decision"]


@pytest.mark.parametrize(("text", "message"), [
    ("not json", "not JSON"),
    ('{"rules": {}}', "'outcome' must name"),
    ('{"outcome": {"decision": "d", "reason": "r"}}', "give 'rules'"),
    ('{"outcome": {"decision": "d", "reason": "r"}, "rules": {"id": "x", "fields": {},'
     ' "nodes": [{"formula": "F", "output": "d", "expr": "__import__(1)"}]}}', "not allowed"),
    ('{"outcome": {"decision": "d", "reason": "r"}, "rules": {"id": "x", "fields": {},'
     ' "nodes": [{"formula": "F", "output": "d", "expr": "y + 1"}]}}', "before they are set"),
])
def test_bad_packs_are_refused_with_a_message_that_names_the_fix(text, message):
    with pytest.raises(RuleFormatError, match=message):
        read_pack(text)
