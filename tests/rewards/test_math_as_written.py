"""Math answers as models write them (issue 8): each acceptance rule beside its gaming tests.

Every `ACCEPT` row (math_as_written.py) must score 1 and every `REFUSE` row 0; the rows are
grouped by the rule they exercise, and each group holds the attempts that rule must not let
through.
"""

from __future__ import annotations

import pytest
from math_as_written import ACCEPT, REFUSE

from verticals.rewards.math import extract, score


def _rows(table: dict[str, list[tuple[str, str, str | None]]]) -> list:
    return [pytest.param(ref, completion, kind, id=f"{rule}: {completion[-40:]}")
            for rule, rows in table.items() for ref, completion, kind in rows]


@pytest.mark.parametrize("reference, completion, kind", _rows(ACCEPT))
def test_accepted_as_a_careful_grader_would(reference, completion, kind):
    got = score(completion, reference, kind=kind)
    assert got.reward == 1.0, got.reason


@pytest.mark.parametrize("reference, completion, kind", _rows(REFUSE))
def test_refused_as_a_careful_grader_would(reference, completion, kind):
    got = score(completion, reference, kind=kind)
    assert got.reward == 0.0, got.reason


def test_the_hedge_and_the_retraction_name_their_rule():
    assert extract("\\boxed{4} or maybe \\boxed{5}").error == (
        "several different boxed answers (a hedge)")
    assert extract("\\boxed{4} or \\boxed{5}").answer == "4 \\text{ or } 5"  # one value? 0
    assert extract("\\boxed{4}. That was wrong: \\boxed{5}").rule == "boxed (after a retraction)"
    assert extract("\\boxed{3} and \\boxed{-3}").answer == "3, -3"


# Inputs built against the new rules: each is judged (no exception, the right verdict); the
# work stays bounded by the extraction caps and the chain, box and answer-length budgets.
PATHOLOGICAL = [
    ("\\{1, 2\\}", " and ".join(f"\\boxed{{{i}}}" for i in range(99)), 0.0),
    ("\\{1, 2\\}", "\\boxed{1}" + " x =" * 2000 + "\\boxed{2}", 1.0),
    ("2", "\\boxed{x = " + " = ".join(["1+1"] * 200) + "}", 0.0),
    ("2", "\\boxed{x = " + " = ".join(["1+1"] * 13) + "}", 0.0),   # more links than allowed
    ("1:1", "\\boxed{" + ":".join(["3"] * 300) + "}", 0.0),
    ("1", "Final answer: " + "$a$ " * 2500, 0.0),
    ("1", "$1$ is our answer " * 3000, 1.0),
    ("1", "the solution is " * 3000, 0.0),
    ("1", "Final answer: " + "$" * 10_000, 0.0),
    ("5 cm", "\\boxed{5 " + "cm " * 300 + "}", 0.0),
    ("5", "\\boxed{4}" + " mistake" * 1200 + " \\boxed{5}", 1.0),
]


@pytest.mark.parametrize("reference, completion, expected", PATHOLOGICAL,
                         ids=[f"pathological-{i}" for i in range(len(PATHOLOGICAL))])
def test_inputs_built_against_the_new_rules_are_judged(reference, completion, expected):
    assert score(completion, reference).reward == expected
