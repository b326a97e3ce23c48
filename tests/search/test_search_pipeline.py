"""search/query-v0 and search/prepare-v0: rewards from retrieval ranks, and their gaming."""

from __future__ import annotations

import pytest
from search_helpers import final, make

from verticals.tasks.search.pipeline import read_queries


@pytest.mark.parametrize("env_id", ["search/query-v0", "search/prepare-v0"])
def test_oracle_one_null_zero(env_id):
    env = make(env_id, difficulty=3)
    for seed in range(4):
        env.reset(seed=seed)
        assert final(env, env.task.oracle[0])[0] == 1.0
        env.reset(seed=seed)
        assert final(env, "I don't know.")[0] == 0.0


def test_read_queries_strips_list_markers():
    text = '1. alpha beta\n- "gamma"\n\n  * delta 2024\n10. ten things'
    assert read_queries(text) == ["alpha beta", "gamma", "delta 2024", "ten things"]


def test_copying_the_question_earns_nothing_and_partial_queries_earn_part():
    env = make("search/query-v0", difficulty=4)
    for seed in range(6):
        obs, _ = env.reset(seed=seed)
        question = obs.split("Question:", 1)[1].strip()
        assert final(env, question)[0] == 0.0
    for seed in range(10):
        env.reset(seed=seed)
        queries = env.task.oracle[0].splitlines()
        if len(queries) >= 2:
            reward, score = final(env, queries[0])
            assert 0.0 <= reward < 1.0 and score["components"]["mrr"] < 1.0
            break
    else:
        pytest.fail("no multi-query task in 10 seeds")


def test_query_stuffing_is_refused():
    env = make("search/query-v0", difficulty=3)
    env.reset(seed=1)
    oracle = env.task.oracle[0]
    many = oracle + "\n" + "\n".join(f"filler {i}" for i in range(6))
    reward, score = final(env, many)
    assert reward == 0.0 and "more than 5 queries" in score["reason"]
    env.reset(seed=1)
    world = env.live_world().world
    every = " ".join(e.name for e in world.of_kind("org"))
    reward, score = final(env, every)
    assert reward == 0.0 and "longer than" in score["reason"]
    env.reset(seed=1)
    index = env.live_world().index
    pasted = index.text(index.position[env.task.reference["hops"][0][0]]).replace("\n", " ")
    if len(pasted.split()) > 24:
        assert final(env, pasted)[0] == 0.0


def test_copying_the_document_adds_nothing():
    env = make("search/prepare-v0", difficulty=3)
    for seed in range(5):
        obs, _ = env.reset(seed=seed)
        document = obs.split("Document:\n", 1)[1].split("\n", 1)[1]  # the text, no id line
        assert final(env, document)[0] == 0.0  # over the budget
        env.reset(seed=seed)
        head = " ".join(document.split()[:40])
        reward, score = final(env, head)  # within budget, but nothing new
        assert reward == 0.0 and score["components"]["new_words"] == 0


def test_context_over_budget_is_refused_and_partial_context_earns_part():
    env = make("search/prepare-v0", difficulty=5)
    env.reset(seed=2)
    oracle = env.task.oracle[0]
    reward, score = final(env, oracle + " " + "word " * 40)
    assert reward == 0.0 and "longer than 40" in score["reason"]


def test_rewards_rescore_offline_without_the_live_world():
    from verticals.rewards.search.pipeline import prepare_reward, query_reward
    from verticals.types import Trajectory

    for env_id, reward_fn in (("search/query-v0", query_reward),
                              ("search/prepare-v0", prepare_reward)):
        env = make(env_id, difficulty=2)
        env.reset(seed=0)
        trajectory = Trajectory(final_answer=env.task.oracle[0])
        assert reward_fn(trajectory, env.task).reward == 1.0


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def test_query_reference_holds_no_baseline_and_gold_ids_stay_hidden():
    """The question's own MRR is recomputed by the reward, not kept as hidden gold.

    The conformance kit read the stored baseline in info["score"] as a leaked reference
    value; the gold evidence ids must never be visible at all.
    """
    import json

    env = make("search/query-v0", difficulty=1)
    for seed in range(8):
        for action in (None, "I don't know."):
            obs, info = env.reset(seed=seed)
            ref = env.task.reference
            assert set(ref) == {"hops", "world"}
            action = action or env.task.oracle[0]
            obs2, _, _, _, info2 = env.step(action)
            seen = obs + json.dumps(info) + obs2 + json.dumps(info2, default=str)
            for doc_id in _leaves(ref["hops"]):
                assert doc_id not in seen
            assert 0.0 <= info2["score"]["components"]["baseline"] < 1.0
        env.reset(seed=seed)
        question = env.task.prompt.split("Question:", 1)[1].strip()
        _, score = final(env, question)
        assert score["components"]["mrr"] == score["components"]["baseline"]


def test_prepare_reference_holds_no_baseline():
    env = make("search/prepare-v0", difficulty=1)
    for seed in range(4):
        env.reset(seed=seed)
        assert set(env.task.reference) == {"doc_id", "questions", "world"}
        reward, score = final(env, "")
        assert reward == 0.0 and 0.0 <= score["components"]["baseline"] < 1.0
