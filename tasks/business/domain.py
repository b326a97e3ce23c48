"""What every business domain shares: cases, the seeded generator, gold and oracle.

A domain says how to draw a raw case (`sample`), how a raw case becomes a database world
plus the rule engine's inputs (`build`), which one-field edits may flip a decision
(`twin_edits`) and where its thresholds are (`boundary`). The generator runs the rule
engine on the inputs for the gold decision and the rules that fired, renders the policy
document from the same rule set, and writes the gold end state and the oracle's calls.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Literal

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, TaskSource
from verticals.toolcalls import format_text_call

from . import world
from .rules import RuleSet, evaluate, money, render

Variant = Literal["any", "boundary", "twin"]


class BusinessConfig(DifficultyConfig):
    variant: Variant = Field(
        default="any",
        description=(
            "any: cases drawn freely; boundary: a value sits exactly on a rule's threshold; "
            "twin: seeds 2k and 2k+1 are one case and a one-field edit of it that flips "
            "the decision."
        ),
    )


@dataclass
class Case:
    """One generated case: the world, who asks, and what the rules need to know."""

    tables: world.Tables
    requester: str
    case_id: str
    request: str
    inputs: dict[str, Any]
    as_of: dt.date
    #: What the scripted customer can supply: documents they hold, answers they know.
    documents_held: list[str] = field(default_factory=list)
    answers: dict[str, Any] = field(default_factory=dict)
    #: Reads the policy requires before a decision: [tool name, record id].
    required_reads: list[list[str]] = field(default_factory=list)
    #: Documents the policy requires on file before an approval (kinds).
    required_docs: list[str] = field(default_factory=list)
    #: Facts missing from the records that must be asked for before deciding.
    required_asks: list[str] = field(default_factory=list)
    #: Required documents not on file at the start (the gold requests them).
    docs_to_request: list[str] = field(default_factory=list)
    #: Largest amount the agent may pay out on this case.
    limit: Decimal = Decimal(0)
    #: The amount the customer asks for (what a naive agent would pay).
    claimed: Decimal = Decimal(0)


@dataclass(frozen=True)
class Decision:
    """The gold decision: which action, the amount to the cent, the reason codes."""

    action: str
    amount: str | None
    reason_codes: tuple[str, ...]
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"action": self.action, "amount": self.amount,
                "reason_codes": list(self.reason_codes), **self.extra}


class Domain(ABC):
    """One business domain: its records, its rules and its scripted customer."""

    name: str
    schema: world.Schema
    #: The table and key column of the record the agent decides on.
    case_table: str
    case_key: str
    #: Table/column pairs that record, for each row, which customer owns it.
    owners: dict[str, str]
    #: Fields the agent may ask the customer about with ask_customer.
    askable: tuple[str, ...] = ()
    #: Document kinds that exist in this domain (request_document's enum).
    document_kinds: tuple[str, ...] = ()
    #: Decision tool names this domain offers (besides deny and escalate).
    pay_tool: str = "approve"

    @abstractmethod
    def rules(self, level: int) -> RuleSet:
        """The rule set in play at `level` (more rules, and interacting ones, as it rises)."""

    @abstractmethod
    def preamble(self, level: int) -> str:
        """Process rules and definitions (how rule inputs are read off the records)."""

    @abstractmethod
    def sample(self, rng: random.Random, level: int) -> dict[str, Any]:
        """Draw a raw case: the facts from which both world and rule inputs follow."""

    @abstractmethod
    def build(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        """The world and the rule inputs for `raw`; `rng` only adds distractor records."""

    @abstractmethod
    def twin_edits(self, raw: dict[str, Any], level: int) -> list[dict[str, Any]]:
        """Copies of `raw` with one field changed, in order of preference."""

    @abstractmethod
    def boundary(self, raw: dict[str, Any], level: int, rng: random.Random) -> dict[str, Any]:
        """A copy of `raw` with one value exactly on a threshold of the rules."""

    @abstractmethod
    def decide(self, values: dict[str, Any], case: Case) -> Decision:
        """The gold decision from the engine's outputs."""

    @abstractmethod
    def apply(self, tables: world.Tables, case: Case, decision: Decision) -> world.Tables:
        """The gold end state: the world after the decision (and received documents)."""

    def _decided(self, tables: world.Tables, case: Case, decision: Decision,
                 paid_status: str, received_after: str = "") -> tuple[world.Tables,
                                                                     dict[str, Any]]:
        """A copy of `tables` with what every decision writes on the case row: the
        customer's answers, the documents they sent (filed five days after the row's
        `received_after` date), the reason codes and the status (`paid_status` on a
        payment). Returns the copy and the row, for the payment's own effects."""
        out = copy.deepcopy(tables)
        row = next(r for r in out[self.case_table] if r[self.case_key] == case.case_id)
        for field_name, value in case.answers.items():
            row[field_name] = value
        if case.documents_held:
            received = dt.date.fromisoformat(row[received_after]) + dt.timedelta(days=5)
            for kind in case.documents_held:
                out["documents"].append({"document_id": f"DOC-{case.case_id}-{kind}",
                                         self.case_key: case.case_id, "kind": kind,
                                         "received_date": received.isoformat()})
        row["reason_codes"] = ",".join(decision.reason_codes)
        if decision.action == "pay":
            row["status"] = paid_status
        else:
            row["status"] = "denied" if decision.action == "deny" else "escalated"
        return out, row

    def read_calls(self, case: Case) -> list[tuple[str, dict[str, Any]]]:
        """The gold's reads: the required ones."""
        return [(tool, {self._arg(tool): record}) for tool, record in case.required_reads]

    @abstractmethod
    def _arg(self, tool: str) -> str:
        """The argument name a read tool takes its record id in."""

    def decision_call(self, case: Case, decision: Decision, cited: list[str]
                      ) -> tuple[str, dict[str, Any]]:
        args: dict[str, Any] = {self.case_key: case.case_id,
                                "reason_codes": list(decision.reason_codes),
                                "rule_ids": cited}
        if decision.action == "pay":
            args["amount"] = decision.amount
            args.update(decision.extra)
            return self.pay_tool, args
        return decision.action, args


def _rng(name: str, version: str, seed: int) -> random.Random:
    return random.Random(f"{name}/{version}/{seed}")


class BusinessGenerator(TaskSource):
    """Seeded cases of one domain; subclasses set `domain`, `name`, `version`."""

    Config = BusinessConfig
    domain: Domain
    _rule_cache: ClassVar[dict[tuple[int, int], tuple[RuleSet, str]]] = {}

    def draft(self, seed: int, config: Any) -> Draft:
        level = config.difficulty
        if config.variant == "twin":
            return self._twin(seed, level)
        rng = _rng(self.name, self.version, seed)
        raw = self.domain.sample(rng, level)
        if config.variant == "boundary":
            raw = self.domain.boundary(raw, level, rng)
        return self._draft(raw, level, rng, {"variant": config.variant})

    def _twin(self, seed: int, level: int) -> Draft:
        """Seed 2k is a case, seed 2k+1 a one-field edit of it with another decision."""
        base_seed, side = divmod(seed, 2)
        for attempt in range(20):
            rng = _rng(self.name, self.version, base_seed * 20 + attempt)
            raw = self.domain.sample(rng, level)
            state = rng.getstate()
            first = self._outcome(raw, level, random.Random(0))
            for edited in self.domain.twin_edits(raw, level):
                try:
                    second = self._outcome(edited, level, random.Random(0))
                except ValueError:
                    continue
                if second != first:
                    chosen = raw if side == 0 else edited
                    rng.setstate(state)
                    return self._draft(chosen, level, rng, {
                        "variant": "twin", "twin_of": base_seed, "twin_side": side})
        rng = _rng(self.name, self.version, seed)
        return self._draft(self.domain.sample(rng, level), level, rng, {"variant": "twin"})

    def _rules_and_policy(self, level: int) -> tuple[RuleSet, str]:
        """The level's rule set and its rendered document, made once per domain and level."""
        key = (id(self.domain), level)
        cache = BusinessGenerator._rule_cache
        if key not in cache:
            rules = self.domain.rules(level)
            cache[key] = (rules, render(rules, self.domain.preamble(level), heading_level=1))
        return cache[key]

    def _case(self, raw: dict[str, Any], level: int, rng: random.Random) -> Case:
        """The domain's case, holding only documents the gold will ask for (a twin's edit
        can make a document the customer holds no longer required)."""
        case = self.domain.build(raw, level, rng)
        case.documents_held = [d for d in case.documents_held if d in case.docs_to_request]
        return case

    def _outcome(self, raw: dict[str, Any], level: int, rng: random.Random) -> Decision:
        case = self._case(raw, level, rng)
        rules, _ = self._rules_and_policy(level)
        return self.domain.decide(evaluate(rules, case.inputs, case.as_of).values, case)

    def _draft(self, raw: dict[str, Any], level: int, rng: random.Random,
               meta: dict[str, Any]) -> Draft:
        domain = self.domain
        case = self._case(raw, level, rng)
        rules, policy = self._rules_and_policy(level)
        outcome = evaluate(rules, case.inputs, case.as_of)
        decision = domain.decide(outcome.values, case)
        cited = sorted(outcome.cited)
        gold = world.canonical(domain.schema, domain.apply(case.tables, case, decision))
        system = (
            f"You are a case handler working through tools on a {domain.name} system. "
            "Read the records you need, ask the customer or request documents when the "
            "policy requires them, then record exactly one decision with the tool for it, "
            "citing the ids of the rules that decide the case (rule_ids) and the reason "
            "codes they give. When you are done, reply with a short message and no tool "
            "call.\n\n" + policy
        )
        oracle = self._oracle(case, decision, cited)
        reference = {
            "world": case.tables,
            "requester": case.requester,
            "case_id": case.case_id,
            "documents_held": case.documents_held,
            "answers": {k: v for k, v in case.answers.items()},
            "decision": decision.as_json(),
            "cited": cited,
            "gold_state": gold,
            "required_reads": case.required_reads,
            "required_docs": case.required_docs,
            "required_asks": case.required_asks,
            "limit": money(case.limit),
            "claimed": money(case.claimed),
        }
        metadata = {"domain": domain.name, "difficulty": level, "rules": rules.id, **meta}
        return Draft(
            prompt=[{"role": "system", "content": system},
                    {"role": "user", "content": case.request}],
            reference=json.loads(json.dumps(reference, default=str)),
            oracle=oracle,
            metadata=metadata,
        )

    def _oracle(self, case: Case, decision: Decision, cited: list[str]) -> list[str]:
        domain = self.domain
        turns = ["".join(format_text_call(n, a) for n, a in domain.read_calls(case))]
        asks = [("ask_customer", {"field": f}) for f in case.required_asks]
        asks += [("request_document", {domain.case_key: case.case_id, "kind": k})
                 for k in case.docs_to_request]
        if asks:
            turns.append("".join(format_text_call(n, a) for n, a in asks))
        name, args = domain.decision_call(case, decision, cited)
        turns.append(format_text_call(name, args))
        turns.append(f"Decision recorded for {case.case_id}.")
        return turns
