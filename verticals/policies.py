"""Policies that play episodes: `oracle`, `null`, and `openai` (any compatible endpoint).

A policy is told the task at the start of each episode (`begin`) and then answers each
observation (`act`). Only the oracle reads the task's hidden gold; the others see exactly
what an agent would: the observation and `info["messages"]` / `info["tools"]`.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any, Protocol

from verticals.errors import VerticalsError
from verticals.types import Action, Task

if TYPE_CHECKING:
    from verticals.env import OracleFn, TextEnv

NULL_ANSWER = "I don't know."


class Policy(Protocol):
    name: str

    def begin(self, task: Task, env: TextEnv | None = None) -> None:
        """Start an episode of `task`, played in `env` when the caller has one."""

    def act(self, observation: str, info: dict[str, Any]) -> Action:
        """The next assistant message."""


class OraclePolicy:
    """Plays the gold; every env must reach reward 1.0 with it.

    Given the env, it follows the env's `oracle()` (which may react to what the episode
    created); given only the task, it replays `task.oracle` in order.
    """

    name = "oracle"

    def __init__(self) -> None:
        self._oracle: OracleFn | None = None
        self._actions: list[Action] = []

    def begin(self, task: Task, env: TextEnv | None = None) -> None:
        reactive = env is not None and type(env).oracle is not _default_oracle()
        if not task.oracle and not reactive:
            raise VerticalsError(f"task {task.id} has no oracle trajectory")
        self._oracle = env.oracle() if env is not None else None
        self._actions = list(task.oracle)

    def act(self, observation: str, info: dict[str, Any]) -> Action:
        if self._oracle is not None:
            return self._oracle(info["messages"])
        if not self._actions:
            return NULL_ANSWER  # the env asked for more than the gold has: it will score 0
        return self._actions.pop(0)


def _default_oracle() -> Any:
    from verticals.env import TextEnv

    return TextEnv.oracle


class NullPolicy:
    """Answers nothing useful; every env must give it reward 0."""

    name = "null"

    def begin(self, task: Task, env: TextEnv | None = None) -> None:
        pass

    def act(self, observation: str, info: dict[str, Any]) -> Action:
        return NULL_ANSWER


class OpenAIPolicy:
    """Any OpenAI-compatible chat endpoint: vLLM, Ollama, llama.cpp, hosted APIs.

    Configured by `VERTICALS_OPENAI_BASE_URL` (default `http://localhost:8000/v1`),
    `VERTICALS_OPENAI_MODEL` and `OPENAI_API_KEY`. Uses only the standard library so
    that the package needs no client SDK.
    """

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        temperature: float = 0.0,
        max_tokens: int = 2048,
        timeout_s: float = 120.0,
    ) -> None:
        self.base_url = (
            base_url or os.environ.get("VERTICALS_OPENAI_BASE_URL") or "http://localhost:8000/v1"
        ).rstrip("/")
        self.model = model or os.environ.get("VERTICALS_OPENAI_MODEL") or "default"
        self.api_key = api_key or os.environ.get("OPENAI_API_KEY") or ""
        self.temperature = temperature
        self.max_tokens = max_tokens
        self.timeout_s = timeout_s

    def begin(self, task: Task, env: TextEnv | None = None) -> None:
        pass

    def request_body(self, info: dict[str, Any]) -> dict[str, Any]:
        body: dict[str, Any] = {
            "model": self.model,
            "messages": [_wire_message(m) for m in info["messages"]],
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
        }
        if info.get("tools"):
            body["tools"] = info["tools"]
        return body

    def act(self, observation: str, info: dict[str, Any]) -> Action:
        request = urllib.request.Request(
            f"{self.base_url}/chat/completions",
            data=json.dumps(self.request_body(info)).encode(),
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {self.api_key}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                reply = json.load(response)
        except (urllib.error.URLError, TimeoutError, json.JSONDecodeError) as exc:
            raise VerticalsError(f"chat endpoint {self.base_url} failed: {exc}") from None
        try:
            message = reply["choices"][0]["message"]
        except (KeyError, IndexError, TypeError):
            raise VerticalsError(f"chat endpoint {self.base_url} sent no message") from None
        return {k: v for k, v in message.items() if k in ("role", "content", "tool_calls")}


def _wire_message(message: dict[str, Any]) -> dict[str, Any]:
    """Chat APIs want tool-call arguments as JSON strings."""
    if not message.get("tool_calls"):
        return message
    calls = []
    for call in message["tool_calls"]:
        function = dict(call["function"])
        if not isinstance(function.get("arguments"), str):
            function["arguments"] = json.dumps(function.get("arguments", {}))
        calls.append({**call, "function": function})
    return {**message, "tool_calls": calls}


POLICIES: dict[str, type] = {
    "oracle": OraclePolicy,
    "null": NullPolicy,
    "openai": OpenAIPolicy,
}


def make_policy(name: str, **options: Any) -> Policy:
    try:
        return POLICIES[name](**options)
    except KeyError:
        raise VerticalsError(
            f"unknown policy '{name}'; choose one of: {', '.join(sorted(POLICIES))}"
        ) from None
