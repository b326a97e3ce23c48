"""Copying the question's own mathematics into the box must never earn the reward.

For every procedural family, level and a few seeds, each `$...$` segment of the question
(and each side of an `=` in it) is boxed as the answer. An expression equal in value to
the answer but not in the asked form (a radical not simplified, a product not expanded,
a repeating decimal not written as a fraction) must score 0.
"""

from __future__ import annotations

import re

import pytest

import verticals
from verticals.rewards.math import reward
from verticals.types import Trajectory

MATH_SEGMENT = re.compile(r"\$\$(.+?)\$\$|\$(.+?)\$", re.DOTALL)
NOT_PROCEDURAL = {"math/mixed-v0", "math/dataset-v0", "math/calculator-v0"}
FAMILIES = [i for i in verticals.registered("math/*") if i not in NOT_PROCEDURAL]


def _copies(question: str) -> set[str]:
    copies = set()
    for match in MATH_SEGMENT.finditer(question):
        segment = (match.group(1) or match.group(2)).strip()
        copies.add(segment)
        copies.update(side.strip() for side in segment.split("="))
    return {c for c in copies if c}


@pytest.mark.parametrize("env_id", FAMILIES)
def test_boxing_the_question_earns_nothing(env_id):
    for difficulty in range(1, 6):
        env = verticals.make(env_id, difficulty=difficulty)
        for seed in range(6):
            task = env.make_task(seed)
            question = task.prompt.split("\n\n")[0] if env_id != "math/arithmetic-v0" else (
                task.prompt)
            for copy in _copies(question):
                verdict = reward(Trajectory(final_answer=f"\\boxed{{{copy}}}"), task)
                assert verdict.reward == 0.0, (difficulty, seed, copy, verdict.reason)
