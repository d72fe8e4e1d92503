"""Meta Pixel decoding: the real captures, Blacklight's list of pixel events, and every transport
the pixel uses (GET, urlencoded form POST with percent-encoded names, multipart sendBeacon)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, quote, urlsplit

import pytest

from conftest import REALWORLD, REALWORLD_SITES, make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures, values
from pixelhound.decode import meta_pixel
from pixelhound.decode.meta_pixel import describe_options
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_METADATA,
    PAGE_TITLE,
    PAGE_URL,
    PARAMETER,
    SEARCH_TERM,
)

NEVADA = "nevada-nevadahealthlink.com"
MARYLAND = "maryland-marylandhealthconnection.gov"
EMAIL_SHA = "a" * 64  # stands in for SHA-256 of a normalised email
PHONE_SHA = "b" * 64

BUTTON_FEATURES = {
    "classList": "btn btn-call",
    "destination": "tel:+17025551234",
    "id": "",
    "imageUrl": "",
    "innerText": "Call the HIV clinic 702-555-1234",
    "numChildButtons": 0,
    "tag": "a",
    "type": None,
}
FORM_FEATURES = [
    {"id": "dob", "name": "date_of_birth", "tag": "input", "placeholder": "Date of birth", "inputType": "date"},
    {"id": "", "name": "condition", "tag": "select", "placeholder": "", "inputType": "select"},
]


def _decode_one(req: ParsedRequest):
    drafts = meta_pixel.decode(req)
    assert len(drafts) == 1
    return drafts[0]


def _button_click_pairs() -> list[tuple[str, str]]:
    """An automatic button click, as fbevents.js builds it."""
    return [
        ("id", "111122223333"),
        ("ev", "SubscribedButtonClick"),
        ("dl", "https://clinic.test/sexual-health/hiv?q=prep"),
        ("rl", "https://clinic.test/"),
        ("cd[buttonText]", "Call the HIV clinic 000-000-0000"),
        ("cd[buttonFeatures]", json.dumps(BUTTON_FEATURES)),
        ("cd[formFeatures]", json.dumps(FORM_FEATURES)),
        ("cd[pageFeatures]", json.dumps({"title": "HIV testing | Clinic"})),
        ("udff[em]", EMAIL_SHA),
        ("ud[ph]", PHONE_SHA),
        ("fbp", "fb.1.1700000000000.123456789"),
        ("fbc", "fb.1.1700000000000.IwAR0abc"),
        ("o", "2066"),
        ("es", "automatic"),
        ("rqm", "formPOST"),
    ]


def _assert_button_click(draft) -> None:
    assert draft.event == "SubscribedButtonClick"
    assert draft.account == "111122223333"
    assert draft.page_url == "https://clinic.test/sexual-health/hiv?q=prep"
    assert field(draft, "cd[buttonText]").name == BUTTON_TEXT
    # buttonText masks digits; buttonFeatures carries the raw text and the tel: link.
    inner = field(draft, "cd[buttonFeatures].innerText")
    assert (inner.name, inner.value) == (BUTTON_TEXT, "Call the HIV clinic 702-555-1234")
    destination = field(draft, "cd[buttonFeatures].destination")
    assert (destination.name, destination.value) == (LINK_URL, "tel:+17025551234")
    assert field(draft, "cd[buttonFeatures].classList").name == PARAMETER
    assert field(draft, "cd[formFeatures][0].name").value == "date_of_birth"
    assert field(draft, "cd[formFeatures][0].placeholder").name == FORM_FIELD
    assert field(draft, "cd[formFeatures][1].name").value == "condition"
    assert field(draft, "cd[formFeatures][0].inputType").name == PARAMETER
    title = field(draft, "cd[pageFeatures].title")
    assert (title.name, title.value) == (PAGE_TITLE, "HIV testing | Clinic")
    assert identifier(draft, "udff[em]").kind == "hashed_email"
    assert identifier(draft, "ud[ph]").kind == "hashed_phone"
    assert identifier(draft, "fbp").kind == "fbp"
    assert identifier(draft, "fbc").value == "fb.1.1700000000000.IwAR0abc"
    assert "automatic" in field(draft, "es").value
    assert "2048 automatically matched PII present" in field(draft, "o").value


# --- transports -------------------------------------------------------------------------------------


def test_get_image_request() -> None:
    url = "https://www.facebook.com/tr/?" + "&".join(f"{quote(n)}={quote(v)}" for n, v in _button_click_pairs())
    _assert_button_click(_decode_one(make_request(url)))


def test_urlencoded_form_post_with_percent_encoded_names() -> None:
    body = "&".join(f"{quote(n, safe='')}={quote(v, safe='')}" for n, v in _button_click_pairs())
    assert "cd%5BbuttonText%5D=" in body
    req = make_request("https://www.facebook.com/tr/", "POST", body, "application/x-www-form-urlencoded")
    draft = _decode_one(req)
    _assert_button_click(draft)
    assert not any("%5B" in f.source for f in draft.fields)


def test_names_still_percent_encoded_after_form_decoding_come_out_decoded() -> None:
    # A HAR tool that re-encodes already-encoded form field names leaves `cd%5BbuttonText%5D` behind.
    body = "id=1&ev=SubscribedButtonClick&cd%255BbuttonText%255D=Book%20STI%20test&ud%255Bem%255D=" + EMAIL_SHA
    draft = _decode_one(make_request("https://www.facebook.com/tr/", "POST", body, "application/x-www-form-urlencoded"))
    assert field(draft, "cd[buttonText]").value == "Book STI test"
    assert identifier(draft, "ud[em]").kind == "hashed_email"


def _multipart(pairs: list[tuple[str, str]], boundary: str) -> bytes:
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n' for name, value in pairs
    ]
    return ("".join(parts) + f"--{boundary}--\r\n").encode("utf-8")


@pytest.mark.parametrize("mime_has_boundary", [True, False])
def test_multipart_sendbeacon(mime_has_boundary: bool) -> None:
    boundary = "----WebKitFormBoundaryq7Zd3kXyT9aB2cLm"
    mime = f"multipart/form-data; boundary={boundary}" if mime_has_boundary else "multipart/form-data"
    body = _multipart(_button_click_pairs(), boundary)
    draft = _decode_one(make_request("https://www.facebook.com/tr/", "POST", body, mime))
    _assert_button_click(draft)


def test_microdata_event_page_metadata() -> None:
    pairs = [
        ("id", "42"),
        ("ev", "Microdata"),
        ("dl", "https://clinic.test/abortion-services"),
        ("cd[DataLayer]", json.dumps([{"event": "gtm.js", "pageCategory": "abortion"}])),
        ("cd[Meta]", json.dumps({"title": "Abortion services", "meta:description": "Book a consultation"})),
        ("cd[OpenGraph]", json.dumps({"og:title": "Abortion services | Clinic"})),
        ("cd[Schema.org]", json.dumps([{"@type": "MedicalClinic", "properties": {"name": "Women's clinic"}}])),
        ("cd[JSON-LD]", json.dumps([{"@type": "MedicalWebPage", "about": {"name": "Abortion"}}])),
    ]
    body = _multipart(pairs, "b0undary")
    draft = _decode_one(make_request("https://www.facebook.com/tr/", "POST", body, "multipart/form-data; boundary=b0undary"))
    assert draft.event == "Microdata"
    assert field(draft, "cd[Meta].title").name == PAGE_TITLE
    assert field(draft, "cd[Meta].meta:description").name == PAGE_METADATA
    assert field(draft, "cd[OpenGraph].og:title").value == "Abortion services | Clinic"
    assert field(draft, "cd[Schema.org][0].properties.name").value == "Women's clinic"
    assert field(draft, "cd[JSON-LD][0].about.name").name == PAGE_METADATA
    data_layer = field(draft, "cd[DataLayer][0].pageCategory")
    assert (data_layer.name, data_layer.value) == (CUSTOM_DATA, "abortion")


def test_standard_event_custom_data() -> None:
    url = (
        "https://www.facebook.com/tr/?id=9&ev=Search&dl=https%3A%2F%2Fclinic.test%2Fsearch"
        "&cd[search_string]=hiv%20prep&cd[content_category]=sexual%20health"
        "&cd[contents]=%5B%7B%22id%22%3A%22prep-1%22%7D%5D&cd[value]=0&eid=ev-123"
    )
    draft = _decode_one(make_request(url))
    assert draft.event == "Search"
    assert field(draft, "ev").name == EVENT
    assert field(draft, "cd[search_string]").name == SEARCH_TERM
    assert (field(draft, "cd[content_category]").name, field(draft, "cd[content_category]").value) == (
        CUSTOM_DATA,
        "sexual health",
    )
    assert field(draft, "cd[contents][0].id").value == "prep-1"
    assert field(draft, "eid").name == PARAMETER


def test_plain_text_matching_values_are_named_as_plain() -> None:
    url = "https://www.facebook.com/tr/?id=1&ev=Lead&ud[em]=jane%40example.com&ud[ph]=%2B1%20702%20555%201234&ud[ct]=" + "c" * 64
    draft = _decode_one(make_request(url))
    assert identifier(draft, "ud[em]").kind == "email"
    assert identifier(draft, "ud[ph]").kind == "phone"
    assert identifier(draft, "ud[ct]").kind == "hashed_location"


def test_noscript_fallback_and_sandbox_trigger() -> None:
    noscript = _decode_one(make_request("https://www.facebook.com/tr?id=77&ev=PageView&noscript=1"))
    assert (noscript.event, noscript.account) == ("PageView", "77")
    assert field(noscript, "noscript").value == "1"
    trigger = _decode_one(
        make_request("https://www.facebook.com/privacy_sandbox/pixel/register/trigger/?id=77&ev=Lead&dl=https%3A%2F%2Fa.test%2F")
    )
    assert (trigger.event, trigger.page_url) == ("Lead", "https://a.test/")


def test_request_without_parameters_reports_nothing() -> None:
    assert meta_pixel.decode(make_request("https://www.facebook.com/tr/")) == []


def test_option_bits() -> None:
    assert describe_options("2066") == (
        "2066: 2 automatic configuration, 16 sendBeacon supported, 2048 automatically matched PII present"
    )
    assert describe_options("12316") == "12316: 16 sendBeacon supported, undocumented bits 4+8+4096+8192"
    assert describe_options("x") == "x"


# --- the real captures ------------------------------------------------------------------------------


def test_nevada_pageview_with_external_id() -> None:
    captures = realworld_captures(NEVADA, "facebook.com/tr/?id=605277233983629")
    assert len(captures) == 1
    draft = _decode_one(ParsedRequest(captures[0]))
    assert (draft.event, draft.account) == ("PageView", "605277233983629")
    assert draft.page_url == "https://www.nevadahealthlink.com"
    assert field(draft, "dl").name == PAGE_URL
    external = identifier(draft, "ud[external_id]")
    assert (external.kind, external.value) == ("external_id", "f2d25833d060fc7a233f0d4dc46702ef")
    assert identifier(draft, "fbp").value == "fb.1.1745853804711.505853085526430295"
    assert field(draft, "a").value == "hubspot"
    assert field(draft, "o").value.startswith("12316: 16 sendBeacon supported")
    assert "rl" not in {f.source for f in draft.fields}  # sent empty: not a disclosure


def test_maryland_automatic_view_content() -> None:
    captures = realworld_captures(MARYLAND, "facebook.com/tr/?id=921778041230898&ev=ViewContent")
    assert len(captures) == 1
    draft = _decode_one(ParsedRequest(captures[0]))
    assert draft.event == "ViewContent"
    assert field(draft, "es").value.startswith("automatic: event generated automatically")
    assert field(draft, "est_source").value.startswith("532018678224313: id of the rule")
    assert field(draft, "cs_est").value.startswith("true")


def test_sandbox_trigger_tells_the_same_as_tr() -> None:
    pairs = []
    for capture in realworld_captures(MARYLAND, "www.facebook.com/"):
        if "/tr/" in capture.url or "/pixel/register/trigger/" in capture.url:
            draft = _decode_one(ParsedRequest(capture))
            pairs.append((draft.account, draft.event, [(f.name, f.value) for f in draft.fields if f.source != "rqm"]))
    assert len(pairs) == 6
    tr, trigger = pairs[0::2], pairs[1::2]
    assert tr == trigger


def test_every_routed_real_capture_decodes() -> None:
    routed = routed_captures("meta_pixel")
    assert len(routed) == 20
    for site, capture in routed:
        draft = _decode_one(ParsedRequest(capture))
        assert draft.event in {"PageView", "ViewContent"}, (site, capture.url)
        assert draft.account.isdigit() and draft.page_url.startswith("https://"), (site, capture.url)
        assert identifier(draft, "fbp").kind == "fbp"


def _blacklight_events(site: str) -> list[dict]:
    report = json.loads((REALWORLD / site / "blacklight-inspection.json").read_text("utf-8"))
    return report["reports"].get("fb_pixel_events") or []


# Blacklight lists ud[external_id] under pixel 876918709052728 too, but that pixel's requests never
# carried it (only pixel 605277233983629's did): Blacklight merges matching data across pixels.
BLACKLIGHT_MISATTRIBUTED = {(NEVADA, "876918709052728", "ud[external_id]")}


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_blacklight_pixel_events(site: str) -> None:
    events = _blacklight_events(site)
    assert events, "every site in the set has Meta Pixel events"
    for event in events:
        draft = _decode_one(make_request(event["raw"]))
        assert draft.event == event["eventName"]
        assert draft.page_url == event["pageUrl"]
        sent = dict(parse_qsl(urlsplit(event["raw"]).query, keep_blank_values=True))
        for param in event["advancedMatchingParams"]:
            key = param["key"]
            if (site, draft.account, key) in BLACKLIGHT_MISATTRIBUTED:
                assert key not in sent
                assert not [i for i in draft.identifiers if i.source == key]
                continue
            found = identifier(draft, key)
            assert found.value == param["value"] == sent[key]
        for param in event["dataParams"]:
            assert param["key"] in {f.source for f in draft.fields}


def test_blacklight_misattribution_is_real() -> None:
    """The exception above is narrow: exactly that pixel's two events, never the pixel that sent it."""
    claimed = [
        (e["raw"], p["key"])
        for e in _blacklight_events(NEVADA)
        for p in e["advancedMatchingParams"]
        if "id=876918709052728" in e["raw"]
    ]
    assert len(claimed) == 2
    assert all(key not in raw for raw, key in claimed)


def test_values_helper_sees_button_texts() -> None:
    url = "https://www.facebook.com/tr/?" + "&".join(f"{quote(n)}={quote(v)}" for n, v in _button_click_pairs())
    draft = _decode_one(make_request(url))
    assert values(draft, BUTTON_TEXT) == ["Call the HIV clinic 000-000-0000", "Call the HIV clinic 702-555-1234"]
    assert values(draft, FORM_FIELD) == ["dob", "date_of_birth", "Date of birth", "condition"]
