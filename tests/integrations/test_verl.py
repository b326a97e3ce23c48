"""verl reads our exported parquet with its own RLHFDataset, and scores it with ours.

verl pins transformers apart from TRL, so these run in their own virtual environment
(`pip install torch==2.13.0 -e '.[verl]'`); elsewhere they skip.
"""

from __future__ import annotations

import pytest

pytest.importorskip("verl", reason="the verl extra is not installed: pip install -e '.[verl]'")

import tiny_lm as tiny
from omegaconf import OmegaConf
from verl.utils.dataset.rl_dataset import RLHFDataset

import verticals
from verticals.cli import main
from verticals.integrations.verl import compute_score

#: A ChatML template of our own (verl's dataset only needs one to count prompt tokens).
CHATML = (
    "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n"
    "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def test_exported_parquet_loads_in_rlhf_dataset_and_scores(tmp_path):
    out = tmp_path / "train.parquet"
    assert main(["export", "math/arithmetic-v0", "-n", "100", "--format", "parquet",
                 "--out", str(out)]) == 0
    with verticals.make("math/arithmetic-v0") as env:
        prompts = [env.make_task(seed).prompt for seed in range(100)]
    tok = tiny.tokenizer(prompts, template=CHATML)
    config = OmegaConf.create({"prompt_key": "prompt", "max_prompt_length": 1024,
                               "filter_overlong_prompts": True, "truncation": "error",
                               "cache_dir": str(tmp_path / "cache"),
                               "filter_overlong_prompts_workers": 1})
    data = RLHFDataset(data_files=str(out), tokenizer=tok, config=config)
    assert len(data) == 100
    with verticals.make("math/arithmetic-v0") as env:
        for index in (0, 42, 99):
            item = data[index]
            assert item["data_source"] == "math/arithmetic-v0"
            assert item["raw_prompt"][0]["content"] == prompts[index]
            assert item["index"] == index and item["agent_name"] == "single_turn_agent"
            env.reset(seed=int(item["extra_info"]["task_seed"]))
            gold = env.task.oracle[-1]
            result = compute_score(item["data_source"], gold,
                                   item["reward_model"]["ground_truth"], item["extra_info"])
            assert result == {"score": 1.0, "judged": 1.0, "status": "judged"}
            assert compute_score(item["data_source"], "\\boxed{no}",
                                 item["reward_model"]["ground_truth"],
                                 item["extra_info"])["score"] == 0.0


class FakeServer:
    """Stands in for verl's server manager: replies from a script, as token ids."""

    def __init__(self, tok, script: list[str]) -> None:
        self.tok, self.script, self.prompts = tok, list(script), []

    async def generate(self, *, request_id, prompt_ids, sampling_params, **kwargs):
        from verl.workers.rollout.replica import TokenOutput

        self.prompts.append(list(prompt_ids))
        reply = self.script[len(self.prompts) - 1]
        ids = self.tok.encode(reply + "<|im_end|>", add_special_tokens=False)
        return TokenOutput(token_ids=ids, stop_reason="completed")


def _agent_loop(tok, server):
    from verl.experimental.agent_loop.agent_loop import DictConfigWrap

    from verticals.integrations.verl_agent import VerticalsAgentLoop

    config = OmegaConf.create({"actor_rollout_ref": {"rollout": {"prompt_length": 4096,
                                                                 "response_length": 4096}}})
    return VerticalsAgentLoop(trainer_config=DictConfigWrap(config), server_manager=server,
                              tokenizer=tok, processor=None, dataset_cls=RLHFDataset,
                              data_config=DictConfigWrap(OmegaConf.create({})))


@pytest.mark.parametrize("right", [True, False])
def test_agent_loop_plays_the_episode_and_masks_env_tokens(tmp_path, right):
    pytest.importorskip("fastapi", reason="verl's agent loop needs fastapi, uvicorn, cachetools")
    out = tmp_path / "calc.parquet"
    assert main(["export", "math/calculator-v0", "-n", "2", "--format", "parquet",
                 "--out", str(out), "-c", "difficulty=1"]) == 0
    with verticals.make("math/calculator-v0", difficulty=1) as env:
        env.reset(seed=1)
        script = list(env.task.oracle)
        prompts = [env.task.prompt, *script]
    if not right:
        script[-1] = "It is \\boxed{7}."
    tok = tiny.tokenizer(prompts, template=CHATML)
    config = OmegaConf.create({"prompt_key": "prompt", "max_prompt_length": 4096,
                               "cache_dir": str(tmp_path / "cache"),
                               "filter_overlong_prompts_workers": 1})
    item = RLHFDataset(data_files=str(out), tokenizer=tok, config=config)[1]
    assert item["agent_name"] == "verticals_agent"
    server = FakeServer(tok, script)
    loop = _agent_loop(tok, server)
    result = loop.loop.run_until_complete(loop.run(sampling_params={}, **item))

    assert len(server.prompts) == len(script)  # one generation per turn, 3 tool calls + answer
    assert result.reward_score == (1.0 if right else 0.0)
    assert result.extra_fields["judged"] is True
    mask, ids = result.response_mask, result.response_ids
    assert len(mask) == len(ids) and mask[0] == 1 and mask[-1] == 1 and 0 in mask
    env_text = tok.decode([t for t, m in zip(ids, mask, strict=True) if m == 0])
    model_text = tok.decode([t for t, m in zip(ids, mask, strict=True) if m == 1])
    with verticals.make("math/calculator-v0", difficulty=1) as env:
        env.reset(seed=1)
        results = []
        for action in script[:-1]:
            _, _, _, _, info = env.step(action)
            results.append(info["messages"][-1]["content"])
    # the env's turns (tool messages) are masked 0; the model's own tokens are masked 1
    assert all(f"<|im_start|>tool\n{r}<|im_end|>" in env_text for r in results)
    assert "<|im_start|>tool" not in model_text
    assert script[-1] in model_text and "calculate" in model_text
    # each generation saw the tool results so far: the last prompt holds all of them
    assert all(r in tok.decode(server.prompts[-1]) for r in results)
