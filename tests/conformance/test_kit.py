"""The conformance kit catches each way an env can break the contract, and passes sound ones."""

from __future__ import annotations

import random

import pytest
from broken_envs import BADPACK_MODULE, BADPACK_REGISTRY

from verticals.conformance import CheckOptions, run_checks
from verticals.conformance.probing import contradiction, hidden_strings, shared_leaves
from verticals.types import Task

QUICK = CheckOptions(seeds=2, probe_seeds=1, hidden_episodes=8, determinism_seeds=2,
                     fuzz=150, step_timeout=1.0, episode_timeout=20.0)


@pytest.fixture
def badpack(install_pack):
    install_pack("badpack", BADPACK_MODULE, BADPACK_REGISTRY)


def _only(env_id: str, check: str, options: CheckOptions = QUICK):
    (result,) = run_checks([env_id], options, [check]).results
    return result


def test_a_sound_pack_passes_every_check_including_the_fresh_processes(installed_pack):
    report = run_checks(["tinypack/echo-v0"], QUICK)
    assert report.ok, [(r.check, r.summary) for r in report.failures]
    assert [r.check for r in report.results] == list(report.as_dict()["checks"])
    assert report.fuzz_totals()["actions"] == QUICK.fuzz


@pytest.mark.parametrize(("env_id", "check", "says"), [
    ("badpack/leak-metadata-v0", "hidden_fields", "is shown to the agent"),
    ("badpack/leak-reason-v0", "hidden_fields", "is shown to the agent"),
    ("badpack/generous-v0", "reward_probes", "the empty answer earned 1.0"),
    ("badpack/fragile-v0", "reward_probes", "left unscored [infrastructure_error]"),
    ("badpack/moody-v0", "reward_purity", "every other call"),
    ("badpack/crashy-v0", "bounds", "raised TypeError: strings only"),
    ("badpack/crashy-v0", "fuzz", "raised TypeError: strings only"),
    ("badpack/slow-tool-v0", "hidden_fields", "did not return within 1s"),
])
def test_each_broken_env_fails_the_check_that_covers_it(badpack, env_id, check, says):
    result = _only(env_id, check)
    assert result.status == "failed"
    assert any(says in line for line in result.details), result.details


def test_a_tool_may_find_the_answer_but_not_hand_out_the_reference(badpack):
    assert _only("badpack/lookup-v0", "hidden_fields").status == "passed"
    dumped = _only("badpack/dump-v0", "hidden_fields")
    assert dumped.status == "failed"
    assert any("tool message" in line and "answer" in line for line in dumped.details)


def test_the_end_state_is_the_agents_world_and_may_hold_the_answer(badpack):
    assert _only("badpack/world-v0", "hidden_fields").status == "passed"


def test_an_env_may_declare_the_contradiction_probe_meaningless_for_it(badpack):
    hedged = _only("badpack/contains-v0", "reward_probes")
    assert hedged.status == "failed" and "contradicting" in hedged.summary
    declared = _only("badpack/query-v0", "reward_probes")
    assert declared.status == "passed"
    assert "declared: the answer is a search query" in declared.summary


def test_an_env_whose_last_answer_counts_may_pay_the_gold_after_a_draft(badpack):
    # Without the declaration, judging the last word pays a contradicting draft + gold.
    undeclared = _only("badpack/last-word-v0", "reward_probes")
    assert undeclared.status == "failed"
    assert any("a contradicting answer then the gold one earned 1.0" in line
               for line in undeclared.details), undeclared.details
    declared = _only("badpack/drafts-v0", "reward_probes")
    assert declared.status == "passed", declared.details
    assert "declared: the last word is the submission" in declared.summary


def test_earlier_answers_still_requires_the_gold_then_a_contradiction_to_earn_nothing(badpack):
    result = _only("badpack/drafts-contains-v0", "reward_probes")
    assert result.status == "failed"
    assert any("the gold answer then a contradicting one earned 1.0" in line
               for line in result.details), result.details
    assert not any("a contradicting answer then the gold one" in line for line in result.details)


def test_an_unknown_exemption_kind_exempts_nothing_and_is_named(badpack):
    result = _only("badpack/typo-v0", "reward_probes")
    assert result.status == "failed"
    assert any("unknown kind 'contradictions' exempts nothing" in line
               for line in result.details), result.details
    assert any("contradicting" in line for line in result.details)


def test_a_generous_reward_pays_a_contradicted_gold_answer_and_is_caught(badpack):
    result = _only("badpack/generous-v0", "reward_probes")
    assert any("the gold answer then a contradicting one earned 1.0" in line
               for line in result.details)


def test_a_hanging_tool_is_counted_as_a_hang_by_the_fuzzer(badpack):
    options = CheckOptions(fuzz=40, step_timeout=0.2)
    result = _only("badpack/slow-tool-v0", "fuzz", options)
    assert result.status == "failed" and result.counts["hangs"] >= 1


def test_leaked_processes_and_files_are_named(badpack):
    result = _only("badpack/littering-v0", "fuzz", CheckOptions(fuzz=30))
    assert result.status == "failed"
    assert result.counts["leaked_processes"] >= 1 and result.counts["leaked_files"] >= 1
    assert any("sleep 60" in line for line in result.details)
    assert any("litter-" in line for line in result.details)


def test_hash_seeded_tasks_differ_across_processes(badpack):
    result = _only("badpack/hashed-v0", "determinism")
    assert result.status == "failed"
    assert "differs between PYTHONHASHSEED=1 and 2" in result.summary


def test_oracle_null_fails_on_a_paid_null_and_on_unscored_episodes(badpack):
    assert _only("badpack/generous-v0", "oracle_null").status == "passed"
    paid = _only("badpack/pays-all-v0", "oracle_null")
    assert paid.status == "failed" and "null" in paid.summary and "wanted 0.0" in paid.summary
    unscored = _only("badpack/raises-v0", "oracle_null")
    assert unscored.status == "failed"
    assert "unscored [infrastructure_error]" in unscored.summary
    assert "the verifier is down" in unscored.summary


def test_our_envs_pass_a_quick_run():
    report = run_checks(["math/arithmetic-v0", "math/calculator-v0"], QUICK)
    assert report.ok, [(r.env, r.check, r.summary) for r in report.failures]


def test_hidden_strings_skip_what_the_prompt_shows_and_labels_many_tasks_share():
    def task(seed: int) -> Task:
        return Task(id=f"t{seed}", env="x/y-v0", prompt=f"Compute {seed}23456 + 1.",
                    reference={"answer": f"{seed}23457", "kind": "rational",
                               "echo": f"{seed}23456"},
                    oracle=[f"\\boxed{{{seed}23457}}"],
                    metadata={"hint": f"{seed}23457", "answer_kind": "integer"})

    labels = shared_leaves([task(seed) for seed in range(1, 6)])
    assert labels == {"rational"}
    assert hidden_strings(task(1), [], labels) == ["123457", "\\boxed{123457}"]
    assert "rational" in hidden_strings(task(1), [])
    declared = task(1).model_copy(update={"reference": {"answer": "bagbbeab", "kind": "integer"},
                                          "metadata": {"kind": "integer", "hint": "bagbbeab"}})
    assert hidden_strings(declared, []) == ["bagbbeab", "\\boxed{123457}"]


def test_contradictions_change_digits_first_then_letters():
    assert contradiction("\\boxed{12}", random.Random(0)) not in (None, "\\boxed{12}")
    assert contradiction("yes", random.Random(0)) != "yes"
    assert contradiction("!!!", random.Random(0)) is None


@pytest.mark.parametrize(("text", "kept"), [
    ("```python\ndef f(x):\n    return x + 1\n```", ["```python\n", "def f(x):", "```"]),
    ("```py\nprint('hi', 2)\n```\n", ["```py\n", "print(", "```"]),
    ("~~~python\nx = 2\n~~~", ["~~~python\n", "~~~"]),
    ("| city | year |\n| --- | :-: |\n| Paris | 1889 |",
     ["| city | year |", "| --- | :-: |"]),
    ("Answer: 1889 [doc-12] [wiki_3.a]", ["Answer:", "[doc-12]", "[wiki_3.a]"]),
    ("**Answer:** Paris [d1]", ["**Answer:", "[d1]"]),
])
def test_contradictions_change_the_content_and_keep_the_markup(text, kept):
    for seed in range(5):
        other = contradiction(text, random.Random(seed))
        assert other is not None and other != text
        assert len(other) == len(text)
        for piece in kept:
            assert piece in other, (piece, other)


def test_a_contradiction_shifts_numbers_not_the_digits_of_names():
    code = "```python\ndef f(prices):\n    b1 = s2 = 0\n    return max(b1, s2) + 10\n```"
    other = contradiction(code, random.Random(0))
    assert other is not None and "b1 = s2 = " in other and "max(b1, s2) + " in other
    assert "= 0\n" not in other and "+ 10\n" not in other
    # Digits only in names: the letters are shifted instead (the program no longer runs).
    renamed = contradiction("```python\nx1 = y2\n```", random.Random(0))
    assert renamed is not None and "x1" not in renamed and renamed.startswith("```python\n")


def test_a_contradiction_picks_digits_from_the_content_not_from_citations():
    other = contradiction("Answer: Paris [doc-12]", random.Random(0))
    assert other is not None and other.endswith("[doc-12]") and "Paris" not in other
    assert contradiction("[doc-12]", random.Random(0)) is None


def test_processes_the_kit_runs_beside_an_env_are_not_its_leaks(tmp_path):
    # The fresh-process workers make every env (code envs start sandboxes) while another
    # env is fuzzed in-process: their process trees must not count as that env's leaks.
    import os
    import signal
    import subprocess
    import sys
    import time

    from verticals.conformance.leaks import KIT_PROCESSES, LeakWatch, child_processes

    watch = LeakWatch(tmp_path)
    worker = subprocess.Popen([sys.executable, "-c", "import subprocess, time; "
                               "subprocess.Popen(['sleep', '60']); time.sleep(60)"])
    try:
        waited = time.monotonic() + 30  # until the worker has started its own child
        while not child_processes(worker.pid) and time.monotonic() < waited:
            time.sleep(0.05)
        assert child_processes(worker.pid)
        assert len(watch.compare(grace_s=0).processes) == 2  # unregistered: both named
        KIT_PROCESSES.add(worker.pid)
        assert watch.compare(grace_s=0).processes == []
    finally:
        KIT_PROCESSES.discard(worker.pid)
        for pid in child_processes(worker.pid):  # the sleep this test started
            os.kill(pid, signal.SIGKILL)
        worker.kill()
        worker.wait()
