"""JUnit XML: one failure per finding, passing cases for what was checked, errors for what was not."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from pixelhound.model import Analysis
from pixelhound.report.junit_report import render_junit

from .conftest import SCRIPT


def parse(analysis: Analysis) -> ET.Element:
    data = render_junit(analysis)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(data)


@pytest.mark.parametrize("name", ["realworld_analysis", "leaky_analysis", "hostile_analysis", "crafted_analysis"])
def test_counts_agree(name: str, request: pytest.FixtureRequest) -> None:
    analysis: Analysis = request.getfixturevalue(name)
    root = parse(analysis)
    assert root.tag == "testsuites"
    failures = root.findall("./testsuite/testcase/failure")
    assert len(failures) == len(analysis.findings) == int(root.get("failures", ""))
    assert sorted(f.get("message") for f in failures) == sorted(" ".join(f.summary.split()) for f in analysis.findings)
    assert int(root.get("tests", "")) == len(root.findall("./testsuite/testcase"))
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors", "")) == len(suite.findall("testcase/error"))
        names = [(c.get("classname"), c.get("name")) for c in cases]
        assert len(names) == len(set(names)), "test case names repeat within a suite"


def test_suites_per_input_and_passing_checks(realworld_analysis: Analysis) -> None:
    root = parse(realworld_analysis)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [s.path for s in realworld_analysis.sources]
    for suite in suites:
        passed = {c.get("classname") for c in suite.findall("testcase") if not len(c)}
        assert {"health-data-disclosed", "identifier-disclosed", "session-recorder-on-health-page"} <= passed


def test_leaky_failures(leaky_analysis: Analysis) -> None:
    (suite,) = parse(leaky_analysis).findall("testsuite")
    failed = {c.get("classname"): c.find("failure") for c in suite.findall("testcase") if c.find("failure") is not None}
    assert set(failed) == {"health-data-disclosed", "identifier-disclosed"}
    health = failed["health-data-disclosed"]
    assert health is not None and health.get("type") == "high"
    assert "search_term=hiv test" in (health.text or "")
    passed = [c for c in suite.findall("testcase") if not len(c)]
    assert {c.get("classname") for c in passed} == {"session-recorder-on-health-page", "session-recorder"}


def test_unmeasured_is_an_error_and_hostile_text_parses(crafted_analysis: Analysis) -> None:
    root = parse(crafted_analysis)  # control characters and lone markup would break a parser
    down = next(s for s in root.findall("testsuite") if s.get("name") == "Down trust [accept-all]")
    (case,) = down.findall("testcase")
    error = case.find("error")
    assert error is not None and error.get("message") == SCRIPT + " bot wall"
    assert root.get("errors") == "1"
    hostile = next(s for s in root.findall("testsuite") if s.get("name", "").endswith("[reject-all]"))
    rules = [c.get("classname") for c in hostile.findall("testcase") if c.find("failure") is not None]
    assert sorted(rules) == ["brand-new-rule", "canary-disclosed", "health-data-disclosed", "session-recorder"]
    assert "\x00" not in ET.tostring(root, encoding="unicode")


def test_clean_capture_passes_every_check(clean_analysis: Analysis) -> None:
    root = parse(clean_analysis)
    assert root.get("failures") == "0" and root.get("errors") == "0"
    (suite,) = root.findall("testsuite")
    assert {c.get("classname") for c in suite.findall("testcase")} == {
        "health-data-disclosed", "identifier-disclosed", "session-recorder-on-health-page", "session-recorder"
    }
