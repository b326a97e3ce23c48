"""Time limits derived from the reference solution's own cost.

Each test's budget is max(floor, factor x the reference's time on that test), measured
here, on the host, by calling the reference (trusted code of ours) on the test's inputs.
Measured once per task per process; the task itself holds no wall-clock figure, so tasks
stay identical byte for byte on every machine.
"""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

_CACHE: OrderedDict[str, list[float]] = OrderedDict()
_CACHE_SIZE = 512
_FUNCTIONS: dict[str, Callable[..., Any]] = {}


def _compiled(solution: str, entry: str) -> Callable[..., Any]:
    key = entry + "\0" + solution
    fn = _FUNCTIONS.get(key)
    if fn is None:
        namespace: dict[str, Any] = {}
        exec(compile(solution, f"<reference {entry}>", "exec"), namespace)
        fn = _FUNCTIONS[key] = namespace[entry]
    return fn


def reference_seconds(
    key: str, solution: str, entry: str, args: Sequence[list[Any]]
) -> list[float]:
    """Seconds the reference takes on each test's arguments (cached under `key`)."""
    cached = _CACHE.get(key)
    if cached is not None and len(cached) == len(args):
        _CACHE.move_to_end(key)
        return cached
    fn = _compiled(solution, entry)
    out = []
    for a in args:
        fresh = json.loads(json.dumps(a))
        start = time.perf_counter()
        fn(*fresh)
        out.append(time.perf_counter() - start)
    _CACHE[key] = out
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return out


def budgets(seconds: Sequence[float], factor: float, floor: float) -> list[float]:
    return [max(floor, factor * s) for s in seconds]
