"""Playing episodes through the server with OpenEnv's own client, for the tests.

The agent's side knows nothing of the hidden gold; the oracle's actions come from a
local copy of the env, reset on the same seed, whose `oracle()` answers the messages
the server sent, as a reactive gold policy would.
"""

from __future__ import annotations

from typing import Any

from verticals import registry
from verticals.env import TextEnv

_MIRRORS: dict[str, TextEnv] = {}


def oracle_for(env_id: str, seed: int) -> Any:
    env = _MIRRORS.get(env_id)
    if env is None:
        env = _MIRRORS[env_id] = registry.make(env_id)
    env.reset(seed=seed)
    return env.oracle()


def wire_action(action: Any) -> dict[str, Any]:
    """Our action (text or chat message) as the server's ChatAction payload."""
    if isinstance(action, str):
        return {"content": action}
    wire = {"content": action.get("content") or ""}
    if action.get("tool_calls"):
        wire["tool_calls"] = action["tool_calls"]
    return wire


def play_sync(client: Any, env_id: str, seed: int, policy: str = "oracle",
              multi_env: bool = True) -> dict[str, Any]:
    """One episode over a synchronous OpenEnv client; the final observation."""
    kwargs = {"seed": seed, **({"env_id": env_id} if multi_env else {})}
    result = client.reset(**kwargs)
    oracle = oracle_for(env_id, seed) if policy == "oracle" else None
    for _ in range(1000):
        if result.done:
            break
        messages = result.observation["messages"]
        action = oracle(messages) if oracle else "I don't know."
        result = client.step(wire_action(action))
    assert result.done, "the episode never ended"
    return {"reward": result.reward, **result.observation}


async def play_async(client: Any, env_id: str, seed: int) -> dict[str, Any]:
    """One oracle episode over an async OpenEnv client."""
    result = await client.reset(seed=seed, env_id=env_id)
    oracle = oracle_for(env_id, seed)
    for _ in range(1000):
        if result.done:
            break
        result = await client.step(wire_action(oracle(result.observation["messages"])))
    assert result.done, "the episode never ended"
    return {"reward": result.reward, **result.observation}
