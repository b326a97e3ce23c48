"""The in-process checks: each takes a Target and returns one CheckResult.

Every check sends only what an agent could send and reads only what an agent (or a
trainer) would get back. Anything an env raises, any call that misses its deadline, and
any episode left unscored is a failure with the seed and config to replay it.
"""

from __future__ import annotations

import json
import random
import time
import warnings
from collections.abc import Callable
from typing import Any

from gymnasium.utils.env_checker import check_env

from verticals.conformance.probing import (
    NON_STRING_ACTIONS,
    broken_call,
    contradiction,
    describe,
    hidden_keys,
    hidden_strings,
    random_text,
    shared_leaves,
    strings_in,
    text_of,
    unknown_call,
    valid_looking_call,
    whole_gold,
)
from verticals.conformance.results import CheckResult, Findings
from verticals.conformance.stepping import (
    Violation,
    ended,
    play_oracle_until_final,
    reset,
    step,
    verdict,
)
from verticals.conformance.target import CheckOptions, Target, config_label
from verticals.conformance.watchdog import Hang, deadline
from verticals.env import TextEnv
from verticals.policies import NULL_ANSWER, NullPolicy, OraclePolicy
from verticals.runner import play
from verticals.types import Score, Trajectory

CheckFn = Callable[[Target, CheckOptions], CheckResult]


def _seeds(options: CheckOptions, count: int, offset: int = 0) -> range:
    start = options.seed + offset
    return range(start, start + count)


def _where(config: dict[str, Any], seed: int) -> str:
    return f"{config_label(config)}, seed {seed}"


def check_env_clean(target: Target, options: CheckOptions) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    env = target.fresh()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            with deadline(options.episode_timeout, "check_env"):
                check_env(env, skip_render_check=True)
        for warning in caught:
            if not issubclass(warning.category, DeprecationWarning | PendingDeprecationWarning):
                found.add(f"check_env warned: {str(warning.message).strip()}")
    except Hang as exc:
        found.add(str(exc))
    except Exception as exc:
        found.add(f"check_env failed: {type(exc).__name__}: {exc}")
    finally:
        env.close()
    return found.result(target.id, "check_env", time.perf_counter() - started,
                        "no error, no warning")


def oracle_null(target: Target, options: CheckOptions) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    for config in target.configs:
        env = target.env(config)
        for seed in _seeds(options, options.seeds):
            for policy, wanted in ((OraclePolicy(), 1.0), (NullPolicy(), 0.0)):
                where = f"{policy.name}, {_where(config, seed)}"
                found.count("episodes")
                try:
                    with deadline(options.episode_timeout, f"the {where} episode"):
                        record = play(env, policy, seed, config)
                except Hang as exc:
                    found.add(str(exc))
                    continue
                except Exception as exc:
                    found.add(f"{where}: raised {type(exc).__name__}: {exc}")
                    continue
                score = record.score
                if record.error:
                    found.add(f"{where}: {record.error}")
                elif not score.judged:
                    found.add(f"{where}: unscored [{score.status}] ({score.reason})")
                elif score.reward != wanted:
                    found.add(f"{where}: reward {score.reward}, wanted {wanted} ({score.reason})")
    episodes = found.counts.get("episodes", 0)
    return found.result(target.id, "oracle_null", time.perf_counter() - started,
                        f"{episodes} episodes over {len(target.configs)} configs")


# --- hidden gold ----------------------------------------------------------------------


class _Scanner:
    """Looks for one task's hidden gold in what the env shows the agent.

    Everything the env writes is checked for every hidden string (each reference leaf,
    each oracle action), except successful tool results and the world's end state
    (`info["state"]`): those may rightly contain the answer's words (a search finds
    them; a database holds the customer's email), so they are checked for the gold as
    a whole.
    The agent's own messages and final answer are its own words and are not checked.
    """

    def __init__(self, env: TextEnv, where: str, found: Findings,
                 labels: frozenset[str]) -> None:
        assert env.task is not None
        self.strict = hidden_strings(env.task, env.tool_schemas(), labels)
        self.whole = whole_gold(env.task, env.tool_schemas())
        self.env, self.where, self.found = env, where, found
        found.count("hidden_strings", len(self.strict))

    def _look(self, texts: list[str], strict: bool, where: str) -> None:
        for secret in self.strict if strict else self.whole:
            if any(secret in text for text in texts):
                shown = secret if len(secret) <= 60 else secret[:57] + "..."
                self.found.add(f"{self.where}: {where}: the hidden gold {shown!r} is shown "
                               "to the agent")
                return

    def reply(self, observation: str, info: dict[str, Any], when: str, calls_before: int) -> None:
        calls = self.env.trajectory().tool_calls
        answered = {c.id for c in calls if not c.error}
        new_ok = any(not c.error for c in calls[calls_before:])
        self._look([observation], strict=not new_ok, where=f"{when} observation")
        rest = {k: v for k, v in info.items()
                if k not in ("messages", "final_answer", "state")}
        for path in hidden_keys(rest):
            self.found.add(f"{self.where}: {when}: {path} is a hidden Task field")
        self._look(strings_in(rest), strict=True, where=f"{when} info")
        # The world's end state is the agent's world (its tools read it): like a tool result.
        self._look(strings_in(info.get("state") or {}), strict=False, where=f"{when} state")
        for message in info.get("messages", []):
            role = message.get("role")
            if role == "assistant":
                continue
            strict = not (role == "tool" and message.get("tool_call_id") in answered)
            self._look(strings_in(message), strict=strict, where=f"{when} {role} message")


def _probe_agent(kind: str, env: TextEnv, prompt: str, rng: random.Random) -> list[Any]:
    """The actions of one scanning episode; none of them holds the gold."""
    if kind == "copy":
        return [prompt]
    if kind == "random":
        return [random_text(rng)]
    if kind == "tools" and env.tool_schemas():
        words = prompt.split()
        turns = max(0, min(env.config.max_turns - 1, 6))
        calls = [valid_looking_call(env.tool_schemas(), rng, words) for _ in range(turns)]
        if turns > 1:
            calls[rng.randrange(turns)] = broken_call(env.tool_schemas(), rng)
        if turns > 2:
            calls[rng.randrange(turns)] = unknown_call(rng)
        return [*calls, NULL_ANSWER]
    return [NULL_ANSWER]


def _episode(target: Target, options: CheckOptions, index: int) -> tuple[dict[str, Any], int]:
    return target.configs[index % len(target.configs)], options.seed + 100 + index


def _labels(target: Target, options: CheckOptions) -> frozenset[str]:
    """Reference values shared by many of the scanned tasks: labels, not gold."""
    tasks = []
    for index in range(options.hidden_episodes):
        config, seed = _episode(target, options, index)
        try:
            tasks.append(target.env(config).make_task(seed))
        except Exception:
            continue  # the episode itself will report it
    return shared_leaves(tasks)


def hidden_fields(target: Target, options: CheckOptions) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    rng = random.Random(f"hidden/{target.id}/{options.seed}")
    kinds = ("tools", "null", "copy", "random")
    labels = _labels(target, options)
    for index in range(options.hidden_episodes):
        config, seed = _episode(target, options, index)
        kind = kinds[index % len(kinds)]
        env = target.env(config)
        where = f"{_where(config, seed)}, {kind} agent"
        try:
            observation, info = reset(env, seed, options.step_timeout)
            scanner = _Scanner(env, where, found, labels)
            found.count("episodes")
            scanner.reply(observation, info, "reset", 0)
            actions = _probe_agent(kind, env, observation, rng)
            for turn, action in enumerate([*actions, NULL_ANSWER], start=1):
                before = len(env.trajectory().tool_calls)
                result = step(env, action, options.step_timeout)
                scanner.reply(result[0], result[4], f"turn {turn}", before)
                found.count("steps")
                if ended(result):
                    after = step(env, NULL_ANSWER, options.step_timeout)  # replies after the end
                    scanner.reply(after[0], after[4], "after the end", before)
                    break
        except Violation as exc:
            found.add(f"{where}: {exc}")
    return found.result(target.id, "hidden_fields", time.perf_counter() - started,
                        f"{found.counts.get('episodes', 0)} episodes, "
                        f"{found.counts.get('steps', 0)} replies scanned")


# --- bounds ---------------------------------------------------------------------------

TEN_MB = 10 * 1024 * 1024


def _bound_actions(env: TextEnv, rng: random.Random) -> list[tuple[str, Any]]:
    tools = env.tool_schemas()
    names = [t["function"]["name"] for t in tools] or ["calculate"]
    huge = "7" * TEN_MB
    actions: list[tuple[str, Any]] = [
        ("10 MB text", huge),
        ("10 MB inside a tool call", f'<tool_call>{{"name": "{names[0]}", "arguments": '
                                     f'{{"x": "{huge}"}}}}</tool_call>'),
        ("10 MB message dict", {"role": "assistant", "content": huge}),
        ("10 MB of open tags", "<tool_call>" * (TEN_MB // 11)),
    ]
    for index in range(8):
        actions.append((f"malformed tool call {index + 1}", broken_call(tools, rng)))
    for index in range(4):
        actions.append((f"unknown tool {index + 1}", unknown_call(rng)))
    for value in NON_STRING_ACTIONS:
        actions.append((f"non-string action {describe(value, 20)}", value))
    return actions


def bounds(target: Target, options: CheckOptions) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    rng = random.Random(f"bounds/{target.id}/{options.seed}")
    env = target.env(target.configs[0])
    seed = options.seed
    for label, action in _bound_actions(env, rng):
        found.count("actions")
        try:
            reset(env, seed, options.step_timeout)
            result = step(env, action, options.step_timeout)
            if ended(result) and verdict(result, label) != 0.0:
                found.add(f"{label}: earned {result[1]}")
            if len(json.dumps(result[4], default=str)) > TEN_MB // 2:
                found.add(f"{label}: info holds the action whole (over 5 MB)")
            if not ended(result):  # after a bad multi-turn action, the agent can still answer
                result = step(env, NULL_ANSWER, options.step_timeout)
                if not ended(result):
                    found.add(f"{label}: a final answer after it did not end the episode")
        except Violation as exc:
            found.add(f"{label}: {exc}")
    _thousand_turns(target, options, rng, found)
    _lifecycle(target, options, found)
    return found.result(target.id, "bounds", time.perf_counter() - started,
                        f"{found.counts.get('actions', 0)} hostile actions, 1,000 turns")


def _thousand_turns(target: Target, options: CheckOptions, rng: random.Random,
                    found: Findings) -> None:
    """1,000 agent messages in a row: the episode ends within its bound and later steps
    say it is over; nothing raises and the whole loop stays within its deadline."""
    config = dict(target.configs[0])
    if target.accepts("max_turns"):
        config["max_turns"] = 1000
    try:
        env = target.fresh(**config)
    except Exception as exc:  # max_turns=1000 is refused: the bound is lower, use the default
        found.add(f"1,000 turns: make({config_label(config)}) failed: {exc}")
        return
    try:
        observation, _ = reset(env, options.seed, options.step_timeout)
        tools, words = env.tool_schemas(), observation.split()
        ended_at = None
        with deadline(options.episode_timeout, "1,000 turns"):
            for turn in range(1, 1001):
                choice = turn % 3
                if tools and choice == 0:
                    action: Any = valid_looking_call(tools, rng, words)
                elif choice == 1:
                    action = unknown_call(rng)
                else:
                    action = broken_call(tools, rng) if tools else random_text(rng, 5)
                result = step(env, action, options.step_timeout)
                found.count("actions")
                if ended(result) and ended_at is None:
                    ended_at = turn
                    verdict(result, f"1,000 turns (ended at turn {turn})")
        if ended_at is None:
            found.add(f"1,000 turns: the episode never ended (max_turns={env.config.max_turns})")
        elif ended_at > env.config.max_turns:
            found.add(f"1,000 turns: ended at turn {ended_at}, past max_turns="
                      f"{env.config.max_turns}")
    except Hang as exc:
        found.add(f"1,000 turns: {exc}")
    except Violation as exc:
        found.add(f"1,000 turns: {exc}")
    finally:
        env.close()


def _lifecycle(target: Target, options: CheckOptions, found: Findings) -> None:
    """close() twice, reset after close, reset twice in a row: none of it raises."""
    env = target.fresh(**target.configs[0])
    try:
        with deadline(options.episode_timeout, "the lifecycle calls"):
            env.close()
            reset(env, options.seed, options.step_timeout)
            reset(env, options.seed + 1, options.step_timeout)
            env.close()
            env.close()
    except (Hang, Violation) as exc:
        found.add(f"lifecycle: {exc}")
    except Exception as exc:
        found.add(f"lifecycle: close() raised {type(exc).__name__}: {exc}")


# --- reward probes and purity ------------------------------------------------------------


def _judged_zero(env: TextEnv, seed: int, action: Any, label: str, where: str,
                 options: CheckOptions, found: Findings) -> None:
    reset(env, seed, options.step_timeout)
    result = step(env, action, options.step_timeout)
    if not ended(result):
        result = step(env, NULL_ANSWER, options.step_timeout)
    reward = verdict(result, f"{where}: {label}")
    found.count("probes")
    if reward != 0.0:
        found.add(f"{where}: {label} earned {reward} ({result[4]['score'].get('reason')})")


def _final_with(env: TextEnv, seed: int, final: Any, options: CheckOptions) -> Any:
    """Play the oracle's episode but send `final` as the answer; the step that ends it."""
    play_oracle_until_final(env, seed, options.step_timeout)
    result = step(env, final, options.step_timeout)
    if not ended(result):
        raise Violation("invalid", f"the answer {describe(final)} did not end the episode")
    return result


def reward_probes(target: Target, options: CheckOptions) -> CheckResult:
    started, found = time.perf_counter(), Findings()
    rng = random.Random(f"probes/{target.id}/{options.seed}")
    first = target.env(target.configs[0])
    declared = getattr(first, "conformance_exemptions", None) or {}
    exempt = exemptions(first)
    for kind in sorted(set(declared) - set(EXEMPTION_KINDS)):
        found.add(f"conformance_exemptions: unknown kind {kind!r} exempts nothing "
                  f"(the kinds: {', '.join(EXEMPTION_KINDS)})")
    for config in target.configs:
        env = target.env(config)
        for seed in _seeds(options, options.probe_seeds, offset=200):
            where = _where(config, seed)
            try:
                prompt, _ = reset(env, seed, options.step_timeout)
                for label, action in (("the empty answer", ""),
                                      ("the prompt copied back", prompt),
                                      ("random text", random_text(rng))):
                    _judged_zero(env, seed, action, label, where, options, found)
                _contradiction_probe(env, seed, where, rng, options, found)
            except Violation as exc:
                found.add(f"{where}: {exc}")
    return found.result(target.id, "reward_probes", time.perf_counter() - started,
                        f"{found.counts.get('probes', 0)} probes judged 0"
                        + (f", {found.counts['not_applicable']} contradiction probes not "
                           f"applicable ({_why_not(exempt)})"
                           if found.counts.get("not_applicable") else "")
                        + (f", a contradicting draft before the gold answer not probed "
                           f"(declared: {exempt.get('earlier_answers', '')})"
                           if found.counts.get("drafts_allowed") else ""))


def _why_not(exempt: dict[str, str]) -> str:
    declared = exempt.get("contradiction")
    return f"declared: {declared}" if declared else "the end state is judged, not the answer"


def _contradiction_probe(env: TextEnv, seed: int, where: str, rng: random.Random,
                         options: CheckOptions, found: Findings) -> None:
    """The oracle's answer, then a contradicting copy of it (and the other way round).

    Skipped where the final message does not matter: when the oracle's work followed by
    an empty-handed answer already earns the reward, the end state is what is judged.
    An env that declares `earlier_answers` judges the last answer in the message (the
    ones before are drafts), so there the gold after a contradicting draft may earn the
    reward; the gold followed by a contradicting copy still must not.
    """
    declared = exemptions(env)
    if "contradiction" in declared:
        found.count("not_applicable")
        return
    gold, _ = play_oracle_until_final(env, seed, options.step_timeout)
    text = text_of(gold)
    other = contradiction(text, rng)
    if other is None:
        found.count("not_applicable")
        return
    calibrate = _final_with(env, seed, NULL_ANSWER, options)
    if verdict(calibrate, f"{where}: the oracle's work with no answer") > 0.0:
        found.count("not_applicable")
        return
    probes = [("the gold answer then a contradicting one", f"{text}\n\n{other}")]
    if "earlier_answers" in declared:
        found.count("drafts_allowed")
    else:
        probes.append(("a contradicting answer then the gold one", f"{other}\n\n{text}"))
    for label, final in probes:
        result = _final_with(env, seed, final, options)
        reward = verdict(result, f"{where}: {label}")
        found.count("probes")
        if reward != 0.0:
            found.add(f"{where}: {label} earned {reward} ({result[4]['score'].get('reason')}); "
                      f"answer sent: {describe(final, 160)}")


#: The exemptions an env may declare, each with the probe it changes.
EXEMPTION_KINDS = {
    "contradiction": "the contradiction probe is skipped: the answer is not a claim "
                     "(a search query to rewrite), so a second copy contradicts nothing",
    "earlier_answers": "by contract the last answer in the final message is the "
                       "submission (the last ```python block), earlier ones are drafts: "
                       "a contradicting draft before the gold answer may earn the reward",
}


def exemptions(env: TextEnv) -> dict[str, str]:
    """Probes an env declares meaningless for it, with why: `conformance_exemptions`.

    The kinds are `EXEMPTION_KINDS`; others are ignored (a typo exempts nothing), and
    so is a kind declared without a reason.
    """
    declared = getattr(env, "conformance_exemptions", None) or {}
    return {k: str(v) for k, v in declared.items() if k in EXEMPTION_KINDS and v}


def _same(a: Score, b: Score) -> bool:
    return (a.reward, a.status, a.components) == (b.reward, b.status, b.components)


def reward_purity(target: Target, options: CheckOptions) -> CheckResult:
    """Each ended episode scored again with the live trajectory, then again from its JSON
    form (state only, as a rollout line is re-scored offline): same verdict every time,
    and the reward changes neither the task nor the trajectory."""
    started, found = time.perf_counter(), Findings()
    rng = random.Random(f"purity/{target.id}/{options.seed}")
    for config in target.configs:
        env = target.env(config)
        for seed in _seeds(options, options.probe_seeds, offset=300):
            gold_answer: Any = None
            for label in ("oracle", "null", "random"):
                where = f"{_where(config, seed)}, {label} episode"
                try:
                    if label == "oracle":
                        gold_answer, _ = play_oracle_until_final(env, seed, options.step_timeout)
                        final = gold_answer
                    else:
                        play_oracle_until_final(env, seed, options.step_timeout)
                        final = NULL_ANSWER if label == "null" else random_text(rng)
                    result = step(env, final, options.step_timeout)
                    if not ended(result) or result[3]:
                        continue
                    first = Score.model_validate(result[4]["score"])
                    _rescore(env, result[4].get("final_answer"), first, where, found)
                except Violation as exc:
                    found.add(f"{where}: {exc}")
    return found.result(target.id, "reward_purity", time.perf_counter() - started,
                        f"{found.counts.get('rescored', 0)} verdicts given again, alike")


def _rescore(env: TextEnv, final_answer: str | None, first: Score, where: str,
             found: Findings) -> None:
    task = env.task
    assert task is not None
    task_before = task.model_dump_json()
    live = env.trajectory(final_answer)
    before = live.model_dump_json()
    offline = Trajectory.model_validate_json(before)
    scores = []
    for name, trajectory in (("again", live), ("a third time", live),
                             ("offline (state only)", offline)):
        try:
            scores.append((name, env.reward_fn(trajectory, task)))
        except Exception as exc:
            found.add(f"{where}: scored {name}, the reward raised {type(exc).__name__}: {exc}")
            return
    found.count("rescored", len(scores))
    for name, score in scores:
        if not _same(first, score):
            found.add(f"{where}: scored {name} gave {score.reward} [{score.status}] "
                      f"({score.reason}), first {first.reward} [{first.status}] ({first.reason})")
    if live.model_dump_json() != before:
        found.add(f"{where}: the reward changed the trajectory it judged")
    if task.model_dump_json() != task_before:
        found.add(f"{where}: the reward changed the task")


IN_PROCESS: dict[str, CheckFn] = {
    "check_env": check_env_clean,
    "oracle_null": oracle_null,
    "hidden_fields": hidden_fields,
    "bounds": bounds,
    "reward_probes": reward_probes,
    "reward_purity": reward_purity,
}
