"""`--fuzz N`: random and malformed actions, with resets, replies after the end and a
close at the end, counting exceptions, hangs, bad replies and anything left behind."""

from __future__ import annotations

import random
import time
from typing import Any

from verticals.conformance.leaks import LeakWatch, scratch_space
from verticals.conformance.probing import FuzzActions, describe
from verticals.conformance.results import CheckResult, Findings
from verticals.conformance.stepping import Violation, ended, reset, step, verdict
from verticals.conformance.target import CheckOptions, Target, config_label
from verticals.conformance.watchdog import Hang
from verticals.policies import NULL_ANSWER


def _warm_up(target: Target, options: CheckOptions) -> None:
    """One episode before the snapshot, so one-time imports and caches are not leaks."""
    for config in target.configs:
        env = target.fresh(**config)
        reset(env, options.seed, options.step_timeout)
        step(env, NULL_ANSWER, options.step_timeout)
        env.close()
    target.pool.close()


def fuzz(target: Target, options: CheckOptions, actions: int) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    if actions <= 0:
        return CheckResult(target.id, "fuzz", "skipped", 0.0, "no fuzz actions (--fuzz 0)")
    for kind in ("actions", "exceptions", "hangs", "invalid", "unscored", "leaked_processes",
                 "leaked_files"):
        found.count(kind, 0)
    try:
        _warm_up(target, options)
    except Violation as exc:
        found.add(f"warm-up episode: {exc}")
        found.count(_COUNTER[exc.kind])
        return found.result(target.id, "fuzz", time.perf_counter() - started, "")
    rng = random.Random(f"fuzz/{target.id}/{options.seed}")
    with scratch_space() as scratch:
        watch = LeakWatch(scratch)
        envs = [target.fresh(**config) for config in target.configs]
        try:
            _fuzz_loop(envs, options, actions, rng, found)
        finally:
            for env in envs:
                try:
                    env.close()
                    env.close()
                except Exception as exc:
                    found.count("exceptions")
                    found.add(f"close() raised {type(exc).__name__}: {exc}")
            target.pool.close()
            leaks = watch.compare()
    found.count("leaked_processes", len(leaks.processes))
    found.count("leaked_files", len(leaks.files) + len(leaks.descriptors))
    for problem in leaks.problems():
        found.add(problem)
    return found.result(target.id, "fuzz", time.perf_counter() - started,
                        f"{found.counts['actions']} actions: no exception, hang or leak")


_COUNTER = {"exception": "exceptions", "hang": "hangs", "invalid": "invalid",
            "unscored": "unscored"}


def _fuzz_loop(envs: list[Any], options: CheckOptions, actions: int, rng: random.Random,
               found: Findings) -> None:
    generators = [FuzzActions(rng, env.tool_schemas(), env.config.max_action_chars)
                  for env in envs]
    index = rng.randrange(len(envs))
    needs_reset = True
    sent = 0
    while sent < actions:
        env, stream = envs[index], generators[index]
        seed = rng.randrange(0, 2**31 - 1)
        where = f"{config_label(dict(env.source_config()))}, seed {seed}"
        try:
            if needs_reset:
                observation, _ = reset(env, seed, options.step_timeout)
                stream.use_prompt(observation)
                needs_reset = False
            kind, action = stream.next()
            sent += 1
            found.count("actions")
            result = step(env, action, options.step_timeout)
            if ended(result):
                verdict(result, f"{where}: after a {kind} action {describe(action)}")
                if rng.random() < 0.2:  # a reply after the end must say so, not raise
                    sent += 1
                    found.count("actions")
                    step(env, stream.next()[1], options.step_timeout)
                needs_reset = True
                index = rng.randrange(len(envs))
        except Violation as exc:
            found.count(_COUNTER[exc.kind])
            found.add(f"{where}: {exc}")
            needs_reset = True
        except Hang as exc:  # raised outside a step's own deadline
            found.count("hangs")
            found.add(f"{where}: {exc}")
            needs_reset = True
