"""An optional compiled search kernel for large indexes (used when numba is installed).

The numpy path scores a query with a few vectorised passes over the posting lists and
picks the top k among the touched documents; at 100k documents those passes cost more
than bm25s's own numba backend. This kernel does the same work in two compiled passes
over the posting lists and keeps the k best in a small sorted buffer; its score buffer is
allocated once per thread and index size, and cleared as the kernel reads it. It adds the
same float32 values in the same order (token by token, in query order) and breaks ties
the same way (lower document number first), so its rankings are identical to the numpy
path's; the tests check it.

It is compiled once per machine (`cache=True` keeps the machine code on disk) and only
for indexes of `MIN_DOCUMENTS` or more, so small worlds never pay numba's import or
compile time.
"""

from __future__ import annotations

import importlib.util
import threading
from typing import Any

import numpy as np

MIN_DOCUMENTS = 20_000



def _kernel(data, indices, indptr, tokens, scores, k, out_docs, out_scores):
    """Score into `scores` (all zeros on entry and again on exit), keep the k best.

    Two passes over the query tokens' posting lists: the first adds the weights, the
    second reads each touched document's total once (then zeroes it, so a document in
    several lists is considered once) and keeps it if it ranks among the k best. Reading
    the posting lists again in order is cheaper than keeping a list of touched documents.
    """
    for t in tokens:
        for j in range(indptr[t], indptr[t + 1]):
            scores[indices[j]] += data[j]
    filled = 0
    for t in tokens:
        for j in range(indptr[t], indptr[t + 1]):
            doc = indices[j]
            s = scores[doc]
            if s == 0.0:
                continue  # already considered (or scores nothing)
            scores[doc] = 0.0  # leave the buffer clean for the next query
            if s < 0.0:
                continue
            if filled == k:
                last_s, last_d = out_scores[k - 1], out_docs[k - 1]
                if s < last_s or (s == last_s and doc > last_d):
                    continue
                position = k - 1
            else:
                position = filled
                filled += 1
            while position > 0 and (out_scores[position - 1] < s or (
                    out_scores[position - 1] == s and out_docs[position - 1] > doc)):
                out_scores[position] = out_scores[position - 1]
                out_docs[position] = out_docs[position - 1]
                position -= 1
            out_scores[position] = s
            out_docs[position] = doc
    return filled


_compiled: Any = None


def available() -> bool:
    """Whether numba is installed (`pip install 'verticals[search-fast]'`); not imported."""
    return importlib.util.find_spec("numba") is not None


_buffers = threading.local()


def _scratch(n_docs: int) -> np.ndarray:
    """A per-thread score buffer, zeroed once and reused (the kernel leaves it zeroed)."""
    found = getattr(_buffers, "by_size", None)
    if found is None:
        found = _buffers.by_size = {}
    if n_docs not in found:
        found[n_docs] = np.zeros(n_docs, dtype=np.float32)
    return found[n_docs]


def search(data: np.ndarray, indices: np.ndarray, indptr: np.ndarray, tokens: list[int],
           n_docs: int, k: int) -> list[tuple[int, float]]:
    """Top `k` (document number, score) by (score desc, number asc), compiled."""
    global _compiled
    if _compiled is None:
        from numba import njit

        _compiled = njit(cache=True, nogil=True)(_kernel)
    scores = _scratch(n_docs)
    out_docs = np.empty(k, dtype=np.int64)  # the kernel reads only what it wrote
    out_scores = np.empty(k, dtype=np.float32)
    filled = _compiled(data, indices, indptr, np.asarray(tokens, dtype=np.int64), scores,
                       k, out_docs, out_scores)
    return list(zip(out_docs[:filled].tolist(), out_scores[:filled].tolist(), strict=True))
