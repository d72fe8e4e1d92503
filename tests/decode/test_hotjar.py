"""Hotjar decoding: recording uploads (readable or not), visit data, and the routing that keeps the
tag script out of the data requests. The real captures hold only Hotjar's scripts."""

from __future__ import annotations

import gzip
import json

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import hotjar
from pixelhound.decode.request import ParsedRequest
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import PAGE_URL, PARAMETER, REFERRER

NEVADA = "nevada-nevadahealthlink.com"
IDAHO = "idaho-yourhealthidaho.org"
GZIP = [("Content-Encoding", "gzip")]


def test_undecodable_recording_is_still_reported_with_its_size() -> None:
    payload = gzip.compress(bytes(range(256)) + bytes(44))  # a binary recording frame inside gzip
    [draft] = hotjar.decode(
        make_request("https://content.hotjar.io/?site_id=2718238&gzip=1", "POST", payload, "text/plain", GZIP)
    )
    assert draft.account == "2718238"
    assert draft.event == "recording"
    note = field(draft, "body")
    assert note.name == PARAMETER
    assert note.value == (
        f"Hotjar recording payload encoded or binary, not decodable; {len(payload)} bytes, 300 decompressed"
    )


def test_recording_json_is_decoded() -> None:
    body = gzip.compress(
        json.dumps(
            {
                "user_id": "a1b2c3d4-user",
                "url": "https://clinic.test/mental-health/self-referral",
                "referrer": "https://search.test/",
            }
        ).encode()
    )
    req = make_request("https://content.hotjar.io/?site_id=99&gzip=1", "POST", body, "text/plain", GZIP)
    [draft] = hotjar.decode(req)
    assert draft.account == "99"
    assert identifier(draft, "body.user_id").kind == "hotjar_user"
    assert draft.page_url == "https://clinic.test/mental-health/self-referral"
    assert field(draft, "body.url").name == PAGE_URL
    assert field(draft, "body.referrer").name == REFERRER


def test_visit_data_names_the_site_in_its_path() -> None:
    body = json.dumps({"window_width": 375, "user_id": "u-77", "url": "https://clinic.test/"})
    [draft] = hotjar.decode(
        make_request(
            "https://in.hotjar.com/api/v2/client/sites/1562091/visit-data?sv=7", "POST", body, "application/json"
        )
    )
    assert draft.account == "1562091"
    assert draft.event == "visit data"
    assert identifier(draft, "body.user_id").value == "u-77"
    assert field(draft, "body.window_width").value == "375"


def test_upload_without_captured_body() -> None:
    [draft] = hotjar.decode(make_request("https://content.hotjar.io/?site_id=5", "POST"))
    assert draft.account == "5"
    assert field(draft, "body").value == (
        "Hotjar recording payload not captured (the capture holds no request body); size unknown"
    )


@pytest.mark.realworld
@pytest.mark.parametrize(("site", "site_id"), [(NEVADA, "2718238"), (IDAHO, "5078960")])
def test_real_tag_script_is_a_loader(site: str, site_id: str) -> None:
    knowledge = default_knowledge()
    capture = realworld_captures(site, f"static.hotjar.com/c/hotjar-{site_id}.js")[0]
    req = ParsedRequest(capture)
    vendor, endpoint = knowledge.endpoint_for(req.host, req.path, req.query_names)
    assert (vendor.id, endpoint.kind) == ("hotjar", "loader")
    # decoded anyway (a pipeline may ask), the site id comes from the script name
    [draft] = hotjar.decode(req)
    assert (draft.account, draft.event) == (site_id, "tag script")


def test_recording_hosts_route_to_the_decoder() -> None:
    knowledge = default_knowledge()
    for url in ("https://content.hotjar.io/?site_id=1", "https://in.hotjar.com/api/v2/client/sites/1/visit-data"):
        req = make_request(url)
        assert knowledge.endpoint_for(req.host, req.path, req.query_names)[1].decoder == "hotjar", url


@pytest.mark.realworld
def test_every_real_hotjar_request_decodes() -> None:
    for site, capture in routed_captures("hotjar"):  # none in these captures: scripts only
        drafts = hotjar.decode(ParsedRequest(capture))
        assert drafts and drafts[0].account, (site, capture.url)
