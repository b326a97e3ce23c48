"""business/rules-v0: bring your own rules, get an environment.

A rule pack is one JSON file: the rules (our format under `rules`, or a GoRules JDM graph
under `jdm` plus its input `fields`), and `outcome`, naming the outputs that hold the
decision (`approve`, `deny` or `escalate`), the amount (optional) and the reason code.
From it come: cases drawn across every field's range (config `variant`: free draws,
values exactly on the rules' thresholds, or twins — one field edited so the decision
flips), the gold from our engine, and the policy document rendered from the rules.

The world is generic: customers, their cases, and each case's facts (one row per input
field). Difficulty adds other customers' cases (from 2, a namesake from 3) and facts
missing from the file that the agent must ask the customer for (one from 3, two from 5).
The bundled example (`data/delivery_compensation.json`) is what docs/business.md walks
through.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field

from . import people, world
from .domain import BusinessConfig, BusinessGenerator, Case, Decision, Domain
from .rules import RuleFormatError, RuleSet, evaluate, from_json, money
from .rules.cases import draw_as_of, draw_inputs, on_boundary, thresholds
from .rules.jdm import from_jdm

EXAMPLE = "delivery_compensation.json"
SCHEMA: world.Schema = {
    "customers": ("customer_id", "name", "email"),
    "cases": ("case_id", "customer_id", "subject", "submitted_date", "status", "amount",
              "reason_codes"),
    "facts": ("fact_id", "case_id", "field", "label", "value"),
}


@dataclass(frozen=True)
class RulePack:
    """A user's rules with the names of the outputs that make the decision."""

    title: str
    rules: RuleSet
    decision: str
    amount: str | None
    reason: str
    digest: str


def read_pack(text: str, origin: str = "rule pack") -> RulePack:
    """Parse a rule pack; errors say what is missing and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RuleFormatError(f"{origin} is not JSON: {exc}") from None
    outcome = data.get("outcome") or {}
    if "decision" not in outcome or "reason" not in outcome:
        raise RuleFormatError(f"{origin}: 'outcome' must name the 'decision' and 'reason' "
                              "outputs (and optionally 'amount')")
    names = [outcome["decision"], outcome.get("amount"), outcome["reason"]]
    decision = tuple(n for n in names if n)
    if "rules" in data:
        rules = from_json({**data["rules"], "decision": list(decision)})
    elif "jdm" in data and "fields" in data:
        rules = from_jdm(data["jdm"], data["fields"], rule_id=data.get("id", "jdm"),
                         title=data.get("title", "Rules"), decision=decision)
    else:
        raise RuleFormatError(f"{origin}: give 'rules' (our format) or 'jdm' with 'fields'")
    return RulePack(title=data.get("title", rules.title), rules=rules,
                    decision=outcome["decision"], amount=outcome.get("amount"),
                    reason=outcome["reason"],
                    digest=hashlib.sha256(text.encode()).hexdigest()[:12])


@lru_cache(maxsize=32)
def load_pack(path: str) -> RulePack:
    """The pack at `path` (empty: the bundled example), parsed once per process."""
    if not path:
        text = (resources.files("verticals.tasks.business") / "data" / EXAMPLE).read_text()
        return read_pack(text, EXAMPLE)
    return read_pack(Path(path).expanduser().read_text(encoding="utf-8"), path)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(value)


def _typed(value: Any) -> Any:
    if isinstance(value, str) and value and value.lstrip("-").replace(".", "", 1).isdigit():
        return Decimal(value)
    return value


class RulesDomain(Domain):
    """A generic case world over any rule pack."""

    name = "rule-pack cases"
    schema = SCHEMA
    case_table = "cases"
    case_key = "case_id"
    owners: ClassVar[dict[str, str]] = {"customers": "customer_id", "cases": "customer_id"}
    document_kinds = ()
    pay_tool = "approve"

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.askable = tuple(sorted(pack.rules.fields))

    def rules(self, level: int) -> RuleSet:
        return self.pack.rules

    def preamble(self, level: int) -> str:
        return "\n".join([
            "## Process rules (breaking one voids the case, whatever the decision)",
            "",
            "- **P-1** Before deciding a case, read it (get_case) and its facts (list_facts).",
            "- **P-2** Read and act only on records of the customer who wrote to you "
            "(search results of find_customers excepted); customers may share a name, so "
            "match the customer id.",
            "- **P-3** If a fact the rules need is missing from the case's facts, ask the "
            "customer with ask_customer (the field name) before deciding.",
            "- **P-4** Record exactly one decision (approve with the amount, deny, or "
            "escalate) with the reason code the rules give; never pay more than they give.",
            "",
            "## Definitions",
            "",
            "- Each rule input is one fact of the case (list_facts), named by its field.",
            "- Rules with effective dates apply by the case's submitted date.",
        ])

    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        """A free draw, balanced over outcomes: of a dozen candidates, grouped by their
        (decision, reason), a random group's first case (rare rules still get played)."""
        rules = self.pack.rules
        groups: dict[tuple[str, str], dict[str, Any]] = {}
        for _ in range(12):
            candidate = draw_inputs(rules, rng)
            values = evaluate(rules, candidate, None).values
            key = (str(values.get(self.pack.decision)), str(values.get(self.pack.reason)))
            groups.setdefault(key, candidate)
        inputs = groups[rng.choice(sorted(groups))]
        missing_count = 0 if level < 3 else (1 if level < 5 else 2)
        missing = sorted(rng.sample(sorted(rules.fields), min(missing_count, len(rules.fields))))
        return {"inputs": {k: _text(v) for k, v in inputs.items()},
                "as_of": draw_as_of(rules, rng).isoformat(), "missing": missing}

    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        rules = self.pack.rules
        used: set[str] = set()
        tables: world.Tables = {name: [] for name in SCHEMA}
        first, last = people.person(rng)
        as_of = dt.date.fromisoformat(raw["as_of"])
        cid, case_id = self._customer_case(tables, rng, used, (first, last), as_of,
                                           raw["inputs"], raw["missing"])
        for index in range({1: 0, 2: 1, 3: 2, 4: 3, 5: 4}[level]):
            name = (first, last) if level >= 3 and index == 0 else people.person(rng)
            other = {k: _text(v) for k, v in draw_inputs(rules, rng).items()}
            self._customer_case(tables, rng, used, name, as_of, other, [])
        inputs = {k: _typed(v) if rules.fields[k].type == "number" else
                  (v == "true" if rules.fields[k].type == "boolean" else v)
                  for k, v in raw["inputs"].items()}
        values = evaluate(rules, inputs, as_of).values
        gold_amount = values.get(self.pack.amount) if self.pack.amount else None
        request = (f"Hello, I'm {first} {last} (customer id {cid}). Please decide my case "
                   f"{case_id}.")
        return Case(
            tables=tables, requester=cid, case_id=case_id, request=request, inputs=inputs,
            as_of=as_of, answers={k: raw["inputs"][k] for k in raw["missing"]},
            required_reads=[["get_case", case_id], ["list_facts", case_id]],
            required_asks=list(raw["missing"]),
            limit=Decimal(money(gold_amount)) if gold_amount is not None else Decimal(0),
        )

    def _customer_case(self, tables: world.Tables, rng: random.Random, used: set[str],
                       name: tuple[str, str], as_of: dt.date, inputs: dict[str, str],
                       missing: list[str]) -> tuple[str, str]:
        cid = people.new_id(rng, "C", used)
        case_id = people.new_id(rng, "K", used)
        tables["customers"].append({"customer_id": cid, "name": f"{name[0]} {name[1]}",
                                    "email": people.email(*name, int(cid[2:]))})
        tables["cases"].append({"case_id": case_id, "customer_id": cid,
                                "subject": self.pack.title, "submitted_date": as_of.isoformat(),
                                "status": "pending", "amount": None, "reason_codes": None})
        for field in sorted(inputs):
            if field in missing:
                continue
            tables["facts"].append({"fact_id": f"F-{case_id}-{field}", "case_id": case_id,
                                    "field": field, "label": self.pack.rules.label(field),
                                    "value": inputs[field]})
        return cid, case_id

    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        rules = self.pack.rules
        limits = thresholds(rules)
        edits = []
        for field in sorted(rules.fields):
            spec = rules.fields[field]
            if spec.type == "boolean":
                values = ["false" if raw["inputs"][field] == "true" else "true"]
            elif spec.type == "string":
                values = [v for v in spec.values if v != raw["inputs"][field]]
            else:
                unit = Decimal(1).scaleb(-spec.places)
                values = [_text(v + d) for v in limits.get(field, [])
                          for d in (-unit, Decimal(0), unit)
                          if (spec.minimum is None or v + d >= spec.minimum)
                          and (spec.maximum is None or v + d <= spec.maximum)]
            for value in values:
                out = copy.deepcopy(raw)
                out["inputs"][field] = value
                edits.append(out)
        return edits

    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        rules = self.pack.rules
        inputs = {k: _typed(v) for k, v in raw["inputs"].items()}
        edited = on_boundary(rules, inputs, rng)
        return {**raw, "inputs": {k: _text(v) for k, v in edited.items()}}

    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        verdict = values.get(self.pack.decision)
        if verdict not in ("approve", "deny", "escalate"):
            raise RuleFormatError(f"output {self.pack.decision!r} is {verdict!r}; it must be "
                                  "approve, deny or escalate")
        reason = str(values.get(self.pack.reason))
        if verdict == "approve":
            amount = values.get(self.pack.amount) if self.pack.amount else 0
            return Decision("pay", money(amount or 0), (reason,))
        return Decision(verdict, None, (reason,))

    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        out = copy.deepcopy(tables)
        row = next(r for r in out["cases"] if r["case_id"] == case.case_id)
        for field, value in case.answers.items():
            out["facts"].append({"fact_id": f"F-{case.case_id}-{field}",
                                 "case_id": case.case_id, "field": field,
                                 "label": self.pack.rules.label(field), "value": value})
        row["reason_codes"] = ",".join(decision.reason_codes)
        row["status"] = {"pay": "approved", "deny": "denied",
                         "escalate": "escalated"}[decision.action]
        if decision.action == "pay":
            row["amount"] = decision.amount
        return out

    def _arg(self, tool: str) -> str:
        return "case_id"


class RulesConfig(BusinessConfig):
    rules_path: str = Field(
        default="",
        description="Path to a rule pack (JSON: our format or JDM plus fields); empty "
                    "plays the bundled late-delivery example.",
    )


class RulesGenerator(BusinessGenerator):
    """Cases, gold and a policy document from a user's own rule pack."""

    name = "business/rules"
    version = "1"
    Config = RulesConfig

    def draft(self, seed: int, config: Any) -> Any:
        pack = load_pack(config.rules_path)
        self.domain = domain_for(pack)
        made = super().draft(seed, config)
        made.metadata.update(pack=pack.rules.id, pack_digest=pack.digest)
        return made


_DOMAINS: dict[str, RulesDomain] = {}


def domain_for(pack: RulePack) -> RulesDomain:
    """One domain object per pack (by content digest)."""
    if pack.digest not in _DOMAINS:
        _DOMAINS[pack.digest] = RulesDomain(pack)
    return _DOMAINS[pack.digest]
