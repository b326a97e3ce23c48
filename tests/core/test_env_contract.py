"""The environment contract every registered env must keep."""

from __future__ import annotations

import json

import pytest
from gymnasium.utils.env_checker import check_env

import verticals
from verticals.policies import NULL_ANSWER
from verticals.toolcalls import format_text_call


@pytest.mark.parametrize("env_id", verticals.registered())
def test_check_env_passes(env_id):
    check_env(verticals.make(env_id), skip_render_check=True)


@pytest.mark.parametrize("env_id", verticals.registered())
def test_oracle_reaches_one_and_null_scores_zero(env_id):
    for seed in range(3):
        env = verticals.make(env_id)
        env.reset(seed=seed)
        reward = 0.0
        for action in env.task.oracle:
            _, reward, terminated, truncated, info = env.step(action)
        assert reward == 1.0 and terminated and not truncated, info.get("score")
        env.reset(seed=seed)
        _, reward, terminated, _, info = env.step(NULL_ANSWER)
        assert reward == 0.0 and terminated


@pytest.mark.parametrize("env_id", verticals.registered())
def test_hidden_reference_never_reaches_obs_or_info(env_id):
    env = verticals.make(env_id)
    observation, info = env.reset(seed=11)
    task = env.task
    seen = observation + json.dumps(info, default=str)
    _, _, _, _, info = env.step(NULL_ANSWER)
    seen += json.dumps(info, default=str)
    assert '"reference"' not in seen and '"oracle"' not in seen
    for action in task.oracle:  # the gold actions are nowhere until the agent sends them
        text = action if isinstance(action, str) else json.dumps(action)
        assert text not in seen
    answer = str(task.reference.get("answer", ""))
    if len(answer) >= 4:  # short answers may appear in a prompt by chance; long ones not
        assert answer not in json.dumps(info["metadata"], default=str)


def test_same_seed_same_task_and_ids_carry_the_generator_version():
    a = verticals.make("math/arithmetic-v0", difficulty=4)
    b = verticals.make("math/arithmetic-v0", difficulty=4)
    assert a.reset(seed=7)[0] == b.reset(seed=7)[0]
    assert a.task == b.task
    assert "@1:" in a.task.id and a.task.id.endswith(":7")
    c = verticals.make("math/arithmetic-v0", difficulty=5)
    c.reset(seed=7)
    assert c.task.id != a.task.id


def test_reset_without_seed_continues_the_seeded_stream():
    env = verticals.make("math/arithmetic-v0")
    env.reset(seed=5)
    first = [env.reset()[0] for _ in range(3)]
    env.reset(seed=5)
    assert [env.reset()[0] for _ in range(3)] == first


def test_reset_options_replay_an_exported_task():
    env = verticals.make("math/arithmetic-v0")
    env.reset(seed=2)
    task = env.task
    other = verticals.make("math/arithmetic-v0")
    observation, _ = other.reset(options={"task": task.model_dump()})
    assert other.task == task and task.prompt in observation


class TestSingleTurnBadInput:
    def setup_method(self):
        self.env = verticals.make("math/arithmetic-v0")
        self.env.reset(seed=0)

    @pytest.mark.parametrize("action", [5, None, 3.5, ["list"], b"bytes"])
    def test_non_string_action_scores_zero_with_a_reason(self, action):
        _, reward, terminated, truncated, info = self.env.step(action)
        assert reward == 0.0 and terminated and not truncated
        assert "action must be a string" in info["score"]["reason"]

    def test_ten_megabyte_action_scores_zero_and_is_not_stored_whole(self):
        answer = "\\boxed{" + self.env.task.reference["answer"] + "}"
        _, reward, terminated, _, info = self.env.step("x" * 10_000_000 + answer)
        assert reward == 0.0 and terminated
        assert "limit" in info["score"]["reason"]
        assert sum(len(m["content"]) for m in info["messages"]) < 200_000

    def test_step_after_the_end_does_not_raise(self):
        self.env.step(NULL_ANSWER)
        observation, reward, terminated, _, _ = self.env.step(NULL_ANSWER)
        assert reward == 0.0 and terminated and "reset" in observation

    def test_dict_message_is_accepted(self):
        oracle = self.env.task.oracle[0]
        _, reward, _, _, _ = self.env.step({"role": "assistant", "content": oracle})
        assert reward == 1.0


class TestToolEpisodes:
    def setup_method(self):
        self.env = verticals.make("math/calculator-v0", max_turns=4, max_tool_calls=3)
        self.observation, self.info = self.env.reset(seed=1)

    def test_tools_are_announced_as_openai_function_schemas(self):
        (tool,) = self.info["tools"]
        assert tool["type"] == "function" and tool["function"]["name"] == "calculate"
        assert self.env.task.tools == self.info["tools"]

    def test_text_tool_call_is_answered_and_recorded(self):
        observation, reward, terminated, _, info = self.env.step(
            "Let me compute. " + format_text_call("calculate", {"expression": "6 * 7"})
        )
        assert "42" in observation and reward == 0.0 and not terminated
        assert info["messages"][-1] == {
            "role": "tool", "tool_call_id": "call_1_0", "name": "calculate", "content": "42",
        }

    def test_openai_dict_tool_call_is_answered(self):
        message = {
            "role": "assistant",
            "content": None,
            "tool_calls": [{"id": "abc", "type": "function",
                            "function": {"name": "calculate",
                                         "arguments": '{"expression": "1/3 + 1/6"}'}}],
        }
        observation, _, terminated, _, info = self.env.step(message)
        assert "1/2" in observation and not terminated
        assert info["messages"][-2]["tool_calls"][0]["id"] == "abc"

    @pytest.mark.parametrize(
        ("action", "expected"),
        [
            ("<tool_call>{not json}</tool_call>", "not valid JSON"),
            ("<tool_call>{\"arguments\": {}}</tool_call>", "needs a string 'name'"),
            ("<tool_call>{\"name\": \"calculate\"", "never closed"),
            (format_text_call("rm", {"path": "/"}), "unknown tool 'rm'"),
            (format_text_call("calculate", {"expr": "1"}), "invalid arguments"),
            (format_text_call("calculate", {"expression": "__import__('os')"}), "unsupported"),
            (format_text_call("calculate", {"expression": "9**9**9**9"}), "exponent"),
            ({"role": "assistant", "tool_calls": "nope"}, "must be a list"),
            (42, "action must be a string"),
            ("y" * 70_000, "limit is"),
        ],
    )
    def test_malformed_actions_get_an_error_observation(self, action, expected):
        observation, reward, terminated, truncated, _ = self.env.step(action)
        assert expected in observation
        assert reward == 0.0 and not terminated and not truncated

    def test_turn_limit_truncates_with_zero_reward(self):
        env = verticals.make("math/calculator-v0", max_turns=4)
        env.reset(seed=1)
        call = format_text_call("calculate", {"expression": "1 + 1"})
        outcomes = [env.step(call) for _ in range(4)]
        _, reward, terminated, truncated, info = outcomes[-1]
        assert truncated and not terminated and reward == 0.0
        assert "turn limit" in info["score"]["reason"]
        assert not any(o[3] for o in outcomes[:-1])

    def test_tool_call_limit_truncates(self):
        calls = "".join(format_text_call("calculate", {"expression": "2"}) for _ in range(5))
        _, reward, _, truncated, info = self.env.step(calls)
        assert truncated and reward == 0.0 and info["tool_calls"] == 3
        assert "tool-call limit" in info["score"]["reason"]

    def test_huge_tool_result_is_clipped(self):
        env = verticals.make("math/calculator-v0", max_observation_chars=100)
        env.reset(seed=0)
        observation, *_ = env.step(format_text_call("calculate", {"expression": "7**2000"}))
        assert len(observation) < 300 and "truncated" in observation

    def test_time_limit_ends_the_episode(self):
        env = verticals.make("math/calculator-v0", max_episode_seconds=1e-9)
        env.reset(seed=0)
        _, reward, _, truncated, info = env.step(format_text_call("calculate", {"expression": "2"}))
        assert truncated and reward == 0.0 and "time limit" in info["score"]["reason"]


def test_a_crashing_reward_leaves_the_episode_unscored_not_scored_zero():
    env = verticals.make("math/arithmetic-v0")

    def broken(trajectory, task):
        raise RuntimeError("boom")

    env.reward_fn = broken
    env.reset(seed=0)
    _, reward, terminated, _, info = env.step(env.task.oracle[0])
    assert terminated and reward == 0.0
    assert info["score"]["status"] == "infrastructure_error"
    assert "RuntimeError: boom" in info["score"]["reason"]


class TestCalculatorRewardCannotBeGamed:
    """The calculator env pays only for the evaluated result, stated once."""

    def setup_method(self):
        self.env = verticals.make("math/calculator-v0", difficulty=4)
        self.env.reset(seed=2)
        self.answer = self.env.task.reference["answer"]

    def _final(self, text: str) -> float:
        return self.env.step(text)[1]

    def test_the_gold_answer_alone_is_paid(self):
        assert self._final(f"\\boxed{{{self.answer}}}") == 1.0

    def test_the_unevaluated_chain_earns_nothing(self):
        expression = self.env.task.oracle[-2]  # the last calculate() call holds the chain
        chain = json.loads(expression.removeprefix("<tool_call>").removesuffix("</tool_call>"))
        assert self._final(f"\\boxed{{{chain['arguments']['expression']}}}") == 0.0

    @pytest.mark.parametrize(
        "template",
        [
            "\\boxed{{{a}}} or maybe \\boxed{{{a}1}}",  # two different answers
            "\\boxed{{{a} \\pm 1}}",  # a hedge
            "\\boxed{{x = {a} \\approx 0}}",  # a relation trick
            "\\boxed{{}}",  # an empty box
            "\\boxed{{{a}",  # an unclosed box
        ],
    )
    def test_hedges_and_tricks_earn_nothing(self, template):
        assert self._final(template.format(a=self.answer)) == 0.0
