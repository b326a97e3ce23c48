"""The rule format and engine: hit policies, effective dates, exact rounding, safety."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from verticals.tasks.business.billing import BillingDomain
from verticals.tasks.business.claims import ClaimsDomain
from verticals.tasks.business.eligibility import EligibilityDomain
from verticals.tasks.business.refunds import RefundsDomain
from verticals.tasks.business.rules import (
    ExprError,
    FieldSpec,
    Formula,
    Ref,
    Row,
    RuleEvaluationError,
    RuleFormatError,
    RuleSet,
    Table,
    evaluate,
    from_json,
    parse,
    render,
    round_decimal,
    to_json,
)
from verticals.tasks.business.rules import (
    Test as Cond,
)

D = Decimal


def _rules(policy: str = "first", rows=None) -> RuleSet:
    rows = rows or (
        Row("R-1", {"x": Cond("gt", D(10))}, {"out": "big"}),
        Row("R-2", {"x": Cond("gt", D(5))}, {"out": "mid"}),
        Row("R-3", {}, {"out": "small"}),
    )
    return RuleSet("t", "T", {"x": FieldSpec("number")},
                   (Table("T-1", "sizes", policy, ("x",), ("out",), tuple(rows)),),
                   decision=("out",))


def test_first_hit_takes_the_first_matching_row_and_records_it():
    outcome = evaluate(_rules(), {"x": 11})
    assert outcome.values["out"] == "big" and outcome.fired == ("R-1",)


def test_collect_gathers_every_match_in_order():
    outcome = evaluate(_rules("collect"), {"x": 11})
    assert outcome.values["out"] == ["big", "mid", "small"]
    assert outcome.fired == ("R-1", "R-2", "R-3")


def test_unique_refuses_two_matches():
    with pytest.raises(RuleEvaluationError, match="R-1, R-2"):
        evaluate(_rules("unique", (Row("R-1", {"x": Cond("gt", D(1))}, {"out": "a"}),
                                   Row("R-2", {"x": Cond("gt", D(2))}, {"out": "b"}))),
                 {"x": 3})


def test_effective_dates_choose_the_row_in_force_on_the_day():
    rows = (Row("W-1", {}, {"out": "old"}, effective_to=dt.date(2025, 7, 1)),
            Row("W-2", {}, {"out": "new"}, effective_from=dt.date(2025, 7, 1)))
    rules = _rules("first", rows)
    assert evaluate(rules, {"x": 0}, dt.date(2025, 6, 30)).values["out"] == "old"
    assert evaluate(rules, {"x": 0}, dt.date(2025, 7, 1)).values["out"] == "new"


def test_between_is_half_open_and_refs_read_other_fields():
    rules = RuleSet("t", "T", {"x": FieldSpec("number"), "y": FieldSpec("number")}, (
        Table("T", "t", "first", ("x",), ("out",), (
            Row("A", {"x": Cond("between", (D(1), Ref("y")))}, {"out": "in"}),
            Row("B", {}, {"out": "out"}))),), decision=("out",))
    assert evaluate(rules, {"x": 1, "y": 5}).values["out"] == "in"
    assert evaluate(rules, {"x": 5, "y": 5}).values["out"] == "out"


@pytest.mark.parametrize(("value", "mode", "expected"), [
    ("2.345", "half_up", "2.35"), ("2.355", "half_up", "2.36"), ("-2.345", "half_up", "-2.35"),
    ("2.349", "down", "2.34"), ("2.341", "up", "2.35"), ("-2.341", "up", "-2.35"),
])
def test_rounding_modes_are_exact_decimal(value, mode, expected):
    assert round_decimal(D(value), 2, mode) == D(expected)


def test_formulas_compute_in_decimal_not_float():
    assert parse("0.1 + 0.2").evaluate({}) == D("0.3")
    assert parse("round_half_up(x * 0.8, 2)").evaluate({"x": D("12.35")}) == D("9.88")
    assert parse("min(a, b, 3)").evaluate({"a": D(5), "b": D(4)}) == D(3)
    assert parse('"y" if a > 1 else "n"').evaluate({"a": D(2)}) == "y"


@pytest.mark.parametrize("source", [
    "__import__('os')", "x.attr", "x[0]", "lambda: 1", "f(1)", "round_half_up(x)",
    "[1, 2]", "x ** 2", "1 < x < 3", "True",
])
def test_formulas_outside_the_language_are_refused(source):
    with pytest.raises(ExprError):
        parse(source)


def test_a_rule_set_is_checked_when_built():
    with pytest.raises(RuleFormatError, match="used twice"):
        _rules("first", (Row("R", {}, {"out": 1}), Row("R", {}, {"out": 2})))
    with pytest.raises(RuleFormatError, match="before they are set"):
        RuleSet("t", "T", {}, (Formula("F", "f", "y", "x + 1"),))
    with pytest.raises(RuleFormatError, match="must set exactly"):
        _rules("first", (Row("R", {}, {"other": 1}),))


@pytest.mark.parametrize("domain", [ClaimsDomain(), RefundsDomain(), EligibilityDomain(),
                                    BillingDomain()],
                         ids=lambda d: d.name)
@pytest.mark.parametrize("level", [1, 3, 5])
def test_json_round_trip_and_the_document_shows_every_rule(domain, level):
    rules = domain.rules(level)
    again = from_json(to_json(rules))
    assert to_json(again) == to_json(rules)
    document = render(rules, domain.preamble(level))
    for rule_id in rules.rule_ids():
        assert f"**{rule_id}**" in document
    assert "P-1" in document


def test_the_document_says_what_the_rules_do():
    document = render(ClaimsDomain().rules(4))
    assert "If days to submit is more than 90: outcome = deny; reason code = LATE_SUBMISSION" \
        in document
    assert "(in effect from 2025-07-01)" in document
    assert "rounded half up to 2 decimal places" in document


def test_levels_put_more_rules_in_play():
    for domain in (ClaimsDomain(), RefundsDomain(), EligibilityDomain(), BillingDomain()):
        counts = [len(domain.rules(level).rule_ids()) for level in range(1, 6)]
        assert counts[0] < counts[2] < counts[4] or counts[0] < counts[4], (domain.name, counts)
