"""`search/corpus-v0`: the search tools and rewards over a user's own documents and questions.

Documents: JSON lines with an `id` and a text (`text`, `contents`, `paragraph_text` or
`body`), and optionally a `title`. Questions: JSON lines in the usual shapes —
- NQ-like: `question`, `answer` (a string) or `answers` (a list of aliases);
- HotpotQA-like: plus `supporting_facts` as `[[title, sentence], ...]` (titles name
  documents);
- MuSiQue-like: plus `answer_aliases`, `answerable` (false: the right answer is to
  abstain) and `paragraphs` as `[{"title", "is_supporting"}, ...]`;
- or plain gold evidence ids in `supporting_ids` (or `evidence`).
A file that cannot be read fails when the env is made, naming the file, row and field.
Question `seed` plays row `seed mod rows`. The index is built once per documents file
(keyed by its content digest) and cached like a world's.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any, ClassVar

from pydantic import Field

from verticals.errors import TaskFileError
from verticals.generators import Draft, SourceConfig, TaskSource
from verticals.resources import Resource, ResourceConfig
from verticals.tasks.search.index import TextIndex, write_index
from verticals.toolcalls import format_text_call

TEXT_FIELDS = ("text", "contents", "paragraph_text", "body")
ID_FIELDS = ("id", "_id", "doc_id")
MAX_DOCUMENTS = 2_000_000

INSTRUCTIONS = """\
Answer the question below by searching a document collection. Tools: search(query, k) \
lists the best matching documents (id, title, date, snippet); open(doc_id, page) shows a \
document's text.

When you are done, reply without a tool call. The reply must contain one line of the form
Answer: <answer> [doc-id] [doc-id]
citing in square brackets the id of each document your answer rests on; cite only those. \
If the collection does not answer the question, write "Answer: insufficient information"."""


def _sample(name: str) -> str:
    return str(importlib_resources.files("verticals.tasks.search") / "data" / name)


def documents_path(given: str) -> Path:
    """The documents file a config names ('' = the bundled sample)."""
    return Path(given) if given else Path(_sample("sample_documents.jsonl"))


class CorpusConfig(SourceConfig):
    documents: str = Field(default="", description="JSON lines of documents ('' = bundled sample).")
    questions: str = Field(default="", description="JSON lines of questions ('' = bundled sample).")


def _rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise TaskFileError(f"{path}: no such file")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise TaskFileError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
            if not isinstance(row, dict):
                raise TaskFileError(f"{path}:{number}: a row must be a JSON object")
            rows.append((number, row))
    if not rows:
        raise TaskFileError(f"{path}: no rows")
    return rows


def _first(row: dict[str, Any], fields: tuple[str, ...]) -> Any:
    return next((row[f] for f in fields if f in row), None)


def read_documents(path: Path) -> list[tuple[str, str, str]]:
    """(id, title, text) per row; a bad row raises TaskFileError naming it."""
    docs, seen = [], set()
    for number, row in _rows(path):
        doc_id, text = _first(row, ID_FIELDS), _first(row, TEXT_FIELDS)
        where = f"{path}:{number}"
        if not isinstance(doc_id, str | int) or isinstance(doc_id, bool) or str(doc_id) == "":
            raise TaskFileError(f"{where}: needs a non-empty 'id' (string or integer)")
        doc_id = str(doc_id)
        if any(c in doc_id for c in "[] \t\n"):
            raise TaskFileError(f"{where}: id {doc_id!r} has brackets or spaces (cannot be cited)")
        if doc_id in seen:
            raise TaskFileError(f"{where}: duplicate id {doc_id!r}")
        if not isinstance(text, str) or not text.strip():
            raise TaskFileError(f"{where}: needs a non-empty text in one of {TEXT_FIELDS}")
        title = row.get("title", "")
        if not isinstance(title, str):
            raise TaskFileError(f"{where}: 'title' must be a string")
        seen.add(doc_id)
        docs.append((doc_id, title, text))
        if len(docs) > MAX_DOCUMENTS:
            raise TaskFileError(f"{path}: more than {MAX_DOCUMENTS} documents")
    return docs


@dataclass
class CorpusQuestion:
    question: str
    aliases: list[str]
    answerable: bool
    evidence: list[str]


def _strings(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def read_questions(path: Path, docs: list[tuple[str, str, str]]) -> list[CorpusQuestion]:
    """Questions in NQ, HotpotQA or MuSiQue-like shapes; a bad row raises naming it."""
    ids = {d[0] for d in docs}
    by_title: dict[str, list[str]] = {}
    for doc_id, title, _ in docs:
        by_title.setdefault(title, []).append(doc_id)
    out = []
    for number, row in _rows(path):
        where = f"{path}:{number}"
        question = row.get("question")
        if not isinstance(question, str) or not question.strip():
            raise TaskFileError(f"{where}: needs a non-empty 'question'")
        answerable = row.get("answerable", True)
        if not isinstance(answerable, bool):
            raise TaskFileError(f"{where}: 'answerable' must be true or false")
        aliases: list[str] = []
        for name in ("answer", "answers", "answer_aliases"):
            if name in row:
                found = _strings(row[name])
                if found is None:
                    raise TaskFileError(f"{where}: '{name}' must be a string or a list of strings")
                aliases += [a.strip() for a in found if a.strip()]
        if answerable and not aliases:
            raise TaskFileError(f"{where}: an answerable question needs 'answer' or 'answers'")
        evidence = _evidence(row, where, ids, by_title)
        out.append(CorpusQuestion(question.strip(), list(dict.fromkeys(aliases)), answerable,
                                  evidence))
    return out


def _evidence(row: dict[str, Any], where: str, ids: set[str],
              by_title: dict[str, list[str]]) -> list[str]:
    evidence: list[str] = []
    for name in ("supporting_ids", "evidence"):
        if name in row:
            found = _strings(row[name]) if not isinstance(row[name], str) else None
            if found is None:
                raise TaskFileError(f"{where}: '{name}' must be a list of document ids")
            evidence += found
    titles: list[str] = []
    if "supporting_facts" in row:
        facts = row["supporting_facts"]
        if not isinstance(facts, list) or not all(
            isinstance(f, list) and f and isinstance(f[0], str) for f in facts
        ):
            raise TaskFileError(f"{where}: 'supporting_facts' must be [[title, sentence], ...]")
        titles += [f[0] for f in facts]
    if "paragraphs" in row:
        paragraphs = row["paragraphs"]
        if not isinstance(paragraphs, list) or not all(isinstance(p, dict) for p in paragraphs):
            raise TaskFileError(f"{where}: 'paragraphs' must be a list of objects")
        titles += [p.get("title", "") for p in paragraphs if p.get("is_supporting")]
    for title in titles:
        if title not in by_title:
            raise TaskFileError(f"{where}: supporting title {title!r} names no document")
        evidence += by_title[title]
    for doc_id in evidence:
        if doc_id not in ids:
            raise TaskFileError(f"{where}: evidence id {doc_id!r} is not a document id")
    return list(dict.fromkeys(evidence))


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


class CorpusIndexConfig(ResourceConfig):
    path: str
    digest: str


class CorpusIndex(Resource[CorpusIndexConfig]):
    """A user's documents and their BM25 index, cached by the file's content digest."""

    kind: ClassVar[str] = "search-corpus"
    version: ClassVar[str] = "1"
    cached_on_disk: ClassVar[bool] = True
    Config = CorpusIndexConfig

    def __init__(self, index: TextIndex) -> None:
        self.index = index

    @classmethod
    def build(cls, config: CorpusIndexConfig, cache_dir: Path | None) -> CorpusIndex:
        if cache_dir is None:
            raise ValueError("a corpus index needs a cache folder")
        if not (cache_dir / "documents.json").exists():
            path = documents_path(config.path)
            if file_digest(path) != config.digest:
                raise TaskFileError(f"{path}: changed since the task was made (digest differs)")
            docs = read_documents(path)
            write_index(cache_dir, [d[0] for d in docs], [d[1] for d in docs],
                        [""] * len(docs), [d[2] for d in docs])
        return cls(TextIndex(cache_dir))

    def exists(self, doc_id: str) -> bool:
        return doc_id in self.index.position


@dataclass
class LoadedCorpus:
    index_config: CorpusIndexConfig
    questions: list[CorpusQuestion]


class Corpus(TaskSource):
    """One task per question row; the index is a shared resource."""

    name = "search/corpus"
    version = "1"
    Config = CorpusConfig

    def __init__(self, resources: Any = None) -> None:
        super().__init__(resources)
        self._loaded: dict[tuple[str, str], LoadedCorpus] = {}

    def load(self, config: CorpusConfig) -> LoadedCorpus:
        """Read and check both files (once per config); errors name the row."""
        docs_path = documents_path(config.documents)
        questions_path = Path(config.questions or _sample("sample_questions.jsonl"))
        key = (str(docs_path), str(questions_path))
        if key not in self._loaded:
            docs = read_documents(docs_path)
            questions = read_questions(questions_path, docs)
            # the path as given ('' = the bundled sample), so that tasks name no folder
            # of this machine; the digest ties the index to the file's content
            index_config = CorpusIndexConfig(path=config.documents,
                                             digest=file_digest(docs_path))
            self._loaded[key] = LoadedCorpus(index_config, questions)
        return self._loaded[key]

    def draft(self, seed: int, config: CorpusConfig) -> Draft:
        loaded = self.load(config)
        row = seed % len(loaded.questions)
        q = loaded.questions[row]
        answer = q.aliases[0] if q.answerable else "insufficient information"
        cites = " ".join(f"[{d}]" for d in q.evidence)
        rng = random.Random(f"{self.name}/{seed}")
        k = rng.choice((5, 8))
        return Draft(
            prompt=f"{INSTRUCTIONS}\n\nQuestion: {q.question}",
            reference={
                "type": "text" if q.answerable else "abstain", "answer": answer,
                "aliases": q.aliases, "hops": [[d] for d in q.evidence],
                "corpus": loaded.index_config.model_dump(),
            },
            oracle=[format_text_call("search", {"query": q.question, "k": k}),
                    f"Answer: {answer} {cites}".strip()],
            metadata={"row": row, "family": "corpus", "evidence": len(q.evidence)},
        )
