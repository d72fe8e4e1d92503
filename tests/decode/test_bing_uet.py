"""Microsoft Advertising UET decoding: the real page loads, custom events with a search term,
and the tag script that must not be mistaken for a data request."""

from __future__ import annotations

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import bing_uet
from pixelhound.decode.request import ParsedRequest
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER, SEARCH_TERM

NEVADA = "nevada-nevadahealthlink.com"


@pytest.mark.realworld
def test_real_page_load() -> None:
    capture = realworld_captures(NEVADA, "bat.bing.com/action/0")[0]
    [draft] = bing_uet.decode(ParsedRequest(capture))
    assert draft.account == "295006291"
    assert draft.event == "pageLoad"
    assert field(draft, "evt").name == EVENT
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "p").name == PAGE_URL
    assert field(draft, "tl").name == PAGE_TITLE
    assert field(draft, "tl").value == "Home - Nevada Health Link - Official Website"
    assert identifier(draft, "vid").kind == "uet_vid"
    assert identifier(draft, "vid").value == "ba16b480244411f0a6e49b0a9bdf021e"
    assert identifier(draft, "sid").kind == "uet_sid"
    assert field(draft, "msclkid").name == PARAMETER  # "N": no ad click
    assert [i.kind for i in draft.identifiers] == ["uet_sid", "uet_vid"]


def test_custom_event_with_search_term_and_click_id() -> None:
    [draft] = bing_uet.decode(
        make_request(
            "https://bat.bing.com/action/0?ti=5000&evt=custom&ea=search&ec=site%20search&el=results"
            "&kw=chlamydia%20treatment&gv=0&p=https%3A%2F%2Fclinic.test%2Fsearch&r=https%3A%2F%2Fclinic.test%2F"
            "&msclkid=abc123&vid=v1&sid=s1"
        )
    )
    assert draft.account == "5000"
    assert draft.event == "search"
    assert field(draft, "kw").name == SEARCH_TERM
    assert field(draft, "kw").value == "chlamydia treatment"
    assert field(draft, "ec").name == CUSTOM_DATA
    assert field(draft, "el").value == "results"
    assert field(draft, "r").name == REFERRER
    assert identifier(draft, "msclkid").kind == "ms_click"


def test_beacon_post_body() -> None:
    [draft] = bing_uet.decode(
        make_request(
            "https://bat.bing.com/action/0",
            "POST",
            "ti=77&evt=pageViewTime&p=https%3A%2F%2Fclinic.test%2Fabortion&vid=v2",
            "application/x-www-form-urlencoded",
        )
    )
    assert draft.account == "77"
    assert draft.event == "pageViewTime"
    assert draft.page_url == "https://clinic.test/abortion"
    assert identifier(draft, "vid").value == "v2"


def test_tag_script_is_a_loader_not_a_collector() -> None:
    knowledge = default_knowledge()
    script = make_request("https://bat.bing.com/p/action/295006291.js")
    vendor, endpoint = knowledge.endpoint_for(script.host, script.path, script.query_names)
    assert (vendor.id, endpoint.kind) == ("microsoft", "loader")
    hit = make_request("https://bat.bing.com/action/0?ti=1&evt=pageLoad")
    assert knowledge.endpoint_for(hit.host, hit.path, hit.query_names)[1].decoder == "bing_uet"


@pytest.mark.realworld
def test_every_real_bing_request_decodes() -> None:
    routed = routed_captures("bing_uet")
    assert len(routed) == 3
    for site, capture in routed:
        [draft] = bing_uet.decode(ParsedRequest(capture))
        assert draft.account and draft.event == "pageLoad", (site, capture.url)
