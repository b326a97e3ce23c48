"""OpenEnv's own client (`GenericEnvClient`) plays every registered env through the server."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("websockets", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("httpx", reason="needs the serve-test extra: pip install -e '.[serve-test]'")

import pytest

pytest.importorskip(
    "openenv", reason="needs OpenEnv's client: pip install -e '.[serve-test]'"
)

from openenv.core import GenericEnvClient
from serve_remote import play_sync

from verticals import registry
from verticals.policies import make_policy
from verticals.runner import play


def in_process(env_id: str, seed: int, policy: str) -> dict:
    with registry.make(env_id) as env:
        return play(env, make_policy(policy), seed).score.model_dump()


def over_budget(score: dict) -> bool:
    """The math reward's verdict has a wall-clock budget (0.15 s): on a loaded machine it
    may run out on one side only, which says nothing about the server."""
    return "time budget" in score["reason"]


@pytest.mark.parametrize("env_id", registry.registered())
def test_every_env_plays_through_openenv_client(all_server, env_id):
    with GenericEnvClient(base_url=all_server.http).sync() as client:
        for seed, policy in ((0, "oracle"), (1, "null")):
            for _ in range(3):
                final = play_sync(client, env_id, seed, policy)
                expected = in_process(env_id, seed, policy)
                if not (over_budget(final["score"]) or over_budget(expected)):
                    break
            assert final["score"] == expected
            assert final["reward"] == expected["reward"]
            assert final["env"] == env_id
    assert final["reward"] == 0.0  # the null policy's


def test_single_env_server_needs_no_env_id(math_server):
    with GenericEnvClient(base_url=math_server.http).sync() as client:
        first = client.reset(seed=7)
        assert first.observation["env"] == "math/arithmetic-v0"
        assert first.reward is None and not first.done
        final = play_sync(client, "math/arithmetic-v0", 7, multi_env=False)
        assert final["reward"] == 1.0
        state = client.state()
        assert state["seed"] == 7 and state["done"] and state["step_count"] == 1
        assert state["env_id"] == "math/arithmetic-v0"


def test_seed_reaches_reset_and_tasks_match(math_server):
    env = registry.make("math/arithmetic-v0")
    with GenericEnvClient(base_url=math_server.http).sync() as client:
        for seed in (0, 11, 2**40):
            text, info = env.reset(seed=seed)
            remote = client.reset(seed=seed)
            assert remote.observation["text"] == text
            assert remote.observation["task_id"] == info["task_id"]
            assert remote.metadata["episode_id"] == info["task_id"]


def test_tools_travel_as_the_env_defines_them(all_server):
    env_id = "math/calculator-v0"
    env = registry.make(env_id)
    _, info = env.reset(seed=3)
    with GenericEnvClient(base_url=all_server.http).sync() as client:
        first = client.reset(seed=3, env_id=env_id)
        assert first.observation["tools"] == info["tools"] and info["tools"]
        call = {"id": "c1", "type": "function",
                "function": {"name": "calculate", "arguments": '{"expression": "6*7"}'}}
        result = client.step({"content": "", "tool_calls": [call]})
        assert not result.done
        tool_message = result.observation["messages"][-1]
        assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "c1"
        assert "42" in tool_message["content"]
        # a malformed call is the env's to answer (an error observation), not a refusal
        result = client.step({"content": "<tool_call>{not json</tool_call>"})
        assert not result.done and "Error" in result.observation["text"]


def test_config_per_session(all_server):
    with GenericEnvClient(base_url=all_server.http).sync() as client:
        hard = client.reset(seed=0, env_id="math/arithmetic-v0", config={"difficulty": 5})
        easy = client.reset(seed=0, env_id="math/arithmetic-v0", config={"difficulty": 1})
        assert hard.observation["task_id"] != easy.observation["task_id"]
        with pytest.raises(RuntimeError, match="FACTORY_ERROR"):
            client.reset(seed=0, env_id="math/arithmetic-v0", config={"difficulty": 99})
