"""Pieces that several business domains build the same way, written once.

Rule-set fragments (the refund domains' authority check and final decision), the draw of
a missing document, and one-field edits for twin cases. Each helper consumes the random
generator exactly as the code it replaced did, so generated tasks do not change.
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

from .rules import Formula, Row, Table, Test


def refund_decision(authority_id: str, decision_id: str,
                    authority: Decimal | None) -> list[Any]:
    """The last nodes of a refund domain's rules (`outcome`, `reason_code` and
    `refund_amount` given): with an `authority`, table `authority_id` marks refunds above
    it and they become escalations (ABOVE_AUTHORITY); then formulas `decision_id`.1-.3
    give the decision, its reason code and the amount to refund."""
    nodes: list[Any] = []
    if authority is not None:
        nodes.append(Table(authority_id, "Authority", "first", ("refund_amount",),
                           ("authorised",), (
            Row(f"{authority_id}.1", {"refund_amount": Test("gt", authority)},
                {"authorised": False}),
            Row(f"{authority_id}.2", {}, {"authorised": True}),
        ), guard='outcome == "refund"'))
        decision = ('("escalate" if not authorised else "refund") if outcome == "refund" '
                    "else outcome")
        reason = ('("ABOVE_AUTHORITY" if not authorised else reason_code) '
                  'if outcome == "refund" else reason_code')
    else:
        decision, reason = "outcome", "reason_code"
    nodes += [
        Formula(f"{decision_id}.1", "Decision", "decision", decision, cite=False),
        Formula(f"{decision_id}.2", "Reason code", "reason", reason, cite=False),
        Formula(f"{decision_id}.3", "Amount to refund", "amount",
                'refund_amount if decision == "refund" else 0', cite=False),
    ]
    return nodes


def missing_documents(rng: random.Random, needed: list[str],
                      level: int) -> tuple[list[str], list[str]]:
    """Which of the `needed` documents are on file, and which missing one the customer
    holds: from level 4, half the cases lack one, and the customer has it 3 times in 4."""
    on_file = list(needed)
    held: list[str] = []
    if level >= 4 and rng.random() < 0.5:
        missing = rng.choice(needed)
        on_file.remove(missing)
        if rng.random() < 0.75:
            held.append(missing)
    return on_file, held


class Edits:
    """One-field edits of a raw case, collected in order of preference (for twin_edits):
    `edit(field=value)` adds a deep copy of the raw case with that change."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.raw = raw
        self.edits: list[dict[str, Any]] = []

    def __call__(self, **changes: Any) -> None:
        out = copy.deepcopy(self.raw)
        out.update(changes)
        self.edits.append(out)
