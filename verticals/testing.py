"""Pytest helpers: run the conformance kit (`verticals check`) from a pack's own tests.

    # tests/test_conformance.py of a pack
    import pytest
    from verticals.testing import assert_conforms, conformance_cases

    @pytest.mark.parametrize(("env_id", "check"), conformance_cases("mypack/*"))
    def test_conformance(env_id, check):
        assert_conforms(env_id, check, fuzz=300)

Each (env, check) is its own test, so a failure names both, and its message lists the
problems found with the seed and config that reproduce them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from verticals import registry
from verticals.conformance import CHECKS, CheckOptions, Report, run_checks, select_checks
from verticals.errors import VerticalsError


def conformance_cases(pattern: str | None = None,
                      checks: Iterable[str] | None = None) -> list[Any]:
    """`pytest.param(env_id, check)` for every env matching `pattern` and every check."""
    import pytest

    env_ids = registry.registered(pattern)
    if not env_ids:
        raise VerticalsError(f"no env id matches '{pattern}'")
    return [pytest.param(env_id, name, id=f"{env_id}::{name}")
            for env_id in env_ids for name in select_checks(checks)]


def assert_conforms(env_id: str, checks: str | Iterable[str] | None = None,
                    **options: Any) -> Report:
    """Run the kit on one env (all checks, or the ones named); fail with every problem.

    `options` are `CheckOptions` fields: `fuzz` (actions, default 2000), `seeds`,
    `probe_seeds`, `hidden_episodes`, `determinism_seeds`, `seed`, `step_timeout`.
    """
    names = [checks] if isinstance(checks, str) else checks
    report = run_checks([env_id], CheckOptions(**options), names)
    if not report.ok:
        lines = []
        for result in report.failures:
            lines.append(f"{env_id} :: {result.check} ({CHECKS[result.check]}): "
                         f"{result.summary}")
            lines.extend(f"  - {problem}" for problem in result.details)
        raise AssertionError("\n".join(lines))
    return report


__all__ = ["assert_conforms", "conformance_cases"]
