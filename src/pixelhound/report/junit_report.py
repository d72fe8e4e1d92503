"""JUnit XML: what CI systems already show and gate on. One suite per input (a HAR file, or a site
under one consent scenario); one test case per rule and recipient checked.

A finding is a failing test case; a check that found nothing is a passing one, so the CI page shows
what was checked and not only what failed. An input that could not be read or measured is an
error, never a pass: a site that was not measured is not clean.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from pixelhound.model import MEASURED, NOT_MEASURED, Analysis, Finding
from pixelhound.report.common import Index, clean, evidence_lines
from pixelhound.report.verdict import input_verdict
from pixelhound.assess.registry import checked_per
from pixelhound.assess.rule import PER_RECIPIENT, PER_SESSION_RECORDER
from pixelhound.settings import JUNIT_EVIDENCE_DISCLOSURES

_TIMESTAMP = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)")  # the JUnit schema's form, without a zone
_NOBODY = "(no third party received data)"
_NO_RECORDER = "(no session recorder seen)"


@dataclass
class _Suite:
    """The test cases of one input, counted as they are added."""

    element: ET.Element
    tests: int = 0
    failures: int = 0
    errors: int = 0
    findings: dict[tuple[str, str], list[Finding]] = field(default_factory=dict)

    def case(self, rule: str, name: str, failure: Finding | None = None, index: Index | None = None) -> None:
        case = ET.SubElement(self.element, "testcase", classname=rule, name=clean(name), time="0")
        self.tests += 1
        if failure is not None and index is not None:
            self.failures += 1
            lines = evidence_lines(failure, index, JUNIT_EVIDENCE_DISCLOSURES)
            element = ET.SubElement(case, "failure", message=clean(failure.summary), type=failure.severity)
            element.text = "\n".join(lines)

    def error(self, name: str, message: str, state: str = NOT_MEASURED) -> None:
        case = ET.SubElement(self.element, "testcase", classname="input", name=name, time="0")
        ET.SubElement(case, "error", message=clean(message), type=state).text = clean(message)
        self.tests += 1
        self.errors += 1

    def check(self, rule: str, vendor: str, company: str, index: Index) -> None:
        """One test case per finding of this rule and recipient, or one passing case."""
        found = self.findings.pop((rule, vendor), [])
        if not found:
            self.case(rule, company)
        for finding in found:
            name = company if len(found) == 1 else f"{company} ({finding.id})"
            self.case(rule, name, finding, index)


def _timestamp(value: str) -> str:
    match = _TIMESTAMP.match(value)
    return match.group(1) if match else ""


def _suite(parent: ET.Element, key: str, analysis: Analysis, index: Index) -> _Suite:
    summary = index.source(key)
    element = ET.SubElement(parent, "testsuite", name=clean(index.label(key)))
    stamp = _timestamp((summary.started if summary else "") or analysis.generated)
    if stamp:
        element.set("timestamp", stamp)
    properties = ET.SubElement(element, "properties")
    for name, value in (
        ("source", key),
        ("site", summary.site if summary else ""),
        ("site_name", summary.site_name if summary else ""),
        ("scenario", summary.scenario if summary else ""),
        ("requests", str(summary.entries) if summary else ""),
        ("device", summary.device if summary else ""),
        ("repeat", str(summary.repeat) if summary and summary.repeat else ""),
    ):
        if value:
            ET.SubElement(properties, "property", name=name, value=clean(value))
    suite = _Suite(element)
    for finding in analysis.findings:
        if finding.source == key:
            suite.findings.setdefault((finding.rule, finding.vendor), []).append(finding)
    return suite


def _check_source(suite: _Suite, key: str, analysis: Analysis, index: Index) -> None:
    """The checks every input gets: each rule checked per recipient, and per session recorder."""
    summary = index.source(key)
    verdict = input_verdict(summary) if summary is not None else None
    if verdict is not None and verdict.state == NOT_MEASURED:
        suite.error("measured", verdict.reason)
        return
    if verdict is not None and verdict.state != MEASURED:  # checked, but what is missing is no pass
        suite.error("measured", verdict.reason, verdict.state)
    recipients: dict[str, str] = {}
    for disclosure in analysis.disclosures:
        if disclosure.source == key:
            recipients.setdefault(disclosure.vendor, disclosure.company)
    for rule in checked_per(PER_RECIPIENT):
        for vendor, company in sorted(recipients.items(), key=lambda item: item[1].lower()):
            suite.check(rule.id, vendor, company, index)
        if not recipients:
            suite.case(rule.id, _NOBODY)
    recorders: dict[str, str] = {}
    for item in (*analysis.presences, *analysis.disclosures):
        if item.source == key and item.category == "session_recording":
            recorders.setdefault(item.vendor, item.company)
    recorder_rules = checked_per(PER_SESSION_RECORDER)
    for vendor, company in sorted(recorders.items(), key=lambda item: item[1].lower()):
        found = {rule_id for rule_id, found_vendor in suite.findings if found_vendor == vendor}
        for rule in recorder_rules:
            if rule.yields_to not in found:  # judged by the rule it yields to: no case of its own
                suite.check(rule.id, vendor, company, index)
    if not recorders:
        for rule in recorder_rules:
            suite.case(rule.id, _NO_RECORDER)


def render_junit(analysis: Analysis) -> bytes:
    """testsuites > testsuite per input > testcase per rule and recipient; failures are findings."""
    index = Index.of(analysis)
    root = ET.Element("testsuites", name="pixelhound")
    keys = list(dict.fromkeys([*(s.path for s in analysis.sources), *(f.source for f in analysis.findings)]))
    totals = [0, 0, 0]
    for key in keys:
        suite = _suite(root, key, analysis, index)
        _check_source(suite, key, analysis, index)
        for (rule, _vendor), found in list(suite.findings.items()):  # rules with no fixed check: canary, new ones
            for finding in found:
                suite.case(rule, f"{finding.company} ({finding.id})", finding, index)
        suite.findings.clear()
        for name, value in (("tests", suite.tests), ("failures", suite.failures), ("errors", suite.errors)):
            suite.element.set(name, str(value))
        suite.element.set("skipped", "0")
        suite.element.set("time", "0")
        totals = [totals[0] + suite.tests, totals[1] + suite.failures, totals[2] + suite.errors]
    for name, value in zip(("tests", "failures", "errors"), totals):
        root.set(name, str(value))
    root.set("time", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
