"""A conformance report as a terminal table and as JUnit XML (one testcase per env × check).

The JUnit form is the one CI systems read (GitLab, Jenkins, GitHub test reporters): a
`<testsuite>` per env, a `<testcase>` per check with `<failure>` or `<skipped>`.
Text from probes can hold any character; what XML 1.0 cannot carry is replaced.
"""

from __future__ import annotations

import re
import socket
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from rich.table import Table

from verticals.conformance.results import CHECKS, CheckResult, Report

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MARKS = {"passed": "[green]ok", "failed": "[red]FAIL", "skipped": "[dim]skip"}


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def report_table(report: Report) -> Table:
    """Envs down, checks across: ok, FAIL or skip in each cell."""
    names = [n for n in CHECKS if n in report.options.get("checks", CHECKS)]
    table = Table(title=f"verticals check: {len(report.envs)} envs, "
                        f"{report.seconds:.1f}s")
    table.add_column("env", no_wrap=True)
    for name in names:
        table.add_column(name.replace("_", " "), justify="center", no_wrap=True)
    by_key = {(r.env, r.check): r for r in report.results}
    for env_id in report.envs:
        cells = []
        for name in names:
            result = by_key.get((env_id, name))
            cells.append(_MARKS[result.status] if result else "-")
        table.add_row(env_id, *cells)
    return table


def failure_lines(report: Report) -> list[str]:
    """One block per failed check: env, check, summary, then the listed problems."""
    lines = []
    for result in report.failures:
        lines.append(f"{result.env} :: {result.check}: {result.summary}")
        lines.extend(f"    - {problem}" for problem in result.details[1:])
    return lines


def _testcase(parent: ET.Element, result: CheckResult) -> None:
    case = ET.SubElement(parent, "testcase", {
        "classname": f"verticals.check.{result.env}",
        "name": result.check,
        "time": f"{result.seconds:.3f}",
    })
    if result.status == "failed":
        failure = ET.SubElement(case, "failure", {
            "message": _xml_text(result.summary[:1000]), "type": "ConformanceFailure"})
        failure.text = _xml_text("\n".join(result.details) or result.summary)
    elif result.status == "skipped":
        ET.SubElement(case, "skipped", {"message": _xml_text(result.summary)})
    out = ET.SubElement(case, "system-out")
    out.text = _xml_text(f"{CHECKS[result.check]}\n{result.summary}")


def junit_xml(report: Report) -> str:
    """The report as JUnit XML text."""
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    root = ET.Element("testsuites", {
        "name": "verticals check",
        "tests": str(len(report.results)),
        "failures": str(len(report.failures)),
        "errors": "0",
        "skipped": str(sum(r.status == "skipped" for r in report.results)),
        "time": f"{report.seconds:.3f}",
    })
    for env_id in report.envs:
        results = [r for r in report.results if r.env == env_id]
        suite = ET.SubElement(root, "testsuite", {
            "name": env_id,
            "tests": str(len(results)),
            "failures": str(sum(r.failed for r in results)),
            "errors": "0",
            "skipped": str(sum(r.status == "skipped" for r in results)),
            "time": f"{sum(r.seconds for r in results):.3f}",
            "timestamp": stamp,
            "hostname": socket.gethostname(),
        })
        properties = ET.SubElement(suite, "properties")
        for key, value in sorted(report.versions.items()):
            ET.SubElement(properties, "property", {"name": key, "value": _xml_text(value)})
        for result in results:
            _testcase(suite, result)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
