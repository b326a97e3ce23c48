"""Rewards of search/query-v0 and search/prepare-v0: gains in retrieval rank, no judge.

query-v0: score = mean over hops of the reciprocal rank (top 10) of the hop's best gold
document under any of the agent's queries; reward = (score - baseline) / (1 - baseline),
floored at 0, where the baseline is the question itself used as the only query. More
than 5 queries, or a query over 24 words, earns 0 (no stuffing). The baseline is
recomputed here from the question in the prompt, not kept in the hidden reference: it is
no secret (the question and the index are public) and is reported in the components.

prepare-v0: recall@4 of the hidden questions for the document, with the agent's context
indexed with it and without; gain = (with - without) / (1 - without), floored at 0.
reward = gain * (1 - false-hit rate), where the false-hit rate is the share of hidden
decoy questions (the same wording about other entities of the same kind) for which the
context pulls the document up (a better rank than without it). Words that fit every
document of a kind (the questions' wording) lift it for the decoys too and net nothing;
the document's own names, places and figures lift it only for its own questions. Each
distinct context word counts once, and a passage copied from the document (4 or more of
its tokens in order) counts nothing; a context over 40 words earns 0. The baseline is
recomputed here from the hidden questions (never stored).
"""

from __future__ import annotations

from typing import Any

from verticals.errors import BrokenTaskError
from verticals.tasks.search.pipeline import (
    CONTEXT_WORDS,
    MAX_QUERIES,
    MAX_QUERY_WORDS,
    TOP,
    context_tokens,
    false_hit_rate,
    question_baseline,
    question_of,
    read_queries,
    recall_at,
)
from verticals.tasks.search.ranking import hop_scores
from verticals.types import Score, Task, Trajectory


def _index(trajectory: Trajectory, task: Task) -> Any:
    from verticals.resources import default_resources
    from verticals.tasks.search.resource import SearchWorld
    from verticals.tasks.search.world import WorldConfig

    world = trajectory.world
    if not isinstance(world, SearchWorld):
        world = default_resources().get(SearchWorld, WorldConfig(**task.reference["world"]))
    return world.index


def gain(value: float, baseline: float) -> float:
    return max(0.0, (value - baseline) / (1.0 - baseline))


def query_reward(trajectory: Trajectory, task: Task) -> Score:
    """Score written queries by the ranks they give the gold documents."""
    queries = read_queries(trajectory.final_answer or "")
    if not queries:
        return Score.zero("no queries")
    if len(queries) > MAX_QUERIES:
        return Score.zero(f"more than {MAX_QUERIES} queries")
    if any(len(q.split()) > MAX_QUERY_WORDS for q in queries):
        return Score.zero(f"a query is longer than {MAX_QUERY_WORDS} words")
    ref, index = task.reference, _index(trajectory, task)
    if not isinstance(task.prompt, str):
        raise BrokenTaskError("a query-writing task's prompt is text holding its question")
    baseline = question_baseline(index, question_of(task.prompt), ref["hops"])
    scores = hop_scores(index, queries, ref["hops"])
    mrr = sum(scores) / len(scores)
    reward = gain(mrr, baseline)
    components = {"mrr": mrr, "baseline": baseline,
                  "recall_at_10": sum(s > 0 for s in scores) / len(scores)}
    why = f"mean reciprocal rank {mrr:.2f} against {baseline:.2f} for the question"
    return Score(reward=reward, components=components, reason=why)


def prepare_reward(trajectory: Trajectory, task: Task) -> Score:
    """Score a retrieval context by the recall it adds for the hidden questions."""
    context = trajectory.final_answer or ""
    if len(context.split()) > CONTEXT_WORDS:
        return Score.zero(f"the context is longer than {CONTEXT_WORDS} words")
    ref = task.reference
    index = _index(trajectory, task)
    position = index.position[ref["doc_id"]]
    baseline = recall_at(index, position, ref["questions"], [])
    extra = context_tokens(index, position, context)
    recall = recall_at(index, position, ref["questions"], extra) if extra else baseline
    own_gain = gain(recall, baseline)
    false_hits = false_hit_rate(index, position, ref["decoys"], extra) if own_gain else 0.0
    reward = own_gain * (1.0 - false_hits)
    components = {f"recall_at_{TOP}": recall, "baseline": baseline, "gain": own_gain,
                  "false_hit_rate": false_hits, "words": len(extra)}
    why = (f"recall@{TOP} {recall:.2f} with the context against {baseline:.2f} without; "
           f"it also pulls the document up for {false_hits:.0%} of questions about other "
           "entities")
    return Score(reward=reward, components=components, reason=why)
