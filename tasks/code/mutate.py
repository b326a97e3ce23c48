"""Bug injection by AST mutation, and the check that the tests kill a mutant.

Operators: operator swap (+ and -, * and //), off-by-one (a constant +-1, a range bound
+1), flipped comparison (< and <=, > and >=, == and !=), swapped arguments (of a
two-argument call), dropped branch (an `if` body or `else` replaced by `pass`), wrong
initial value (the constant assigned to a name changed). Mutants run on the tests in
this process under a deterministic budget of traced lines, so one that loops forever is
cut off the same way on every machine.
"""

from __future__ import annotations

import ast
import copy
import json
import random
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: Traced line events one mutant may spend on all its tests.
LINE_BUDGET = 200_000

_BINOPS: dict[type, type] = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv,
                             ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv}
_CMPOPS: dict[type, type] = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                             ast.Eq: ast.NotEq, ast.NotEq: ast.Eq}
_BOOLOPS: dict[type, type] = {ast.And: ast.Or, ast.Or: ast.And}


@dataclass(frozen=True)
class Mutation:
    kind: str  #: "operator swap", "off-by-one", ...
    line: int  #: line in the function's source
    source: str  #: the mutated function's source


class _Budget(Exception):
    pass


def _sites(tree: ast.AST) -> Iterator[tuple[str, ast.AST, Callable[[ast.AST], bool]]]:
    """(kind, node, apply) for every place a mutation can go; apply mutates a copy's node."""
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _BINOPS:
            yield "operator swap", node, _set_op(_BINOPS)
        elif isinstance(node, ast.BoolOp):
            yield "operator swap", node, _set_op(_BOOLOPS)
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _CMPOPS:
            yield "flipped comparison", node, _flip_compare
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "range" and node.args:
                yield "off-by-one", node, _range_bound
            elif len(node.args) == 2 and not node.keywords and node.func.id not in ("isinstance",):
                yield "swapped arguments", node, _swap_args
        elif isinstance(node, ast.If):
            yield "dropped branch", node, _drop_branch
        elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
              and type(node.value.value) is int):
            yield "wrong initial value", node, _bump_assign
        elif (isinstance(node, ast.Constant) and type(node.value) is int
              and 0 < node.value < 1000):
            yield "off-by-one", node, _bump_constant


def _set_op(table: dict[type, type]) -> Callable[[ast.AST], bool]:
    def apply(node: ast.AST) -> bool:
        node.op = table[type(node.op)]()  # type: ignore[attr-defined]
        return True
    return apply


def _flip_compare(node: ast.AST) -> bool:
    assert isinstance(node, ast.Compare)
    node.ops = [_CMPOPS[type(node.ops[0])]()]
    return True


def _range_bound(node: ast.AST) -> bool:
    assert isinstance(node, ast.Call)
    i = 1 if len(node.args) >= 2 else 0
    node.args[i] = ast.BinOp(left=node.args[i], op=ast.Add(), right=ast.Constant(1))
    return True


def _swap_args(node: ast.AST) -> bool:
    assert isinstance(node, ast.Call)
    node.args = [node.args[1], node.args[0]]
    return True


def _drop_branch(node: ast.AST) -> bool:
    assert isinstance(node, ast.If)
    if node.orelse:
        node.orelse = []
    else:
        node.body = [ast.Pass()]
    return True


def _bump_assign(node: ast.AST) -> bool:
    assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
    node.value = ast.Constant(node.value.value + 1)
    return True


def _bump_constant(node: ast.AST) -> bool:
    assert isinstance(node, ast.Constant)
    node.value = node.value - 1 if node.value > 1 else node.value + 1
    return True


def mutants(source: str, rng: random.Random) -> list[Mutation]:
    """Every single-site mutant of `source` (one function), in a seeded order."""
    tree = ast.parse(source)
    count = sum(1 for _ in _sites(tree))
    out = []
    for index in range(count):
        copy_tree = copy.deepcopy(tree)
        kind, node, apply = list(_sites(copy_tree))[index]
        line = getattr(node, "lineno", 0)
        apply(node)
        ast.fix_missing_locations(copy_tree)
        try:
            text = ast.unparse(copy_tree) + "\n"
            compile(text, "<mutant>", "exec")
        except (SyntaxError, ValueError):
            continue
        out.append(Mutation(kind, line, text))
    rng.shuffle(out)
    return out


def _run_limited(fn: Callable[..., Any], args: list[Any], budget: list[int]) -> Any:
    def tracer(frame: Any, event: str, arg: Any) -> Any:
        if event == "line":
            budget[0] -= 1
            if budget[0] < 0:
                raise _Budget
        return tracer

    old = sys.gettrace()
    sys.settrace(tracer)
    try:
        return fn(*args)
    finally:
        sys.settrace(old)


def killed(mutant_source: str, entry: str, tests: list[dict[str, Any]]) -> bool:
    """Does some test tell the mutant from the original (wrong value, error, or hang)?"""
    namespace: dict[str, Any] = {}
    try:
        exec(compile(mutant_source, "<mutant>", "exec"), namespace)
        fn = namespace[entry]
    except Exception:
        return True
    budget = [LINE_BUDGET]
    for test in tests:
        try:
            got = json.loads(json.dumps(_run_limited(fn, json.loads(json.dumps(test["args"])),
                                                     budget)))
        except _Budget:
            return True
        except (Exception, RecursionError):
            return True
        if got != test["expected"] or type(got) is not type(test["expected"]):
            return True
    return False
