"""The published JSON Schema of the JSON report, generated from the msgspec Structs it encodes.

Generated rather than written by hand so that it cannot disagree with what `render_json` writes;
`tools/make_schema.py` writes it to `schema/pixelhound-report.schema.json` and a test fails when
the checked-in copy is stale. On top of what msgspec derives, this adds what a consumer needs:
every property marked required (render_json always writes every field), enumerations, and
descriptions of the main objects.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from pixelhound.assess.registry import rule_ids
from pixelhound.repeats import DISCLOSURE_GROUP, FINDING, RECIPIENT, STABILITY_VERDICTS
from pixelhound.model import MEASUREMENT_STATES, SEVERITIES, WITHDRAWAL_STATES
from pixelhound.report.json_report import FORMAT_VERSION, JsonReport

SCHEMA_ID = f"urn:pixelhound:report-schema:{FORMAT_VERSION}"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Property descriptions of the objects a consumer reads first. Keys must exist (tested).
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "JsonReport": {
        "format": "Version of this document's format; changes only when a consumer would have to change.",
        "tool": 'Always "pixelhound".',
        "tool_version": "The pixelhound version that wrote the document.",
        "generated": "When the analysis ran, UTC, ISO 8601.",
        "sources": "The inputs: HAR files, or sites scanned under a consent scenario.",
        "recipients": "Per receiving company, figures derived from the disclosures; most exposed first.",
        "findings": "Judged problems, most severe first.",
        "disclosures": "What each request told each recipient.",
        "presences": "Trackers seen only as a script or container download, without a payload.",
        "third_parties": "Every third-party host contacted, with who runs it where known.",
        "cookies": "Cookies sent with, or set by, the captured requests.",
        "stability": "For a scan with --repeat N: per site x scenario, in how many of its measured visits each "
        "recipient, disclosure group and finding was seen, and whether the result is stable. Empty otherwise.",
    },
    "Stability": {
        "runs": "Visits made of this site x scenario (N), each in a fresh browser profile.",
        "measured_runs": "Visits measured: a visit not measured is never counted as 'not seen'.",
        "verdict": "stable (everything seen in every visit), varies (something seen in some visits only), "
        "not fully measured (nothing varied, but a visit was not fully measured) or not measured.",
        "every_run": "Companies seen in every measured visit.",
        "some_runs": "Companies seen in some measured visits only: still findings where they were seen.",
        "seen": "Each recipient, disclosure group (vendor and event) and finding (vendor and rule) with its counts.",
    },
    "SeenIn": {
        "kind": "recipient, disclosure (a disclosure group: what one recipient was told of one kind) or finding.",
        "what": "The disclosure group's event (else product), or the finding's rule; empty for a recipient.",
        "seen_in": "Measured visits it was seen in.",
        "runs": "Measured visits of the site x scenario.",
    },
    "ReportedSource": {
        "path": "The HAR file read (for a scan, the run folder's HAR).",
        "site": "The site's start URL (for a HAR, its first page).",
        "entries": "Requests in the input.",
        "error": "Why the input could not be read; empty when it was.",
        "measured": "False when the site could not be measured (down, bot wall, banner not operated): never clean.",
        "reason": "Why the site was not measured.",
        "repeat": "Which visit (1..N) of the site x scenario this is, for a scan with --repeat N; 0 otherwise.",
        "device": "The browser a live scan visited as: desktop or mobile (an Android Chrome); empty for a HAR.",
        "measurement": "How far the input's verdict can be trusted: measured, partly-measured (some entries "
        "could not be read, or the scan fell short: shortfalls), incomplete (requests the network record saw are missing from the evidence) or "
        "not-measured. Only measured with no findings is clean.",
        "unread_entries": "Entries (or records) of the input that could not be read at all.",
        "shortfalls": "What a live scan set out to do and could not (a time limit reached, a click or a field the page "
        "offered that could not be used, a collector that failed): each makes the input partly-measured.",
        "network_requests": "Requests the network-level record saw; -1 when there was no network record.",
        "evidence_requests": "Requests in the evidence (page-level record plus those recovered).",
        "unrecovered": "Requests the network record saw that could not be put in the evidence.",
        "site_context": "What the site says about itself: whether it is a specialist health service, "
        "decided once per site.",
        "scenario": "The consent scenario of a live scan (no-interaction, reject-all, accept-all, withdraw, gpc); "
        "empty for a HAR import.",
        "consent_verified": "False when the scenario's choice could not be proven: the banner could not be operated, "
        "its consent record did not change, a withdrawal did not hold, or the GPC signal did not reach every frame.",
        "consent_ease": "The cookie banner's first layer when the scenario met one (is reject as easy as accept), "
        "and in the withdraw scenario how withdrawing went; null when no banner was read.",
    },
    "ConsentEase": {
        "banner": "The banner read (onetrust, cookiebot, civic-cookie-control, ..., generic-buttons).",
        "accept_label": "The first layer's accept control as shown; empty when there is none.",
        "reject_label": "The first layer's reject-all control as shown; empty when there is none.",
        "settings_label": "The first layer's settings control as shown; empty when there is none.",
        "accept_clicks": "Clicks to accept from the first layer; 0 when accept is not on it.",
        "reject_clicks": "Clicks to reject everything from the first layer; 0 when reject is not on it (at least "
        "two clicks, through the settings layer, or not possible).",
        "withdrawal": "withdraw scenario: confirmed, unconfirmed, no-control (no way back to the choice), or empty "
        "when not tried (the accept did not hold).",
        "withdraw_control": "The revisit control or cookie-settings link that reopened the choice.",
        "withdraw_clicks": "Clicks from the page to the confirmed withdrawal (the control, then reject all); 0 when not done.",
    },
    "SiteContext": {
        "kind": "specialist (a service in a health category: every visit is health data), general "
        "(a hospital or trust of many departments: pages judged one by one) or unknown.",
        "categories": "The health categories of a specialist site.",
        "service": "How reports name the service, e.g. sexual health clinic.",
        "decided_by": "inferred from the site's own words, or user (--site-category, the fleet file's category).",
        "reason": "One line saying which text decided.",
        "evidence": "The site's texts that name the category (field: site:name, site:title, site:description, ...).",
        "provider": "The care the site says it provides (a specialist service, a hospital, GP practice, pharmacy, "
        "dentist, telehealth service); empty when it says none. On such a site a visitor's service action "
        "without a health word (Book a consultation) is contact with care.",
    },
    "Finding": {
        "id": "f1, f2, ... in order of severity; unique within one document.",
        "rule": "The rule that judged it, e.g. health-data-disclosed, identifier-disclosed, canary-disclosed.",
        "severity": "low, medium or high.",
        "vendor": "The recipient's vendor id (see disclosures[].vendor).",
        "company": "The company that received the data.",
        "summary": "One sentence a reader can act on.",
        "disclosures": "Ids of the disclosures behind the finding.",
        "captures": "Entry numbers, in the input, of the requests behind the finding.",
        "categories": "Health categories involved (health findings only).",
        "recommendation": "What to do about it.",
        "source": "The input (sources[].path) the finding comes from.",
    },
    "Disclosure": {
        "id": "d1, d2, ...; unique within one document.",
        "capture_index": "Entry number of the request in its input.",
        "vendor": "Vendor id from pixelhound's tracker knowledge, or the registrable domain when unknown.",
        "company": "The company that received the request.",
        "product": "The product or endpoint, e.g. Meta Pixel.",
        "category": "What the recipient does: advertising, analytics, session_recording, ...",
        "request_url": "The request as sent.",
        "event": "The tracker event name, e.g. PageView.",
        "account": "The site owner's account or pixel id at the recipient.",
        "page_url": "The page the request was sent from.",
        "fields": "Normalised things the recipient was told, each with the raw parameter it came from.",
        "identifiers": "What ties the disclosure to a person or browser.",
        "sensitivity": "The health classifier's verdict on the disclosure.",
        "first_party_proxy": "True when the request went to the site's own domain but reached the recipient.",
        "source": "The input (sources[].path) it was read from.",
    },
    "Field": {
        "name": "Normalised name: page_url, page_title, referrer, event, button_text, link_url, search_term, "
        "form_field, custom_data, page_metadata or parameter.",
        "value": "The decoded value, as the recipient received it.",
        "source": "The raw parameter it came from; nested parameters are joined with an arrow.",
    },
    "Identifier": {
        "kind": "Identifier kind, e.g. fbp, hashed_email, ga_client_id, ip_address.",
        "value": "The identifier as sent.",
        "source": "The raw parameter or cookie it came from.",
        "label": "How a report names the kind.",
    },
    "Sensitivity": {
        "sensitive": "True when the disclosure reveals special-category health information.",
        "categories": "The health categories revealed.",
        "evidence": "The words or concepts that decided, per field.",
        "site_basis": "On a specialist service's site: why its category was given at site strength, or withheld "
        "from a page whose own text names another role than a client's (jobs, fundraising, press); empty elsewhere.",
    },
    "Evidence": {
        "category": "The health category.",
        "term": "The word or concept matched.",
        "text": "The text it was found in.",
        "field": "The raw parameter (fields[].source) the text came from; site:<place> for the site's own words.",
        "strength": "text (a human-readable field of the disclosure names the category) or site (the site is "
        "a specialist service in that category, so any visit to it tells as much).",
    },
    "RecipientSummary": {
        "requests": "Distinct requests the company received.",
        "health_disclosures": "Disclosures judged health-related.",
        "identifiers": "Labels of the identifier kinds received, except the IP address.",
        "top_sensitive": "The most sensitive distinct things received.",
        "worst_severity": "The most severe finding about this company; empty when none.",
    },
}

# Properties whose values come from a closed list fixed in the model (open lists, such as scenario
# names, cookie `how` and categories, stay plain strings so that a new one does not break consumers' validation).
_ENUMS: dict[tuple[str, str], list[str]] = {
    ("Finding", "severity"): list(SEVERITIES),
    ("Finding", "rule"): list(rule_ids()),
    ("ReportedSource", "measurement"): list(MEASUREMENT_STATES),  # the rules of this version (assess/registry.py)
    ("RecipientSummary", "worst_severity"): ["", *SEVERITIES],
    ("Stability", "verdict"): list(STABILITY_VERDICTS),
    ("SeenIn", "kind"): [RECIPIENT, DISCLOSURE_GROUP, FINDING],
    ("ConsentEase", "withdrawal"): ["", *WITHDRAWAL_STATES],
}
_CONSTS: dict[tuple[str, str], str] = {("JsonReport", "format"): FORMAT_VERSION, ("JsonReport", "tool"): "pixelhound"}


def report_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document render_json writes."""
    generated = msgspec.json.schema(JsonReport)
    definitions: dict[str, Any] = generated["$defs"]
    for name, definition in definitions.items():
        properties: dict[str, Any] = definition.get("properties", {})
        definition["required"] = list(properties)  # no report Struct omits defaults: every key is written
        for prop_name, prop in properties.items():
            prop.pop("default", None)  # defaults describe the Python constructor, not the document
            if (name, prop_name) in _ENUMS:
                prop["enum"] = _ENUMS[(name, prop_name)]
            if (name, prop_name) in _CONSTS:
                prop["const"] = _CONSTS[(name, prop_name)]
        for prop_name, text in DESCRIPTIONS.get(name, {}).items():
            if prop_name not in properties:
                raise KeyError(f"schema description for {name}.{prop_name}, which the model no longer has")
            properties[prop_name]["description"] = text
    return {
        "$schema": DRAFT,
        "$id": SCHEMA_ID,
        "title": "pixelhound report",
        "description": (
            "What health websites disclosed to third parties: the inputs read, every disclosure decoded, "
            "the findings judged from them and per-recipient figures. Written by `pixelhound analyze -f json`."
        ),
        "$ref": "#/$defs/JsonReport",
        "$defs": definitions,
    }


def schema_text() -> str:
    """The schema as checked in: stable key order, two-space indent, final newline."""
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
