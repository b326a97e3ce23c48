"""The rule engine: evaluate a `RuleSet` on one case, recording which rules fired.

Nodes run in order over one context (the inputs, then every output so far). A table
whose guard is false, or in which no row matches, sets its outputs to None (a `collect`
table sets empty lists); a formula whose guard is false sets None. Rows outside their
effective dates (against `as_of`) are skipped as if absent. `unique` tables raise when
two rows match: that is a broken rule set, not a case to guess about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .expr import ExprError, _compare, parse, to_decimal
from .model import Formula, Ref, RuleFormatError, RuleSet, Table, Test


class RuleEvaluationError(ValueError):
    """The rules cannot decide this case (two unique rows match, a field is missing)."""


@dataclass(frozen=True)
class Outcome:
    """What the rules decided: every value computed, and the ids of the rules that fired."""

    values: dict[str, Any]
    fired: tuple[str, ...]
    cited: tuple[str, ...]

    def decision(self, names: tuple[str, ...]) -> dict[str, Any]:
        return {name: self.values.get(name) for name in names}


def test_matches(test: Test, value: Any, context: dict[str, Any]) -> bool:
    """Whether `value` passes `test`; a Ref reads its operand from `context`."""
    if test.op == "any":
        return True
    operand = _resolve(test.value, context)
    if isinstance(operand, tuple):
        operand = tuple(_resolve(item, context) for item in operand)
    if value is None or operand is None:
        return False
    try:
        if test.op in ("in", "not_in"):
            inside = any(_compare("==", value, item) for item in operand)
            return inside if test.op == "in" else not inside
        if test.op == "between":
            low, high = operand
            return to_decimal(low) <= to_decimal(value) < to_decimal(high)
        symbol = {"eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}[test.op]
        return _compare(symbol, value, operand)
    except ExprError as exc:
        raise RuleEvaluationError(f"cannot test {value!r} with {test.op}: {exc}") from None


def _resolve(value: Any, context: dict[str, Any]) -> Any:
    return context.get(value.field) if isinstance(value, Ref) else value


def _typed(rules: RuleSet, inputs: dict[str, Any]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for name, spec in rules.fields.items():
        if name not in inputs:
            raise RuleEvaluationError(f"input field '{name}' is missing")
        value = inputs[name]
        if spec.type == "number":
            value = to_decimal(value)
        elif spec.type == "boolean" and not isinstance(value, bool):
            raise RuleEvaluationError(f"input field '{name}' must be true or false")
        elif spec.type == "string" and not isinstance(value, str):
            raise RuleEvaluationError(f"input field '{name}' must be a string")
        context[name] = value
    return context


def evaluate(rules: RuleSet, inputs: dict[str, Any], as_of: dt.date | None = None) -> Outcome:
    """Run `rules` on `inputs` (one value per input field) as in effect on `as_of`."""
    context = _typed(rules, inputs)
    fired: list[str] = []
    cited: list[str] = []
    for node in rules.nodes:
        try:
            active = node.guard is None or bool(parse(node.guard).evaluate(context))
        except ExprError as exc:
            raise RuleEvaluationError(f"{node.id}: guard failed: {exc}") from None
        if isinstance(node, Formula):
            if not active:
                context[node.output] = None
                continue
            try:
                context[node.output] = parse(node.expr).evaluate(context)
            except ExprError as exc:
                raise RuleEvaluationError(f"{node.id}: {exc}") from None
            fired.append(node.id)
            if node.cite:
                cited.append(node.id)
            continue
        hits = _hits(node, context, as_of) if active else []
        if node.hit_policy == "collect":
            for out in node.outputs:
                context[out] = [row.then[out] for row in hits]
        else:
            for out in node.outputs:
                context[out] = hits[0].then[out] if hits else None
        fired.extend(row.id for row in hits)
        if node.cite:
            cited.extend(row.id for row in hits)
    return Outcome(values=context, fired=tuple(fired), cited=tuple(cited))


def _hits(table: Table, context: dict[str, Any], as_of: dt.date | None) -> list[Any]:
    hits = []
    for row in table.rows:
        if not row.in_effect(as_of):
            continue
        if all(test_matches(test, context.get(name), context) for name, test in row.when.items()):
            hits.append(row)
            if table.hit_policy == "first":
                break
    if table.hit_policy == "unique" and len(hits) > 1:
        raise RuleEvaluationError(
            f"table {table.id}: rows {', '.join(r.id for r in hits)} all match (hit policy unique)"
        )
    return hits


def money(value: Any) -> str:
    """A Decimal amount as the two-decimal string records and decisions use."""
    return f"{to_decimal(value).quantize(Decimal('0.01')):f}"


__all__ = ["Outcome", "RuleEvaluationError", "RuleFormatError", "evaluate", "money"]
