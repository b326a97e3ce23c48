"""verl adapter: a `compute_score` for exported parquet rows.

    verticals export math/arithmetic-v0 -n 10000 --format parquet --out train.parquet

    # verl config
    data.train_files=train.parquet
    custom_reward_function.path=<site-packages>/verticals/integrations/verl.py
    custom_reward_function.name=compute_score

Rows carry no gold: `reward_model.ground_truth` is the task id and `extra_info` holds
(env, config, task_seed, task_id), from which `compute_score` makes the task again and
asks the env for its verdict on the response. The result is a dict: `score` (the reward),
`judged` (1.0, or 0.0 when there is no verdict: verl has no mask, so such samples score
0.0 and can be filtered on `judged`) and `status`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verticals.integrations.scoring import score_completion
from verticals.types import Score


def _row_fields(
    data_source: str, ground_truth: Any, extra_info: Mapping[str, Any] | None
) -> tuple[str, str, int, str | None]:
    """(env, config, task_seed, task_id) from `extra_info`, else from the task id alone."""
    info = dict(extra_info or {})
    if "task_seed" in info:
        return (str(info.get("env") or data_source), str(info.get("config") or "{}"),
                int(info["task_seed"]), info.get("task_id") or None)
    task_id = str(ground_truth)  # env@version:digest:seed; the default config is assumed
    seed = task_id.rsplit(":", 1)[-1]
    if not seed.isdigit():
        raise ValueError(f"row has no extra_info.task_seed and {task_id!r} is not a task id")
    return data_source, "{}", int(seed), task_id


def score(
    data_source: str, solution_str: str, ground_truth: Any,
    extra_info: Mapping[str, Any] | None = None,
) -> Score:
    """The env's `Score` for `solution_str` on the row's task."""
    env_id, config, seed, task_id = _row_fields(data_source, ground_truth, extra_info)
    return score_completion(env_id, config, seed, solution_str, task_id)


def compute_score(
    data_source: str, solution_str: str, ground_truth: Any,
    extra_info: Mapping[str, Any] | None = None, **kwargs: Any,
) -> dict[str, Any]:
    """verl's custom reward function signature; see the module docstring."""
    verdict = score(data_source, solution_str, ground_truth, extra_info)
    return {"score": verdict.reward, "judged": 1.0 if verdict.judged else 0.0,
            "status": verdict.status}
