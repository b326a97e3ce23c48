"""The worker of the fresh-process checks; stdlib and gymnasium only at import.

Started by `verticals.conformance.fresh` as a script, so that the first
`gymnasium.make("verticals:<id>")` is what imports verticals, as in a user's program.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _gymnasium_make(env_id: str, seed: int) -> str | None:
    import gymnasium

    try:
        env = gymnasium.make(f"verticals:{env_id}")
        try:
            observation, _ = env.reset(seed=seed)
            if not isinstance(observation, str):
                return f"reset gave {type(observation).__name__}, not str"
            env.step("I don't know.")
        finally:
            env.close()
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _fingerprints(env_id: str, seeds: list[int]) -> list[list[str]]:
    """(config, seed, what) -> digest of everything that must not depend on the process."""
    from verticals import registry
    from verticals.policies import OraclePolicy
    from verticals.runner import play

    spec = registry.spec(env_id)
    items = []
    for config in [dict(c) for c in spec.bench] or [{}]:
        env = registry.make(env_id, **config)
        label = json.dumps(config, sort_keys=True)
        try:
            for seed in seeds:
                observation, info = env.reset(seed=seed)
                task = env.task.model_dump(mode="json") if env.task else None
                items.append([label, str(seed), "task",
                              _digest([observation, task, info])])
                following, _ = env.reset()
                items.append([label, str(seed), "next unseeded task", _digest(following)])
                record = play(env, OraclePolicy(), seed, config)
                items.append([label, str(seed), "oracle episode", _digest(
                    [record.messages, record.score.reward, record.score.status,
                     record.final_answer])])
        finally:
            env.close()
    return items


def worker(ids_file: str, out_file: str) -> None:
    request = json.loads(Path(ids_file).read_text())
    seeds = list(range(request["seed"], request["seed"] + request["seeds"]))
    out: dict[str, Any] = {}
    for env_id in request["ids"]:  # the first make imports verticals: nothing before it
        out[env_id] = {"make": _gymnasium_make(env_id, request["seed"])}
    for env_id in request["ids"]:
        try:
            out[env_id]["items"] = _fingerprints(env_id, seeds)
        except Exception as exc:
            out[env_id]["error"] = f"{type(exc).__name__}: {exc}"
    Path(out_file).write_text(json.dumps(out))


if __name__ == "__main__":
    worker(sys.argv[1], sys.argv[2])
