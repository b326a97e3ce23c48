"""Benchmark the business vertical: oracle episodes per second, and gold per case against
zen-engine on the same rules, in one process.

    python benchmarks/business.py            # a readable table
    python benchmarks/business.py --json     # exactly one JSON object
    python benchmarks/business.py --cases 2000 --episodes 100

Episodes: the oracle plays whole episodes (task generation, SQLite world, tool calls,
reward) of each domain at difficulty 3. Gold: both engines evaluate the same seeded cases
(drawn from the rule set's input schema, a third on thresholds) of each domain at
difficulty 5; ours is `rules.evaluate`, the peer is zen-engine on the rule set written as
a JDM graph (`rules.jdm.to_jdm`), compiled once, called with the same inputs. Time per case
is the median of 5 rounds over all cases; ratio > 1 means ours is faster. Every case's
decision is also compared, so a speed-up cannot come from a wrong answer. Install the
peer with `pip install -e '.[bench-business]'`.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

import verticals
from verticals.tasks.business.billing import BillingDomain
from verticals.tasks.business.claims import ClaimsDomain
from verticals.tasks.business.custom import load_pack
from verticals.tasks.business.eligibility import EligibilityDomain
from verticals.tasks.business.refunds import RefundsDomain
from verticals.tasks.business.rules import RuleSet, evaluate
from verticals.tasks.business.rules.cases import draw_as_of, draw_inputs, on_boundary
from verticals.tasks.business.rules.jdm import jdm_context, to_jdm

ENVS = ("business/claims-v0", "business/refunds-v0", "business/billing-v0",
        "business/eligibility-v0", "business/rules-v0")
INSTALL_HINT = "pip install -e '.[bench-business]'  (zen-engine)"


def rule_sets() -> dict[str, RuleSet]:
    return {"claims": ClaimsDomain().rules(5), "refunds": RefundsDomain().rules(5),
            "billing": BillingDomain().rules(5),
            "eligibility": EligibilityDomain().rules(5), "rules (example)": load_pack("").rules}


def oracle_episodes(env_id: str, episodes: int) -> dict[str, Any]:
    env = verticals.make(env_id, difficulty=3)
    rewards = []
    start = time.perf_counter()
    for seed in range(episodes):
        env.reset(seed=seed)
        reward = 0.0
        for action in env.task.oracle:
            _, reward, *_ = env.step(action)
        rewards.append(reward)
    elapsed = time.perf_counter() - start
    env.close()
    return {"episodes": episodes, "episodes_per_s": episodes / elapsed,
            "mean_reward": statistics.fmean(rewards)}


def _cases(rules: RuleSet, count: int) -> list[tuple[dict[str, Any], Any]]:
    rng = random.Random(f"bench/{rules.id}")
    out = []
    for index in range(count):
        inputs = draw_inputs(rules, rng)
        if index % 3 == 0:
            inputs = on_boundary(rules, inputs, rng)
        out.append((inputs, draw_as_of(rules, rng)))
    return out


def _median_round(run: Any, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gold(rules: RuleSet, count: int, zen: Any) -> dict[str, Any]:
    cases = _cases(rules, count)
    ours_s = _median_round(lambda: [evaluate(rules, i, d) for i, d in cases]) / count
    row: dict[str, Any] = {"cases": count, "ours_us": ours_s * 1e6}
    if zen is None:
        return row
    decision = zen.ZenEngine().create_decision(json.dumps(to_jdm(rules)))
    contexts = [jdm_context(rules, i, d) for i, d in cases]
    peer_s = _median_round(lambda: [decision.evaluate(c) for c in contexts]) / count
    disagreements = 0
    for (inputs, as_of), context in zip(cases, contexts, strict=True):
        values = evaluate(rules, inputs, as_of).values
        theirs = decision.evaluate(context)["result"]
        for name in rules.decision:
            a, b = values.get(name), theirs.get(name)
            if isinstance(a, Decimal):
                same = b is not None and Decimal(repr(b)).quantize(Decimal("0.01")) == \
                    a.quantize(Decimal("0.01"))
            else:
                same = a == b
            disagreements += not same
    row.update(zen_us=peer_s * 1e6, ratio=peer_s / ours_s, disagreements=disagreements)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--cases", type=int, default=1000, help="gold cases per domain")
    parser.add_argument("--episodes", type=int, default=50, help="oracle episodes per env")
    parser.add_argument("--no-peer", action="store_true", help="ours only")
    args = parser.parse_args(argv)
    try:
        import zen  # type: ignore[import-not-found]
    except ImportError:
        zen = None
    if args.no_peer:
        zen = None
    episodes = {env_id: oracle_episodes(env_id, args.episodes) for env_id in ENVS}
    golds = {name: gold(rules, args.cases, zen) for name, rules in rule_sets().items()}
    versions = {"zen-engine": _version("zen-engine")} if zen else {}
    result = {"episodes": episodes, "gold": golds, "peer": versions,
              "python": sys.version.split()[0]}
    if args.json:
        print(json.dumps(result, sort_keys=True))
        return 0
    print("Oracle episodes (difficulty 3, whole episodes in one process)")
    print(f"{'env':26} {'episodes/s':>11} {'mean reward':>12}")
    for env_id, row in episodes.items():
        print(f"{env_id:26} {row['episodes_per_s']:11.1f} {row['mean_reward']:12.3f}")
    print()
    print(f"Gold per case, {args.cases} cases per rule set (difficulty 5)")
    print(f"{'rules':18} {'ours µs':>9} {'zen µs':>9} {'ratio':>7} {'disagree':>9}")
    for name, row in golds.items():
        if "zen_us" in row:
            print(f"{name:18} {row['ours_us']:9.1f} {row['zen_us']:9.1f} "
                  f"{row['ratio']:6.2f}x {row['disagreements']:9d}")
        else:
            print(f"{name:18} {row['ours_us']:9.1f} {'-':>9} {'-':>7} {'-':>9}")
    if zen is None and not args.no_peer:
        print(f"\nzen-engine is not installed: {INSTALL_HINT}")
    return 0


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "unknown"


if __name__ == "__main__":
    raise SystemExit(main())
