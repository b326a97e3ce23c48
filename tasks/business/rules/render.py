"""The policy document: a rule set rendered in plain language, clause by clause.

The agent reads this text; the gold is computed from the same `RuleSet` object, so what
the document says and what the reward expects cannot drift apart. Every row and formula
appears with its id, which is what an agent cites in `rule_ids`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .expr import parse
from .model import Formula, Ref, RuleSet, Table, Test

_HIT_WORDS = {
    "first": "Check the rules in order; the first one whose conditions all hold applies.",
    "unique": "Exactly one rule applies.",
    "collect": "Every rule whose conditions hold applies; the results are collected.",
}


def _value(value: Any, labels: dict[str, str]) -> str:
    if isinstance(value, Ref):
        return labels.get(value.field, value.field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if value is None:
        return "nothing"
    return str(value)


def test_words(name: str, test: Test, labels: dict[str, str]) -> str:
    """One condition as a phrase, e.g. 'days since delivery is at most 30'."""
    label = labels.get(name, name)
    v = test.value
    match test.op:
        case "eq":
            return f"{label} is {_value(v, labels)}"
        case "ne":
            return f"{label} is not {_value(v, labels)}"
        case "in":
            return f"{label} is one of " + ", ".join(_value(x, labels) for x in v)
        case "not_in":
            return f"{label} is none of " + ", ".join(_value(x, labels) for x in v)
        case "lt":
            return f"{label} is less than {_value(v, labels)}"
        case "le":
            return f"{label} is at most {_value(v, labels)}"
        case "gt":
            return f"{label} is more than {_value(v, labels)}"
        case "ge":
            return f"{label} is at least {_value(v, labels)}"
        case "between":
            return (f"{label} is at least {_value(v[0], labels)} "
                    f"and less than {_value(v[1], labels)}")
    return f"{label} is anything"


def _effect(row: Any) -> str:
    if row.effective_from and row.effective_to:
        return f" (in effect from {row.effective_from} until {row.effective_to}, exclusive)"
    if row.effective_from:
        return f" (in effect from {row.effective_from})"
    if row.effective_to:
        return f" (in effect until {row.effective_to}, exclusive)"
    return ""


def render_table(table: Table, labels: dict[str, str]) -> list[str]:
    lines = [f"### {table.id}. {table.title}", ""]
    if table.guard:
        lines.append(f"Applies only when {parse(table.guard).render(labels)}.")
    if not table.cite:
        lines.append("Supporting table: its rules are not cited.")
    lines += [_HIT_WORDS[table.hit_policy], ""]
    for row in table.rows:
        conditions = [test_words(n, t, labels) for n, t in row.when.items() if t.op != "any"]
        when = "If " + " and ".join(conditions) if conditions else "Otherwise (in every case)"
        then = "; ".join(f"{labels.get(k, k)} = {_value(v, labels)}" for k, v in row.then.items())
        lines.append(f"- **{row.id}** {when}: {then}.{_effect(row)}")
    lines.append("")
    return lines


def render_formula(formula: Formula, labels: dict[str, str]) -> list[str]:
    body = parse(formula.expr).render(labels)
    guard = f" Applies only when {parse(formula.guard).render(labels)}." if formula.guard else ""
    label = labels.get(formula.output, formula.output)
    support = " (Supporting: not cited.)" if not formula.cite else ""
    return [f"- **{formula.id}** {formula.title}: {label} = {body}.{guard}{support}"]


def render(rules: RuleSet, preamble: str = "", heading_level: int = 1) -> str:
    """The whole document: title, preamble (process rules), then every node in order."""
    labels = rules.all_labels()
    lines = ["#" * heading_level + f" {rules.title}", ""]
    if preamble:
        lines += [preamble.strip(), ""]
    lines += ["## Decision rules", "",
              "Rules are applied in the order below; later rules use what earlier ones set. "
              "Cite (rule_ids) every rule below that applied to the case, except the "
              "supporting ones.", ""]
    formulas_open = False
    for node in rules.nodes:
        if isinstance(node, Table):
            if formulas_open:
                lines.append("")
            formulas_open = False
            lines += render_table(node, labels)
        else:
            if not formulas_open:
                lines += ["### Computations", ""]
                formulas_open = True
            lines += render_formula(node, labels)
    return "\n".join(lines).rstrip() + "\n"
