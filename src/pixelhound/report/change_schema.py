"""The published JSON Schema of `pixelhound diff --format json`, generated like the report's
(report/schema.py) from Structs that state the document's shape; tools/make_schema.py writes it to
schema/pixelhound-diff.schema.json, and the store's tests validate real diffs against it."""

from __future__ import annotations

import json
from typing import Any, Literal

import msgspec

from pixelhound.report.schema import DRAFT

Measurement = Literal["measured", "partly-measured", "incomplete", "not-measured"]


class DiffRun(msgspec.Struct):
    """One of the two runs compared."""

    id: int
    started: str = ""
    folder: str = ""


class DiffRecipient(msgspec.Struct):
    """One recipient of one site, before and after."""

    vendor: str
    company: str
    status: Literal["removed", "added", "still-present", "not-measured"]
    old_disclosures: int
    new_disclosures: int
    old_health: int
    new_health: int


class DiffFinding(msgspec.Struct):
    rule: str
    status: Literal["fixed", "new", "persisting", "not-measured"]


class DiffSite(msgspec.Struct):
    site: str
    name: str
    old: Measurement
    new: Measurement
    recipients: list[DiffRecipient]
    findings: list[DiffFinding]


class DiffSummary(msgspec.Struct):
    """One recipient company across the fleet."""

    vendor: str
    company: str
    sites_old: int
    sites_new: int
    removed: int
    added: int
    measured_both: int
    measured_old: int
    measured_new: int
    not_measured: int


class DiffReport(msgspec.Struct):
    old: DiffRun
    new: DiffRun
    sites: list[DiffSite]
    summary: list[DiffSummary]


DESCRIPTIONS: dict[str, dict[str, str]] = {
    "DiffRun": {"id": "The run's id in the store.", "started": "When the run started, UTC, ISO 8601.",
                "folder": "The run folder (its evidence and reports); empty for an analysis of HAR files."},
    "DiffSite": {"site": "The site's stable key: the registrable domain of its start URL, or the fleet file's key.",
                 "name": "The site's name in the newer run that has it.",
                 "old": "How far the site was measured in the older run (not-measured when absent from it).",
                 "new": "How far the site was measured in the newer run."},
    "DiffRecipient": {"status": "removed and added only where every scenario the recipient was seen in was measured "
                                "in full in the other run; otherwise not-measured.",
                      "old_health": "Health-related disclosures in the older run."},
    "DiffFinding": {"status": "fixed and new only where the scenarios concerned were measured in full in the other run."},
    "DiffSummary": {"sites_old": "Sites that sent this company data in the older run.",
                    "sites_new": "Sites that sent this company data in the newer run.",
                    "measured_both": "Sites measured (at least in part) in both runs.",
                    "not_measured": "Sites where this company's presence could not be compared."},
}


def diff_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the diff document."""
    generated = msgspec.json.schema(DiffReport)
    definitions: dict[str, Any] = generated["$defs"]
    for name, definition in definitions.items():
        properties: dict[str, Any] = definition.get("properties", {})
        definition["required"] = list(properties)
        for prop_name, prop in properties.items():
            prop.pop("default", None)
        for prop_name, text in DESCRIPTIONS.get(name, {}).items():
            properties[prop_name]["description"] = text
    return {
        "$schema": DRAFT,
        "$id": "urn:pixelhound:diff-schema:1",
        "title": "pixelhound diff",
        "description": "What changed between two runs of the same sites. Written by `pixelhound diff --format json`.",
        "$ref": "#/$defs/DiffReport",
        "$defs": definitions,
    }


def diff_schema_text() -> str:
    return json.dumps(diff_schema(), indent=2, ensure_ascii=False) + "\n"
