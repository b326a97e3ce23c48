"""Load and faults on loopback: many sessions at once, clients that vanish, a server restart."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("uvicorn", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("websockets", reason="needs the serve extra: pip install -e '.[serve]'")
pytest.importorskip("httpx", reason="needs the serve-test extra: pip install -e '.[serve-test]'")

import asyncio
import json
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

pytest.importorskip(
    "openenv", reason="needs OpenEnv's client: pip install -e '.[serve-test]'"
)

from openenv.core import GenericEnvClient
from serve_helpers import free_port, running
from serve_remote import play_async, play_sync
from websockets.sync.client import connect

from verticals import registry
from verticals.policies import make_policy
from verticals.runner import play

LOAD_ENVS = ("math/arithmetic-v0", "math/gcd-lcm-v0", "math/calculator-v0")
#: The always-on figure; `benchmarks/serve.py --episodes 1000` runs the issue's full one.
EPISODES = int(os.environ.get("VERTICALS_SERVE_LOAD_EPISODES", "256"))
SESSIONS = 64


def expected_scores(episodes: int) -> list[dict]:
    envs = {env_id: registry.make(env_id) for env_id in LOAD_ENVS}
    oracle = make_policy("oracle")
    scores = []
    for i in range(episodes):
        env_id = LOAD_ENVS[i % len(LOAD_ENVS)]
        scores.append(play(envs[env_id], oracle, i).score.model_dump())
    for env in envs.values():
        env.close()
    return scores


def test_64_concurrent_sessions_match_in_process(all_server):
    async def run() -> list[dict]:
        queue: asyncio.Queue[int] = asyncio.Queue()
        for i in range(EPISODES):
            queue.put_nowait(i)
        results: list[dict | None] = [None] * EPISODES
        peak = 0

        async def session() -> None:
            nonlocal peak
            async with GenericEnvClient(base_url=all_server.http, message_timeout_s=120) as c:
                while not queue.empty():
                    i = queue.get_nowait()
                    results[i] = await play_async(c, LOAD_ENVS[i % len(LOAD_ENVS)], i)
                    peak = max(peak, len(all_server.manager.sessions))

        await asyncio.gather(*(session() for _ in range(SESSIONS)))
        assert peak == SESSIONS  # all 64 were open at once
        return results

    results = asyncio.run(run())
    expected = expected_scores(EPISODES)
    assert [r["score"] for r in results] == expected  # 0 errors: every episode scored alike
    assert all(r["reward"] == 1.0 for r in results)
    deadline = time.monotonic() + 5
    while all_server.manager.sessions and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not all_server.manager.sessions


def test_disconnect_mid_episode_frees_the_env():
    with running("math/calculator-v0") as served:
        ws = connect(served.ws).__enter__()
        ws.send(json.dumps({"type": "reset", "data": {"seed": 2}}))
        ws.recv(timeout=10)
        call = {"id": "c", "type": "function",
                "function": {"name": "calculate", "arguments": {"expression": "1+1"}}}
        ws.send(json.dumps({"type": "step", "data": {"tool_calls": [call]}}))
        ws.recv(timeout=10)
        (session,) = served.manager.sessions.values()
        env = session.env
        assert env._episode_open and not session.done
        ws.socket.close()  # gone without a close frame, mid-episode
        deadline = time.monotonic() + 10
        while (served.manager.sessions or session.env is not None) \
                and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not served.manager.sessions
        assert session.closed and session.env is None and not env._episode_open


def _start_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "verticals.cli", "serve", "math/arithmetic-v0",
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
    raise RuntimeError("server did not start")


def test_server_killed_and_restarted_gives_clean_errors():
    port = free_port()
    server = _start_server(port)
    try:
        client = GenericEnvClient(base_url=f"http://127.0.0.1:{port}",
                                  message_timeout_s=10).sync()
        with client:
            client.reset(seed=1)
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
            with pytest.raises((ConnectionError, OSError, RuntimeError)):
                client.step({"content": "\\boxed{1}"})  # no server: an error, not a hang
            server = _start_server(port)
            # the client reconnects to a fresh session: its old episode is gone, and it is
            # told so in JSON, then it plays on
            with pytest.raises(RuntimeError, match="NOT_RESET"):
                client.step({"content": "\\boxed{1}"})
            final = play_sync(client, "math/arithmetic-v0", 5, multi_env=False)
            assert final["reward"] == 1.0
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
