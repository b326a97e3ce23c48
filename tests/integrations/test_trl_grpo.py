"""TRL's own GRPOTrainer trains on our envs, on CPU, offline; its rewards are our env's.

The "model" is a tiny Qwen2 built from a config; `model.generate` is replaced (as in TRL's
own tests) by a function that answers from a known script, so the test knows every
completion and can score it through a fresh env, apart from the trainer.
"""

from __future__ import annotations

import json
import math
from unittest.mock import patch

import pytest

pytest.importorskip("torch", reason="the trl extra is not installed: pip install -e '.[trl]'")
trl = pytest.importorskip("trl", reason="the trl extra is not installed: pip install -e '.[trl]'")

import tiny_lm as tiny  # noqa: E402
from transformers import TrainerCallback  # noqa: E402

import verticals  # noqa: E402
from verticals.integrations import trl as vtrl  # noqa: E402
from verticals.integrations.datasets import dataset  # noqa: E402


@pytest.fixture
def oracle_answer():
    """The oracle's final answer for (env id, seed, config): the test plays the policy."""

    def answer(env_id: str, seed: int, **config) -> str:
        with verticals.make(env_id, **config) as env:
            _, info = env.reset(seed=seed)
            policy = env.oracle()
            messages = list(info["messages"])
            while True:
                action = policy(messages)
                _, _, terminated, truncated, info = env.step(action)
                messages = list(info["messages"])
                if terminated or truncated:
                    return action if isinstance(action, str) else action.get("content", "")

    return answer


class Snapshot(TrainerCallback):
    """Copies what TRL logged (prompts, completions, per-function rewards) after each step."""

    def __init__(self) -> None:
        self.trainer = None
        self.steps: list[dict] = []

    def on_step_end(self, args, state, control, **kwargs):
        logs = self.trainer._logs
        self.steps.append({"prompt": list(logs["prompt"]), "completion": list(logs["completion"]),
                           "rewards": {k: list(v) for k, v in logs["rewards"].items()}})


def _config(tmp_path, **overrides):
    values = dict(output_dir=str(tmp_path / "out"), per_device_train_batch_size=4,
                  num_generations=2, max_steps=2, max_completion_length=96, logging_steps=1,
                  learning_rate=0.1, report_to="none", save_strategy="no", use_cpu=True,
                  seed=0, temperature=1.0)
    values.update(overrides)
    return trl.GRPOConfig(**values)


def _user_text(prompt) -> str:
    return prompt[-1]["content"] if isinstance(prompt, list) else prompt


def _env_reward(env_id: str, seed: int, config: str, actions: list) -> float | None:
    """Our env's verdict on the same completion, from a fresh env in this test."""
    with verticals.make(env_id, **json.loads(config)) as env:
        env.reset(seed=seed)
        info = {}
        for action in actions:
            _, _, terminated, truncated, info = env.step(action)
            if terminated or truncated:
                break
        score = verticals.Score.model_validate(info["score"])
        return score.value


def test_grpo_on_a_single_turn_env_logs_the_env_rewards(tmp_path, oracle_answer):
    env_id = "math/arithmetic-v0"
    train = dataset(env_id, n=8, difficulty=1)
    rows = {row["prompt"][-1]["content"]: row for row in train}
    answers = {text: oracle_answer(env_id, row["task_seed"], difficulty=1)
               for text, row in rows.items()}
    calls = {"n": 0}

    def reply(prompt_text: str) -> str:
        calls["n"] += 1
        text = next(t for t in answers if t in prompt_text)
        # every other completion is right: each group of two has a reward spread
        return answers[text] if calls["n"] % 2 else "I think it is \\boxed{oops}."

    tok = tiny.tokenizer(list(rows) + list(answers.values()) + ["I think it is \\boxed{oops}."])
    funcs = vtrl.reward_funcs(env_id)
    snapshot = Snapshot()
    trainer = trl.GRPOTrainer(model=tiny.model(len(tok)), processing_class=tok,
                              reward_funcs=funcs, args=_config(tmp_path),
                              train_dataset=train, callbacks=[snapshot])
    snapshot.trainer = trainer
    before = {n: p.detach().clone() for n, p in trainer.model.named_parameters()}
    with patch.object(trainer.model, "generate", side_effect=tiny.fake_generate(tok, reply)):
        trainer.train()

    assert trainer.state.global_step == 2 and len(snapshot.steps) == 2
    for step, logged in zip(snapshot.steps, trainer.state.log_history, strict=False):
        ours = []
        for prompt, completion, got in zip(step["prompt"], step["completion"],
                                           step["rewards"][env_id], strict=True):
            row = rows[_user_text(prompt)]
            text = completion[-1]["content"] if isinstance(completion, list) else completion
            want = _env_reward(env_id, row["task_seed"], row["config"], [text])
            assert got == want, (text, got, want)
            ours.append(want)
        assert sorted(ours) == [0.0, 0.0, 1.0, 1.0]
        assert logged["reward"] == pytest.approx(sum(ours) / len(ours))
        assert logged[f"rewards/{env_id}/mean"] == pytest.approx(sum(ours) / len(ours))
    assert any(not p.detach().equal(before[n]) for n, p in trainer.model.named_parameters())


def test_no_verdict_is_none_and_trl_masks_it(tmp_path, monkeypatch):
    """A reward that cannot judge gives None; TRL leaves those rows out of the mean."""
    env_id = "math/arithmetic-v0"
    train = dataset(env_id, n=4, difficulty=1)
    (func,) = vtrl.reward_funcs(env_id)
    columns = {k: [row[k] for row in train] for k in ("env", "task_seed", "config", "task_id")}
    columns["task_id"][1] = "math/arithmetic-v0@0:deadbeef:1"  # a task this install cannot make
    got = func(prompts=[r["prompt"] for r in train],
               completions=["\\boxed{0}"] * 4, **columns)
    assert got[1] is None and all(isinstance(v, float) for i, v in enumerate(got) if i != 1)
    assert not any(v is not None and math.isnan(v) for v in got)


def _replay_text(message: dict) -> str:
    """An assistant message as the text our env reads (tool calls as <tool_call> blocks)."""
    calls = message.get("tool_calls") or []
    text = "".join(
        "<tool_call>" + json.dumps({"name": c["function"]["name"],
                                    "arguments": c["function"]["arguments"]}) + "</tool_call>"
        for c in calls)
    return text or (message.get("content") or "")


def test_grpo_multi_turn_through_environment_factory(tmp_path):
    env_id = "math/calculator-v0"
    train = vtrl.dataset(env_id, n=4, difficulty=1)
    rows = {row["prompt"][-1]["content"]: row for row in train}
    oracles = {}
    for text, row in rows.items():
        with verticals.make(env_id, difficulty=1) as env:
            env.reset(seed=row["task_seed"])
            oracles[text] = list(env.task.oracle)  # the test plays the gold policy
    finals = {"n": 0}

    def reply(prompt_text: str) -> str:
        text = next(t for t in oracles if t in prompt_text)
        done = prompt_text.count("<tool_response>")
        action = oracles[text][done]
        if "<tool_call>" in action:  # the model's own format: a JSON object inside the tags
            return "<tool_call>\n" + action.split("<tool_call>")[1].split("</tool_call>")[0] + \
                "\n</tool_call>"
        finals["n"] += 1
        return action if finals["n"] % 2 else "So the result is \\boxed{1}."

    tool_lines = []
    for actions in oracles.values():
        tool_lines += actions
    tok = tiny.tokenizer(list(rows) + tool_lines + [tiny.qwen_template()])
    factory = vtrl.environment_factory(env_id, difficulty=1)
    snapshot = Snapshot()
    trainer = trl.GRPOTrainer(model=tiny.model(len(tok)), processing_class=tok,
                              reward_funcs=[vtrl.finish_episodes], train_dataset=train,
                              environment_factory=factory,
                              args=_config(tmp_path, max_completion_length=400),
                              callbacks=[snapshot])
    snapshot.trainer = trainer
    with patch.object(trainer.model, "generate", side_effect=tiny.fake_generate(tok, reply)):
        trainer.train()

    assert trainer.state.global_step == 2 and len(snapshot.steps) == 2
    reward_name = factory.__name__
    for step, logged in zip(snapshot.steps, trainer.state.log_history, strict=False):
        ours = []
        for prompt, completion, got in zip(step["prompt"], step["completion"],
                                           step["rewards"][reward_name], strict=True):
            row = rows[_user_text(prompt)]
            actions = [_replay_text(m) for m in completion if m["role"] == "assistant"]
            assert sum("<tool_call>" in a for a in actions) == 3  # difficulty 1: three steps
            want = _env_reward(env_id, row["task_seed"], row["config"], actions)
            assert got == want, (actions, got, want)
            ours.append(want)
        assert sorted(ours) == [0.0, 0.0, 1.0, 1.0]
        assert logged["reward"] == pytest.approx(0.5)
        assert logged["tools/call_frequency"] == pytest.approx(3.0)
        assert logged["tools/failure_frequency"] == 0.0
    # the env's own tool answered every call: the results are the calculator's
    for environment in trainer.environments:
        assert [name for name, _, _ in environment.calls] == ["calculate"] * 3
        for _, arguments, result in environment.calls:
            assert result == str(eval(arguments["expression"]))  # integers at difficulty 1
        assert environment.score is not None and environment.score.judged


@pytest.mark.parametrize("env_id", [e for e in verticals.registered()
                                    if verticals.make(e).tool_schemas()])
def test_every_tool_of_every_env_becomes_a_method_trl_reads(env_id):
    from transformers.utils import get_json_schema

    cls = vtrl.environment_class(env_id)
    with verticals.make(env_id) as env:
        for schema in env.tool_schemas():
            ours = schema["function"]
            theirs = get_json_schema(getattr(cls, ours["name"]))["function"]
            assert theirs["name"] == ours["name"]
            assert theirs["description"] == " ".join(ours["description"].split())
            assert set(theirs["parameters"]["properties"]) == set(ours["parameters"]["properties"])
            assert set(theirs["parameters"].get("required", [])) == set(
                ours["parameters"].get("required", []))


def test_generated_methods_keep_types_optionals_and_choices():
    from transformers.utils import get_json_schema

    method = vtrl._tool_method("search", "Find rows.", {
        "type": "object",
        "properties": {
            "limit": {"type": "integer", "description": "How many."},
            "query": {"type": "string", "description": "Words."},
            "tags": {"type": "array", "items": {"type": "string"}, "description": "Filters."},
            "order": {"type": "string", "enum": ["asc", "desc"], "description": "Sort."},
        },
        "required": ["query"],
    })
    schema = get_json_schema(method)["function"]["parameters"]
    assert schema["required"] == ["query"]
    assert schema["properties"]["limit"]["type"] == "integer"
    assert schema["properties"]["tags"]["type"] == "array"
    assert schema["properties"]["tags"]["items"] == {"type": "string"}
    assert '"asc"' in schema["properties"]["order"]["description"]
    seen = []

    class Probe(vtrl.VerticalsEnvironment):
        def _call_tool(self, name, arguments):
            seen.append((name, arguments))
            return "ok"

    assert method(Probe(), "cats", limit=3) == "ok"
    assert seen == [("search", {"query": "cats", "limit": 3})]  # unset optionals are left out
