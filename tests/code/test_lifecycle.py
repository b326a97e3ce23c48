"""Closing an env and then its resource pool stops every sandbox process its episodes
started (zygotes, their slot servers, exited children) and closes their sockets and pipes."""

from __future__ import annotations

import json
import os
import time

import pytest

import verticals
from verticals.resources import Resources, close_default_resources


def _descendants() -> set[int]:
    """Every live or zombie descendant of this process, read from /proc."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as fh:
                    stat = fh.read()
            except OSError:
                continue
            parents[int(name)] = int(stat[stat.rfind(")") + 2:].split()[1])
    found: set[int] = set()
    frontier = [os.getpid()]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                frontier.append(pid)
    return found


def _channels() -> set[str]:
    """This process's open sockets and pipes (fd -> target)."""
    out = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(("socket:", "pipe:")):
            out.add(f"{fd}:{target}")
    return out


def _call(name: str, **arguments: object) -> str:
    return "<tool_call>" + json.dumps({"name": name, "arguments": arguments}) + "</tool_call>"


def _episode(env_id: str, env) -> None:
    _, info = env.reset(seed=5)
    task = env.task
    assert task is not None
    if env_id == "code/repair-v0":
        env.step(_call("run_tests"))
        answer = "done"
    elif "feedback" in env_id:
        env.step(_call("run_tests", code="x = 1\n"))
        answer = task.oracle[0]
    else:
        answer = task.oracle[0]
    *_, info = env.step(answer)
    assert info["score"]["status"] == "judged", info["score"]


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads /proc")
@pytest.mark.parametrize("env_id", ["code/functions-v0", "code/functions-feedback-v0",
                                    "code/repair-v0", "code/dataset-v0"])
def test_closing_the_env_and_its_pool_leaves_no_process_or_socket(env_id: str) -> None:
    close_default_resources()  # whatever earlier tests left in the default pool goes first
    before_pids, before_fds = _descendants(), _channels()
    pool = Resources()
    env = verticals.make(env_id, resources=pool)
    _episode(env_id, env)
    assert _descendants() - before_pids, "the episode should have started a sandbox"
    env.close()
    pool.close()
    deadline = time.monotonic() + 5.0
    while (left := _descendants() - before_pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"processes left after close: {sorted(left)}"
    assert _channels() - before_fds == set(), "sockets or pipes left open after close"
