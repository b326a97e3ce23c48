"""What every procedural math family shares: a `Problem`, the base class, and rng helpers.

A family implements `problem(rng, difficulty) -> Problem`: the question, the gold answer
as LaTeX with its kind, a short worked solution, and `facts` — the exact objects (sympy
expressions, fractions) the problem was built from. Facts never reach the agent or the
task; they exist so tests can check the gold independently of rendering (substitute the
roots back, differentiate the antiderivative, ...).
"""

from __future__ import annotations

import random
from abc import abstractmethod
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, ClassVar, Literal, get_args

from verticals.generators import DifficultyConfig, Draft, Generator

#: The answer types the math verifier judges (`reference["kind"]`).
AnswerKind = Literal[
    "integer",
    "rational",
    "real",
    "expression",
    "equation",
    "set",
    "tuple",
    "interval",
    "matrix",
    "complex",
    "text",
    "choice",
]
KINDS = frozenset(get_args(AnswerKind))

BOX = "Put your final answer in \\boxed{}."


@dataclass
class Problem:
    """One generated problem before it becomes a task.

    `form` is the sentence that says how to write the answer; `required_form` ("factored",
    "expanded", "single_fraction") asks the verifier to check that form too, so restating
    the question's expression (equal in value) earns nothing; `details` goes into the
    task's public metadata (so it must never reveal the answer); `facts` stays private.
    """

    question: str
    answer: str
    kind: str
    form: str
    solution: str = ""
    required_form: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)

    def prompt(self) -> str:
        """The question, then exactly what form the answer takes and where it goes."""
        return f"{self.question}\n\n{self.form} {BOX}"

    def reference(self) -> dict[str, str]:
        reference = {"answer": self.answer, "kind": self.kind}
        if self.required_form:
            reference["form"] = self.required_form
        return reference

    def oracle(self) -> str:
        steps = f"{self.solution.strip()}\n\n" if self.solution.strip() else ""
        return f"{steps}Final answer: \\boxed{{{self.answer}}}"


class FamilyConfig(DifficultyConfig):
    """Every procedural math family is configured by its difficulty alone."""


class MathFamily(Generator[FamilyConfig]):
    """A procedural family: implement `problem`; drafting and metadata are shared."""

    version = "1"
    Config = FamilyConfig
    family: ClassVar[str]

    @abstractmethod
    def problem(self, rng: random.Random, difficulty: int) -> Problem:
        """Draw one problem at `difficulty`, using only `rng` for randomness."""

    def generate(self, rng: random.Random, config: FamilyConfig) -> Draft:
        made = self.problem(rng, config.difficulty)
        if made.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown answer kind {made.kind!r}")
        metadata = {
            "family": self.family,
            "difficulty": config.difficulty,
            "answer_kind": made.kind,
        }
        metadata.update(made.details)
        return Draft(
            prompt=made.prompt(),
            reference=made.reference(),
            oracle=[made.oracle()],
            metadata=metadata,
        )

    def sample(self, seed: int, difficulty: int) -> Problem:
        """The `Problem` behind seed and difficulty, facts included (for tests and docs)."""
        return self.problem(self.rng(seed), difficulty)


def nonzero(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high] other than 0."""
    while True:
        value = rng.randint(low, high)
        if value:
            return value


def distinct(rng: random.Random, low: int, high: int, count: int, zero: bool = True) -> list[int]:
    """`count` different integers from [low, high] (0 only if `zero`), in draw order."""
    return rng.sample([v for v in range(low, high + 1) if zero or v], count)


def poly_mul(*factors: list[int]) -> list[int]:
    """Multiply polynomials given as coefficient lists in descending powers."""
    out = [1]
    for factor in factors:
        product = [0] * (len(out) + len(factor) - 1)
        for i, a in enumerate(out):
            for j, b in enumerate(factor):
                product[i + j] += a * b
        out = product
    return out


def poly_add(*terms: list[int]) -> list[int]:
    """Add polynomials given as coefficient lists in descending powers."""
    size = max(len(t) for t in terms)
    out = [0] * size
    for term in terms:
        for i, c in enumerate(term):
            out[size - len(term) + i] += c
    while len(out) > 1 and out[0] == 0:
        out.pop(0)
    return out


def gauss_jordan(rows: list[list[Fraction]], size: int) -> list[list[Fraction]] | None:
    """Reduce an augmented matrix whose left `size` columns are square; None if singular.

    Used for exact solutions of linear systems and exact inverses.
    """
    rows = [list(row) for row in rows]
    for col in range(size):
        pivot = next((r for r in range(col, size) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        lead = rows[col][col]
        rows[col] = [v / lead for v in rows[col]]
        for r in range(size):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [v - factor * w for v, w in zip(rows[r], rows[col], strict=True)]
    return rows
