"""The business reward: right end state, right decision, clean process, cited rules.

Gates (any one failing scores 0, with the reason):

1. process minefields, read from the episode's event log (see `minefields`);
2. a decision was recorded on the case (doing nothing, or only talking, earns 0);
3. the decision is the gold one: action, amount to the cent, reason codes;
4. the end state equals the gold end state field by field (nothing else changed).

When all hold, the reward is 0.7 + 0.3 × the Jaccard overlap of the cited rule ids with
the rules that decided the case, so full reward requires citing exactly those rules.
Reasons name what went wrong, never the gold value.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from verticals.errors import BrokenTaskError
from verticals.tasks.business import world
from verticals.types import Score, Task, Trajectory

CITATION_WEIGHT = 0.3
_REFERENCE_KEYS = ("requester", "case_id", "decision", "cited", "gold_state",
                   "required_reads", "required_docs", "required_asks", "limit", "world")


def minefields(events: list[dict[str, Any]], reference: dict[str, Any]) -> list[str]:
    """Process rules broken in the episode, in the order they were broken."""
    broken: list[str] = []
    requester = reference["requester"]
    case_id = reference["case_id"]
    required_reads = {(tool, str(record)) for tool, record in reference["required_reads"]}
    required_docs = set(reference["required_docs"])
    on_file = {d.get("kind") for d in reference["world"].get("documents", [])
               if _case_of(d, reference) == case_id}
    reads: set[tuple[str, str]] = set()
    asked: set[str] = set()
    limit = Decimal(reference["limit"])
    for event in events:
        kind, detail = event.get("kind"), event.get("detail") or {}
        if kind == "read":
            reads.add((str(event.get("tool")), str(event.get("target"))))
            others = [o for o in detail.get("owners") or [] if o != requester]
            if others and not str(event.get("tool")).startswith("find_"):
                broken.append(f"{event.get('tool')} read another customer's record")
            continue
        if kind == "ask" and detail.get("answered"):
            asked.add(str(detail.get("field")))
        if kind in ("decision", "request") and event.get("owner") != requester:
            broken.append(f"{event.get('tool')} on another customer's record")
            continue
        if kind == "request":
            if detail.get("kind") not in required_docs:
                broken.append("requested a document the policy does not require")
            if detail.get("received"):
                on_file.add(detail.get("kind"))
        if kind != "decision":
            continue
        if not required_reads <= reads:
            broken.append("decided before reading what the policy requires")
        if not set(reference["required_asks"]) <= asked:
            broken.append("decided before asking the customer for a missing fact")
        if detail.get("action") == "pay":
            if not required_docs <= on_file:
                broken.append("approved without a required document on file")
            if _decimal(detail.get("amount")) > limit:
                broken.append("paid more than a limit allows")
    return broken


def _case_of(document: dict[str, Any], reference: dict[str, Any]) -> Any:
    for key, value in document.items():
        if key.endswith("_id") and key != "document_id":
            return value
    return None


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _decision_matches(event: dict[str, Any], gold: dict[str, Any]) -> str | None:
    detail = event.get("detail") or {}
    if detail.get("action") != gold["action"]:
        return "wrong decision"
    if gold["action"] == "pay" and _decimal(detail.get("amount")) != _decimal(gold["amount"]):
        return "wrong amount"
    for key, value in gold.items():
        if key not in ("action", "amount", "reason_codes") and detail.get(key) != value:
            return f"wrong {key}"
    if sorted(detail.get("reason_codes") or []) != sorted(gold["reason_codes"]):
        return "wrong reason codes"
    return None


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Judge a business episode from its end state (tables and event log) alone."""
    reference = task.reference
    missing = [k for k in _REFERENCE_KEYS if k not in reference]
    if missing:
        raise BrokenTaskError(f"task reference lacks {', '.join(missing)}")
    state = trajectory.state or {}
    tables, events = state.get("tables"), state.get("events")
    if not isinstance(tables, dict) or not isinstance(events, list):
        return Score.zero("no end state recorded (the episode never ran its world)")
    broken = minefields(events, reference)
    if broken:
        return Score.zero("minefield: " + broken[0], process=0.0)
    decisions = [e for e in events if e.get("kind") == "decision"
                 and e.get("target") == reference["case_id"]]
    if not decisions:
        return Score.zero("no decision recorded on the case", process=1.0, decision=0.0)
    problem = _decision_matches(decisions[0], reference["decision"])
    if problem:
        return Score.zero(problem, process=1.0, decision=0.0)
    differences = world.diff(reference["gold_state"], tables)
    if differences:
        return Score.zero("end state differs: " + differences[0], process=1.0, decision=1.0,
                          state=0.0)
    cited = set((decisions[0].get("detail") or {}).get("rule_ids") or [])
    gold = set(reference["cited"])
    overlap = len(cited & gold) / len(cited | gold) if cited | gold else 1.0
    value = round(1.0 - CITATION_WEIGHT + CITATION_WEIGHT * overlap, 6)
    reason = "right decision, clean process, end state matches"
    reason += "; every deciding rule cited" if overlap == 1.0 else "; citations incomplete"
    return Score(reward=value, components={"process": 1.0, "decision": 1.0, "state": 1.0,
                                           "citation": overlap}, reason=reason)
