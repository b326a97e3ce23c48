"""`score` and `reward`: extract one answer, read both sides by type, decide, explain.

The reason of every Score names the rule that decided it ("boxed -> number: exact rational
match", "rejected: several answers where one was asked") and never the reference value,
because reasons travel in env info dicts that agents may read.
"""

from __future__ import annotations

import re
from fractions import Fraction
from functools import lru_cache

from sympy import Rational

from verticals.types import Score, Task, Trajectory

from .answers import KIND_HINTS, Answer, Rejected, interpret, parse_reference
from .bounded import BudgetExceeded, Deadline
from .equivalence import equivalent
from .extract import extract
from .fast import is_bare_number, plain_rational
from .forms import FORMS, check_form
from .normalize import normalize
from .parse import ParseError

_FAST_KINDS = (None, "integer", "rational")
_DECIMAL = re.compile(r"\s*-?\d*\.(\d+)\s*")


@lru_cache(maxsize=4096)
def _reference(reference: str, kind: str | None) -> Answer | str:
    """The parsed reference, or the name of the error (cached: envs reuse references)."""
    try:
        return parse_reference(normalize(reference), kind)
    except Exception as exc:  # ParseError, Rejected, BudgetExceeded, or a sympy internal error
        return type(exc).__name__


def clear_cache() -> None:
    """Forget parsed references (benchmarks clear it to time a cold verdict)."""
    _reference.cache_clear()


def parse_answer(text: str, *, kind: str | None = None) -> Answer:
    """Read answer text on its own as a typed Answer: of `kind`, or inferred as a reference is."""
    return parse_reference(normalize(text), kind)


def score(
    completion: str,
    reference: str,
    *,
    kind: str | None = None,
    tolerance: float | None = None,
    last_number: bool = False,
    form: str | None = None,
    deadline: Deadline | None = None,
) -> Score:
    """Reward 1 when the completion's one final answer equals `reference` by type.

    `tolerance` admits approximate numbers; `last_number` allows the last-number fallback;
    `form` (one of `forms.FORMS`: "factored", "expanded", "single_fraction", "fraction",
    "radical") also requires the answer's form. `deadline` bounds the comparison's steps
    (default: a fresh `Deadline()` of `DEADLINE_SECONDS`; tests pass one with their own
    clock). Never raises for any completion; raises ValueError only for an unknown `kind`
    or `form` (a bug in the caller).
    """
    if kind is not None and kind not in KIND_HINTS:
        raise ValueError(f"unknown answer kind {kind!r}; use one of {sorted(KIND_HINTS)}")
    if form is not None and form not in FORMS:
        raise ValueError(f"unknown answer form {form!r}; use one of {list(FORMS)}")
    found = extract(completion if isinstance(completion, str) else "", last_number=last_number)
    if found.answer is None:
        return Score.zero(f"{found.rule}: {found.error}", extracted=0.0)
    reference = str(reference)
    if kind in _FAST_KINDS and tolerance is None and form is None:
        if found.answer == reference and is_bare_number(reference):  # the commonest verdict
            return Score.full(f"{found.rule} -> number: exact rational match",
                              extracted=1.0, parsed=1.0)
        expected = plain_rational(reference)
        if expected is not None:
            got = plain_rational(found.answer)
            if got is not None:
                if got == expected:
                    return Score.full(f"{found.rule} -> number: exact rational match",
                                      extracted=1.0, parsed=1.0)
                return Score.zero(f"{found.rule} -> number: differs from the reference",
                                  extracted=1.0, parsed=1.0)
    ref = _reference(reference, kind)
    if isinstance(ref, str):
        return Score.zero(f"reference: cannot be read ({ref}); the task is broken",
                          extracted=1.0)
    deadline = deadline or Deadline()
    try:
        answer = interpret(normalize(found.answer), ref.kind)
    except Rejected as exc:
        return Score.zero(f"{found.rule} -> rejected: {exc}", extracted=1.0)
    except BudgetExceeded as exc:
        return Score.zero(f"{found.rule} -> budget: {exc}", extracted=1.0)
    except (ParseError, ValueError, TypeError, ArithmeticError) as exc:
        return Score.zero(f"{found.rule} -> parse: {exc}", extracted=1.0)
    except Exception as exc:
        return Score.zero(f"{found.rule} -> parse: {type(exc).__name__}", extracted=1.0)
    places = None
    if kind == "real" and tolerance is None:
        decimal = _DECIMAL.fullmatch(reference)
        places = len(decimal.group(1)) if decimal else None
    try:
        verdict = equivalent(ref, answer, tolerance=tolerance, places=places, deadline=deadline)
    except BudgetExceeded as exc:
        return Score.zero(f"{found.rule} -> budget: {exc}", extracted=1.0, parsed=1.0)
    except Exception as exc:
        return Score.zero(f"{found.rule} -> compare: {type(exc).__name__}",
                          extracted=1.0, parsed=1.0)
    reason = f"{found.rule} -> {verdict.rule}"
    if verdict.equal and form is not None:
        broken = _form_broken(answer, form)
        if broken:
            return Score.zero(f"{reason}, but {broken}", extracted=1.0, parsed=1.0)
    if verdict.equal:
        return Score.full(reason, extracted=1.0, parsed=1.0)
    return Score.zero(reason, extracted=1.0, parsed=1.0)


def _form_broken(answer: Answer, form: str) -> str | None:
    node = answer.extra.get("node")
    if node is None or answer.kind not in ("expression", "number"):
        return "form: only a single expression can have a required form"
    try:
        return check_form(node, answer.value if not isinstance(answer.value, Fraction)
                          else Rational(answer.value.numerator, answer.value.denominator), form)
    except BudgetExceeded as exc:
        return f"budget: {exc}"
    except Exception as exc:
        return f"form: cannot be checked ({type(exc).__name__})"


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Registry form: judge the episode's final answer against `task.reference['answer']`.

    Optional reference keys: `kind` (answer type hint), `tolerance` (relative tolerance for
    approximate numeric answers), `last_number` (fall back to the last number) and `form`
    (a required form, see `score`).
    """
    ref = task.reference
    return score(
        trajectory.final_answer or "",
        str(ref["answer"]),
        kind=ref.get("kind"),
        tolerance=ref.get("tolerance"),
        last_number=bool(ref.get("last_number", False)),
        form=ref.get("form"),
    )
