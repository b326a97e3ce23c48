"""Scoring a trainer's completion by replaying it through our env: the one reward path.

Every adapter scores the same way: re-create the row's task from its seed (checking its
id), send the completion's assistant messages to `env.step` in order, and read the score
the env gives at the end. So a trainer's reward is, by construction, the env's reward.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any

from verticals.env import TextEnv
from verticals.errors import NoVerdict
from verticals.integrations.datasets import EnvPool, start_episode
from verticals.toolcalls import strip_tool_calls
from verticals.types import Action, Score

_local = threading.local()


def pool() -> EnvPool:
    """This thread's envs, kept across calls (rewards are called once per batch)."""
    if not hasattr(_local, "pool"):
        _local.pool = EnvPool()
    return _local.pool


def assistant_actions(completion: Any) -> list[Action]:
    """The agent's messages in a completion: a string, or a list of chat messages.

    A message that carries parsed `tool_calls` keeps them and loses the same calls
    written as text in its content, so no call is run twice.
    """
    if isinstance(completion, str):
        return [completion]
    actions: list[Action] = []
    for message in completion or []:
        if not isinstance(message, Mapping) or message.get("role") != "assistant":
            continue
        content = message.get("content")
        content = content if isinstance(content, str) else ""
        if message.get("tool_calls"):
            actions.append({"role": "assistant", "content": strip_tool_calls(content),
                            "tool_calls": list(message["tool_calls"])})
        else:
            actions.append(content)
    return actions


def finish(env: TextEnv, actions: Sequence[Action]) -> Score:
    """Step the open episode through `actions`; end it with an empty answer if none did."""
    info: dict[str, Any] = {}
    for action in actions:
        _, _, terminated, truncated, info = env.step(action)
        if terminated or truncated:
            return Score.model_validate(info["score"])
    _, _, _, _, info = env.step("")
    return Score.model_validate(info["score"])


def score_completion(
    env_id: str,
    config: str | Mapping[str, Any] | None,
    task_seed: int,
    completion: Any,
    task_id: str | None = None,
) -> Score:
    """The env's score for `completion` on the row's task; no verdict if the task differs."""
    env = pool().get(env_id, config)
    try:
        start_episode(env, task_seed, task_id)
    except NoVerdict as exc:
        return Score.no_verdict(f"{type(exc).__name__}: {exc}", status=exc.status)
    return finish(env, assistant_actions(completion))
