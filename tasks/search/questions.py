"""Question families over a search world, each with a provable answer and its evidence.

A question carries its typed answer and its *hops*: for each fact the answer rests on,
the ids of every document that states it. A reward needs one cited document per hop.
Unanswerable questions carry the hops that prove there is no answer (the founding year
that comes after the asked year; the complete page that names no spouse).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import Fact

KIND_WORD = {"person": "person", "city": "city", "region": "region", "org": "company",
             "product": "product", "event": "event"}


class NoQuestion(Exception):
    """This draw found no question of the family; the caller draws again."""


@dataclass
class Question:
    family: str
    text: str
    type: str  # entity, number, set, abstain
    answer: str  # display form
    hops: list[list[str]]
    queries: list[str]  # what the oracle searches for, one per hop
    entity_kind: str = ""
    aliases: list[str] = field(default_factory=list)
    value: int | None = None
    members: list[str] = field(default_factory=list)

    def reference(self) -> dict[str, Any]:
        return {
            "family": self.family, "type": self.type, "answer": self.answer,
            "entity_kind": self.entity_kind, "aliases": self.aliases, "value": self.value,
            "members": self.members, "hops": self.hops,
        }


class Asker:
    """Draws questions of each family from one world."""

    def __init__(self, sw: SearchWorld, rng: random.Random) -> None:
        self.sw = sw
        self.w = sw.world
        self.rng = rng
        self._by_kind = sw.by_kind()

    # --- helpers --------------------------------------------------------------------

    def pick(self, kind: str) -> str:
        return self.rng.choice(self._by_kind[kind]).id

    def hop(self, fact: Fact) -> list[str]:
        docs = sorted(self.sw.docs_for(fact.id))
        if not docs:
            raise NoQuestion("fact stated nowhere")
        return docs

    def describe(self, entity_id: str) -> str:
        entity = self.w.entities[entity_id]
        if entity.kind == "person" and self.w.same_name(entity_id):
            return f"{entity.name} (born {self.w.current(entity_id, 'born_year').value})"
        return entity.name

    def entity_answer(self, family: str, text: str, entity_id: str, facts: list[Fact],
                      queries: list[str]) -> Question:
        entity = self.w.entities[entity_id]
        if entity.name.lower() in text.lower():
            raise NoQuestion("the answer is in the question")
        return Question(family, text, "entity", entity.name, [self.hop(f) for f in facts],
                        queries, entity_kind=entity.kind, aliases=[entity.name])

    def number_answer(self, family: str, text: str, value: int, facts: list[Fact],
                      queries: list[str]) -> Question:
        return Question(family, text, "number", str(value), [self.hop(f) for f in facts],
                        queries, value=value)

    # --- families -------------------------------------------------------------------

    def attribute(self) -> Question:
        kind = self.rng.choice(["org", "org", "person", "product", "city"])
        e = self.pick(kind)
        name = self.describe(e)
        if kind == "org":
            rel, text = self.rng.choice([
                ("founded_year", f"In which year was {name} founded?"),
                ("employees", f"How many people does {name} employ today?"),
                ("headquartered_in", f"In which city is {name} headquartered today?"),
            ])
        elif kind == "person":
            rel, text = self.rng.choice([
                ("born_year", f"In which year was {name} born?"),
                ("born_in", f"Which city is the birthplace of {name}?"),
            ])
        elif kind == "product":
            rel, text = self.rng.choice([
                ("launched_year", f"In which year did {name} reach the market?"),
                ("invented_by", f"Who is the inventor of {name}?"),
            ])
        else:
            rel, text = "population", f"How many inhabitants does {name} have today?"
        fact = self.w.current(e, rel)
        if fact is None:
            raise NoQuestion("no current fact")
        query = f"{self.w.name(e)} {rel.replace('_', ' ')}"
        if fact.obj is not None:
            return self.entity_answer("attribute", text, fact.obj, [fact], [query])
        return self.number_answer("attribute", text, fact.value, [fact], [query])

    def _step(self, entity_id: str) -> list[tuple[str, Fact, str]]:
        """Functional relations out of `entity_id`: (phrase with {d}, fact, next id)."""
        w, kind, out = self.w, self.w.entities[entity_id].kind, []

        def add(phrase: str, fact: Fact | None, target: str | None = None) -> None:
            if fact is not None:
                out.append((phrase, fact, target or fact.obj))

        if kind == "product":
            add("the company that makes {d}", w.current(entity_id, "made_by"))
            add("the inventor of {d}", w.current(entity_id, "invented_by"))
        elif kind == "event":
            add("the organiser of {d}", w.current(entity_id, "organised_by"))
            add("the city that hosted {d}", w.current(entity_id, "held_in"))
        elif kind == "org":
            add("the company that took over {d}", w.current(entity_id, "acquired_by"))
            founders = w.facts_about(entity_id, "founded_by")
            if len(founders) == 1:
                add("the founder of {d}", founders[0])
            add("the present chief executive of {d}", w.current(entity_id, "ceo"))
            add("the city where {d} has its head office today",
                w.current(entity_id, "headquartered_in"))
        elif kind == "person":
            add("the birthplace of {d}", w.current(entity_id, "born_in"))
            spouses = w.facts_about(entity_id, "married_to") + w.facts_to(entity_id, "married_to")
            if len(spouses) == 1:
                f = spouses[0]
                add("the spouse of {d}", f, f.obj if f.subj == entity_id else f.subj)
        elif kind == "city":
            add("the region that contains {d}", w.current(entity_id, "located_in"))
        return out

    def chain(self, hops: int) -> Question:
        start = self.pick(self.rng.choice(["product", "event", "org", "person"]))
        facts, queries, node, seen = [], [], start, {start}
        description = self.describe(start)
        for _ in range(hops):
            options = [o for o in self._step(node) if o[2] not in seen]
            if not options:
                raise NoQuestion("dead end")
            step, fact, nxt = self.rng.choice(options)
            queries.append(f"{self.w.name(node)} {step.replace('{d}', '').replace('the ', '')}")
            description = step.replace("{d}", description)
            facts.append(fact)
            node = nxt
            seen.add(nxt)
        text = f"Name {description}."
        return self.entity_answer(f"chain-{hops}", text, node, facts, queries)

    def comparison(self) -> Question:
        kind = self.rng.choice(["org", "person"])
        a, b = self.pick(kind), self.pick(kind)
        rel = "founded_year" if kind == "org" else "born_year"
        fa, fb = self.w.current(a, rel), self.w.current(b, rel)
        if a == b or fa.value == fb.value or self.w.name(a) == self.w.name(b):
            raise NoQuestion("no contrast")
        first = a if fa.value < fb.value else b
        na, nb = self.describe(a), self.describe(b)
        text = (f"Which company was founded first: {na} or {nb}?" if kind == "org"
                else f"Who is older: {na} or {nb}?")
        word = "founded" if kind == "org" else "born"
        entity = self.w.entities[first]
        return Question("comparison", text, "entity", entity.name, [self.hop(fa), self.hop(fb)],
                        [f"{self.w.name(a)} {word}", f"{self.w.name(b)} {word}"],
                        entity_kind=kind, aliases=[entity.name])

    def temporal(self) -> Question:
        org = self.pick("org")
        terms = self.w.facts_about(org, "ceo")
        closed = [t for t in terms if t.end is not None and t.end - t.start >= 2]
        if not closed:
            raise NoQuestion("no past term")
        term = self.rng.choice(closed)
        year = self.rng.randint(term.start + 1, term.end - 1)
        text = f"Who was the chief executive of {self.describe(org)} in {year}?"
        return self.entity_answer("temporal", text, term.obj, [term],
                                  [f"{self.w.name(org)} chief executive {year}"])

    def counting(self) -> Question:
        if self.rng.random() < 0.5:
            org = self.pick("org")
            facts = self.w.facts_to(org, "made_by")
            text = f"How many products does {self.describe(org)} make?"
            query = f"products {self.w.name(org)}"
        else:
            city = self.pick("city")
            facts = [f for f in self.w.facts_to(city, "headquartered_in") if f.current]
            text = f"How many companies have their head office in {self.describe(city)} today?"
            query = f"headquartered {self.w.name(city)}"
        if not 2 <= len(facts) <= 8:
            raise NoQuestion("count out of range")
        return self.number_answer("counting", text, len(facts), facts, [query] * len(facts))

    def set_question(self) -> Question:
        person = self.pick("person")
        facts = self.w.facts_to(person, "invented_by")
        if not 2 <= len(facts) <= 6:
            raise NoQuestion("set size out of range")
        names = sorted(self.w.name(f.subj) for f in facts)
        text = f"Which products did {self.describe(person)} invent? Name all of them."
        return Question("set", text, "set", ", ".join(names), [self.hop(f) for f in facts],
                        [f"invented {self.w.name(person)}"] * len(facts), entity_kind="product",
                        members=names)

    def obfuscated(self) -> Question:
        org = self.pick("org")
        founded = self.w.current(org, "founded_year")
        hq = self.w.current(org, "headquartered_in")
        founders = self.w.facts_about(org, "founded_by")
        if hq is None or len(founders) != 1:
            raise NoQuestion("not describable")
        region = self.w.current(hq.obj, "located_in").obj
        decade = founded.value // 10 * 10
        part = ("early" if founded.value % 10 < 4 else "mid" if founded.value % 10 < 7 else "late")
        prefix = self.w.name(org)[:2]

        def fits(other: str) -> bool:
            f = self.w.current(other, "founded_year").value
            h = self.w.current(other, "headquartered_in")
            p = "early" if f % 10 < 4 else "mid" if f % 10 < 7 else "late"
            return (f // 10 * 10 == decade and p == part and h is not None
                    and self.w.current(h.obj, "located_in").obj == region
                    and self.w.name(other)[:2] == prefix)

        same_prefix = [o.id for o in self._by_kind["org"] if o.name[:2] == prefix]
        if sum(fits(o) for o in same_prefix) != 1:
            raise NoQuestion("description not unique")
        text = (f"A company founded in the {part} {decade}s, whose head office today is in a "
                f"city of {self.w.name(region)}, has a name beginning with '{prefix}'. "
                "Who founded it?")
        facts = [founded, hq, founders[0]]
        queries = [f"companies {self.w.name(region)}", f"{self.w.name(org)} founded",
                   f"{self.w.name(org)} founder"]
        return self.entity_answer("obfuscated", text, founders[0].obj, facts, queries)

    def unanswerable(self) -> Question:
        choice = self.rng.randrange(3)
        if choice == 0:
            org = self.pick("org")
            founded = self.w.current(org, "founded_year")
            year = founded.value - self.rng.randint(2, 15)
            text = f"Who was the chief executive of {self.describe(org)} in {year}?"
            hops = [self.hop(founded)]
            query = f"{self.w.name(org)} founded"
        elif choice == 1:
            person = self.pick("person")
            if self.w.facts_about(person, "married_to") or self.w.facts_to(person, "married_to"):
                raise NoQuestion("married")
            text = f"Who is the spouse of {self.describe(person)}?"
            hops = [self.pages(person)]
            query = self.w.name(person)
        else:
            org = self.pick("org")
            if self.w.facts_about(org, "acquired_by"):
                raise NoQuestion("acquired")
            text = f"Which company took over {self.describe(org)}?"
            hops = [self.pages(org)]
            query = self.w.name(org)
        return Question("unanswerable", text, "abstain", "insufficient information", hops, [query])

    def pages(self, entity_id: str) -> list[str]:
        found = self.sw.pages_of(entity_id)
        if not found:
            raise NoQuestion("no page")
        return found

    def draw(self, family: str, max_hops: int) -> Question:
        if family == "chain":
            return self.chain(self.rng.randint(max(2, max_hops - 1), max(2, max_hops)))
        return {
            "attribute": self.attribute, "comparison": self.comparison,
            "temporal": self.temporal, "counting": self.counting, "set": self.set_question,
            "obfuscated": self.obfuscated, "unanswerable": self.unanswerable,
        }[family]()


def ask(sw: SearchWorld, rng: random.Random, families: list[str], max_hops: int,
        tries: int = 400) -> Question:
    """A question from one of `families`, drawn until one fits this world."""
    asker = Asker(sw, rng)
    for _ in range(tries):
        family = rng.choice(families)
        try:
            return asker.draw(family, max_hops)
        except NoQuestion:
            continue
    raise RuntimeError(f"no question of {families} in {tries} draws; world too small")

