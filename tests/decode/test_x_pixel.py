"""X (Twitter) pixel decoding: the real `adsct` requests and the event shapes with custom data
and matching keys."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import x_pixel
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_URL, PARAMETER

NEVADA = "nevada-nevadahealthlink.com"


@pytest.mark.realworld
@pytest.mark.parametrize("host", ["t.co/i/adsct", "analytics.twitter.com/i/adsct"])
def test_real_adsct_pageview(host: str) -> None:
    capture = realworld_captures(NEVADA, host)[0]
    [draft] = x_pixel.decode(ParsedRequest(capture))
    assert draft.account == "nvlct"
    assert draft.event == "pageview"
    assert field(draft, "events[0]").name == EVENT
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "tw_document_href").name == PAGE_URL
    assert field(draft, "tw_sale_amount").name == CUSTOM_DATA
    assert field(draft, "dv").name == PARAMETER
    assert field(draft, "dv").value.startswith("America/Los_Angeles&en-US")
    assert not draft.identifiers  # p_user_id=0 is no user id


def test_several_events_with_parameters_and_matching_keys() -> None:
    events = quote(json.dumps([["pageview", {}], ["tw-abc-def", {"search_string": "ivf cost", "value": 10}]]))
    url = (
        f"https://t.co/1/i/adsct?txn_id=o1234&events={events}"
        "&tw_document_href=https%3A%2F%2Fclinic.test%2Fivf&email=" + "d" * 64 + "&phone_number=%2B15551234567"
        "&twclid=2-abc"
    )
    first, second = x_pixel.decode(make_request(url))
    assert (first.event, second.event) == ("pageview", "tw-abc-def")
    assert field(second, "events[1].search_string").value == "ivf cost"
    assert field(second, "events[1].value").name == CUSTOM_DATA
    for draft in (first, second):
        assert draft.account == "o1234"
        assert draft.page_url == "https://clinic.test/ivf"
        assert identifier(draft, "email").kind == "hashed_email"
        assert identifier(draft, "phone_number").kind == "phone"
        assert identifier(draft, "twclid").kind == "x_click"


def test_single_event_json() -> None:
    data = {"value": "99", "contents": [{"content_name": "STI home test"}], "email_address": "e" * 64}
    event = quote(json.dumps(data))
    [draft] = x_pixel.decode(
        make_request(
            f"https://analytics.twitter.com/1/i/adsct?txn_id=o9&event={event}"
            "&tw_document_href=https%3A%2F%2Fclinic.test%2F"
        )
    )
    assert draft.account == "o9"
    assert draft.event == "event"
    assert field(draft, "event.contents[0].content_name").value == "STI home test"
    assert identifier(draft, "event.email_address").kind == "hashed_email"


@pytest.mark.realworld
def test_every_real_x_request_decodes() -> None:
    routed = routed_captures("x_pixel")
    assert len(routed) == 2
    for site, capture in routed:
        drafts = x_pixel.decode(ParsedRequest(capture))
        assert drafts and all(d.account for d in drafts), (site, capture.url)
