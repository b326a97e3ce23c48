"""Benchmark the math verifier against Math-Verify on the labelled corpus, in one process.

    python benchmarks/math_reward.py            # a readable table
    python benchmarks/math_reward.py --json     # exactly one JSON object
    python benchmarks/math_reward.py --groups   # also accuracy per corpus group
    python benchmarks/math_reward.py --no-peer  # ours only

Also reported: agreement with Math-Verify's own test suite (269 cases kept as facts in
tests/rewards/math_verify_cases.py), for us and for Math-Verify itself, in the same run.

Both verifiers see the same (reference, completion) pairs; a case is right when the reward
equals the label. A false positive is a reward of 1 on a case labelled 0. Latency is the
wall time of one verdict, reference parsing included (our reference cache is cleared before
every case so that neither side is helped by a cache). Math-Verify guards its own time with
signals, so it runs here in the main thread. Install the peer with
`pip install -e '.[bench-math]'`.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from verticals.rewards.math import clear_cache, score

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "rewards" / "math_corpus.py"
INSTALL_HINT = "pip install -e '.[bench-math]'  (math-verify[antlr4_13_2])"


def load_cases() -> list[Any]:
    spec = importlib.util.spec_from_file_location("math_corpus", CORPUS)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the corpus at {CORPUS}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    if str(CORPUS.parent) not in sys.path:
        sys.path.insert(0, str(CORPUS.parent))  # the corpus imports its sibling data modules
    spec.loader.exec_module(module)
    return list(module.CASES)


def ours(case: Any) -> float:
    clear_cache()
    return score(case.completion, case.reference, kind=case.kind,
                 tolerance=case.tolerance, form=case.form).reward


def math_verify_judge() -> Callable[[Any], float] | None:
    try:
        from math_verify import parse, verify
    except ImportError:
        return None
    logging.getLogger("math_verify").setLevel(logging.CRITICAL)

    def judge(case: Any) -> float:
        try:
            gold = parse(f"${case.reference}$")
            pred = parse(case.completion)
            return 1.0 if verify(gold, pred) else 0.0
        except Exception:  # the peer's own failure counts as reward 0
            return 0.0

    return judge


def yardstick(with_peer: bool) -> dict[str, Any]:
    """Agreement with Math-Verify's own test suite: ours, and Math-Verify's on its own cases."""
    if str(CORPUS.parent) not in sys.path:
        sys.path.insert(0, str(CORPUS.parent))
    import math_verify_cases
    from yardstick import play

    cases = math_verify_cases.YARDSTICK
    result: dict[str, Any] = {"cases": len(cases)}
    result["ours"] = sum(int(play(c).reward) == c.expected for c in cases)
    if with_peer:
        from math_verify import ExprExtractionConfig, LatexExtractionConfig, parse, verify

        configs = [LatexExtractionConfig(boxed_match_priority=0), ExprExtractionConfig()]
        agree = 0
        for c in cases:
            try:
                got = verify(parse(c.gold, configs), parse(c.pred, configs),
                             float_rounding=c.precision or 6,
                             strict=c.option != "strict=False",
                             allow_set_relation_comp=c.option == "allow_set_relation_comp=True")
            except Exception:
                got = False
            agree += int(bool(got)) == c.expected
        result["math_verify"] = agree
    return result


#: Groups that test policies only we claim (required forms, evaluated numbers, the kind and
#: tolerance hints); the "core" summary leaves them out for a like-for-like comparison.
POLICY_GROUPS = frozenset({"forms", "evaluated", "tolerance"})


def run(judge: Callable[[Any], float], cases: list[Any]) -> list[tuple[Any, float, float]]:
    """(case, reward, seconds) for every case, after the same warm-up for every judge."""
    # Warm-up on one case per group (pathological excluded): imports and first-use caches
    # are a process's cost, not a verdict's.
    firsts = {c.group: c for c in reversed(cases) if c.group != "pathological"}
    for case in firsts.values():
        judge(case)
    results = []
    for case in cases:
        start = time.perf_counter()
        got = judge(case)
        results.append((case, got, time.perf_counter() - start))
    return results


def summarize(results: list[tuple[Any, float, float]]) -> dict[str, Any]:
    latencies = [seconds for _, _, seconds in results]
    right = sum(got == case.expected for case, got, _ in results)
    false_positives = sum(got == 1.0 and case.expected == 0.0 for case, got, _ in results)
    groups: dict[str, list[int]] = {}
    for case, got, _ in results:
        tally = groups.setdefault(case.group, [0, 0])
        tally[0] += got == case.expected
        tally[1] += 1
    return {
        "accuracy": round(right / len(results), 4),
        "false_positives": false_positives,
        "median_ms": round(statistics.median(latencies) * 1e3, 4),
        "max_ms": round(max(latencies) * 1e3, 2),
        "groups": {g: round(r / n, 3) for g, (r, n) in sorted(groups.items())},
    }


def _core(results: list[tuple[Any, float, float]]) -> dict[str, Any]:
    summary = summarize([r for r in results if r[0].group not in POLICY_GROUPS])
    summary.pop("groups")
    return summary


def table(results: dict[str, Any], cases: int, show_groups: bool) -> str:
    rows = [f"math verifier benchmark on {cases} labelled cases", "",
            f"{'verifier':<12} {'accuracy':>9} {'false pos':>10} {'median ms':>10} {'max ms':>9}",
            "-" * 54]
    for name in ("ours", "math_verify"):
        r = results.get(name)
        if r is None:
            rows.append(f"{name:<12} not installed: {INSTALL_HINT}")
            continue
        rows.append(f"{name:<12} {r['accuracy']:>9.1%} {r['false_positives']:>10d} "
                    f"{r['median_ms']:>10.3f} {r['max_ms']:>9.1f}")
    core = results.get("core", {})
    rows.append(f"\nwithout the groups of our own policies ({', '.join(sorted(POLICY_GROUPS))}):")
    for name in ("ours", "math_verify"):
        r = core.get(name)
        if r is not None:
            rows.append(f"{name:<12} {r['accuracy']:>9.1%} {r['false_positives']:>10d} "
                        f"{r['median_ms']:>10.3f} {r['max_ms']:>9.1f}")
    if results.get("speed_ratio"):
        rows.append(f"\nspeed ratio (median Math-Verify / median ours): "
                    f"{results['speed_ratio']:.1f}x")
    yard = results.get("yardstick")
    if yard:
        line = f"\nagreement with Math-Verify's own test suite ({yard['cases']} cases): " \
               f"ours {yard['ours']} ({yard['ours'] / yard['cases']:.1%})"
        if "math_verify" in yard:
            line += f", Math-Verify {yard['math_verify']} " \
                    f"({yard['math_verify'] / yard['cases']:.1%})"
        rows.append(line)
    if show_groups:
        rows += ["", f"{'group':<16} {'ours':>7} {'math_verify':>12}"]
        peer = (results.get("math_verify") or {}).get("groups", {})
        for group, accuracy in results["ours"]["groups"].items():
            theirs = f"{peer[group]:.0%}" if group in peer else "-"
            rows.append(f"{group:<16} {accuracy:>7.0%} {theirs:>12}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print exactly one JSON object")
    parser.add_argument("--groups", action="store_true", help="accuracy per corpus group")
    parser.add_argument("--no-peer", action="store_true", help="run ours only (fast smoke run)")
    args = parser.parse_args(argv)
    cases = load_cases()
    mine = run(ours, cases)
    results: dict[str, Any] = {"ours": summarize(mine)}
    core: dict[str, Any] = {"ours": _core(mine)}
    peer = None if args.no_peer else math_verify_judge()
    if peer is None:
        results["math_verify"] = None
        results["speed_ratio"] = None
        results["install"] = INSTALL_HINT
    else:
        theirs = run(peer, cases)
        results["math_verify"] = summarize(theirs)
        core["math_verify"] = _core(theirs)
        results["speed_ratio"] = round(
            results["math_verify"]["median_ms"] / max(results["ours"]["median_ms"], 1e-6), 1)
    results["core"] = core
    results["yardstick"] = yardstick(peer is not None)
    if args.json:
        if not args.groups:
            for name in ("ours", "math_verify"):
                if results.get(name):
                    results[name].pop("groups")
        print(json.dumps(results))
    else:
        print(table(results, len(cases), args.groups))
    return 0


if __name__ == "__main__":
    sys.exit(main())
