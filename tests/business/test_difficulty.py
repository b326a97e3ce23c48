"""The difficulty and variant knobs do what docs/business.md says."""

from __future__ import annotations

import pytest
from business_helpers import DOMAINS

import verticals


def _tasks(env_id: str, seeds: range, **config):
    env = verticals.make(env_id, **config)
    return [env.make_task(seed) for seed in seeds]


def _others(task) -> int:
    requester = task.reference["requester"]
    key = "household_id" if "households" in task.reference["world"] else "customer_id"
    table = "households" if key == "household_id" else "customers"
    return sum(1 for row in task.reference["world"][table] if row[key] != requester)


@pytest.mark.parametrize("env_id", DOMAINS)
def test_levels_add_records_namesakes_and_missing_information(env_id):
    easy, hard = _tasks(env_id, range(20), difficulty=1), _tasks(env_id, range(20),
                                                                 difficulty=5)
    assert all(_others(t) == 0 for t in easy)
    assert all(_others(t) >= 4 for t in hard)
    assert not any(t.reference["required_asks"] for t in easy)
    assert any(t.reference["required_asks"] for t in hard)
    assert len(hard[0].prompt[0]["content"]) >= len(easy[0].prompt[0]["content"])


@pytest.mark.parametrize("env_id", DOMAINS)
def test_twins_are_pairs_of_seeds_with_different_decisions(env_id):
    tasks = _tasks(env_id, range(12), difficulty=4, variant="twin")
    flipped = 0
    for first, second in zip(tasks[::2], tasks[1::2], strict=True):
        assert first.metadata["twin_of"] == second.metadata["twin_of"]
        flipped += first.reference["decision"] != second.reference["decision"]
    assert flipped == 6


def test_claims_boundary_cases_sit_on_a_threshold():
    """On the waiting period's last day, at the submission deadline, at the authority
    limit, or a claim equal to the whole deductible."""
    import datetime as dt

    for task in _tasks("business/claims-v0", range(30), difficulty=3, variant="boundary"):
        world = task.reference["world"]
        claim = next(r for r in world["claims"] if r["claim_id"] == task.reference["case_id"])
        policy = next(p for p in world["policies"] if p["policy_id"] == claim["policy_id"])
        incident = dt.date.fromisoformat(claim["incident_date"])
        insured = (incident - dt.date.fromisoformat(policy["start_date"])).days
        to_submit = (dt.date.fromisoformat(claim["submitted_date"]) - incident).days
        history = [r for r in world["claims"] if r["policy_id"] == claim["policy_id"]
                   and r["status"] == "approved" and r["incident_date"][:4] == str(incident.year)]
        on_threshold = (
            (claim["category"] == "dental" and insured == 90)
            or to_submit == 90
            or claim["amount_claimed"] == "5000.00"
            or (claim["amount_claimed"] == policy["deductible"] and not history)
        )
        assert on_threshold, task.id
