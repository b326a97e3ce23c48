"""Every example in docs/training.md runs as written.

The TRL examples name a hub model, which cannot be downloaded here: the test swaps in the
tiny local Qwen2 (and its tokenizer) and a scripted `generate`, shortens the run to two
steps on CPU, and leaves the rest of the example's code as it is.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import verticals
from verticals.cli import main

DOC = Path(__file__).resolve().parents[2] / "docs" / "training.md"


def example(name: str) -> str:
    match = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", DOC.read_text(), re.S)
    assert match, f"docs/training.md has no example '{name}'"
    return match.group(1)


def _offline_trl(monkeypatch, tmp_path, reply):
    """Make `from trl import GRPOConfig, GRPOTrainer` give a local, two-step, CPU run."""
    trl = pytest.importorskip("trl", reason="the trl extra is not installed")
    import tiny_lm as tiny

    real_config, real_trainer = trl.GRPOConfig, trl.GRPOTrainer

    def config(**kwargs):
        kwargs.update(output_dir=str(tmp_path / "out"), max_steps=2, per_device_train_batch_size=4,
                      num_generations=2, report_to="none", save_strategy="no", use_cpu=True,
                      logging_steps=1)
        kwargs["max_completion_length"] = min(kwargs.get("max_completion_length", 256), 256)
        return real_config(**kwargs)

    def trainer(model, train_dataset, **kwargs):
        assert isinstance(model, str)  # the example names a hub model; use the local one
        tok = tiny.tokenizer([r["prompt"][-1]["content"] for r in train_dataset.select(range(50))]
                             + [tiny.qwen_template()])
        made = real_trainer(model=tiny.model(len(tok)), processing_class=tok,
                            train_dataset=train_dataset, **kwargs)
        made.model.generate = tiny.fake_generate(tok, reply)
        return made

    monkeypatch.setattr(trl, "GRPOConfig", config)
    monkeypatch.setattr(trl, "GRPOTrainer", trainer)


def test_datasets_example(capsys):
    exec(example("datasets"), scope := {})
    assert len(scope["one"]) == len(scope["mixed"]) == 1000 and len(scope["algebra"]) == 300
    assert set(scope["algebra"]["env"]) == {"math/linear-equations-v0", "math/linear-systems-v0",
                                            "math/quadratics-v0"}
    assert "features: ['prompt', 'env', 'task_id', 'task_seed', 'config']" in \
        capsys.readouterr().out


def test_trl_single_turn_example(monkeypatch, tmp_path):
    _offline_trl(monkeypatch, tmp_path, lambda prompt: "It is \\boxed{3}.")
    scope: dict = {}
    exec(example("trl-single"), scope)
    assert scope["trainer"].state.global_step == 2
    assert "rewards/math/arithmetic-v0/mean" in scope["trainer"].state.log_history[0]


def test_trl_multi_turn_example(monkeypatch, tmp_path):
    def reply(prompt: str) -> str:
        if "<tool_response>" in prompt:
            return "So \\boxed{4}."
        return '<tool_call>\n{"name": "calculate", "arguments": {"expression": "2 + 2"}}\n' \
               "</tool_call>"

    _offline_trl(monkeypatch, tmp_path, reply)
    scope: dict = {}
    exec(example("trl-multi"), scope)
    trainer = scope["trainer"]
    assert trainer.state.global_step == 2
    assert trainer.state.log_history[0]["tools/call_frequency"] == 1.0
    assert all(env.calls == [("calculate", {"expression": "2 + 2"}, "4")]
               for env in trainer.environments)


def test_verl_example(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    section = DOC.read_text().split("## verl", 1)[1]
    (command,) = [line for line in section.splitlines() if line.startswith("verticals export")]
    assert main(shlex.split(command)[1:]) == 0  # the doc's own export line
    exec(example("verl"), {})
    out = capsys.readouterr().out
    assert "'judged': 1.0" in out and "'status': 'judged'" in out


def test_skyrl_example(monkeypatch, tmp_path, capsys):
    pytest.importorskip("skyrl_gym", reason="the skyrl extra is not installed")
    monkeypatch.chdir(tmp_path)
    exec(example("skyrl"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["[{'role': 'tool', 'content': '4'}]", "True 0.0 True"]
    assert (tmp_path / "calculator.parquet").exists()
    assert verticals.registered("math/calculator-v0")
