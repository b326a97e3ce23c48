"""business/billing-v0: billing disputes — duplicate charges and subscription refunds.

The billing half of "returns, refunds and billing". A customer disputes a charge they
say was taken twice, or cancels a subscription and asks for money back. The handler
reads the dispute, the customer (tier), the subscription and its charges; asks for the
cancellation date when the dispute lacks it; then refunds (to the cent), denies with a
reason code, or escalates.

Rules: a duplicate is a second settled charge of the same amount on the same
subscription within 3 days; disputes are open 60 days (2+); monthly plans are refunded
in full within a 3-day cooling-off period and otherwise run to the end of the period;
annual plans are refunded pro rata for the unused days, rounded down to the cent, less an
early-termination fee of 10 % capped at 25 that gold members do not pay (3+); refunds
above the handler's authority are escalated (3+); a price change on a date (4).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from decimal import Decimal
from typing import Any, ClassVar

from . import people, world
from .domain import BusinessGenerator, Case, Decision, Domain
from .rules import FieldSpec, Formula, Row, RuleSet, Table, Test, money
from .shared import Edits, refund_decision

AUTHORITY = Decimal(300)
FEE_CHANGE = dt.date(2025, 9, 1)
TIERS = ("standard", "silver", "gold")
PLANS = {"monthly": ("Basic monthly", "Plus monthly"), "annual": ("Basic annual", "Plus annual")}

SCHEMA: world.Schema = {
    "customers": ("customer_id", "name", "email", "tier"),
    "subscriptions": ("subscription_id", "customer_id", "plan", "billing", "period_start",
                      "period_end", "period_price", "status"),
    "charges": ("charge_id", "customer_id", "subscription_id", "charged_on", "amount",
                "status"),
    "disputes": ("dispute_id", "customer_id", "kind", "charge_id", "subscription_id",
                 "opened_date", "cancellation_date", "status", "refund_amount",
                 "reason_codes"),
    "credits": ("credit_id", "dispute_id", "amount"),
}


def _t(op: str, value: Any = None) -> Test:
    return Test(op, value)


class BillingDomain(Domain):
    name = "subscription billing"
    schema = SCHEMA
    case_table = "disputes"
    case_key = "dispute_id"
    owners: ClassVar[dict[str, str]] = {
        "customers": "customer_id", "subscriptions": "customer_id", "charges": "customer_id",
        "disputes": "customer_id"}
    askable = ("cancellation_date",)
    document_kinds = ()
    pay_tool = "issue_refund"

    def rules(self, level: int) -> RuleSet:
        d = Decimal
        fields = {
            "kind": FieldSpec("string", "dispute kind",
                              values=("duplicate_charge", "cancel_subscription")),
            "billing": FieldSpec("string", "billing period", values=("monthly", "annual")),
            "tier": FieldSpec("string", "customer tier", values=TIERS),
            "is_duplicate": FieldSpec("boolean", "charge is a duplicate"),
            "already_refunded": FieldSpec("boolean", "charge already refunded"),
            "days_since_charge": FieldSpec("number", "days since the charge", d(0), d(120)),
            "charge_amount": FieldSpec("number", "charge amount", d(5), d(600), 2),
            "days_used": FieldSpec("number", "days used", d(0), d(365)),
            "period_days": FieldSpec("number", "days in the period", d(28), d(366)),
            "period_price": FieldSpec("number", "period price", d(5), d(600), 2),
        }
        dup = _t("eq", "duplicate_charge")
        cancel = _t("eq", "cancel_subscription")
        rows = [Row("BL-1.1", {"kind": dup, "already_refunded": _t("eq", True)},
                    {"outcome": "deny", "reason_code": "ALREADY_REFUNDED"}),
                Row("BL-1.2", {"kind": dup, "is_duplicate": _t("eq", False)},
                    {"outcome": "deny", "reason_code": "NOT_DUPLICATE"})]
        if level >= 2:
            rows.append(Row("BL-1.3", {"kind": dup, "days_since_charge": _t("gt", d(60))},
                            {"outcome": "deny", "reason_code": "DISPUTE_WINDOW"}))
        rows += [
            Row("BL-1.4", {"kind": dup}, {"outcome": "refund", "reason_code": "DUPLICATE_CHARGE"}),
            Row("BL-1.5", {"kind": cancel, "billing": _t("eq", "monthly"),
                           "days_used": _t("le", d(3))},
                {"outcome": "refund", "reason_code": "COOLING_OFF"}),
            Row("BL-1.6", {"kind": cancel, "billing": _t("eq", "monthly")},
                {"outcome": "deny", "reason_code": "END_OF_PERIOD"}),
            Row("BL-1.7", {"kind": cancel}, {"outcome": "refund", "reason_code": "PRORATED"}),
        ]
        nodes: list[Any] = [Table("BL-1", "Eligibility", "first",
                                  ("kind", "already_refunded", "is_duplicate",
                                   "days_since_charge", "billing", "days_used"),
                                  ("outcome", "reason_code"), tuple(rows))]
        prorated = 'reason_code == "PRORATED"'
        fee_rows = []
        if level >= 3:
            fee_rows.append(Row("BL-2.1", {"tier": _t("eq", "gold")}, {"fee_pct": d(0)}))
        if level >= 4:
            fee_rows += [Row("BL-2.2", {}, {"fee_pct": d(10)}, effective_to=FEE_CHANGE),
                         Row("BL-2.3", {}, {"fee_pct": d(12)}, effective_from=FEE_CHANGE)]
        elif level >= 3:
            fee_rows.append(Row("BL-2.2", {}, {"fee_pct": d(10)}))
        else:
            fee_rows.append(Row("BL-2.9", {}, {"fee_pct": d(0)}))
        nodes.append(Table("BL-2", "Early-termination fee rate (by the cancellation date)",
                           "first", ("tier",), ("fee_pct",), tuple(fee_rows), guard=prorated))
        nodes += [
            Formula("BL-3.1", "Unused days", "unused_days",
                    "max(period_days - days_used, 0)", guard=prorated),
            Formula("BL-3.2", "Pro-rata refund", "pro_rata",
                    "round_down(period_price * unused_days / period_days, 2)", guard=prorated),
            Formula("BL-3.3", "Early-termination fee", "fee",
                    "min(round_half_up(pro_rata * fee_pct / 100, 2), 25)", guard=prorated),
            Formula("BL-3.4", "Refund amount", "refund_amount",
                    '(pro_rata - fee) if reason_code == "PRORATED" else '
                    '(charge_amount if reason_code == "DUPLICATE_CHARGE" else period_price)',
                    guard='outcome == "refund"'),
        ]
        nodes += refund_decision("BL-4", "BL-5", AUTHORITY if level >= 3 else None)
        return RuleSet(f"billing-l{level}", "Billing disputes policy", fields, tuple(nodes),
                       decision=("decision", "amount", "reason"),
                       labels={"fee_pct": "fee percentage", "unused_days": "unused days",
                               "pro_rata": "pro-rata refund", "authorised": "within authority"})

    def preamble(self, level: int) -> str:
        return "\n".join([
            "## Process rules (breaking one voids the case, whatever the decision)",
            "",
            "- **P-1** Before deciding a dispute, read the dispute (get_dispute), the "
            "customer (get_customer), the subscription (get_subscription) and its charges "
            "(list_charges).",
            "- **P-2** Read and act only on records of the customer who wrote to you "
            "(search results of find_customers excepted); customers may share a name, so "
            "match the customer id.",
            "- **P-3** If a cancellation lacks its cancellation date, ask the customer with "
            "ask_customer before deciding.",
            "- **P-4** Never refund more than the charge or the period price"
            + (f", nor more than your authority of {AUTHORITY}" if level >= 3 else "")
            + "; record exactly one decision (issue_refund, deny or escalate).",
            "",
            "## Definitions (how rule inputs are read from the records)",
            "",
            "- charge is a duplicate: another settled charge on the same subscription, of "
            "the same amount, within 3 days before or after the disputed one.",
            "- charge already refunded: the disputed charge's status is refunded.",
            "- days since the charge: from the charge date to the dispute's opened date.",
            "- days used: from the period start to the cancellation date; days in the "
            "period: from period start to period end.",
            "- period price, billing period, tier: from the subscription and the customer.",
            "- Rules with effective dates apply by the cancellation date (duplicates: the "
            "opened date).",
        ])

    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        kind = rng.choice(["duplicate_charge", "cancel_subscription"])
        billing = rng.choice(["monthly", "annual"])
        price = Decimal(rng.randint(800, 4000) if billing == "monthly" else
                        rng.randint(6000, 60000)) / 100
        period_days = 30 if billing == "monthly" else 365
        start = dt.date(2024, 9, 1) + dt.timedelta(days=rng.randint(0, 420))
        raw: dict[str, Any] = {
            "kind": kind, "billing": billing, "price": str(price), "start": start.isoformat(),
            "period_days": period_days,
            "tier": rng.choice(TIERS) if level >= 3 else "standard",
            "ask_date": False, "plan": rng.choice(PLANS[billing]),
        }
        if kind == "duplicate_charge":
            raw.update(is_duplicate=rng.random() < 0.7, refunded=rng.random() < 0.12,
                       gap=rng.choice([0, 1, 2, 3]) if rng.random() < 0.8 else rng.randint(4, 9),
                       days_since=rng.randint(1, 50) if rng.random() < 0.8 or level < 2
                       else rng.randint(61, 100))
        else:
            used = rng.randint(0, 3) if billing == "monthly" and rng.random() < 0.4 else \
                rng.randint(0, period_days)
            raw.update(days_used=used, ask_date=level >= 5 and rng.random() < 0.5)
        return raw

    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        used: set[str] = set()
        tables: world.Tables = {name: [] for name in SCHEMA}
        first, last = people.person(rng)
        cid = people.new_id(rng, "C", used)
        tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                    "email": people.email(first, last, int(cid[2:])),
                                    "tier": raw["tier"]})
        start = dt.date.fromisoformat(raw["start"])
        end = start + dt.timedelta(days=raw["period_days"])
        sid = people.new_id(rng, "S", used)
        price = Decimal(raw["price"])
        tables["subscriptions"].append({
            "subscription_id": sid, "customer_id": cid, "plan": raw["plan"],
            "billing": raw["billing"], "period_start": start.isoformat(),
            "period_end": end.isoformat(), "period_price": money(price), "status": "active"})
        first_charge = people.new_id(rng, "CH", used)
        tables["charges"].append({"charge_id": first_charge, "customer_id": cid,
                                  "subscription_id": sid, "charged_on": start.isoformat(),
                                  "amount": money(price), "status": "settled"})
        for months in range(1, 1 + (rng.randint(0, 2) if level >= 2 else 0)):
            before = start - dt.timedelta(days=raw["period_days"] * months)
            tables["charges"].append({"charge_id": people.new_id(rng, "CH", used),
                                      "customer_id": cid, "subscription_id": sid,
                                      "charged_on": before.isoformat(), "amount": money(price),
                                      "status": "settled"})
        dispute_id = people.new_id(rng, "D", used)
        charge_amount = price
        if raw["kind"] == "duplicate_charge":
            amount = price if raw["is_duplicate"] else price + Decimal("1.00") * rng.randint(1, 5)
            second = start + dt.timedelta(days=raw["gap"])
            disputed = people.new_id(rng, "CH", used)
            tables["charges"].append({"charge_id": disputed, "customer_id": cid,
                                      "subscription_id": sid, "charged_on": second.isoformat(),
                                      "amount": money(amount),
                                      "status": "refunded" if raw["refunded"] else "settled"})
            opened = second + dt.timedelta(days=raw["days_since"])
            charge_amount = amount
            duplicate = raw["is_duplicate"] and raw["gap"] <= 3
            tables["disputes"].append({
                "dispute_id": dispute_id, "customer_id": cid, "kind": raw["kind"],
                "charge_id": disputed, "subscription_id": sid, "opened_date": opened.isoformat(),
                "cancellation_date": None, "status": "pending", "refund_amount": None,
                "reason_codes": None})
            as_of, days_used, days_since = opened, 0, raw["days_since"]
            request = f"I was charged twice for my {raw['plan']} subscription ({sid})"
        else:
            cancel = start + dt.timedelta(days=raw["days_used"])
            tables["disputes"].append({
                "dispute_id": dispute_id, "customer_id": cid, "kind": raw["kind"],
                "charge_id": first_charge, "subscription_id": sid,
                "opened_date": cancel.isoformat(),
                "cancellation_date": None if raw["ask_date"] else cancel.isoformat(),
                "status": "pending", "refund_amount": None, "reason_codes": None})
            as_of, days_used, days_since, duplicate = cancel, raw["days_used"], 0, False
            request = f"Please cancel my {raw['plan']} subscription ({sid}) and refund me"
        self._distractors(tables, rng, used, level, (first, last), as_of)
        inputs = {
            "kind": raw["kind"], "billing": raw["billing"], "tier": raw["tier"],
            "is_duplicate": duplicate, "already_refunded": bool(raw.get("refunded")),
            "days_since_charge": days_since, "charge_amount": charge_amount,
            "days_used": days_used, "period_days": raw["period_days"], "period_price": price,
        }
        request = f"Hello, {first} {last} here (customer id {cid}). {request}"
        request += "." if level >= 4 else f" — dispute {dispute_id}."
        top = charge_amount if raw["kind"] == "duplicate_charge" else price
        return Case(
            tables=tables, requester=cid, case_id=dispute_id, request=request, inputs=inputs,
            as_of=as_of,
            answers={"cancellation_date": as_of.isoformat()} if raw["ask_date"] else {},
            required_reads=[["get_dispute", dispute_id], ["get_customer", cid],
                            ["get_subscription", sid], ["list_charges", sid]],
            required_asks=["cancellation_date"] if raw["ask_date"] else [],
            limit=min(top, AUTHORITY) if level >= 3 else top, claimed=top,
        )

    def _distractors(self, tables: world.Tables, rng: random.Random, used: set[str],
                     level: int, name: tuple[str, str], day: dt.date) -> None:
        for index in range({1: 0, 2: 1, 3: 2, 4: 3, 5: 4}[level]):
            first, last = name if (level >= 3 and index == 0) else people.person(rng)
            cid = people.new_id(rng, "C", used)
            tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                        "email": people.email(first, last, int(cid[2:])),
                                        "tier": rng.choice(TIERS)})
            sid = people.new_id(rng, "S", used)
            start = day - dt.timedelta(days=rng.randint(1, 25))
            price = Decimal(rng.randint(800, 4000)) / 100
            tables["subscriptions"].append({
                "subscription_id": sid, "customer_id": cid, "plan": "Plus monthly",
                "billing": "monthly", "period_start": start.isoformat(),
                "period_end": (start + dt.timedelta(days=30)).isoformat(),
                "period_price": money(price), "status": "active"})
            charge = people.new_id(rng, "CH", used)
            tables["charges"].append({"charge_id": charge, "customer_id": cid,
                                      "subscription_id": sid, "charged_on": start.isoformat(),
                                      "amount": money(price), "status": "settled"})
            tables["disputes"].append({
                "dispute_id": people.new_id(rng, "D", used), "customer_id": cid,
                "kind": "duplicate_charge", "charge_id": charge, "subscription_id": sid,
                "opened_date": day.isoformat(), "cancellation_date": None, "status": "pending",
                "refund_amount": None, "reason_codes": None})

    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        edit = Edits(raw)
        if raw["kind"] == "duplicate_charge":
            edit(is_duplicate=not raw["is_duplicate"])
            edit(gap=5 if raw["gap"] <= 3 else 1)
            edit(refunded=not raw["refunded"])
            if level >= 2:
                edit(days_since=61 if raw["days_since"] <= 60 else 10)
        else:
            edit(days_used=2 if raw["days_used"] > 3 else 20)
            edit(days_used=max(raw["period_days"] - 10, 0))
            edit(billing="annual" if raw["billing"] == "monthly" else "monthly",
                 period_days=365 if raw["billing"] == "monthly" else 30,
                 days_used=min(raw["days_used"], 20))
        if level >= 3:
            edit(tier="gold" if raw["tier"] != "gold" else "standard")
        return edit.edits

    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        out = copy.deepcopy(raw)
        if out["kind"] == "duplicate_charge":
            out.update(is_duplicate=True, refunded=False)
            if level >= 2 and rng.random() < 0.5:
                out.update(days_since=60, gap=1)
            else:
                out.update(gap=3, days_since=5)
        elif out["billing"] == "monthly":
            out["days_used"] = 3
        else:
            out["days_used"] = out["period_days"]  # cancelled on the last day: nothing left
        return out

    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        action = "pay" if values["decision"] == "refund" else values["decision"]
        amount = money(values["amount"]) if action == "pay" else None
        return Decision(action, amount, (values["reason"],))

    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        out, row = self._decided(tables, case, decision, "refunded")
        if decision.action == "pay":
            row["refund_amount"] = decision.amount
            out["credits"].append({"credit_id": f"CR-{case.case_id}",
                                   "dispute_id": case.case_id, "amount": decision.amount})
        return out

    def _arg(self, tool: str) -> str:
        return {"get_dispute": "dispute_id", "get_customer": "customer_id"}.get(
            tool, "subscription_id")


class BillingGenerator(BusinessGenerator):
    """Billing disputes: duplicate charges and subscription refunds, pro rata."""

    name = "business/billing"
    version = "1"
    domain = BillingDomain()
