"""The shared search world: facts, documents and BM25 index for one `WorldConfig`.

Built once per config and kept under the resource cache folder; every env and worker
process that asks the pool for the same config loads the same folder (the index and the
texts memory-mapped, the facts unpickled once per process).
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any, ClassVar

from verticals.resources import Resource
from verticals.tasks.search.documents import Document, render
from verticals.tasks.search.index import TextIndex, write_index
from verticals.tasks.search.names import normalize
from verticals.tasks.search.world import World, WorldConfig, generate

DOC_ID = re.compile(r"d-\d{6}")


class SearchWorld(Resource[WorldConfig]):
    """A generated world with its documents, hidden fact map and index."""

    kind: ClassVar[str] = "search-world"
    version: ClassVar[str] = "3"
    cached_on_disk: ClassVar[bool] = True
    Config = WorldConfig

    def __init__(self, world: World, docs: list[Document], index: TextIndex) -> None:
        self.world = world
        self.docs = docs  # text kept only in the index; here kind, facts, about
        self.index = index
        self.by_id = {d.id: d for d in docs}
        #: fact id -> ids of the documents that state it (hidden; rewards only)
        self.fact_docs: dict[int, list[str]] = {}
        for doc in docs:
            for fact in doc.facts:
                self.fact_docs.setdefault(fact, []).append(doc.id)
        self._pages: dict[str, list[str]] = {}
        for doc in docs:
            if doc.kind == "page":
                self._pages.setdefault(doc.about, []).append(doc.id)
        self._names_by_kind: dict[str, dict[str, list[str]]] | None = None
        self._by_kind: dict[str, list[Any]] | None = None

    @classmethod
    def build(cls, config: WorldConfig, cache_dir: Path | None) -> SearchWorld:
        if cache_dir is None:
            raise ValueError("a search world needs a cache folder")
        marker = cache_dir / "facts.pkl"
        if not marker.exists():
            world = generate(config)
            docs = render(world, config.seed, reprints=config.near_duplicates)
            write_index(cache_dir, [d.id for d in docs], [d.title for d in docs],
                        [d.date for d in docs], [d.text for d in docs])
            for doc in docs:
                doc.text = ""
            tmp = marker.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps((world, docs), protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(marker)
        world, docs = pickle.loads(marker.read_bytes())
        return cls(world, docs, TextIndex(cache_dir))

    # --- what tools and rewards ask ---------------------------------------------

    def exists(self, doc_id: str) -> bool:
        return doc_id in self.by_id

    def docs_for(self, fact_id: int) -> list[str]:
        return self.fact_docs.get(fact_id, [])

    def pages_of(self, entity_id: str) -> list[str]:
        return self._pages.get(entity_id, [])

    def by_kind(self) -> dict[str, list[Any]]:
        """kind -> entities of that kind, in id order (computed once)."""
        if self._by_kind is None:
            table: dict[str, list[Any]] = {}
            for entity in self.world.entities.values():
                table.setdefault(entity.kind, []).append(entity)
            self._by_kind = table
        return self._by_kind

    def names_by_kind(self) -> dict[str, dict[str, list[str]]]:
        """kind -> normalised name -> entity ids: for telling one answer from a list."""
        if self._names_by_kind is None:
            table: dict[str, dict[str, list[str]]] = {}
            for entity in self.world.entities.values():
                table.setdefault(entity.kind, {}).setdefault(normalize(entity.name), []).append(
                    entity.id
                )
            self._names_by_kind = table
        return self._names_by_kind
