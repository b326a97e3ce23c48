"""`search/multihop-v0`: questions over a generated world, answered with search and open.

Difficulty moves the world's size, its distractor density, the hops of chain questions
and which families appear (obfuscated descriptions from level 4). The world is a shared
resource: every task of one (world seed, level) config uses the same world and index.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.search.questions import Question, ask
from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import WorldConfig
from verticals.toolcalls import format_text_call

Family = Literal["attribute", "chain", "comparison", "temporal", "counting", "set",
                 "obfuscated", "unanswerable"]


@dataclass(frozen=True)
class Level:
    documents: int
    max_hops: int
    distractors: float  # collisions and near-duplicates; superseded facts at 3x
    families: tuple[str, ...]


#: Families by weight (a family listed twice is drawn twice as often).
BASIC = ("attribute", "chain", "chain", "comparison", "temporal", "unanswerable")
LEVELS = {
    1: Level(150, 1, 0.0, ("attribute",)),
    2: Level(250, 2, 0.05, BASIC),
    3: Level(400, 3, 0.1, (*BASIC, "counting", "set")),
    4: Level(600, 4, 0.15, (*BASIC, "counting", "set", "obfuscated")),
    5: Level(900, 5, 0.2, (*BASIC, "chain", "counting", "set", "obfuscated", "obfuscated")),
}

INSTRUCTIONS = """\
Answer the question below by searching a document collection about a fictional world \
(what you know of the real world will not help). Tools: search(query, k) lists the best \
matching documents (id, title, date, snippet); open(doc_id, page) shows a document's text. \
Documents are dated; when they disagree, the newest is right about the present.

When you are done, reply without a tool call. The reply must contain one line of the form
Answer: <answer> [doc-id] [doc-id]
citing in square brackets the id of each document that states a fact your answer rests \
on (for example [d-000123]); cite only those. Give numbers in digits and list several \
items separated by commas. If the collection shows the question has no answer, write \
"Answer: insufficient information" and cite the documents that show it."""


class SearchConfig(DifficultyConfig):
    world_seed: int = Field(default=0, ge=0, description="Seed of the world (not the question).")
    documents: int = Field(
        default=0, ge=0, le=500_000,
        description="World size in documents; 0 takes the difficulty's size.",
    )
    family: Family | None = Field(default=None, description="Ask only this question family.")


def world_config(config: SearchConfig) -> WorldConfig:
    level = LEVELS[config.difficulty]
    return WorldConfig(
        seed=config.world_seed,
        documents=config.documents or level.documents,
        collisions=level.distractors,
        near_duplicates=level.distractors,
        superseded=min(1.0, 3 * level.distractors),
    )


def evidence_ids(question: Question) -> list[str]:
    """One document per hop, preferring documents that cover several hops."""
    chosen: list[str] = []
    open_hops = [set(h) for h in question.hops]
    while open_hops:
        counts: dict[str, int] = {}
        for hop in open_hops:
            for doc in hop:
                counts[doc] = counts.get(doc, 0) + 1
        best = min(counts, key=lambda d: (-counts[d], d))
        chosen.append(best)
        open_hops = [h for h in open_hops if best not in h]
    return chosen


def oracle_actions(question: Question, k: int = 5) -> list[str]:
    calls = "\n".join(
        format_text_call("search", {"query": q, "k": k}) for q in dict.fromkeys(question.queries)
    )
    cites = " ".join(f"[{d}]" for d in evidence_ids(question))
    return [calls, f"Answer: {question.answer} {cites}"]


class Multihop(Generator):
    """Questions of every family over the level's shared world."""

    name = "search/multihop"
    version = "1"
    Config = SearchConfig

    def generate(self, rng: random.Random, config: SearchConfig) -> Draft:
        wc = world_config(config)
        sw = self.resources.get(SearchWorld, wc)
        level = LEVELS[config.difficulty]
        families = [config.family] if config.family else list(level.families)
        question = ask(sw, rng, families, max(2, level.max_hops))
        reference = question.reference() | {"world": wc.model_dump(mode="json")}
        return Draft(
            prompt=f"{INSTRUCTIONS}\n\nQuestion: {question.text}",
            reference=reference,
            oracle=oracle_actions(question),
            metadata={"difficulty": config.difficulty, "family": question.family,
                      "hops": len(question.hops), "documents": len(sw.docs)},
        )
