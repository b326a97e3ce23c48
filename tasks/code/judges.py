"""Special judges: for tasks where several answers are right, a host-side check of one
submitted answer against the task's inputs. They read decoded JSON data only and never
raise on odd input (anything unexpected is simply wrong)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def topological_order(args: list[Any], got: Any) -> bool:
    """`got` lists every node 0..n-1 once, each edge [u, v] with u before v; or [] iff
    the graph has a cycle (decided here, not taken on trust)."""
    n, edges = args[0], args[1]
    if not isinstance(got, list) or not all(type(x) is int for x in got):
        return False
    if got == []:
        return n > 0 and _has_cycle(n, edges)
    if sorted(got) != list(range(n)):
        return False
    where = {v: i for i, v in enumerate(got)}
    return all(where[a] < where[b] for a, b in edges)


def _has_cycle(n: int, edges: list[list[int]]) -> bool:
    indeg = [0] * n
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        adj[a].append(b)
        indeg[b] += 1
    ready = [v for v in range(n) if indeg[v] == 0]
    seen = 0
    while ready:
        u = ready.pop()
        seen += 1
        for v in adj[u]:
            indeg[v] -= 1
            if indeg[v] == 0:
                ready.append(v)
    return seen < n


JUDGES: dict[str, Callable[[list[Any], Any], bool]] = {
    "topological_order": topological_order,
}
