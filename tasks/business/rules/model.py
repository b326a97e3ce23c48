"""The rule format: decision tables and formulas, with ids and effective dates.

A `RuleSet` is an ordered list of nodes over a context of named values. A `Table` matches
its rows' conditions (`Test`s on input fields) under a hit policy and writes its outputs;
a `Formula` computes one value (exactly, in `Decimal`, with explicit rounding). Every row
and formula has an id (what the policy document shows and agents cite) and may carry
effective dates. The format is plain data and round-trips through JSON (`to_json`,
`from_json`), which is what a pack author writes for `business/rules-v0`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from .expr import ExprError, parse

HitPolicy = Literal["first", "unique", "collect"]
FieldType = Literal["number", "string", "boolean"]
TEST_OPS = ("any", "eq", "ne", "in", "not_in", "lt", "le", "gt", "ge", "between")


class RuleFormatError(ValueError):
    """A rule set that does not fit the format; the message names the rule and the fix."""


@dataclass(frozen=True)
class FieldSpec:
    """One input field: its type and what a generator may draw for it."""

    type: FieldType
    label: str = ""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    places: int = 0
    values: tuple[str, ...] = ()
    unit: str = ""


@dataclass(frozen=True)
class Ref:
    """A condition value read from another field instead of a literal."""

    field: str


@dataclass(frozen=True)
class Test:
    """A condition on one field. `between` is [low, high): low included, high excluded."""

    op: str
    value: Any = None

    def __post_init__(self) -> None:
        if self.op not in TEST_OPS:
            raise RuleFormatError(f"unknown test '{self.op}' (allowed: {', '.join(TEST_OPS)})")


@dataclass(frozen=True)
class Row:
    id: str
    when: dict[str, Test]
    then: dict[str, Any]
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    def in_effect(self, as_of: dt.date | None) -> bool:
        if as_of is None:
            return True
        if self.effective_from and as_of < self.effective_from:
            return False
        return not (self.effective_to and as_of >= self.effective_to)


@dataclass(frozen=True)
class Table:
    id: str
    title: str
    hit_policy: HitPolicy
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    rows: tuple[Row, ...]
    guard: str | None = None
    cite: bool = True


@dataclass(frozen=True)
class Formula:
    id: str
    title: str
    output: str
    expr: str
    guard: str | None = None
    cite: bool = True


Node = Table | Formula


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    fields: dict[str, FieldSpec]
    nodes: tuple[Node, ...]
    #: The outputs the decision is made of (e.g. decision, amount, reason_codes).
    decision: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(self)

    def label(self, name: str) -> str:
        if name in self.fields and self.fields[name].label:
            return self.fields[name].label
        return self.labels.get(name, name.replace("_", " "))

    def all_labels(self) -> dict[str, str]:
        names = set(self.fields) | set(self.labels) | {
            out for node in self.nodes
            for out in (node.outputs if isinstance(node, Table) else (node.output,))
        }
        return {name: self.label(name) for name in sorted(names)}

    def rule_ids(self) -> list[str]:
        ids: list[str] = []
        for node in self.nodes:
            ids.extend(r.id for r in node.rows) if isinstance(node, Table) else ids.append(node.id)
        return ids


def validate(rules: RuleSet) -> None:
    """Every id unique, every field known before it is read, every formula parseable."""
    known = set(rules.fields)
    seen: set[str] = set()
    for node in rules.nodes:
        ids = [r.id for r in node.rows] if isinstance(node, Table) else [node.id]
        for rule_id in ids:
            if rule_id in seen:
                raise RuleFormatError(f"rule id '{rule_id}' is used twice")
            seen.add(rule_id)
        try:
            reads = set(parse(node.guard).names) if node.guard else set()
            if isinstance(node, Formula):
                reads |= set(parse(node.expr).names)
        except ExprError as exc:
            raise RuleFormatError(f"{node.id}: {exc}") from None
        if isinstance(node, Table):
            reads |= set(node.inputs)
            for row in node.rows:
                extra = set(row.when) - set(node.inputs)
                if extra:
                    raise RuleFormatError(f"{row.id}: conditions on non-inputs {sorted(extra)}")
                if set(row.then) != set(node.outputs):
                    raise RuleFormatError(f"{row.id}: must set exactly {list(node.outputs)}")
                for test in row.when.values():
                    values = test.value if isinstance(test.value, tuple) else (test.value,)
                    reads |= {v.field for v in values if isinstance(v, Ref)}
        unknown = reads - known
        if unknown:
            raise RuleFormatError(f"{node.id} reads {sorted(unknown)} before they are set")
        known |= set(node.outputs) if isinstance(node, Table) else {node.output}
    missing = set(rules.decision) - known
    if missing:
        raise RuleFormatError(f"decision outputs {sorted(missing)} are never set")


# --- JSON form -----------------------------------------------------------------------

def _value_json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Ref):
        return {"field": value.field}
    if isinstance(value, list | tuple):
        return [_value_json(v) for v in value]
    return value


def _value_from(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"field"}:
        return Ref(str(value["field"]))
    if isinstance(value, list):
        return tuple(_value_from(v) for v in value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    return value


def to_json(rules: RuleSet) -> dict[str, Any]:
    """The rule set as plain JSON data (the format pack authors write)."""
    fields = {}
    for name, spec in rules.fields.items():
        entry: dict[str, Any] = {"type": spec.type}
        for key in ("label", "unit"):
            if getattr(spec, key):
                entry[key] = getattr(spec, key)
        for key in ("minimum", "maximum"):
            if getattr(spec, key) is not None:
                entry[key] = str(getattr(spec, key))
        if spec.places:
            entry["places"] = spec.places
        if spec.values:
            entry["values"] = list(spec.values)
        fields[name] = entry
    nodes: list[dict[str, Any]] = []
    for node in rules.nodes:
        if isinstance(node, Formula):
            item: dict[str, Any] = {"formula": node.id, "title": node.title,
                                    "output": node.output, "expr": node.expr}
        else:
            item = {"table": node.id, "title": node.title, "hit_policy": node.hit_policy,
                    "inputs": list(node.inputs), "outputs": list(node.outputs), "rows": []}
            for row in node.rows:
                entry = {"id": row.id,
                         "when": {k: [t.op, _value_json(t.value)] for k, t in row.when.items()},
                         "then": {k: _value_json(v) for k, v in row.then.items()}}
                if row.effective_from:
                    entry["effective_from"] = row.effective_from.isoformat()
                if row.effective_to:
                    entry["effective_to"] = row.effective_to.isoformat()
                item["rows"].append(entry)
        if node.guard:
            item["guard"] = node.guard
        if not node.cite:
            item["cite"] = False
        nodes.append(item)
    return {"id": rules.id, "title": rules.title, "fields": fields, "nodes": nodes,
            "decision": list(rules.decision), "labels": dict(rules.labels)}


def from_json(data: dict[str, Any]) -> RuleSet:
    """Read a rule set written as JSON data; errors name the node and the fix."""
    try:
        fields = {}
        for name, spec in data["fields"].items():
            fields[name] = FieldSpec(
                type=spec["type"], label=spec.get("label", ""), unit=spec.get("unit", ""),
                minimum=Decimal(str(spec["minimum"])) if "minimum" in spec else None,
                maximum=Decimal(str(spec["maximum"])) if "maximum" in spec else None,
                places=int(spec.get("places", 0)), values=tuple(spec.get("values", ())),
            )
        nodes: list[Node] = []
        for item in data["nodes"]:
            if "formula" in item:
                nodes.append(Formula(id=item["formula"], title=item.get("title", ""),
                                     output=item["output"], expr=item["expr"],
                                     guard=item.get("guard"), cite=item.get("cite", True)))
                continue
            rows = []
            for row in item["rows"]:
                when = {k: Test(op, _value_from(v))
                        for k, (op, v) in row.get("when", {}).items()}
                rows.append(Row(
                    id=row["id"], when=when,
                    then={k: _value_from(v) for k, v in row["then"].items()},
                    effective_from=_date(row.get("effective_from")),
                    effective_to=_date(row.get("effective_to")),
                ))
            nodes.append(Table(
                id=item["table"], title=item.get("title", ""), hit_policy=item["hit_policy"],
                inputs=tuple(item["inputs"]), outputs=tuple(item["outputs"]), rows=tuple(rows),
                guard=item.get("guard"), cite=item.get("cite", True),
            ))
        return RuleSet(id=data["id"], title=data.get("title", data["id"]), fields=fields,
                       nodes=tuple(nodes), decision=tuple(data.get("decision", ())),
                       labels=dict(data.get("labels", {})))
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, RuleFormatError):
            raise
        raise RuleFormatError(f"rule file does not fit the format: {exc!r}") from None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
