"""pixelhound against Blacklight on the same real visits (tests/data/realworld).

Blacklight's findings for each visit are in `blacklight-inspection.json`. Everything it reported
that the HAR itself contains must be found by pixelhound too; what it reported that the HAR does
not contain (requests from frames the HAR recorder missed, cookies: the HARs carry no cookie
headers) is checked to be absent from the HAR, so the exclusion is a fact, not a choice.
"""

from __future__ import annotations

import json
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REALWORLD, REALWORLD_SITES
from pixelhound.analysis import analyze_hars
from pixelhound.knowledge.vendors import registrable_domain
from pixelhound.model import Analysis

pytestmark = pytest.mark.realworld


@lru_cache(maxsize=None)
def analysis_of(site: str) -> Analysis:
    return analyze_hars([REALWORLD / site / "requests.har"])


@lru_cache(maxsize=None)
def blacklight(site: str) -> dict:
    return json.loads((REALWORLD / site / "blacklight-inspection.json").read_text())["reports"]


@lru_cache(maxsize=None)
def har_entries(site: str) -> list[dict]:
    return json.loads((REALWORLD / site / "requests.har").read_text())["log"]["entries"]


@lru_cache(maxsize=None)
def har_urls(site: str) -> frozenset[str]:
    return frozenset(e["request"]["url"] for e in har_entries(site))


def har_hosts(site: str) -> set[str]:
    return {urlsplit(url).hostname or "" for url in har_urls(site)}


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_analyses_without_error_or_warning(site: str) -> None:
    result = analysis_of(site)
    (source,) = result.sources
    assert source.error == "" and source.warnings == []
    assert source.entries == len(har_entries(site))
    assert result.disclosures


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_every_meta_pixel_event_blacklight_found(site: str) -> None:
    meta = [d for d in analysis_of(site).disclosures if d.vendor == "meta"]
    for event in blacklight(site)["fb_pixel_events"]:
        matches = [d for d in meta if d.request_url == event["raw"] and d.event == event["eventName"]]
        assert matches, f"{event['eventName']} at {event['raw'][:100]}"
        (disclosure,) = matches
        identifier_sources = {i.source for i in disclosure.identifiers}
        for param in event["advancedMatchingParams"]:
            # Blacklight sometimes lists a pixel's matching keys on another pixel's event
            # (nevada: ud[external_id] under 876918709052728); only keys the request carries count.
            if f"{param['key']}=" in unquote(event["raw"]):
                assert param["key"] in identifier_sources
        field_sources = {f.source for f in disclosure.fields}
        for param in event["dataParams"]:
            assert param["key"] in field_sources


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_every_tracker_host_blacklight_found_in_the_har(site: str) -> None:
    reported_hosts = {urlsplit(t["url"]).hostname for t in blacklight(site)["third_party_trackers"]}
    in_har = reported_hosts & har_hosts(site)
    ours = {t.host for t in analysis_of(site).third_parties}
    assert in_har <= ours, sorted(in_har - ours)


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_every_tracker_request_blacklight_found_is_decoded(site: str) -> None:
    """Each request Blacklight flagged that is in the HAR is a disclosure or a script presence."""
    result = analysis_of(site)
    decoded = {d.request_url for d in result.disclosures} | {p.url for p in result.presences}
    undecoded = [
        t["url"] for t in blacklight(site)["third_party_trackers"]
        if t["url"] in har_urls(site) and t["url"] not in decoded and urlsplit(t["url"]).query
    ]
    assert undecoded == []


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_third_party_cookies_blacklight_found(site: str) -> None:
    """The HARs carry no Cookie or Set-Cookie headers, so a cookie is checked by what can be seen:
    the host that set it was contacted, and where its value travelled in a request to a third
    party, that request's disclosure shows the value."""
    result = analysis_of(site)
    our_domains = {t.domain for t in result.third_parties}
    disclosed_values = " ".join(
        f.value for d in result.disclosures for f in d.fields
    ) + " ".join(i.value for d in result.disclosures for i in d.identifiers)
    for cookie in blacklight(site)["cookies"]:
        if not cookie.get("third_party"):
            continue
        domain = registrable_domain(cookie["domain"].lstrip("."))
        contacted = any(registrable_domain(h) == domain for h in har_hosts(site))
        if contacted:
            assert domain in our_domains, cookie["name"]
        value = cookie["value"]
        sent = len(value) >= 12 and any(
            value in url for url in har_urls(site) if registrable_domain(urlsplit(url).hostname or "") != domain
        )
        if sent:
            assert value in disclosed_values, f"{cookie['name']}={value[:20]}"


@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_post_bodies_blacklight_left_undecoded_are_decoded(site: str) -> None:
    """Every POST with a body to a known tracker endpoint yields fields read from the body."""
    result = analysis_of(site)
    known = [d for d in result.disclosures if d.method == "POST" and d.category != "unknown" and d.transport != "query"]
    for disclosure in known:
        assert any(not f.source.startswith(("header:", "connection")) for f in disclosure.fields)
        query_names = {name for name in urlsplit(disclosure.request_url).query.split("&")}
        body_sources = [f for f in disclosure.fields if f.source.split("=")[0] not in query_names]
        assert body_sources, disclosure.request_url


def test_payload_decoding_beyond_blacklight() -> None:
    """Vendors whose payloads Blacklight does not decode come out with named fields here."""
    wanted = {"google": "Google Analytics 4", "linkedin": "LinkedIn Insight Tag", "snap": "Snap Pixel",
              "pinterest": "Pinterest Tag", "tiktok": "TikTok Pixel"}
    found: dict[str, set[str]] = {}
    for site in REALWORLD_SITES:
        for disclosure in analysis_of(site).disclosures:
            if disclosure.vendor in wanted and disclosure.product == wanted[disclosure.vendor]:
                found.setdefault(disclosure.vendor, set()).update(f.name for f in disclosure.fields)
    for vendor in wanted:
        assert "page_url" in found.get(vendor, set()), vendor
        assert found[vendor] - {"parameter", "page_url"}, f"{vendor}: only raw parameters"
