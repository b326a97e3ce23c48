"""A submission that is not encodable text (a lone surrogate, as a fuzzer or a broken
decoder may send) is the agent's fault: judged 0 with a reason, never left unscored."""

from __future__ import annotations

import json

import pytest

import verticals
from verticals.tasks.code.repair import MODULE

SURROGATE = "\ud95c"


def _call(name: str, **arguments: object) -> str:
    # json.dumps escapes the surrogate as \ud95c; the env's parser turns it back into one
    return "<tool_call>" + json.dumps({"name": name, "arguments": arguments}) + "</tool_call>"


def _judged_zero(info: dict) -> str:
    score = info["score"]
    assert score["status"] == "judged", score
    assert score["reward"] == 0.0
    assert "not valid text" in score["reason"] and "U+D95C" in score["reason"]
    return score["reason"]


@pytest.mark.parametrize("env_id", ["code/functions-v0", "code/stdio-v0", "code/dataset-v0"])
@pytest.mark.parametrize("where", ["in the code", "outside any block"])
def test_a_lone_surrogate_in_the_answer_earns_a_judged_zero(env_id: str, where: str) -> None:
    env = verticals.make(env_id)
    env.reset(seed=3)
    gold = env.task.oracle[0]
    answer = (gold.replace("```python\n", f"```python\n# {SURROGATE}\n", 1)
              if where == "in the code" else f"{SURROGATE} no code here")
    *_, info = env.step(answer)
    _judged_zero(info)
    env.close()


@pytest.mark.parametrize("env_id", ["code/functions-feedback-v0", "code/stdio-feedback-v0"])
def test_run_tests_with_a_lone_surrogate_reports_it_and_the_episode_goes_on(env_id) -> None:
    env = verticals.make(env_id)
    env.reset(seed=3)
    obs, reward, terminated, truncated, _ = env.step(_call("run_tests", code=f"x = '{SURROGATE}'"))
    assert not terminated and not truncated and reward == 0.0
    assert "not valid text" in obs and "U+D95C" in obs
    *_, info = env.step(env.task.oracle[0])
    assert info["score"]["reward"] == 1.0
    env.close()


def test_repair_files_with_a_lone_surrogate_are_judged_zero() -> None:
    env = verticals.make("code/repair-v0", difficulty=1)
    env.reset(seed=3)
    fixed = env.task.reference["solution_files"][MODULE]
    obs, *_ = env.step(_call("write_file", path=MODULE, content=fixed + f"# {SURROGATE}\n"))
    assert "wrote" in obs
    obs, *_ = env.step(_call("run_tests"))
    assert "not valid text" in obs
    *_, info = env.step("done")
    _judged_zero(info)
    # a helper file (or its name) is a submitted file too
    env.reset(seed=3)
    env.step(_call("write_file", path=MODULE, content=fixed))
    env.step(_call("write_file", path=f"helper{SURROGATE}.py", content="X = 1\n"))
    *_, info = env.step("done")
    assert "its name" in _judged_zero(info)
    env.close()
