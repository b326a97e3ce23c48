"""What a procedural programming family is: five variants, one per difficulty, each a
specification, a signature, a reference solution and an input generator.

The level changes the problem itself (a new rule, a harder algorithm), not just the size of
the numbers; at levels 4-5 a variant may also ask for `big` inputs that a naive algorithm
cannot finish in the time limit. Hidden tests are made by differential testing: the
reference solution (trusted code of ours, run in this process) is called on seeded inputs
(edge cases, random ones of every size, the largest size) and its outputs become the
expected values.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: Makes one argument tuple of about `size` elements from `rng`.
InputGen = Callable[[random.Random, int], tuple[Any, ...]]
#: Host-side special judge: (args, submitted value) -> correct? For tasks where several
#: answers are right. Never sees anything but decoded JSON data.
Judge = Callable[[tuple[Any, ...], Any], bool]


@dataclass(frozen=True)
class Variant:
    """One problem: the family's task at one difficulty level."""

    spec: str  #: plain English; the examples and signature are added by the prompt
    entry: str  #: function name
    params: str  #: "nums: list[int], k: int"
    returns: str  #: "int"
    solution: str  #: the reference solution, source of one or more defs (the oracle's answer)
    gen: InputGen
    edge: tuple[tuple[Any, ...], ...] = ()  #: hand-picked edge cases (empty, one element...)
    max_size: int = 12  #: largest size of the ordinary random tests
    big: int = 0  #: size of the largest tests (0: none); a naive algorithm times out there
    judge: str | None = None  #: name of a special judge in `judges.JUDGES`
    float_tol: float | None = None  #: floats compared to this tolerance (the spec says so)

    def signature(self) -> str:
        return f"def {self.entry}({self.params}) -> {self.returns}:"


@dataclass(frozen=True)
class Family:
    """A programming topic graded 1-5; `levels[d]` is the variant at difficulty d."""

    name: str
    topic: str
    summary: str
    levels: dict[int, Variant] = field(default_factory=dict)

    def variant(self, difficulty: int) -> Variant:
        return self.levels[difficulty]


_COMPILED: dict[tuple[str, str], Callable[..., Any]] = {}


def reference_function(variant: Variant) -> Callable[..., Any]:
    """The reference solution as a callable (compiled once per process)."""
    key = (variant.entry, variant.solution)
    fn = _COMPILED.get(key)
    if fn is None:
        namespace: dict[str, Any] = {}
        exec(compile(variant.solution, f"<reference {variant.entry}>", "exec"), namespace)
        fn = _COMPILED[key] = namespace[variant.entry]
    return fn


def plain(value: Any) -> Any:
    """JSON data as it travels (tuples become lists); a copy the callee may mutate."""
    return json.loads(json.dumps(value))


def call_reference(variant: Variant, args: tuple[Any, ...]) -> Any:
    return plain(reference_function(variant)(*plain(list(args))))


@dataclass(frozen=True)
class Case:
    args: list[Any]
    expected: Any
    kind: str  #: "edge", "random", "max" or "big"


def make_cases(variant: Variant, rng: random.Random, count: int) -> list[Case]:
    """`count` hidden tests: the edge cases (all of them when `count` allows, at least half
    the tests when it is small), two at the largest ordinary size, two `big` ones when the
    variant has them, the rest random sizes from 1 to `max_size`."""
    cases: list[Case] = []
    seen: set[str] = set()

    def add(args: tuple[Any, ...], kind: str) -> None:
        key = json.dumps(list(args))
        if key in seen:
            return
        seen.add(key)
        fresh = json.loads(key)  # the reference gets its own copy: it may not mutate ours
        value = plain(reference_function(variant)(*fresh))
        cases.append(Case(json.loads(key), value, kind))

    # At least half the tests are edge cases when there are few: a handful of random
    # inputs alone lets a subtly wrong program (a changed initial value) pass.
    for args in variant.edge[: max(count // 2, count - 4)]:
        add(args, "edge")
    bigs = 2 if variant.big and count >= 8 else 0
    tries = 0
    while len(cases) < count - bigs and tries < count * 20:
        tries += 1
        left = count - bigs - len(cases)
        size = variant.max_size if left <= 2 else rng.randint(1, variant.max_size)
        add(variant.gen(rng, size), "max" if size == variant.max_size else "random")
    for _ in range(bigs):
        add(variant.gen(rng, variant.big), "big")
    return cases


def make_examples(variant: Variant, rng: random.Random, count: int = 3) -> list[Case]:
    """Small visible examples, drawn apart from the hidden tests."""
    out: list[Case] = []
    seen: set[str] = set()
    for _ in range(count * 10):
        if len(out) == count:
            break
        args = variant.gen(rng, rng.randint(min(3, variant.max_size), min(6, variant.max_size)))
        key = json.dumps(args)
        if key not in seen and len(key) <= 300:
            seen.add(key)
            out.append(Case(plain(list(args)), call_reference(variant, args), "example"))
    return out


def call_text(entry: str, args: list[Any]) -> str:
    return f"{entry}({', '.join(_literal(a) for a in args)})"


def _literal(value: Any) -> str:
    """Python literal for JSON data (True/False/None, not true/false/null)."""
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_literal(k)}: {_literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def literal(value: Any) -> str:
    return _literal(value)
