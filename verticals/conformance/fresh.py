"""The checks that need fresh processes: `gymnasium.make` with nothing imported first, and
the same tasks in two interpreters whose PYTHONHASHSEED differ.

Both run in two worker processes (`fresh_worker.py`, one per hash seed) started at the
beginning of a check run, so they overlap with the in-process checks; each handles every
env and writes one JSON file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verticals.conformance.leaks import KIT_PROCESSES
from verticals.conformance.results import CheckResult, Findings
from verticals.conformance.target import CheckOptions

HASH_SEEDS = ("1", "2")
WORKER = Path(__file__).with_name("fresh_worker.py")
# Run the worker by path, not with -m: `-m verticals...` would import verticals before
# the worker's first gymnasium.make, which must be what imports it.
_LAUNCH = ("import runpy, sys; sys.argv = sys.argv[1:]; "
           "runpy.run_path(sys.argv[0], run_name='__main__')")


@dataclass
class _Run:
    hash_seed: str
    process: subprocess.Popen[bytes]
    out: Path
    log: Path


class FreshProcesses:
    """Two workers started now; `results()` waits for them and compares."""

    def __init__(self, env_ids: list[str], options: CheckOptions) -> None:
        self.env_ids = env_ids
        self.options = options
        self.started = time.perf_counter()
        self.folder = Path(tempfile.mkdtemp(prefix="verticals-fresh-"))
        request = self.folder / "request.json"
        request.write_text(json.dumps({"ids": env_ids, "seed": options.seed,
                                       "seeds": options.determinism_seeds}))
        self.runs = [self._start(request, seed) for seed in HASH_SEEDS]

    def _start(self, request: Path, hash_seed: str) -> _Run:
        environ = dict(os.environ, PYTHONHASHSEED=hash_seed)
        # The child sees what this process sees (a pack put on sys.path by a test too).
        paths = [p for p in sys.path if p and Path(p).is_dir()]
        environ["PYTHONPATH"] = os.pathsep.join(paths)
        out, log = self.folder / f"out-{hash_seed}.json", self.folder / f"log-{hash_seed}.txt"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                [sys.executable, "-c", _LAUNCH, str(WORKER), str(request), str(out)],
                stdout=handle, stderr=subprocess.STDOUT, env=environ, cwd=self.folder,
                stdin=subprocess.DEVNULL,
            )
        KIT_PROCESSES.add(process.pid)  # its sandboxes are not the fuzzed env's leaks
        return _Run(hash_seed, process, out, log)

    def _collect(self) -> dict[str, dict[str, Any]]:
        outcomes: dict[str, dict[str, Any]] = {}
        for run in self.runs:
            left = self.options.process_timeout - (time.perf_counter() - self.started)
            try:
                run.process.wait(timeout=max(left, 1.0))
            except subprocess.TimeoutExpired:
                run.process.kill()
                run.process.wait()
                outcomes[run.hash_seed] = {"_failed": f"the worker with PYTHONHASHSEED="
                                           f"{run.hash_seed} did not finish in "
                                           f"{self.options.process_timeout:g}s"}
                continue
            if run.process.returncode != 0 or not run.out.exists():
                tail = run.log.read_text(errors="replace").strip().splitlines()[-3:]
                outcomes[run.hash_seed] = {"_failed": f"the worker with PYTHONHASHSEED="
                                           f"{run.hash_seed} exited {run.process.returncode}: "
                                           + " | ".join(tail)}
                continue
            outcomes[run.hash_seed] = json.loads(run.out.read_text())
        return outcomes

    def results(self) -> list[CheckResult]:
        try:
            outcomes = self._collect()
        finally:
            for run in self.runs:
                if run.process.poll() is None:
                    run.process.kill()
                    run.process.wait()
                KIT_PROCESSES.discard(run.process.pid)
        seconds = time.perf_counter() - self.started
        share = seconds / max(len(self.env_ids), 1)
        results = []
        for env_id in self.env_ids:
            results.append(self._make_result(env_id, outcomes, share))
            results.append(self._determinism_result(env_id, outcomes, share))
        for path in self.folder.iterdir():
            path.unlink()
        self.folder.rmdir()
        return results

    def _make_result(self, env_id: str, outcomes: dict[str, Any], share: float) -> CheckResult:
        found = Findings()
        for hash_seed, outcome in outcomes.items():
            if "_failed" in outcome:
                found.add(outcome["_failed"])
            elif outcome[env_id]["make"]:
                found.add(f"PYTHONHASHSEED={hash_seed}: {outcome[env_id]['make']}")
        return found.result(env_id, "gymnasium_make", share,
                            "made, reset and stepped from a fresh interpreter")

    def _determinism_result(self, env_id: str, outcomes: dict[str, Any],
                            share: float) -> CheckResult:
        found = Findings()
        runs = []
        for hash_seed, outcome in outcomes.items():
            if "_failed" in outcome:
                found.add(outcome["_failed"])
            elif "error" in outcome[env_id]:
                found.add(f"PYTHONHASHSEED={hash_seed}: {outcome[env_id]['error']}")
            else:
                runs.append(outcome[env_id]["items"])
        if len(runs) == 2:
            first, second = runs
            for a, b in zip(first, second, strict=False):
                if a != b:
                    found.add(f"config {a[0]}, seed {a[1]}: the {a[2]} differs between "
                              f"PYTHONHASHSEED={HASH_SEEDS[0]} and {HASH_SEEDS[1]}")
            if len(first) != len(second):
                found.add("the two processes made different numbers of tasks")
            found.count("compared", len(first))
        return found.result(env_id, "determinism", share,
                            f"{found.counts.get('compared', 0)} tasks, next tasks and oracle "
                            "episodes alike")
