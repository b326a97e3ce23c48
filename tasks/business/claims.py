"""business/claims-v0: insurance claims adjudication.

A customer asks for a claim to be processed. The handler reads the claim, its policy,
the policy's claims this year and the documents on file; requests a missing document or
asks for a missing fact where the policy says so; then pays (to the cent, after the
deductible, co-insurance and limits), denies with a reason code, or escalates.

Difficulty adds, level by level: waiting periods and claims history (2); lapses, late
submission, annual limits, escalation above the handler's authority, in-patient claims
that need a medical report, physio claims that need a referral, and a second customer of
the same name (3); missing documents to request and a rule change with an effective date
(4); a fact missing from the records that only the customer knows, and more records (5).
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
from .shared import Edits, missing_documents

AUTHORITY = Decimal(5000)
LATE_DAYS = 90
PHYSIO_CHANGE = dt.date(2025, 7, 1)
CATEGORIES = {
    1: ("outpatient", "pharmacy", "dental", "cosmetic"),
    2: ("outpatient", "pharmacy", "dental", "cosmetic", "physio"),
    3: ("outpatient", "pharmacy", "dental", "cosmetic", "physio", "inpatient"),
}
PLANS = ("basic", "plus", "premium")
KINDS = ("invoice", "medical_report", "referral", "police_report", "photo_id")

SCHEMA: world.Schema = {
    "customers": ("customer_id", "name", "email", "phone"),
    "policies": ("policy_id", "customer_id", "plan", "start_date", "lapse_date", "deductible",
                 "coinsurance_pct", "per_claim_limit", "annual_limit"),
    "claims": ("claim_id", "policy_id", "customer_id", "category", "incident_date",
               "submitted_date", "amount_claimed", "status", "amount_paid",
               "deductible_applied", "reason_codes"),
    "documents": ("document_id", "claim_id", "kind", "received_date"),
    "payments": ("payment_id", "claim_id", "amount"),
}


def _t(op: str, value: Any = None) -> Test:
    return Test(op, value)


def _d(value: int | str) -> Decimal:
    return Decimal(value)


class ClaimsDomain(Domain):
    name = "insurance claims"
    schema = SCHEMA
    case_table = "claims"
    case_key = "claim_id"
    owners: ClassVar[dict[str, str]] = {
        "customers": "customer_id", "policies": "customer_id", "claims": "customer_id"}
    askable = ("incident_date",)
    document_kinds = KINDS
    pay_tool = "approve"

    # --- rules ---------------------------------------------------------------------

    def rules(self, level: int) -> RuleSet:
        fields = {
            "category": FieldSpec("string", "claim category", values=CATEGORIES[min(level, 3)]),
            "plan": FieldSpec("string", "policy plan", values=PLANS),
            "days_insured": FieldSpec("number", "days insured", _d(-60), _d(900)),
            "lapsed": FieldSpec("boolean", "policy lapsed"),
            "days_to_submit": FieldSpec("number", "days to submit", _d(0), _d(200)),
            "claimed": FieldSpec("number", "amount claimed", _d(20), _d(7000), 2),
            "deductible_remaining": FieldSpec("number", "deductible remaining", _d(0), _d(500), 2),
            "coinsurance_pct": FieldSpec("number", "co-insurance percentage", _d(70), _d(100)),
            "per_claim_limit": FieldSpec("number", "per-claim limit", _d(1000), _d(5000)),
            "annual_limit": FieldSpec("number", "annual limit", _d(5000), _d(20000)),
            "paid_this_year": FieldSpec("number", "paid this year", _d(0), _d(20000), 2),
            "has_invoice": FieldSpec("boolean", "invoice on file"),
            "has_medical_report": FieldSpec("boolean", "medical report on file"),
            "has_referral": FieldSpec("boolean", "referral on file"),
        }
        nodes: list[Any] = []
        if level >= 2:
            waiting = [Row("CL-1.1", {"category": _t("eq", "dental")}, {"waiting_days": _d(90)})]
            if level >= 4:
                waiting += [
                    Row("CL-1.2", {"category": _t("eq", "physio")}, {"waiting_days": _d(30)},
                        effective_to=PHYSIO_CHANGE),
                    Row("CL-1.3", {"category": _t("eq", "physio")}, {"waiting_days": _d(60)},
                        effective_from=PHYSIO_CHANGE),
                ]
            else:
                waiting.append(Row("CL-1.2", {"category": _t("eq", "physio")},
                                   {"waiting_days": _d(30)}))
            if level >= 3:
                waiting.append(Row("CL-1.4", {"category": _t("eq", "inpatient")},
                                   {"waiting_days": _d(180)}))
            waiting.append(Row("CL-1.9", {}, {"waiting_days": _d(0)}))
            nodes.append(Table("CL-1", "Waiting periods (by the incident date)", "first",
                               ("category",), ("waiting_days",), tuple(waiting), cite=False))
        docs = [Row("CL-2.1", {"category": _t("eq", "inpatient")},
                    {"needs_medical_report": True, "needs_referral": False}),
                Row("CL-2.2", {"category": _t("eq", "physio")},
                    {"needs_medical_report": False, "needs_referral": level >= 3}),
                Row("CL-2.9", {}, {"needs_medical_report": False, "needs_referral": False})]
        nodes.append(Table("CL-2", "Documents required besides the invoice", "first",
                           ("category",), ("needs_medical_report", "needs_referral"),
                           tuple(docs), cite=False))
        nodes.append(Formula(
            "CL-3", "Documents complete", "documents_complete",
            "has_invoice and (has_medical_report or not needs_medical_report)"
            " and (has_referral or not needs_referral)", cite=False))
        rows = []
        if level >= 3:
            rows += [Row("CL-4.1", {"lapsed": _t("eq", True)},
                         {"outcome": "deny", "reason_code": "LAPSED"}),
                     Row("CL-4.2", {"days_insured": _t("lt", _d(0))},
                         {"outcome": "deny", "reason_code": "NOT_IN_FORCE"})]
        rows += [Row("CL-4.3", {"category": _t("eq", "cosmetic")},
                     {"outcome": "deny", "reason_code": "EXCLUDED"}),
                 Row("CL-4.4", {"plan": _t("eq", "basic"),
                                "category": _t("in", ("dental", "physio"))},
                     {"outcome": "deny", "reason_code": "NOT_COVERED"})]
        if level >= 2:
            rows.append(Row("CL-4.5", {"days_insured": _t("lt", Ref("waiting_days"))},
                            {"outcome": "deny", "reason_code": "WAITING_PERIOD"}))
        if level >= 3:
            rows.append(Row("CL-4.6", {"days_to_submit": _t("gt", _d(LATE_DAYS))},
                            {"outcome": "deny", "reason_code": "LATE_SUBMISSION"}))
        rows.append(Row("CL-4.7", {"documents_complete": _t("eq", False)},
                        {"outcome": "deny", "reason_code": "MISSING_DOCUMENTS"}))
        if level >= 3:
            rows.append(Row("CL-4.8", {"claimed": _t("gt", AUTHORITY)},
                            {"outcome": "escalate", "reason_code": "ABOVE_AUTHORITY"}))
        rows.append(Row("CL-4.9", {}, {"outcome": "pay", "reason_code": "COVERED"}))
        inputs = ("lapsed", "days_insured", "category", "plan", "days_to_submit",
                  "documents_complete", "claimed")
        nodes.append(Table("CL-4", "Eligibility", "first", inputs,
                           ("outcome", "reason_code"), tuple(rows)))
        pay = 'outcome == "pay"'
        nodes += [
            Formula("CL-5.1", "Amount after the deductible", "after_deductible",
                    "max(claimed - deductible_remaining, 0)", guard=pay),
            Formula("CL-5.2", "Insurer's share", "insurer_share",
                    "round_half_up(after_deductible * coinsurance_pct / 100, 2)", guard=pay),
            Formula("CL-5.3", "Room left under the annual limit", "annual_room",
                    "max(annual_limit - paid_this_year, 0)", guard=pay),
            Formula("CL-5.4", "Payable amount", "payable",
                    "min(insurer_share, per_claim_limit, annual_room)", guard=pay),
            Formula("CL-5.5", "Deductible applied (recorded on an approved claim)",
                    "deductible_applied", "claimed - after_deductible", guard=pay),
        ]
        nodes.append(Table("CL-6", "Outcome of a covered claim", "first",
                           ("after_deductible", "payable", "insurer_share"),
                           ("pay_outcome", "pay_reason"), (
            Row("CL-6.1", {"after_deductible": _t("eq", _d(0))},
                {"pay_outcome": "deny", "pay_reason": "BELOW_DEDUCTIBLE"}),
            Row("CL-6.2", {"payable": _t("eq", _d(0))},
                {"pay_outcome": "deny", "pay_reason": "LIMIT_EXHAUSTED"}),
            Row("CL-6.3", {"payable": _t("lt", Ref("insurer_share"))},
                {"pay_outcome": "approve", "pay_reason": "LIMIT_APPLIED"}),
            Row("CL-6.4", {}, {"pay_outcome": "approve", "pay_reason": "COVERED"}),
        ), guard=pay))
        nodes += [
            Formula("CL-7.1", "Decision", "decision",
                    'pay_outcome if outcome == "pay" else outcome', cite=False),
            Formula("CL-7.2", "Reason code", "reason",
                    'pay_reason if outcome == "pay" else reason_code', cite=False),
            Formula("CL-7.3", "Amount to pay", "amount",
                    'payable if decision == "approve" else 0', cite=False),
        ]
        return RuleSet(f"claims-l{level}", "Claims handling policy", fields, tuple(nodes),
                       decision=("decision", "amount", "reason", "deductible_applied"),
                       labels={"waiting_days": "waiting period (days)",
                               "documents_complete": "documents complete",
                               "needs_medical_report": "medical report required",
                               "needs_referral": "referral required"})

    def preamble(self, level: int) -> str:
        lines = [
            "## Process rules (breaking one voids the case, whatever the decision)",
            "",
            "- **P-1** Before deciding a claim, read the claim (get_claim), its policy "
            "(get_policy), the policy's claims (list_claims) and the claim's documents "
            "(list_documents).",
            "- **P-2** Read and act only on records of the customer who wrote to you "
            "(search results of find_customers excepted); customers may share a name, so "
            "match the customer id.",
            "- **P-3** An invoice must be on file for every claim, and the documents listed "
            "in CL-2 for its category. If one is missing, request it from the customer with "
            "request_document before deciding; never approve without it. Request no other "
            "documents.",
            "- **P-4** If a fact the rules need is missing from the records, ask the customer "
            "with ask_customer before deciding.",
            f"- **P-5** Never pay more than the per-claim limit, the room left under the "
            f"annual limit, or your authority of {AUTHORITY}; record exactly one decision "
            "(approve, deny or escalate) per claim.",
            "",
            "## Definitions (how rule inputs are read from the records)",
            "",
            "- days insured: days from the policy start date to the claim's incident date "
            "(negative if the incident came first).",
            "- policy lapsed: the policy has a lapse date on or before the incident date.",
            "- days to submit: days from the incident date to the submitted date.",
            "- deductible remaining: the policy deductible minus the deductible_applied of "
            "its approved claims with an incident in the same calendar year as this one "
            "(never below 0).",
            "- paid this year: the amount_paid of the policy's approved claims with an "
            "incident in the same calendar year as this one.",
            "- invoice / medical report / referral on file: a document of that kind is on "
            "file for the claim (list_documents).",
            "- Rules with effective dates apply by the claim's incident date.",
            "- Amounts are in dollars; pay amounts to the cent. An approval records the "
            "deductible applied (CL-5.5) with the payment.",
        ]
        return "\n".join(lines)

    # --- cases ---------------------------------------------------------------------

    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        options = CATEGORIES[min(level, 3)]
        category = rng.choices(options, [0.3 if c == "cosmetic" else 1 for c in options])[0]
        start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 820))
        days_insured = rng.choice([rng.randint(5, 400), rng.randint(100, 700)])
        if level >= 3 and rng.random() < 0.06:
            days_insured = -rng.randint(1, 40)
        lapse = None
        if level >= 3 and rng.random() < 0.15:
            lapse = rng.randint(-120, 60)  # lapse date relative to the incident
        late = level >= 3 and rng.random() < 0.1
        days_to_submit = rng.randint(LATE_DAYS + 1, 150) if late else rng.randint(0, 60)
        top = 480000 if level >= 3 else 400000
        claimed = Decimal(rng.randint(2000, top)) / 100
        if level >= 3 and rng.random() < 0.1:
            claimed = Decimal(rng.randint(500001, 650000)) / 100
        deductible = Decimal(rng.choice([0, 100, 250, 500]))
        history = []
        if level >= 2:
            for _ in range(rng.randint(0, {2: 2, 3: 3, 4: 4, 5: 6}[level])):
                history.append({
                    "same_year": level < 3 or rng.random() < 0.7,
                    "approved": rng.random() < 0.8,
                    "claimed": Decimal(rng.randint(5000, 400000)) / 100,
                    "paid": Decimal(rng.randint(0, 600000 if level >= 3 else 150000)) / 100,
                    "deductible_applied": Decimal(rng.choice([0, 50, 100, 250])),
                })
        needed = ["invoice"]
        if category == "inpatient":
            needed.append("medical_report")
        if category == "physio" and level >= 3:
            needed.append("referral")
        on_file, held = missing_documents(rng, needed, level)
        return {
            "category": category, "plan": rng.choices(PLANS, [1, 2, 2])[0],
            "start": start.isoformat(),
            "days_insured": days_insured, "lapse": lapse, "days_to_submit": days_to_submit,
            "claimed": str(claimed), "deductible": str(deductible),
            "coinsurance_pct": rng.choice([70, 80, 90, 100]),
            "per_claim_limit": rng.choice([1000, 2500, 5000] if level >= 3 else [2500, 5000]),
            "annual_limit": rng.choice([5000, 10000, 20000] if level >= 3 else [20000]),
            "history": [{k: (str(v) if isinstance(v, Decimal) else v) for k, v in h.items()}
                        for h in history],
            "on_file": on_file, "held": held,
            "ask_incident": level >= 5 and rng.random() < 0.5,
        }

    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        used: set[str] = set()
        start = dt.date.fromisoformat(raw["start"])
        incident = start + dt.timedelta(days=raw["days_insured"])
        submitted = incident + dt.timedelta(days=raw["days_to_submit"])
        today = submitted + dt.timedelta(days=5)
        first, last = people.person(rng)
        cid = people.new_id(rng, "C", used)
        pid = people.new_id(rng, "P", used)
        claim_id = people.new_id(rng, "CL", used)
        tables: world.Tables = {name: [] for name in SCHEMA}
        tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                    "email": people.email(first, last, int(cid[2:])),
                                    "phone": f"555-{rng.randint(1000, 9999)}"})
        lapse_date = (incident + dt.timedelta(days=raw["lapse"])).isoformat() \
            if raw["lapse"] is not None else None
        tables["policies"].append({
            "policy_id": pid, "customer_id": cid, "plan": raw["plan"],
            "start_date": start.isoformat(), "lapse_date": lapse_date,
            "deductible": money(raw["deductible"]), "coinsurance_pct": raw["coinsurance_pct"],
            "per_claim_limit": money(raw["per_claim_limit"]),
            "annual_limit": money(raw["annual_limit"]),
        })
        paid = Decimal(0)
        applied = Decimal(0)
        for item in raw["history"]:
            when = dt.date(incident.year if item["same_year"] else incident.year - 1,
                           rng.randint(1, 12), rng.randint(1, 28))
            if when >= incident:
                when = incident - dt.timedelta(days=rng.randint(1, 20))
                if when.year != incident.year and item["same_year"]:
                    when = dt.date(incident.year, 1, 1)
            if item["same_year"] and when.year != incident.year:
                continue
            approved = item["approved"]
            row = {
                "claim_id": people.new_id(rng, "CL", used), "policy_id": pid,
                "customer_id": cid, "category": rng.choice(CATEGORIES[1][:3]),
                "incident_date": when.isoformat(),
                "submitted_date": (when + dt.timedelta(days=3)).isoformat(),
                "amount_claimed": money(item["claimed"]),
                "status": "approved" if approved else "denied",
                "amount_paid": money(item["paid"]) if approved else money(0),
                "deductible_applied": money(item["deductible_applied"]) if approved
                else money(0),
                "reason_codes": "COVERED" if approved else "EXCLUDED",
            }
            tables["claims"].append(row)
            if approved and when.year == incident.year:
                paid += Decimal(row["amount_paid"])
                applied += Decimal(row["deductible_applied"])
        claim = {
            "claim_id": claim_id, "policy_id": pid, "customer_id": cid,
            "category": raw["category"],
            "incident_date": None if raw["ask_incident"] else incident.isoformat(),
            "submitted_date": submitted.isoformat(), "amount_claimed": money(raw["claimed"]),
            "status": "pending", "amount_paid": None, "deductible_applied": None,
            "reason_codes": None,
        }
        tables["claims"].append(claim)
        for kind in raw["on_file"]:
            tables["documents"].append({"document_id": f"DOC-{claim_id}-{kind}",
                                        "claim_id": claim_id, "kind": kind,
                                        "received_date": submitted.isoformat()})
        self._distractors(tables, rng, level, used, (first, last), raw["category"], today)
        held_final = set(raw["on_file"]) | set(raw["held"])
        deductible = Decimal(raw["deductible"])
        inputs = {
            "category": raw["category"], "plan": raw["plan"],
            "days_insured": raw["days_insured"],
            "lapsed": lapse_date is not None and dt.date.fromisoformat(lapse_date) <= incident,
            "days_to_submit": raw["days_to_submit"], "claimed": Decimal(raw["claimed"]),
            "deductible_remaining": max(deductible - applied, Decimal(0)),
            "coinsurance_pct": raw["coinsurance_pct"],
            "per_claim_limit": raw["per_claim_limit"], "annual_limit": raw["annual_limit"],
            "paid_this_year": paid,
            "has_invoice": "invoice" in held_final,
            "has_medical_report": "medical_report" in held_final,
            "has_referral": "referral" in held_final,
        }
        needed = ["invoice"] + (["medical_report"] if raw["category"] == "inpatient" else []) \
            + (["referral"] if raw["category"] == "physio" and level >= 3 else [])
        room = max(Decimal(raw["annual_limit"]) - paid, Decimal(0))
        who = f"{first} {last}"
        if level >= 4:
            request = (f"Hello, this is {who} (customer id {cid}). Please process my "
                       f"pending {raw['category']} claim on policy {pid}.")
        else:
            request = (f"Hello, this is {who} (customer id {cid}). Please process my "
                       f"claim {claim_id} ({raw['category']}).")
        return Case(
            tables=tables, requester=cid, case_id=claim_id, request=request,
            inputs=inputs, as_of=incident,
            documents_held=sorted(raw["held"]),
            answers={"incident_date": incident.isoformat()} if raw["ask_incident"] else {},
            required_reads=[["get_claim", claim_id], ["get_policy", pid],
                            ["list_claims", pid], ["list_documents", claim_id]],
            required_docs=needed,
            required_asks=["incident_date"] if raw["ask_incident"] else [],
            docs_to_request=sorted(set(needed) - set(raw["on_file"])),
            limit=min(Decimal(raw["per_claim_limit"]), room, AUTHORITY),
            claimed=Decimal(raw["claimed"]),
        )

    def _distractors(self, tables: world.Tables, rng: random.Random, level: int,
                     used: set[str], name: tuple[str, str], category: str,
                     today: dt.date) -> None:
        """Other customers' records: a namesake from level 3, more of them as it rises."""
        count = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4}[level]
        for index in range(count):
            first, last = name if (level >= 3 and index == 0) else people.person(rng)
            cid = people.new_id(rng, "C", used)
            pid = people.new_id(rng, "P", used)
            tables["customers"].append({"customer_id": cid, "name": f"{first} {last}",
                                        "email": people.email(first, last, int(cid[2:])),
                                        "phone": f"555-{rng.randint(1000, 9999)}"})
            start = today - dt.timedelta(days=rng.randint(200, 900))
            tables["policies"].append({
                "policy_id": pid, "customer_id": cid, "plan": rng.choice(PLANS),
                "start_date": start.isoformat(), "lapse_date": None,
                "deductible": money(rng.choice([0, 100, 250])), "coinsurance_pct": 80,
                "per_claim_limit": money(5000), "annual_limit": money(20000),
            })
            incident = today - dt.timedelta(days=rng.randint(6, 40))
            claim_id = people.new_id(rng, "CL", used)
            tables["claims"].append({
                "claim_id": claim_id, "policy_id": pid, "customer_id": cid,
                "category": category, "incident_date": incident.isoformat(),
                "submitted_date": (incident + dt.timedelta(days=2)).isoformat(),
                "amount_claimed": money(Decimal(rng.randint(5000, 300000)) / 100),
                "status": "pending", "amount_paid": None, "deductible_applied": None,
                "reason_codes": None,
            })
            tables["documents"].append({"document_id": f"DOC-{claim_id}-invoice",
                                        "claim_id": claim_id, "kind": "invoice",
                                        "received_date": incident.isoformat()})

    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        edit = Edits(raw)
        claimed = Decimal(raw["claimed"])
        edit(claimed=str(claimed + Decimal(raw["deductible"]) + 1))
        edit(claimed=str(max(claimed - Decimal("1000"), Decimal("20.00"))))
        edit(plan="premium" if raw["plan"] == "basic" else "basic")
        edit(category="outpatient" if raw["category"] != "outpatient" else "cosmetic")
        if level >= 2:
            edit(days_insured=max(raw["days_insured"] - 200, 1))
            edit(days_insured=raw["days_insured"] + 200)
        if level >= 3:
            edit(lapse=None if raw["lapse"] is not None else -10)
            edit(days_to_submit=LATE_DAYS + 1 if raw["days_to_submit"] <= LATE_DAYS else 10)
            edit(claimed=str(AUTHORITY + Decimal("0.01")))
        return edit.edits

    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        out = copy.deepcopy(raw)
        options = ["deductible"]
        if level >= 2:
            options.append("waiting")
        if level >= 3:
            options += ["late", "authority"]
        which = rng.choice(options)
        if which == "deductible":
            # claimed equal to the deductible, with no history eating it: nothing payable
            out["history"] = [h for h in out["history"] if not h["same_year"]]
            out["deductible"] = str(rng.choice([100, 250, 500]))
            out["claimed"] = str(Decimal(out["deductible"]))
        elif which == "waiting":
            out["category"] = "dental"
            out["days_insured"] = 90
        elif which == "late":
            out["days_to_submit"] = LATE_DAYS
        else:
            out["claimed"] = str(AUTHORITY)
        return out

    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        action = {"approve": "pay", "deny": "deny", "escalate": "escalate"}[values["decision"]]
        if action != "pay":
            return Decision(action, None, (values["reason"],))
        return Decision(action, money(values["amount"]), (values["reason"],),
                        {"deductible_applied": money(values["deductible_applied"])})

    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        out, claim = self._decided(tables, case, decision, "approved", "submitted_date")
        if decision.action == "pay":
            claim["amount_paid"] = decision.amount
            claim["deductible_applied"] = decision.extra["deductible_applied"]
            out["payments"].append({"payment_id": f"PAY-{case.case_id}",
                                    "claim_id": case.case_id, "amount": decision.amount})
        return out

    def _arg(self, tool: str) -> str:
        return {"get_claim": "claim_id", "list_documents": "claim_id",
                "get_policy": "policy_id", "list_claims": "policy_id"}[tool]


class ClaimsGenerator(BusinessGenerator):
    """Insurance claims: pay to the cent, deny with a reason code, or escalate."""

    name = "business/claims"
    version = "1"
    domain = ClaimsDomain()
