"""Ranks under the shared BM25 index: of gold documents for queries, and of a document
whose text gains a retrieval context (for search/query-v0 and search/prepare-v0).

The context case scores the augmented document with the index's own statistics (document
frequencies, average length, k1, b, lucene idf) instead of re-indexing: the rest of the
collection keeps its indexed scores, so one rank costs one query.
"""

from __future__ import annotations

import math
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


def augmented_score(index: TextIndex, position: int, query: str, extra: Sequence[str]) -> float:
    """BM25 score of document `position` for `query` with the tokens `extra` appended."""
    doc_tokens = Counter(tokenize(index.titles[position] + " " + index.text(position)))
    added = Counter(extra)
    n = len(index)
    lengths = index.lengths
    avgdl = float(np.mean(lengths)) if n else 1.0
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
    mine = augmented_score(index, position, query, extra)
    if mine <= 0:
        return len(index) + 1
    others = index.scores(query).astype(np.float64)
    others[position] = -1.0
    above = int(np.count_nonzero(others > mine + 1e-6))
    tied = int(np.count_nonzero(np.abs(others[:position] - mine) <= 1e-6))
    return above + tied + 1
