"""The world, its documents and the hidden fact map."""

from __future__ import annotations

import re

import pytest
from search_helpers import pool

from verticals.tasks.search.documents import render
from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import WorldConfig, generate

SMALL = WorldConfig(seed=3, documents=300, collisions=0.2, near_duplicates=0.2, superseded=0.5)


def test_same_config_same_world_and_documents():
    a, b = generate(SMALL), generate(SMALL)
    assert [(e.id, e.name) for e in a.entities.values()] == [
        (e.id, e.name) for e in b.entities.values()
    ]
    da, db = render(a, 3, 0.2), render(b, 3, 0.2)
    assert [(d.id, d.title, d.text, d.facts) for d in da] == [
        (d.id, d.title, d.text, d.facts) for d in db
    ]
    other = render(generate(SMALL.model_copy(update={"seed": 4})), 4, 0.2)
    assert [d.text for d in other] != [d.text for d in da]


def test_size_knob_sets_the_number_of_documents():
    for size in (150, 600):
        docs = render(generate(WorldConfig(documents=size)), 0, 0.1)
        assert 0.8 * size <= len(docs) <= 1.25 * size


def test_every_fact_is_stated_by_a_document_whose_text_names_its_subject():
    world = generate(SMALL)
    docs = render(world, 3, 0.2)
    stated = {f for d in docs for f in d.facts}
    assert stated == {f.id for f in world.facts}
    for doc in docs[:200]:
        for fact_id in doc.facts:
            fact = world.facts[fact_id]
            assert world.name(fact.subj) in doc.text, (doc, fact)
            if fact.obj:
                assert world.name(fact.obj) in doc.text, (doc, fact)


def test_distractors_are_present_when_asked_for():
    world = generate(SMALL)
    docs = render(world, 3, 0.2)
    people = world.of_kind("person")
    assert any(world.same_name(p.id) for p in people)  # namesakes
    assert any(d.kind == "profile" for d in docs)  # superseded facts stated as current
    assert any(d.kind == "reprint" for d in docs)  # near-duplicate documents
    stems = [o.name.split()[0] for o in world.of_kind("org")]
    assert len(stems) > len(set(stems))  # near-twin organisation names
    clean = generate(WorldConfig(seed=3, documents=300, collisions=0, near_duplicates=0,
                                 superseded=0))
    assert not any(clean.same_name(p.id) for p in clean.of_kind("person"))
    assert all(f.current for f in clean.facts if f.rel in ("headquartered_in", "employees"))


def test_superseded_profile_states_the_old_fact_and_is_older():
    world = generate(SMALL)
    docs = render(world, 3, 0.2)
    profiles = [d for d in docs if d.kind == "profile"]
    for doc in profiles:
        assert all(not world.facts[f].current for f in doc.facts)
        page = next(d for d in docs if d.kind == "page" and d.about == doc.about)
        assert doc.date < page.date


def test_ids_are_dense_and_do_not_reveal_the_kind():
    sw = pool().get(SearchWorld, SMALL)
    assert [d.id for d in sw.docs] == [f"d-{i:06d}" for i in range(len(sw.docs))]
    first = [d.kind for d in sw.docs[:40]]
    assert len(set(first)) >= 3
    assert all(re.fullmatch(r"d-\d{6}", d) for d in sw.index.ids)


def test_index_is_cached_on_disk_and_reloaded(tmp_path):
    from verticals.resources import Resources

    with Resources(cache_dir=tmp_path) as first:
        a = first.get(SearchWorld, SMALL)
        hits = a.index.search("headquartered founded", 10)
    folders = list((tmp_path / "search-world").iterdir())
    assert any((f / "facts.pkl").exists() for f in folders)
    stamp = {p: p.stat().st_mtime_ns for f in folders for p in f.rglob("*") if p.is_file()}
    with Resources(cache_dir=tmp_path) as second:
        b = second.get(SearchWorld, SMALL)
        assert b.index.search("headquartered founded", 10) == hits
    assert {p: p.stat().st_mtime_ns for p in stamp} == stamp  # read, not rebuilt


def test_search_ranks_the_page_of_a_named_entity_first():
    sw = pool().get(SearchWorld, SMALL)
    for entity in list(sw.world.of_kind("product"))[:10]:
        hits = sw.index.search(f"{entity.name} {entity.detail}", 3)
        top = sw.docs[hits[0][0]]
        assert entity.id == top.about or entity.name in sw.index.text(hits[0][0])


def test_top_k_breaks_ties_by_position():
    import numpy as np

    from verticals.tasks.search.index import top_k

    scores = np.array([0.0, 2.0, 1.0, 2.0, 2.0, 0.5], dtype=np.float32)
    assert [i for i, _ in top_k(scores, 2)] == [1, 3]
    assert [i for i, _ in top_k(scores, 4)] == [1, 3, 4, 2]
    assert top_k(np.zeros(4, dtype=np.float32), 3) == []


def _queries(sw, count, seed=1):
    import random

    rng = random.Random(seed)
    index = sw.index
    extra = " founded born chief 2001 works"
    for _ in range(count):
        words = (index.text(rng.randrange(len(index))) + extra).split()
        yield " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))


def test_scores_equal_bm25s_and_search_equals_a_full_sort():
    import numpy as np

    from verticals.tasks.search.index import top_k

    sw = pool().get(SearchWorld, SMALL)
    index = sw.index
    for query in _queries(sw, 300):
        ids = index.token_ids(query)
        ours = index.scores(query)
        if ids:
            assert np.array_equal(ours, index.retriever.get_scores_from_ids(ids))
        for k in (1, 3, 10):
            assert index.search(query, k) == top_k(ours, k)
            full = sorted((-float(s), i) for i, s in enumerate(ours) if s > 0)[:k]
            assert [i for _, i in full] == [i for i, _ in index.search(query, k)]


def test_rank_with_no_context_is_the_index_rank():
    from verticals.tasks.search.ranking import augmented_score, rank_with_context

    sw = pool().get(SearchWorld, SMALL)
    index = sw.index
    checked = 0
    for n, query in enumerate(_queries(sw, 200, seed=2)):
        hits = index.search(query, 30)
        if not hits:
            continue
        position, score = hits[n % len(hits)]
        assert abs(augmented_score(index, position, query, []) - score) < 1e-3
        rank = [i for i, _ in hits].index(position) + 1
        assert rank_with_context(index, position, query, []) == rank
        checked += 1
    assert checked > 100


def test_a_context_with_new_query_words_raises_the_rank():
    from verticals.tasks.search.ranking import rank_with_context

    sw = pool().get(SearchWorld, SMALL)
    index = sw.index
    position = 7
    query = "zebra quokka mongoose"
    assert rank_with_context(index, position, query, []) > len(index)
    assert rank_with_context(index, position, query, ["quokka"]) == 1


def test_compiled_kernel_ranks_exactly_like_numpy():
    """Where numba is installed, large indexes use a compiled kernel: same rankings."""
    pytest.importorskip("numba")
    from verticals.tasks.search import jit

    index = pool().get(SearchWorld, SMALL).index
    assert not index.compiled  # small worlds never compile
    for n, query in enumerate(_queries(index_world(), 400, seed=3)):
        tokens = index.token_ids(query)
        k = (1, 3, 5, 20)[n % 4]
        compiled = jit.search(index._data, index._indices, index._indptr, tokens, len(index), k)
        assert compiled == (index.search(query, k) if tokens else [])


def index_world():
    return pool().get(SearchWorld, SMALL)
