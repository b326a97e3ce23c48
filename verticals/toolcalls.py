"""Reading tool calls out of an agent's action, in either of the two forms agents write.

- Text: `<tool_call>{"name": ..., "arguments": {...}}</tool_call>` blocks (the Hermes /
  Qwen convention most open chat templates render).
- An OpenAI-style assistant message: `{"role": "assistant", "content": ..., "tool_calls":
  [{"id", "type": "function", "function": {"name", "arguments": "<json>"}}]}`.

Parsing never raises: problems come back as `errors`, which the env shows the agent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

OPEN_TAG, CLOSE_TAG = "<tool_call>", "</tool_call>"


@dataclass
class ParsedCall:
    id: str
    name: str
    arguments: dict[str, Any]


@dataclass
class ParsedAction:
    """An action split into its visible text, its tool calls and what was wrong with it."""

    content: str
    calls: list[ParsedCall] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def is_final(self) -> bool:
        """A message with no tool calls (and no broken ones) is the agent's final answer."""
        return not self.calls and not self.errors


def _decode_arguments(raw: Any) -> tuple[dict[str, Any] | None, str | None]:
    if raw is None:
        return {}, None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError as exc:
            return None, f"arguments are not valid JSON ({exc.msg})"
    if not isinstance(raw, dict):
        return None, "arguments must be a JSON object"
    return raw, None


def _call_from_mapping(obj: Any, call_id: str) -> tuple[ParsedCall | None, str | None]:
    if not isinstance(obj, dict):
        return None, "a tool call must be a JSON object with 'name' and 'arguments'"
    if "function" in obj and isinstance(obj["function"], dict):
        call_id = str(obj.get("id") or call_id)
        obj = obj["function"]
    name = obj.get("name")
    if not isinstance(name, str) or not name:
        return None, "a tool call needs a string 'name'"
    arguments, problem = _decode_arguments(obj.get("arguments", obj.get("parameters")))
    if problem:
        return None, f"tool call '{name}': {problem}"
    return ParsedCall(id=call_id, name=name, arguments=arguments or {}), None


def _split_blocks(text: str) -> tuple[list[str], str, bool]:
    """The bodies of `<tool_call>...</tool_call>` blocks, the text outside them, and
    whether a tag is left open. One pass with str.find: a lazy regex rescans the rest of
    the text from every unclosed tag, which made a 64 KB action of tags cost seconds."""
    bodies: list[str] = []
    outside: list[str] = []
    position = 0
    while True:
        start = text.find(OPEN_TAG, position)
        end = text.find(CLOSE_TAG, start + len(OPEN_TAG)) if start >= 0 else -1
        if end < 0:
            outside.append(text[position:])
            return bodies, "".join(outside), start >= 0
        outside.append(text[position:start])
        bodies.append(text[start + len(OPEN_TAG):end])
        position = end + len(CLOSE_TAG)


def strip_tool_calls(text: str) -> str:
    """The text with every closed `<tool_call>...</tool_call>` block removed."""
    return _split_blocks(text)[1]


def parse_text(text: str, *, id_prefix: str = "call") -> ParsedAction:
    """Split assistant text into prose and `<tool_call>` blocks."""
    calls: list[ParsedCall] = []
    errors: list[str] = []
    bodies, outside, unclosed = _split_blocks(text)
    for index, body in enumerate(bodies):
        try:
            obj = json.loads(body)
        except json.JSONDecodeError as exc:
            errors.append(f"tool call {index + 1} is not valid JSON ({exc.msg})")
            continue
        call, problem = _call_from_mapping(obj, f"{id_prefix}_{index}")
        if problem:
            errors.append(problem)
        elif call:
            calls.append(call)
    if unclosed:
        errors.append("a <tool_call> tag is never closed with </tool_call>")
    content = outside.strip()
    return ParsedAction(content=content, calls=calls, errors=errors)


def parse_message(message: dict[str, Any], *, id_prefix: str = "call") -> ParsedAction:
    """Read an OpenAI-style assistant message; text tool calls in its content count too."""
    content = message.get("content")
    if content is None:
        content = ""
    if isinstance(content, list):  # content parts: keep the text ones
        content = "".join(
            part.get("text", "") for part in content if isinstance(part, dict)
        )
    if not isinstance(content, str):
        return ParsedAction(content="", errors=["message 'content' must be a string"])
    parsed = parse_text(content, id_prefix=id_prefix)
    raw_calls = message.get("tool_calls") or []
    if not isinstance(raw_calls, list):
        parsed.errors.append("'tool_calls' must be a list")
        return parsed
    for index, raw in enumerate(raw_calls):
        call, problem = _call_from_mapping(raw, f"{id_prefix}_m{index}")
        if problem:
            parsed.errors.append(problem)
        elif call:
            parsed.calls.append(call)
    return parsed


def format_text_call(name: str, arguments: dict[str, Any]) -> str:
    """Write one tool call in the text form `parse_text` reads."""
    return f"<tool_call>{json.dumps({'name': name, 'arguments': arguments})}</tool_call>"
