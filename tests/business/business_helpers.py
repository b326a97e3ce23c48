"""Shared helpers for business tests: play scripted episodes and read their scores."""

from __future__ import annotations

import json
from typing import Any

import verticals
from verticals.toolcalls import format_text_call

DOMAINS = tuple(e for e in ("business/claims-v0", "business/refunds-v0", "business/billing-v0",
                            "business/eligibility-v0", "business/rules-v0")
                if e in verticals.registered())


def calls(*items: tuple[str, dict[str, Any]]) -> str:
    return "".join(format_text_call(name, args) for name, args in items)


def parsed(action: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for block in action.split("<tool_call>")[1:]:
        call = json.loads(block.split("</tool_call>")[0])
        out.append((call["name"], call["arguments"]))
    return out


def gold_call(task: Any) -> tuple[str, dict[str, Any]]:
    """The oracle's decision call (name, arguments)."""
    for action in task.oracle:
        for name, args in parsed(action):
            if "rule_ids" in args:
                return name, args
    raise AssertionError("no decision in the oracle")


def fetch_turns(task: Any) -> list[str]:
    """The oracle's turns before its decision: reads, questions, document requests."""
    turns = []
    for action in task.oracle:
        if any("rule_ids" in args for _, args in parsed(action)):
            break
        turns.append(action)
    return turns


def start(env_id: str, seed: int, **config: Any) -> Any:
    env = verticals.make(env_id, **config)
    env.reset(seed=seed)
    return env


def finish(env: Any, actions: list[str]) -> dict[str, Any]:
    """Send `actions`, then a final message; the final score dict."""
    info: dict[str, Any] = {}
    for action in [*actions, "Done."]:
        _, _, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            break
    return info["score"]


def pay_args(env: Any, gold: dict[str, Any], case_id: str, amount: str,
             reason_codes: list[str], rule_ids: list[str]) -> dict[str, Any]:
    """Arguments for the domain's pay tool; extra fields (a refund method) from the gold
    when it has them, else the first allowed value."""
    key = env.domain.case_key
    args: dict[str, Any] = {key: case_id, "amount": amount, "reason_codes": reason_codes,
                            "rule_ids": rule_ids}
    schema = env._tools[env.domain.pay_tool].parameters["properties"]
    for name, spec in schema.items():
        if name not in args:
            args[name] = gold.get(name, (spec.get("enum") or ["0.00"])[0])
    return args
