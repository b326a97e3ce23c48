"""TRL adapter: reward functions and tool environments for `trl.GRPOTrainer`.

Single-turn envs, through `reward_funcs`:

    from trl import GRPOConfig, GRPOTrainer
    from verticals.integrations import trl as vtrl
    train = vtrl.dataset("math/arithmetic-v0", n=1000, difficulty=2)
    trainer = GRPOTrainer(model=..., reward_funcs=vtrl.reward_funcs("math/arithmetic-v0"),
                          train_dataset=train, args=GRPOConfig(...))

Multi-turn envs, through `environment_factory`: each env's tools become typed methods
TRL offers the model; the episode's reward comes from `get_reward()`. TRL sends the
model's last message (the final answer) to no tool, so `finish_episodes` must be among
the reward functions: it hands each episode its final answer (and returns no reward of
its own, so nothing is counted twice):

    trainer = GRPOTrainer(model=..., reward_funcs=[vtrl.finish_episodes],
                          environment_factory=vtrl.environment_factory("math/calculator-v0"),
                          train_dataset=vtrl.dataset("math/calculator-v0", n=1000), args=...)

A reward with no verdict (a sandbox died, the task is not reproduced here) comes back as
None, which TRL masks instead of training on a made-up 0.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Mapping
from typing import Any

from verticals import registry
from verticals.env import TextEnv
from verticals.errors import NoVerdict, VerticalsError
from verticals.integrations import datasets as vdatasets
from verticals.integrations.scoring import finish, score_completion
from verticals.types import Score

RewardFunc = Callable[..., list[float | None]]


def dataset(envs: vdatasets.EnvSpecLike, n: int, seed: int = 0, **config: Any) -> Any:
    """`verticals.integrations.datasets.dataset` plus the `environment` column TRL reads
    to route each row to its env when `environment_factory` is a dict."""
    rows = vdatasets.rows(envs, n, seed, **config)
    for row in rows:
        row["environment"] = row["env"]
    import datasets as hf_datasets

    return hf_datasets.Dataset.from_list(rows)


# --- single-turn: reward functions ------------------------------------------------------


def _column(kwargs: Mapping[str, Any], name: str, count: int) -> list[Any]:
    values = kwargs.get(name)
    if values is None:
        raise VerticalsError(
            f"the dataset has no '{name}' column; build it with "
            "verticals.integrations.datasets.dataset (or trl.dataset)"
        )
    return list(values) if isinstance(values, list | tuple) else [values] * count


def reward_func(env_id: str) -> RewardFunc:
    """The reward function of one env, in TRL's signature: one float (or None) per completion.

    Rows of other envs get None, so one function per env can share a mixed dataset and TRL
    logs each env's mean reward apart (`rewards/<env id>/mean`).
    """
    registry.spec(env_id)

    def reward(prompts: list[Any], completions: list[Any], **kwargs: Any) -> list[float | None]:
        count = len(completions)
        envs = _column(kwargs, "env", count)
        seeds = _column(kwargs, "task_seed", count)
        configs = _column(kwargs, "config", count)
        task_ids = kwargs.get("task_id") or [None] * count
        out: list[float | None] = []
        for completion, env, seed, config, task_id in zip(
            completions, envs, seeds, configs, task_ids, strict=True
        ):
            if env != env_id:
                out.append(None)
                continue
            out.append(score_completion(env, config, int(seed), completion, task_id).value)
        return out

    reward.__name__ = env_id
    reward.__qualname__ = env_id
    return reward


def reward_funcs(envs: vdatasets.EnvSpecLike) -> list[RewardFunc]:
    """One reward function per env named by an id, a glob or a list of them."""
    ids = sorted({env_id for env_id, _ in vdatasets.resolve(envs)})
    return [reward_func(env_id) for env_id in ids]


# --- multi-turn: environment classes ----------------------------------------------------

_JSON_TYPES: dict[str, Any] = {
    "string": str, "integer": int, "number": float, "boolean": bool, "object": dict,
}


def _python_type(schema: Mapping[str, Any]) -> Any:
    kind = schema.get("type")
    if isinstance(kind, list):  # ["string", "null"]: the first concrete type
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "array":
        items = schema.get("items")
        if isinstance(items, Mapping) and items:
            return list.__class_getitem__(_python_type(items))  # list[<item type>]
        return list
    return _JSON_TYPES.get(str(kind), str)


def _describe(schema: Mapping[str, Any]) -> str:
    text = " ".join(str(schema.get("description") or "").split()) or "(no description)"
    if "enum" in schema:
        text += " Choices: " + ", ".join(json.dumps(v) for v in schema["enum"]) + "."
    return text


def _tool_method(name: str, description: str, parameters: Mapping[str, Any]) -> Callable[..., str]:
    """A method `name(self, **args) -> str` whose signature and Google-style docstring come
    from the tool's JSON schema, so TRL (through transformers' `get_json_schema`) shows the
    model the same tool our env answers."""
    if not name.isidentifier():
        raise VerticalsError(f"tool name {name!r} is not a Python identifier; TRL cannot offer it")
    properties: Mapping[str, Any] = parameters.get("properties") or {}
    required = set(parameters.get("required") or [])
    params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    annotations: dict[str, Any] = {"return": str}
    lines = [" ".join(description.split()) or f"The {name} tool.", "", "Args:"]
    ordered = sorted(properties, key=lambda p: p not in required)  # required ones first
    for param in ordered:
        if not param.isidentifier():
            raise VerticalsError(f"parameter {param!r} of tool {name!r} is not an identifier")
        hint = _python_type(properties[param])
        default: Any = inspect.Parameter.empty
        if param not in required:
            hint, default = hint | None, None
        annotations[param] = hint
        params.append(inspect.Parameter(param, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                        default=default, annotation=hint))
        lines.append(f"    {param}: {_describe(properties[param])}")
    if not properties:
        lines = lines[:1]
    lines += ["", "Returns:", "    The tool's result, or an error message to read and correct."]

    def method(self: VerticalsEnvironment, *args: Any, **kwargs: Any) -> str:
        bound = signature.bind(self, *args, **kwargs)
        arguments = {k: v for k, v in list(bound.arguments.items())[1:] if v is not None}
        return self._call_tool(name, arguments)

    signature = inspect.Signature(params, return_annotation=str)
    method.__signature__ = signature  # type: ignore[attr-defined]
    method.__annotations__ = annotations
    method.__doc__ = "\n".join(lines)
    method.__name__ = method.__qualname__ = name
    return method


class VerticalsEnvironment:
    """One rollout's episode, as TRL's `environment_factory` wants it.

    Subclasses made by `environment_factory` add one method per tool of their env. TRL
    calls `reset(**row)` before generating, the tool methods while the model calls tools,
    then (through `finish_episodes`) `_finish` with the final answer, then `get_reward()`.
    """

    env_id: str = ""
    default_config: str = "{}"

    def __init__(self) -> None:
        self._envs = vdatasets.EnvPool()
        self._env: TextEnv | None = None
        self._score: Score | None = None
        #: The tool calls this episode answered, as (name, arguments, result): for tests and logs.
        self.calls: list[tuple[str, dict[str, Any], str]] = []

    def reset(self, **row: Any) -> str | None:
        """Start our episode on the row's task. Returns None: the row's prompt already is
        the first observation (TRL would append a returned string to it)."""
        env_id = row.get("env", self.env_id)
        if env_id != self.env_id:
            raise VerticalsError(f"{type(self).__name__} plays {self.env_id}, not {env_id}; "
                                 "use a dict environment_factory and trl.dataset for mixed envs")
        if "task_seed" not in row:
            raise VerticalsError("the row has no 'task_seed'; build the dataset with "
                                 "verticals.integrations.trl.dataset")
        # Each instance owns its env (TRL runs many episodes side by side): made once per
        # config, reset for every row.
        self._env = self._envs.get(self.env_id, row.get("config") or self.default_config)
        self._score = None
        self.calls = []
        try:
            vdatasets.start_episode(self._env, int(row["task_seed"]), row.get("task_id"))
        except NoVerdict as exc:
            self._score = Score.no_verdict(f"{type(exc).__name__}: {exc}", status=exc.status)
        return None

    def _call_tool(self, name: str, arguments: dict[str, Any]) -> str:
        if self._env is None:
            return "Error: the episode has not started"
        if self._score is not None:
            return "Error: the episode is over"
        message = {"role": "assistant", "content": "",
                   "tool_calls": [{"type": "function",
                                   "function": {"name": name, "arguments": arguments}}]}
        observation, _, terminated, truncated, info = self._env.step(message)
        if terminated or truncated:
            self._score = Score.model_validate(info["score"])
            return observation or "The episode is over."
        last = info["messages"][-1]
        result = str(last.get("content") or "") if last.get("role") == "tool" else observation
        self.calls.append((name, dict(arguments), result))
        return result

    def _finish(self, completion: Any) -> None:
        """End the episode with the completion's final answer (a message with no tool call)."""
        if self._env is None or self._score is not None:
            return
        final = completion
        if not isinstance(completion, str):
            messages = [m for m in completion or [] if isinstance(m, Mapping)]
            last: Mapping[str, Any] = messages[-1] if messages else {}
            plain = last.get("role") == "assistant" and not last.get("tool_calls")
            final = str(last.get("content") or "") if plain else ""
        self._score = finish(self._env, [final])

    @property
    def score(self) -> Score | None:
        """The episode's score once it ended (None before)."""
        return self._score

    def get_reward(self) -> float | None:
        """The episode's reward, or None when it has no verdict (TRL masks it)."""
        if self._score is None:
            raise VerticalsError("the episode has no final answer yet: pass "
                                 "verticals.integrations.trl.finish_episodes in reward_funcs")
        return self._score.value


def finish_episodes(
    prompts: list[Any], completions: list[Any], environments: list[Any] | None = None,
    **kwargs: Any,
) -> list[float | None]:
    """Reward function that hands each episode its final answer; returns only None.

    Put it in `reward_funcs` with `environment_factory`: TRL calls reward functions before
    the environments' `get_reward`, which then returns the env's verdict.
    """
    if environments is None:
        raise VerticalsError("finish_episodes needs TRL's environment_factory")
    for environment, completion in zip(environments, completions, strict=True):
        if isinstance(environment, VerticalsEnvironment):
            environment._finish(completion)
    return [None] * len(completions)


def environment_class(env_id: str, **config: Any) -> type[VerticalsEnvironment]:
    """The environment class of one env: `VerticalsEnvironment` plus its tools as methods."""
    config_text = vdatasets.config_json(config)
    env = registry.make(env_id, **config)
    try:
        schemas = env.tool_schemas()
    finally:
        env.close()
    namespace: dict[str, Any] = {"env_id": env_id, "default_config": config_text,
                                 "__doc__": f"TRL environment for {env_id}."}
    for schema in schemas:
        function = schema.get("function", schema)
        name = function["name"]
        if name in ("reset", "get_reward", "score") or name.startswith("_"):
            raise VerticalsError(f"tool name {name!r} collides with the environment's own methods")
        namespace[name] = _tool_method(name, function.get("description", ""),
                                       function.get("parameters") or {})
    class_name = "".join(p.capitalize() for p in env_id.replace("/", "-").split("-") if p.isalnum())
    return type(class_name or "Env", (VerticalsEnvironment,), namespace)


def environment_factory(
    envs: vdatasets.EnvSpecLike, **config: Any
) -> type[VerticalsEnvironment] | dict[str, type[VerticalsEnvironment]]:
    """A class for one env id, or {env id: class} for several (rows route by `environment`)."""
    pairs = vdatasets.resolve(envs, **config)
    classes = {env_id: environment_class(env_id, **cfg) for env_id, cfg in pairs}
    if isinstance(envs, str) and len(classes) == 1 and not any(c in envs for c in "*?["):
        return next(iter(classes.values()))
    return classes
