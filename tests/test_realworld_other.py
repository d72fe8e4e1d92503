"""Hard negatives: real captures of websites that are not about health (tests/data/realworld-other).

Recorded by someone else (see that folder's README), so the traffic is what real tags send, not
what we imagine they send. Every tracker request in them must come out decoded, the site must not
be taken for a specialist health service, and nothing the trackers were told is health data: any
health verdict here is a false positive of the classifier or the site context.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from conftest import DATA
from pixelhound.analysis import analyze_hars
from pixelhound.cli import app
from pixelhound.decode.fields import TECHNICAL_KIND, field_kind, flag_like, leaves, setting_value
from pixelhound.decode.registry import technical_parameters
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import MEASURED, Analysis, Disclosure, Field

pytestmark = pytest.mark.realworld

REALWORLD_OTHER = DATA / "realworld-other"
SITES = sorted(p.name for p in REALWORLD_OTHER.iterdir() if (p / "requests.har").exists())
# The decoders each capture must reach: what the README says the capture holds.
EXPECTED_PRODUCTS = {
    "suntrust.com": {
        "Meta Pixel", "Google Ads", "Google Floodlight", "Microsoft Advertising (Bing UET)",
        "LinkedIn Insight Tag", "Pinterest Tag", "X Pixel",
    },
    "sba.gov": {"Universal Analytics"},
    "usmint.gov": {"Universal Analytics", "Microsoft Advertising (Bing UET)", "Meta Pixel"},
}
# Flag-like values the captures are known to carry: each must be read as machinery, not as words.
KNOWN_FLAGS: dict[str, set[tuple[str, str]]] = {
    "suntrust.com": {("optin", "disabled")}, "sba.gov": set(), "usmint.gov": set(),
}
# Beacons that are not a page view, so name no page: Universal Analytics' DoubleClick hit (`t=dc`,
# to stats.g.doubleclick.net) only ties the Analytics client id to DoubleClick's cookie.
PAGELESS_EVENTS = {("Universal Analytics", "dc")}


def test_every_capture_has_its_expectations_written() -> None:
    """A capture dropped into the folder without saying what it holds would be checked for nothing."""
    assert len(SITES) >= 2
    assert set(SITES) == set(EXPECTED_PRODUCTS) == set(KNOWN_FLAGS)


def har_path(site: str) -> Path:
    return REALWORLD_OTHER / site / "requests.har"


@lru_cache(maxsize=None)
def analysis_of(site: str) -> Analysis:
    return analyze_hars([har_path(site)])


@lru_cache(maxsize=None)
def har_entries(site: str) -> tuple[dict, ...]:
    return tuple(json.loads(har_path(site).read_text())["log"]["entries"])


def tracker_entries(site: str) -> list[dict]:
    """The entries to a host some vendor in our knowledge owns (the trimmed captures keep only
    these and the site's own documents)."""
    knowledge = default_knowledge()
    return [e for e in har_entries(site) if knowledge.vendor_for_host(urlsplit(e["request"]["url"]).hostname or "")]


def decoder_name(url: str) -> str:
    """The decoder the vendor knowledge routes this request to ("" when no endpoint claims it)."""
    parts = urlsplit(url)
    names = frozenset(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    claimed = default_knowledge().endpoint_for(parts.hostname or "", parts.path, names)
    return claimed[1].decoder if claimed else ""


def flag_fields(disclosure: Disclosure) -> list[Field]:
    """Every leaf the disclosure was told whose name says it is a setting, or whose value is one."""
    out = []
    for item in disclosure.fields:
        for leaf in leaves(item):
            key = leaf.source.rsplit(".", 1)[-1].split("=", 1)[0]
            if flag_like(key) or setting_value(leaf.value):
                out.append(leaf)
    return out


@pytest.mark.parametrize("site", SITES)
def test_every_entry_is_read_and_measured(site: str) -> None:
    (source,) = analysis_of(site).sources
    assert source.error == "" and source.warnings == []
    assert source.entries == len(har_entries(site))
    assert source.measurement() == MEASURED


@pytest.mark.parametrize("site", SITES)
def test_every_tracker_request_is_decoded_with_its_recipient_named(site: str) -> None:
    result = analysis_of(site)
    decoded = {d.request_url: d for d in result.disclosures}
    tracked = tracker_entries(site)
    assert tracked, "the capture holds no tracker request"
    missing = [e["request"]["url"][:100] for e in tracked if e["request"]["url"] not in decoded]
    assert missing == []
    for disclosure in decoded.values():
        assert disclosure.company and disclosure.category != "unknown", disclosure.request_url[:100]
    assert EXPECTED_PRODUCTS[site] <= {d.product for d in decoded.values()}


@pytest.mark.parametrize("site", SITES)
def test_platform_beacons_say_which_page_was_visited(site: str) -> None:
    """The decoders read the payload, not just the host: each platform's page view names the page."""
    for disclosure in analysis_of(site).disclosures:
        if (
            disclosure.product in EXPECTED_PRODUCTS[site] - {"Google Floodlight"}
            and disclosure.event
            and (disclosure.product, disclosure.event) not in PAGELESS_EVENTS
        ):
            assert any(f.name == "page_url" for f in disclosure.fields), disclosure.request_url[:100]


@pytest.mark.parametrize("site", SITES)
def test_site_is_not_taken_for_a_specialist_health_service(site: str) -> None:
    (source,) = analysis_of(site).sources
    assert not source.site_context.specialist, source.site_context
    assert source.site_context.categories == []


def health_related(result: Analysis) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """Each disclosure judged health-related, with the evidence (field, term, text) that decided."""
    return [
        (d.request_url[:80], [(e.field, e.term, e.text[:60]) for e in d.sensitivity.evidence])
        for d in result.disclosures if d.sensitivity.sensitive or d.sensitivity.categories
    ]


@pytest.mark.parametrize("site", SITES)
def test_no_disclosure_is_health_related(site: str) -> None:
    result = analysis_of(site)
    assert health_related(result) == []
    assert [f.summary for f in result.findings if f.categories] == []


@pytest.mark.parametrize("site", SITES)
def test_the_same_capture_declared_a_clinic_is_health_related(site: str) -> None:
    """Control: told the site is a sexual-health clinic (--site-category), the very same requests
    are health data, so the negatives above are the classifier's verdict, not a blind spot. The
    exceptions are pages whose own text names another role than a client's (a shop page: its
    evidence says why site strength was withheld), as docs/classifier-labels.md decides."""
    result = analyze_hars([har_path(site)], site_category="sexual_health")
    assert result.sources[0].site_context.specialist
    assert health_related(result)
    for disclosure in result.disclosures:
        if not disclosure.sensitivity.sensitive:
            assert disclosure.sensitivity.site_basis.startswith("site strength withheld"), disclosure.page_url
    assert any(f.categories == ["sexual_health"] for f in result.findings)


@pytest.mark.parametrize("site", SITES)
def test_flag_like_values_are_machinery_and_stay_out_of_the_findings(site: str) -> None:
    result = analysis_of(site)
    seen: set[tuple[str, str]] = set()
    quoted = " ".join(
        f"{e.term} {e.text}" for d in result.disclosures for e in d.sensitivity.evidence
    ) + " ".join(f.summary for f in result.findings)
    for disclosure in result.disclosures:
        technical = technical_parameters(decoder_name(disclosure.request_url))
        for leaf in flag_fields(disclosure):
            key = leaf.source.rsplit(".", 1)[-1].split("=", 1)[0]
            seen.add((key, leaf.value))
            if flag_like(key) or (key, leaf.value) in KNOWN_FLAGS[site]:
                assert field_kind(leaf, technical) == TECHNICAL_KIND, (leaf.source, leaf.value)
            assert f"{key}={leaf.value}" not in quoted
    assert KNOWN_FLAGS[site] <= seen


def test_cli_analyze_reports_no_health_data(tmp_path: Path) -> None:
    """As a user runs it: `pixelhound analyze` on every capture, JSON report, exit 0 (in-process:
    a fresh interpreter would cost more than the rest of this file)."""
    report = tmp_path / "report.json"
    done = CliRunner().invoke(
        app, ["analyze", *map(str, map(har_path, SITES)), "--format", "json", "--output", str(report)]
    )
    assert done.exit_code == 0, done.output
    data = json.loads(report.read_text())
    assert len(data["sources"]) == len(SITES)
    assert data["disclosures"]
    assert [d["request_url"] for d in data["disclosures"] if d["sensitivity"]["sensitive"]] == []
    assert all(not s["site_context"]["categories"] for s in data["sources"])
