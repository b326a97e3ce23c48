"""What our reward costs a GRPO step: TRL's own GRPOTrainer, our reward vs a constant one.

    pip install torch==2.13.0 -e '.[trl]'
    python benchmarks/training.py [--steps 8] [--rounds 2] [--batch 8] [--generations 4]
                                  [--no-multi-turn] [--json]

Offline and on CPU: the model is the tests' tiny Qwen2 built from a config, the tokenizer is
trained on the spot (tests/integrations/tiny_lm.py), and `model.generate` answers from a
script (half right, half wrong), so every run scores the same completions. The gradient
step runs on the model's real logits.

Single-turn: `reward_funcs("math/arithmetic-v0")` against a constant reward of the same
signature (1, 0, 1, 0, ...: the same spread as ours, so the loss does the same work).
Multi-turn: `environment_factory("math/calculator-v0")` (+ `finish_episodes`) against a stub
environment with our env's tool methods (the same tool schema in the prompt) whose calls
replay the results our env gave, recorded beforehand: both arms train on the same tokens
(the table shows tokens per step to prove it). Each arm's runs alternate (ours, stub, stub,
ours, ...) so that load drift hits both; the first step of every run (the trainer's
warm-up) is left out of the medians.

Measured: the median step time of each arm; the time spent inside our code per step (the
reward calls, wrapped in a timer; for multi-turn also the env's reset, tool calls and
`get_reward`, which TRL calls inside the step); the overhead = that time in ms and as a %
of our median step; and our cost per completion (per episode for multi-turn) in µs. The
difference of the two arms' median steps is printed as a cross-check only: on a shared
machine it is mostly noise, a few ms either way, and the timed figure is the one to quote. The
tiny model and scripted generation make this step far shorter than a real one, so the %
is an upper bound; the µs per completion is the figure that carries over.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import os
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar
from unittest.mock import patch

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

TINY_LM = Path(__file__).resolve().parents[1] / "tests" / "integrations"
SINGLE_ENV = "math/arithmetic-v0"
MULTI_ENV = "math/calculator-v0"


class Clock:
    """Seconds and completions spent inside the wrapped callables, summed across calls."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.completions = 0

    def wrap(self, fn: Callable[..., Any], counts: bool = False) -> Callable[..., Any]:
        @functools.wraps(fn)  # keeps __name__: TRL logs each reward under it
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                if counts:
                    self.completions += len(kwargs.get("completions") or args[1])

        return timed


def _step_timer(clock: Clock) -> Any:
    """A TrainerCallback recording (step seconds, clock seconds, completions) per step."""
    from transformers import TrainerCallback

    class StepTimer(TrainerCallback):
        def __init__(self) -> None:
            self.steps: list[tuple[float, float, int]] = []
            self._start = (0.0, 0.0, 0)

        def on_step_begin(self, args, state, control, **kwargs):
            self._start = (time.perf_counter(), clock.seconds, clock.completions)

        def on_step_end(self, args, state, control, **kwargs):
            t, s, n = self._start
            self.steps.append((time.perf_counter() - t, clock.seconds - s,
                               clock.completions - n))

    return StepTimer()


def _oracle_episode(env_id: str, seed: int, **config: Any) -> tuple[list[Any], list[str]]:
    """The oracle's actions on (env id, seed, config), the script the "model" plays, and the
    tool results the env gave them (the stub environment gives the same, so both arms train
    on the same tokens)."""
    import verticals

    with verticals.make(env_id, **config) as env:
        _, info = env.reset(seed=seed)
        policy = env.oracle()
        messages, actions, results = list(info["messages"]), [], []
        while True:
            action = policy(messages)
            actions.append(action)
            _, _, terminated, truncated, info = env.step(action)
            messages = list(info["messages"])
            if terminated or truncated:
                return actions, results
            if messages[-1].get("role") == "tool":
                results.append(str(messages[-1].get("content") or ""))


def _text(action: Any) -> str:
    return action if isinstance(action, str) else str(action.get("content") or "")


WRONG = "I think it is \\boxed{oops}."


class Arm:
    """One side of a comparison: what to hand GRPOTrainer, and the clock on our code."""

    def __init__(self, name: str, clock: Clock, trainer_kwargs: dict[str, Any]) -> None:
        self.name, self.clock, self.trainer_kwargs = name, clock, trainer_kwargs
        self.steps: list[tuple[float, float, int]] = []
        self.tokens: list[float] = []  # tokens trained on per step, one figure per run
        self.tokens: list[float] = []  # tokens trained on per step, one figure per run


def single_turn(n_rows: int) -> tuple[list[Arm], Any, Any, Callable[[str], str]]:
    """Arms, dataset, tokenizer and scripted reply for `reward_funcs` on arithmetic."""
    from verticals.integrations import trl as vtrl

    train = vtrl.dataset(SINGLE_ENV, n=n_rows, difficulty=2)
    answers = {row["prompt"][-1]["content"]: _text(_oracle_episode(
        SINGLE_ENV, row["task_seed"], difficulty=2)[0][-1]) for row in train}
    calls = {"n": 0}

    def reply(prompt_text: str) -> str:
        calls["n"] += 1
        text = next(t for t in answers if t in prompt_text)
        return answers[text] if calls["n"] % 2 else WRONG

    def constant(prompts: list[Any], completions: list[Any], **kwargs: Any) -> list[float]:
        # fixed, no scoring; 1, 0, 1, 0, ... so the loss has the same spread as ours
        return [float(i % 2 == 0) for i in range(len(completions))]

    ours, stub = Clock(), Clock()
    arms = [Arm("ours", ours, {"reward_funcs": [ours.wrap(f, counts=True)
                                                for f in vtrl.reward_funcs(SINGLE_ENV)]}),
            Arm("constant", stub, {"reward_funcs": [stub.wrap(constant, counts=True)]})]
    import tiny_lm

    tok = tiny_lm.tokenizer(list(answers) + list(answers.values()) + [WRONG])
    return arms, train, tok, reply


def _timed_environment(base: type, clock: Clock) -> type:
    """`base` with its episode hooks (reset, tool calls, get_reward) on `clock`."""
    hooks = {name: clock.wrap(getattr(base, name))
             for name in ("reset", "_call_tool", "get_reward") if hasattr(base, name)}
    return type(base.__name__, (base,), hooks)


class StubEnvironment:
    """An environment with no env behind it: the baseline. It gets our env's tool methods
    (so TRL shows the model the same tools, the same prompt tokens), and its tool calls
    replay the results our env gave the oracle's calls, recorded beforehand."""

    episodes: ClassVar[int] = 0
    results: ClassVar[dict[int, list[str]]] = {}

    def reset(self, **row: Any) -> None:
        self._results = iter(self.results[int(row["task_seed"])])
        return None

    def _call_tool(self, name: str, arguments: dict[str, Any]) -> str:
        return next(self._results, "0")

    def get_reward(self) -> float:
        # fixed, no scoring; 1, 0, 1, 0, ... so the loss has the same spread as ours
        StubEnvironment.episodes += 1
        return float(StubEnvironment.episodes % 2)


def multi_turn(n_rows: int) -> tuple[list[Arm], Any, Any, Callable[[str], str]]:
    """Arms, dataset, tokenizer and scripted reply for `environment_factory` on calculator."""
    from verticals.integrations import trl as vtrl

    train = vtrl.dataset(MULTI_ENV, n=n_rows, difficulty=1)
    scripts, results = {}, {}
    for row in train:
        actions, results[int(row["task_seed"])] = _oracle_episode(
            MULTI_ENV, row["task_seed"], difficulty=1)
        scripts[row["prompt"][-1]["content"]] = [_text(a) for a in actions]
    finals = {"n": 0}

    def reply(prompt_text: str) -> str:
        text = next(t for t in scripts if t in prompt_text)
        actions = scripts[text]
        action = actions[min(prompt_text.count("<tool_response>"), len(actions) - 1)]
        if "<tool_call>" in action:  # the model's own format: a JSON object inside the tags
            return "<tool_call>\n" + action.split("<tool_call>")[1].split("</tool_call>")[0] \
                + "\n</tool_call>"
        finals["n"] += 1
        return action if finals["n"] % 2 else WRONG

    def finish_nothing(prompts: list[Any], completions: list[Any], **kwargs: Any) -> list[None]:
        return [None] * len(completions)

    factory = vtrl.environment_factory(MULTI_ENV, difficulty=1)
    tools = {name: method for name, method in vars(factory).items() if not name.startswith("_")
             and name not in ("env_id", "default_config")}
    stub_class = type("StubCalculator", (StubEnvironment,), {"results": results, **tools})
    ours, stub = Clock(), Clock()
    arms = [Arm("ours", ours, {"reward_funcs": [ours.wrap(vtrl.finish_episodes, counts=True)],
                               "environment_factory": _timed_environment(factory, ours)}),
            Arm("stub", stub, {"reward_funcs": [stub.wrap(finish_nothing, counts=True)],
                               "environment_factory": _timed_environment(stub_class, stub)})]
    import tiny_lm

    lines = list(scripts) + [a for s in scripts.values() for a in s] + [WRONG]
    tok = tiny_lm.tokenizer([*lines, tiny_lm.qwen_template()])
    return arms, train, tok, reply


def run_once(arm: Arm, train: Any, tok: Any, reply: Callable[[str], str], args: Any,
             max_completion_length: int) -> None:
    """One GRPO run of `args.steps` steps; appends its steps (warm-up left out) to the arm."""
    import tiny_lm
    import trl

    with tempfile.TemporaryDirectory() as out:
        config = trl.GRPOConfig(
            output_dir=out, per_device_train_batch_size=args.batch,
            num_generations=args.generations, max_steps=args.steps,
            max_completion_length=max_completion_length, logging_steps=1, learning_rate=0.1,
            report_to="none", save_strategy="no", use_cpu=True, seed=0, temperature=1.0,
            disable_tqdm=True)
        timer = _step_timer(arm.clock)
        trainer = trl.GRPOTrainer(model=tiny_lm.model(len(tok)), processing_class=tok,
                                  args=config, train_dataset=train, callbacks=[timer],
                                  **arm.trainer_kwargs)
        with patch.object(trainer.model, "generate",
                          side_effect=tiny_lm.fake_generate(tok, reply)), \
                contextlib.redirect_stdout(io.StringIO()):  # the trainer prints its logs
            trainer.train()
    if len(timer.steps) != args.steps:
        raise SystemExit(f"{arm.name}: expected {args.steps} steps, got {len(timer.steps)}")
    if not all(n for _, _, n in timer.steps):
        raise SystemExit(f"{arm.name}: a step called no reward inside the step")
    arm.steps.extend(timer.steps[1:])
    tokens = max(float(log.get("num_tokens", 0)) for log in trainer.state.log_history)
    arm.tokens.append(tokens / args.steps)


def compare(arms: list[Arm], train: Any, tok: Any, reply: Callable[[str], str], args: Any,
            max_completion_length: int) -> dict[str, Any]:
    for r in range(args.rounds):  # ours, stub, stub, ours, ...: load drift hits both
        for arm in arms if r % 2 == 0 else arms[::-1]:
            run_once(arm, train, tok, reply, args, max_completion_length)
    ours, base = arms
    step = statistics.median(s for s, _, _ in ours.steps)
    base_step = statistics.median(s for s, _, _ in base.steps)
    inside = statistics.median(c for _, c, _ in ours.steps)
    base_inside = statistics.median(c for _, c, _ in base.steps)
    per_completion = statistics.median(c / n for _, c, n in ours.steps)
    return {
        "baseline": base.name,
        "steps_measured": len(ours.steps),
        "completions_per_step": int(statistics.median(n for _, _, n in ours.steps)),
        "tokens_per_step": round(statistics.median(ours.tokens), 1),
        "baseline_tokens_per_step": round(statistics.median(base.tokens), 1),
        "step_ms": round(step * 1e3, 2),
        "baseline_step_ms": round(base_step * 1e3, 2),
        "step_difference_ms": round((step - base_step) * 1e3, 2),
        "ours_in_step_ms": round(inside * 1e3, 3),
        "baseline_in_step_ms": round(base_inside * 1e3, 3),
        "overhead_ms": round(inside * 1e3, 3),
        "overhead_pct": round(100 * inside / step, 2),
        "us_per_completion": round(per_completion * 1e6, 1),
    }


def table(results: dict[str, Any]) -> str:
    rows = [("", "single-turn", "multi-turn")]
    single, multi = results["single_turn"], results.get("multi_turn")

    def row(label: str, key: str, unit: str = "") -> None:
        cells = [f"{part[key]}{unit}" if part else "-" for part in (single, multi)]
        rows.append((label, *cells))

    row("baseline arm", "baseline")
    row("steps measured per arm", "steps_measured")
    row("completions per step", "completions_per_step")
    row("tokens per step, ours", "tokens_per_step")
    row("tokens per step, baseline", "baseline_tokens_per_step")
    row("median step, ours (ms)", "step_ms")
    row("median step, baseline (ms)", "baseline_step_ms")
    row("step difference (ms)", "step_difference_ms")
    row("inside our code per step (ms)", "ours_in_step_ms")
    row("inside the baseline's per step (ms)", "baseline_in_step_ms")
    row("overhead, % of our step", "overhead_pct", " %")
    row("ours per completion / episode (µs)", "us_per_completion")
    widths = [max(len(str(r[i])) for r in rows) for i in range(3)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}" for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    head = (f"GRPO on CPU, TRL {results['trl']}, torch {results['torch']}: "
            f"{single['env']} via reward_funcs vs a constant reward"
            + (f"; {multi['env']} via environment_factory vs a stub env" if multi else ""))
    return head + "\n" + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=8, help="GRPO steps per run")
    parser.add_argument("--rounds", type=int, default=2, help="runs per arm, alternating")
    parser.add_argument("--batch", type=int, default=8, help="completions per step")
    parser.add_argument("--generations", type=int, default=4, help="completions per prompt")
    parser.add_argument("--no-multi-turn", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.steps < 2:
        parser.error("--steps must be at least 2: the first step of a run is a warm-up")

    try:
        import torch
        import trl
    except ImportError:
        raise SystemExit("the trl extra is not installed: pip install torch -e '.[trl]'") from None
    import transformers

    sys.path.insert(0, str(TINY_LM))
    transformers.logging.set_verbosity_error()
    warnings.filterwarnings("ignore")
    torch.set_num_threads(1)  # the same threads for both arms, whatever the machine's load

    n_rows = max(16, args.batch * args.steps // args.generations)
    results: dict[str, Any] = {"trl": trl.__version__, "torch": torch.__version__,
                               "steps": args.steps, "rounds": args.rounds,
                               "batch": args.batch, "generations": args.generations}
    arms, train, tok, reply = single_turn(n_rows)
    results["single_turn"] = {"env": SINGLE_ENV, **compare(arms, train, tok, reply, args, 96)}
    if not args.no_multi_turn:
        arms, train, tok, reply = multi_turn(n_rows)
        results["multi_turn"] = {"env": MULTI_ENV,
                                 **compare(arms, train, tok, reply, args, 400)}
    print(json.dumps(results) if args.json else table(results))


if __name__ == "__main__":
    main()
