"""The RAG pipeline's own steps, over a generated world, each rewarded by retrieval ranks.

- `search/query-v0`: given a question, write search queries. The reward is the mean
  reciprocal rank (top 10) of each hop's best document, as a gain over the question
  used as its own query (so copying the question earns nothing).
- `search/prepare-v0`: given a document, write its retrieval context (a header that is
  indexed with it). Hidden questions describe the document's entity without naming it;
  the reward is the gain in recall@5 of those questions with the context over without.
  Only words the document lacks count, within a 40-word budget, so copying the document
  earns nothing.
Every task is checked at generation: the oracle reaches 1.0 and the baseline stays below.
"""

from __future__ import annotations

import random
import re

from pydantic import Field

from verticals.generators import DifficultyConfig, Draft, Generator
from verticals.tasks.search.index import tokenize
from verticals.tasks.search.multihop import SearchConfig, world_config
from verticals.tasks.search.questions import Asker, NoQuestion
from verticals.tasks.search.ranking import hop_scores, rank_with_context
from verticals.tasks.search.resource import SearchWorld

LIST_MARKER = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")
MAX_QUERIES = 5
MAX_QUERY_WORDS = 24
CONTEXT_WORDS = 40
TOP = 5  # recall@TOP for prepare-v0

QUERY_INSTRUCTIONS = f"""\
You write the search queries of a retrieval system. The collection holds documents about \
a fictional world and is searched by BM25 keyword matching (the 10 best documents per \
query count). Write the queries that would retrieve every document needed to answer the \
question below: one query per line, at most {MAX_QUERIES} lines and {MAX_QUERY_WORDS} \
words a line. Reply with the queries only."""

PREPARE_INSTRUCTIONS = f"""\
You prepare documents for a retrieval system searched by BM25 keyword matching. Write a \
retrieval context for the document below: a short header indexed together with it, with \
the words people would use when asking for what it states (what it is about, other names \
for its facts). At most {CONTEXT_WORDS} words; words already in the document add nothing. \
Reply with the context only."""


class PipelineConfig(DifficultyConfig):
    world_seed: int = Field(default=0, ge=0, description="Seed of the world (not the task).")
    documents: int = Field(
        default=0, ge=0, le=500_000,
        description="World size in documents; 0 takes the difficulty's size.",
    )


def _world(gen: Generator, config: PipelineConfig) -> tuple[SearchWorld, dict]:
    wc = world_config(SearchConfig(difficulty=config.difficulty, world_seed=config.world_seed,
                                   documents=config.documents))
    return gen.resources.get(SearchWorld, wc), wc.model_dump(mode="json")


def question_of(prompt: str) -> str:
    """The question of a query-writing prompt (the text after its last 'Question: ')."""
    return prompt.rsplit("\n\nQuestion: ", 1)[-1].strip()


def question_baseline(index, question: str, hops: list[list[str]]) -> float:
    """Mean reciprocal rank of the gold when the question is its own (only) query.

    Not stored in the task: it follows from the question the agent sees and the public
    index, so the reward recomputes it rather than keep a hidden copy that would look
    like gold if it were reported.
    """
    return sum(hop_scores(index, [question], hops)) / len(hops)


def read_queries(text: str) -> list[str]:
    """One query a line; list markers and quotes stripped; blank lines skipped."""
    out = []
    for line in text.splitlines():
        line = LIST_MARKER.sub("", line.strip()).strip().strip('"').strip()
        if line:
            out.append(line)
    return out


class QueryWriting(Generator):
    """Questions of 1-4 hops; the oracle's queries put a gold document first for each hop."""

    name = "search/query"
    # still 1: dropping the stored baseline changed no prompt, gold or score (the reward
    # recomputes the same value), so the same task id still means the same task
    version = "1"
    Config = PipelineConfig

    def generate(self, rng: random.Random, config: PipelineConfig) -> Draft:
        sw, wc = _world(self, config)
        asker = Asker(sw, rng)
        families = ["attribute", "chain", "chain", "comparison", "temporal"]
        max_hops = min(4, max(2, config.difficulty))
        for _ in range(400):
            try:
                question = asker.draw(rng.choice(families), max_hops)
            except NoQuestion:
                continue
            queries = self._oracle_queries(sw, question.hops, question.queries)
            if queries is None:
                continue
            if question_baseline(sw.index, question.text, question.hops) < 1.0:
                break
        else:
            raise RuntimeError("no query-writing task fits this world")
        return Draft(
            prompt=f"{QUERY_INSTRUCTIONS}\n\nQuestion: {question.text}",
            reference={"hops": question.hops, "world": wc},
            oracle=["\n".join(queries)],
            metadata={"difficulty": config.difficulty, "family": question.family,
                      "hops": len(question.hops)},
        )

    @staticmethod
    def _oracle_queries(sw: SearchWorld, hops: list[list[str]],
                        hints: list[str]) -> list[str] | None:
        chosen: list[str] = []
        for i, hop in enumerate(hops):
            candidates = [hints[i]] if i < len(hints) else []
            for doc in hop[:4]:
                position = sw.index.position[doc]
                title = sw.index.titles[position]
                head = " ".join(sw.index.text(position).split()[:12])
                candidates += [title, f"{title} {head}"]
            found = next((c for c in candidates
                          if hop_scores(sw.index, [c], [hop])[0] == 1.0), None)
            if found is None:
                return None
            if found not in chosen:
                chosen.append(found)
        if len(chosen) > MAX_QUERIES or any(len(q.split()) > MAX_QUERY_WORDS for q in chosen):
            return None
        return chosen


def hidden_questions(sw: SearchWorld, entity_id: str) -> list[str]:
    """Questions that describe `entity_id` by its facts without naming it."""
    w = sw.world
    kind = w.entities[entity_id].kind
    out = []

    def cur(rel: str):
        return w.current(entity_id, rel)

    if kind == "org":
        hq, founded, ceo, staff = (cur("headquartered_in"), cur("founded_year"), cur("ceo"),
                                   cur("employees"))
        if hq and founded:
            out.append(f"Which firm from {w.name(hq.obj)} was set up in {founded.value}?")
        if ceo:
            out.append(f"Which business has {w.name(ceo.obj)} as its boss?")
        if staff:
            out.append(f"Which firm has a workforce of {staff.value}?")
    elif kind == "person":
        born, year = cur("born_in"), cur("born_year")
        if born and year:
            out.append(f"Which person from {w.name(born.obj)} has {year.value} as birth year?")
    elif kind == "product":
        inventor, maker, launched = cur("invented_by"), cur("made_by"), cur("launched_year")
        detail = w.entities[entity_id].detail
        if inventor:
            out.append(f"Which {detail} did {w.name(inventor.obj)} come up with?")
        if maker and launched:
            out.append(f"Which {detail} from {w.name(maker.obj)} hit the shops in "
                       f"{launched.value}?")
    return out


def context_tokens(index, position: int, context: str) -> list[str]:
    """The context's tokens that the document does not already hold (what can help)."""
    own = set(tokenize(index.titles[position] + " " + index.text(position)))
    return [t for t in tokenize(context) if t not in own]


def recall_at(index, position: int, questions: list[str], extra: list[str]) -> float:
    hits = sum(rank_with_context(index, position, q, extra) <= TOP for q in questions)
    return hits / len(questions)


class ContextWriting(Generator):
    """Entity pages whose hidden questions miss them without a context and hit with one."""

    name = "search/prepare"
    # still 1: dropping the stored baseline changed no prompt, gold or score (the reward
    # recomputes the same value), so the same task id still means the same task
    version = "1"
    Config = PipelineConfig

    def generate(self, rng: random.Random, config: PipelineConfig) -> Draft:
        sw, wc = _world(self, config)
        pages = [d for d in sw.docs if d.kind == "page"
                 and sw.world.entities[d.about].kind in ("org", "person", "product")]
        for _ in range(400):
            doc = rng.choice(pages)
            position = sw.index.position[doc.id]
            questions = hidden_questions(sw, doc.about)
            if not questions:
                continue
            oracle = " ".join(dict.fromkeys(
                t for q in questions for t in context_tokens(sw.index, position, q)))
            if not oracle or len(oracle.split()) > CONTEXT_WORDS:
                continue
            baseline = recall_at(sw.index, position, questions, [])
            extra = context_tokens(sw.index, position, oracle)
            if baseline < 1.0 and recall_at(sw.index, position, questions, extra) == 1.0:
                break
        else:
            raise RuntimeError("no context-writing task fits this world")
        index = sw.index
        shown = f"[{doc.id}] {index.titles[position]} ({index.dates[position]})\n" + index.text(
            position)
        return Draft(
            prompt=f"{PREPARE_INSTRUCTIONS}\n\nDocument:\n{shown}",
            reference={"doc_id": doc.id, "questions": questions, "world": wc},
            oracle=[oracle],
            metadata={"difficulty": config.difficulty, "family": "prepare",
                      "questions": len(questions)},
        )
