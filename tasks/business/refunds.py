"""business/refunds-v0: returns and refunds.

A customer asks to return an item. The handler reads the return, the order, its items,
the customer (loyalty tier) and the documents on file; asks for the item's condition or
requests a photo where the policy says so; then issues a refund (amount to the cent, to
the original payment or as store credit), denies with a reason code, or escalates.

Difficulty adds, level by level: final-sale items, used items and other orders of the
customer (2); loyalty tiers that extend the window and waive restocking fees, defective
and damaged-in-transit items, refunds above the handler's authority, a namesake customer
(3); missing photos to request and a window change with an effective date (4); an item
condition the records lack, which only the customer can tell, and more records (5).
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from decimal import Decimal
from typing import Any, ClassVar

from . import people, world
from .domain import BusinessGenerator, Case, Decision, Domain
from .rules import FieldSpec, Formula, Ref, Row, RuleSet, Table, Test, money
from .shared import Edits, refund_decision

AUTHORITY = Decimal(500)
APPAREL_CHANGE = dt.date(2025, 9, 1)
CATEGORIES = ("electronics", "apparel", "home", "books")
CONDITIONS = {1: ("new", "opened"), 2: ("new", "opened", "used"),
              3: ("new", "opened", "used", "defective", "damaged_in_transit")}
TIERS = ("standard", "silver", "gold")
METHODS = ("card", "paypal", "gift_card")
KINDS = ("photo", "receipt", "id_card", "bank_statement")
ITEMS = {
    "electronics": ("headphones", "tablet", "smart speaker", "camera", "keyboard"),
    "apparel": ("jacket", "sneakers", "dress", "jeans", "scarf"),
    "home": ("lamp", "blender", "rug", "kettle", "cookware set"),
    "books": ("cookbook", "novel", "atlas", "textbook", "art book"),
}

SCHEMA: world.Schema = {
    "customers": ("customer_id", "name", "email", "loyalty_tier"),
    "orders": ("order_id", "customer_id", "order_date", "delivered_date", "payment_method"),
    "order_items": ("item_id", "order_id", "description", "category", "unit_price",
                    "quantity", "final_sale"),
    "returns": ("return_id", "order_id", "item_id", "customer_id", "requested_date",
                "condition", "status", "refund_amount", "refund_method", "reason_codes"),
    "documents": ("document_id", "return_id", "kind", "received_date"),
    "refunds": ("refund_id", "return_id", "amount", "method"),
}


def _t(op: str, value: Any = None) -> Test:
    return Test(op, value)


class RefundsDomain(Domain):
    name = "retail returns and refunds"
    schema = SCHEMA
    case_table = "returns"
    case_key = "return_id"
    owners: ClassVar[dict[str, str]] = {"customers": "customer_id", "orders": "customer_id",
                                        "returns": "customer_id"}
    askable = ("condition",)
    document_kinds = KINDS
    pay_tool = "issue_refund"

    def rules(self, level: int) -> RuleSet:
        fields = {
            "category": FieldSpec("string", "item category", values=CATEGORIES),
            "condition": FieldSpec("string", "item condition", values=CONDITIONS[min(level, 3)]),
            "tier": FieldSpec("string", "loyalty tier", values=TIERS),
            "days_since_delivery": FieldSpec("number", "days since delivery", Decimal(0),
                                             Decimal(120)),
            "item_total": FieldSpec("number", "item total", Decimal(5), Decimal(900), 2),
            "payment_method": FieldSpec("string", "payment method", values=METHODS),
            "final_sale": FieldSpec("boolean", "final sale"),
            "has_photo": FieldSpec("boolean", "photo on file"),
        }
        windows = [Row("RF-1.1", {"category": _t("eq", "electronics")},
                       {"base_window": Decimal(15)}),
                   Row("RF-1.2", {"category": _t("eq", "books")}, {"base_window": Decimal(14)})]
        if level >= 4:
            windows += [Row("RF-1.3", {"category": _t("eq", "apparel")},
                            {"base_window": Decimal(30)}, effective_to=APPAREL_CHANGE),
                        Row("RF-1.4", {"category": _t("eq", "apparel")},
                            {"base_window": Decimal(45)}, effective_from=APPAREL_CHANGE)]
        windows.append(Row("RF-1.9", {}, {"base_window": Decimal(30)}))
        nodes: list[Any] = [Table("RF-1", "Return windows (by the request date)", "first",
                                  ("category",), ("base_window",), tuple(windows), cite=False)]
        bonus = "15 if tier == \"gold\" else 0" if level >= 3 else "0"
        nodes.append(Formula("RF-2", "Return window in days", "window",
                             f"base_window + ({bonus})", cite=False))
        faulty = ("defective", "damaged_in_transit")
        nodes.append(Formula("RF-3", "Photo required", "needs_photo",
                             'condition == "defective" or condition == "damaged_in_transit"',
                             cite=False))
        rows = []
        if level >= 2:
            rows.append(Row("RF-4.1", {"final_sale": _t("eq", True)},
                            {"outcome": "deny", "reason_code": "FINAL_SALE"}))
        if level >= 3:
            rows += [
                Row("RF-4.2", {"needs_photo": _t("eq", True), "has_photo": _t("eq", False)},
                    {"outcome": "deny", "reason_code": "MISSING_DOCUMENTS"}),
                Row("RF-4.3", {"condition": _t("in", faulty),
                               "days_since_delivery": _t("le", Decimal(90))},
                    {"outcome": "refund", "reason_code": "DEFECTIVE"}),
            ]
        rows.append(Row("RF-4.4", {"days_since_delivery": _t("gt", Ref("window"))},
                        {"outcome": "deny", "reason_code": "OUTSIDE_WINDOW"}))
        if level >= 2:
            rows.append(Row("RF-4.5", {"condition": _t("eq", "used")},
                            {"outcome": "deny", "reason_code": "USED_ITEM"}))
        rows += [Row("RF-4.6", {"condition": _t("eq", "opened")},
                     {"outcome": "refund", "reason_code": "OPENED"}),
                 Row("RF-4.9", {}, {"outcome": "refund", "reason_code": "RETURN_OK"})]
        nodes.append(Table("RF-4", "Eligibility", "first",
                           ("final_sale", "needs_photo", "has_photo", "condition",
                            "days_since_delivery"), ("outcome", "reason_code"), tuple(rows)))
        fees = []
        if level >= 3:
            fees.append(Row("RF-5.1", {"reason_code": _t("eq", "OPENED"),
                                       "tier": _t("eq", "gold")}, {"fee_pct": Decimal(0)}))
        fees += [Row("RF-5.2", {"reason_code": _t("eq", "OPENED"),
                                "category": _t("eq", "electronics")}, {"fee_pct": Decimal(15)}),
                 Row("RF-5.3", {"reason_code": _t("eq", "OPENED")}, {"fee_pct": Decimal(10)}),
                 Row("RF-5.9", {}, {"fee_pct": Decimal(0)})]
        refund = 'outcome == "refund"'
        nodes.append(Table("RF-5", "Restocking fee", "first", ("reason_code", "tier", "category"),
                           ("fee_pct",), tuple(fees), guard=refund))
        nodes += [
            Formula("RF-6.1", "Restocking fee amount", "fee",
                    "round_half_up(item_total * fee_pct / 100, 2)", guard=refund),
            Formula("RF-6.2", "Refund amount", "refund_amount", "item_total - fee",
                    guard=refund),
        ]
        nodes.append(Table("RF-7", "Refund method", "first", ("payment_method",),
                           ("method",), (
            Row("RF-7.1", {"payment_method": _t("eq", "gift_card")}, {"method": "store_credit"}),
            Row("RF-7.2", {}, {"method": "original_payment"}),
        ), guard=refund))
        nodes += refund_decision("RF-8", "RF-9", AUTHORITY if level >= 3 else None)
        return RuleSet(f"refunds-l{level}", "Returns and refunds policy", fields, tuple(nodes),
                       decision=("decision", "amount", "reason", "method"),
                       labels={"base_window": "base window (days)",
                               "window": "return window (days)",
                               "needs_photo": "photo required",
                               "fee_pct": "restocking fee percentage",
                               "authorised": "within authority"})

    def preamble(self, level: int) -> str:
        return "\n".join([
            "## Process rules (breaking one voids the case, whatever the decision)",
            "",
            "- **P-1** Before deciding a return, read the return (get_return), its order "
            "(get_order), the order's items (list_items), the customer (get_customer) and "
            "the return's documents (list_documents).",
            "- **P-2** Read and act only on records of the customer who wrote to you "
            "(search results of find_customers excepted); customers may share a name, so "
            "match the customer id.",
            "- **P-3** A defective or damaged-in-transit item needs a photo on file. If it "
            "is missing, request it with request_document before deciding; never refund a "
            "faulty item without it. Request no other documents.",
            "- **P-4** If the item's condition is missing from the return, ask the customer "
            "with ask_customer before deciding.",
            "- **P-5** Never refund more than the item total"
            + (f", nor more than your authority of {AUTHORITY}" if level >= 3 else "")
            + "; record exactly one decision (issue_refund, deny or escalate).",
            "",
            "## Definitions (how rule inputs are read from the records)",
            "",
            "- days since delivery: days from the order's delivered date to the return's "
            "requested date.",
            "- item total: the returned item's unit price times its quantity.",
            "- loyalty tier, payment method: from the customer and the order.",
            "- final sale: the order item's final_sale flag (1 = yes).",
            "- photo on file: a document of kind photo is on file for the return.",
            "- Rules with effective dates apply by the return's requested date.",
            "- A refund of method store_credit or original_payment is given with "
            "issue_refund's `method`.",
        ])

    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        category = rng.choice(CATEGORIES)
        options = CONDITIONS[min(level, 3)]
        condition = rng.choices(options, [3, 2, 1, 1, 1][:len(options)])[0]
        quantity = rng.choice([1, 1, 1, 1, 2, 3])
        top = 20000
        price = Decimal(rng.randint(500, top)) / 100
        if level >= 3 and rng.random() < 0.1:
            price = Decimal(rng.randint(50100, 90000)) / 100
            quantity = 1
        late = rng.random() < 0.2
        days = rng.randint(46, 100) if late else (
            rng.randint(0, 13) if rng.random() < 0.6 else rng.randint(0, 44))
        faulty = condition in ("defective", "damaged_in_transit")
        photo_on_file = faulty and not (level >= 4 and rng.random() < 0.5)
        photo_held = faulty and not photo_on_file and rng.random() < 0.75
        return {
            "category": category, "condition": condition, "quantity": quantity,
            "price": str(price), "days": days,
            "delivered": (dt.date(2024, 6, 1) + dt.timedelta(days=rng.randint(0, 560)))
            .isoformat(),
            "tier": rng.choice(TIERS) if level >= 3 else "standard",
            "payment": rng.choice(METHODS),
            "final_sale": level >= 2 and rng.random() < 0.12,
            "photo_on_file": photo_on_file, "photo_held": photo_held,
            "ask_condition": level >= 5 and rng.random() < 0.5,
        }

    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        used: set[str] = set()
        first, last = people.person(rng)
        cid = people.new_id(rng, "C", used)
        tables: world.Tables = {name: [] for name in SCHEMA}
        tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                    "email": people.email(first, last, int(cid[2:])),
                                    "loyalty_tier": raw["tier"]})
        delivered = dt.date.fromisoformat(raw["delivered"])
        requested = delivered + dt.timedelta(days=raw["days"])
        order_id = people.new_id(rng, "O", used)
        tables["orders"].append({
            "order_id": order_id, "customer_id": cid,
            "order_date": (delivered - dt.timedelta(days=rng.randint(2, 6))).isoformat(),
            "delivered_date": delivered.isoformat(), "payment_method": raw["payment"]})
        item_id = people.new_id(rng, "IT", used)
        description = rng.choice(ITEMS[raw["category"]])
        price = Decimal(raw["price"])
        tables["order_items"].append({
            "item_id": item_id, "order_id": order_id, "description": description,
            "category": raw["category"], "unit_price": money(price),
            "quantity": raw["quantity"], "final_sale": int(raw["final_sale"])})
        for _ in range(rng.randint(0, 2) if level >= 2 else 0):  # other items, same order
            other = rng.choice(CATEGORIES)
            tables["order_items"].append({
                "item_id": people.new_id(rng, "IT", used), "order_id": order_id,
                "description": rng.choice(ITEMS[other]), "category": other,
                "unit_price": money(Decimal(rng.randint(500, 20000)) / 100),
                "quantity": 1, "final_sale": 0})
        return_id = people.new_id(rng, "R", used)
        tables["returns"].append({
            "return_id": return_id, "order_id": order_id, "item_id": item_id,
            "customer_id": cid, "requested_date": requested.isoformat(),
            "condition": None if raw["ask_condition"] else raw["condition"],
            "status": "pending", "refund_amount": None, "refund_method": None,
            "reason_codes": None})
        if raw["photo_on_file"]:
            tables["documents"].append({"document_id": f"DOC-{return_id}-photo",
                                        "return_id": return_id, "kind": "photo",
                                        "received_date": requested.isoformat()})
        if level >= 2:
            self._history(tables, rng, used, cid, requested, level)
        self._distractors(tables, rng, used, level, (first, last), requested)
        total = price * raw["quantity"]
        faulty = raw["condition"] in ("defective", "damaged_in_transit")
        inputs = {
            "category": raw["category"], "condition": raw["condition"], "tier": raw["tier"],
            "days_since_delivery": raw["days"], "item_total": total,
            "payment_method": raw["payment"], "final_sale": raw["final_sale"],
            "has_photo": raw["photo_on_file"] or raw["photo_held"],
        }
        request = (f"Hi, {first} {last} here (customer id {cid}). I'd like to return the "
                   f"{description} from order {order_id}")
        request += "." if level >= 4 else f" (return {return_id})."
        return Case(
            tables=tables, requester=cid, case_id=return_id, request=request, inputs=inputs,
            as_of=requested,
            documents_held=["photo"] if raw["photo_held"] else [],
            answers={"condition": raw["condition"]} if raw["ask_condition"] else {},
            required_reads=[["get_return", return_id], ["get_order", order_id],
                            ["list_items", order_id], ["get_customer", cid],
                            ["list_documents", return_id]],
            required_docs=["photo"] if faulty else [],
            required_asks=["condition"] if raw["ask_condition"] else [],
            docs_to_request=["photo"] if faulty and not raw["photo_on_file"] else [],
            limit=min(total, AUTHORITY) if level >= 3 else total, claimed=total,
        )

    def _history(self, tables: world.Tables, rng: random.Random, used: set[str], cid: str,
                 requested: dt.date, level: int) -> None:
        """Earlier orders of the same customer, some returned and refunded long ago."""
        for _ in range(rng.randint(1, level)):
            delivered = requested - dt.timedelta(days=rng.randint(60, 400))
            order_id = people.new_id(rng, "O", used)
            tables["orders"].append({
                "order_id": order_id, "customer_id": cid,
                "order_date": (delivered - dt.timedelta(days=3)).isoformat(),
                "delivered_date": delivered.isoformat(), "payment_method": rng.choice(METHODS)})
            category = rng.choice(CATEGORIES)
            item_id = people.new_id(rng, "IT", used)
            price = Decimal(rng.randint(500, 20000)) / 100
            tables["order_items"].append({
                "item_id": item_id, "order_id": order_id,
                "description": rng.choice(ITEMS[category]), "category": category,
                "unit_price": money(price), "quantity": 1, "final_sale": 0})
            if rng.random() < 0.5:
                return_id = people.new_id(rng, "R", used)
                tables["returns"].append({
                    "return_id": return_id, "order_id": order_id, "item_id": item_id,
                    "customer_id": cid,
                    "requested_date": (delivered + dt.timedelta(days=5)).isoformat(),
                    "condition": "new", "status": "refunded", "refund_amount": money(price),
                    "refund_method": "original_payment", "reason_codes": "RETURN_OK"})
                tables["refunds"].append({"refund_id": f"RF-{return_id}",
                                          "return_id": return_id, "amount": money(price),
                                          "method": "original_payment"})

    def _distractors(self, tables: world.Tables, rng: random.Random, used: set[str],
                     level: int, name: tuple[str, str], requested: dt.date) -> None:
        for index in range({1: 0, 2: 1, 3: 2, 4: 3, 5: 4}[level]):
            first, last = name if (level >= 3 and index == 0) else people.person(rng)
            cid = people.new_id(rng, "C", used)
            tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                        "email": people.email(first, last, int(cid[2:])),
                                        "loyalty_tier": rng.choice(TIERS)})
            delivered = requested - dt.timedelta(days=rng.randint(1, 20))
            order_id = people.new_id(rng, "O", used)
            tables["orders"].append({
                "order_id": order_id, "customer_id": cid,
                "order_date": (delivered - dt.timedelta(days=3)).isoformat(),
                "delivered_date": delivered.isoformat(), "payment_method": "card"})
            category = rng.choice(CATEGORIES)
            item_id = people.new_id(rng, "IT", used)
            tables["order_items"].append({
                "item_id": item_id, "order_id": order_id,
                "description": rng.choice(ITEMS[category]), "category": category,
                "unit_price": money(Decimal(rng.randint(500, 20000)) / 100), "quantity": 1,
                "final_sale": 0})
            tables["returns"].append({
                "return_id": people.new_id(rng, "R", used), "order_id": order_id,
                "item_id": item_id, "customer_id": cid,
                "requested_date": requested.isoformat(), "condition": "new",
                "status": "pending", "refund_amount": None, "refund_method": None,
                "reason_codes": None})

    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        edit = Edits(raw)
        edit(days=raw["days"] + 20 if raw["days"] < 30 else 5)
        edit(condition="opened" if raw["condition"] == "new" else "new")
        edit(category="electronics" if raw["category"] != "electronics" else "home")
        edit(payment="gift_card" if raw["payment"] != "gift_card" else "card")
        if level >= 2:
            edit(final_sale=not raw["final_sale"])
        if level >= 3:
            edit(tier="gold" if raw["tier"] != "gold" else "standard")
        return edit.edits

    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        out = copy.deepcopy(raw)
        out["final_sale"] = False
        windows = {"electronics": 15, "books": 14, "apparel": 30, "home": 30}
        if level >= 3 and rng.random() < 0.3:
            out.update(condition="new", quantity=1, price=str(AUTHORITY), days=3)
            return out
        window = windows[out["category"]]
        if level >= 4 and out["category"] == "apparel":
            requested = dt.date.fromisoformat(out["delivered"]) + dt.timedelta(days=window)
            window = 45 if requested >= APPAREL_CHANGE else 30
        if out["tier"] == "gold" and level >= 3:
            window += 15
        out.update(condition=rng.choice(["new", "opened"]), days=window)
        return out

    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        action = "pay" if values["decision"] == "refund" else values["decision"]
        if action == "pay":
            return Decision("pay", money(values["amount"]), (values["reason"],),
                            {"method": values["method"]})
        return Decision(action, None, (values["reason"],))

    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        out, row = self._decided(tables, case, decision, "refunded", "requested_date")
        if decision.action == "pay":
            row.update(refund_amount=decision.amount, refund_method=decision.extra["method"])
            out["refunds"].append({"refund_id": f"RF-{case.case_id}",
                                   "return_id": case.case_id, "amount": decision.amount,
                                   "method": decision.extra["method"]})
        return out

    def _arg(self, tool: str) -> str:
        return {"get_return": "return_id", "list_documents": "return_id",
                "get_order": "order_id", "list_items": "order_id",
                "get_customer": "customer_id"}[tool]


class RefundsGenerator(BusinessGenerator):
    """Returns and refunds: refund to the cent and by the right method, deny, or escalate."""

    name = "business/refunds"
    version = "1"
    domain = RefundsDomain()
