"""A small declarative rule format, its engine, and its plain-language rendering.

See docs/business.md for the format. `evaluate` gives the gold, `render` the policy
document, `to_jdm` the same rules as a GoRules JDM graph (for the zen-engine check).
"""

from .engine import Outcome, RuleEvaluationError, evaluate, money, test_matches
from .expr import Expr, ExprError, parse, round_decimal, to_decimal
from .model import (
    FieldSpec,
    Formula,
    Ref,
    Row,
    RuleFormatError,
    RuleSet,
    Table,
    Test,
    from_json,
    to_json,
)
from .render import render

__all__ = [
    "Expr",
    "ExprError",
    "FieldSpec",
    "Formula",
    "Outcome",
    "Ref",
    "Row",
    "RuleEvaluationError",
    "RuleFormatError",
    "RuleSet",
    "Table",
    "Test",
    "evaluate",
    "from_json",
    "money",
    "parse",
    "render",
    "round_decimal",
    "test_matches",
    "to_decimal",
    "to_json",
]
