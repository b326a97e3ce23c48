"""OpenEnv's MCP face: JSON-RPC 2.0 `tools/list` and `tools/call` over `POST /mcp` and `/ws`.

An env's tools belong to its episodes (each call is counted, bounded and recorded in the
trajectory), so `tools/call` is not a side door: it is one step of the session holding
the episode, an assistant message with that single tool call, and its result is the
tool's answer as the env gave it. `tools/list` lists an env's tools in MCP's form.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from verticals import registry
from verticals.serve.protocol import ServeError

JSONRPC = "2.0"
INVALID_REQUEST = -32600
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_ERROR = -32000


def _reply(request_id: Any, *, result: Any = None, error: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    body: dict[str, Any] = {"jsonrpc": JSONRPC, "id": request_id}
    if error is not None:
        body["error"] = error
    else:
        body["result"] = result
    return body


def mcp_tools(env_id: str) -> list[dict[str, Any]]:
    """An env's tools as MCP tool descriptions (name, description, inputSchema)."""
    env = registry.make(env_id)
    try:
        tools = env.tool_schemas()
    finally:
        env.close()
    rows = []
    for tool in tools:
        function = tool.get("function", tool)
        rows.append({"name": function["name"], "description": function.get("description", ""),
                     "inputSchema": function.get("parameters", {"type": "object"})})
    return rows


#: Plays one assistant message in a session: (session id or None, action) -> step payload.
StepFn = Callable[[str | None, dict[str, Any]], Awaitable[dict[str, Any]]]


async def handle(request: Any, *, choose_env: Callable[[str | None], str],
                 step: StepFn, tools_cache: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """One JSON-RPC request -> one JSON-RPC response (errors included, never raised)."""
    if not isinstance(request, dict) or request.get("jsonrpc") != JSONRPC \
            or not isinstance(request.get("method"), str):
        return _reply(request.get("id") if isinstance(request, dict) else None, error={
            "code": INVALID_REQUEST,
            "message": "expected a JSON-RPC 2.0 request: {jsonrpc: '2.0', method, params, id}"})
    request_id, method = request.get("id"), request["method"]
    params = request.get("params") or {}
    if not isinstance(params, dict):
        return _reply(request_id, error={"code": INVALID_PARAMS,
                                         "message": "params must be an object"})
    try:
        if method == "tools/list":
            env_id = choose_env(params.get("env_id"))
            if env_id not in tools_cache:
                tools_cache[env_id] = await asyncio.to_thread(mcp_tools, env_id)
            return _reply(request_id, result={"tools": tools_cache[env_id]})
        if method == "tools/call":
            name, arguments = params.get("name"), params.get("arguments", {})
            if not isinstance(name, str) or not isinstance(arguments, dict):
                return _reply(request_id, error={
                    "code": INVALID_PARAMS,
                    "message": "tools/call needs params {name: str, arguments: object}"})
            call = {"id": f"mcp_{request_id}", "type": "function",
                    "function": {"name": name, "arguments": json.dumps(arguments)}}
            payload = await step(params.get("session_id"), {"content": "", "tool_calls": [call]})
            return _reply(request_id, result=_tool_result(payload))
    except ServeError as exc:
        return _reply(request_id, error={"code": SERVER_ERROR, "message": exc.message,
                                         "data": {"code": exc.code}})
    return _reply(request_id, error={"code": METHOD_NOT_FOUND,
                                     "message": f"unknown method {method!r} "
                                                "(tools/list, tools/call)"})


def _tool_result(payload: dict[str, Any]) -> dict[str, Any]:
    """MCP's CallToolResult from a step: the tool message's text, and the episode's state."""
    observation = payload["observation"]
    messages = observation.get("messages") or []
    last = messages[-1] if messages else {}
    text = last.get("content") if last.get("role") == "tool" else observation.get("text", "")
    return {
        "content": [{"type": "text", "text": str(text or "")}],
        "isError": str(text or "").startswith("Error"),
        "structuredContent": {"reward": payload["reward"], "done": payload["done"],
                              "turn": observation.get("turn")},
    }
