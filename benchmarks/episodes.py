"""Episodes per second of `math/arithmetic-v0` beside reasoning-gym's basic_arithmetic.

Ours: a full episode (reset + step + reward) with the oracle's answer. Theirs: the bare
generate + score of one `basic_arithmetic` item, which is all reasoning-gym does per item.
Both run in this process, interleaved, several rounds; the median round counts. Besides
throughput, the median time of one item is printed: reasoning-gym's throughput is dragged
down by rare items that take up to a second, so both figures are needed to compare fairly.

    pip install -e '.[bench-episodes]'      # reasoning-gym, for comparison only
    python benchmarks/episodes.py [--items 5000] [--rounds 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable

import verticals

#: One round: the time of each item, in seconds.
Round = Callable[[], list[float]]


def our_round(items: int, difficulty: int) -> Round:
    env = verticals.make("math/arithmetic-v0", difficulty=difficulty)
    clock = time.perf_counter

    def measure() -> list[float]:
        times = []
        for seed in range(items):
            started = clock()
            env.reset(seed=seed)
            _, reward, _, _, _ = env.step(env.task.oracle[0])
            times.append(clock() - started)
            if reward != 1.0:
                raise AssertionError(f"oracle scored {reward} on seed {seed}")
        return times

    return measure


def reasoning_gym_round(items: int) -> Round | None:
    try:
        import reasoning_gym
    except ImportError:
        return None
    dataset = reasoning_gym.create_dataset("basic_arithmetic", size=items, seed=42)
    clock = time.perf_counter

    def measure() -> list[float]:
        times = []
        for index in range(items):
            started = clock()
            entry = dataset[index]  # generated on access, from seed + index
            score = dataset.score_answer(answer=entry["answer"], entry=entry)
            times.append(clock() - started)
            if score != 1.0:
                raise AssertionError("reasoning-gym scored its own answer below 1")
        return times

    return measure


def summarise(rounds: list[list[float]]) -> tuple[float, float]:
    """(items per second, median microseconds per item), each the median over rounds."""
    rates = [len(times) / sum(times) for times in rounds]
    medians = [statistics.median(times) * 1e6 for times in rounds]
    return statistics.median(rates), statistics.median(medians)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000, help="episodes/items per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--difficulty", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    ours = our_round(args.items, args.difficulty)
    theirs = reasoning_gym_round(args.items)
    ours()  # warm caches and imports before timing
    if theirs:
        theirs()
    our_rounds, their_rounds = [], []
    for _ in range(args.rounds):
        our_rounds.append(ours())
        if theirs:
            their_rounds.append(theirs())
    episodes_per_s, our_median_us = summarise(our_rounds)
    items_per_s, their_median_us = summarise(their_rounds) if their_rounds else (None, None)
    figures = {
        "episodes_per_s": round(episodes_per_s, 1),
        "reasoning_gym_items_per_s": round(items_per_s, 1) if items_per_s else None,
        "ratio": round(episodes_per_s / items_per_s, 3) if items_per_s else None,
        "episode_median_us": round(our_median_us, 2),
        "reasoning_gym_item_median_us": round(their_median_us, 2) if their_median_us else None,
        "median_ratio": round(their_median_us / our_median_us, 3) if their_median_us else None,
        "items": args.items,
        "rounds": args.rounds,
    }
    if args.json:
        print(json.dumps(figures))
        return 0
    print(f"{'what':<50} {'per second':>11} {'median µs':>10}")
    label = f"verticals math/arithmetic-v0 episode (difficulty {args.difficulty})"
    print(f"{label:<50} {episodes_per_s:>11,.0f} {our_median_us:>10.1f}")
    if items_per_s:
        label = "reasoning-gym basic_arithmetic generate + score"
        print(f"{label:<50} {items_per_s:>11,.0f} {their_median_us:>10.1f}")
        print(f"{'ratio (ours over theirs; higher is better)':<50} "
              f"{figures['ratio']:>10.2f}x {figures['median_ratio']:>9.2f}x")
    else:
        print("reasoning-gym is not installed: pip install -e '.[bench-episodes]'", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
