"""Google Ads and Floodlight decoding on the real captures (conversion, view-through, remarketing
lists, form data, ccm/collect, Protected Audience, Floodlight activities) and on hand-made shapes."""

from __future__ import annotations

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures, values
from pixelhound.decode import google_ads
from pixelhound.decode.draft import Draft
from pixelhound.decode.google_ads import floodlight_pairs
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER

NEVADA = "nevada-nevadahealthlink.com"
COLORADO = "colorado-connectforhealthco.com"
MARYLAND = "maryland-marylandhealthconnection.gov"
NEW_MEXICO = "new-mexico-bewellnm.com"


def _real(site: str, url_contains: str, index: int = 0) -> Draft:
    capture = realworld_captures(site, url_contains)[index]
    [draft] = google_ads.decode(ParsedRequest(capture))
    return draft


@pytest.mark.realworld
def test_real_view_through_conversion_with_event_data() -> None:
    draft = _real(NEVADA, "viewthroughconversion/388099485/?random=1745853804861")
    assert draft.product == "Google Ads"
    assert draft.account == "AW-388099485"
    assert draft.event == "gtag.config"
    assert field(draft, "data.event").name == EVENT
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "url").name == PAGE_URL
    assert field(draft, "tiba").name == PAGE_TITLE
    assert field(draft, "tiba").value == "Home - Nevada Health Link - Official Website"
    assert identifier(draft, "auid").kind == "google_ads_click"
    assert identifier(draft, "auid").value == "913515078.1745853804"


@pytest.mark.realworld
def test_real_conversion_with_label_and_value() -> None:
    draft = _real(NEVADA, "googleadservices.com/pagead/conversion/1026675585/")
    assert draft.account == "AW-1026675585"
    assert draft.event == "conversion"
    assert field(draft, "label").value == "eGG0CO2U2AIQgafH6QM"
    assert field(draft, "value").name == CUSTOM_DATA


@pytest.mark.realworld
def test_real_form_start_event_reaches_remarketing_lists() -> None:
    drafts = [google_ads.decode(ParsedRequest(c))[0] for c in realworld_captures(COLORADO, "data=event%3Dform_start")]
    assert len(drafts) == 3
    assert {d.event for d in drafts} == {"form_start"}
    assert {d.account for d in drafts} == {"AW-11008580020"}


@pytest.mark.realworld
def test_real_remarketing_and_protected_audience_requests() -> None:
    user_list = _real(NEVADA, "/pagead/1p-user-list/388099485/")
    assert user_list.account == "AW-388099485"
    assert user_list.event == "gtag.config"  # the `data` event wins over the path's default
    rul = _real(NEVADA, "td.doubleclick.net/td/rul/388099485?random=1745853804507")
    assert rul.account == "AW-388099485"
    assert rul.event == "remarketing list (Protected Audience)"
    assert rul.page_url == "https://www.nevadahealthlink.com/"


@pytest.mark.realworld
def test_real_form_data_request() -> None:
    draft = _real(COLORADO, "/pagead/form-data/")
    assert draft.account == "AW-11008580020"
    assert draft.event == "form data"
    assert identifier(draft, "auid").value == "1553824274.1745853750"


@pytest.mark.realworld
def test_real_ccm_collect_accounts() -> None:
    colorado = _real(COLORADO, "ccm/collect")
    assert colorado.account == "AW-11008580020"
    assert colorado.event == "page_view"
    assert field(colorado, "dt").value == "Connect for Health Colorado"
    assert colorado.page_url == "https://connectforhealthco.com/"
    maryland = _real(MARYLAND, "ccm/collect")
    assert maryland.account == "DC-5156370"
    assert maryland.product == "Google Floodlight"
    nevada = _real(NEVADA, "ccm/collect")  # no tag id: the GTM container that sent it
    assert nevada.account == "GTM container 71460865"
    assert nevada.product == "Google Ads"


@pytest.mark.realworld
@pytest.mark.parametrize(
    ("site", "url_contains"),
    [
        (MARYLAND, "fls.doubleclick.net/activityi;"),
        (MARYLAND, "ad.doubleclick.net/activity;register_conversion=1"),
        (MARYLAND, "td.doubleclick.net/td/fls/rul/activityi;"),
    ],
)
def test_real_floodlight_activity(site: str, url_contains: str) -> None:
    draft = _real(site, url_contains)
    assert draft.product == "Google Floodlight"
    assert draft.account == "5156370"
    assert draft.event == "mhbde21:mdhbe21"
    assert field(draft, "type").name == EVENT
    assert field(draft, "~oref").name == PAGE_URL
    assert draft.page_url == "https://www.marylandhealthconnection.gov/"
    assert identifier(draft, "auiddc").value == "1877180769.1745853788"
    assert field(draft, "gcd").value.startswith("13l3l3l3l1l1: ad_storage not set")


@pytest.mark.realworld
def test_real_floodlight_through_adservice_path() -> None:
    draft = _real(NEW_MEXICO, "adservice.google.com/ddm/fls/z/")
    assert draft.account == "15029971"
    assert draft.event == "home_0:bewel0"
    assert draft.page_url == "https://bewellnm.com/"
    assert field(draft, "auiddc").value == "*"  # no cookie: listed, not an identifier
    assert not draft.identifiers


def test_floodlight_custom_variables_and_sales() -> None:
    url = (
        "https://ad.doubleclick.net/activity;src=123;type=appts;cat=book0;qty=1;cost=0;ord=42;"
        "u1=Sexual%20health;u2=HIV%20PrEP;dc_rdid=abcd-ef;gcs=G100;"
        "~oref=https%3A%2F%2Fclinic.test%2Fbook%3Fservice%3Dprep"
    )
    [draft] = google_ads.decode(make_request(url))
    assert draft.account == "123"
    assert draft.event == "appts:book0"
    assert values(draft, CUSTOM_DATA) == ["1", "0", "Sexual health", "HIV PrEP"]
    assert field(draft, "u2").value == "HIV PrEP"
    assert draft.page_url == "https://clinic.test/book?service=prep"
    assert identifier(draft, "dc_rdid").kind == "device_id"
    assert field(draft, "gcs").value == "G100: ad_storage denied, analytics_storage denied"
    assert field(draft, "ord").name == PARAMETER


def test_floodlight_pairs_take_the_name_after_the_route() -> None:
    assert floodlight_pairs("/ddm/fls/z/src=9;type=a;cat=b;~oref=https%3A%2F%2Fx.test%2F") == [
        ("src", "9"),
        ("type", "a"),
        ("cat", "b"),
        ("~oref", "https://x.test/"),
    ]


def test_ads_event_data_and_enhanced_conversion_user_data() -> None:
    email_hash = "a" * 64
    phone_hash = "b" * 64
    url = (
        "https://www.googleadservices.com/pagead/conversion/777/?label=xyz&value=120&currency_code=USD"
        "&url=https%3A%2F%2Fclinic.test%2Fthanks&ref=https%3A%2F%2Fclinic.test%2Fbook&tiba=Thank%20you"
        "&data=event%3Dpurchase%3Bservice%3Dvasectomy%3Bvalue%3D120"
        f"&em=tv.1~em.{email_hash}~pn.{phone_hash}&gclid=Cj0KCQ&gcs=G111"
    )
    [draft] = google_ads.decode(make_request(url))
    assert draft.account == "AW-777"
    assert draft.event == "purchase"
    assert field(draft, "data.service").value == "vasectomy"
    assert field(draft, "data.service").name == CUSTOM_DATA
    assert field(draft, "currency_code").value == "USD"
    assert field(draft, "ref").name == REFERRER
    assert draft.page_url == "https://clinic.test/thanks"
    assert identifier(draft, "em.em").kind == "hashed_email"
    assert identifier(draft, "em.pn").kind == "hashed_phone"
    assert identifier(draft, "gclid").kind == "google_ads_click"
    assert field(draft, "gcs").value == "G111: ad_storage granted, analytics_storage granted"


def test_ads_form_data_with_json_body() -> None:
    [draft] = google_ads.decode(
        make_request(
            "https://www.google.com/pagead/form-data/555?auid=1.2",
            "POST",
            '{"fields": [{"name": "symptoms", "type": "text"}]}',
            "application/json",
        )
    )
    assert draft.account == "AW-555"
    assert draft.event == "form data"
    assert field(draft, "body.fields[0].name").value == "symptoms"


@pytest.mark.realworld
def test_every_real_google_ads_request_decodes() -> None:
    routed = routed_captures("google_ads")
    assert len(routed) >= 60
    for site, capture in routed:
        drafts = google_ads.decode(ParsedRequest(capture))
        assert len(drafts) == 1, (site, capture.url)
        assert drafts[0].account, (site, capture.url)
        assert drafts[0].event, (site, capture.url)
        assert drafts[0].product in ("Google Ads", "Google Floodlight")
