"""Our rule format as a GoRules JDM decision graph, and JDM tables read back into it.

`to_jdm` writes a `RuleSet` as a chain input -> one node per rule node -> output, which
zen-engine evaluates as an independent second implementation (tests/business and
benchmarks/business.py). Tables become decision-table nodes (`unique` is written as
`first`: our engine is the one that checks uniqueness); formulas become expression
nodes; guards and effective dates become extra input columns (dates as day numbers in a
field `as_of_day`). `from_jdm` reads the same subset back — decision tables whose cells
are simple unary tests, expression nodes in our formula language — so a pack author can
bring a JDM file to `business/rules-v0`.
"""

from __future__ import annotations

import ast
import datetime as dt
import itertools
import json
import re
from decimal import Decimal
from typing import Any

from .expr import ExprError, parse
from .model import Ref, Row, RuleFormatError, RuleSet, Table, Test
from .zen_syntax import ZenSyntaxError, zen_to_ours

AS_OF_FIELD = "as_of_day"


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int | float):
        return str(value)
    if value is None:
        return "null"
    return json.dumps(str(value))


def _operand(value: Any) -> str:
    return value.field if isinstance(value, Ref) else _literal(value)


def unary(test: Test) -> str:
    """A test as a ZEN unary expression over the column's value ($)."""
    v = test.value
    match test.op:
        case "any":
            return ""
        case "eq":
            return f"== {_operand(v)}" if isinstance(v, Ref) else _literal(v)
        case "ne":
            return f"!= {_operand(v)}"
        case "in":
            return ", ".join(_operand(x) for x in v)
        case "not_in":
            return "not ($ in [" + ", ".join(_operand(x) for x in v) + "])"
        case "between":
            return f"[{_operand(v[0])}..{_operand(v[1])})"
    symbol = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}[test.op]
    return f"{symbol} {_operand(v)}"


def _effective(row: Row) -> str:
    parts = []
    if row.effective_from:
        parts.append(f"$ >= {row.effective_from.toordinal()}")
    if row.effective_to:
        parts.append(f"$ < {row.effective_to.toordinal()}")
    return " and ".join(parts)


def _node(node_id: str, kind: str, name: str, content: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {"id": node_id, "type": kind, "name": name,
                           "position": {"x": 0, "y": 0}}
    if content is not None:
        out["content"] = content
    return out


def _table(table: Table) -> dict[str, Any]:
    inputs = [{"id": f"i{k}", "name": name, "field": name}
              for k, name in enumerate(table.inputs)]
    dated = any(r.effective_from or r.effective_to for r in table.rows)
    if dated:
        inputs.append({"id": "idate", "name": "as of", "field": AS_OF_FIELD})
    if table.guard:
        inputs.append({"id": "iguard", "name": "guard", "field": parse(table.guard).zen()})
    outputs = [{"id": f"o{k}", "name": name, "field": name}
               for k, name in enumerate(table.outputs)]
    rules = []
    for row in table.rows:
        rule: dict[str, Any] = {"_id": row.id}
        for k, name in enumerate(table.inputs):
            rule[f"i{k}"] = unary(row.when[name]) if name in row.when else ""
        if dated:
            rule["idate"] = _effective(row)
        if table.guard:
            rule["iguard"] = "true"
        for k, name in enumerate(table.outputs):
            rule[f"o{k}"] = _literal(row.then[name])
        rules.append(rule)
    return {"hitPolicy": "collect" if table.hit_policy == "collect" else "first",
            "passThrough": True, "inputField": None, "outputPath": None,
            "executionMode": "single", "inputs": inputs, "outputs": outputs, "rules": rules}


def to_jdm(rules: RuleSet) -> dict[str, Any]:
    """The rule set as a JDM graph (a dict; `json.dumps` it for zen-engine)."""
    nodes = [_node("input", "inputNode", "Request", None)]
    for node in rules.nodes:
        if isinstance(node, Table):
            nodes.append(_node(node.id, "decisionTableNode", node.title, _table(node)))
        else:
            body = parse(node.expr).zen()
            if node.guard:
                body = f"({parse(node.guard).zen()}) ? ({body}) : null"
            nodes.append(_node(node.id, "expressionNode", node.title, {
                "passThrough": True, "inputField": None, "outputPath": None,
                "executionMode": "single",
                "expressions": [{"id": f"{node.id}-x", "key": node.output, "value": body}]}))
    nodes.append(_node("output", "outputNode", "Response", None))
    edges = [{"id": f"e{k}", "sourceId": a["id"], "targetId": b["id"], "type": "edge"}
             for k, (a, b) in enumerate(itertools.pairwise(nodes))]
    return {"nodes": nodes, "edges": edges}


def jdm_context(rules: RuleSet, inputs: dict[str, Any], as_of: dt.date | None) -> dict[str, Any]:
    """Inputs as zen-engine takes them (numbers as floats, the date as a day number)."""
    context: dict[str, Any] = {}
    for name in rules.fields:
        value = inputs[name]
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            value = float(value)
        context[name] = value
    context[AS_OF_FIELD] = as_of.toordinal() if as_of else 0
    return context


# --- reading JDM back ------------------------------------------------------------------

_NUMBER = r"-?\d+(?:\.\d+)?"
_CELL_PATTERNS: list[tuple[str, str]] = [
    (rf"^(<=|>=|<|>|==|!=)\s*({_NUMBER}|\"[^\"]*\"|true|false|[A-Za-z_]\w*)$", "cmp"),
    (rf"^\[\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*\)$", "between"),
    (rf"^\[\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*\]$", "closed"),
]


def _value(text: str) -> Any:
    text = text.strip()
    if text in ("true", "false"):
        return text == "true"
    if text.startswith('"') and text.endswith('"'):
        return text[1:-1]
    if re.fullmatch(_NUMBER, text):
        return Decimal(text)
    if re.fullmatch(r"[A-Za-z_]\w*", text):
        return Ref(text)
    raise RuleFormatError(f"JDM value {text!r} is outside the supported subset")


def parse_cell(cell: str) -> Test:
    """A JDM unary cell (the subset we write) as a Test."""
    cell = (cell or "").strip()
    if cell in ("", "-"):
        return Test("any")
    for pattern, kind in _CELL_PATTERNS:
        match = re.match(pattern, cell)
        if not match:
            continue
        if kind == "cmp":
            op = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
            return Test(op[match.group(1)], _value(match.group(2)))
        low, high = Decimal(match.group(1)), Decimal(match.group(2))
        if kind == "closed":
            return Test("between", (low, high + Decimal("1e-9")))
        return Test("between", (low, high))
    parts = [p.strip() for p in re.findall(r'"[^"]*"|[^,]+', cell)]
    if len(parts) > 1:
        return Test("in", tuple(_value(p) for p in parts))
    return Test("eq", _value(cell))


def from_jdm(graph: dict[str, Any], fields: dict[str, Any], rule_id: str = "jdm",
             title: str = "Rules", decision: tuple[str, ...] = ()) -> RuleSet:
    """Read a JDM graph (decision tables and expression nodes, in edge order)."""
    from .model import from_json

    by_id = {n["id"]: n for n in graph.get("nodes", [])}
    nexts = {e["sourceId"]: e["targetId"] for e in graph.get("edges", [])}
    start = next((n["id"] for n in graph.get("nodes", []) if n.get("type") == "inputNode"), None)
    if start is None:
        raise RuleFormatError("the JDM graph has no input node")
    nodes: list[dict[str, Any]] = []
    current = nexts.get(start)
    seen: set[str] = set()
    while current and current in by_id and current not in seen:
        seen.add(current)
        node = by_id[current]
        kind, content = node.get("type"), node.get("content") or {}
        if kind == "decisionTableNode":
            nodes.append(_table_from_jdm(node, content))
        elif kind == "expressionNode":
            expressions = content.get("expressions", [])
            for expression in expressions:
                source = _zen_to_ours(expression["value"])
                formula_id = node["id"] if len(expressions) == 1 else (
                    expression.get("id") or expression["key"])
                item = {"formula": formula_id, "title": node.get("name") or expression["key"],
                        "output": expression["key"], "expr": source}
                tree = ast.parse(source, mode="eval").body
                if (isinstance(tree, ast.IfExp) and isinstance(tree.orelse, ast.Name)
                        and tree.orelse.id == "null"):  # `g ? x : null` is a guarded formula
                    item.update(expr=ast.unparse(tree.body), guard=ast.unparse(tree.test))
                nodes.append(item)
        elif kind != "outputNode":
            raise RuleFormatError(f"JDM node type {kind!r} is outside the supported subset")
        current = nexts.get(current)
    return from_json({"id": rule_id, "title": title, "fields": fields, "nodes": nodes,
                      "decision": list(decision)})


def _table_from_jdm(node: dict[str, Any], content: dict[str, Any]) -> dict[str, Any]:
    policy = content.get("hitPolicy", "first")
    if policy not in ("first", "collect"):
        raise RuleFormatError(f"hit policy {policy!r} is not supported")
    columns = content.get("inputs", [])
    outputs = content.get("outputs", [])
    plain = [c for c in columns if re.fullmatch(r"[A-Za-z_]\w*", c["field"])
             and c["field"] != AS_OF_FIELD]
    dates = [c for c in columns if c["field"] == AS_OF_FIELD]
    guards = [c for c in columns if c not in plain and c not in dates]
    rows = []
    for rule in content.get("rules", []):
        when = {}
        for column in plain:
            test = parse_cell(str(rule.get(column["id"], "")))
            if test.op != "any":
                value = test.value
                value = [_json_value(v) for v in value] if isinstance(value, tuple) \
                    else _json_value(value)
                when[column["field"]] = [test.op, value]
        for column in guards:
            if str(rule.get(column["id"], "")).strip() not in ("true", ""):
                raise RuleFormatError(f"{node['id']}: expression column "
                                      f"{column['field']!r} must test true (a guard)")
        then = {o["field"]: _json_value(_value(str(rule.get(o["id"], "null"))))
                if str(rule.get(o["id"], "")).strip() not in ("", "null") else None
                for o in outputs}
        entry: dict[str, Any] = {"id": rule.get("_id") or f"{node['id']}.{len(rows) + 1}",
                                 "when": when, "then": then}
        for column in dates:
            entry.update(_dates(str(rule.get(column["id"], ""))))
        rows.append(entry)
    table: dict[str, Any] = {
        "table": node["id"], "title": node.get("name", node["id"]), "hit_policy": policy,
        "inputs": [c["field"] for c in plain], "outputs": [o["field"] for o in outputs],
        "rows": rows}
    if guards:
        table["guard"] = " and ".join(f"({_zen_to_ours(c['field'])})" for c in guards)
    return table


def _dates(cell: str) -> dict[str, str]:
    """`$ >= N and $ < M` (day numbers) as effective_from / effective_to."""
    out = {}
    for op, number in re.findall(r"\$\s*(>=|<)\s*(\d+)", cell):
        day = dt.date.fromordinal(int(number)).isoformat()
        out["effective_from" if op == ">=" else "effective_to"] = day
    return out


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Ref):
        return {"field": value.field}
    return value


def _zen_to_ours(source: str) -> str:
    """A ZEN expression in the shared subset, written in our formula syntax."""
    try:
        text = zen_to_ours(source)
        parse(text)
    except (ExprError, ZenSyntaxError) as exc:
        raise RuleFormatError(f"JDM expression {source!r} is outside the supported subset: "
                              f"{exc}") from None
    return text
