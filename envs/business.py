"""Business episodes: a per-episode SQLite world, typed read tools, action tools, and a
deterministic scripted customer (facts only through ask_customer / request_document).

The world is built in `on_reset` from the rows the task carries and closed in
`on_release`. Every successful tool call is logged as an event (what was read, asked,
requested or decided, and whose record it was); the end state is the dump of every table
plus that log, which is all the reward needs, live or offline.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from pydantic import Field

from verticals.env import MultiTurnConfig, TextEnv
from verticals.tasks.business import world
from verticals.tasks.business.billing import BillingDomain
from verticals.tasks.business.claims import ClaimsDomain
from verticals.tasks.business.custom import domain_for, load_pack
from verticals.tasks.business.domain import Domain
from verticals.tasks.business.eligibility import EligibilityDomain
from verticals.tasks.business.refunds import RefundsDomain
from verticals.tasks.business.rules import money
from verticals.tools import Tool, ToolError
from verticals.types import Task

MAX_LIST = 50
_STR = {"type": "string", "maxLength": 200}
_CODES = {"type": "array", "items": {"type": "string", "maxLength": 60}, "maxItems": 20}


class BusinessEpisodeConfig(MultiTurnConfig):
    max_turns: int = Field(default=24, ge=1, le=1000, description="Agent messages per episode.")
    max_tool_calls: int = Field(default=80, ge=0, le=10_000,
                                description="Tool calls per episode.")


@dataclass(frozen=True)
class Read:
    """A read tool: rows of `table` whose `column` equals the argument (one or many)."""

    name: str
    table: str
    column: str
    description: str
    many: bool = False


class BusinessEnv(TextEnv):
    """Shared mechanics; subclasses set `domain` and `reads`."""

    Config = BusinessEpisodeConfig
    domain: ClassVar[Domain]
    reads: ClassVar[tuple[Read, ...]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._db: sqlite3.Connection | None = None
        self._events: list[dict[str, Any]] = []
        self._ref: dict[str, Any] = {}
        super().__init__(*args, **kwargs)

    # --- lifecycle -----------------------------------------------------------------

    def on_reset(self, task: Task) -> None:
        self._ref = task.reference
        self._db = world.create(self.domain.schema, task.reference.get("world", {}))
        self._events = []

    def on_release(self) -> None:
        if self._db is not None:
            self._db.close()
        self._db = None

    def end_state(self) -> dict[str, Any]:
        if self._db is None:
            return {}
        return {"tables": world.dump(self._db, self.domain.schema),
                "events": [dict(e) for e in self._events]}

    def live_world(self) -> Any:
        return self._db

    # --- tools ---------------------------------------------------------------------

    def tools(self) -> list[Tool]:
        tools = [self._read_tool(spec) for spec in self.reads]
        key = self.domain.case_key
        decision_args = {
            key: {**_STR, "description": "The record decided on."},
            "reason_codes": {**_CODES, "description": "Reason codes the rules give."},
            "rule_ids": {**_CODES, "description": "Ids of the rules that decide the case."},
        }
        pay_args = {**decision_args,
                    "amount": {"type": ["string", "number"],
                               "description": "Amount in dollars, to the cent."}}
        pay_args.update(self.pay_extra())
        tools += [
            self._make(self.domain.pay_tool, self.pay_description(), _obj(pay_args),
                       self._decision_tool("pay")),
            self._make("deny", "Deny the request, with the reason codes and the rule ids.",
                       _obj(decision_args), self._decision_tool("deny")),
            self._make("escalate", "Hand the case to a senior handler, with reason codes and "
                       "rule ids (a decision: the case is closed for you).",
                       _obj(decision_args), self._decision_tool("escalate")),
            self._make("send_message", "Send a message to the customer (no effect on records).",
                 _obj({"text": {"type": "string", "maxLength": 4000}}), self._message),
        ]
        if self.domain.document_kinds:
            tools.append(self._make(
                "request_document", "Ask the customer for a document for a case; it is "
                "filed if they have it.",
                _obj({key: _STR, "kind": {"type": "string",
                                          "enum": list(self.domain.document_kinds)}}),
                self._request_document))
        if self.domain.askable:
            tools.append(self._make(
                "ask_customer", "Ask the customer who wrote to you for a fact; their answer "
                "is recorded on the case.",
                _obj({"field": {"type": "string", "enum": list(self.domain.askable)}}),
                self._ask))
        return tools

    def pay_description(self) -> str:
        return "Approve the case and pay an amount, with reason codes and rule ids."

    def pay_extra(self) -> dict[str, Any]:
        return {}

    def _read_tool(self, spec: Read) -> Tool:
        def run(**arguments: Any) -> str:
            return self._read(spec, str(arguments[spec.column]))

        return self._make(spec.name, spec.description,
                          _obj({spec.column: {**_STR, "description": f"The {spec.column}."}}),
                          run)

    def _make(self, name: str, description: str, parameters: dict[str, Any],
              run: Any) -> Tool:
        return _tool(type(self), name, description, parameters, run)

    # --- mechanics -----------------------------------------------------------------

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise ToolError("no episode is running; call reset()")
        return self._db

    def _rows(self, table: str, column: str, value: Any) -> list[dict[str, Any]]:
        key = self.domain.schema[table][0]
        cursor = self._conn().execute(
            f'SELECT * FROM "{table}" WHERE "{column}" = ? ORDER BY "{key}" LIMIT ?',
            (value, MAX_LIST))
        return [dict(r) for r in cursor.fetchall()]

    def _owner(self, table: str, row: dict[str, Any]) -> str | None:
        column = self.domain.owners.get(table)
        if column:
            return row.get(column)
        case_key = self.domain.case_key
        if row.get(case_key):  # documents etc. belong to whoever owns their case
            found = self._rows(self.domain.case_table, case_key, row[case_key])
            return self._owner(self.domain.case_table, found[0]) if found else None
        return None

    def _log(self, tool: str, event: str, target: str | None, owner: str | None,
             **detail: Any) -> None:
        self._events.append({"tool": tool, "kind": event, "target": target, "owner": owner,
                             "detail": detail})

    def _read(self, spec: Read, value: str) -> str:
        rows = self._rows(spec.table, spec.column, value)
        if not rows and not spec.many:
            raise ToolError(f"no {spec.table[:-1]} with {spec.column} {value}")
        owners = sorted({o for o in (self._owner(spec.table, r) for r in rows) if o})
        self._log(spec.name, "read", value, owners[0] if len(owners) == 1 else None,
                  owners=owners)
        return json.dumps(rows if spec.many else rows[0], indent=1)

    def _case(self, case_id: str) -> dict[str, Any]:
        rows = self._rows(self.domain.case_table, self.domain.case_key, case_id)
        if not rows:
            raise ToolError(f"no {self.domain.case_table[:-1]} with id {case_id}")
        return rows[0]

    def _open_case(self, case_id: str) -> dict[str, Any]:
        row = self._case(case_id)
        if row.get("status") != "pending":
            raise ToolError(f"{case_id} is not pending (status {row.get('status')}); "
                            "it cannot be decided again")
        return row

    def _decide(self, action: str, case_id: str, reason_codes: list[str],
                rule_ids: list[str], amount: str | None = None, **extra: Any) -> str:
        row = self._open_case(case_id)
        codes = sorted({c.strip() for c in reason_codes if c.strip()})
        if not codes:
            raise ToolError("give at least one reason code")
        self.domain_record(row, action, amount, codes, extra)
        self._conn().commit()
        self._log(self.domain.pay_tool if action == "pay" else action, "decision", case_id,
                  self._owner(self.domain.case_table, row), action=action, amount=amount,
                  reason_codes=codes, rule_ids=sorted({str(r) for r in rule_ids}), **extra)
        return f"Recorded: {case_id} {action if action != 'pay' else 'approved'}."

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        """Write the decision into the database (domain-specific effects)."""
        raise NotImplementedError

    def _update_case(self, row: dict[str, Any], action: str, paid_status: str,
                     codes: list[str], **columns: Any) -> None:
        """Set the case row's status (`paid_status` on a payment), reason codes and
        `columns` in one UPDATE; what a decision writes in every domain."""
        status = {"pay": paid_status, "deny": "denied", "escalate": "escalated"}[action]
        values = {"status": status, **columns, "reason_codes": ",".join(codes)}
        table, key = self.domain.case_table, self.domain.case_key
        assignments = ", ".join(f'"{column}" = ?' for column in values)
        self._conn().execute(f'UPDATE "{table}" SET {assignments} WHERE "{key}" = ?',
                             (*values.values(), row[key]))

    def _decision_tool(self, action: str) -> Callable[..., str]:
        """What the pay tool, deny and escalate run: one path to `_decide`; a payment's
        amount and domain-specific arguments are checked and normalised first."""
        def run(reason_codes: list[str], rule_ids: list[str], **arguments: Any) -> str:
            case_id = str(arguments.pop(self.domain.case_key))
            if action != "pay":
                return self._decide(action, case_id, reason_codes, rule_ids)
            amount = _amount(arguments.pop("amount"))
            return self._decide("pay", case_id, reason_codes, rule_ids, amount,
                                **self.normalize_extra(arguments))

        return run

    def normalize_extra(self, extra: dict[str, Any]) -> dict[str, Any]:
        """The pay tool's domain-specific arguments in the form records keep."""
        return extra

    def _message(self, text: str) -> str:
        self._log("send_message", "message", None, self._ref.get("requester"), chars=len(text))
        return "Message sent."

    def _today(self, row: dict[str, Any]) -> str:
        """The date documents arrive on: five days after the case was submitted."""
        submitted = row.get("submitted_date") or row.get("requested_date")
        return (dt.date.fromisoformat(submitted) + dt.timedelta(days=5)).isoformat()

    def _request_document(self, kind: str, **arguments: Any) -> str:
        case_id = str(arguments[self.domain.case_key])
        row = self._case(case_id)
        owner = self._owner(self.domain.case_table, row)
        doc_id = f"DOC-{case_id}-{kind}"
        if self._rows("documents", "document_id", doc_id):
            self._log("request_document", "request", case_id, owner, kind=kind,
                      received=False)
            return f"A {kind} is already on file for {case_id}."
        held = owner == self._ref.get("requester") and kind in self._ref.get(
            "documents_held", [])
        if held:
            self._conn().execute(
                'INSERT INTO "documents" VALUES (?, ?, ?, ?)',
                (doc_id, case_id, kind, self._today(row)))
            self._conn().commit()
        self._log("request_document", "request", case_id, owner, kind=kind, received=held)
        if held:
            return f"The customer sent the {kind}; it is on file as {doc_id}."
        return f"The customer replied that they have no {kind} to send."

    def _ask(self, field: str) -> str:
        answers = self._ref.get("answers", {})
        case_id = self._ref.get("case_id")
        self._log("ask_customer", "ask", case_id, self._ref.get("requester"), field=field,
                  answered=field in answers)
        if field not in answers:
            return self._no_answer(field)
        self._record_answer(case_id, field, answers[field])
        self._conn().commit()
        return self._answered(case_id, field, answers[field])

    def _no_answer(self, field: str) -> str:
        """What the customer says to a question the case does not need."""
        return f"The customer says: I'm not sure what you need about '{field}'."

    def _record_answer(self, case_id: Any, field: str, value: Any) -> None:
        """File the customer's answer: here, on the case row's own column."""
        table, key = self.domain.case_table, self.domain.case_key
        self._conn().execute(f'UPDATE "{table}" SET "{field}" = ? WHERE "{key}" = ?',
                             (value, case_id))

    def _answered(self, case_id: Any, field: str, value: Any) -> str:
        return (f"The customer says: my {field.replace('_', ' ')} is {value}. "
                f"(Recorded on {case_id}.)")


_TOOL_CACHE: dict[tuple[str, str], Tool] = {}


def _tool(owner: type, name: str, description: str, parameters: dict[str, Any],
          run: Any) -> Tool:
    """A Tool whose schema was checked once per env class (checking costs ~5 ms a tool)."""
    key = (f"{owner.__module__}.{owner.__qualname__}", json.dumps(
        [name, description, parameters], sort_keys=True))
    cached = _TOOL_CACHE.get(key)
    if cached is None:
        cached = _TOOL_CACHE[key] = Tool(name, description, parameters, run)
    tool = copy.copy(cached)
    tool.run = run
    return tool


def _obj(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties),
            "additionalProperties": False}


def _amount(value: Any) -> str:
    if isinstance(value, bool):
        raise ToolError("amount must be a number of dollars, e.g. 123.45")
    try:
        number = Decimal(str(value).strip().lstrip("$").replace(",", ""))
    except InvalidOperation:
        raise ToolError("amount must be a number of dollars, e.g. 123.45") from None
    if not number.is_finite() or number < 0 or number > Decimal(10) ** 9:
        raise ToolError("amount must be between 0 and 1,000,000,000")
    if number != number.quantize(Decimal("0.01")):
        raise ToolError("amount must be in whole cents")
    return money(number)


#: The reads of domains whose records belong to customers: find one by name, get one by id.
_CUSTOMER_READS = (
    Read("find_customers", "customers", "name", "Customers with this full name.", True),
    Read("get_customer", "customers", "customer_id", "One customer by id."),
)


class ClaimsEnv(BusinessEnv):
    """Insurance claims adjudication (business/claims-v0)."""

    domain = ClaimsDomain()
    reads = (
        *_CUSTOMER_READS,
        Read("list_policies", "policies", "customer_id", "A customer's policies.", True),
        Read("get_policy", "policies", "policy_id", "One policy by id."),
        Read("list_claims", "claims", "policy_id", "Every claim on a policy.", True),
        Read("get_claim", "claims", "claim_id", "One claim by id."),
        Read("list_documents", "documents", "claim_id", "Documents on file for a claim.",
             True),
    )

    def pay_description(self) -> str:
        return ("Approve a claim and pay `amount` dollars (to the cent), recording the "
                "deductible applied, with reason codes and the ids of the rules that "
                "decide it.")

    def pay_extra(self) -> dict[str, Any]:
        return {"deductible_applied": {"type": ["string", "number"],
                                       "description": "Deductible applied, in dollars."}}

    def normalize_extra(self, extra: dict[str, Any]) -> dict[str, Any]:
        return {**extra, "deductible_applied": _amount(extra["deductible_applied"])}

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        paid = action == "pay"
        self._update_case(row, action, "approved", codes,
                          amount_paid=amount if paid else row["amount_paid"],
                          deductible_applied=extra["deductible_applied"] if paid
                          else row["deductible_applied"])
        if paid:
            self._conn().execute("INSERT INTO payments VALUES (?, ?, ?)",
                                 (f"PAY-{row['claim_id']}", row["claim_id"], amount))


class RefundsEnv(BusinessEnv):
    """Returns and refunds (business/refunds-v0)."""

    domain = RefundsDomain()
    reads = (
        *_CUSTOMER_READS,
        Read("list_orders", "orders", "customer_id", "A customer's orders.", True),
        Read("get_order", "orders", "order_id", "One order by id."),
        Read("list_items", "order_items", "order_id", "The items of an order.", True),
        Read("list_returns", "returns", "customer_id", "A customer's returns.", True),
        Read("get_return", "returns", "return_id", "One return by id."),
        Read("list_documents", "documents", "return_id", "Documents on file for a return.",
             True),
    )

    def pay_description(self) -> str:
        return ("Refund a return: `amount` dollars (to the cent) by `method`, with reason "
                "codes and the ids of the rules that decide it.")

    def pay_extra(self) -> dict[str, Any]:
        return {"method": {"type": "string", "enum": ["original_payment", "store_credit"]}}

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        method = extra.get("method") if action == "pay" else None
        self._update_case(row, action, "refunded", codes, refund_amount=amount,
                          refund_method=method)
        if action == "pay":
            self._conn().execute("INSERT INTO refunds VALUES (?, ?, ?, ?)",
                                 (f"RF-{row['return_id']}", row["return_id"], amount, method))


class EligibilityEnv(BusinessEnv):
    """Benefits eligibility and amount (business/eligibility-v0)."""

    domain = EligibilityDomain()
    reads = (
        Read("find_households", "households", "applicant_name",
             "Households whose applicant has this full name.", True),
        Read("get_household", "households", "household_id", "One household by id."),
        Read("list_applications", "applications", "household_id",
             "A household's applications.", True),
        Read("get_application", "applications", "application_id", "One application by id."),
        Read("list_members", "members", "household_id", "A household's members.", True),
        Read("list_incomes", "incomes", "household_id", "A household's monthly incomes.", True),
        Read("list_assets", "assets", "household_id", "A household's assets.", True),
        Read("list_expenses", "expenses", "household_id", "A household's monthly expenses.",
             True),
        Read("list_documents", "documents", "application_id",
             "Documents on file for an application.", True),
    )

    def pay_description(self) -> str:
        return ("Approve an application with a monthly benefit of `amount` dollars (to the "
                "cent), with reason codes and the ids of the rules that decide it.")

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        self._update_case(row, action, "approved", codes, monthly_benefit=amount)


class RulesEnv(BusinessEnv):
    """A user's own rule pack as an environment (business/rules-v0)."""

    reads = (
        *_CUSTOMER_READS,
        Read("list_cases", "cases", "customer_id", "A customer's cases.", True),
        Read("get_case", "cases", "case_id", "One case by id."),
        Read("list_facts", "facts", "case_id", "The facts on file for a case.", True),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        config = kwargs.get("config")
        path = getattr(config, "rules_path", "") if config is not None else ""
        self.domain = domain_for(load_pack(path))  # type: ignore[misc]
        super().__init__(*args, **kwargs)

    def pay_description(self) -> str:
        return ("Approve a case, paying `amount` dollars (to the cent; 0 when the rules "
                "give no amount), with reason codes and the ids of the deciding rules.")

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        self._update_case(row, action, "approved", codes, amount=amount)

    def _no_answer(self, field: str) -> str:
        return f"The customer says: the {field.replace('_', ' ')} is already on file."

    def _record_answer(self, case_id: Any, field: str, value: Any) -> None:
        """A rule pack's case has no column per field: the answer is filed as a fact."""
        self._conn().execute("INSERT INTO facts VALUES (?, ?, ?, ?, ?)",
                             (f"F-{case_id}-{field}", case_id, field,
                              self.domain.pack.rules.label(field), value))

    def _answered(self, case_id: Any, field: str, value: Any) -> str:
        return f"The customer says: {field} is {value}. (Recorded on {case_id}.)"


class BillingEnv(BusinessEnv):
    """Billing disputes: duplicate charges and subscription refunds (business/billing-v0)."""

    domain = BillingDomain()
    reads = (
        *_CUSTOMER_READS,
        Read("list_subscriptions", "subscriptions", "customer_id",
             "A customer's subscriptions.", True),
        Read("get_subscription", "subscriptions", "subscription_id",
             "One subscription by id."),
        Read("list_charges", "charges", "subscription_id", "Every charge of a subscription.",
             True),
        Read("list_disputes", "disputes", "customer_id", "A customer's disputes.", True),
        Read("get_dispute", "disputes", "dispute_id", "One dispute by id."),
    )

    def pay_description(self) -> str:
        return ("Refund a dispute: `amount` dollars (to the cent) to the original payment, "
                "with reason codes and the ids of the rules that decide it.")

    def domain_record(self, row: dict[str, Any], action: str, amount: str | None,
                      codes: list[str], extra: dict[str, Any]) -> None:
        self._update_case(row, action, "refunded", codes, refund_amount=amount)
        if action == "pay":
            self._conn().execute("INSERT INTO credits VALUES (?, ?, ?)",
                                 (f"CR-{row['dispute_id']}", row["dispute_id"], amount))
