"""The procedural math families keep their shared contract: ids, levels, prompts, oracles,
determinism across processes, and difficulty that really changes the problem."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import verticals
from verticals.tasks.math.common import KINDS, MathFamily
from verticals.tasks.math.families import FAMILIES

PROCEDURAL = [name for name in FAMILIES if name != "arithmetic"]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "math-tasks.md"
BENCH_LEVELS = [{"difficulty": d} for d in range(1, 6)]


def test_at_least_twenty_families_each_registered_with_every_level_in_bench():
    assert len(PROCEDURAL) >= 20
    for name, cls in FAMILIES.items():
        assert cls.name == f"math/{name}" and cls.version == "1"
        spec = verticals.spec(f"math/{name}-v0")
        assert spec.env == "verticals.envs.math:MathEnv"
        assert spec.reward == "verticals.rewards.math:reward"
        assert list(spec.bench) == BENCH_LEVELS


def test_answers_come_in_every_type_the_verifier_handles():
    kinds = {
        FAMILIES[name]().draft(seed, FAMILIES[name].Config(difficulty=d)).reference["kind"]
        for name in PROCEDURAL
        for d in range(1, 6)
        for seed in range(4)
    }
    # Every answer kind but the two only datasets use (free text, multiple choice).
    assert KINDS - {"text", "choice"} <= kinds
    radicals = FAMILIES["radicals"]().draft(0, FAMILIES["radicals"].Config(difficulty=1))
    assert "\\sqrt" in radicals.reference["answer"]


@pytest.mark.parametrize("family", PROCEDURAL)
def test_prompt_reference_oracle_and_metadata_keep_the_contract(family):
    generator = FAMILIES[family]()
    assert isinstance(generator, MathFamily)
    for difficulty in range(1, 6):
        for seed in range(5):
            draft = generator.draft(seed, generator.Config(difficulty=difficulty))
            answer, kind = draft.reference["answer"], draft.reference["kind"]
            assert {"answer", "kind"} <= set(draft.reference) <= {"answer", "kind", "form"}
            assert kind in KINDS
            assert answer and "\\left" not in answer and "operatorname" not in answer
            question, instructions = draft.prompt.rsplit("\n\n", 1)
            assert question and instructions.endswith("Put your final answer in \\boxed{}.")
            assert re.match(r"(Give|Write|Simplify|Rationalise)", instructions), instructions
            assert len(draft.oracle) == 1 and draft.oracle[0].endswith(f"\\boxed{{{answer}}}")
            assert draft.metadata["family"] == family
            assert draft.metadata["difficulty"] == difficulty
            if len(answer) >= 4:
                assert answer not in json.dumps(draft.metadata)


@pytest.mark.parametrize("family", PROCEDURAL)
def test_difficulty_changes_the_problem(family):
    """Each level asks something different from the next, for the same seeds."""
    generator = FAMILIES[family]()
    prompts = {
        d: [generator.draft(s, generator.Config(difficulty=d)).prompt for s in range(12)]
        for d in range(1, 6)
    }
    for d in range(1, 5):
        same = sum(a == b for a, b in zip(prompts[d], prompts[d + 1], strict=True))
        assert same == 0, f"levels {d} and {d + 1} share {same} prompts"
    for d in range(1, 6):
        assert len(set(prompts[d])) >= 8, f"level {d} barely varies with the seed"


def _size(text: str) -> int:
    """The scale of a problem: how many digits and operators its maths holds."""
    maths = " ".join(re.findall(r"\$\$?(.*?)\$\$?", text, re.DOTALL)) or text
    return len(re.findall(r"\d|[-+*/^=]|\\frac|\\sqrt|\\times|\\div", maths))


@pytest.mark.parametrize(
    "family",
    [
        "order-of-operations",
        "linear-systems",
        "determinants",
        "polynomial-expansion",
        "gcd-lcm",
        "linear-equations",
        "factoring",
    ],
)
def test_harder_levels_are_bigger_problems(family):
    generator = FAMILIES[family]()
    mean = {
        d: sum(_size(generator.draft(s, generator.Config(difficulty=d)).prompt) for s in range(20))
        / 20
        for d in (1, 5)
    }
    assert mean[5] > 1.3 * mean[1], mean


def test_structure_grows_with_level():
    systems = FAMILIES["linear-systems"]()
    assert [systems.sample(0, d).details["unknowns"] for d in range(1, 6)] == [2, 2, 2, 3, 3]
    determinants = FAMILIES["determinants"]()
    assert [determinants.sample(0, d).details["size"] for d in range(1, 6)] == [2, 2, 3, 3, 4]
    quadratics = FAMILIES["quadratics"]()
    assert [quadratics.sample(0, d).details["root_type"] for d in range(1, 6)] == [
        "integer",
        "rational",
        "irrational",
        "complex",
        "mixed",
    ]
    assert "i" in quadratics.sample(0, 4).answer


def test_same_seed_same_task_and_seeds_differ():
    for name in PROCEDURAL:
        cls = FAMILIES[name]
        a = cls().draft(3, cls.Config(difficulty=4))
        b = cls().draft(3, cls.Config(difficulty=4))
        assert a == b
        assert cls().draft(4, cls.Config(difficulty=4)).prompt != a.prompt


SNAPSHOT = """
import json, sys
from verticals.tasks.math.families import FAMILIES
out = {}
for name, cls in FAMILIES.items():
    for d in (1, 3, 5):
        draft = cls().draft(17, cls.Config(difficulty=d))
        out[f"{name}/{d}"] = [draft.prompt, draft.reference, draft.oracle]
json.dump(out, sys.stdout, sort_keys=True)
"""


def test_tasks_are_identical_in_another_process_with_another_hash_seed():
    def run(hash_seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        return subprocess.run(
            [sys.executable, "-c", SNAPSHOT], env=env, check=True, capture_output=True, text=True
        ).stdout

    first = run("1")
    assert first == run("12345")
    here = {}
    for name, cls in FAMILIES.items():
        for d in (1, 3, 5):
            draft = cls().draft(17, cls.Config(difficulty=d))
            here[f"{name}/{d}"] = [draft.prompt, draft.reference, draft.oracle]
    assert json.loads(first) == json.loads(json.dumps(here))


def test_docs_table_lists_every_family():
    text = DOCS.read_text(encoding="utf-8")
    for name in FAMILIES:
        assert f"`math/{name}-v0`" in text, name
    assert "`math/mixed-v0`" in text and "`math/dataset-v0`" in text
