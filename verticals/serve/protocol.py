"""The wire format of `verticals serve`: OpenEnv's messages, with our env's text and tools.

OpenEnv's protocol (the `openenv` package on PyPI) sends `{"type": "reset"|"step"|"state"|
"close", "data": {...}}` over the WebSocket `/ws` and answers `{"type": "observation"|"state"|
"error", "data": {...}}`; an observation's data is `{"observation": {...}, "reward": float |
None, "done": bool, "metadata": {...}}`. These models say what our envs put in each field,
so that `/schema` can publish them and every payload is validated before it reaches an env.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic_core import to_jsonable_python

from verticals.types import Score


class ServeError(Exception):
    """A request the server refuses: a code a client can branch on, and a message for people.

    The message never holds a traceback or anything of the task's hidden gold.
    """

    def __init__(self, code: str, message: str, http_status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.http_status = http_status

    def payload(self) -> dict[str, Any]:
        return {"message": self.message, "code": self.code}


# Error codes: OpenEnv's (WSErrorCode) first, then the ones a public service needs on top.
INVALID_JSON = "INVALID_JSON"
UNKNOWN_TYPE = "UNKNOWN_TYPE"
VALIDATION_ERROR = "VALIDATION_ERROR"
EXECUTION_ERROR = "EXECUTION_ERROR"
CAPACITY_REACHED = "CAPACITY_REACHED"
FACTORY_ERROR = "FACTORY_ERROR"
SESSION_ERROR = "SESSION_ERROR"
UNKNOWN_ENV = "UNKNOWN_ENV"
NOT_RESET = "NOT_RESET"
UNKNOWN_SESSION = "UNKNOWN_SESSION"
PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
TIMEOUT = "TIMEOUT"
IDLE_TIMEOUT = "IDLE_TIMEOUT"
UNAUTHORIZED = "UNAUTHORIZED"
INTERNAL_ERROR = "INTERNAL_ERROR"


class ResetData(BaseModel):
    """What a reset may carry. Unknown keys are refused, not ignored."""

    model_config = ConfigDict(extra="forbid")

    seed: int | None = Field(
        default=None, ge=0, le=2**63 - 1, description="Task seed, passed to the env's reset."
    )
    env_id: str | None = Field(
        default=None,
        max_length=200,
        description="Which served env to play; optional when the server serves exactly one.",
    )
    config: dict[str, Any] = Field(
        default_factory=dict, description="Config overrides for the env (as `verticals run -c`)."
    )
    episode_id: str | None = Field(
        default=None, max_length=255, description="The caller's own name for the episode."
    )
    session_id: str | None = Field(
        default=None,
        max_length=64,
        description="HTTP only: reset this session again instead of opening a new one.",
    )


class ChatAction(BaseModel):
    """One assistant message: text, and tool calls in OpenAI's form when the env has tools.

    Tool calls may also be written inside `content` as `<tool_call>{...}</tool_call>`, as
    the env's prompt explains; either way the env parses them, and a malformed call earns
    an error observation, never a refusal here.
    """

    model_config = ConfigDict(extra="forbid")

    role: Literal["assistant"] = "assistant"
    content: str | None = Field(default="", description="The assistant's text.")
    tool_calls: list[dict[str, Any]] | None = Field(
        default=None, description="OpenAI-style tool calls: {id, type, function{name, arguments}}."
    )
    metadata: dict[str, Any] = Field(default_factory=dict, description="Ignored by the env.")

    def to_env(self) -> str | dict[str, Any]:
        """The action our `TextEnv.step` takes."""
        if not self.tool_calls:
            return self.content or ""
        return {"role": "assistant", "content": self.content or "", "tool_calls": self.tool_calls}


class StepData(BaseModel):
    """HTTP `POST /step` body: OpenEnv's StepRequest, plus the session to step."""

    model_config = ConfigDict(extra="forbid")

    action: ChatAction
    session_id: str | None = Field(default=None, max_length=64)
    timeout_s: float | None = Field(default=None, gt=0)
    request_id: str | None = Field(default=None, max_length=255)


class TextObservation(BaseModel):
    """What the agent sees after a reset or a step (OpenEnv's `observation` field)."""

    text: str = Field(description="The prompt (at reset) or the tool results; '' at the end.")
    messages: list[dict[str, Any]] = Field(description="The conversation so far, chat format.")
    tools: list[dict[str, Any]] = Field(description="The env's tools as OpenAI JSON schemas.")
    env: str
    task_id: str | None
    metadata: dict[str, Any] = Field(description="The task's public metadata (difficulty...).")
    turn: int
    tool_calls: int
    terminated: bool = False
    truncated: bool = False
    score: dict[str, Any] | None = Field(
        default=None, description="At the end: the Score (reward, status, components, reason)."
    )
    final_answer: str | None = None
    error: str | None = None


class SessionState(BaseModel):
    """OpenEnv's State (`episode_id`, `step_count`) with what our sessions know."""

    episode_id: str | None = None
    step_count: int = 0
    session_id: str
    env_id: str | None = None
    task_id: str | None = None
    seed: int | None = None
    done: bool = True
    score: dict[str, Any] | None = None


def observation_payload(
    text: str,
    info: dict[str, Any],
    *,
    reward: float | None = None,
    done: bool = False,
    terminated: bool = False,
    truncated: bool = False,
    meta: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """OpenEnv's `{observation, reward, done, metadata}` for one reset or step.

    The reward is None at reset and for an episode that ended without a verdict
    (`Score.judged` false): trainers must mask it, not learn from a 0.
    """
    fields = TextObservation.model_fields
    observation = {k: v for k, v in info.items() if k in fields}
    observation.update(text=text, terminated=terminated, truncated=truncated)
    score = info.get("score")
    if done and score is not None:
        reward = Score.model_validate(score).value
    return {
        "observation": to_jsonable_python(observation, fallback=str),
        "reward": reward,
        "done": done,
        "metadata": dict(meta or {}),
    }
