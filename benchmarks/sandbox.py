"""Sandbox cost, side by side: an isolated run of a trivial Python program versus spawning a
bare `python -S -c pass`; the cost of each isolation layer; docker warm versus fresh; and
runs per second on every core.

    python benchmarks/sandbox.py [--runs 40] [--batch 400] [--no-docker] [--json]

All times are medians in milliseconds. The docker rows need an engine (DOCKER_HOST) and the
sandbox image (VERTICALS_SANDBOX_IMAGE, see docker/build-image.sh); without one they are
reported as null with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from verticals.sandbox import Limits, LocalBackend, Program, SandboxWarning, run_many

TRIVIAL = Program(python="pass")

#: (row label, LocalBackend options): each row adds one layer to the one above.
LAYER_ROWS: list[tuple[str, dict[str, bool]]] = [
    ("bare fork (zygote only)",
     {"namespaces": False, "rlimits": False, "drop_uid": False, "seccomp": False}),
    ("+ namespaces (net/ipc/pid/mount, ro root)",
     {"namespaces": True, "rlimits": False, "drop_uid": False, "seccomp": False}),
    ("+ rlimits", {"namespaces": True, "rlimits": True, "drop_uid": False, "seccomp": False}),
    ("+ unprivileged uid",
     {"namespaces": True, "rlimits": True, "drop_uid": True, "seccomp": False}),
    ("+ seccomp (= isolated run)",
     {"namespaces": True, "rlimits": True, "drop_uid": True, "seccomp": True}),
]


def median_ms(fn: Callable[[], Any], runs: int, warmup: int = 3) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def interleaved_ms(fns: dict[str, Callable[[], Any]], runs: int) -> dict[str, float]:
    """Median per candidate, taking them in turn each round, so that the load from anything
    else on the machine falls on all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for round_ in range(runs + 3):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            if round_ >= 3:  # warm-up rounds
                times[name].append((time.perf_counter() - start) * 1000)
    return {name: statistics.median(ts) for name, ts in times.items()}


def local_rows(runs: int) -> tuple[float, list[tuple[str, float]], dict[str, bool]]:
    """Bare `python -S -c pass`, then each layer row, measured interleaved."""
    backends: dict[str, LocalBackend] = {}
    bare_cmd = [sys.executable, "-S", "-c", "pass"]
    fns: dict[str, Callable[[], Any]] = {
        "bare": lambda: subprocess.run(bare_cmd, check=True),
    }
    try:
        for label, options in LAYER_ROWS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", SandboxWarning)
                backend = LocalBackend(**options)
                backend.start()
            backends[label] = backend

            def one(b: LocalBackend = backend) -> None:
                result = b.run(TRIVIAL)
                if not result.ok:
                    raise RuntimeError(f"trivial run failed: {result}")

            fns[label] = one
        medians = interleaved_ms(fns, runs)
        layers = backends[LAYER_ROWS[-1][0]].layers
    finally:
        for backend in backends.values():
            backend.close()
    return medians["bare"], [(label, medians[label]) for label, _ in LAYER_ROWS], layers


def throughput(batch: int) -> float:
    backend = LocalBackend()
    try:
        backend.start()
        run_many([TRIVIAL] * 8, backend=backend)  # warm every slot
        start = time.perf_counter()
        results = run_many([TRIVIAL] * batch, backend=backend)
        elapsed = time.perf_counter() - start
        if not all(r.ok for r in results):
            raise RuntimeError("a trivial run failed in the batch")
        return batch / elapsed
    finally:
        backend.close()


def docker_rows(runs: int) -> dict[str, Any]:
    try:
        from verticals.sandbox.docker_backend import DockerBackend, container_options

        backend = DockerBackend()
    except Exception as exc:
        return {"docker_skipped": str(exc)}
    try:
        warm = median_ms(lambda: backend.run(TRIVIAL), runs)
        options = container_options(Limits(), backend.cpus)

        def fresh() -> None:
            backend.client.containers.run(backend.image, ["python3", "-c", "pass"],
                                          remove=True, **options)

        fresh_ms = median_ms(fresh, max(5, runs // 3), warmup=1)
        start = time.perf_counter()
        batch = max(8, runs)
        run_many([TRIVIAL] * batch, backend=backend)
        docker_rps = batch / (time.perf_counter() - start)
    finally:
        backend.close()
    return {"docker_warm_ms": warm, "docker_fresh_ms": fresh_ms,
            "docker_warm_over_fresh": warm / fresh_ms, "docker_runs_per_s": docker_rps}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="timed runs per row")
    parser.add_argument("--batch", type=int, default=400, help="programs in the throughput run")
    parser.add_argument("--no-docker", action="store_true", help="skip the docker rows")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    bare, rows, layers = local_rows(args.runs)
    rps = throughput(args.batch)
    out: dict[str, Any] = {
        "isolated_ms": rows[-1][1],
        "bare_python_ms": bare,
        "isolated_over_bare": rows[-1][1] / bare,
        "layers_ms": {label: ms for label, ms in rows},
        "runs_per_s": rps,
        "cores": os.cpu_count(),
        "active_layers": layers,
        "docker_warm_ms": None,
        "docker_fresh_ms": None,
    }
    if not args.no_docker:
        out.update(docker_rows(args.runs))
    else:
        out["docker_skipped"] = "--no-docker"

    if args.json:
        print(json.dumps(out))
        return 0
    width = 50
    print(f"{'trivial Python program (median ms)':<{width}} {'ms':>8}")
    print("-" * (width + 9))
    print(f"{'bare `python -S -c pass` (spawn)':<{width}} {bare:>8.2f}")
    for label, ms in rows:
        print(f"{'local: ' + label:<{width}} {ms:>8.2f}")
    if out.get("docker_warm_ms") is not None:
        print(f"{'docker: warm container (run server)':<{width}} {out['docker_warm_ms']:>8.2f}")
        print(f"{'docker: fresh containers.run':<{width}} {out['docker_fresh_ms']:>8.2f}")
    print("-" * (width + 9))
    print(f"isolated / bare python: {out['isolated_over_bare']:.2f}x")
    if out.get("docker_warm_ms") is not None:
        print(f"docker warm / fresh:    {out['docker_warm_over_fresh']:.2f}x (target <= 0.3x)")
        print(f"docker runs/s on {os.cpu_count()} cores: {out['docker_runs_per_s']:.1f}")
    else:
        print(f"docker: skipped ({out.get('docker_skipped')})")
    print(f"local isolated runs/s on {os.cpu_count()} cores: {rps:.0f}")
    inactive = [k for k, v in layers.items() if not v]
    print("active layers: " + ("all" if not inactive else "all but " + ", ".join(inactive)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
