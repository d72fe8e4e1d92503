"""Snap Pixel decoding: the real batched JSON posts, the GET event and id sync, and hand-built
event data (search, hashed phone, gzip)."""

from __future__ import annotations

import gzip
import json

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures
from pixelhound.decode import snapchat
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_METADATA, PAGE_TITLE, PAGE_URL, PARAMETER, SEARCH_TERM

IDAHO = "idaho-yourhealthidaho.org"
MARYLAND = "maryland-marylandhealthconnection.gov"
NEVADA = "nevada-nevadahealthlink.com"
IDAHO_PID = "6b6ae864-528a-4e21-88e0-93ab7ed5d993"
TEXT_PLAIN = "text/plain;charset=UTF-8"


def _idaho_posts() -> list:
    return [c for c in realworld_captures(IDAHO, "snapchat.com/p") if c.method == "POST"]


def test_real_page_view_with_hashed_email() -> None:
    draft, = snapchat.decode(ParsedRequest(_idaho_posts()[0]))
    assert (draft.event, draft.account) == ("PAGE_VIEW", IDAHO_PID)
    assert draft.page_url == "https://www.yourhealthidaho.org/"
    assert field(draft, "body.ctx.url").name == PAGE_URL
    assert field(draft, "body.req[0].t.ev").name == EVENT
    hem = identifier(draft, "body.req[0].t.u_hem")
    assert (hem.kind, hem.value) == ("hashed_email", "FFF7b7416ec1f35b8a794c92887c2c62529b2179b6fa911173803c59c0c463ba572")
    assert identifier(draft, "body.req[0].t.u_c1").kind == "scid"
    assert identifier(draft, "body.req[0].t.u_sclid").kind == "snap_local_id"
    assert identifier(draft, "body.req[0].t.u_scsid").kind == "snap_session"
    assert field(draft, "body.req[0].t.gat").value == "G-GDHTFM29MT,GTM-KLTM4BJ"
    assert field(draft, "body.ctx.ua").name == PARAMETER


def test_real_page_metadata_item() -> None:
    draft, = snapchat.decode(ParsedRequest(_idaho_posts()[2]))
    assert draft.event == "md"
    title = field(draft, "body.req[0].md.md[2].tagData.og:title")
    assert (title.name, title.value) == (PAGE_TITLE, "Your Health Idaho » Idaho's Official Health Insurance Marketplace")
    assert field(draft, "body.req[0].md.md[5].tagData.@graph.0.description").name == PAGE_METADATA
    assert identifier(draft, "body.ctx.c1").kind == "scid"


def test_real_batch_gives_one_draft_per_item() -> None:
    posts = [c for c in realworld_captures(MARYLAND, "tr.snapchat.com/p") if c.method == "POST"]
    batched = [c for c in posts if len(ParsedRequest(c).body_json["req"]) > 1]
    assert len(batched) == 1
    drafts = snapchat.decode(ParsedRequest(batched[0]))
    assert [d.event for d in drafts] == ["log", "md", "log"]
    assert drafts[0].account == "44a8a2a8-08bb-475b-8ee1-0cbf9c13a17a"
    assert field(drafts[0], "body.req[0].log.name").value == "TPFA"
    assert field(drafts[1], "body.req[1].md.md[3].tagData.og:title").value == "Home - Maryland Health Connection"
    assert all(d.page_url == "https://www.marylandhealthconnection.gov/" for d in drafts)


def test_real_get_event() -> None:
    gets = [c for c in realworld_captures(MARYLAND, "tr.snapchat.com/p?") if c.method == "GET"]
    assert len(gets) == 2
    draft, = snapchat.decode(ParsedRequest(gets[0]))
    assert (draft.event, draft.account) == ("PAGE_VIEW", "bcb44554-52c0-4048-aa0b-623deb11e6dd")
    assert (field(draft, "pl").name, draft.page_url) == (PAGE_URL, "https://www.marylandhealthconnection.gov/")
    assert identifier(draft, "u_c1").value == "51c7c5e8-c644-4b0b-941b-88c30471be42"
    assert field(draft, "intg").value == "gtm"


def test_real_id_sync() -> None:
    (capture,) = realworld_captures(NEVADA, "tr.snapchat.com/cm/i")
    draft, = snapchat.decode(ParsedRequest(capture))
    assert (draft.event, draft.account) == ("cm/i", "dda15424-823e-475d-bd46-2a33d572d4c3")
    assert identifier(draft, "u_scsid").value == "bdf5a2cb-218f-40f9-a5b1-aff9fd2d1d18"
    assert identifier(draft, "u_sclid").kind == "snap_local_id"


def test_every_routed_real_capture_decodes() -> None:
    routed = routed_captures("snapchat")
    assert len(routed) == 16
    for site, capture in routed:
        drafts = snapchat.decode(ParsedRequest(capture))
        assert drafts, (site, capture.url)
        for draft in drafts:
            assert draft.event in {"PAGE_VIEW", "cm/i", "i", "md", "log"}, (site, capture.url)
            assert draft.page_url or draft.event == "cm/i"


def _custom_event_body() -> bytes:
    body = {
        "ctx": {"url": "https://clinic.test/search?q=herpes", "c1": "c1-id", "ss": "session-1"},
        "req": [
            {"t": {"pid": "pid-1", "ev": "SEARCH", "search_string": "herpes treatment", "item_category": "sexual health",
                   "u_hpn": "FFF" + "f" * 64, "u_hem": "FFF" + "a" * 64}},
            {"t": {"pid": "pid-1", "ev": "SIGN_UP", "sign_up_method": "clinic form"}},
        ],
    }
    return json.dumps(body).encode()


def test_custom_event_data_in_gzip_body() -> None:
    req = make_request("https://tr.snapchat.com/p", "POST", gzip.compress(_custom_event_body()), TEXT_PLAIN)
    search, sign_up = snapchat.decode(req)
    assert (search.event, sign_up.event) == ("SEARCH", "SIGN_UP")
    term = field(search, "body.req[0].t.search_string")
    assert (term.name, term.value) == (SEARCH_TERM, "herpes treatment")
    assert field(search, "body.req[0].t.item_category").name == CUSTOM_DATA
    assert identifier(search, "body.req[0].t.u_hpn").kind == "hashed_phone"
    assert identifier(search, "body.req[0].t.u_hem").kind == "hashed_email"
    assert field(sign_up, "body.req[1].t.sign_up_method").name == CUSTOM_DATA
    assert identifier(sign_up, "body.ctx.ss").kind == "snap_session"
    assert sign_up.page_url == "https://clinic.test/search?q=herpes"
    assert not [i for i in sign_up.identifiers if i.kind == "hashed_email"]


def test_empty_request_reports_nothing() -> None:
    assert snapchat.decode(make_request("https://tr.snapchat.com/p", "POST", b"", TEXT_PLAIN)) == []
