"""SARIF 2.1.0: findings for code-scanning dashboards and CI gates that track results across runs.

One run, one result per finding. A result's locations are the web pages the data left from; the
HAR file holding the requests is a related location, so a reviewer can open the proof. Each result
carries a fingerprint made from the rule, the recipient and the site (not the run folder, which is
new every run), so a dashboard sees "the same problem again" rather than a new one. Two inputs of
the same site and scenario in one run share fingerprints: to a dashboard they are one problem.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote, urlsplit

from pixelhound.model import NOT_MEASURED, Analysis, Finding
from pixelhound.report.common import Index, clean, finding_pages
from pixelhound.report.verdict import not_fully_measured
from pixelhound.assess.registry import rule_for, rule_ids
from pixelhound.settings import SARIF_MAX_PAGE_LOCATIONS

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
FINGERPRINT_KEY = "pixelhoundFinding/v1"
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~-._"  # RFC 3986 reserved and unreserved: kept; anything else escaped
SARIF_LEVEL = {"high": "error", "medium": "warning", "low": "note"}


def _devices(analysis: Analysis) -> dict[str, list[str]]:
    """The browsers a live scan visited as (desktop, mobile), for the run's properties; {} for HARs."""
    devices = list(dict.fromkeys(s.device for s in analysis.sources if s.device))
    return {"devices": devices} if devices else {}


def _project_url() -> str:
    """The project's home page as the installed package declares it; '' when it declares none."""
    try:
        urls = metadata.metadata("pixelhound").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return ""
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url.strip():
            return url.strip()
    return ""


def _uri(value: str) -> str:
    """A URI reference SARIF viewers accept: website URLs percent-encoded where they hold spaces or
    control characters; file paths as relative references or file: URIs."""
    text = clean(value)
    if "://" in text or text.startswith(("file:", "data:")):
        return quote(text, safe=_URI_SAFE)
    if PureWindowsPath(text).drive:
        return PureWindowsPath(text).as_uri()
    path = PurePosixPath(text)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix(), safe="/-._~")


def _rule(rule_id: str, severity: str, url: str) -> dict[str, Any]:
    """The descriptor of a rule from the registry; a rule this version does not know (a stored
    report's) gets text made from its id."""
    rule = rule_for(rule_id)
    if rule is not None:
        name, short, full, help_text, severity = rule.name, rule.title, rule.why, rule.advice, rule.severity
    else:
        words = rule_id.replace("-", " ").replace("_", " ").strip() or "unnamed rule"
        name = "".join(w.capitalize() for w in words.split())
        short = full = f"pixelhound rule {rule_id}: {words}."
        help_text = "See the finding's recommendation."
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": SARIF_LEVEL.get(severity, "warning")},
        "properties": {"tags": ["privacy", "health-data", "tracking"], "severity": severity},
    }
    if url:
        descriptor["helpUri"] = url
    return descriptor


def _site_key(finding: Finding, index: Index) -> str:
    """What stays the same from run to run: the site's host and the consent scenario. Not the input
    path, which for a scan is a new run folder each time and for a HAR is often dated."""
    summary = index.source(finding.source)
    try:
        host = (urlsplit(clean(summary.site)).hostname or "") if summary is not None else ""
    except ValueError:  # a malformed address, such as an unclosed IPv6 bracket
        host = ""
    if host:
        return f"{host}|{summary.scenario}"
    return finding.source


def fingerprint(finding: Finding, index: Index) -> str:
    """sha256 of rule, recipient and site: stable across runs, distinct across problems."""
    key = "\x1f".join((finding.rule, finding.vendor, _site_key(finding, index)))
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def _result(finding: Finding, index: Index, rule_index: int) -> dict[str, Any]:
    pages = finding_pages(finding, index)
    summary = index.source(finding.source)
    har_uri = _uri(finding.source) if finding.source else ""
    locations = [
        {
            "id": number,
            "physicalLocation": {"artifactLocation": {"uri": _uri(page)}},
            "logicalLocations": [{"name": clean(page), "kind": "resource"}],
        }
        for number, page in enumerate(pages[:SARIF_MAX_PAGE_LOCATIONS])
    ]
    if not locations and har_uri:  # no page known (a recorder seen only as a script): point at the proof
        locations = [{"id": 0, "physicalLocation": {"artifactLocation": {"uri": har_uri}}}]
    result: dict[str, Any] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL.get(finding.severity, "warning"),
        "message": {"text": clean(finding.summary) or finding.rule},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding, index)},
        "properties": {
            "finding": finding.id,
            "severity": finding.severity,
            "vendor": finding.vendor,
            "company": clean(finding.company),
            "categories": list(finding.categories),
            "disclosures": list(finding.disclosures),
            "captures": list(finding.captures),
            "source": clean(finding.source),
            "site": clean(summary.site) if summary else "",
            "site_name": clean(summary.site_name) if summary else "",
            "scenario": summary.scenario if summary else "",
            "pages_total": len(pages),
            "recommendation": finding.recommendation,
        },
    }
    if har_uri:
        result["relatedLocations"] = [
            {
                "id": len(locations),
                "physicalLocation": {"artifactLocation": {"uri": har_uri}},
                "logicalLocations": [{"name": index.label(finding.source), "kind": "module"}],
                "message": {"text": "The captured requests (HAR) behind this finding."},
            }
        ]
    return result


def _notifications(analysis: Analysis, index: Index) -> list[dict[str, Any]]:
    """Inputs that could not be read or measured in full: never to be taken for clean."""
    notes = []
    for verdict in not_fully_measured(analysis):
        label = verdict.flag.capitalize() if verdict.state != NOT_MEASURED else "Not measured"
        notes.append(
            {
                "level": "error",
                "message": {"text": f"{label}: {index.label(verdict.source.path)}: {clean(verdict.reason)}"},
                "descriptor": {"id": f"input-{verdict.state}"},
            }
        )
    return notes


def render_sarif(analysis: Analysis) -> bytes:
    """A SARIF log with one run; rules for every rule checked or found."""
    index = Index.of(analysis)
    url = _project_url()
    severities = {f.rule: f.severity for f in analysis.findings}
    listed = list(dict.fromkeys([*rule_ids(), *severities]))
    positions = {rule_id: number for number, rule_id in enumerate(listed)}
    driver: dict[str, Any] = {
        "name": "pixelhound",
        "version": analysis.tool_version,
        "rules": [_rule(r, severities.get(r, "medium"), url) for r in listed],
    }
    if url:
        driver["informationUri"] = url
    notifications = _notifications(analysis, index)
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "results": [_result(f, index, positions[f.rule]) for f in analysis.findings],
                "properties": {"generated": analysis.generated, **_devices(analysis)},
            }
        ],
    }
    return (json.dumps(log, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
