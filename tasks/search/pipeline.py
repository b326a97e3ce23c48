"""The RAG pipeline's own steps, over a generated world, each rewarded by retrieval ranks.

- `search/query-v0`: given a question, write search queries. The reward is the mean
  reciprocal rank (top 10) of each hop's best document, as a gain over the question
  used as its own query (so copying the question earns nothing).
- `search/prepare-v0`: given a document, write its retrieval context (a header that is
  indexed with it). Hidden questions describe the document's entity without naming it;
  the reward is the gain in recall@4 of those questions with the context over without,
  times one minus the share of hidden decoy questions (the same wording about other
  entities of the same kind) for which the context pulls the document up. Words
  that fit any document of the kind lift it for the decoys as much as for its own
  questions and net nothing; the document's own names, places and figures lift it only
  for its own questions.
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
from verticals.tasks.search.ranking import hop_scores, rank_with_context, ranks_with_contexts
from verticals.tasks.search.resource import SearchWorld

LIST_MARKER = re.compile(r"^(?:[-*•]|\d{1,2}[.)])\s+")
MAX_QUERIES = 5
MAX_QUERY_WORDS = 24
CONTEXT_WORDS = 40
TOP = 4  # recall@TOP for prepare-v0
COPIED_RUN = 4  # prepare-v0: this many document tokens in its order are a copied passage
DECOY_ENTITIES = 4  # other entities of the same kind whose questions are prepare-v0's decoys

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
for its facts, its key names, places and figures). At most {CONTEXT_WORDS} words; \
repeating a word or copying passages of the document adds nothing. The context is also \
tried on questions about other documents: words that would fit any document pull this \
one up for those too and cost reward. Reply with the context only."""


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


#: What stands between a query-writing prompt's instructions and its question.
QUESTION_MARK = "\n\nQuestion: "


def question_of(prompt: str) -> str:
    """The question of a query-writing prompt (the text after its last QUESTION_MARK)."""
    return prompt.rsplit(QUESTION_MARK, 1)[-1].strip()


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
            prompt=f"{QUERY_INSTRUCTIONS}{QUESTION_MARK}{question.text}",
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


#: The fixed wording of the hidden questions (placeholders in braces); its words are
#: shared by every entity of a kind, which is why decoys about other entities use it too.
FOUNDED, BOSS, STAFF, BORN, INVENTED, LAUNCHED = QUESTION_WORDING = (
    "Which firm from {} was set up in {}?", "Which business has {} as its boss?",
    "Which firm has a workforce of {}?", "Which person from {} has {} as birth year?",
    "Which {} did {} come up with?", "Which {} from {} hit the shops in {}?",
)
WORDING_TOKENS = frozenset(t for q in QUESTION_WORDING for t in tokenize(q.replace("{}", " ")))


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
            out.append(FOUNDED.format(w.name(hq.obj), founded.value))
        if ceo:
            out.append(BOSS.format(w.name(ceo.obj)))
        if staff:
            out.append(STAFF.format(staff.value))
    elif kind == "person":
        born, year = cur("born_in"), cur("born_year")
        if born and year:
            out.append(BORN.format(w.name(born.obj), year.value))
    elif kind == "product":
        inventor, maker, launched = cur("invented_by"), cur("made_by"), cur("launched_year")
        detail = w.entities[entity_id].detail
        if inventor:
            out.append(INVENTED.format(detail, w.name(inventor.obj)))
        if maker and launched:
            out.append(LAUNCHED.format(detail, w.name(maker.obj), launched.value))
    return out


def _specific(questions: list[str]) -> list[str]:
    """The tokens of questions besides their fixed wording (names, places, figures),
    once each, in order of appearance."""
    return [t for t in dict.fromkeys(t for q in questions for t in tokenize(q))
            if t not in WORDING_TOKENS]


def specific_tokens(questions: list[str]) -> set[str]:
    """The questions' names, places and figures, as a set."""
    return set(_specific(questions))


def facts_of(questions: list[str]) -> str:
    """The oracle's context: the questions' names, places and figures, once each."""
    return " ".join(_specific(questions))


def decoy_questions(sw: SearchWorld, entity_id: str, rng: random.Random) -> list[str]:
    """Hidden questions about other entities of the same kind, in the same wording, that
    share no name, place or figure with `entity_id`'s questions (so an honest context,
    made of this entity's facts, has no business ranking the document for them)."""
    kind = sw.world.entities[entity_id].kind
    own = specific_tokens(hidden_questions(sw, entity_id))
    others = sorted(e.id for e in sw.world.of_kind(kind) if e.id != entity_id)
    rng.shuffle(others)
    out: list[str] = []
    taken = 0
    for other in others:
        questions = hidden_questions(sw, other)
        if not questions or specific_tokens(questions) & own:
            continue
        out += questions
        taken += 1
        if taken == DECOY_ENTITIES:
            break
    return out


def context_tokens(index, position: int, context: str) -> list[str]:
    """The context's distinct tokens that count (a repeated word adds nothing).

    Words the document holds count again (a header restating its key names and figures),
    but not inside a run of COPIED_RUN or more tokens in the document's own order: a
    passage copied from the document adds nothing, it already says it.
    """
    tokens = tokenize(context)
    doc = tokenize(index.titles[position] + " " + index.text(position))
    runs = {tuple(doc[i:i + COPIED_RUN]) for i in range(len(doc) - COPIED_RUN + 1)}
    copied = [False] * len(tokens)
    for i in range(len(tokens) - COPIED_RUN + 1):
        if tuple(tokens[i:i + COPIED_RUN]) in runs:
            copied[i:i + COPIED_RUN] = [True] * COPIED_RUN
    return list(dict.fromkeys(t for t, c in zip(tokens, copied, strict=True) if not c))


def recall_at(index, position: int, questions: list[str], extra: list[str]) -> float:
    hits = sum(rank_with_context(index, position, q, extra) <= TOP for q in questions)
    return hits / len(questions)


def false_hit_rate(index, position: int, decoys: list[str], extra: list[str]) -> float:
    """Share of decoy questions for which the context pulls the document up (a better
    rank than without it): the context claims it answers questions it is not about."""
    if not decoys or not extra:
        return 0.0
    lifted = 0
    for question in decoys:
        with_context, without = ranks_with_contexts(index, position, question, [extra, []])
        lifted += with_context < without
    return lifted / len(decoys)


class ContextWriting(Generator):
    """Entity pages whose hidden questions miss them without a context and hit with one."""

    name = "search/prepare"
    # 3: decoy questions joined the reference, the oracle became the document's own
    # facts, and the prompt changed (2 was used briefly on main for another change)
    version = "3"
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
            decoys = decoy_questions(sw, doc.about, rng)
            if not decoys:
                continue
            # the oracle restates the facts its questions ask by (all held by the page);
            # a question it cannot lift stays unasked (only the wording could serve it)
            oracle = facts_of(questions)
            extra = context_tokens(sw.index, position, oracle)
            questions = [q for q in questions
                         if rank_with_context(sw.index, position, q, extra) <= TOP]
            oracle = facts_of(questions)
            if not oracle or len(oracle.split()) > CONTEXT_WORDS:
                continue
            extra = context_tokens(sw.index, position, oracle)
            if (recall_at(sw.index, position, questions, []) < 1.0
                    and recall_at(sw.index, position, questions, extra) == 1.0
                    and false_hit_rate(sw.index, position, decoys, extra) == 0.0):
                break
        else:
            raise RuntimeError("no context-writing task fits this world")
        index = sw.index
        shown = f"[{doc.id}] {index.titles[position]} ({index.dates[position]})\n" + index.text(
            position)
        return Draft(
            prompt=f"{PREPARE_INSTRUCTIONS}\n\nDocument:\n{shown}",
            reference={"doc_id": doc.id, "questions": questions, "decoys": decoys,
                       "world": wc},
            oracle=[oracle],
            metadata={"difficulty": config.difficulty, "family": "prepare",
                      "questions": len(questions), "decoys": len(decoys)},
        )
