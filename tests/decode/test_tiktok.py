"""TikTok Pixel decoding: the real events and Metadata actions, and the shapes PROTOCOLS.md lists
(text/plain JSON, batches, gzip)."""

from __future__ import annotations

import gzip
import json

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures, values
from pixelhound.decode import tiktok
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    LINK_URL,
    PAGE_METADATA,
    PAGE_TITLE,
    PAGE_URL,
    PARAMETER,
    REFERRER,
    SEARCH_TERM,
)

COLORADO = "colorado-connectforhealthco.com"
NEVADA = "nevada-nevadahealthlink.com"
ENDPOINT = "https://analytics.tiktok.com/api/v2/pixel"
TEXT_PLAIN = "text/plain;charset=UTF-8"


def _event(name: str = "Search", **properties: object) -> dict:
    return {
        "event": name,
        "event_id": "e-1",
        "timestamp": "2025-01-01T00:00:00.000Z",
        "context": {
            "pixel": {"code": "CABCDEF123"},
            "page": {"url": "https://clinic.test/search?q=chlamydia", "referrer": "https://clinic.test/"},
            "user": {"anonymous_id": "01ABC_.tt.1", "email": "d" * 64, "phone_number": "e" * 64},
            "ad": {"callback": "E.C.P.ttclid123"},
            "library": {"name": "pixel.js", "version": "2.2.0"},
        },
        "properties": properties,
    }


def test_real_pageviews_for_two_pixels() -> None:
    captures = realworld_captures(COLORADO, "analytics.tiktok.com/api/v2/pixel")
    events = [c for c in captures if c.url.endswith("/pixel")]
    assert len(events) == 2
    drafts = [d for c in events for d in tiktok.decode(ParsedRequest(c))]
    assert [(d.event, d.account) for d in drafts] == [
        ("Pageview", "C8J7IKS8D8GECQQUIMM0"),
        ("Pageview", "CE9020JC77UFTJ8G40I0"),
    ]
    for draft in drafts:
        assert draft.page_url == "https://connectforhealthco.com/"
        assert field(draft, "body.context.page.url").name == PAGE_URL
        ttp = identifier(draft, "body.context.user.anonymous_id")
        assert (ttp.kind, ttp.value) == ("ttp", "01JSYFW7C6WZRVGAXD5AC7B3J8_.tt.1")
        assert field(draft, "body.context.library.version").name == PARAMETER
        assert field(draft, "body.signal_diagnostic_labels").value.startswith("raw_email: missing, raw_auto_email")


def test_real_metadata_action_carries_page_metadata() -> None:
    captures = realworld_captures(NEVADA, "analytics.tiktok.com/api/v2/pixel/act")
    assert len(captures) == 1
    (draft,) = tiktok.decode(ParsedRequest(captures[0]))
    assert (draft.event, draft.account) == ("Metadata", "CT3QOPRC77U4G4EGV490")
    assert field(draft, "body.action").name == EVENT
    prefix = "body.auto_collected_properties.content_data"
    og_title = field(draft, f"{prefix}.open_graph.og:title")
    assert (og_title.name, og_title.value) == (PAGE_TITLE, "Home - Nevada Health Link - Official Website")
    assert field(draft, f"{prefix}.meta.title").name == PAGE_TITLE
    assert field(draft, f"{prefix}.json_ld[0].@graph[3].name").value == "Nevada Health Link"
    assert field(draft, f"{prefix}.meta.meta:description").name == PAGE_METADATA
    assert field(draft, "body.partner").value == "GoogleTagManagerClient"


def test_real_microdata_sends_page_text() -> None:
    (capture,) = realworld_captures(COLORADO, "analytics.tiktok.com/api/v2/pixel/act")
    (draft,) = tiktok.decode(ParsedRequest(capture))
    text = field(draft, "body.auto_collected_properties.content_data.microdata[0].properties.text")
    assert text.name == PAGE_METADATA
    assert text.value.startswith("Get financial help")
    assert field(draft, "body.context.pixel.codes").value == "C8J7IKS8D8GECQQUIMM0|CE9020JC77UFTJ8G40I0"


def test_every_routed_real_capture_decodes() -> None:
    routed = routed_captures("tiktok")
    assert len(routed) == 5
    for site, capture in routed:
        drafts = tiktok.decode(ParsedRequest(capture))
        assert len(drafts) == 1, (site, capture.url)
        assert drafts[0].event in {"Pageview", "Metadata"}
        assert drafts[0].account and drafts[0].page_url.startswith("https://")


def test_search_event_properties_and_matching_keys() -> None:
    body = json.dumps(_event("Search", query="chlamydia test", content_name="STI testing", value=0))
    (draft,) = tiktok.decode(make_request(ENDPOINT, "POST", body, TEXT_PLAIN))
    assert (draft.event, draft.account) == ("Search", "CABCDEF123")
    query = field(draft, "body.properties.query")
    assert (query.name, query.value) == (SEARCH_TERM, "chlamydia test")
    assert field(draft, "body.properties.content_name").name == CUSTOM_DATA
    assert field(draft, "body.context.page.referrer").name == REFERRER
    assert identifier(draft, "body.context.user.email").kind == "hashed_email"
    assert identifier(draft, "body.context.user.phone_number").kind == "hashed_phone"
    assert identifier(draft, "body.context.ad.callback").kind == "tiktok_click"
    assert field(draft, "body.event_id").name == PARAMETER


def test_nested_contents_keep_their_paths() -> None:
    body = json.dumps(_event("ViewContent", contents=[{"content_id": "prep", "content_name": "PrEP clinic"}]))
    (draft,) = tiktok.decode(make_request(ENDPOINT, "POST", body, TEXT_PLAIN))
    assert field(draft, "body.properties.contents[0].content_name").value == "PrEP clinic"


def test_automatic_click_details() -> None:
    event = _event("ClickButton")
    event["auto_collected_properties"] = {
        "page_trigger": "ClickButton",
        "trigger_element": {"tag": "A", "inner_text": "Book an HIV test", "href": "https://clinic.test/book?service=hiv"},
    }
    (draft,) = tiktok.decode(make_request(ENDPOINT, "POST", json.dumps(event), TEXT_PLAIN))
    assert field(draft, "body.auto_collected_properties.trigger_element.inner_text").name == BUTTON_TEXT
    assert field(draft, "body.auto_collected_properties.trigger_element.href").name == LINK_URL
    assert field(draft, "body.auto_collected_properties.trigger_element.tag").name == PARAMETER


def test_batch_gives_one_draft_per_event() -> None:
    body = json.dumps({"batch": [_event("PageView"), _event("Search", query="hiv prep")]})
    drafts = tiktok.decode(make_request(ENDPOINT + "/batch", "POST", body, TEXT_PLAIN))
    assert [d.event for d in drafts] == ["PageView", "Search"]
    assert field(drafts[1], "body.batch[1].properties.query").name == SEARCH_TERM
    assert values(drafts[0], SEARCH_TERM) == []


def test_json_list_body_and_gzip() -> None:
    body = gzip.compress(json.dumps([_event("Contact"), _event("Lead")]).encode())
    drafts = tiktok.decode(make_request(ENDPOINT, "POST", body, TEXT_PLAIN, [("Content-Encoding", "gzip")]))
    assert [d.event for d in drafts] == ["Contact", "Lead"]
    assert drafts[1].page_url == "https://clinic.test/search?q=chlamydia"
    assert identifier(drafts[1], "body[1].context.user.anonymous_id").kind == "ttp"


def test_body_that_is_not_tiktok_json_is_still_listed() -> None:
    drafts = tiktok.decode(make_request(ENDPOINT, "POST", "not json at all", TEXT_PLAIN))
    assert len(drafts) == 1
    assert field(drafts[0], "body").value == "not json at all"
