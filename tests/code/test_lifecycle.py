"""Closing an env and then its resource pool stops every sandbox process its episodes
started (zygotes, their slot servers, exited children) and closes their sockets and pipes."""

from __future__ import annotations

import json
import os
import time

import pytest

import verticals
from verticals.conformance.leaks import child_processes, open_descriptors
from verticals.resources import Resources, close_default_resources


def _descendants() -> set[int]:
    """Every live or zombie descendant of this process."""
    return set(child_processes())


def _channels() -> set[str]:
    """This process's open sockets and pipes (fd:target)."""
    return {f"{fd}:{target}" for fd, target in open_descriptors().items()
            if target.startswith(("socket:", "pipe:"))}


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
