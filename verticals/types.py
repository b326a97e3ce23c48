"""The core types every part of verticals speaks: Task, Score, Trajectory, RolloutRecord.

They are pydantic v2 models so that they validate on the way in, serialise to one JSON
line, and export JSON Schemas (see `verticals.schemas`) that non-Python tools can check.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: A chat message in OpenAI format: {"role": ..., "content": ..., "tool_calls"?: ...}.
Message = dict[str, Any]

#: What an agent sends to `env.step`: assistant text, or an OpenAI-style message dict.
Action = str | Message

#: The fields of a Task that carry the hidden gold and must never reach an agent.
HIDDEN_TASK_FIELDS = frozenset({"reference", "oracle"})


class Task(BaseModel):
    """One problem to solve, fully determined by (env id, generator version, config, seed).

    `reference` and `oracle` are hidden: rewards read them, agents never see them.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(description="Stable id: env id, generator version, config digest, seed.")
    env: str = Field(description="Id of the environment the task was generated for.")
    prompt: str | list[Message] = Field(description="Text or chat messages shown to the agent.")
    reference: dict[str, Any] = Field(
        default_factory=dict, description="Hidden gold read by the reward (answer, tests, state)."
    )
    oracle: list[Action] = Field(
        default_factory=list,
        description="Hidden gold trajectory: the actions the oracle policy replays, in order.",
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Difficulty, family, source, generator version..."
    )
    tools: list[dict[str, Any]] = Field(
        default_factory=list, description="JSON schemas (OpenAI function format) of the tools."
    )

    def public(self) -> dict[str, Any]:
        """The task as an agent may see it: every hidden field removed."""
        return self.model_dump(mode="json", exclude=set(HIDDEN_TASK_FIELDS))

    def prompt_messages(self) -> list[Message]:
        """The prompt as chat messages, whichever form it was written in."""
        if isinstance(self.prompt, str):
            return [{"role": "user", "content": self.prompt}]
        return [dict(m) for m in self.prompt]


#: Whether a score is a verdict on the agent. Only "judged" scores are rewards: the other
#: two say the episode could not be scored, and are counted apart, never averaged in.
#: - "judged": the reward function judged the agent's work (a malformed answer is judged 0).
#: - "infrastructure_error": our machinery failed (a sandbox died, a container would not
#:   start, a reward function raised): no verdict; trainers mask it, resume retries it.
#: - "task_error": the task itself cannot be scored (its gold is unreadable): no verdict.
ScoreStatus = Literal["judged", "infrastructure_error", "task_error"]


class Score(BaseModel):
    """The verdict of a reward function: a reward in [0, 1] and why — or why there is none.

    `status` says whether the agent was judged at all. When it is not "judged", `reward`
    is 0.0 only because a float is required; read `value` (None) instead.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    reward: float = Field(ge=0.0, le=1.0)
    status: ScoreStatus = Field(
        default="judged",
        description="judged, or why no verdict: infrastructure_error, task_error.",
    )
    components: dict[str, float] = Field(
        default_factory=dict, description="Named sub-scores that make up the reward."
    )
    reason: str = Field(
        default="", description="One line a human can read: which rule decided the reward."
    )

    @field_validator("reward")
    @classmethod
    def _finite(cls, value: float) -> float:
        if not math.isfinite(value):
            raise ValueError("reward must be a finite number")
        return value

    @property
    def judged(self) -> bool:
        """True when this is a verdict on the agent (a reward, possibly 0)."""
        return self.status == "judged"

    @property
    def value(self) -> float | None:
        """The reward, or None when the episode could not be scored (what trainers mask)."""
        return self.reward if self.judged else None

    @classmethod
    def zero(cls, reason: str, **components: float) -> Score:
        return cls(reward=0.0, components=components, reason=reason)

    @classmethod
    def no_verdict(
        cls, reason: str, status: ScoreStatus = "infrastructure_error", **components: float
    ) -> Score:
        """A score that is not a verdict: the machinery failed or the task is broken."""
        if status == "judged":
            raise ValueError("no_verdict needs a status other than 'judged'")
        return cls(reward=0.0, status=status, components=components, reason=reason)

    @classmethod
    def full(cls, reason: str, **components: float) -> Score:
        return cls(reward=1.0, components=components, reason=reason)


class ToolCall(BaseModel):
    """One tool call made by the agent, and what it returned."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: str | None = None
    error: bool = False


class Trajectory(BaseModel):
    """Everything a reward may judge: the final answer, the conversation, the end state."""

    model_config = ConfigDict(extra="forbid")

    final_answer: str | None = None
    messages: list[Message] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    state: dict[str, Any] = Field(
        default_factory=dict, description="End state of the env's world (e.g. a database)."
    )
    world: Any = Field(
        default=None,
        exclude=True,
        description="The live world (e.g. a database connection), for rewards; never saved.",
    )


class Timings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reset_s: float = 0.0
    policy_s: float = 0.0
    step_s: float = 0.0
    total_s: float = 0.0


class RolloutRecord(BaseModel):
    """One played episode as one JSON line: enough to re-create the task and re-score it."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    env: str
    task_id: str
    seed: int
    config: dict[str, Any] = Field(default_factory=dict)
    policy: str
    messages: list[Message] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
    final_answer: str | None = None
    state: dict[str, Any] = Field(default_factory=dict)
    score: Score
    turns: int = 0
    terminated: bool = False
    truncated: bool = False
    error: str | None = None
    timings: Timings = Field(default_factory=Timings)
    versions: dict[str, str] = Field(default_factory=dict)

    def trajectory(self) -> Trajectory:
        """The trajectory this record holds, for re-scoring offline."""
        return Trajectory(
            final_answer=self.final_answer,
            messages=self.messages,
            tool_calls=self.tool_calls,
            state=self.state,
        )
