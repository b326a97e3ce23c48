"""Ranks under the shared BM25 index: of gold documents for queries, and of a document
whose text gains a retrieval context (for search/query-v0 and search/prepare-v0).

The context case scores the augmented document with the index's own statistics (document
frequencies, average length, k1, b, lucene idf) instead of re-indexing: the rest of the
collection keeps its indexed scores, so one rank costs one query.
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

from verticals.tasks.search.index import TextIndex, tokenize

#: Ranks past this one earn nothing.
DEPTH = 10


def best_rank(index: TextIndex, queries: Sequence[str], gold: Iterable[str],
              depth: int = DEPTH) -> int | None:
    """The best (1-based) rank any query gives a gold document within `depth`, or None."""
    wanted = {index.position[g] for g in gold if g in index.position}
    best = None
    for query in queries:
        for rank, (i, _) in enumerate(index.search(query, depth), 1):
            if i in wanted:
                best = rank if best is None else min(best, rank)
                break
    return best


def hop_scores(index: TextIndex, queries: Sequence[str], hops: Sequence[Sequence[str]],
               depth: int = DEPTH) -> list[float]:
    """Reciprocal rank of each hop's best document (0 when beyond `depth`)."""
    out = []
    for hop in hops:
        rank = best_rank(index, queries, hop, depth)
        out.append(1.0 / rank if rank else 0.0)
    return out


#: Token counts of recently scored documents, per index; weak, so a released world goes.
_COUNTS: weakref.WeakKeyDictionary[TextIndex, dict[int, Counter[str]]] = (
    weakref.WeakKeyDictionary())


def _document_counts(index: TextIndex, position: int) -> Counter[str]:
    """The token counts of one document (cached: a context's scoring asks many times)."""
    cache = _COUNTS.setdefault(index, {})
    counts = cache.get(position)
    if counts is None:
        if len(cache) >= 256:
            cache.clear()
        counts = cache[position] = Counter(
            tokenize(index.titles[position] + " " + index.text(position)))
    return counts


_AVGDL: weakref.WeakKeyDictionary[TextIndex, float] = weakref.WeakKeyDictionary()


def _average_length(index: TextIndex) -> float:
    """The index's mean document length (cached: a mean over every document)."""
    avgdl = _AVGDL.get(index)
    if avgdl is None:
        avgdl = _AVGDL[index] = float(np.mean(index.lengths)) if len(index) else 1.0
    return avgdl


def augmented_score(index: TextIndex, position: int, query: str, extra: Sequence[str]) -> float:
    """BM25 score of document `position` for `query` with the tokens `extra` appended."""
    doc_tokens = _document_counts(index, position)
    added = Counter(extra)
    n = len(index)
    lengths = index.lengths
    avgdl = _average_length(index)
    dl = int(lengths[position]) + sum(added.values())
    total = 0.0
    for token in tokenize(query):
        tf = doc_tokens.get(token, 0) + added.get(token, 0)
        if tf == 0:
            continue
        token_id = index.vocab.get(token)
        df = index.document_frequency(token_id) if token_id is not None else 0
        if doc_tokens.get(token, 0) == 0:
            df += 1  # the document now holds it
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        total += idf * tf / (tf + index.k1 * (1 - index.b + index.b * dl / avgdl))  # lucene
    return total


def rank_with_context(index: TextIndex, position: int, query: str, extra: Sequence[str]) -> int:
    """Rank of document `position` for `query` once `extra` tokens are added to it."""
    return ranks_with_contexts(index, position, query, [extra])[0]


def ranks_with_contexts(index: TextIndex, position: int, query: str,
                        extras: Sequence[Sequence[str]]) -> list[int]:
    """Ranks of document `position` for `query` under each context of `extras` (the rest
    of the collection is scored once)."""
    mine = [augmented_score(index, position, query, extra) for extra in extras]
    if all(m <= 0 for m in mine):
        return [len(index) + 1] * len(extras)
    others = index.scores(query).astype(np.float64)
    others[position] = -1.0
    out = []
    for m in mine:
        if m <= 0:
            out.append(len(index) + 1)
            continue
        above = int(np.count_nonzero(others > m + 1e-6))
        tied = int(np.count_nonzero(np.abs(others[:position] - m) <= 1e-6))
        out.append(above + tied + 1)
    return out
