"""The search vertical at scale: tool step vs raw bm25s, build time, shared memory, oracle speed.

One run, one world of `--documents` documents (default 100,000):
- build: world generation, document rendering, and index build (tokenise + bm25s index
  + save), timed apart; then the time to load the cached world in a fresh pool.
- search: the `search` tool step of `search/multihop-v0` (parse the call, score, pick
  the top k, snippets, the observation) against a raw `retrieve` on the same bm25s index
  with bm25s's numba backend (its fastest; compile time excluded and reported), and its
  numpy backend for reference. Same queries (the oracle's), k = 5, one thread; the two
  alternate in blocks of 25 queries, 7 rounds, and the median round's ratio is reported
  with the range.
- memory: RSS of a process holding 1,000 live envs (each mid-episode) over one world.
- oracle: full oracle episodes per second on the big world and on a bench-sized one.

    pip install -e '.[bench-search]'         # numba, for the raw-query peer only
    python benchmarks/search.py [--documents 100000] [--queries 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import verticals
from verticals.resources import Resources
from verticals.tasks.search.documents import render
from verticals.tasks.search.index import write_index
from verticals.tasks.search.multihop import SearchConfig, world_config
from verticals.tasks.search.resource import SearchWorld
from verticals.tasks.search.world import generate
from verticals.toolcalls import format_text_call

clock = time.perf_counter


def build_times(config) -> dict[str, float]:
    """Generation, rendering and indexing of one world, timed apart (not cached)."""
    started = clock()
    world = generate(config)
    generated = clock()
    docs = render(world, config.seed, reprints=config.near_duplicates)
    rendered = clock()
    with tempfile.TemporaryDirectory() as tmp:
        write_index(Path(tmp) / "index", [d.id for d in docs], [d.title for d in docs],
                    [d.date for d in docs], [d.text for d in docs])
    indexed = clock()
    return {"documents": len(docs), "generate_s": generated - started,
            "render_s": rendered - generated, "index_s": indexed - rendered,
            "total_s": indexed - started}


def oracle_queries(env, count: int) -> list[str]:
    queries: list[str] = []
    seed = 0
    while len(queries) < count:
        env.reset(seed=seed)
        seed += 1
        for line in env.task.oracle[0].split("</tool_call>"):
            if "{" in line:
                queries.append(json.loads(line.split("<tool_call>", 1)[1])["arguments"]["query"])
    return queries[:count]


def per_query(fn, queries: list[str]) -> float:
    """Mean seconds per query of `fn` over `queries` (one pass)."""
    started = clock()
    for q in queries:
        fn(q)
    return (clock() - started) / len(queries)


def search_times(env, sw: SearchWorld, queries: list[str], rounds: int = 7,
                 block: int = 25) -> dict[str, float | None]:
    """Tool step vs raw queries, interleaved block by block; medians over the rounds.

    Each round walks the queries in blocks of `block`: the block as tool steps, then as
    raw numba queries, then through our scorer alone. Alternating in small blocks lets
    both sides share whatever else the machine is doing (a shared machine's load comes
    in bursts longer than a block). The tool step is timed around `env.step` only: the
    resets that keep the episode within its bounds are not counted.
    """
    import bm25s

    index = sw.index
    calls = [format_text_call("search", {"query": q, "k": 5}) for q in queries]
    ids = {q: [index.token_ids(q)] for q in queries}
    folder = str(index.folder / "bm25")

    def tool_steps(part: list[str]) -> float:
        spent = 0.0
        for call in part:
            if len(env._tool_calls) >= env.config.max_tool_calls - 1 or (
                    env._turn >= env.config.max_turns - 1):
                env.reset(seed=0)
            started = clock()
            env.step(call)
            spent += clock() - started
        return spent

    def total(fn, part: list[str]) -> float:
        started = clock()
        for q in part:
            fn(q)
        return clock() - started

    numpy_backend = bm25s.BM25.load(folder, mmap=True)
    out: dict[str, float | None] = {
        "compiled_kernel": float(index.compiled),
        "bm25s_numpy_s": per_query(
            lambda q: numpy_backend.retrieve(ids[q], k=5, show_progress=False, n_threads=0),
            queries[:50]),
    }
    numba_backend = None
    try:
        import numba  # noqa: F401

        numba_backend = bm25s.BM25.load(folder, mmap=True, backend="numba")
        started = clock()
        numba_backend.retrieve(ids[queries[0]], k=5, show_progress=False, n_threads=1)
        out["numba_compile_s"] = clock() - started
    except ImportError:
        out["numba_compile_s"] = None

    def raw(q: str) -> None:
        assert numba_backend is not None
        numba_backend.retrieve(ids[q], k=5, show_progress=False, n_threads=1)

    steps, ours, raws, ratios = [], [], [], []
    for _ in range(rounds):
        env.reset(seed=0)
        step_s = ours_s = raw_s = 0.0
        for start in range(0, len(queries), block):
            part = queries[start:start + block]
            step_s += tool_steps(calls[start:start + block])
            if numba_backend is not None:
                raw_s += total(raw, part)
            ours_s += total(lambda q: index.search(q, 5), part)
        steps.append(step_s / len(queries))
        ours.append(ours_s / len(queries))
        if numba_backend is not None:
            raws.append(raw_s / len(queries))
            ratios.append(raw_s / step_s)
    out["tool_step_s"] = statistics.median(steps)
    out["our_scorer_s"] = statistics.median(ours)
    out["bm25s_numba_s"] = statistics.median(raws) if raws else None
    out["step_vs_raw_numba"] = statistics.median(ratios) if ratios else None
    out["step_vs_raw_numba_range"] = [min(ratios), max(ratios)] if ratios else None
    return out


RSS_SCRIPT = r"""
import json, sys
import verticals
from verticals.resources import Resources

def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
pool = Resources(cache_dir=sys.argv[1])
config = json.loads(sys.argv[2])
base = rss()
first = verticals.make("search/multihop-v0", resources=pool, **config)
first.reset(seed=0)
one = rss()
envs = [first]
for i in range(1, int(sys.argv[3])):
    env = verticals.make("search/multihop-v0", resources=pool, **config)
    env.reset(seed=i)
    env.step('<tool_call>{"name": "search", "arguments": {"query": "founded", "k": 5}}</tool_call>')
    envs.append(env)
print(json.dumps({"before_world": base, "one_env": one, "all_envs": rss(), "envs": len(envs)}))
"""


def memory(cache: str, config: dict, envs: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, cache, json.dumps(config), str(envs)],
                         capture_output=True, text=True, check=True)
    found = json.loads(out.stdout.strip().splitlines()[-1])
    mib = 1 << 20
    return {"envs": found["envs"], "rss_before_world_mib": found["before_world"] / mib,
            "rss_world_and_one_env_mib": found["one_env"] / mib,
            "rss_all_envs_mib": found["all_envs"] / mib,
            "per_extra_env_kib": (found["all_envs"] - found["one_env"]) / (envs - 1) / 1024}


def oracle_rate(pool: Resources, config: dict, episodes: int) -> float:
    env = verticals.make("search/multihop-v0", resources=pool, **config)
    started = clock()
    for seed in range(episodes):
        env.reset(seed=seed)
        reward = 0.0
        for action in env.task.oracle:
            _, reward, *_ = env.step(action)
        if reward != 1.0:
            raise AssertionError(f"oracle scored {reward} on seed {seed}")
    return episodes / (clock() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--envs", type=int, default=1000)
    parser.add_argument("--cache", help="cache folder to reuse (default: a fresh temporary one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    config = {"difficulty": 5, "documents": args.documents}
    wc = world_config(SearchConfig(**config))
    report: dict = {"documents_asked": args.documents}
    with tempfile.TemporaryDirectory() as tmp, Resources(cache_dir=args.cache or tmp) as pool:
        cache = args.cache or tmp
        report["build"] = build_times(wc)
        started = clock()
        pool.get(SearchWorld, wc)  # builds and caches it (timed again, with the write)
        report["build"]["cached_build_s"] = None if args.cache else clock() - started
        with Resources(cache_dir=cache) as fresh:
            started = clock()
            sw = fresh.get(SearchWorld, wc)
            report["build"]["load_cached_s"] = clock() - started
            env = verticals.make("search/multihop-v0", resources=fresh, **config)
            queries = oracle_queries(env, args.queries)
            report["search"] = search_times(env, sw, queries)
            report["oracle_eps_big"] = oracle_rate(fresh, config, 100)
            report["oracle_eps_bench"] = oracle_rate(fresh, {"difficulty": 3}, 200)
        report["memory"] = memory(cache, config, args.envs)
    s = report["search"]
    s["step_vs_raw_numpy"] = s["bm25s_numpy_s"] / s["tool_step_s"]
    report["versions"] = {"python": sys.version.split()[0], "cpus": os.cpu_count()}
    if args.json:
        print(json.dumps(report))
        return
    b, m = report["build"], report["memory"]
    print(f"world of {b['documents']:,} documents")
    print(f"  generate {b['generate_s']:.1f} s, render {b['render_s']:.1f} s, "
          f"index {b['index_s']:.1f} s (total {b['total_s']:.1f} s); "
          f"build into the cache {b['cached_build_s'] or 0:.1f} s; "
          f"load from the cache {b['load_cached_s']:.2f} s")
    print("search, k=5, per query (queries/s)")
    for key, label in (("tool_step_s", "search tool step (env.step)"),
                       ("our_scorer_s", "our index's search alone" + (
                           " (compiled kernel)" if s.get("compiled_kernel") else " (numpy)")),
                       ("bm25s_numba_s", "raw bm25s retrieve, numba backend"),
                       ("bm25s_numpy_s", "raw bm25s retrieve, numpy backend")):
        value = s.get(key)
        text = f"{value * 1e6:9.1f} µs ({1 / value:,.0f}/s)" if value else "   n/a (no numba)"
        print(f"  {label:<48} {text}")
    if s.get("step_vs_raw_numba"):
        low, high = s["step_vs_raw_numba_range"]
        print(f"  tool step vs raw numba query: {s['step_vs_raw_numba']:.2f}x, median of "
              f"interleaved rounds ({low:.2f}-{high:.2f}; numba compile "
              f"{s['numba_compile_s']:.1f} s, excluded)")
    print(f"memory: {m['envs']} live envs over one world: RSS {m['rss_all_envs_mib']:.0f} MiB "
          f"(world + 1 env {m['rss_world_and_one_env_mib']:.0f} MiB, "
          f"{m['per_extra_env_kib']:.0f} KiB per extra env)")
    print(f"oracle episodes/s: {report['oracle_eps_big']:.0f} at {b['documents']:,} documents, "
          f"{report['oracle_eps_bench']:.0f} at difficulty 3")


if __name__ == "__main__":
    main()
