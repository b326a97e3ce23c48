"""Typed answers: what a parsed reference or completion *means*, decided by its answer kind.

The reference is read first (its kind comes from the `kind` hint or is inferred from its
text); the completion is then read *in the light of* the reference's kind, which settles the
ambiguous notations: `(1, 2)` is an open interval when an interval is expected and an ordered
pair otherwise; `1, 2` is a solution set when a set is expected and a hedge otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy as sp

from . import intervals as rs
from .build import exact, is_scalar, to_sympy
from .normalize import Normalized
from .parse import Node, ParseError, parse
from .units import read_unit

#: The `kind` hints callers may pass, mapped to the typed answer kind they expect.
KIND_HINTS = {
    "integer": "number", "rational": "number", "real": "number", "complex": "number",
    "expression": "expression", "equation": "equation", "set": "set", "tuple": "tuple",
    "interval": "interval", "matrix": "matrix", "text": "text", "choice": "choice",
}

_CHOICE_REF = re.compile(r"\(?([A-J])\)?")
_CHOICE_ANSWER = re.compile(
    r"(?:(?:option|choice|answer)\s*)?(?:\(([A-Ja-j])\)(?:\s.*)?|([A-Ja-j])(?:[.:)]\s.*|[.:)])?)",
    re.IGNORECASE | re.DOTALL,
)
_WORDS = re.compile(r"[A-Za-z][A-Za-z\s'\-]*")
_SHORT_TEXT = frozenset(
    [
        "yes", "no", "odd", "even", "none", "all", "true", "false", "both", "neither", "never",
        "always", "red", "blue"
    ]
)
_CONSTANT_NAMES = frozenset({"e", "i"})


class Rejected(ValueError):
    """A well-formed answer that earns nothing by policy (a hedge, a trick); says why."""


@dataclass(frozen=True)
class Answer:
    """kind: number | expression | equation | set | tuple | interval | matrix | text | choice.

    value: Fraction or sympy number (number), sympy expression (expression), (lhs, rhs)
    (equation), tuple of Answers (set, tuple), `intervals.RealSet` (interval), tuple of rows
    of sympy values (matrix), str (text, choice). `variable` names the symbol of an
    assignment (`x = 2`, `f(x) = ...`) or of an inequality (`x > 2`). `extra["node"]` keeps
    the parse tree of a single value, for the form rules.
    """

    kind: str
    value: Any
    percent: bool = False
    variable: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def text_key(text: str) -> str:
    """Short text answers compare case-, space- and punctuation-insensitively."""
    text = re.sub(r"\\text\w*\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"[^\w\s-]", " ", text.lower())
    words = [w for w in text.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def infer_kind(normalized: str) -> str | None:
    """The reference's kind when no hint is given: choice, text, or None (parse decides)."""
    if _CHOICE_REF.fullmatch(normalized):
        return "choice"
    if _WORDS.fullmatch(normalized) and len(normalized) > 1:
        words = normalized.split()
        if len(words) > 1 or len(normalized) >= 4 or normalized.lower() in _SHORT_TEXT:
            return "text"
    return None


_OTHER_CHOICE = re.compile(r"\([A-Ja-j]\)|\b[A-J]\b|\b(?:or|and)\b", re.IGNORECASE)


def read_choice(text: str) -> str:
    """One letter, optionally in parentheses and followed by its option text: `(C) 42`."""
    text = text.strip()
    match = _CHOICE_ANSWER.fullmatch(text)
    if match is None:
        raise Rejected("not a single choice letter")
    rest = text[match.end(1) + 1 if match.group(1) else match.end(2):]
    if _OTHER_CHOICE.search(rest):
        raise Rejected("several choices where one was asked")
    return (match.group(1) or match.group(2)).upper()


def interpret(norm: Normalized, expect: str | None) -> Answer:
    """Parse normalised text and give it a typed meaning (see the module docstring)."""
    text = norm.text
    if expect == "choice":
        return Answer("choice", read_choice(text))
    if expect == "text":
        key = text_key(text)
        if not key:
            raise Rejected("empty text answer")
        return Answer("text", key)
    builder = _SET_BUILDER.fullmatch(text)
    if builder is not None and expect in ("interval", "set", "tuple", None):
        return _set_builder(builder.group(1), builder.group(2))
    based = _BASED.fullmatch(text)
    if based is not None or (expect == "based" and _DIGITS.fullmatch(text)):
        return _based(text, based)
    node = parse(text)
    answer = _meaning(node, expect)
    if norm.percent:
        if answer.kind != "number":
            raise Rejected("a percent sign on something that is not a number")
        answer = Answer("number", answer.value, percent=True, variable=answer.variable,
                        extra=answer.extra)
    if norm.unit and answer.kind == "number":
        unit = read_unit(norm.unit)
        if unit is not None:
            answer.extra["unit"] = unit
    return answer


_SET_BUILDER = re.compile(
    r"\\\{\s*([A-Za-z])\s*(?:\\in\s*\\mathbb\s*\{?\s*R\s*\}?\s*)?(?:\||\\mid\b|:|\\colon\b)\s*"
    r"(.+?)\s*\\\}")


def _set_builder(variable: str, condition: str) -> Answer:
    """`\\{x \\mid 0 \\le x < 9\\}`, `\\{x : x > 2\\}`: the set of reals the condition bounds."""
    inner = _meaning(parse(condition), "interval")
    if inner.kind != "interval" or inner.variable not in (variable, None):
        raise ParseError("set-builder condition on another variable")
    return Answer("interval", inner.value, variable=variable)


_BASED = re.compile(r"([0-9][0-9A-Za-z]*)\s*_\s*\{?\s*(\d{1,2})\s*\}?")
_DIGITS = re.compile(r"[0-9][0-9A-Z]*")


def _based(text: str, based: re.Match[str] | None) -> Answer:
    """`204_5`: a numeral in a base, compared as written (digits and base), never as 54."""
    digits = (based.group(1) if based else text).upper().lstrip("0") or "0"
    base = int(based.group(2)) if based else None
    if base is not None and not (2 <= base <= 36 and all(int(d, 36) < base for d in digits)):
        raise ParseError("a digit too large for its base")
    return Answer("based", (digits, base))


def _meaning(node: Node, expect: str | None) -> Answer:
    tag = node[0]
    if tag == "list":
        return _list(node, expect)
    if tag == "set":
        return Answer("set", tuple(_meaning(item, _element_kind(expect)) for item in node[1]))
    if tag == "bracket":
        return _bracket(node, expect)
    if tag == "setop":
        return Answer("interval", _as_set(node))
    if tag == "const" and node[1] in ("mathbbR", "empty"):
        if node[1] == "empty" and expect in ("set", None):
            return Answer("set", ())
        return Answer("interval", _as_set(node))
    if tag == "rel":
        return _relation(node, expect)
    if tag == "pm":
        return Answer("set", tuple(Answer("number" if not v.free_symbols else "expression", v)
                                   for v in _plus_minus(node)))
    if tag == "matrix":
        rows = tuple(tuple(_cell(c) for c in row) for row in node[1])
        return Answer("matrix", rows)
    if is_scalar(node) and _has_pm(node):  # \\frac{-1 \\pm \\sqrt{13}}{4}: two values
        return Answer("set", tuple(_scalar(_pm_branch(node, sign)) for sign in (1, -1)))
    if not is_scalar(node):
        raise ParseError("not a recognised answer")
    return _scalar(node)


def _element_kind(expect: str | None) -> str | None:
    return None if expect in ("set", "tuple", "interval", None) else expect


def _cell(node: Node) -> Any:
    if not is_scalar(node):
        raise ParseError("a matrix cell must be a single value")
    return to_sympy(node)


def _scalar(node: Node) -> Answer:
    value = exact(node)
    if value is not None:
        return Answer("number", value, extra={"node": node})
    expr = to_sympy(node)
    if expr.has(sp.zoo, sp.nan):
        raise ParseError("undefined value")
    if expr.free_symbols:
        return Answer("expression", expr, extra={"node": node})
    return Answer("number", expr, extra={"node": node})


def _has_pm(node: Node) -> bool:
    if node[0] == "pm":
        return True
    return any(isinstance(part, tuple) and part and (
        part[0] == "pm" or _has_pm(part) if isinstance(part[0], str) else _has_pm(part))
        for part in node[1:])


def _pm_branch(node: Node, sign: int) -> Node:
    """`node` with every `\\pm` taken as + (sign 1) or - (sign -1), `\\mp` the other way."""
    if not isinstance(node, tuple) or not node:
        return node
    if node[0] == "pm":
        _, left, right = node
        right = _pm_branch(right, sign)
        term = right if sign > 0 else ("neg", right)
        return term if left is None else ("add", (_pm_branch(left, sign), term))
    return tuple(_pm_branch(part, sign) if isinstance(part, tuple) else part for part in node)


def _plus_minus(node: Node) -> list[Any]:
    _, left, right = node
    r = to_sympy(right)
    if left is None:
        return [r, -r]
    lv = to_sympy(left)
    return [lv + r, lv - r]


def _list(node: Node, expect: str | None) -> Answer:
    _, items, seps = node
    if expect == "interval":
        parts = [_as_set(item) for item in items]
        combined = parts[0]
        for sep, part in zip(seps, parts[1:], strict=True):
            combined = rs.intersect(combined, part) if sep == "and" else rs.union(combined, part)
        return Answer("interval", combined)
    if expect == "tuple":
        return Answer("tuple", tuple(_meaning(item, None) for item in items))
    if expect in ("set", None) and ";" in seps and "," in seps:
        grouped = _solution_groups(items, seps)
        if grouped is not None:
            return grouped
    if expect in ("set", None):
        elements: list[Answer] = []
        for item in items:
            element = _meaning(item, None)
            if element.kind == "set" and _has_pm(item):  # x = 1, x = -1 \\pm \\sqrt{2}
                elements.extend(element.value)
            else:
                elements.append(element)
        return Answer("set", tuple(elements))
    raise Rejected("several answers where one was asked")


def _solution_groups(items: tuple[Node, ...], seps: tuple[str, ...]) -> Answer | None:
    """`p = 5, q = 2; p = 7, q = 2`: solutions separated by `;`, each a group of assignments.

    Read as the set of ordered tuples `(5, 2), (7, 2)`; the variables must come in the same
    order in every group. None when the items are not all assignments.
    """
    groups: list[list[Node]] = [[items[0]]]
    for sep, item in zip(seps, items[1:], strict=True):
        if sep == ";":
            groups.append([item])
        else:
            groups[-1].append(item)
    order: list[Any] | None = None
    solutions = []
    for group in groups:
        if not all(i[0] == "rel" and i[1] == ("=",) and i[2][0][0] == "sym" for i in group):
            return None
        names = [i[2][0][1] for i in group]
        if order is None:
            order = names
        elif names != order:
            return None
        solutions.append(Answer("tuple", tuple(_meaning(i[2][1], None) for i in group)))
    return Answer("set", tuple(solutions))


def _bracket(node: Node, expect: str | None) -> Answer:
    _, opener, items, closer = node
    mixed = opener != "(" or closer != ")"
    infinite = any(item[0] in ("const", "neg") and _is_infinite(item) for item in items)
    if expect == "interval" or (expect is None and (opener == "[" or closer == "]" or infinite)):
        return Answer("interval", _as_set(node))
    if expect == "matrix":
        rows = [i[2] for i in items if i[0] == "bracket" and i[1] == "[" and i[3] == "]"]
        if len(rows) == len(items) and opener == "[" and len({len(r) for r in rows}) == 1:
            return _meaning(("matrix", tuple(rows)), expect)  # [[1, 2], [3, 4]]
        raise Rejected("a tuple where a matrix was expected")
    if mixed and expect is None:
        return Answer("interval", _as_set(node))
    if mixed and len(items) == 2:
        # `[0, 9)` is never a pair, and `[0, 9]` is an interval before it is a vector
        return Answer("interval", _as_set(node))
    return Answer("tuple", tuple(_meaning(item, None) for item in items))


def _is_infinite(node: Node) -> bool:
    if node[0] == "neg":
        return _is_infinite(node[1])
    return node[0] == "const" and node[1] == "oo"


def _as_set(node: Node) -> rs.RealSet:
    """A set of reals from interval notation, unions, inequalities or `x \\in ...`."""
    tag = node[0]
    if tag == "bracket":
        _, opener, items, closer = node
        if len(items) != 2:
            raise ParseError("an interval needs two endpoints")
        lo, hi = (to_sympy(item) for item in items)
        if lo.free_symbols or hi.free_symbols or not (lo.is_extended_real and hi.is_extended_real):
            raise ParseError("interval endpoints must be real numbers")
        if rs.compare(lo, hi) > 0:
            raise Rejected("interval endpoints out of order")
        return rs.interval(lo, hi, opener == "(", closer == ")")
    if tag == "setop":
        _, op, left, right = node
        a, b = _as_set(left), _as_set(right)
        if op == "cup":
            return rs.union(a, b)
        if op == "cap":
            return rs.intersect(a, b)
        return rs.complement(a, b)
    if tag == "const" and node[1] == "mathbbR":
        return rs.REALS
    if tag == "const" and node[1] == "empty":
        return rs.EMPTY
    if tag == "set":
        result = rs.EMPTY
        for item in node[1]:
            result = rs.union(result, _as_set(item))
        return result
    if tag == "rel":
        return _inequality_set(node)[0]
    if is_scalar(node):
        value = to_sympy(node)
        if value.free_symbols or not value.is_extended_real:
            raise ParseError("not a set of reals")
        return rs.point(value)
    raise ParseError("not a set of reals")


_FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<="}


def _inequality_set(node: Node) -> tuple[rs.RealSet, str]:
    """`a < x <= b`, `x > 2`, `3 >= x`, `-x > -1`, `1 \\le |z| \\le 2`, `0 < f(x) < 1`, `x \\in S`.

    One operand holds the variable: the variable itself, a named function value `f(x)`, its
    negation or its absolute value; the others are real numbers. The set of the variable is
    the preimage of the bounds through that operand. Anything more (`2x + 3 < 5`) is an
    inequality still to solve, refused like the question restated.
    """
    _, ops, operands = node
    if ops == ("in",):
        if operands[0][0] != "sym":
            raise ParseError("`\\in` needs a variable on its left")
        return _as_set(operands[1]), operands[0][1]
    if any(op not in _FLIP for op in ops):
        raise Rejected("mixed relation")
    found = [(i, v) for i, o in enumerate(operands) if (v := _bounded_operand(o)) is not None]
    if len(found) != 1:
        raise ParseError("an inequality must bound exactly one variable")
    var_index, (name, preimage) = found[0]
    values = [None if i == var_index else to_sympy(o) for i, o in enumerate(operands)]
    if any(v is not None and (v.free_symbols or not v.is_extended_real) for v in values):
        raise ParseError("inequality bounds must be real numbers")
    result = rs.REALS
    for i, op in enumerate(ops):
        left, right = values[i], values[i + 1]
        if left is None:  # x op right
            bound, rel = right, op
        elif right is None:  # left op x  ==  x flip(op) left
            bound, rel = left, _FLIP[op]
        else:
            raise ParseError("an inequality must bound exactly one variable")
        if rel in ("<", "<="):
            piece = rs.interval(-sp.oo, bound, True, rel == "<")
        else:
            piece = rs.interval(bound, sp.oo, rel == ">", True)
        result = rs.intersect(result, piece)
    return preimage(result), name


def _same(values: rs.RealSet) -> rs.RealSet:
    return values


def _bounded_operand(node: Node) -> tuple[str, Callable[[rs.RealSet], rs.RealSet]] | None:
    """(variable, preimage) when `node` holds the inequality's variable; None for a number."""
    if node[0] == "sym":
        return None if node[1] in _CONSTANT_NAMES else (node[1], _same)
    applied = _applied_function(node)
    if applied is not None:
        return applied, _same
    if node[0] == "abs":
        inner = _bounded_operand(node[1])
        if inner is None:
            return None
        name, preimage = inner
        return name, lambda values: preimage(rs.symmetric(values))
    if node[0] == "neg":
        inner = _bounded_operand(node[1])
        if inner is None:
            return None
        name, preimage = inner
        return name, lambda values: preimage(rs.negate(values))
    if is_scalar(node) and to_sympy(node).free_symbols:
        # `9x + 3 \\le -33` is the question restated, not its solution
        raise Rejected("an inequality left unsolved (the variable is not isolated)")
    return None


def _applied_function(node: Node) -> str | None:
    """`f(x)`, `g(t)`: a function letter applied to a variable, named as written."""
    if node[0] != "mul" or len(node[1]) != 2:
        return None
    head, arg = node[1]
    if head[0] == "sym" and head[1].rstrip("'") in _FUNCTION_LETTERS and arg[0] == "sym":
        return f"{head[1]}({arg[1]})"
    return None


def _relation(node: Node, expect: str | None) -> Answer:
    _, ops, operands = node
    if ops == ("in",) and expect == "set" and operands[0][0] == "sym":
        inner = _meaning(operands[1], "set")  # x \\in \\{1, 2\\}
        return Answer(inner.kind, inner.value, variable=operands[0][1])
    if expect in ("order", None) and all(op in _FLIP for op in ops):
        names = [_quantity_name(o) for o in operands]
        if all(n is not None and "(" in n for n in names):  # f(2) < f(1) < f(4)
            return _order(ops, names)
    if any(op in _FLIP for op in ops) or ops == ("in",):
        if expect not in ("interval", "set", "tuple", None):  # a pair may be an interval
            raise Rejected("an inequality where a value was asked")
        value, name = _inequality_set(node)
        return Answer("interval", value, variable=name)
    if ops == ("!=",) and expect in ("interval", None) and operands[0][0] == "sym":
        value = to_sympy(operands[1])
        if not value.free_symbols and value.is_extended_real:  # x \\neq 2: all reals but 2
            return Answer("interval", rs.complement(rs.REALS, rs.point(value)),
                          variable=operands[0][1])
    if len(ops) >= 1 and ops[-1] == "~" and "~" not in ops[:-1]:
        kept = _drop_rounding(operands)  # x = \\frac{1}{3} \\approx 0.333
        if len(kept) == 1:
            return _meaning(kept[0], expect)
        return _relation(("rel", ops[:-1], kept), expect)
    if ":" in ops and set(ops) <= {":", "="}:
        return _ratio(ops, operands, expect)
    if len(ops) > 1 and set(ops) == {"="}:
        lhs, rhs = operands[0], _chain_end(operands)  # x = 5 + 5 + 1 = 11
        return _relation(("rel", ("=",), (lhs, rhs)), expect)
    if ops != ("=",):
        names = {"~": "approximate relation", "!=": "inequation", "->": "arrow relation",
                 ":": "ratio", "notin": "non-membership"}
        raise Rejected(next((names[op] for op in ops if op in names), "chained relation"))
    lhs, rhs = operands
    label = _quantity_name(lhs)
    if label is not None and _constant(rhs):
        inner = _meaning(rhs, expect if expect != "equation" else None)  # |AB| = 1
        return Answer(inner.kind, inner.value, inner.percent, variable=label,
                      extra=inner.extra)
    if lhs[0] == "sym" and lhs[1] not in _CONSTANT_NAMES:
        inner = _meaning(rhs, expect if expect != "equation" else None)
        if inner.kind == "expression" and lhs[1] in {s.name for s in inner.value.free_symbols}:
            return _equation(lhs, rhs)
        return Answer(inner.kind, inner.value, inner.percent, variable=lhs[1])
    name = _function_name(lhs, rhs)
    if name is not None:  # f(x) = x^2 + 1
        inner = _meaning(rhs, expect if expect != "equation" else None)
        return Answer(inner.kind, inner.value, inner.percent, variable=name)
    if lhs[0] == "bracket" and all(i[0] == "sym" for i in lhs[2]):
        inner = _meaning(rhs, expect)
        return Answer(inner.kind, inner.value, inner.percent, variable="tuple")
    equation = _equation(lhs, rhs)
    if not equation.value[0].free_symbols and not equation.value[1].free_symbols:
        raise Rejected("a relation between constants")
    return equation


_FUNCTION_LETTERS = frozenset("fghpqrFGHPQRyu")


def _quantity_name(node: Node) -> str | None:
    """The name of a quantity written on the left of `= value`, or None for an expression.

    A variable (`x`, `a_3`), a function value (`f(x)`, `f(2)`), a segment or product of
    points (`AB`, `|AB|`), or a quotient of names (`\\frac{NO}{BO}`). `2x`, `x + 1` and
    `xy` are not names: `2x = 4` stays an equation to solve.
    """
    tag = node[0]
    if tag == "sym":
        return None if node[1] in _CONSTANT_NAMES else node[1]
    if tag == "mul" and len(node[1]) == 2:
        head, arg = node[1]
        if head[0] == "sym" and head[1].rstrip("'") in _FUNCTION_LETTERS and arg[0] in (
                "sym", "num", "neg"):
            return f"{head[1]}({_label(arg)})"
    if tag == "mul" and all(f[0] == "sym" and len(f[1]) == 1 and f[1].isupper()
                            for f in node[1]):
        return "".join(f[1] for f in node[1])  # AB, ABC
    if tag == "abs":
        inner = _quantity_name(node[1])
        return None if inner is None else f"|{inner}|"
    if tag == "div":
        top, bottom = _quantity_name(node[1]), _quantity_name(node[2])
        return None if top is None or bottom is None else f"{top}/{bottom}"
    return None


def _constant(node: Node) -> bool:
    return is_scalar(node) and not _has_pm(node) and not to_sympy(node).free_symbols


def _label(node: Node) -> str:
    if node[0] == "num":
        return str(node[2])
    if node[0] == "neg":
        return "-" + _label(node[1])
    return str(node[1])


_CHAIN_DIGITS = 30
#: A chain longer than this is not a worked answer but a way to make sympy work.
MAX_CHAIN_LINKS = 12


def _chain_end(operands: tuple[Node, ...]) -> Node:
    """The last link of `name = a = b = c` when every link after the name has one value.

    A chain that ends in the answer is the answer; a chain with a false link (`x = 3 = 4`,
    `x = 5 + 5 + 1 = 7 = 11`) or a name inside it is refused as a whole.
    """
    if _quantity_name(operands[0]) is None:
        raise Rejected("chained relation")
    links = operands[1:]
    if len(links) > MAX_CHAIN_LINKS or not all(is_scalar(link) for link in links):
        raise Rejected("chained relation")
    values = [to_sympy(link) for link in links]
    last = values[-1]
    for value in values[:-1]:
        if value.free_symbols or last.free_symbols:
            if (value - last).count_ops() > 40 or sp.expand(value - last) != 0:
                raise Rejected("chained relation with a false link")
            continue
        if value != last and abs(sp.N(value - last, _CHAIN_DIGITS)) > sp.Float(
                10.0 ** -(_CHAIN_DIGITS - 5)) * max(1, abs(sp.N(last, _CHAIN_DIGITS))):
            raise Rejected("chained relation with a false link")
    return links[-1]


def _drop_rounding(operands: tuple[Node, ...]) -> tuple[Node, ...]:
    """`value \\approx d`: the exact value followed by its rounding, which must be right.

    The decimal `d` must be the value rounded to d's own places (`\\frac13 \\approx 0.333`,
    not `\\approx 1.3`); an approximation alone (`x \\approx 11`) states no answer.
    """
    value_node, rounded = operands[-2], operands[-1]
    sign, literal = (-1, rounded[1]) if rounded[0] == "neg" else (1, rounded)
    if literal[0] != "num" or not _constant(value_node):
        raise Rejected("approximate relation")
    text = str(literal[2])
    places = len(text.split(".", 1)[1]) if "." in text else 0
    value = to_sympy(value_node)
    approx = sign * sp.Rational(text)
    if not value.is_extended_real or abs(sp.N(value - approx, 30)) > sp.Rational(1, 2 * 10**places):
        raise Rejected("approximate relation that does not match the value")
    return operands[:-1]


def _order(ops: tuple[str, ...], names: list[Any]) -> Answer:
    """An ordering of named values, read left to right in increasing order."""
    if all(op in (">", ">=") for op in ops):
        names, ops = names[::-1], tuple(_FLIP[op] for op in reversed(ops))
    elif not all(op in ("<", "<=") for op in ops):
        raise Rejected("mixed relation")
    return Answer("order", (tuple(names), ops))


def _ratio(ops: tuple[str, ...], operands: tuple[Node, ...], expect: str | None) -> Answer:
    """`7:32`, `V_1:V_2 = 11:21` (a named ratio), `A:B = 1` (a named number)."""
    groups: list[list[Node]] = [[operands[0]]]
    for op, operand in zip(ops, operands[1:], strict=True):
        if op == "=":
            groups.append([operand])
        else:
            groups[-1].append(operand)
    if len(groups) > 2:
        raise Rejected("chained relation")
    label = None
    if len(groups) == 2:
        names = [_quantity_name(n) for n in groups[0]]
        if any(n is None for n in names):
            raise Rejected("ratio")
        label = ":".join(str(n) for n in names)
    terms = groups[-1]
    if len(terms) == 1:
        inner = _meaning(terms[0], expect)
        return Answer(inner.kind, inner.value, inner.percent, variable=label, extra=inner.extra)
    if not all(is_scalar(t) for t in terms):
        raise Rejected("ratio")
    values = tuple(to_sympy(t) for t in terms)
    if any(v.free_symbols or not v.is_extended_real for v in values):
        raise Rejected("ratio")
    return Answer("ratio", values, variable=label)


def _function_name(lhs: Node, rhs: Node) -> str | None:
    """`f(x)`, `f'(x)`, `g(t)` on the left of `=`, its argument a variable of the right side."""
    if lhs[0] != "mul" or len(lhs[1]) != 2:
        return None
    head, arg = lhs[1]
    if head[0] != "sym" or head[1].rstrip("'") not in _FUNCTION_LETTERS or arg[0] != "sym":
        return None
    if not is_scalar(rhs) or arg[1] not in {s.name for s in to_sympy(rhs).free_symbols}:
        return None
    return f"{head[1]}({arg[1]})"


def _equation(lhs: Node, rhs: Node) -> Answer:
    if not (is_scalar(lhs) and is_scalar(rhs)):
        raise ParseError("an equation must relate two expressions")
    return Answer("equation", (to_sympy(lhs), to_sympy(rhs)))


def as_fraction(value: Any) -> Fraction | None:
    """A number's exact rational value when it has one (Fraction or sympy Rational)."""
    if isinstance(value, Fraction):
        return value
    if getattr(value, "is_Rational", False):
        return Fraction(int(value.p), int(value.q))
    return None


def parse_reference(norm: Normalized, kind: str | None) -> Answer:
    """Read the reference: its kind from the hint, else inferred (documented defaults)."""
    expect = KIND_HINTS.get(kind) if kind else infer_kind(norm.text)
    if kind and kind not in KIND_HINTS:
        raise ValueError(f"unknown answer kind {kind!r}; use one of {sorted(KIND_HINTS)}")
    try:
        answer = interpret(norm, expect)
    except ParseError as exc:
        if expect is None and "word" in str(exc):
            return interpret(norm, "text")
        raise
    if kind is None and answer.kind == "tuple" and len(answer.value) == 2:
        _note_open_interval(answer)
    return answer


def _note_open_interval(answer: Answer) -> None:
    """An untyped `(a, b)` with a < b is also the open interval (a, b): keep that reading.

    The reference is ambiguous, so an answer that is clearly an interval (`a < x < b`,
    `x \\in (a, b)`) is judged against the open interval; `[a, b)` can match neither reading.
    """
    ends = [item.value for item in answer.value]
    if not all(item.kind == "number" for item in answer.value):
        return
    lo, hi = (sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else v
              for v in ends)
    if lo.is_extended_real and hi.is_extended_real and rs.compare(lo, hi) < 0:
        answer.extra["open_interval"] = rs.interval(lo, hi, True, True)


__all__ = [
    "KIND_HINTS",
    "Answer",
    "ParseError",
    "Rejected",
    "as_fraction",
    "infer_kind",
    "interpret",
    "parse",
    "parse_reference",
    "text_key",
]
