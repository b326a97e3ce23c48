"""A BM25 index over a list of documents, built once, kept on disk, memory-mapped on load.

bm25s computes the BM25 weights (a sparse token x document matrix, saved as .npy files
that `BM25.load(mmap=True)` maps instead of reading). A query adds the columns of its
tokens, in query order, exactly as bm25s's scorer does; the top k is picked among the
documents of those posting lists, with ties broken by document number, so a ranking is
the same on every machine and for every k. bm25s's numba backend is not used: its first
query compiles for ~15 s in every process. Large indexes use our own small kernel
(`jit.py`) when numba is installed, compiled once per machine, with identical rankings."""

from __future__ import annotations

import json
import mmap
import os
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from verticals.tasks.search import jit

TOKEN = re.compile(r"[a-z0-9]+")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "by",
        "did",
        "do",
        "does",
        "don",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "how",
        "i",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
    ]
)
INDEX_FORMAT = "1"


def tokenize(text: str) -> list[str]:
    """Lower-case word tokens without stopwords; the same for documents and queries."""
    return [t for t in TOKEN.findall(text.lower()) if t not in STOPWORDS]


class TextIndex:
    """Documents (id, title, date, text) and their BM25 index, read from one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        meta = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
        self.ids: list[str] = meta["ids"]
        self.titles: list[str] = meta["titles"]
        self.dates: list[str] = meta["dates"]
        self.position = {doc_id: i for i, doc_id in enumerate(self.ids)}
        self._offsets = np.load(folder / "offsets.npy").tolist()
        self._texts: mmap.mmap | bytes = b""
        if (folder / "texts.bin").stat().st_size:
            with (folder / "texts.bin").open("rb") as handle:
                self._texts = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self.lengths = np.load(folder / "lengths.npy", mmap_mode="r")
        self.retriever = bm25s.BM25.load(str(folder / "bm25"), mmap=True)
        self.vocab: dict[str, int] = self.retriever.vocab_dict
        matrix = self.retriever.scores
        # plain ndarray views of the memory maps: slicing a np.memmap costs more
        self._data, self._indices, self._indptr = (
            np.asarray(matrix["data"]), np.asarray(matrix["indices"]),
            np.asarray(matrix["indptr"]))
        #: whether searches run the compiled kernel (large indexes, numba installed)
        self.compiled = jit.available() and len(self.ids) >= jit.MIN_DOCUMENTS
        self.k1 = float(self.retriever.k1)
        self.b = float(self.retriever.b)

    def __len__(self) -> int:
        return len(self.ids)

    def text(self, index: int) -> str:
        return self._texts[self._offsets[index] : self._offsets[index + 1]].decode("utf-8")

    def token_ids(self, query: str) -> list[int]:
        return [self.vocab[t] for t in tokenize(query) if t in self.vocab]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for `query` (zeros when no word is known).

        The sum of the query tokens' columns of bm25s's precomputed score matrix, added
        token by token in query order (as bm25s does), but with one vectorised add per
        token (a column holds each document once) instead of bm25s's `np.add.at`.
        """
        scores = np.zeros(len(self.ids), dtype=np.float32)
        data, indices, indptr = self._data, self._indices, self._indptr
        for token in self.token_ids(query):
            start, end = indptr[token], indptr[token + 1]
            scores[indices[start:end]] += data[start:end]
        return scores

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Top `k` (document number, score), best first; ties go to the lower number.

        Only documents in the query tokens' posting lists can score, so the top k is
        picked among those (a few percent of a large collection) rather than among all.
        """
        return self.search_ids(self.token_ids(query), k)

    def search_ids(self, tokens: list[int], k: int) -> list[tuple[int, float]]:
        """`search` for a query already turned into token ids (the tool step's path)."""
        if not tokens or k <= 0:
            return []
        data, indices, indptr = self._data, self._indices, self._indptr
        if self.compiled:
            return jit.search(data, indices, indptr, tokens, len(self.ids), k)
        if len(tokens) == 1:
            start, end = indptr[tokens[0]], indptr[tokens[0] + 1]
            return top_k_of(np.asarray(indices[start:end]), np.asarray(data[start:end]), k)
        scores = np.zeros(len(self.ids), dtype=np.float32)
        postings = []
        for token in tokens:
            start, end = indptr[token], indptr[token + 1]
            found = indices[start:end]
            scores[found] += data[start:end]
            postings.append(found)
        candidates = np.concatenate(postings)
        return top_k_of(candidates, scores[candidates], k, copies=len(tokens))

    def document_frequency(self, token_id: int) -> int:
        indptr = self.retriever.scores["indptr"]
        return int(indptr[token_id + 1] - indptr[token_id])


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The best `k` positive scores, ordered by (score desc, position asc)."""
    candidates = np.flatnonzero(scores > 0)
    return top_k_of(candidates, scores[candidates], k)


def top_k_of(candidates: np.ndarray, values: np.ndarray, k: int,
             copies: int = 1) -> list[tuple[int, float]]:
    """The best `k` positive (candidate, value) pairs, by (value desc, candidate asc).

    A candidate may be listed up to `copies` times (once per query token that holds it),
    always with the same value: the (k x copies)-th largest listed value is then at most
    the k-th largest distinct one, so cutting there keeps every document that can rank.
    """
    if len(candidates) == 0 or k <= 0:
        return []
    keep_top = k * copies
    if len(candidates) > keep_top:
        cut = len(values) - keep_top
        threshold = np.partition(values, cut)[cut]
        keep = values >= threshold  # ties with the cut stay in the running
        candidates, values = candidates[keep], values[keep]
    if copies > 1:
        candidates, first = np.unique(candidates, return_index=True)
        values = values[first]
    positive = values > 0
    candidates, values = candidates[positive], values[positive]
    order = np.lexsort((candidates, -values))[:k]
    return [(int(candidates[i]), float(values[i])) for i in order]


def write_index(
    folder: Path,
    ids: Sequence[str],
    titles: Sequence[str],
    dates: Sequence[str],
    texts: Sequence[str],
) -> None:
    """Tokenise and index `texts` (titles included) into `folder`, written atomically."""
    tmp = folder.with_name(f"{folder.name}.tmp-{os.getpid()}")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    tokens = [tokenize(f"{title} {text}") for title, text in zip(titles, texts, strict=True)]
    retriever = bm25s.BM25(k1=1.2, b=0.75, method="lucene")
    retriever.index(tokens, show_progress=False)
    retriever.save(str(tmp / "bm25"), show_progress=False)
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    (tmp / "texts.bin").write_bytes(b"".join(encoded))
    np.save(tmp / "offsets.npy", offsets)
    np.save(tmp / "lengths.npy", np.array([len(t) for t in tokens], dtype=np.int32))
    meta = {"format": INDEX_FORMAT, "ids": list(ids), "titles": list(titles), "dates": list(dates)}
    (tmp / "documents.json").write_text(json.dumps(meta), encoding="utf-8")
    if folder.exists():
        shutil.rmtree(folder)
    os.replace(tmp, folder)
