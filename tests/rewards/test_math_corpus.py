"""The whole labelled corpus must be judged right, group by group."""

from __future__ import annotations

import collections

import pytest
from math_corpus import CASES, Case

from verticals.rewards.math import score

GROUPS = sorted({case.group for case in CASES})
REQUIRED_GROUPS = {
    "arithmetic-env", "numbers", "radicals", "constants", "complex", "expressions", "equations",
    "sets", "tuples", "intervals", "matrices", "units", "percent", "tolerance", "choice",
    "text", "extraction", "adversarial", "pathological", "known-issues", "forms", "evaluated",
    "realistic",
}


def _describe(case: Case) -> str:
    tail = case.completion[-70:].replace("\n", " ")
    return f"[{case.group}] ref={case.reference!r} kind={case.kind} ...{tail!r}"


def test_corpus_is_large_and_covers_every_group():
    assert len(CASES) >= 200
    assert set(GROUPS) >= REQUIRED_GROUPS
    counts = collections.Counter(case.expected for case in CASES)
    assert counts[1.0] >= 100 and counts[0.0] >= 100


@pytest.mark.parametrize("group", GROUPS)
def test_every_case_of_the_group_is_right(group):
    wrong = []
    for case in (c for c in CASES if c.group == group):
        got = score(case.completion, case.reference, kind=case.kind, tolerance=case.tolerance,
                    form=case.form)
        if got.reward != case.expected:
            wrong.append(f"{_describe(case)} -> {got.reward} ({got.reason})")
    assert not wrong, "\n".join(wrong)


def test_adversarial_group_is_all_zero_by_construction():
    adversarial = [c for c in CASES if c.group in ("adversarial", "pathological")]
    assert len(adversarial) >= 60
    assert all(c.expected == 0.0 for c in adversarial if c.group == "adversarial")
