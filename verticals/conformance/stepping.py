"""Calling into an env the way a check must: with a deadline, catching everything, and
checking what comes back against the gymnasium contract."""

from __future__ import annotations

import math
from typing import Any

from verticals.conformance.probing import describe
from verticals.conformance.watchdog import Hang, deadline
from verticals.env import TextEnv
from verticals.toolcalls import parse_message, parse_text
from verticals.types import Action


class Violation(Exception):
    """A breach of the env contract found while probing; `kind` sorts it for the report.

    kinds: "exception" (the env raised), "hang" (a call missed its deadline),
    "invalid" (a reply of the wrong shape), "unscored" (an episode left without verdict).
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


Step = tuple[str, float, bool, bool, dict[str, Any]]


def reset(env: TextEnv, seed: int, timeout: float) -> tuple[str, dict[str, Any]]:
    try:
        with deadline(timeout, f"reset(seed={seed})"):
            observation, info = env.reset(seed=seed)
    except Hang as exc:
        raise Violation("hang", str(exc)) from None
    except Exception as exc:
        raise Violation("exception", f"reset(seed={seed}) raised {_name(exc)}") from exc
    if not isinstance(observation, str) or not isinstance(info, dict):
        raise Violation("invalid", f"reset(seed={seed}) returned "
                                   f"({type(observation).__name__}, {type(info).__name__})")
    return observation, info


def step(env: TextEnv, action: Any, timeout: float) -> Step:
    """`env.step(action)`, or a Violation saying how it broke the contract."""
    what = f"step({describe(action)})"
    try:
        with deadline(timeout, what):
            result = env.step(action)
    except Hang as exc:
        raise Violation("hang", str(exc)) from None
    except Exception as exc:
        raise Violation("exception", f"{what} raised {_name(exc)}") from exc
    return _checked(result, what)


def _checked(result: Any, what: str) -> Step:
    if not isinstance(result, tuple) or len(result) != 5:
        raise Violation("invalid", f"{what} returned {type(result).__name__}, not a 5-tuple")
    observation, reward, terminated, truncated, info = result
    problems = []
    if not isinstance(observation, str):
        problems.append(f"observation is {type(observation).__name__}")
    if not isinstance(reward, float | int) or not math.isfinite(reward) or not 0 <= reward <= 1:
        problems.append(f"reward is {reward!r}")
    if not isinstance(terminated, bool) or not isinstance(truncated, bool):
        problems.append("terminated/truncated are not bools")
    if not isinstance(info, dict):
        problems.append(f"info is {type(info).__name__}")
    elif (terminated or truncated) and not isinstance(info.get("score"), dict):
        problems.append("the episode ended without info['score']")
    if problems:
        raise Violation("invalid", f"{what}: {'; '.join(problems)}")
    return result


def ended(result: Step) -> bool:
    return result[2] or result[3]


def verdict(result: Step, what: str) -> float:
    """The judged reward of an ended episode; an unscored one is a Violation."""
    score = result[4]["score"]
    if score.get("status", "judged") != "judged":
        raise Violation("unscored", f"{what}: left unscored [{score.get('status')}] "
                                    f"({score.get('reason')})")
    return float(score["reward"])


def is_final(env: TextEnv, action: Action) -> bool:
    """Whether `action` would end the episode as a final answer (not a tool call)."""
    if not env.tool_schemas():
        return True
    parsed = parse_text(action) if isinstance(action, str) else parse_message(action)
    return parsed.is_final


def play_oracle_until_final(env: TextEnv, seed: int, timeout: float) -> tuple[Action, Step | None]:
    """Reset to `seed` and play the env's oracle up to (not including) its final answer.

    Returns the final answer the oracle would send and the last step taken (None if the
    answer is the first action).
    """
    _, info = reset(env, seed, timeout)
    oracle = env.oracle()
    last: Step | None = None
    for _ in range(env.config.max_turns):
        try:
            action = oracle(info["messages"])
        except Exception as exc:
            raise Violation("exception", f"the oracle of seed {seed} raised {_name(exc)}") from exc
        if is_final(env, action):
            return action, last
        last = step(env, action, timeout)
        if ended(last):
            raise Violation("invalid", f"seed {seed}: the oracle's episode ended before its "
                                       "final answer")
        info = last[4]
    raise Violation("invalid", f"seed {seed}: the oracle sent no final answer within "
                               f"{env.config.max_turns} turns")


def _name(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
