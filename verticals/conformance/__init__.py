"""The conformance kit: what every env, ours or a pack's, must do to be trusted.

    from verticals.conformance import check
    report = check("mypack/*", fuzz=500)
    assert report.ok, [r.summary for r in report.failures]

The same checks back `verticals check` (a table, `--json`, `--junit`) and the pytest
helpers in `verticals.testing`. See docs/check.md for what each check does.
"""

from verticals.conformance.output import junit_xml, report_table
from verticals.conformance.results import CHECKS, CheckResult, Report
from verticals.conformance.run import check, run_checks, select_checks
from verticals.conformance.target import CheckOptions

__all__ = [
    "CHECKS",
    "CheckOptions",
    "CheckResult",
    "Report",
    "check",
    "junit_xml",
    "report_table",
    "run_checks",
    "select_checks",
]
