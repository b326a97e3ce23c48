"""The base environment: a `gymnasium.Env` whose observations and actions are text.

One class serves single-turn and multi-turn envs. An env with no tools ends on the first
action, which is the final answer. An env with tools reads tool calls from each action,
answers them, and ends when the agent sends a message without tool calls, or when a bound
(turns, tool calls, time) is reached. Nothing an agent sends raises: a malformed action
earns an error observation (multi-turn) or reward 0 (single-turn).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, ClassVar

import gymnasium as gym
from gymnasium.utils import seeding
from pydantic import BaseModel, ConfigDict, Field

from verticals.errors import NoVerdict
from verticals.generators import SourceConfig, TaskSource, config_digest
from verticals.resources import Resources
from verticals.spaces import UnicodeText
from verticals.toolcalls import ParsedAction, parse_message, parse_text
from verticals.tools import Tool, ToolError
from verticals.types import Action, Message, Score, Task, ToolCall, Trajectory

RewardFn = Callable[[Trajectory, Task], Score]

#: The gold policy of one episode: given the messages so far, the next action.
OracleFn = Callable[[list[Message]], Action]

#: Longest text the observation and action spaces admit.
MAX_TEXT = 1 << 24


class EpisodeConfig(BaseModel):
    """Bounds every episode has. Single-turn envs keep max_turns at 1."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_turns: int = Field(default=1, ge=1, le=1000, description="Agent messages per episode.")
    max_tool_calls: int = Field(default=64, ge=0, le=10_000, description="Tool calls per episode.")
    max_action_chars: int = Field(
        default=65_536, ge=1, le=MAX_TEXT, description="Longest agent message accepted."
    )
    max_observation_chars: int = Field(
        default=16_384, ge=64, le=MAX_TEXT, description="Longest tool result shown (truncated)."
    )
    max_episode_seconds: float = Field(
        default=600.0, gt=0, description="Wall-clock bound for one episode."
    )


class MultiTurnConfig(EpisodeConfig):
    max_turns: int = Field(default=16, ge=1, le=1000, description="Agent messages per episode.")


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n…[truncated {len(text) - limit} characters]"


class _LazyGenerator:
    """Stands in for gymnasium's `_np_random`: the numpy Generator is built on first read.

    `reset(seed=s)` must reseed the env's RNG, but a text env only draws from it when a
    later `reset()` comes without a seed. Building the Generator costs more than making
    a whole arithmetic task, so the seed is kept and the Generator made only if read.
    """

    def __get__(self, env: Any, owner: type) -> Any:
        if env is None:
            return self
        state = env.__dict__
        if state.get("_rng_pending_seed") is not None:
            state["_rng"], _ = seeding.np_random(state.pop("_rng_pending_seed"))
        return state.get("_rng")

    def __set__(self, env: Any, value: Any) -> None:
        env.__dict__["_rng"] = value
        env.__dict__["_rng_pending_seed"] = None

    @staticmethod
    def reseed(env: Any, seed: int) -> None:
        env.__dict__["_rng"] = None
        env.__dict__["_rng_pending_seed"] = seed
        env._np_random_seed = seed


class TextEnv(gym.Env[str, Any]):
    """A text environment over one task source and one reward function."""

    _np_random = _LazyGenerator()

    # gymnasium declares `metadata` an instance attribute; every text env shares this one.
    metadata = {"render_modes": ["ansi"], "render_fps": 1}  # noqa: RUF012
    #: Config model for the episode bounds; the registry merges it with the source's.
    Config: ClassVar[type[EpisodeConfig]] = EpisodeConfig

    def __init__(
        self,
        env_id: str,
        source: TaskSource,
        reward: RewardFn,
        config: EpisodeConfig | None = None,
        render_mode: str | None = None,
        resources: Resources | None = None,
    ) -> None:
        self.env_id = env_id
        self.source = source
        self.reward_fn = reward
        #: Shared heavy resources (a world, an index, a sandbox backend) this env draws on.
        self.resources = resources if resources is not None else source.resources
        self.config = config if config is not None else self.Config()
        self.render_mode = render_mode
        self.observation_space = UnicodeText(MAX_TEXT)
        self.action_space = UnicodeText(self.config.max_action_chars)
        self._tools = {tool.name: tool for tool in self.tools()}
        self._tool_schemas = [tool.schema for tool in self._tools.values()]
        self._source_config = self.source_config()
        self._config_digest = config_digest(self._source_config)
        self._task: Task | None = None
        self._messages: list[Message] = []
        self._tool_calls: list[ToolCall] = []
        self._turn = 0
        self._done = True
        self._started = 0.0
        self._last_score: Score | None = None
        self._episode_open = False

    # --- what subclasses customise -------------------------------------------------

    def tools(self) -> list[Tool]:
        """The tools this env offers; none means single-turn."""
        return []

    def on_reset(self, task: Task) -> None:
        """Set up the episode's world (a database, sandbox sessions) for `task`."""

    def on_release(self) -> None:
        """Release the episode's world; called before the next reset and at `close`.

        Shared resources (`self.resources`) are not the episode's: leave them open.
        """

    def end_state(self) -> dict[str, Any]:
        """The world's end state as JSON data, for the reward and the rollout record."""
        return {}

    def live_world(self) -> Any:
        """The live world (e.g. a database connection) a reward may query at the end.

        Handed to the reward as `Trajectory.world`, never serialised; rewards must also
        work from `end_state()` alone so that rollouts can be re-scored offline.
        """
        return None

    def oracle(self) -> OracleFn:
        """The gold policy for the current episode, for the `oracle` policy.

        The default replays `task.oracle` in order. Envs whose gold must react to what
        the episode created (an id a tool returned) override this with a callable over
        the messages so far.
        """
        actions = list(self._task.oracle) if self._task else []

        def replay(messages: list[Message]) -> Action:
            turn = sum(1 for m in messages if m.get("role") == "assistant")
            return actions[turn] if turn < len(actions) else ""

        return replay

    def versions(self) -> dict[str, str]:
        """Versions of the outside libraries this env's tasks and verdicts depend on."""
        return {}

    # --- lifecycle ------------------------------------------------------------------

    def close(self) -> None:
        """Release the episode's world. Safe to call twice; `reset` may follow."""
        self._release_episode()
        super().close()

    def _release_episode(self) -> None:
        if self._episode_open:
            self._episode_open = False
            self.on_release()

    # --- the gymnasium interface ----------------------------------------------------

    @property
    def task(self) -> Task | None:
        """The current task, hidden gold included: for policies and rewards, not agents."""
        return self._task

    def source_config(self) -> SourceConfig:
        """The part of the config that shapes tasks (so task ids ignore episode bounds)."""
        fields = self.source.Config.model_fields
        return self.source.Config(**{k: v for k, v in self.config if k in fields})

    def make_task(self, seed: int) -> Task:
        task = self.source.task(self.env_id, seed, self._source_config, digest=self._config_digest)
        if self._tools and not task.tools:
            task = task.model_copy(update={"tools": self.tool_schemas()})
        return task

    def trajectory(self, final_answer: str | None = None) -> Trajectory:
        """The episode so far, as a reward (or a rollout record) sees it."""
        return Trajectory(
            final_answer=final_answer,
            messages=list(self._messages),
            tool_calls=list(self._tool_calls),
            state=self.end_state(),
            world=self.live_world(),
        )

    def tool_schemas(self) -> list[dict[str, Any]]:
        return list(self._tool_schemas)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Start an episode.

        Args:
            seed: the task seed (and the seed of the env's RNG). Without one, the task
                seed is drawn from the env's RNG.
            options: `{"task_seed": n}` picks the task apart from the RNG seed;
                `{"task": Task | dict}` plays a given task.

        Returns:
            The prompt's text, and `info` with `messages` (the conversation in chat
            format), `tools` (their JSON schemas), `env`, `task_id`, `metadata`, `turn`.
        """
        self._release_episode()
        if seed is not None:
            _LazyGenerator.reseed(self, seed)
        options = options or {}
        if "task" in options:
            task = options["task"]
            task = task if isinstance(task, Task) else Task.model_validate(task)
        else:
            task_seed = options.get("task_seed", seed)
            if task_seed is None:
                task_seed = int(self.np_random.integers(0, 2**31 - 1))
            task = self.make_task(int(task_seed))
        self._task = task
        self._messages = task.prompt_messages()
        self._tool_calls = []
        self._turn = 0
        self._done = False
        self._last_score = None
        self._started = time.monotonic()
        self._episode_open = True
        self.on_reset(task)
        observation = "\n\n".join(str(m.get("content") or "") for m in self._messages)
        return observation, self._info()

    def step(self, action: Any) -> tuple[str, float, bool, bool, dict[str, Any]]:
        """Take one assistant message.

        Args:
            action: assistant text (tool calls as `<tool_call>{...}</tool_call>`) or an
                OpenAI-style message dict with `tool_calls`. A message with no tool calls
                is the final answer. Anything malformed is answered, never raised.

        Returns:
            `(observation, reward, terminated, truncated, info)`: the tool results (or
            "" at the end), the reward (0.0 until the end), whether the episode ended
            with an answer or was cut by a bound, and `info`; at the end `info["score"]`
            holds the `Score` as a dict, whose `status` says whether it is a verdict.
        """
        if self._task is None:
            raise RuntimeError("call reset() before step()")
        if self._done:
            return self._finish_obs("The episode is over; call reset() to start another.")
        self._turn += 1
        parsed, problem = self._read_action(action)
        if problem is not None:
            return self._on_bad_action(problem)
        if parsed.is_final or not self._tools:
            return self._finish(final_answer=parsed.content)
        if parsed.errors:
            return self._continue(self._error_text(parsed.errors))
        return self._run_calls(parsed)

    def render(self) -> str | None:
        if self.render_mode != "ansi":
            return None
        return "\n".join(f"[{m.get('role')}] {m.get('content') or ''}" for m in self._messages)

    # --- episode mechanics ----------------------------------------------------------

    def _info(self, **extra: Any) -> dict[str, Any]:
        task = self._task
        info: dict[str, Any] = {
            "env": self.env_id,
            "task_id": task.id if task else None,
            "metadata": dict(task.metadata) if task else {},
            "messages": list(self._messages),
            "tools": self.tool_schemas(),
            "turn": self._turn,
            "tool_calls": len(self._tool_calls),
        }
        info.update(extra)
        return info

    @staticmethod
    def _text(action: Any) -> str:
        if isinstance(action, str):
            return action
        content = action.get("content") if isinstance(action, dict) else None
        return content if isinstance(content, str) else ""

    def _read_action(self, action: Any) -> tuple[ParsedAction, str | None]:
        empty = ParsedAction(content="")
        if not isinstance(action, str | dict):
            self._messages.append({"role": "assistant", "content": ""})
            kind = type(action).__name__
            return empty, f"action must be a string or a chat message dict, not {kind}"
        text = self._text(action)
        if len(text) > self.config.max_action_chars:
            self._messages.append(
                {"role": "assistant", "content": _clip(text, self.config.max_action_chars)}
            )
            return empty, (
                f"action is {len(text)} characters; the limit is {self.config.max_action_chars}"
            )
        if not self._tools:  # single-turn: the whole message is the answer, nothing to parse
            self._messages.append({"role": "assistant", "content": text})
            return ParsedAction(content=text), None
        prefix = f"call_{self._turn}"
        if isinstance(action, str):
            parsed = parse_text(action, id_prefix=prefix)
            self._messages.append({"role": "assistant", "content": action})
        else:
            parsed = parse_message(action, id_prefix=prefix)
            self._messages.append(self._assistant_message(text, parsed))
        return parsed, None

    @staticmethod
    def _assistant_message(text: str, parsed: ParsedAction) -> Message:
        message: Message = {"role": "assistant", "content": text}
        if parsed.calls:
            message["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for call in parsed.calls
            ]
        return message

    @staticmethod
    def _error_text(errors: list[str]) -> str:
        return "Error: " + "; ".join(errors)

    def _on_bad_action(self, problem: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        if not self._tools:
            return self._finish(final_answer=None, score=Score.zero(f"malformed action: {problem}"))
        return self._continue(self._error_text([problem]))

    def _out_of_time(self) -> str | None:
        if time.monotonic() - self._started > self.config.max_episode_seconds:
            return f"time limit of {self.config.max_episode_seconds:g}s reached"
        return None

    def _over_budget(self) -> str | None:
        """Why the episode cannot go on: out of time, or the last turn was used."""
        if limit := self._out_of_time():
            return limit
        if self._turn >= self.config.max_turns:
            return f"turn limit of {self.config.max_turns} reached without a final answer"
        return None

    def _continue(self, observation: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        """Show `observation` to the agent, unless a bound ends the episode first."""
        observation = _clip(observation, self.config.max_observation_chars)
        if not self._messages or self._messages[-1].get("role") != "tool":
            self._messages.append({"role": "user", "content": observation})
        limit = self._over_budget()
        if limit:
            return self._truncate(limit)
        return observation, 0.0, False, False, self._info()

    def _run_calls(self, parsed: ParsedAction) -> tuple[str, float, bool, bool, dict[str, Any]]:
        responses = []
        for call in parsed.calls:
            if len(self._tool_calls) >= self.config.max_tool_calls:
                return self._truncate(f"tool-call limit of {self.config.max_tool_calls} reached")
            result, failed = self._answer_call(call.name, call.arguments)
            result = _clip(result, self.config.max_observation_chars)
            self._tool_calls.append(
                ToolCall(
                    id=call.id, name=call.name, arguments=call.arguments, result=result,
                    error=failed,
                )
            )
            self._messages.append(
                {"role": "tool", "tool_call_id": call.id, "name": call.name, "content": result}
            )
            responses.append(f"<tool_response>\n{result}\n</tool_response>")
        return self._continue("\n".join(responses))

    def _answer_call(self, name: str, arguments: dict[str, Any]) -> tuple[str, bool]:
        tool = self._tools.get(name)
        if tool is None:
            known = ", ".join(sorted(self._tools)) or "none"
            return f"Error: unknown tool '{name}' (tools: {known})", True
        try:
            return str(tool.call(arguments)), False
        except ToolError as exc:
            return f"Error: {exc}", True
        except Exception as exc:  # a tool bug must not end the episode with a traceback
            return f"Error: tool '{name}' failed ({type(exc).__name__})", True

    def _score(self, trajectory: Trajectory) -> Score:
        """The reward's verdict, or a score that says why there is none.

        Reward functions judge malformed answers themselves (a judged 0). An exception
        out of one is never the agent's doing: `NoVerdict` says what failed, anything
        else is a bug in our machinery. Both leave the episode unscored, not scored 0.
        """
        assert self._task is not None
        try:
            return self.reward_fn(trajectory, self._task)
        except NoVerdict as exc:
            return Score.no_verdict(f"{type(exc).__name__}: {exc}", status=exc.status)
        except Exception as exc:
            return Score.no_verdict(f"reward function raised {type(exc).__name__}: {exc}")

    def _finish(
        self, final_answer: str | None, score: Score | None = None
    ) -> tuple[str, float, bool, bool, dict[str, Any]]:
        # A final answer on the last turn counts; one sent after the time ran out does not.
        if self._tools and (limit := self._out_of_time()):
            return self._truncate(limit)
        self._done = True
        trajectory = self.trajectory(final_answer)
        self._last_score = score if score is not None else self._score(trajectory)
        info = self._info(
            score=self._last_score.model_dump(),
            final_answer=final_answer,
            state=trajectory.state,
        )
        return "", self._last_score.reward, True, False, info

    def _truncate(self, why: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        self._done = True
        self._last_score = Score.zero(f"truncated: {why}")
        info = self._info(
            score=self._last_score.model_dump(), final_answer=None, state=self.end_state()
        )
        return why, 0.0, False, True, info

    def _finish_obs(self, text: str) -> tuple[str, float, bool, bool, dict[str, Any]]:
        score = self._last_score.model_dump() if self._last_score else None
        return text, 0.0, True, False, self._info(score=score, error=text)
