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


def test_copying_the_document_earns_little():
    """The whole page is over the budget; its first 40 words restate a few facts but
    also its generic words, which pull it up for other entities' questions."""
    rewards = []
    for level in (1, 3, 5):
        env = make("search/prepare-v0", difficulty=level)
        for seed in range(5):
            obs, _ = env.reset(seed=seed)
            document = obs.split("Document:\n", 1)[1].split("\n", 1)[1]  # no id line
            assert final(env, document)[0] == 0.0  # over the budget
            env.reset(seed=seed)
            rewards.append(final(env, " ".join(document.split()[:40]))[0])
    assert sum(rewards) / len(rewards) < 0.4


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
        assert set(env.task.reference) == {"doc_id", "questions", "decoys", "world"}
        reward, score = final(env, "")
        assert reward == 0.0 and 0.0 <= score["components"]["baseline"] < 1.0


def test_retrieval_steps_declare_the_contradiction_probe_meaningless():
    from verticals.conformance.checks import exemptions

    for env_id in ("search/query-v0", "search/prepare-v0"):
        why = exemptions(make(env_id))["contradiction"]
        assert "not a claim" in why
    assert exemptions(make("search/multihop-v0")) == {}


def test_spraying_entity_names_over_five_full_queries_stays_low():
    """Within the cap (5 queries of 24 words) a spray of names ranks the gold badly."""
    rewards = []
    for level in (1, 5):
        env = make("search/query-v0", difficulty=level)
        for seed in range(6):
            env.reset(seed=seed)
            world = env.live_world().world
            words = " ".join(e.name for kind in ("org", "person", "place", "product")
                             for e in world.of_kind(kind)).split()
            queries = [" ".join(words[i * 24:(i + 1) * 24]) for i in range(5)]
            rewards.append(final(env, "\n".join(queries))[0])
    assert sum(rewards) / len(rewards) < 0.3


def test_six_queries_earn_nothing_even_when_five_would_be_perfect():
    env = make("search/query-v0", difficulty=5)
    env.reset(seed=0)
    queries = env.task.oracle[0].splitlines()
    padded = queries + [queries[-1] + f" {i}" for i in range(6 - len(queries))]
    assert final(env, "\n".join(queries))[0] == 1.0
    env.reset(seed=0)
    assert final(env, "\n".join(padded))[0] == 0.0


def test_gold_context_plus_garbage_gains_nothing_over_gold():
    """Filling the 40-word budget with other words never beats the gold context, and a
    context past the budget (gold plus stuffing) earns 0."""
    import random

    rng = random.Random(0)
    for level in (1, 3, 5):
        env = make("search/prepare-v0", difficulty=level)
        for seed in range(4):
            env.reset(seed=seed)
            gold = env.task.oracle[0]
            world = env.live_world().world
            names = " ".join(e.name for kind in ("org", "person", "place")
                             for e in world.of_kind(kind)).split()
            garbage = " ".join(rng.choice(names) for _ in range(40))
            room = 40 - len(gold.split())
            stuffed = f"{gold} {' '.join(garbage.split()[:room])}"
            gold_reward = final(env, gold)[0]
            env.reset(seed=seed)
            assert final(env, stuffed)[0] <= gold_reward
            env.reset(seed=seed)
            assert final(env, garbage)[0] < 1.0
            env.reset(seed=seed)
            assert final(env, f"{gold} {garbage}")[0] == 0.0  # over the budget


UNIVERSAL = ("firm set up business boss workforce person birth year come came up with "
             "hit shops")


def _entity(env):
    sw = env.live_world()
    doc_id = env.task.reference["doc_id"]
    return sw, next(d.about for d in sw.docs if d.id == doc_id)


def _reworded(sw, about) -> str:
    """An honest header in other words than the hidden questions': name and facts."""
    w = sw.world
    labels = {"org": (("headquartered_in", "based in"), ("founded_year", "founded"),
                      ("ceo", "chief executive"), ("employees", "employees")),
              "person": (("born_in", "native of"), ("born_year", "born")),
              "product": (("invented_by", "invented by"), ("made_by", "made by"),
                          ("launched_year", "launched"))}
    parts = [w.name(about), w.entities[about].detail]
    for rel, label in labels[w.entities[about].kind]:
        fact = w.current(about, rel)
        if fact:
            parts.append(f"{label} {w.name(fact.obj) if fact.obj else fact.value}")
    return ", ".join(p for p in parts if p)


@pytest.mark.parametrize("level", [1, 3, 5])
def test_a_constant_context_does_not_win_every_document(level):
    """The questions' wording, never reading the document, used to earn 1.0 (0.925 at
    difficulty 5): it pulls the page up for the decoys (same wording, other entities) as
    much as for its own questions, so it now earns nothing."""
    env = make("search/prepare-v0", difficulty=level)
    rewards = []
    for seed in range(10):
        env.reset(seed=seed)
        reward, score = final(env, UNIVERSAL)
        assert score["components"]["false_hit_rate"] > 0.5
        rewards.append(reward)
    assert sum(rewards) / len(rewards) < 0.2


def test_wording_plus_facts_of_the_page_or_of_another_entity_is_stuffing():
    for level in (1, 3, 5):
        env = make("search/prepare-v0", difficulty=level)
        for seed in range(4):
            env.reset(seed=seed)
            sw, about = _entity(env)
            kind = sw.world.entities[about].kind
            other = next(e for e in sw.world.of_kind(kind) if e.id != about)
            env.reset(seed=seed)
            assert final(env, f"{UNIVERSAL} {other.name}")[0] < 0.2
            env.reset(seed=seed)
            assert final(env, f"{env.task.oracle[0]} {UNIVERSAL}")[0] < 0.5


def test_honest_contexts_earn_full_or_high_reward_and_empty_earns_nothing():
    reworded, facts_only = [], []
    for level in (1, 3, 5):
        env = make("search/prepare-v0", difficulty=level)
        for seed in range(12):
            env.reset(seed=seed)
            reward, score = final(env, env.task.oracle[0])
            assert reward == 1.0 and score["components"]["false_hit_rate"] == 0.0
            env.reset(seed=seed)
            assert final(env, "")[0] == 0.0
            env.reset(seed=seed)
            context = _reworded(*_entity(env))
            assert len(context.split()) <= 40
            reward, score = final(env, context)
            assert score["components"]["false_hit_rate"] == 0.0
            reworded.append(reward)
            env.reset(seed=seed)
            facts_only.append(final(env, context.split(", ", 1)[1])[0])  # without the name
    # the page's name, which no question uses, only lengthens the page a little; a
    # restated fact counts once more (BM25 saturates), so the margin is narrow on a few
    # pages, and difficulty 1's world has only a handful of tasks
    assert sum(reworded) / len(reworded) >= 0.7
    assert sum(facts_only) / len(facts_only) >= 0.8


def test_decoys_stay_hidden_and_share_no_fact_with_the_page():
    import json

    from verticals.tasks.search.pipeline import specific_tokens

    env = make("search/prepare-v0", difficulty=3)
    for seed in range(4):
        obs, info = env.reset(seed=seed)
        ref = env.task.reference
        obs2, _, _, _, info2 = env.step(UNIVERSAL)
        seen = obs + json.dumps(info) + obs2 + json.dumps(info2, default=str)
        assert ref["decoys"]  # (the page's id is public: the prompt shows it)
        for question in ref["questions"] + ref["decoys"]:
            assert question not in seen
        assert not specific_tokens(ref["decoys"]) & specific_tokens(ref["questions"])
