"""Search episodes: the agent calls search(query, k) and open(doc_id, page), then answers.

The index (a generated world's, or a user's corpus) is a shared resource from the pool;
an episode holds only a reference to it and the list of documents it opened.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field

from verticals.env import MultiTurnConfig, TextEnv
from verticals.tasks.search.corpus import CorpusIndex, CorpusIndexConfig
from verticals.tasks.search.index import TextIndex, tokenize
from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import WorldConfig
from verticals.tools import Tool, ToolError
from verticals.types import Task

PAGE_CHARS = 1500
SNIPPET_CHARS = 220
MAX_K = 20


class SearchEpisodeConfig(MultiTurnConfig):
    max_turns: int = Field(default=24, ge=1, le=1000, description="Agent messages per episode.")
    max_tool_calls: int = Field(default=60, ge=0, le=10_000, description="Tool calls per episode.")


def snippet(text: str, words: list[str]) -> str:
    """The sentence of `text` holding the most of `words` (then the longest).

    Words are matched as lower-case substrings: a snippet is a hint, and this is the
    hot path of every search step.
    """
    flat = text.replace("\n", " ")
    sentences, lowered = flat.split(". "), flat.lower().split(". ")
    if len(lowered) != len(sentences):  # lower-casing changed the text's shape
        lowered = [sentence.lower() for sentence in sentences]
    best, best_hits, best_length = 0, -1, -1
    for i, low in enumerate(lowered):  # the first of the best (most words, then longest)
        hits = sum(map(low.__contains__, words))
        if hits > best_hits or (hits == best_hits and len(low) > best_length):
            best, best_hits, best_length = i, hits, len(low)
    chosen = sentences[best].strip()
    return chosen if len(chosen) <= SNIPPET_CHARS else chosen[: SNIPPET_CHARS - 1] + "…"


class FastTool(Tool):
    """A tool whose arguments are checked by hand-written code, not jsonschema.

    The search step is the hot path of this vertical; a generic JSON Schema validation
    cost more than the BM25 query itself. `checker` returns the same kind of message.
    """

    def __init__(self, checker: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._checker = checker

    def check_arguments(self, arguments: dict[str, Any]) -> str | None:
        problem = self._checker(arguments)
        return f"invalid arguments for '{self.name}': {problem}" if problem else None


def _check(arguments: dict[str, Any], strings: dict[str, int], integers: dict[str, tuple],
           required: str) -> str | None:
    if required not in arguments:
        return f"'{required}' is a required property"
    for key, value in arguments.items():
        if key in strings:
            if not isinstance(value, str):
                return f"'{key}' must be a string"
            if len(value) > strings[key]:
                return f"'{key}' is longer than {strings[key]} characters"
        elif key in integers:
            low, high = integers[key]
            if not isinstance(value, int) or isinstance(value, bool):
                return f"'{key}' must be an integer"
            if value < low or (high is not None and value > high):
                return f"'{key}' must be between {low} and {high or 'any'} (maximum {high})"
        else:
            return f"unexpected argument '{key}'"
    return None


class SearchTools:
    """search and open over one index; shared by every search env."""

    def __init__(self, index: TextIndex) -> None:
        self.index = index

    def search(self, query: str, k: int = 5) -> str:
        if not query.strip():
            raise ToolError("the query is empty")
        idx = self.index
        words = tokenize(query[:1000])  # once, for the query and the snippets
        vocab = idx.vocab
        hits = idx.search_ids([vocab[w] for w in words if w in vocab], min(max(k, 1), MAX_K))
        if not hits:
            return "No documents match this query."
        ids, titles, dates, text = idx.ids, idx.titles, idx.dates, idx.text
        return "\n".join(f"{rank}. [{ids[i]}] {titles[i]} ({dates[i]})\n"
                         f"   {snippet(text(i), words)}" for rank, (i, _) in enumerate(hits, 1))

    def open(self, doc_id: str, page: int = 1) -> str:
        i = self.index.position.get(doc_id.strip().strip("[]"))
        if i is None:
            raise ToolError(f"no document has the id {doc_id[:40]!r}")
        text = self.index.text(i)
        pages = max(1, -(-len(text) // PAGE_CHARS))
        if not 1 <= page <= pages:
            raise ToolError(f"page {page} does not exist; the document has {pages} page(s)")
        body = text[(page - 1) * PAGE_CHARS: page * PAGE_CHARS]
        idx = self.index
        return f"[{idx.ids[i]}] {idx.titles[i]} ({idx.dates[i]}), page {page} of {pages}\n\n{body}"

    def tools(self, run_search: Any, run_open: Any) -> list[Tool]:
        return [
            FastTool(
                checker=lambda a: _check(a, {"query": 1000}, {"k": (1, MAX_K)}, "query"),
                name="search",
                description="Search the document collection; returns the k best documents "
                            "(id, title, date, a snippet), best first.",
                parameters={
                    "type": "object",
                    "properties": {
                        "query": {"type": "string", "maxLength": 1000},
                        "k": {"type": "integer", "minimum": 1, "maximum": MAX_K, "default": 5},
                    },
                    "required": ["query"],
                    "additionalProperties": False,
                },
                run=run_search,
            ),
            FastTool(
                checker=lambda a: _check(a, {"doc_id": 64}, {"page": (1, None)}, "doc_id"),
                name="open",
                description=f"Show a document's text, {PAGE_CHARS} characters a page.",
                parameters={
                    "type": "object",
                    "properties": {
                        "doc_id": {"type": "string", "maxLength": 64},
                        "page": {"type": "integer", "minimum": 1, "default": 1},
                    },
                    "required": ["doc_id"],
                    "additionalProperties": False,
                },
                run=run_open,
            ),
        ]


class SearchEnv(TextEnv):
    """Multi-turn question answering over a shared generated world."""

    Config = SearchEpisodeConfig

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._backend: Any = None
        self._tools_impl: SearchTools | None = None
        self._opened: list[str] = []
        self._searches = 0
        super().__init__(*args, **kwargs)

    def tools(self) -> list[Tool]:
        return SearchTools.tools(self, self._search, self._open)  # type: ignore[arg-type]

    def load_backend(self, task: Task) -> Any:
        """The shared resource behind the tools (it has an `index`)."""
        return self.resources.get(SearchWorld, WorldConfig(**task.reference["world"]))

    def on_reset(self, task: Task) -> None:
        self._backend = self.load_backend(task)
        self._tools_impl = SearchTools(self._backend.index)
        self._opened = []
        self._searches = 0

    def on_release(self) -> None:
        self._backend = None
        self._tools_impl = None

    def _search(self, query: str, k: int = 5) -> str:
        if self._tools_impl is None:
            raise ToolError("no episode is running")
        self._searches += 1
        return self._tools_impl.search(query, k)

    def _open(self, doc_id: str, page: int = 1) -> str:
        if self._tools_impl is None:
            raise ToolError("no episode is running")
        result = self._tools_impl.open(doc_id, page)
        self._opened.append(doc_id)
        return result

    def end_state(self) -> dict[str, Any]:
        return {"opened": list(self._opened), "searches": self._searches}

    def live_world(self) -> Any:
        return self._backend


class CorpusEnv(SearchEnv):
    """The same tools over a user's own documents; bad files fail here, naming the row."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source.load(self._source_config)  # type: ignore[attr-defined]

    def load_backend(self, task: Task) -> Any:
        return self.resources.get(CorpusIndex, CorpusIndexConfig(**task.reference["corpus"]))


class RetrievalStepEnv(TextEnv):
    """A single-turn pipeline step (write queries, write a context) over a shared world.

    No tools: the reward runs the agent's text against the world's index, which the env
    hands it as the live world.
    """

    #: The answer is a list of queries (query-v0) or a context text (prepare-v0), not a
    #: claim: a second copy of it contradicts nothing, it only adds queries or words.
    #: What the probe guards against is bounded by the reward instead: at most 5 queries
    #: of 24 words (query-v0), at most 40 context words, each counted once, priced by
    #: the decoy questions they pull the page up for (prepare-v0);
    #: tests/search/test_search_pipeline.py plays both kinds of stuffing.
    conformance_exemptions: ClassVar[dict[str, str]] = {
        "contradiction": "the answer is a list of search queries or a retrieval context, "
                         "not a claim; stuffing is bounded by the query cap (5 x 24 words) "
                         "and the 40-word context budget instead",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._backend: Any = None
        super().__init__(*args, **kwargs)

    def on_reset(self, task: Task) -> None:
        self._backend = self.resources.get(SearchWorld, WorldConfig(**task.reference["world"]))

    def on_release(self) -> None:
        self._backend = None

    def live_world(self) -> Any:
        return self._backend
