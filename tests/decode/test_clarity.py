"""Microsoft Clarity decoding: the `/collect` envelope and analytics events (plain and gzip), and
the uploads whose body cannot be read, which must still report the recorder."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures, values
from pixelhound.decode import clarity
from pixelhound.decode.draft import Draft
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import CUSTOM_DATA, PAGE_METADATA, PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER

NEW_MEXICO = "new-mexico-bewellnm.com"
ENDPOINT = "https://l.clarity.ms/collect"
ENVELOPE = ["0.8.1", 3, 0, 1200, "oyljg3v3uy", "1abcd2e", "sess9x", 1, 0, 0]
ANALYTICS = [
    [
        10, 1,
        1, ["https://clinic.test/conditions/hiv"],
        2, ["https://search.test/"],
        3, ["HIV treatment - Clinic"],
        18, ["Living with HIV"],
    ],
    [12, 34, "patient_type", ["new"]],
    [15, 24, "booking", "started"],
    [16, 0, 1, 1200],
]
PLAYBACK = [[20, 6, 1, "div"], [21, 12, 100, 200]]


def _payload(envelope: object = ENVELOPE, analytics: object = ANALYTICS) -> bytes:
    return json.dumps({"e": envelope, "a": analytics, "p": PLAYBACK}).encode()


def _check_decoded(draft: Draft) -> None:
    assert draft.account == "oyljg3v3uy"
    assert draft.event == "recording upload"
    assert identifier(draft, "body.e.user").kind == "clarity_id"
    assert identifier(draft, "body.e.user").value == "1abcd2e"
    assert field(draft, "body.e.session").value == "sess9x"
    assert draft.page_url == "https://clinic.test/conditions/hiv"
    assert field(draft, "body.a.dimension.url").name == PAGE_URL
    assert field(draft, "body.a.dimension.referrer").name == REFERRER
    assert field(draft, "body.a.dimension.page_title").name == PAGE_TITLE
    assert field(draft, "body.a.dimension.headline").name == PAGE_METADATA
    assert field(draft, "body.a.variable.patient_type").value == "new"
    assert values(draft, CUSTOM_DATA) == ["new", "started"]
    assert field(draft, "body.a/p").value.startswith("4 analytics events, 2 playback events")


def test_gzip_envelope_and_events() -> None:
    [draft] = clarity.decode(make_request(ENDPOINT, "POST", gzip.compress(_payload()), "application/x-clarity-gzip"))
    _check_decoded(draft)


def test_plain_json_with_string_encoded_parts() -> None:
    body = json.dumps({"e": json.dumps(ENVELOPE), "a": json.dumps(ANALYTICS), "p": json.dumps(PLAYBACK)})
    [draft] = clarity.decode(make_request(ENDPOINT, "POST", body, "text/plain"))
    _check_decoded(draft)


def test_envelope_with_page_url() -> None:
    body = _payload(ENVELOPE + [1, "https://clinic.test/a"], [])
    [draft] = clarity.decode(make_request(ENDPOINT, "POST", body, "text/plain"))
    assert draft.page_url == "https://clinic.test/a"
    assert field(draft, "body.e.url").name == PAGE_URL


def test_undecodable_payload_is_reported_with_its_size() -> None:
    body = bytes(range(256)) * 4
    [draft] = clarity.decode(make_request(ENDPOINT, "POST", body, "application/octet-stream"))
    note = field(draft, "body")
    assert note.name == PARAMETER
    assert note.value == "Clarity recording payload encoded or binary, not decodable; 1024 bytes"
    assert draft.account == ""


@pytest.mark.realworld
def test_every_real_clarity_request_reports_the_recorder() -> None:
    routed = routed_captures("clarity")
    assert len(routed) == 3
    for site, capture in routed:
        [draft] = clarity.decode(ParsedRequest(capture))
        assert draft.event == "recording upload"
        if capture.body:
            assert draft.account, (site, capture.url)
        else:
            # These HARs record no request body for Clarity's uploads, so the project id
            # (which travels only in the body) cannot be known from the request.
            assert field(draft, "body").value.startswith("Clarity recording payload not captured")


@pytest.mark.realworld
def test_real_uploads_have_no_body_in_the_capture() -> None:
    captures = realworld_captures(NEW_MEXICO, "clarity.ms/collect")
    assert captures and not any(c.body for c in captures)
