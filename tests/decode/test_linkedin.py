"""LinkedIn Insight Tag decoding: the real `collect`, `attribution_trigger` and `/wa/` requests,
and the JSON shape with a hashed email, a first-party id and a conversion."""

from __future__ import annotations

import json

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import linkedin
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import EVENT, PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER

NEVADA = "nevada-nevadahealthlink.com"
MARYLAND = "maryland-marylandhealthconnection.gov"
TEXT_PLAIN = "text/plain;charset=UTF-8"


@pytest.mark.realworld
def test_real_collect_page_view_names_both_partners() -> None:
    capture = realworld_captures(NEVADA, "px.ads.linkedin.com/collect")[0]
    [draft] = linkedin.decode(ParsedRequest(capture))
    assert draft.account == "301905,3597804"
    assert draft.event == "page view"
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "url").name == PAGE_URL
    ads_id = identifier(draft, "li_adsId")
    assert (ads_id.kind, ads_id.value) == ("li_ads_id", "ae06aa5e-b3c2-45fc-ad5c-3bc3e89b9767")


@pytest.mark.realworld
def test_real_attribution_trigger() -> None:
    capture = realworld_captures(NEVADA, "attribution_trigger")[0]
    [draft] = linkedin.decode(ParsedRequest(capture))
    assert draft.event == "attribution trigger"
    assert draft.account == "301905,3597804"
    assert draft.page_url == "https://www.nevadahealthlink.com/"


@pytest.mark.realworld
def test_real_wa_json_body() -> None:
    capture = realworld_captures(MARYLAND, "px.ads.linkedin.com/wa/")[0]
    [draft] = linkedin.decode(ParsedRequest(capture))
    assert draft.account == "5485124"
    assert draft.event == "PAGE_VISIT"
    assert draft.page_url == "https://marylandhealthconnection.gov/"
    assert field(draft, "body.pageTitle").name == PAGE_TITLE
    assert field(draft, "body.pageTitle").value == "Home - Maryland Health Connection"
    assert field(draft, "body.signalType").name == EVENT
    assert field(draft, "body.domain").name == PARAMETER
    assert not draft.identifiers  # liFatId "" and hem null were sent empty


def test_wa_with_hashed_email_first_party_id_and_conversion() -> None:
    body = {
        "pids": [123, 456],
        "url": "https://clinic.test/thank-you?service=ivf",
        "pageTitle": "Thank you - Fertility clinic",
        "referrer": "https://clinic.test/ivf/book",
        "hem": "c" * 64,
        "liFatId": "AQH_fat_id",
        "conversionId": 987,
        "signalType": "CONVERSION",
        "misc": {"psbState": -4},
    }
    [draft] = linkedin.decode(
        make_request("https://px.ads.linkedin.com/wa/", "POST", json.dumps(body), TEXT_PLAIN)
    )
    assert draft.account == "123,456"
    assert draft.event == "conversion 987"  # the conversion says more than the signal type
    assert draft.page_url == "https://clinic.test/thank-you?service=ivf"
    assert field(draft, "body.referrer").name == REFERRER
    assert identifier(draft, "body.hem").kind == "hashed_email"
    assert identifier(draft, "body.liFatId").kind == "li_fat_id"
    assert field(draft, "body.misc.psbState").value == "-4"


def test_wa_plain_email_in_hem_is_reported_as_email() -> None:
    body = {"pids": [1], "url": "https://clinic.test/", "hem": "pat@example.test"}
    [draft] = linkedin.decode(make_request("https://px.ads.linkedin.com/wa/", "POST", json.dumps(body), TEXT_PLAIN))
    assert identifier(draft, "body.hem").kind == "email"


def test_collect_conversion() -> None:
    [draft] = linkedin.decode(
        make_request(
            "https://px.ads.linkedin.com/collect?v=2&fmt=js&pid=42&conversionId=777"
            "&url=https%3A%2F%2Fclinic.test%2Fbooked&li_fat_id=abc"
        )
    )
    assert draft.account == "42"
    assert draft.event == "conversion 777"
    assert identifier(draft, "li_fat_id").kind == "li_fat_id"


@pytest.mark.realworld
def test_every_real_linkedin_request_decodes() -> None:
    routed = routed_captures("linkedin")
    assert len(routed) >= 15
    for site, capture in routed:
        drafts = linkedin.decode(ParsedRequest(capture))
        assert len(drafts) == 1, (site, capture.url)
        assert drafts[0].account, (site, capture.url)
        assert drafts[0].page_url.startswith("https://"), (site, capture.url)
