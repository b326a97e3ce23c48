"""Formulas: a small expression language over `Decimal`, with explicit rounding.

Formulas are written in a restricted Python expression syntax (parsed with `ast`, never
`eval`): numbers, strings, `true`/`false`, field names, `+ - * /`, comparisons, `and`,
`or`, `not`, `x if c else y`, and the functions `min`, `max`, `abs`, `floor`, `ceil`,
`round_half_up`,
`round_down`, `round_up` (each rounding takes a number of decimal places). The same tree
is evaluated (exactly, in `Decimal`), rendered in plain language for the policy document,
and written as a ZEN expression for the zen-engine cross-check, so the three cannot drift.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

#: Rounding modes a formula may name, with what they do to a non-negative number.
ROUNDING = {"half_up": ROUND_HALF_UP, "down": ROUND_DOWN, "up": ROUND_CEILING}
ROUNDING_WORDS = {
    "half_up": "rounded half up",
    "down": "rounded down",
    "up": "rounded up",
}
_FUNCTIONS = {"min", "max", "abs", "floor", "ceil", "round_half_up", "round_down", "round_up"}
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPOPS = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
}
_CMP_WORDS = {
    "<": "is less than", "<=": "is at most", ">": "is more than", ">=": "is at least",
    "==": "is", "!=": "is not",
}


class ExprError(ValueError):
    """A formula outside the language, or one that cannot be evaluated on its inputs."""


@dataclass(frozen=True)
class Expr:
    """A parsed formula: its source, its tree and the field names it reads."""

    source: str
    tree: ast.expr
    names: tuple[str, ...]

    def evaluate(self, values: dict[str, Any]) -> Any:
        return _eval(self.tree, values)

    def render(self, labels: dict[str, str]) -> str:
        return _words(self.tree, labels)

    def zen(self) -> str:
        return _zen(self.tree)


@lru_cache(maxsize=4096)
def parse(source: str) -> Expr:
    """Parse and check a formula; raises ExprError naming what is not allowed."""
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"formula {source!r} is not valid: {exc.msg}") from None
    names: list[str] = []
    _check(tree, names, source)
    return Expr(source=source, tree=tree, names=tuple(dict.fromkeys(names)))


def _check(node: ast.AST, names: list[str], source: str) -> None:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, int | float | str):
            raise ExprError(f"formula {source!r}: constant {node.value!r} is not allowed")
        return
    if isinstance(node, ast.Name):
        if node.id not in ("true", "false", "null"):
            names.append(node.id)
        return
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        children: list[ast.AST] = [node.left, node.right]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.Not):
        children = [node.operand]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
        children = [node.left, node.comparators[0]]
    elif isinstance(node, ast.IfExp):
        children = [node.test, node.body, node.orelse]
    elif (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS and not node.keywords and node.args
    ):
        if node.func.id.startswith("round_"):
            places = node.args[1] if len(node.args) == 2 else None
            if not (isinstance(places, ast.Constant) and isinstance(places.value, int)):
                raise ExprError(f"formula {source!r}: {node.func.id} needs (value, places)")
        children = list(node.args)
    else:
        raise ExprError(f"formula {source!r}: {ast.dump(node)[:60]} is not allowed")
    for child in children:
        _check(child, names, source)


def to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise ExprError(f"{value!r} is not a number")
    if isinstance(value, int | str):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise ExprError(f"{value!r} is not a number")


def round_decimal(value: Any, places: int, mode: str) -> Decimal:
    """Round `value` to `places` decimals; `down`/`up` go toward/away from zero."""
    number = to_decimal(value)
    exponent = Decimal(1).scaleb(-places)
    if mode == "up" and number < 0:
        return number.quantize(exponent, rounding=ROUND_FLOOR)
    return number.quantize(exponent, rounding=ROUNDING[mode])


def _literal(node: ast.Constant) -> Any:
    return Decimal(str(node.value)) if isinstance(node.value, int | float) else node.value


def _eval(node: ast.expr, values: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return _literal(node)
    if isinstance(node, ast.Name):
        if node.id in ("true", "false"):
            return node.id == "true"
        if node.id == "null":
            return None
        if node.id not in values:
            raise ExprError(f"unknown field '{node.id}'")
        value = values[node.id]
        return to_decimal(value) if isinstance(value, int | float) and not isinstance(
            value, bool) else value
    if isinstance(node, ast.BinOp):
        left, right = to_decimal(_eval(node.left, values)), to_decimal(_eval(node.right, values))
        op = _BINOPS[type(node.op)]
        if op == "/" and right == 0:
            raise ExprError("division by zero")
        return {"+": left + right, "-": left - right, "*": left * right}.get(op) if op != "/" \
            else left / right
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        return (not operand) if isinstance(node.op, ast.Not) else -to_decimal(operand)
    if isinstance(node, ast.BoolOp):
        results = [bool(_eval(v, values)) for v in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.Compare):
        return _compare(_CMPOPS[type(node.ops[0])], _eval(node.left, values),
                        _eval(node.comparators[0], values))
    if isinstance(node, ast.IfExp):
        return _eval(node.body if _eval(node.test, values) else node.orelse, values)
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    args = [_eval(a, values) for a in node.args]
    name = node.func.id
    if name == "min":
        return min(to_decimal(a) for a in args)
    if name == "max":
        return max(to_decimal(a) for a in args)
    if name == "abs":
        return abs(to_decimal(args[0]))
    if name in ("floor", "ceil"):
        mode = ROUND_FLOOR if name == "floor" else ROUND_CEILING
        return to_decimal(args[0]).quantize(Decimal(1), rounding=mode)
    return round_decimal(args[0], int(args[1]), name.removeprefix("round_"))


def _compare(op: str, left: Any, right: Any) -> bool:
    if op in ("==", "!="):
        if isinstance(left, bool) or isinstance(right, bool):
            equal = left is right if isinstance(left, bool) and isinstance(right, bool) \
                else False
        elif isinstance(left, int | float | Decimal) and isinstance(right, int | float | Decimal):
            equal = to_decimal(left) == to_decimal(right)
        else:
            equal = left == right
        return equal if op == "==" else not equal
    a, b = to_decimal(left), to_decimal(right)
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


# --- plain language ----------------------------------------------------------------

def _words(node: ast.expr, labels: dict[str, str]) -> str:
    if isinstance(node, ast.Constant):
        return f'"{node.value}"' if isinstance(node.value, str) else str(node.value)
    if isinstance(node, ast.Name):
        if node.id in ("true", "false", "null"):
            return {"true": "yes", "false": "no", "null": "nothing"}[node.id]
        return labels.get(node.id, node.id.replace("_", " "))
    if isinstance(node, ast.BinOp):
        symbol = {"+": "+", "-": "−", "*": "×", "/": "÷"}[_BINOPS[type(node.op)]]
        return f"({_words(node.left, labels)} {symbol} {_words(node.right, labels)})"
    if isinstance(node, ast.UnaryOp):
        inner = _words(node.operand, labels)
        return f"not ({inner})" if isinstance(node.op, ast.Not) else f"−{inner}"
    if isinstance(node, ast.BoolOp):
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + joiner.join(_words(v, labels) for v in node.values) + ")"
    if isinstance(node, ast.Compare):
        op = _CMP_WORDS[_CMPOPS[type(node.ops[0])]]
        return f"{_words(node.left, labels)} {op} {_words(node.comparators[0], labels)}"
    if isinstance(node, ast.IfExp):
        def part(child: ast.expr) -> str:
            text = _words(child, labels)
            return f"({text})" if isinstance(child, ast.IfExp) else text

        return f"{part(node.body)} if {part(node.test)}, otherwise {part(node.orelse)}"
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    args = [_words(a, labels) for a in node.args]
    if name in ("min", "max"):
        which = "the lesser" if name == "min" else "the greater"
        return f"{which} of " + ", ".join(args[:-1]) + f" and {args[-1]}"
    if name == "abs":
        return f"the absolute value of {args[0]}"
    if name in ("floor", "ceil"):
        return f"{args[0]} rounded {'down' if name == 'floor' else 'up'} to a whole number"
    places = node.args[1].value  # type: ignore[attr-defined]
    unit = "a whole number" if places == 0 else f"{places} decimal places"
    return f"{args[0]} {ROUNDING_WORDS[name.removeprefix('round_')]} to {unit}"


# --- ZEN expression language (zen-engine) -----------------------------------------

def _zen(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return f'"{node.value}"' if isinstance(node.value, str) else str(node.value)
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.BinOp):
        return f"({_zen(node.left)} {_BINOPS[type(node.op)]} {_zen(node.right)})"
    if isinstance(node, ast.UnaryOp):
        inner = _zen(node.operand)
        return f"(not ({inner}))" if isinstance(node.op, ast.Not) else f"(-{inner})"
    if isinstance(node, ast.BoolOp):
        joiner = " and " if isinstance(node.op, ast.And) else " or "
        return "(" + joiner.join(_zen(v) for v in node.values) + ")"
    if isinstance(node, ast.Compare):
        return f"({_zen(node.left)} {_CMPOPS[type(node.ops[0])]} {_zen(node.comparators[0])})"
    if isinstance(node, ast.IfExp):
        return f"({_zen(node.test)} ? {_zen(node.body)} : {_zen(node.orelse)})"
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    name = node.func.id
    args = [_zen(a) for a in node.args]
    if name in ("min", "max"):
        return f"{name}([{', '.join(args)}])"
    if name in ("abs", "floor", "ceil"):
        return f"{name}({args[0]})"
    scale = 10 ** int(node.args[1].value)  # type: ignore[attr-defined]
    x = args[0]
    if name == "round_half_up":  # half away from zero, spelled with floor/ceil
        return (f"(({x}) >= 0 ? floor(({x}) * {scale} + 0.5) / {scale}"
                f" : ceil(({x}) * {scale} - 0.5) / {scale})")
    if name == "round_down":
        return f"(({x}) >= 0 ? floor(({x}) * {scale}) / {scale} : ceil(({x}) * {scale}) / {scale})"
    return f"(({x}) >= 0 ? ceil(({x}) * {scale}) / {scale} : floor(({x}) * {scale}) / {scale})"
