"""What a conformance run found: one result per env × check, and the run as a whole."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Status = Literal["passed", "failed", "skipped"]

#: Every check, in the order they run and are shown.
CHECKS: dict[str, str] = {
    "check_env": "gymnasium's check_env passes without a warning",
    "gymnasium_make": "gymnasium.make('verticals:<id>') works in a fresh process",
    "oracle_null": "the oracle earns 1.0 and the null policy 0, judged, on every bench config",
    "determinism": "the same tasks in two processes with different PYTHONHASHSEED",
    "hidden_fields": "no hidden gold in any observation, info, message or tool result",
    "bounds": "10 MB, malformed, unknown-tool and non-string actions; 1,000 turns",
    "reward_probes": "empty, copied-prompt, contradicted-gold and random answers earn 0",
    "reward_purity": "the same trajectory scored again (and offline) gets the same score",
    "fuzz": "random and malformed actions: no exception, hang, or leaked process or file",
}

#: How many problems one result lists; the count says how many there were in all.
MAX_DETAILS = 10


@dataclass
class CheckResult:
    env: str
    check: str
    status: Status
    seconds: float = 0.0
    summary: str = ""
    details: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        return data


class Findings:
    """Collects the problems one check finds, keeping the first few in full."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.total = 0
        self.counts: dict[str, int] = {}

    def add(self, problem: str) -> None:
        self.total += 1
        if len(self.problems) < MAX_DETAILS:
            self.problems.append(problem)

    def count(self, name: str, k: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + k

    def result(self, env: str, check: str, seconds: float, passed: str) -> CheckResult:
        if not self.total:
            return CheckResult(env, check, "passed", seconds, passed, [], dict(self.counts))
        more = f" (first {len(self.problems)} listed)" if self.total > len(self.problems) else ""
        first = self.problems[0].replace("\n", " ")
        summary = f"{self.total} problem{'s' if self.total > 1 else ''}{more}: {first}"
        return CheckResult(env, check, "failed", seconds, summary[:500], list(self.problems),
                           dict(self.counts))


@dataclass
class Report:
    envs: list[str]
    results: list[CheckResult]
    seconds: float
    options: dict[str, Any]
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(r.failed for r in self.results)

    @property
    def failures(self) -> list[CheckResult]:
        return [r for r in self.results if r.failed]

    def fuzz_totals(self) -> dict[str, int]:
        totals: dict[str, int] = {}
        for result in self.results:
            if result.check == "fuzz":
                for name, k in result.counts.items():
                    totals[name] = totals.get(name, 0) + k
        return totals

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "envs": self.envs,
            "checks": list(CHECKS),
            "passed": sum(r.status == "passed" for r in self.results),
            "failed": sum(r.status == "failed" for r in self.results),
            "skipped": sum(r.status == "skipped" for r in self.results),
            "seconds": round(self.seconds, 2),
            "fuzz": self.fuzz_totals(),
            "options": self.options,
            "versions": self.versions,
            "results": [r.as_dict() for r in self.results],
        }
