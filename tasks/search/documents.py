"""Documents rendered from a world's facts, with the hidden map of which fact each states.

Kinds: an entity page per entity, a dated news item per dated event (founding, CEO
appointment, acquisition, move, marriage, launch), list pages (companies of a region,
products of a company), archived profiles that state facts later superseded, and
reprints (near-duplicate news). Each fact has several phrasings, drawn per document, so
a question's words are rarely a document's words. Document ids are assigned after a
seeded shuffle, so an id says nothing about a document's kind.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from verticals.tasks.search.world import NOW, Fact, World

CURRENT = {
    "located_in": ("{s} lies in {o}.", "{s} is a city in {o}.", "The city of {s} belongs to {o}."),
    "population": ("{s} has a population of {v}.", "About {v} people live in {s}.",
                   "{s} is home to {v} residents."),
    "born_in": ("{s} was born in {o}.", "{s} is a native of {o}.", "{o} is the hometown of {s}."),
    "born_year": ("{s} was born in {v}.", "{s} came into the world in {v}.",
                  "The year of birth of {s} is {v}."),
    "married_to": ("{s} married {o} in {y}.", "{s} and {o} wed in {y}.",
                   "{s} has been the spouse of {o} since {y}."),
    "founded_year": ("{s} was founded in {v}.", "{s} was established in {v}.",
                     "{s} dates back to {v}."),
    "founded_by": ("{s} was founded by {o}.", "{o} started {s}.", "{o} set up {s} in {y}."),
    "headquartered_in": ("{s} is headquartered in {o}.", "{s} has its head office in {o}.",
                         "The main offices of {s} are in {o}."),
    "employees": ("{s} employs {v} people.", "{s} has a staff of {v}.",
                  "The workforce of {s} numbers {v}."),
    "ceo": ("{o} has been chief executive of {s} since {y}.", "{o} leads {s} as CEO since {y}.",
            "Since {y}, {s} has been run by {o}."),
    "acquired_by": ("{o} acquired {s} in {y}.", "{s} was bought by {o} in {y}.",
                    "In {y}, {s} became part of {o}."),
    "made_by": ("{s} is made by {o}.", "{o} manufactures the {d} {s}.",
                "{s} is a {d} produced by {o}."),
    "invented_by": ("{s} was invented by {o}.", "{o} designed {s}.",
                    "{o} is credited with inventing {s}."),
    "launched_year": ("{s} was launched in {v}.", "{s} came to market in {v}.",
                      "{s} first shipped in {v}."),
    "held_in": ("{s} took place in {o}.", "{o} hosted {s}.", "{s} was held in {o}."),
    "organised_by": ("{s} was organised by {o}.", "{o} organised {s}.", "{o} ran {s}."),
}

#: Facts that ended, stated as history (true statements of the past).
PAST = {
    "population": ("{s} had a population of {v} until {e}.",),
    "headquartered_in": ("{s} was headquartered in {o} until {e}.",
                         "Until {e}, the head office of {s} was in {o}."),
    "employees": ("{s} employed {v} people until {e}.",),
    "ceo": ("{o} was chief executive of {s} from {y} to {e}.", "{o} ran {s} between {y} and {e}."),
}

MOVED = ("{s} moved its headquarters to {o} in {y}.", "In {y}, {s} relocated to {o}.")
APPOINTED = ("{s} named {o} chief executive in {y}.", "{o} took over as head of {s} in {y}.")


@dataclass(slots=True)
class Document:
    id: str
    kind: str
    title: str
    date: str
    text: str
    facts: tuple[int, ...]  # ids of the facts the text states
    about: str = ""  # the entity id a page or profile is about


def doc_id(index: int) -> str:
    return f"d-{index:06d}"


class Renderer:
    def __init__(self, world: World, rng: random.Random) -> None:
        self.world = world
        self.rng = rng

    def sentence(self, fact: Fact, templates: tuple[str, ...] | None = None) -> str:
        w = self.world
        if templates is None:
            templates = CURRENT[fact.rel] if fact.current else PAST.get(fact.rel, CURRENT[fact.rel])
        subj = w.entities[fact.subj]
        return self.rng.choice(templates).format(
            s=subj.name,
            o=w.name(fact.obj) if fact.obj else "",
            v=f"{fact.value:,}" if fact.value is not None and fact.value >= 10_000 else fact.value,
            y=fact.start, e=fact.end, d=subj.detail,
        )

    def date(self, year: int) -> str:
        return f"{year:04d}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}"


def title_of(world: World, entity_id: str) -> str:
    """A page title; namesakes are told apart by birth year."""
    entity = world.entities[entity_id]
    if entity.kind == "person" and world.same_name(entity_id):
        return f"{entity.name} (born {world.current(entity_id, 'born_year').value})"
    return entity.name


PAGE_RELATIONS = {
    "region": [],
    "city": ["located_in", "population"],
    "person": ["born_year", "born_in", "married_to"],
    "org": ["founded_year", "founded_by", "headquartered_in", "employees", "ceo", "acquired_by"],
    "product": ["made_by", "invented_by", "launched_year"],
    "event": ["held_in", "organised_by"],
}
KIND_WORDS = {
    "region": "a region", "city": "a city", "person": "a person", "org": "an organisation",
    "product": "a product", "event": "an event",
}


def render(world: World, seed: int, reprints: float) -> list[Document]:
    """Every document of `world`, ids assigned in a seeded order."""
    rng = random.Random(f"search-docs/{seed}/{world.config.documents}")
    r = Renderer(world, rng)
    docs: list[Document] = []

    def emit(kind: str, title: str, date: str, parts: list[tuple[str, int | None]],
             about: str = "") -> Document:
        text = " ".join(p for p, _ in parts)
        facts = tuple(sorted({f for _, f in parts if f is not None}))
        doc = Document("", kind, title, date, text, facts, about)
        docs.append(doc)
        return doc

    for entity in world.entities.values():
        opening = f"{entity.name} is {KIND_WORDS[entity.kind]}."
        parts: list[tuple[str, int | None]] = [(opening, None)]
        if entity.kind == "product":
            parts[0] = (f"{entity.name} is a {entity.detail}.", None)
        for rel in PAGE_RELATIONS[entity.kind]:
            for fact in world.facts_about(entity.id, rel):
                parts.append((r.sentence(fact), fact.id))
        if entity.kind == "person":
            for rel in ("married_to", "founded_by", "ceo"):
                for fact in world.facts_to(entity.id, rel):
                    parts.append((r.sentence(fact), fact.id))
        emit("page", title_of(world, entity.id), r.date(NOW), parts, entity.id)

    for fact in world.facts:
        _news(world, r, fact, emit)

    for entity in world.of_kind("org"):
        _archived_profile(world, r, entity.id, emit)
        products = world.facts_to(entity.id, "made_by")
        if len(products) >= 2:
            rows = [(f"- {world.name(f.subj)} ({world.entities[f.subj].detail})", f.id)
                    for f in products]
            emit("list", f"Products of {entity.name}", r.date(NOW),
                 [(f"Products made by {entity.name}:", None), *rows])

    hq_by_city: dict[str, list[str]] = {}
    for org in world.of_kind("org"):
        hq = world.current(org.id, "headquartered_in")
        if hq is not None:
            hq_by_city.setdefault(hq.obj, []).append(org.id)
    for region in world.of_kind("region"):
        _region_list(world, r, region.id, hq_by_city, emit)

    for doc in [d for d in docs if d.kind == "news"]:
        if rng.random() < reprints:
            emit("reprint", f"{doc.title} (reprint)", doc.date, [(doc.text, None)])
            docs[-1].facts = doc.facts

    order = list(range(len(docs)))
    rng.shuffle(order)
    ordered = [docs[i] for i in order]
    for index, doc in enumerate(ordered):
        doc.id = doc_id(index)
    return ordered


def _news(world: World, r: Renderer, fact: Fact, emit) -> None:
    w = world
    name = w.name(fact.subj)
    if fact.rel == "founded_year":
        founders = w.facts_about(fact.subj, "founded_by")
        parts = [(r.sentence(fact), fact.id)] + [(r.sentence(f), f.id) for f in founders]
        emit("news", f"{name} opens its doors", r.date(fact.value), parts)
    elif fact.rel == "ceo":
        parts = [(r.sentence(fact, APPOINTED), fact.id)]
        emit("news", f"New chief executive at {name}", r.date(fact.start), parts)
    elif fact.rel == "acquired_by":
        emit("news", f"{w.name(fact.obj)} buys {name}", r.date(fact.start),
             [(r.sentence(fact), fact.id)])
    elif (fact.rel == "headquartered_in" and fact.current
          and w.facts_about(fact.subj, fact.rel)[0] is not fact):
        emit("news", f"{name} relocates", r.date(fact.start),
             [(r.sentence(fact, MOVED), fact.id)])
    elif fact.rel == "married_to":
        emit("news", f"Wedding of {w.name(fact.subj)} and {w.name(fact.obj)}", r.date(fact.start),
             [(r.sentence(fact), fact.id)])
    elif fact.rel == "launched_year":
        maker = w.facts_about(fact.subj, "made_by")[0]
        emit("news", f"{name} launched", r.date(fact.value),
             [(r.sentence(fact), fact.id), (r.sentence(maker), maker.id)])
    elif fact.rel == "held_in":
        organiser = w.facts_about(fact.subj, "organised_by")[0]
        emit("news", f"{name} report", r.date(fact.start),
             [(r.sentence(fact), fact.id), (r.sentence(organiser), organiser.id)])


def _archived_profile(world: World, r: Renderer, org: str, emit) -> None:
    """A profile written before a move: it states the old headquarters and staff as current."""
    old = [f for rel in ("headquartered_in", "employees") for f in world.facts_about(org, rel)
           if not f.current]
    if not old:
        return
    year = old[0].end - 1
    parts: list[tuple[str, int | None]] = [
        (f"Profile of {world.name(org)} as of {year}.", None),
    ]
    for fact in old:
        parts.append((r.sentence(fact, CURRENT[fact.rel]), fact.id))
    emit("profile", f"{world.name(org)} company profile", r.date(year), parts, org)


def _region_list(world: World, r: Renderer, region: str, hq_by_city: dict[str, list[str]],
                 emit) -> None:
    cities = [f.subj for f in world.facts_to(region, "located_in")]
    rows: list[tuple[str, int | None]] = []
    located = (o for c in cities for o in hq_by_city.get(c, []))
    for org in sorted(located, key=lambda o: int(o[1:])):
        hq = world.current(org, "headquartered_in")
        founded = world.current(org, "founded_year")
        row = f"| {world.name(org)} | {world.name(hq.obj)} | {founded.value} |"
        rows.append((row, hq.id))
        rows.append(("", founded.id))
        rows.append(("", world.current(hq.obj, "located_in").id))  # the city is in the region
    if not rows:
        return
    head = f"Companies headquartered in {world.name(region)} today.\n| Company | City | Founded |"
    text_rows = [(head, None)] + [(t, f) for t, f in rows]
    doc = emit("list", f"Companies of {world.name(region)}", r.date(NOW), text_rows)
    doc.text = "\n".join(t for t, _ in text_rows if t)
