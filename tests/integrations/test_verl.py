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
