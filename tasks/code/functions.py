"""`code/functions-v0`: write one function from a plain-English specification.

The seed picks the family (unless the config names one) and the inputs; the difficulty
picks the family's variant, so it changes the problem itself. The prompt shows the
specification, the signature and three small examples; the hidden tests (default 24:
edge cases, random sizes, the largest sizes, and at levels 4-5 two `big` inputs a naive
algorithm cannot finish) come from the reference solution and never reach the agent.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.code.families import FAMILIES
from verticals.tasks.code.family import (
    Case,
    Family,
    Variant,
    call_text,
    literal,
    make_cases,
    make_examples,
)

#: Each test's time limit is max(TIME_FLOOR_S, TIME_FACTOR x the reference's own time).
TIME_FACTOR = 10.0
TIME_FLOOR_S = 1.0

FENCE = "```"


class FunctionsConfig(DifficultyConfig):
    family: str = Field(
        default="any",
        description="A family name (see docs/code.md), or 'any' to draw one from the seed.",
    )
    tests: int = Field(
        default=24, ge=2, le=500,
        description="Hidden tests per task (edge, random, largest and big inputs).",
    )
    reward_mode: Literal["all", "fraction"] = Field(
        default="all", description="'all': 1 iff every hidden test passes; 'fraction': pass rate."
    )


def pick_family(rng: random.Random, name: str) -> Family:
    if name == "any":
        return FAMILIES[rng.choice(list(FAMILIES))]
    if name not in FAMILIES:
        known = ", ".join(FAMILIES)
        raise ValueError(f"unknown code family {name!r}; known: {known}")
    return FAMILIES[name]


def tests_json(cases: list[Case]) -> list[dict[str, Any]]:
    return [{"args": c.args, "expected": c.expected, "kind": c.kind} for c in cases]


def answer_block(source: str) -> str:
    return f"{FENCE}python\n{source.rstrip()}\n{FENCE}"


def limits_note(variant: Variant) -> str:
    if variant.big:
        return (
            "Some hidden inputs are large (see the sizes above): each test has a time limit "
            "of about ten times what an efficient solution needs, so a slow algorithm fails."
        )
    return "Each hidden test has a time limit."


class FunctionTasks(Generator):
    """Function synthesis over every family; the difficulty picks the variant."""

    name = "code/functions"
    version = "2"  # 2: few hidden tests still include edge cases
    Config = FunctionsConfig
    #: Set by the execution-feedback variant: the prompt mentions the run_tests tool.
    feedback: ClassVar[bool] = False

    def generate(self, rng: random.Random, config: FunctionsConfig) -> Draft:
        family = pick_family(rng, config.family)
        variant = family.variant(config.difficulty)
        examples = make_examples(variant, rng)
        cases = make_cases(variant, rng, config.tests)
        prompt = self.render(variant, examples)
        reference = {
            "kind": "function",
            "family": family.name,
            "difficulty": config.difficulty,
            "entry_point": variant.entry,
            "solution": variant.solution,
            "tests": tests_json(cases),
            "examples": tests_json(examples),
            "judge": variant.judge,
            "float_tol": variant.float_tol,
            "reward_mode": config.reward_mode,
            "time_factor": TIME_FACTOR,
            "time_floor_s": TIME_FLOOR_S,
        }
        metadata = {
            "family": family.name, "topic": family.topic, "difficulty": config.difficulty,
            "entry_point": variant.entry, "tests": len(cases),
        }
        return Draft(prompt=prompt, reference=reference,
                     oracle=[answer_block(variant.solution)], metadata=metadata)

    def render(self, variant: Variant, examples: list[Case]) -> str:
        lines = [
            f"Write a Python function `{variant.entry}`.",
            "",
            variant.spec,
            "",
            "Signature:",
            f"    {variant.signature()}",
            "",
            "Examples:",
        ]
        for ex in examples:
            lines.append(f"    {call_text(variant.entry, ex.args)} == {literal(ex.expected)}")
        if variant.judge:
            lines.append("    (other answers that satisfy the specification are accepted too)")
        lines += [
            "",
            f"Your function is run on hidden tests. {limits_note(variant)} "
            "Use the standard library only; do not read or write files.",
        ]
        if self.feedback:
            lines.append(
                "You may call the run_tests tool with your code to run it on the examples "
                "above; it never shows the hidden tests."
            )
        lines.append("Answer with the complete function (and any helpers it needs) in one "
                     "```python block.")
        return "\n".join(lines)


class FunctionFeedbackTasks(FunctionTasks):
    """The same tasks, with a prompt that mentions the `run_tests` tool."""

    name = "code/functions-feedback"
    feedback = True
