"""`verticals check` on the command line: table, exit status, --json and --junit."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from broken_envs import BADPACK_MODULE, BADPACK_REGISTRY

from verticals.cli import main
from verticals.conformance import CHECKS, CheckResult, Report, junit_xml
from verticals.testing import assert_conforms, conformance_cases

FAST = ["--fuzz", "40", "--seeds", "1", "--step-timeout", "2", "-q"]


def test_cli_writes_junit_with_one_testcase_per_env_and_check(installed_pack, tmp_path,
                                                               capsys):
    junit, report = tmp_path / "out" / "check.xml", tmp_path / "check.json"
    code = main(["check", "tinypack/*", *FAST, "--junit", str(junit), "--json", str(report)])
    assert code == 0
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites" and root.get("failures") == "0"
    (suite,) = root.findall("testsuite")
    assert suite.get("name") == "tinypack/echo-v0"
    assert [case.get("name") for case in suite.findall("testcase")] == list(CHECKS)
    data = json.loads(report.read_text())
    assert data["ok"] and data["fuzz"]["actions"] >= 40 and data["fuzz"]["exceptions"] == 0
    assert "tinypack/echo-v0" in capsys.readouterr().out


def test_cli_fails_and_names_env_check_and_problem(install_pack, tmp_path, capsys):
    install_pack("badpack", BADPACK_MODULE, BADPACK_REGISTRY)
    junit = tmp_path / "check.xml"
    code = main(["check", "badpack/leak-reason-v0", *FAST, "--only", "hidden_fields,bounds",
                 "--junit", str(junit)])
    assert code == 1
    assert "badpack/leak-reason-v0 :: hidden_fields:" in capsys.readouterr().err
    cases = ET.parse(junit).getroot().findall(".//testcase")
    assert [c.get("name") for c in cases] == ["hidden_fields", "bounds"]
    failure = cases[0].find("failure")
    assert failure is not None and "is shown to the agent" in failure.get("message")
    assert cases[1].find("failure") is None


def test_cli_refuses_unknown_checks_and_patterns(capsys):
    assert main(["check", "math/arithmetic-v0", "--only", "vibes"]) == 2
    assert "unknown check vibes" in capsys.readouterr().err
    assert main(["check", "nothing/*"]) == 2


def test_junit_stays_valid_xml_whatever_the_probes_sent():
    nasty = "\x00\x1b[31m\ud800 <tag> & \"quotes\" \ufffe"
    report = Report(envs=["x/y-v0"], seconds=1.0, options={}, results=[
        CheckResult("x/y-v0", "fuzz", "failed", 0.5, nasty, [nasty]),
        CheckResult("x/y-v0", "bounds", "skipped", 0.0, "not run"),
    ])
    root = ET.fromstring(junit_xml(report).encode())
    failure = root.find(".//failure")
    assert failure is not None and "<tag> & \"quotes\"" in failure.get("message")
    assert root.find(".//skipped") is not None and root.get("skipped") == "1"


def test_pytest_helpers_name_each_case_and_raise_with_the_problems(install_pack):
    install_pack("badpack", BADPACK_MODULE, BADPACK_REGISTRY)
    cases = conformance_cases("badpack/leak-*", checks=["hidden_fields"])
    assert [c.id for c in cases] == ["badpack/leak-metadata-v0::hidden_fields",
                                     "badpack/leak-reason-v0::hidden_fields"]
    try:
        assert_conforms("badpack/leak-reason-v0", "hidden_fields", hidden_episodes=4)
    except AssertionError as exc:
        assert "badpack/leak-reason-v0 :: hidden_fields" in str(exc)
        assert "is shown to the agent" in str(exc)
    else:
        raise AssertionError("a leaking env passed")
    assert assert_conforms("badpack/leak-reason-v0", "oracle_null", seeds=1).ok
