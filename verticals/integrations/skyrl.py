"""SkyRL-gym adapter: every verticals env as a `skyrl_gym` `BaseTextEnv`.

    from verticals.integrations import skyrl as vskyrl
    vskyrl.register()                       # skyrl_gym env class "verticals"
    rows = vskyrl.rows("math/calculator-v0", n=1000)   # prompt, env_class, env, task_seed...

SkyRL's generator makes one env per row with `skyrl_gym.make(row["env_class"],
env_config=..., extras=<the row's other columns>)`, calls `init(prompt)`, then `step(text)`
with each model turn until `done`. Our env re-creates the row's task from its seed, runs
the tool calls in the text, and returns tool results as observations and, at the end, the
env's reward. SkyRL has no notion of an unscored sample: a reward with no verdict comes
back as 0.0 with `metadata["judged"] = False` (and `get_metrics()["unscored"] = 1`), so
such samples can be filtered out.
"""

from __future__ import annotations

import json
from typing import Any

from skyrl_gym.envs.base_text_env import BaseTextEnv, BaseTextEnvStepOutput
from skyrl_gym.envs.registration import register as _skyrl_register
from skyrl_gym.envs.registration import registry as _skyrl_registry

from verticals import registry
from verticals.errors import NoVerdict, VerticalsError
from verticals.integrations import datasets as vdatasets
from verticals.types import Score

#: The `env_class` our rows name by default.
ENV_CLASS = "verticals"


class VerticalsTextEnv(BaseTextEnv):
    """One verticals episode behind SkyRL-gym's `init` / `step` / `close`.

    `extras` are the row's columns (`env`, `task_seed`, `config`, `task_id`); `env_id`,
    given at registration, pins the env for an `env_class` that names one env.
    """

    def __init__(
        self,
        env_config: Any = None,
        extras: dict[str, Any] | None = None,
        env_id: str | None = None,
    ) -> None:
        super().__init__()
        extras = dict(extras or {})
        self.env_id = extras.get("env") or env_id
        if not self.env_id:
            raise VerticalsError("the row names no env: add an 'env' column "
                                 "(verticals.integrations.skyrl.rows does)")
        if env_id and self.env_id != env_id:
            raise VerticalsError(f"this env class plays {env_id}, the row is {self.env_id}")
        if "task_seed" not in extras:
            raise VerticalsError("the row has no 'task_seed' column")
        self.task_seed = int(extras["task_seed"])
        self.task_id = extras.get("task_id")
        config = extras.get("config") or "{}"
        self.env = registry.make(self.env_id, **(json.loads(config) if isinstance(config, str)
                                                 else dict(config)))
        self.max_turns = self.env.config.max_turns
        self.score: Score | None = None

    def init(self, prompt: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
        """Start the row's episode; the prompt the row carries is the first observation."""
        self.score = None
        try:
            _, info = vdatasets.start_episode(self.env, self.task_seed, self.task_id)
        except NoVerdict as exc:
            self.score = Score.no_verdict(f"{type(exc).__name__}: {exc}", status=exc.status)
            return prompt, {"env": self.env_id, "judged": False}
        return prompt, {"env": self.env_id, "task_id": info["task_id"]}

    def step(self, action: str) -> BaseTextEnvStepOutput:
        """One model turn: tool results back as messages, or the end with the reward."""
        self.turns += 1
        if self.score is not None:  # no episode to play (the task was not reproduced)
            return self._done()
        observation, _, terminated, truncated, info = self.env.step(action)
        if terminated or truncated:
            self.score = Score.model_validate(info["score"])
            return self._done()
        messages = info["messages"]
        last = max(i for i, m in enumerate(messages) if m.get("role") == "assistant")
        new = messages[last + 1:]  # the tool results (or error) that answer this turn
        observations = [{"role": m["role"], "content": str(m.get("content") or "")}
                        for m in new] or [{"role": "user", "content": observation}]
        return BaseTextEnvStepOutput(observations=observations, reward=0.0, done=False,
                                     metadata={"turn": self.turns}, postprocessed_action=None)

    def _done(self) -> BaseTextEnvStepOutput:
        assert self.score is not None
        metadata = {"judged": self.score.judged, "status": self.score.status,
                    "reason": self.score.reason}
        return BaseTextEnvStepOutput(observations=[], reward=self.score.reward, done=True,
                                     metadata=metadata, postprocessed_action=None)

    def get_metrics(self) -> dict[str, Any]:
        judged = self.score is not None and self.score.judged
        return {"unscored": 0 if judged else 1,
                "tool_calls": len(self.env.trajectory().tool_calls)}

    def close(self) -> None:
        self.env.close()


def register(name: str = ENV_CLASS, env_id: str | None = None) -> str:
    """Register our env class with skyrl_gym under `name` (idempotent); returns the name.

    With `env_id`, the class plays only that env (rows may then omit the `env` column).
    """
    if name not in _skyrl_registry:
        kwargs = {"env_id": registry.spec(env_id).id} if env_id else {}
        _skyrl_register(id=name, entry_point=f"{__name__}:VerticalsTextEnv", kwargs=kwargs)
    return name


def rows(
    envs: vdatasets.EnvSpecLike, n: int, seed: int = 0, env_class: str = ENV_CLASS,
    **config: Any,
) -> list[dict[str, Any]]:
    """Dataset rows for SkyRL: ours plus `env_class` (write them with `write_parquet`)."""
    out = vdatasets.rows(envs, n, seed, **config)
    for row in out:
        row["env_class"] = env_class
    return out


def write_parquet(rows_: list[dict[str, Any]], path: str) -> int:
    """A parquet file SkyRL's PromptDataset reads (`prompt`, `env_class` and the extras)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows_), path)
    return len(rows_)
