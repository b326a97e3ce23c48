"""Cases drawn from a rule set's input schema: free draws, boundaries and twins.

`business/rules-v0` builds its tasks from these, and the zen-engine cross-check draws its
thousand cases here. Thresholds are read off the rules themselves (every number a
condition compares a field with), so boundary cases sit exactly where a rule turns.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from .engine import RuleEvaluationError, evaluate
from .model import FieldSpec, RuleSet, Table


def thresholds(rules: RuleSet) -> dict[str, list[Decimal]]:
    """For every numeric input field, the literal numbers the rules compare it with."""
    found: dict[str, set[Decimal]] = {n: set() for n, s in rules.fields.items()
                                      if s.type == "number"}
    for node in rules.nodes:
        if not isinstance(node, Table):
            continue
        for row in node.rows:
            for name, test in row.when.items():
                if name not in found:
                    continue
                values = test.value if isinstance(test.value, tuple) else (test.value,)
                found[name] |= {v for v in values if isinstance(v, Decimal)}
    return {name: sorted(values) for name, values in found.items()}


def effective_dates(rules: RuleSet) -> list[dt.date]:
    dates = set()
    for node in rules.nodes:
        if isinstance(node, Table):
            for row in node.rows:
                dates |= {d for d in (row.effective_from, row.effective_to) if d}
    return sorted(dates)


def _unit(spec: FieldSpec) -> Decimal:
    return Decimal(1).scaleb(-spec.places)


def draw(spec: FieldSpec, rng: random.Random) -> Any:
    """One value of a field, uniformly over its range or values."""
    if spec.type == "boolean":
        return rng.random() < 0.5
    if spec.type == "string":
        return rng.choice(spec.values) if spec.values else ""
    low = spec.minimum if spec.minimum is not None else Decimal(0)
    high = spec.maximum if spec.maximum is not None else Decimal(1000)
    unit = _unit(spec)
    steps = int((high - low) / unit)
    return low + unit * rng.randint(0, max(steps, 0))


def draw_inputs(rules: RuleSet, rng: random.Random) -> dict[str, Any]:
    return {name: draw(spec, rng) for name, spec in rules.fields.items()}


def draw_as_of(rules: RuleSet, rng: random.Random, start: dt.date = dt.date(2025, 1, 1),
               days: int = 365) -> dt.date:
    """A decision date: near an effective date half the time, so both sides are seen."""
    dates = effective_dates(rules)
    if dates and rng.random() < 0.5:
        return rng.choice(dates) + dt.timedelta(days=rng.randint(-3, 2))
    return start + dt.timedelta(days=rng.randint(0, days))


def on_boundary(rules: RuleSet, inputs: dict[str, Any], rng: random.Random
                ) -> dict[str, Any]:
    """`inputs` with one numeric field set exactly on a threshold the rules test."""
    limits = {n: v for n, v in thresholds(rules).items() if v}
    if not limits:
        return dict(inputs)
    name = rng.choice(sorted(limits))
    return {**inputs, name: rng.choice(limits[name])}


def _decision(rules: RuleSet, inputs: dict[str, Any], as_of: dt.date | None) -> Any:
    values = evaluate(rules, inputs, as_of).values
    return tuple(str(values.get(n)) for n in rules.decision)


def twin(rules: RuleSet, inputs: dict[str, Any], as_of: dt.date | None,
         rng: random.Random) -> tuple[str, dict[str, Any]] | None:
    """A minimal edit of one field that changes the decision: (field, new inputs)."""
    base = _decision(rules, inputs, as_of)
    limits = thresholds(rules)
    names = sorted(rules.fields)
    rng.shuffle(names)
    for name in names:
        spec = rules.fields[name]
        if spec.type == "boolean":
            candidates: list[Any] = [not inputs[name]]
        elif spec.type == "string":
            candidates = [v for v in spec.values if v != inputs[name]]
        else:
            unit = _unit(spec)
            candidates = []
            for limit in limits.get(name, []):
                candidates += [limit - unit, limit, limit + unit]
            candidates = [c for c in candidates if _in_range(spec, c) and c != inputs[name]]
        for value in candidates:
            edited = {**inputs, name: value}
            try:
                if _decision(rules, edited, as_of) != base:
                    return name, edited
            except RuleEvaluationError:
                continue
    return None


def _in_range(spec: FieldSpec, value: Decimal) -> bool:
    if spec.minimum is not None and value < spec.minimum:
        return False
    return not (spec.maximum is not None and value > spec.maximum)


__all__ = ["draw", "draw_as_of", "draw_inputs", "effective_dates", "on_boundary",
           "thresholds", "twin"]
