"""Running the kit: every selected check on every selected env, one result each."""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict

import gymnasium

from verticals import registry
from verticals.conformance.checks import IN_PROCESS
from verticals.conformance.fresh import FreshProcesses
from verticals.conformance.fuzz import fuzz
from verticals.conformance.results import CHECKS, CheckResult, Report
from verticals.conformance.target import CheckOptions, Target
from verticals.errors import VerticalsError

FRESH = ("gymnasium_make", "determinism")


def select_checks(names: Iterable[str] | None) -> list[str]:
    """Check names in their canonical order; an unknown name is a user error."""
    if not names:
        return list(CHECKS)
    wanted = list(names)
    unknown = [n for n in wanted if n not in CHECKS]
    if unknown:
        raise VerticalsError(f"unknown check {', '.join(unknown)}; "
                             f"choose from: {', '.join(CHECKS)}")
    return [n for n in CHECKS if n in wanted]


def fuzz_shares(total: int, count: int) -> list[int]:
    """`total` fuzz actions spread over `count` envs as evenly as whole numbers allow."""
    base, extra = divmod(max(total, 0), max(count, 1))
    return [base + (1 if i < extra else 0) for i in range(count)]


def run_checks(
    env_ids: list[str],
    options: CheckOptions | None = None,
    checks: Iterable[str] | None = None,
    on_result: Callable[[CheckResult], None] | None = None,
) -> Report:
    """Check `env_ids`; `on_result` hears of each result as it comes (for progress)."""
    options = options or CheckOptions()
    names = select_checks(checks)
    started = time.perf_counter()
    fresh = FreshProcesses(env_ids, options) if any(n in names for n in FRESH) else None
    results: list[CheckResult] = []

    def record(result: CheckResult) -> None:
        results.append(result)
        if on_result:
            on_result(result)

    shares = fuzz_shares(options.fuzz, len(env_ids))
    try:
        for env_id, share in zip(env_ids, shares, strict=True):
            _check_one(env_id, names, options, share, record)
    finally:
        fresh_results = fresh.results() if fresh else []
    for result in fresh_results:
        if result.check in names:
            record(result)
    order = {name: i for i, name in enumerate(CHECKS)}
    results.sort(key=lambda r: (env_ids.index(r.env), order[r.check]))
    return Report(
        envs=list(env_ids), results=results, seconds=time.perf_counter() - started,
        options={**asdict(options), "checks": names},
        versions={"python": platform.python_version(), "gymnasium": gymnasium.__version__,
                  **_verticals_version()},
    )


def _verticals_version() -> dict[str, str]:
    from verticals import __version__

    return {"verticals": __version__}


def _check_one(env_id: str, names: list[str], options: CheckOptions, fuzz_actions: int,
               record: Callable[[CheckResult], None]) -> None:
    try:
        target = Target(env_id)
    except VerticalsError as exc:  # a registry entry that names what is not there
        for name in names:
            if name not in FRESH:
                record(CheckResult(env_id, name, "failed", 0.0, f"cannot load: {exc}"))
        return
    try:
        for name in names:
            if name in IN_PROCESS:
                record(_guarded(IN_PROCESS[name], target, options, name))
        if "fuzz" in names:
            record(_guarded(lambda t, o: fuzz(t, o, fuzz_actions), target, options, "fuzz"))
    finally:
        target.close()


def _guarded(check: Callable[[Target, CheckOptions], CheckResult], target: Target,
             options: CheckOptions, name: str) -> CheckResult:
    """A check that itself fails (e.g. the env cannot even be made) fails, saying why."""
    started = time.perf_counter()
    try:
        return check(target, options)
    except Exception as exc:
        return CheckResult(target.id, name, "failed", time.perf_counter() - started,
                           f"the check could not run: {type(exc).__name__}: {exc}")


def check(pattern: str | None = None, **kwargs: object) -> Report:
    """Check every registered env matching `pattern` (all of them when None)."""
    env_ids = registry.registered(pattern)
    if not env_ids:
        raise VerticalsError(f"no env id matches '{pattern}' (`verticals list` shows all)")
    checks = kwargs.pop("checks", None)
    options = CheckOptions(**kwargs)  # type: ignore[arg-type]
    return run_checks(env_ids, options, checks)  # type: ignore[arg-type]
