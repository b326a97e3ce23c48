"""Episodes per second on 1 and 2 Ray workers, for a CPU-heavy env (symbolic integrals).

Each figure is the median over rounds (1 and 2 workers alternating, so that load drift
hits both) of the steady rate: the last three quarters of the records over the time they
took, so the workers' start (a Python process importing sympy, which may finish well after
another worker's first record) is left out, as it is paid once per worker on a real
cluster. The local process
pool (`verticals run --workers`) is measured the same way beside it, for reference.
Target: 2 workers >= 1.8x one worker on this 2-core machine.

    pip install -e '.[ray]'
    python benchmarks/scale.py [--episodes 600] [--rounds 3] [--env ENV_ID] [--chunk N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable

from verticals.runner import Job, play_jobs


def steady_rate(run: Callable[[Callable[[str], None]], object], episodes: int) -> float:
    stamps: list[float] = []
    run(lambda line: stamps.append(time.perf_counter()))
    if len(stamps) != episodes:
        raise SystemExit(f"expected {episodes} records, got {len(stamps)}")
    start = len(stamps) // 4  # by then every worker has started and warmed up
    return (len(stamps) - 1 - start) / (stamps[-1] - stamps[start])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--episodes", type=int, default=600)
    parser.add_argument("--env", default="math/indefinite-integrals-v0")
    parser.add_argument("--rounds", type=int, default=3, help="median of this many rounds")
    parser.add_argument("--chunk", type=int, default=None,
                        help="episodes per Ray task (default: the library's choice)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    import ray

    from verticals.integrations.ray import play_jobs_on_ray

    ray.init(num_cpus=2, log_to_driver=False, include_dashboard=False)
    jobs = [Job.of(args.env, seed, "oracle") for seed in range(args.episodes)]
    rates: dict[tuple[str, int], list[float]] = {}
    try:
        for _ in range(args.rounds):  # 1 and 2 workers alternate, so load drift hits both
            for workers in (1, 2):
                rates.setdefault(("ray", workers), []).append(steady_rate(
                    lambda on_record, w=workers: play_jobs_on_ray(
                        jobs, workers=w, chunk_size=args.chunk, on_record=on_record),
                    args.episodes))
                rates.setdefault(("local", workers), []).append(steady_rate(
                    lambda on_record, w=workers: play_jobs(
                        jobs, workers=w, on_record=on_record), args.episodes))
    finally:
        ray.shutdown()
    rows = [{"workers": w, "ray_episodes_per_s": statistics.median(rates[("ray", w)]),
             "local_pool_episodes_per_s": statistics.median(rates[("local", w)])}
            for w in (1, 2)]
    ratio = rows[1]["ray_episodes_per_s"] / rows[0]["ray_episodes_per_s"]
    local_ratio = rows[1]["local_pool_episodes_per_s"] / rows[0]["local_pool_episodes_per_s"]
    report = {"env": args.env, "episodes": args.episodes, "cpus": os.cpu_count(),
              "load_average_1min": os.getloadavg()[0],
              "rows": rows, "ray_speedup": ratio, "local_pool_speedup": local_ratio,
              "target_met": ratio >= 1.8}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{args.env}, {args.episodes} oracle episodes, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} (other work on the machine skews the ratio)")
    print(f"{'workers':>7} {'Ray eps/s':>10} {'local pool eps/s':>17}")
    for row in rows:
        print(f"{row['workers']:7} {row['ray_episodes_per_s']:10.1f} "
              f"{row['local_pool_episodes_per_s']:17.1f}")
    print(f"speedup 2 vs 1 worker: Ray {ratio:.2f}x (target >= 1.8x: "
          f"{'met' if ratio >= 1.8 else 'MISSED'}), local pool {local_ratio:.2f}x")


if __name__ == "__main__":
    main()
