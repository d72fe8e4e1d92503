"""Google Analytics decoding: GA4 (single hits, batched bodies, first-party proxies) and Universal
Analytics, on the real captures and on the transports PROTOCOLS.md lists."""

from __future__ import annotations

import gzip

import pytest

from conftest import make_request, realworld_captures
from decode_helpers import field, identifier, routed_captures, values
from pixelhound.decode import google_analytics
from pixelhound.decode.draft import Draft
from pixelhound.decode.google_common import describe_gcd, describe_gcs
from pixelhound.decode.request import ParsedRequest
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_TITLE,
    PAGE_URL,
    PARAMETER,
    REFERRER,
    SEARCH_TERM,
)

NEVADA = "nevada-nevadahealthlink.com"
IDAHO = "idaho-yourhealthidaho.org"
SHARED = "v=2&tid=G-TEST123&cid=111.222&dl=https%3A%2F%2Fclinic.test%2Fsearch&dt=Search%20-%20Clinic&gcs=G101"


def _decode_one(url: str, method: str = "GET", body: str | None = None, mime: str = "") -> Draft:
    drafts = google_analytics.decode(make_request(url, method, body, mime))
    assert len(drafts) == 1
    return drafts[0]


@pytest.mark.realworld
def test_real_ga4_page_view() -> None:
    capture = realworld_captures(NEVADA, "analytics.google.com/g/collect")[0]
    [draft] = google_analytics.decode(ParsedRequest(capture))
    assert draft.product == "Google Analytics 4"
    assert draft.event == "page_view"
    assert draft.account == "G-4VPJ747LGS"
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "dt").name == PAGE_TITLE
    assert field(draft, "dt").value == "Home - Nevada Health Link - Official Website"
    assert field(draft, "dl").name == PAGE_URL
    assert field(draft, "en").name == EVENT
    assert identifier(draft, "cid").kind == "ga_client_id"
    assert identifier(draft, "cid").value == "1479068724.1745853804"
    gcd = field(draft, "gcd")
    assert gcd.name == PARAMETER
    assert gcd.value.startswith("13l3l3l3l1l1: ad_storage not set, analytics_storage not set")


@pytest.mark.realworld
def test_real_ga4_batch_is_one_draft_per_line() -> None:
    [capture] = [c for c in realworld_captures(IDAHO, "analytics.google.com/g/collect") if c.body]
    drafts = google_analytics.decode(ParsedRequest(capture))
    assert [d.event for d in drafts] == ["scroll"] * 4
    assert [field(d, "epn.percent_scrolled").value for d in drafts] == ["25", "50", "75", "100"]
    for draft in drafts:
        assert field(draft, "epn.percent_scrolled").name == CUSTOM_DATA
        assert draft.account == "G-GDHTFM29MT"
        assert draft.page_url == "https://www.yourhealthidaho.org/"
        assert identifier(draft, "cid").value == "275851219.1745853773"


@pytest.mark.realworld
def test_real_universal_analytics_pageview() -> None:
    capture = realworld_captures(NEVADA, "www.google-analytics.com/j/collect")[0]
    [draft] = google_analytics.decode(ParsedRequest(capture))
    assert draft.product == "Universal Analytics"
    assert draft.event == "pageview"
    assert draft.account == "UA-41537566-1"
    assert draft.page_url == "https://www.nevadahealthlink.com/"
    assert field(draft, "dt").value == "Home - Nevada Health Link - Official Website"
    assert identifier(draft, "cid").kind == "ga_client_id"
    assert identifier(draft, "_gid").kind == "ga_gid"


@pytest.mark.realworld
def test_real_universal_analytics_doubleclick_hit() -> None:
    capture = realworld_captures(IDAHO, "stats.g.doubleclick.net/j/collect")[0]
    [draft] = google_analytics.decode(ParsedRequest(capture))
    assert draft.product == "Universal Analytics"
    assert draft.event == "dc"
    assert draft.account == "UA-43319506-1"


def test_ga4_batch_maps_event_parameters_by_what_they_reveal() -> None:
    body = "\n".join(
        [
            "en=view_search_results&ep.search_term=hiv%20testing",
            "en=form_submit&ep.form_id=book-appt&ep.form_name=Book%20an%20appointment"
            "&ep.form_destination=https%3A%2F%2Fclinic.test%2Fbook",
            "en=click&ep.link_text=Sexual%20health&ep.link_url=https%3A%2F%2Fclinic.test%2Fsexual-health"
            "&ep.outbound=true",
            "en=page_view&up.condition=diabetes&epn.value=3&uid=user-42&dr=https%3A%2F%2Fsearch.test%2F",
        ]
    )
    drafts = google_analytics.decode(
        make_request(
            f"https://region1.google-analytics.com/g/collect?{SHARED}", "POST", body, "text/plain;charset=UTF-8"
        )
    )
    search, form, click, page = drafts
    assert [d.event for d in drafts] == ["view_search_results", "form_submit", "click", "page_view"]
    assert values(search, SEARCH_TERM) == ["hiv testing"]
    assert field(search, "ep.search_term").name == SEARCH_TERM
    assert values(form, FORM_FIELD) == ["book-appt", "Book an appointment", "https://clinic.test/book"]
    assert field(form, "ep.form_name").name == FORM_FIELD
    assert field(click, "ep.link_text").name == BUTTON_TEXT
    assert values(click, LINK_URL) == ["https://clinic.test/sexual-health"]
    assert field(click, "ep.outbound").name == CUSTOM_DATA  # a flag, not a link
    assert field(page, "up.condition").name == CUSTOM_DATA
    assert field(page, "epn.value").value == "3"
    assert field(page, "dr").name == REFERRER
    assert identifier(page, "uid").kind == "user_id"
    for draft in drafts:  # shared query parameters apply to every event
        assert draft.account == "G-TEST123"
        assert draft.page_url == "https://clinic.test/search"
        assert field(draft, "dt").value == "Search - Clinic"
        assert field(draft, "gcs").value == "G101: ad_storage denied, analytics_storage granted"
        assert identifier(draft, "cid").value == "111.222"


def test_ga4_first_party_proxy_urlencoded_body_with_percent_encoded_names() -> None:
    draft = _decode_one(
        "https://metrics.clinic.test/g/collect?v=2&tid=G-PROXY1&cid=9.9",
        method="POST",
        body="en=view_search_results&ep.search%5Fterm=gender%20clinic&dl=https%3A%2F%2Fclinic.test%2F%3Fq%3Dgender",
        mime="application/x-www-form-urlencoded",
    )
    assert draft.product == "Google Analytics 4"
    assert draft.account == "G-PROXY1"
    assert draft.event == "view_search_results"
    assert field(draft, "ep.search_term").value == "gender clinic"
    assert draft.page_url == "https://clinic.test/?q=gender"


def test_ga4_multipart_beacon() -> None:
    boundary = "----pixelhound"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"en\"\r\n\r\nform_start\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"ep.form_id\"\r\n\r\nsymptom-checker\r\n"
        f"--{boundary}--\r\n"
    )
    draft = _decode_one(
        f"https://www.google-analytics.com/g/collect?{SHARED}",
        method="POST",
        body=body,
        mime=f"multipart/form-data; boundary={boundary}",
    )
    assert draft.event == "form_start"
    assert field(draft, "ep.form_id").value == "symptom-checker"
    assert field(draft, "ep.form_id").name == FORM_FIELD


def test_ga4_gzip_batch() -> None:
    body = gzip.compress(b"en=scroll&epn.percent_scrolled=90\nen=user_engagement&_et=5000")
    drafts = google_analytics.decode(
        make_request(
            f"https://analytics.google.com/g/collect?{SHARED}",
            "POST",
            body,
            "text/plain",
            headers=[("Content-Encoding", "gzip")],
        )
    )
    assert [d.event for d in drafts] == ["scroll", "user_engagement"]
    assert field(drafts[0], "epn.percent_scrolled").value == "90"


def test_ga4_without_body_lines_is_one_event() -> None:
    location = "ep.page_location=https%3A%2F%2Fclinic.test%2Fhiv"
    draft = _decode_one(f"https://analytics.google.com/g/collect?{SHARED}&en=page_view&{location}")
    assert draft.event == "page_view"
    assert values(draft, PAGE_URL) == ["https://clinic.test/search", "https://clinic.test/hiv"]


def test_universal_analytics_event_hit_in_post_body() -> None:
    body = (
        "v=1&tid=UA-1234-5&cid=555.666&t=event&ec=Appointments&ea=Book&el=HIV%20clinic&cd3=Returning"
        "&dp=%2Fsexual-health%2Fbook&dh=clinic.test&dt=Book%20an%20appointment"
    )
    draft = _decode_one("https://www.google-analytics.com/collect", method="POST", body=body, mime="text/plain")
    assert draft.product == "Universal Analytics"
    assert draft.event == "Appointments:Book"
    assert draft.account == "UA-1234-5"
    assert draft.page_url == "https://clinic.test/sexual-health/book"
    assert field(draft, "el").value == "HIV clinic"
    assert field(draft, "el").name == CUSTOM_DATA
    assert field(draft, "cd3").name == CUSTOM_DATA
    assert field(draft, "dp").name == PAGE_URL
    assert field(draft, "t").name == EVENT
    assert identifier(draft, "cid").value == "555.666"


def test_legacy_utm_gif() -> None:
    draft = _decode_one(
        "https://www.google-analytics.com/__utm.gif?utmwv=5.7.2&utmac=UA-999-1&utmp=%2Fconditions%2Fhiv"
        "&utmdt=HIV%20-%20Clinic&utmr=-&utmcc=__utma%3D1234.5678.9012.1.1.1%3B%2B__utmz%3D1.2.3"
    )
    assert draft.product == "Universal Analytics"
    assert draft.account == "UA-999-1"
    assert draft.event == "pageview"
    assert field(draft, "utmp").value == "/conditions/hiv"
    assert field(draft, "utmdt").name == PAGE_TITLE
    assert identifier(draft, "utmcc.__utma").value == "5678.9012"


def test_consent_strings_are_readable() -> None:
    assert describe_gcs("G100") == "G100: ad_storage denied, analytics_storage denied"
    assert describe_gcs("G111") == "G111: ad_storage granted, analytics_storage granted"
    assert describe_gcd("11p1t1r1v5") == (
        "11p1t1r1v5: ad_storage denied (default), analytics_storage granted (default), "
        "ad_user_data denied by default, granted by update, ad_personalization granted (default and update)"
    )


@pytest.mark.realworld
def test_every_real_google_analytics_request_decodes() -> None:
    routed = routed_captures("google_analytics")
    assert len(routed) >= 20
    for site, capture in routed:
        drafts = google_analytics.decode(ParsedRequest(capture))
        assert drafts, (site, capture.url)
        for draft in drafts:
            assert draft.account.startswith(("G-", "UA-")), (site, capture.url)
            assert draft.product in ("Google Analytics 4", "Universal Analytics")
