"""The multihop reward: a typed answer times the evidence its citations give.

reward = correct x (1/2 + 1/2 x evidence recall x evidence precision)

- correct: read from the one line that starts with "Answer:" (no such line, no answer;
  two or more answer statements, agreeing or not, earn 0: a second answer is a hedge,
  and the citations of both would pool; a line far longer than the gold is not an
  answer either); 1 or 0 by type (entity,
  number, abstain), or a set F1 that is 0 when fewer than half the named items are
  right. An entity answer that also names another entity of the same kind ("A or B", a
  list of every company) is wrong.
- recall: the share of hops (facts the answer rests on) with a cited document stating it.
- precision: the share of cited ids that state some needed fact; made-up ids count.
So a right answer without valid citations earns at most 1/2, and spraying citations to
cover the chain costs precision. Abstaining ("insufficient information") is right only
on a question the world provably cannot answer, and needs the proof cited as well.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from verticals.rewards.search.normalize import (
    abstains,
    answer_part,
    citations,
    mentions,
    normalize,
    numbers,
    several_answers,
)
from verticals.types import Score, Task, Trajectory

#: Longest answer line (in words, citations removed) judged at all: the gold's length plus
#: EXTRA_WORDS for a single answer, MAX_ANSWER_WORDS for a set. A pasted document is not one.
MAX_ANSWER_WORDS = 40
EXTRA_WORDS = 10


#: Longest entity name, in words, looked up in an answer.
MAX_NAME_WORDS = 6


def named(answer: str, kind_names: Mapping[str, Any], gold: set[str]) -> set[str]:
    """The normalised names of `kind_names` that `answer` mentions, ignoring parts of gold.

    Looks up every run of up to MAX_NAME_WORDS words of the (normalised) answer, so the
    cost follows the answer's length, not the world's size.
    """
    words = answer.split()
    found = set()
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + MAX_NAME_WORDS) + 1):
            name = " ".join(words[start:end])
            if name in kind_names and not any(
                    name != g and mentions(g, name) for g in gold):
                found.add(name)
    return found


def offers_alternatives(norm: str, gold: set[str]) -> bool:
    """Whether normalised `norm` says "or" outside the gold names ("A or B", "A or not")."""
    rest = f" {norm} "
    for name in sorted(gold, key=len, reverse=True):
        rest = rest.replace(f" {name} ", " ")
    return " or " in rest


def judge_answer(text: str, ref: Mapping[str, Any],
                 names: Mapping[str, Mapping[str, Any]]) -> tuple[float, str]:
    """(correctness in [0, 1], why) for the answer part of `text`."""
    doubled = several_answers(text)
    if doubled:
        return 0.0, doubled
    answer = answer_part(text)
    if answer is None:
        return 0.0, "no 'Answer:' line"
    kind = ref["type"]
    limit = MAX_ANSWER_WORDS if kind == "set" else len(ref["answer"].split()) + EXTRA_WORDS
    if len(answer.split()) > limit:
        return 0.0, f"the answer line is longer than {limit} words"
    if kind == "abstain":
        return (1.0, "abstained on an unanswerable question") if abstains(answer) else (
            0.0, "answered a question the world cannot answer")
    if abstains(answer):
        return 0.0, "abstained on an answerable question"
    norm = normalize(answer)
    if kind == "number":
        found = set(numbers(answer))
        if found == {ref["value"]}:
            return 1.0, "right number"
        return 0.0, "wrong number" if len(found) <= 1 else "several numbers"
    if kind == "entity":
        gold = {normalize(a) for a in ref["aliases"]}
        hits = named(norm, names.get(ref["entity_kind"], {}), gold)
        if not any(mentions(norm, g) for g in gold):
            return 0.0, "wrong entity"
        if hits - gold or offers_alternatives(norm, gold):
            return 0.0, "names other candidates too"
        return 1.0, "right entity"
    if kind == "set":
        gold = {normalize(m) for m in ref["members"]}
        found = named(norm, names.get(ref["entity_kind"], {}), gold) | {
            g for g in gold if mentions(norm, g)}
        right = len(found & gold)
        if offers_alternatives(norm, gold):
            return 0.0, "offers alternatives (A or B)"
        if not right:
            return 0.0, "no member named"
        precision, recall = right / len(found), right / len(gold)
        if precision < 0.5:
            return 0.0, "mostly wrong members (padding earns nothing)"
        return 2 * precision * recall / (precision + recall), f"set F1 ({right}/{len(gold)} found)"
    return 0.0, f"unknown answer type {kind!r}"


def judge_evidence(text: str, hops: list[list[str]]) -> tuple[float, float, int]:
    """(recall over hops, precision over cited ids, number cited)."""
    cited = citations(text)
    if not cited or not hops:
        return 0.0, 0.0, len(cited)
    needed = set().union(*map(set, hops))
    recall = sum(1 for hop in hops if set(hop) & set(cited)) / len(hops)
    precision = sum(1 for c in cited if c in needed) / len(cited)
    return recall, precision, len(cited)


def combine(correct: float, recall: float, precision: float, why: str) -> Score:
    evidence = recall * precision
    reward = correct * (0.5 + 0.5 * evidence)
    components = {"correct": correct, "evidence_recall": recall,
                  "evidence_precision": precision}
    if correct == 0:
        return Score.zero(why, **components)
    if evidence == 0:
        why += "; no valid citation (at most half)"
    elif evidence < 1:
        why += f"; evidence recall {recall:.2f}, precision {precision:.2f}"
    return Score(reward=reward, components=components, reason=why)


def entity_names(trajectory: Trajectory, task: Task) -> Mapping[str, Mapping[str, Any]]:
    """Names by kind of the task's world, from the live world or the shared pool."""
    from verticals.resources import default_resources
    from verticals.tasks.search.resource import SearchWorld
    from verticals.tasks.search.world import WorldConfig

    world = trajectory.world
    if not isinstance(world, SearchWorld):
        world = default_resources().get(SearchWorld, WorldConfig(**task.reference["world"]))
    return world.names_by_kind()


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Score a final answer to a multihop question (see the module docstring)."""
    ref = task.reference
    text = trajectory.final_answer or ""
    if not text.strip():
        return Score.zero("no answer", correct=0.0)
    names = entity_names(trajectory, task) if ref["type"] in ("entity", "set") else {}
    correct, why = judge_answer(text, ref, names)
    recall, precision, _ = judge_evidence(text, ref["hops"])
    return combine(correct, recall, precision, why)
