"""zen-engine (GoRules JDM, a Rust implementation) agrees with our engine, case by case.

Every domain's rule set at every level is written as a JDM graph and evaluated by
zen-engine on seeded cases: 1,000 drawn from the input schema per domain (a third of
them on a threshold, dates around every effective date), plus the inputs of generated
tasks. The decision (action, amount to the cent, reason) and the table rows that fired
must be the same on every case.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest

from verticals.tasks.business.billing import BillingDomain, BillingGenerator
from verticals.tasks.business.claims import ClaimsDomain, ClaimsGenerator
from verticals.tasks.business.eligibility import EligibilityDomain, EligibilityGenerator
from verticals.tasks.business.refunds import RefundsDomain, RefundsGenerator
from verticals.tasks.business.rules import Table, evaluate
from verticals.tasks.business.rules.cases import draw_as_of, draw_inputs, on_boundary
from verticals.tasks.business.rules.jdm import jdm_context, to_jdm

zen = pytest.importorskip("zen", reason="zen-engine is in the dev extra")

DOMAINS = {"billing": (BillingDomain(), BillingGenerator),
           "claims": (ClaimsDomain(), ClaimsGenerator),
           "refunds": (RefundsDomain(), RefundsGenerator),
           "eligibility": (EligibilityDomain(), EligibilityGenerator)}
CASES_PER_DOMAIN = 1000


def _same(ours, theirs) -> bool:
    if isinstance(ours, Decimal) or (isinstance(theirs, float | int) and not isinstance(
            theirs, bool)):
        if ours is None or theirs is None:
            return ours is None and theirs is None
        return Decimal(repr(theirs)).quantize(Decimal("0.01")) == ours.quantize(Decimal("0.01"))
    return ours == theirs


def _zen_fired(trace: dict, rules) -> list[str]:
    fired = []
    for node in rules.nodes:
        if not isinstance(node, Table):
            continue
        data = (trace.get(node.id) or {}).get("traceData")
        hits = data if isinstance(data, list) else [data] if data else []
        fired += [hit["rule"]["_id"] for hit in hits if hit and hit.get("rule")]
    return fired


def _check(rules, decision, inputs, as_of) -> None:
    outcome = evaluate(rules, inputs, as_of)
    result = decision.evaluate(jdm_context(rules, inputs, as_of), {"trace": True})
    for name in rules.decision:
        assert _same(outcome.values.get(name), result["result"].get(name)), (
            name, outcome.values.get(name), result["result"].get(name), inputs, as_of)
    table_rows = {r.id for n in rules.nodes if isinstance(n, Table) for r in n.rows}
    ours = [f for f in outcome.fired if f in table_rows]
    assert ours == _zen_fired(result["trace"], rules), (inputs, as_of)


@pytest.mark.parametrize("domain_name", sorted(DOMAINS))
def test_zen_engine_agrees_on_a_thousand_drawn_cases(domain_name):
    domain, _ = DOMAINS[domain_name]
    engine = zen.ZenEngine()
    checked = 0
    for level in range(1, 6):
        rules = domain.rules(level)
        decision = engine.create_decision(json.dumps(to_jdm(rules)))
        rng = random.Random(f"zen/{domain_name}/{level}")
        for index in range(CASES_PER_DOMAIN // 5):
            inputs = draw_inputs(rules, rng)
            if index % 3 == 0:
                inputs = on_boundary(rules, inputs, rng)
            _check(rules, decision, inputs, draw_as_of(rules, rng))
            checked += 1
    assert checked >= CASES_PER_DOMAIN


@pytest.mark.parametrize("domain_name", sorted(DOMAINS))
def test_zen_engine_agrees_on_generated_cases(domain_name):
    domain, _ = DOMAINS[domain_name]
    engine = zen.ZenEngine()
    for level in range(1, 6):
        rules = domain.rules(level)
        decision = engine.create_decision(json.dumps(to_jdm(rules)))
        for seed in range(30):
            rng = random.Random(f"gen/{domain_name}/{level}/{seed}")
            case = domain.build(domain.sample(rng, level), level, rng)
            _check(rules, decision, case.inputs, case.as_of)


def test_the_cross_check_catches_a_drifted_rule():
    """Change one threshold in the JDM graph only: zen-engine must then disagree."""
    rules = ClaimsDomain().rules(3)
    graph = to_jdm(rules)
    for node in graph["nodes"]:
        for rule in (node.get("content") or {}).get("rules", []):
            if rule["_id"] == "CL-4.6":
                rule["i4"] = "> 91"  # days_to_submit: 90 in the policy
    decision = zen.ZenEngine().create_decision(json.dumps(graph))
    rng = random.Random(0)
    disagreements = 0
    for _ in range(300):
        inputs = {**draw_inputs(rules, rng), "days_to_submit": Decimal(91), "lapsed": False,
                  "days_insured": Decimal(500), "category": "outpatient"}
        try:
            _check(rules, decision, inputs, None)
        except AssertionError:
            disagreements += 1
    assert disagreements > 0
