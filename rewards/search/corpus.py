"""The corpus reward: the multihop rules over a user's corpus, where the gold is text.

- correct: the answer line (the one line starting with "Answer:"; two or more answer
  statements earn 0, as in search/multihop-v0) equals a gold alias
  once normalised, or mentions one within at most 10 extra words and offers no
  alternative (" or "); for a yes/no gold, naming both is wrong. Abstaining
  ("insufficient information") is right only where the row says `answerable: false`.
- evidence: where the row gives gold evidence, each gold document is one hop, and the
  reward is correct x (1/2 + 1/2 x recall x precision), as in search/multihop-v0.
  Where it gives none, support cannot be checked: the reward is correct x the share of
  cited ids that exist (no citation, no penalty), so made-up ids still cost.
"""

from __future__ import annotations

from verticals.rewards.search.answer import EXTRA_WORDS, combine, judge_evidence
from verticals.rewards.search.normalize import (
    abstains,
    answer_part,
    citations,
    mentions,
    normalize,
    several_answers,
)
from verticals.types import Score, Task, Trajectory


def judge_text(answer: str | None, ref: dict) -> tuple[float, str]:
    if answer is None:
        return 0.0, "no 'Answer:' line"
    if ref["type"] == "abstain":
        if abstains(answer):
            return 1.0, "abstained on an unanswerable question"
        return 0.0, "answered a question the corpus cannot answer"
    if abstains(answer):
        return 0.0, "abstained on an answerable question"
    norm = normalize(answer)
    aliases = [normalize(a) for a in ref["aliases"]]
    if norm in aliases:
        return 1.0, "right answer"
    hit = next((a for a in aliases if mentions(norm, a)), None)
    if hit is None:
        return 0.0, "wrong answer"
    if len(norm.split()) > len(hit.split()) + EXTRA_WORDS:
        return 0.0, "the answer line is too long"
    if mentions(norm, "or") or ({"yes", "no"} <= set(norm.split()) and hit in ("yes", "no")):
        return 0.0, "offers alternatives"
    return 1.0, "right answer"


def reward(trajectory: Trajectory, task: Task) -> Score:
    """Score an answer over a user's corpus (see the module docstring)."""
    ref = task.reference
    text = trajectory.final_answer or ""
    doubled = several_answers(text)
    if doubled:
        return Score.zero(doubled, correct=0.0)
    correct, why = judge_text(answer_part(text), ref)
    if ref["hops"]:
        recall, precision, _ = judge_evidence(text, ref["hops"])
        return combine(correct, recall, precision, why)
    if correct == 0:
        return Score.zero(why, correct=0.0)
    cited = citations(text)
    known = _known_ids(trajectory, task)
    share = sum(1 for c in cited if c in known) / len(cited) if cited else 1.0
    return Score(reward=correct * share, components={"correct": correct, "cited_exist": share},
                 reason=why + ("" if share == 1 else "; cites ids that do not exist"))


def _known_ids(trajectory: Trajectory, task: Task) -> set[str] | dict[str, int]:
    from verticals.resources import default_resources
    from verticals.tasks.search.corpus import CorpusIndex, CorpusIndexConfig

    backend = trajectory.world
    if not isinstance(backend, CorpusIndex):
        config = CorpusIndexConfig(**task.reference["corpus"])
        backend = default_resources().get(CorpusIndex, config)
    return backend.index.position
