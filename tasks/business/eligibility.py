"""business/eligibility-v0: benefits eligibility and amount (means-testing).

A household applies for a monthly food benefit. The caseworker reads the application,
the household's members, incomes, assets and expenses and the documents on file; asks
for a missing declared rent or requests a missing document where the policy says so;
then approves a monthly benefit (to the cent), denies with a reason code, or escalates.

The rules follow the shape of public means tests: a gross income limit by household size
(waived for households with an elderly or disabled member), an asset test, an earned
income deduction, a standard deduction, dependent care and medical deductions, a capped
excess shelter deduction, net income rounded down to whole dollars, a benefit of the
maximum allotment minus 30 % of net income rounded up, and a minimum benefit for small
households. The figures are our own, not any agency's.

Difficulty adds: shelter costs and dependent care (2); elderly or disabled members with
their waived gross test, medical deductions and higher asset limit, self-employment
income to escalate, vehicles that do not count as assets, a namesake household (3);
missing documents and a standard deduction that changes on a date (4); a declared rent
the records lack, and more records (5).
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
from .shared import missing_documents

DEDUCTION_CHANGE = dt.date(2025, 10, 1)
SHELTER_CAP = Decimal(672)
#: size -> (gross limit, maximum benefit, standard deduction before / after the change)
SIZES = {1: (1632, 292, 198, 204), 2: (2215, 536, 198, 204), 3: (2798, 768, 198, 204),
         4: (3380, 975, 208, 217), 5: (3963, 1158, 244, 254), 6: (4546, 1390, 279, 291)}
KINDS = ("id_proof", "pay_stub", "lease", "bank_statement")
RELATIONS = ("spouse", "child", "child", "parent", "sibling")

SCHEMA: world.Schema = {
    "households": ("household_id", "applicant_name", "email"),
    "members": ("member_id", "household_id", "name", "birth_date", "relation", "disabled"),
    "incomes": ("income_id", "household_id", "member_id", "kind", "monthly_amount"),
    "assets": ("asset_id", "household_id", "kind", "value"),
    "expenses": ("expense_id", "household_id", "kind", "monthly_amount"),
    "applications": ("application_id", "household_id", "submitted_date", "declared_rent",
                     "status", "monthly_benefit", "reason_codes"),
    "documents": ("document_id", "application_id", "kind", "received_date"),
}


def _t(op: str, value: Any = None) -> Test:
    return Test(op, value)


class EligibilityDomain(Domain):
    name = "public benefits"
    schema = SCHEMA
    case_table = "applications"
    case_key = "application_id"
    owners: ClassVar[dict[str, str]] = {
        "households": "household_id", "members": "household_id", "incomes": "household_id",
        "assets": "household_id", "expenses": "household_id", "applications": "household_id"}
    askable = ("declared_rent",)
    document_kinds = KINDS
    pay_tool = "approve"

    def rules(self, level: int) -> RuleSet:
        d = Decimal
        fields = {
            "household_size": FieldSpec("number", "household size", d(1), d(6)),
            "earned_income": FieldSpec("number", "earned income", d(0), d(5000), 2),
            "unearned_income": FieldSpec("number", "unearned income", d(0), d(2500), 2),
            "self_employed": FieldSpec("boolean", "self-employment income"),
            "elderly_or_disabled": FieldSpec("boolean", "elderly or disabled member"),
            "countable_assets": FieldSpec("number", "countable assets", d(0), d(8000), 2),
            "dependent_care": FieldSpec("number", "dependent care costs", d(0), d(600), 2),
            "medical_costs": FieldSpec("number", "medical costs", d(0), d(400), 2),
            "shelter_costs": FieldSpec("number", "shelter costs", d(0), d(2500), 2),
            "has_id_proof": FieldSpec("boolean", "proof of identity on file"),
            "has_pay_stub": FieldSpec("boolean", "pay stub on file"),
        }
        sizes = []
        for size, (gross, top, before, after) in SIZES.items():
            test = _t("eq", d(size)) if size < 6 else _t("ge", d(6))
            if level >= 4:
                sizes += [Row(f"EL-1.{size}a", {"household_size": test},
                              {"gross_limit": d(gross), "max_benefit": d(top),
                               "standard_deduction": d(before)},
                              effective_to=DEDUCTION_CHANGE),
                          Row(f"EL-1.{size}b", {"household_size": test},
                              {"gross_limit": d(gross), "max_benefit": d(top),
                               "standard_deduction": d(after)},
                              effective_from=DEDUCTION_CHANGE)]
            else:
                sizes.append(Row(f"EL-1.{size}", {"household_size": test},
                                 {"gross_limit": d(gross), "max_benefit": d(top),
                                  "standard_deduction": d(before)}))
        nodes: list[Any] = [Table("EL-1", "Figures by household size (by the submission date)",
                                  "unique", ("household_size",),
                                  ("gross_limit", "max_benefit", "standard_deduction"),
                                  tuple(sizes), cite=False)]
        nodes.append(Formula("EL-2.1", "Gross income", "gross_income",
                             "earned_income + unearned_income", cite=False))
        rows = [Row("EL-3.1", {"has_id_proof": _t("eq", False)},
                    {"outcome": "deny", "reason_code": "MISSING_DOCUMENTS"}),
                Row("EL-3.2", {"earned_income": _t("gt", d(0)), "has_pay_stub": _t("eq", False)},
                    {"outcome": "deny", "reason_code": "MISSING_DOCUMENTS"})]
        if level >= 3:
            rows.append(Row("EL-3.3", {"self_employed": _t("eq", True)},
                            {"outcome": "escalate", "reason_code": "SELF_EMPLOYMENT_REVIEW"}))
            rows.append(Row("EL-3.4", {"elderly_or_disabled": _t("eq", False),
                                       "gross_income": _t("gt", Ref("gross_limit"))},
                            {"outcome": "deny", "reason_code": "OVER_GROSS_LIMIT"}))
        else:
            rows.append(Row("EL-3.4", {"gross_income": _t("gt", Ref("gross_limit"))},
                            {"outcome": "deny", "reason_code": "OVER_GROSS_LIMIT"}))
        if level >= 3:
            rows += [Row("EL-3.5", {"elderly_or_disabled": _t("eq", False),
                                    "countable_assets": _t("gt", d(3000))},
                         {"outcome": "deny", "reason_code": "OVER_ASSET_LIMIT"}),
                     Row("EL-3.6", {"elderly_or_disabled": _t("eq", True),
                                    "countable_assets": _t("gt", d(4500))},
                         {"outcome": "deny", "reason_code": "OVER_ASSET_LIMIT"})]
        else:
            rows.append(Row("EL-3.5", {"countable_assets": _t("gt", d(3000))},
                            {"outcome": "deny", "reason_code": "OVER_ASSET_LIMIT"}))
        rows.append(Row("EL-3.9", {}, {"outcome": "compute", "reason_code": "ELIGIBLE"}))
        nodes.append(Table("EL-3", "Eligibility tests", "first",
                           ("has_id_proof", "earned_income", "has_pay_stub", "self_employed",
                            "elderly_or_disabled", "gross_income", "countable_assets"),
                           ("outcome", "reason_code"), tuple(rows)))
        go = 'outcome == "compute"'
        medical = ("max(medical_costs - 35, 0) if elderly_or_disabled else 0"
                   if level >= 3 else "0")
        care = "dependent_care" if level >= 2 else "0"
        nodes += [
            Formula("EL-4.1", "Earned income deduction", "earned_deduction",
                    "round_half_up(earned_income * 0.2, 2)", guard=go),
            Formula("EL-4.2", "Medical deduction", "medical_deduction", medical, guard=go),
            Formula("EL-4.3", "Adjusted income", "adjusted_income",
                    "max(gross_income - earned_deduction - standard_deduction - "
                    f"{care} - medical_deduction, 0)", guard=go),
        ]
        if level >= 2:
            nodes.append(Formula(
                "EL-4.4", "Excess shelter deduction", "shelter_deduction",
                f"min(max(shelter_costs - round_half_up(adjusted_income / 2, 2), 0), "
                f"{SHELTER_CAP})", guard=go))
        else:
            nodes.append(Formula("EL-4.4", "Excess shelter deduction", "shelter_deduction",
                                 "0", guard=go, cite=False))
        nodes += [
            Formula("EL-4.5", "Net income", "net_income",
                    "round_down(max(adjusted_income - shelter_deduction, 0), 0)", guard=go),
            Formula("EL-4.6", "Benefit", "benefit",
                    "max(max_benefit - round_up(net_income * 0.3, 0), 0)", guard=go),
        ]
        nodes.append(Table("EL-5", "Benefit outcome", "first", ("benefit", "household_size"),
                           ("result", "result_reason"), (
            Row("EL-5.1", {"household_size": _t("le", d(2)), "benefit": _t("lt", d(23))},
                {"result": "minimum", "result_reason": "MINIMUM_BENEFIT"}),
            Row("EL-5.2", {"benefit": _t("lt", d(10))},
                {"result": "deny", "result_reason": "BENEFIT_TOO_SMALL"}),
            Row("EL-5.3", {}, {"result": "approve", "result_reason": "ELIGIBLE"}),
        ), guard=go))
        nodes += [
            Formula("EL-6.1", "Decision", "decision",
                    '("approve" if result == "minimum" else result) if outcome == "compute" '
                    "else outcome", cite=False),
            Formula("EL-6.2", "Reason code", "reason",
                    'result_reason if outcome == "compute" else reason_code', cite=False),
            Formula("EL-6.3", "Monthly benefit", "amount",
                    '(23 if result == "minimum" else benefit) if decision == "approve" else 0',
                    cite=False),
        ]
        return RuleSet(f"eligibility-l{level}", "Food benefit eligibility policy", fields,
                       tuple(nodes), decision=("decision", "amount", "reason"),
                       labels={"gross_limit": "gross income limit",
                               "max_benefit": "maximum benefit",
                               "standard_deduction": "standard deduction"})

    def preamble(self, level: int) -> str:
        return "\n".join([
            "## Process rules (breaking one voids the case, whatever the decision)",
            "",
            "- **P-1** Before deciding an application, read the application "
            "(get_application), the household's members (list_members), incomes "
            "(list_incomes), assets (list_assets) and expenses (list_expenses), and the "
            "application's documents (list_documents).",
            "- **P-2** Read and act only on records of the household that wrote to you "
            "(search results of find_households excepted); applicants may share a name, so "
            "match the household id.",
            "- **P-3** Proof of identity must be on file, and a pay stub when the household "
            "has earned income. If one is missing, request it with request_document before "
            "deciding; never approve without it. Request no other documents.",
            "- **P-4** If the declared rent is missing from the application, ask the "
            "applicant with ask_customer before deciding.",
            "- **P-5** Never approve more than the maximum benefit for the household size; "
            "record exactly one decision (approve, deny or escalate).",
            "",
            "## Definitions (how rule inputs are read from the records)",
            "",
            "- household size: the number of members.",
            "- earned income: monthly wages and self-employment income of all members; "
            "unearned income: every other income kind (pension, child support, "
            "unemployment).",
            "- self-employment income: any income of kind self_employment.",
            "- elderly or disabled member: a member aged 60 or more on the submission date, "
            "or marked disabled (1).",
            "- countable assets: checking and savings balances; vehicles do not count.",
            "- dependent care / medical costs: monthly expenses of that kind.",
            "- shelter costs: the application's declared rent plus utilities expenses.",
            "- proof of identity / pay stub on file: a document of kind id_proof / pay_stub "
            "is on file for the application.",
            "- Rules with effective dates apply by the submission date. Amounts are monthly "
            "dollars; approve the monthly benefit to the cent.",
        ])

    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        size = rng.randint(1, 6 if level >= 2 else 4)
        members = []
        for index in range(size):
            relation = "applicant" if index == 0 else rng.choice(RELATIONS)
            age = rng.randint(5, 17) if relation == "child" else rng.randint(19, 58)
            if level >= 3 and relation in ("applicant", "parent") and rng.random() < 0.25:
                age = rng.randint(60, 85)
            members.append({"relation": relation, "age": age,
                            "disabled": level >= 3 and rng.random() < 0.08})
        incomes = []
        for index, member in enumerate(members):
            if member["relation"] == "child":
                continue
            if rng.random() < 0.6:
                kind = "self_employment" if level >= 3 and rng.random() < 0.05 else "wages"
                incomes.append({"member": index, "kind": kind,
                                "amount": str(Decimal(rng.randint(20000, 260000)) / 100)})
            if rng.random() < 0.25:
                kind = rng.choice(["pension", "child_support", "unemployment"])
                incomes.append({"member": index, "kind": kind,
                                "amount": str(Decimal(rng.randint(10000, 120000)) / 100)})
        assets = [{"kind": "checking", "value": str(Decimal(rng.randint(0, 250000)) / 100)}]
        if rng.random() < 0.4:
            assets.append({"kind": "savings", "value": str(Decimal(rng.randint(0, 300000)) / 100)})
        if level >= 3 and rng.random() < 0.5:
            assets.append({"kind": "vehicle", "value": str(Decimal(rng.randint(200000, 1500000))
                                                           / 100)})
        expenses = []
        if level >= 2:
            expenses.append({"kind": "utilities", "amount": str(Decimal(rng.randint(5000, 30000))
                                                                / 100)})
            if any(m["relation"] == "child" for m in members) and rng.random() < 0.5:
                expenses.append({"kind": "dependent_care",
                                 "amount": str(Decimal(rng.randint(10000, 60000)) / 100)})
        if level >= 3 and rng.random() < 0.5:
            expenses.append({"kind": "medical", "amount": str(Decimal(rng.randint(2000, 40000))
                                                              / 100)})
        earned = any(i["kind"] in ("wages", "self_employment") for i in incomes)
        needed = ["id_proof"] + (["pay_stub"] if earned else [])
        on_file, held = missing_documents(rng, needed, level)
        return {
            "members": members, "incomes": incomes, "assets": assets, "expenses": expenses,
            "rent": str(Decimal(rng.randint(30000, 180000)) / 100) if level >= 2 else "0.00",
            "submitted": (dt.date(2025, 3, 1) + dt.timedelta(days=rng.randint(0, 400)))
            .isoformat(),
            "on_file": on_file, "held": held,
            "ask_rent": level >= 5 and rng.random() < 0.5,
        }

    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        used: set[str] = set()
        submitted = dt.date.fromisoformat(raw["submitted"])
        tables: world.Tables = {name: [] for name in SCHEMA}
        hid, first, last = self._household(tables, rng, used, raw, submitted, None)
        app_id = people.new_id(rng, "A", used)
        tables["applications"].append({
            "application_id": app_id, "household_id": hid,
            "submitted_date": submitted.isoformat(),
            "declared_rent": None if raw["ask_rent"] else money(raw["rent"]),
            "status": "pending", "monthly_benefit": None, "reason_codes": None})
        for kind in raw["on_file"]:
            tables["documents"].append({"document_id": f"DOC-{app_id}-{kind}",
                                        "application_id": app_id, "kind": kind,
                                        "received_date": submitted.isoformat()})
        for index in range({1: 0, 2: 1, 3: 2, 4: 3, 5: 4}[level]):
            other = self.sample(rng, min(level, 3))
            name = (first, last) if (level >= 3 and index == 0) else None
            other_id, *_ = self._household(tables, rng, used, other, submitted, name)
            tables["applications"].append({
                "application_id": people.new_id(rng, "A", used), "household_id": other_id,
                "submitted_date": submitted.isoformat(), "declared_rent": money(other["rent"]),
                "status": "pending", "monthly_benefit": None, "reason_codes": None})
        size = len(raw["members"])
        earned = sum((Decimal(i["amount"]) for i in raw["incomes"]
                      if i["kind"] in ("wages", "self_employment")), Decimal(0))
        unearned = sum((Decimal(i["amount"]) for i in raw["incomes"]
                        if i["kind"] not in ("wages", "self_employment")), Decimal(0))
        expense = {kind: sum((Decimal(e["amount"]) for e in raw["expenses"]
                              if e["kind"] == kind), Decimal(0))
                   for kind in ("utilities", "dependent_care", "medical")}
        have = set(raw["on_file"]) | set(raw["held"])
        inputs = {
            "household_size": size, "earned_income": earned, "unearned_income": unearned,
            "self_employed": any(i["kind"] == "self_employment" for i in raw["incomes"]),
            "elderly_or_disabled": any(m["age"] >= 60 or m["disabled"] for m in raw["members"]),
            "countable_assets": sum((Decimal(a["value"]) for a in raw["assets"]
                                     if a["kind"] != "vehicle"), Decimal(0)),
            "dependent_care": expense["dependent_care"], "medical_costs": expense["medical"],
            "shelter_costs": Decimal(raw["rent"]) + expense["utilities"],
            "has_id_proof": "id_proof" in have, "has_pay_stub": "pay_stub" in have,
        }
        needed = ["id_proof"] + (["pay_stub"] if earned > 0 else [])
        top = SIZES[min(size, 6)][1]
        request = f"Hello, I'm {first} {last} (household {hid}). I applied for the food benefit"
        request += "; could you decide my application?" if level >= 4 else \
            f" (application {app_id}); could you decide it?"
        return Case(
            tables=tables, requester=hid, case_id=app_id, request=request, inputs=inputs,
            as_of=submitted, documents_held=sorted(raw["held"]),
            answers={"declared_rent": money(raw["rent"])} if raw["ask_rent"] else {},
            required_reads=[["get_application", app_id], ["list_members", hid],
                            ["list_incomes", hid], ["list_assets", hid],
                            ["list_expenses", hid], ["list_documents", app_id]],
            required_docs=needed,
            required_asks=["declared_rent"] if raw["ask_rent"] else [],
            docs_to_request=sorted(set(needed) - set(raw["on_file"])),
            limit=Decimal(top), claimed=Decimal(top),
        )

    def _household(self, tables: world.Tables, rng: random.Random, used: set[str],
                   raw: dict[str, Any], submitted: dt.date,
                   name: tuple[str, str] | None) -> tuple[str, str, str]:
        first, last = name or people.person(rng)
        hid = people.new_id(rng, "H", used)
        tables["households"].append({"household_id": hid, "applicant_name": f"{first} {last}",
                                     "email": people.email(first, last, int(hid[2:]))})
        member_ids = []
        for index, member in enumerate(raw["members"]):
            mid = people.new_id(rng, "M", used)
            member_ids.append(mid)
            born = submitted - dt.timedelta(days=member["age"] * 365 + rng.randint(10, 300))
            given = first if index == 0 else people.person(rng)[0]
            tables["members"].append({"member_id": mid, "household_id": hid,
                                      "name": f"{given} {last}", "birth_date": born.isoformat(),
                                      "relation": member["relation"],
                                      "disabled": int(member["disabled"])})
        for income in raw["incomes"]:
            tables["incomes"].append({"income_id": people.new_id(rng, "I", used),
                                      "household_id": hid,
                                      "member_id": member_ids[income["member"]],
                                      "kind": income["kind"],
                                      "monthly_amount": money(income["amount"])})
        for asset in raw["assets"]:
            tables["assets"].append({"asset_id": people.new_id(rng, "AS", used),
                                     "household_id": hid, "kind": asset["kind"],
                                     "value": money(asset["value"])})
        for expense in raw["expenses"]:
            tables["expenses"].append({"expense_id": people.new_id(rng, "E", used),
                                       "household_id": hid, "kind": expense["kind"],
                                       "monthly_amount": money(expense["amount"])})
        return hid, first, last

    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        edits = []
        for factor in ("0.5", "1.6", "2.5"):
            out = copy.deepcopy(raw)
            for income in out["incomes"]:
                income["amount"] = money(Decimal(income["amount"]) * Decimal(factor))
            edits.append(out)
        out = copy.deepcopy(raw)
        out["assets"][0]["value"] = money(Decimal(out["assets"][0]["value"]) + 3500)
        edits.append(out)
        if len(raw["members"]) > 1:
            out = copy.deepcopy(raw)
            out["members"].pop()
            out["incomes"] = [i for i in out["incomes"] if i["member"] < len(out["members"])]
            edits.append(out)
        if level >= 3:
            out = copy.deepcopy(raw)
            out["members"][0]["age"] = 61 if out["members"][0]["age"] < 60 else 45
            edits.append(out)
        return edits

    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        """Gross income exactly at the limit (still eligible), or assets exactly at it."""
        out = copy.deepcopy(raw)
        size = len(out["members"])
        if rng.random() < 0.5:
            out["incomes"] = [{"member": 0, "kind": "wages",
                               "amount": money(SIZES[min(size, 6)][0])}]
            out["on_file"] = ["id_proof", "pay_stub"]
            out["held"] = []
            for member in out["members"]:
                member["age"], member["disabled"] = min(member["age"], 50), False
        else:
            out["assets"] = [{"kind": "checking", "value": "3000.00"}]
            for member in out["members"]:
                member["age"], member["disabled"] = min(member["age"], 50), False
        return out

    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        action = "pay" if values["decision"] == "approve" else values["decision"]
        amount = money(values["amount"]) if action == "pay" else None
        return Decision(action, amount, (values["reason"],))

    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        out, row = self._decided(tables, case, decision, "approved", "submitted_date")
        if decision.action == "pay":
            row["monthly_benefit"] = decision.amount
        return out

    def _arg(self, tool: str) -> str:
        return {"get_application": "application_id", "list_documents": "application_id"}.get(
            tool, "household_id")


class EligibilityGenerator(BusinessGenerator):
    """Benefits eligibility: approve a monthly benefit to the cent, deny, or escalate."""

    name = "business/eligibility"
    version = "1"
    domain = EligibilityDomain()


