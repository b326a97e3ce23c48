"""verl agent loop for multi-turn envs: our episode, turn by turn, through verl's servers.

Rows exported with `--format parquet` name it in `agent_name` ("verticals_agent") when
their env has tools. Let verl's workers import it with an agent-loop config file:

    # agent_loops.yaml
    - name: verticals_agent
      _target_: verticals.integrations.verl_agent.VerticalsAgentLoop

    actor_rollout_ref.rollout.agent.agent_loop_config_path=agent_loops.yaml

Each turn: the server generates (tokens masked 1), the decoded text goes to `env.step`,
whose tool results are rendered with the chat template and appended (tokens masked 0),
until the env ends the episode or the response budget is spent. The env's reward comes
back as `reward_score` (verl then skips its reward function for the sample), with
`judged` and `status` in `extra_fields`; a sample with no verdict scores 0.0 and
`judged = False`, since verl has no mask.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from verl.experimental.agent_loop.agent_loop import AgentLoopBase, AgentLoopOutput, register

from verticals import registry
from verticals.errors import NoVerdict
from verticals.integrations.datasets import VERL_AGENT, start_episode
from verticals.types import Message, Score


def _answers(messages: list[Message]) -> list[Message]:
    """The messages after the last assistant one: the env's answer to that turn."""
    last = max(i for i, m in enumerate(messages) if m.get("role") == "assistant")
    return [{"role": str(m["role"]), "content": str(m.get("content") or "")}
            for m in messages[last + 1:]]


@register(VERL_AGENT)
class VerticalsAgentLoop(AgentLoopBase):
    """Plays one row's episode (its `extra_info` names env, config, seed and task id)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prompt_length = self.rollout_config.prompt_length
        self.response_length = self.rollout_config.response_length

    def _text(self, token_ids: list[int]) -> str:
        """The reply as text. Only end/pad markers are dropped: tool-call tags may be special
        tokens in some tokenizers, and skipping every special token would erase the calls."""
        text = self.tokenizer.decode(token_ids, skip_special_tokens=False)
        for marker in {self.tokenizer.eos_token, self.tokenizer.pad_token, "<|im_end|>"}:
            if marker:
                text = text.replace(marker, "")
        return text

    async def run(self, sampling_params: dict[str, Any], **kwargs: Any) -> AgentLoopOutput:
        info = dict(kwargs.get("extra_info") or {})
        env_id = str(info.get("env") or kwargs["data_source"])
        env = registry.make(env_id, **json.loads(info.get("config") or "{}"))
        try:
            return await self._play(env, info, list(kwargs["raw_prompt"]), sampling_params)
        finally:
            env.close()

    async def _play(
        self, env: Any, info: dict[str, Any], messages: list[Message],
        sampling_params: dict[str, Any],
    ) -> AgentLoopOutput:
        score: Score | None = None
        try:
            start_episode(env, int(info["task_seed"]), info.get("task_id"))
        except NoVerdict as exc:  # still generate once, so verl gets a well-formed sample
            score = Score.no_verdict(f"{type(exc).__name__}: {exc}", status=exc.status)
        tools = env.tool_schemas() or None
        prompt_ids = await self.ct_build_initial_tokens(messages, tools=tools)
        prompt_ids = self._cap_text_prompt_length(prompt_ids)
        mask: list[int] = []
        request_id = uuid4().hex
        turns = 0
        while True:
            turns += 1
            output = await self.server_manager.generate(
                request_id=request_id, prompt_ids=prompt_ids, sampling_params=sampling_params)
            merged, mask, _ = await self.ct_merge_assistant_token(prompt_ids, output.token_ids,
                                                                  mask)
            prompt_ids = merged.token_ids
            if score is not None:
                break
            text = self._text(output.token_ids)
            _, _, terminated, truncated, step_info = env.step(text)
            if terminated or truncated:
                score = Score.model_validate(step_info["score"])
                break
            if len(mask) >= self.response_length:
                score = Score.zero(f"truncated: response budget of {self.response_length} "
                                   "tokens spent")
                break
            previous = list(messages)
            messages = [*messages, {"role": "assistant", "content": text},
                        *_answers(step_info["messages"])]
            merged, new_mask, _ = await self.ct_merge_context_msg(previous, messages, prompt_ids,
                                                                  mask, tools=tools)
            if len(new_mask) >= self.response_length:
                score = Score.zero(f"truncated: response budget of {self.response_length} "
                                   "tokens spent")
                break
            prompt_ids, mask = merged.token_ids, new_mask
        response_ids = prompt_ids[len(prompt_ids) - len(mask):]
        return AgentLoopOutput(
            prompt_ids=prompt_ids[: len(prompt_ids) - len(mask)],
            response_ids=response_ids[: self.response_length],
            response_mask=mask[: self.response_length],
            reward_score=score.reward,
            num_turns=2 * turns,
            metrics={},
            extra_fields={"judged": score.judged, "status": score.status,
                          "reason": score.reason, "turn_scores": [], "tool_rewards": []},
        )
