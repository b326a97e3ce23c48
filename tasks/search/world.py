"""A seeded fictional world: regions, cities, people, organisations, products, events.

Everything is drawn from one `random.Random` seeded by the world's config, so a config
names one world on every machine. Facts are typed and many are dated (CEO from-to,
headquarters moves, acquisitions). Distractors are knobs: people who share a name,
organisations with near-identical names, and superseded facts (an older figure or
headquarters that a later fact replaces).
"""

from __future__ import annotations

import bisect
import random
from dataclasses import dataclass, field

from pydantic import Field

from verticals.resources import ResourceConfig
from verticals.tasks.search.names import NEAR_DUPLICATE_SUFFIXES, NameBook

#: The world's "today": current facts are those with no end year.
NOW = 2024


class WorldConfig(ResourceConfig):
    """What names one world. Same config, same world, documents, ids and rankings."""

    seed: int = Field(default=0, ge=0, description="World seed.")
    documents: int = Field(
        default=400, ge=100, le=500_000, description="Approximate number of documents."
    )
    collisions: float = Field(
        default=0.1, ge=0, le=0.5, description="Share of people who share a name with another."
    )
    near_duplicates: float = Field(
        default=0.1, ge=0, le=0.5, description="Share of organisations with a near-twin name."
    )
    superseded: float = Field(
        default=0.3, ge=0, le=1, description="Share of organisations whose facts changed."
    )


@dataclass(slots=True)
class Entity:
    id: str
    kind: str  # region, city, person, org, product, event
    name: str
    detail: str = ""  # product kind, org suffix... shown in titles and descriptions


@dataclass(slots=True)
class Fact:
    """One statement about the world; `obj` is an entity id, `value` a number."""

    id: int
    rel: str
    subj: str
    obj: str | None = None
    value: int | None = None
    start: int | None = None
    end: int | None = None

    @property
    def current(self) -> bool:
        return self.end is None


@dataclass
class World:
    config: WorldConfig
    entities: dict[str, Entity] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)
    #: (subject id, relation) -> fact ids, in order of start year.
    by_subject: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    #: (object id, relation) -> fact ids.
    by_object: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    _by_name: dict[str, list[str]] | None = None

    def add(self, rel: str, subj: str, obj: str | None = None, value: int | None = None,
            start: int | None = None, end: int | None = None) -> Fact:
        fact = Fact(len(self.facts), rel, subj, obj, value, start, end)
        self.facts.append(fact)
        self.by_subject.setdefault((subj, rel), []).append(fact.id)
        if obj is not None:
            self.by_object.setdefault((obj, rel), []).append(fact.id)
        return fact

    def of_kind(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def facts_about(self, subj: str, rel: str) -> list[Fact]:
        return [self.facts[i] for i in self.by_subject.get((subj, rel), [])]

    def facts_to(self, obj: str, rel: str) -> list[Fact]:
        return [self.facts[i] for i in self.by_object.get((obj, rel), [])]

    def current(self, subj: str, rel: str) -> Fact | None:
        """The fact in force today (no end year), if exactly one."""
        found = [f for f in self.facts_about(subj, rel) if f.current]
        return found[0] if len(found) == 1 else None

    def name(self, entity_id: str) -> str:
        return self.entities[entity_id].name

    def same_name(self, entity_id: str) -> list[str]:
        """Ids of other entities with the same name (name collisions)."""
        if self._by_name is None:
            self._by_name = {}
            for e in self.entities.values():
                self._by_name.setdefault(e.name, []).append(e.id)
        return [i for i in self._by_name[self.name(entity_id)] if i != entity_id]


def _counts(documents: int) -> dict[str, int]:
    """Entity counts that render to about `documents` documents (measured ratios)."""
    orgs = max(6, documents // 13)
    return {
        "regions": max(3, orgs // 12),
        "cities": max(6, orgs // 3),
        "orgs": orgs,
        "people": orgs * 3,
        "products": orgs * 3 // 2,
        "events": max(2, orgs // 2),
    }


def generate(config: WorldConfig) -> World:
    """The world `config` names, drawn from one seeded generator."""
    rng = random.Random(f"search-world/{config.seed}/{config.documents}")
    names = NameBook(rng)
    world = World(config)
    counts = _counts(config.documents)

    def new(kind: str, prefix: str, name: str, detail: str = "") -> str:
        entity_id = f"{prefix}{len(world.entities)}"
        world.entities[entity_id] = Entity(entity_id, kind, name, detail)
        return entity_id

    regions = [new("region", "r", names.region()) for _ in range(counts["regions"])]
    cities = []
    for _ in range(counts["cities"]):
        city = new("city", "c", names.place())
        cities.append(city)
        world.add("located_in", city, obj=rng.choice(regions))
        old = rng.randint(20, 900) * 1000
        if rng.random() < config.superseded:
            world.add("population", city, value=old, start=2005, end=2015)
            world.add("population", city, value=old + rng.randint(5, 90) * 1000, start=2015)
        else:
            world.add("population", city, value=old, start=2015)

    people = _people(world, rng, names, counts["people"], cities, config, new)
    orgs = _orgs(world, rng, names, counts["orgs"], cities, people, config, new)
    _products(world, rng, names, counts["products"], orgs, people, new)
    _events(world, rng, names, counts["events"], orgs, cities, new)
    return world


def _people(world, rng, names, count, cities, config, new) -> list[str]:
    people: list[str] = []
    for _ in range(count):
        if people and rng.random() < config.collisions:
            name = world.name(rng.choice(people))  # a namesake: same name, other facts
        else:
            name = names.person()
        person = new("person", "p", name)
        people.append(person)
        world.add("born_in", person, obj=rng.choice(cities))
        world.add("born_year", person, value=rng.randint(1940, 1995))
    unmarried = people[:]
    rng.shuffle(unmarried)
    while len(unmarried) >= 2 and rng.random() < 0.8:
        a, b = unmarried.pop(), unmarried.pop()
        if rng.random() < 0.5:
            continue  # these two stay single
        year = max(world.current(a, "born_year").value, world.current(b, "born_year").value)
        wedding = year + rng.randint(20, 35)
        if wedding <= NOW:
            world.add("married_to", a, obj=b, start=wedding)
    return people


class Adults:
    """People by birth year, to draw someone at least 22 years old in a given year."""

    def __init__(self, world: World, people: list[str]) -> None:
        self.people = sorted(people, key=lambda p: (world.current(p, "born_year").value,
                                                    int(p[1:])))
        self.years = [world.current(p, "born_year").value for p in self.people]

    def pick(self, rng: random.Random, year: int, count: int) -> list[str]:
        eligible = max(count, bisect.bisect_right(self.years, year - 22))
        return rng.sample(self.people[:eligible], count)


def _orgs(world, rng, names, count, cities, people, config, new) -> list[str]:
    orgs: list[str] = []
    adults = Adults(world, people)
    for _ in range(count):
        if orgs and rng.random() < config.near_duplicates:
            stem = world.name(rng.choice(orgs)).split()[0]
            choices = [s for s in NEAR_DUPLICATE_SUFFIXES if f"{stem} {s}" not in names.used]
            name = f"{stem} {rng.choice(choices)}" if choices else names.org()
            names.used.add(name)
        else:
            name = names.org()
        org = new("org", "o", name)
        orgs.append(org)
        founded = rng.randint(1965, 2016)
        world.add("founded_year", org, value=founded)
        chosen = adults.pick(rng, founded, 2)
        for person in chosen[: 1 if rng.random() < 0.75 else 2]:
            world.add("founded_by", org, obj=person, start=founded)
        if rng.random() < config.superseded:
            moved = rng.randint(founded + 1, NOW - 1)
            first, second = rng.sample(cities, 2)
            world.add("headquartered_in", org, obj=first, start=founded, end=moved)
            world.add("headquartered_in", org, obj=second, start=moved)
            staff = rng.randint(10, 900)
            world.add("employees", org, value=staff, start=founded, end=moved)
            world.add("employees", org, value=staff + rng.randint(50, 5000), start=moved)
        else:
            world.add("headquartered_in", org, obj=rng.choice(cities), start=founded)
            world.add("employees", org, value=rng.randint(10, 9000), start=founded)
        _ceos(world, rng, org, founded, adults)
    # acquisitions: a younger org bought by an older one that was not bought itself
    by_year = sorted(orgs, key=lambda o: (world.current(o, "founded_year").value, int(o[1:])))
    years = [world.current(o, "founded_year").value for o in by_year]
    for org in orgs:
        year_org = world.current(org, "founded_year").value
        older = bisect.bisect_left(years, year_org)
        if rng.random() >= 0.3 or older == 0 or year_org >= NOW - 2:
            continue
        for _ in range(5):
            buyer = by_year[rng.randrange(older)]
            if not world.facts_about(buyer, "acquired_by"):
                world.add("acquired_by", org, obj=buyer, start=rng.randint(year_org + 1, NOW - 1))
                break
    return orgs


def _ceos(world, rng, org, founded, adults: Adults) -> None:
    year = founded
    terms = rng.randint(1, 3)
    for term in range(terms):
        last = term == terms - 1 or year + 2 > NOW - 1
        end = None if last else rng.randint(year + 2, min(NOW - 1, year + 20))
        if not last and end >= NOW - 1:
            end = None
        world.add("ceo", org, obj=adults.pick(rng, year, 1)[0], start=year, end=end)
        if end is None:
            return
        year = end


def _products(world, rng, names, count, orgs, people, new) -> None:
    for _ in range(count):
        name, kind = names.product()
        product = new("product", "x", name, kind)
        maker = rng.choice(orgs)
        world.add("made_by", product, obj=maker)
        world.add("invented_by", product, obj=rng.choice(people))
        founded = world.current(maker, "founded_year").value
        world.add("launched_year", product, value=rng.randint(founded, NOW))


def _events(world, rng, names, count, orgs, cities, new) -> None:
    for _ in range(count):
        city = rng.choice(cities)
        year = rng.randint(1990, NOW)
        event = new("event", "e", names.event(world.name(city), year))
        world.add("held_in", event, obj=city, start=year)
        world.add("organised_by", event, obj=rng.choice(orgs))
