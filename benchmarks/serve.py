"""`verticals serve` against in-process play: step latency and episodes per second.

A server process (`verticals serve`) on loopback; the client here speaks the WebSocket
protocol with the `websockets` library. Figures:
- step latency, p50 and p99: one WebSocket step (send to reply) beside the same step
  in-process (`env.step`), for a single-turn env (the step is the answer plus its reward)
  and a tool env (a tool call). Target: WebSocket p50 <= in-process p50 + 1 ms.
- episodes per second with 1, 16 and 64 sessions at once, the oracle's answers sent,
  every reward checked against the in-process one (the issue's load figure:
  `--episodes 1000` at 64 sessions, 0 errors).

    pip install -e '.[serve]'
    python benchmarks/serve.py [--episodes 1000] [--steps 300] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from typing import Any

import verticals
from verticals.policies import OraclePolicy
from verticals.runner import play

SINGLE = "math/arithmetic-v0"
TOOLS = "math/calculator-v0"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "verticals.cli", "serve", "math/*", "--port", str(port),
         "--max-sessions", "128"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the server did not start")


def percentiles(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"p50_ms": 1000 * statistics.median(ordered),
            "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]}


def gold(env_id: str, seeds: range) -> dict[int, list[Any]]:
    env = verticals.make(env_id)
    actions = {}
    for seed in seeds:
        env.reset(seed=seed)
        actions[seed] = list(env.task.oracle)
    return actions


def wire(action: Any) -> dict[str, Any]:
    if isinstance(action, str):
        return {"content": action}
    return {"content": action.get("content") or "", "tool_calls": action.get("tool_calls")}


def in_process_steps(env_id: str, steps: int) -> list[float]:
    """The time of each step of oracle episodes, in this process."""
    env = verticals.make(env_id)
    times: list[float] = []
    seed = 0
    while len(times) < steps:
        env.reset(seed=seed)
        for action in env.task.oracle:
            started = time.perf_counter()
            _, _, terminated, truncated, _ = env.step(action)
            times.append(time.perf_counter() - started)
            if terminated or truncated:
                break
        seed += 1
    return times


def ws_steps(url: str, env_id: str, steps: int) -> list[float]:
    from websockets.sync.client import connect

    times: list[float] = []
    seed = 0
    with connect(url, max_size=None) as ws:
        while len(times) < steps:
            ws.send(json.dumps({"type": "reset", "data": {"env_id": env_id, "seed": seed}}))
            json.loads(ws.recv())
            for action in gold(env_id, range(seed, seed + 1))[seed]:
                message = json.dumps({"type": "step", "data": wire(action)})
                started = time.perf_counter()
                ws.send(message)
                reply = json.loads(ws.recv())
                times.append(time.perf_counter() - started)
                if reply["type"] != "observation":
                    raise SystemExit(f"server error: {reply}")
                if reply["data"]["done"]:
                    break
            seed += 1
    return times


async def episodes_per_second(url: str, sessions: int, episodes: int,
                              actions: dict[int, list[Any]],
                              expected: dict[int, float]) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    queue: asyncio.Queue[int] = asyncio.Queue()
    for seed in range(episodes):
        queue.put_nowait(seed)
    errors = mismatches = 0

    async def session() -> None:
        nonlocal errors, mismatches
        async with connect(url, max_size=None) as ws:
            while not queue.empty():
                seed = queue.get_nowait()
                await ws.send(json.dumps({"type": "reset",
                                          "data": {"env_id": SINGLE, "seed": seed}}))
                reply = json.loads(await ws.recv())
                for action in actions[seed]:
                    await ws.send(json.dumps({"type": "step", "data": wire(action)}))
                    reply = json.loads(await ws.recv())
                    if reply["type"] != "observation" or reply["data"]["done"]:
                        break
                if reply["type"] != "observation":
                    errors += 1
                elif reply["data"]["reward"] != expected[seed]:
                    mismatches += 1

    started = time.perf_counter()
    await asyncio.gather(*(session() for _ in range(sessions)))
    wall = time.perf_counter() - started
    return {"sessions": sessions, "episodes": episodes, "episodes_per_s": episodes / wall,
            "errors": errors, "reward_mismatches": mismatches}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=1000, help="per session count")
    parser.add_argument("--steps", type=int, default=300, help="steps timed per env")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    port = free_port()
    server = start_server(port)
    url = f"ws://127.0.0.1:{port}/ws"
    try:
        latency = []
        for env_id in (SINGLE, TOOLS):
            local = percentiles(in_process_steps(env_id, args.steps))
            remote = percentiles(ws_steps(url, env_id, args.steps))
            latency.append({"env": env_id, "in_process": local, "websocket": remote,
                            "overhead_p50_ms": remote["p50_ms"] - local["p50_ms"],
                            "target_met": remote["p50_ms"] <= local["p50_ms"] + 1.0})
        actions = gold(SINGLE, range(args.episodes))
        env = verticals.make(SINGLE)
        expected = {s: play(env, OraclePolicy(), s).score.reward for s in range(args.episodes)}
        started = time.perf_counter()
        for seed in range(args.episodes):
            env.reset(seed=seed)
            env.step(actions[seed][0])
        in_process_eps = args.episodes / (time.perf_counter() - started)
        throughput = [asyncio.run(episodes_per_second(url, n, args.episodes, actions, expected))
                      for n in (1, 16, 64)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    report = {"latency": latency, "throughput": throughput,
              "in_process_episodes_per_s": in_process_eps, "cpus": os.cpu_count(),
              "load_average_1min": os.getloadavg()[0]}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"step latency (ms), {args.steps} steps per env; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'env':24} {'in-process p50':>15} {'p99':>8} {'websocket p50':>14} {'p99':>8} "
          f"{'overhead p50':>13} {'target':>7}")
    for row in latency:
        local, remote = row["in_process"], row["websocket"]
        print(f"{row['env']:24} {local['p50_ms']:15.3f} {local['p99_ms']:8.3f} "
              f"{remote['p50_ms']:14.3f} {remote['p99_ms']:8.3f} "
              f"{row['overhead_p50_ms']:13.3f} {'met' if row['target_met'] else 'MISSED':>7}")
    print(f"\nepisodes per second ({SINGLE}, oracle; in-process, one core: "
          f"{in_process_eps:,.0f})")
    print(f"{'sessions':>8} {'episodes':>9} {'eps/s':>9} {'errors':>7} {'mismatches':>11}")
    for row in throughput:
        print(f"{row['sessions']:8} {row['episodes']:9} {row['episodes_per_s']:9,.0f} "
              f"{row['errors']:7} {row['reward_mismatches']:11}")


if __name__ == "__main__":
    main()
