"""The shared pipeline over synthetic captures: party decisions, presence, enrichment, findings."""

from __future__ import annotations

from pathlib import Path

from harbuilder import entry, har, write
from pixelhound.analysis import analyze_hars
from pixelhound.model import Analysis

SITE = "https://www.example-trust.nhs.uk/"


def analyse(tmp_path: Path, entries: list[dict], pages: list[dict] | None = None) -> Analysis:
    return analyze_hars([write(tmp_path / "t.har", har(entries, pages=pages))])


def test_first_party_requests_are_not_disclosures(tmp_path: Path) -> None:
    result = analyse(tmp_path, [entry(SITE), entry(SITE + "search?q=hiv+test"), entry("https://cdn.example-trust.nhs.uk/app.js?v=1")])
    assert result.disclosures == [] and result.third_parties == []


def test_ga4_server_side_proxy_on_own_subdomain_is_reported(tmp_path: Path) -> None:
    proxy = "https://metrics.example-trust.nhs.uk/g/collect?v=2&tid=G-ABC123&cid=555.666&en=page_view&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fcancer%2Fchemotherapy"
    result = analyse(tmp_path, [entry(SITE), entry(proxy)])
    (disclosure,) = result.disclosures
    assert disclosure.vendor == "google" and disclosure.first_party_proxy
    assert disclosure.sensitivity.sensitive and "cancer" in disclosure.sensitivity.categories


def test_loaders_are_presence_not_disclosures(tmp_path: Path) -> None:
    result = analyse(tmp_path, [entry(SITE), entry("https://connect.facebook.net/en_US/fbevents.js"), entry("https://www.googletagmanager.com/gtm.js?id=GTM-XXXX")])
    assert result.disclosures == []
    assert {(p.vendor, p.product) for p in result.presences} == {("meta", "Meta Pixel"), ("google", "Google Tag Manager")}


def test_generic_third_party_lists_every_parameter_and_expands_urls(tmp_path: Path) -> None:
    url = "https://collect.unknown-adtech.example/px?acct=77&u=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fsearch%3Fq%3Dchlamydia%2Btest&userid=abc-123"
    result = analyse(tmp_path, [entry(SITE), entry(url)])
    (disclosure,) = result.disclosures
    assert disclosure.company == "unknown-adtech.example" and disclosure.category == "unknown"
    sources = {(f.name, f.source, f.value) for f in disclosure.fields}
    assert ("parameter", "acct", "77") in sources
    assert ("page_url", "u", "https://www.example-trust.nhs.uk/search?q=chlamydia+test") in sources
    assert ("search_term", "u→q", "chlamydia test") in sources
    assert {i.kind for i in disclosure.identifiers} == {"partner_user_id", "ip_address"}
    assert disclosure.sensitivity.sensitive and disclosure.sensitivity.evidence[0].field in {"u", "u→q"}


def test_referer_header_naming_a_page_is_a_disclosure(tmp_path: Path) -> None:
    headers = [{"name": "Referer", "value": SITE + "mental-health/self-harm"}]
    result = analyse(tmp_path, [entry(SITE), entry("https://img.widgets.example/pixel.gif?w=1", headers=headers)])
    (disclosure,) = result.disclosures
    assert any(f.source == "header:Referer" for f in disclosure.fields)
    assert "mental_health" in disclosure.sensitivity.categories


def test_plain_email_anywhere_is_an_identifier(tmp_path: Path) -> None:
    url = "https://forms.widget.example/submit?payload=%7B%22contact%22%3A%22jo.bloggs%40example.org%22%7D&logo=icon%402x.png"
    result = analyse(tmp_path, [entry(SITE), entry(url)])
    emails = [i.value for d in result.disclosures for i in d.identifiers if i.kind == "email"]
    assert emails == ["jo.bloggs@example.org"]
    assert any(f.rule == "identifier-disclosed" and f.severity == "high" for f in result.findings)


def test_session_recorder_on_health_page_is_high(tmp_path: Path) -> None:
    pages = [{"id": "page_1", "title": "https://www.example-trust.nhs.uk/services/eating-disorders"}]
    entries = [entry("https://www.example-trust.nhs.uk/services/eating-disorders"), entry("https://static.hotjar.com/c/hotjar-123.js?sv=6")]
    result = analyse(tmp_path, entries, pages=pages)
    (finding,) = [f for f in result.findings if "recorder" in f.rule]
    assert finding.rule == "session-recorder-on-health-page" and finding.severity == "high"


def test_session_recorder_elsewhere_is_low(tmp_path: Path) -> None:
    result = analyse(tmp_path, [entry(SITE + "visiting-times"), entry("https://static.hotjar.com/c/hotjar-123.js?sv=6")])
    (finding,) = [f for f in result.findings if "recorder" in f.rule]
    assert finding.rule == "session-recorder" and finding.severity == "low"


def test_health_data_to_analytics_without_identifier_is_medium(tmp_path: Path) -> None:
    url = "https://cdn.analytics-only.example/hit?page=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fmaternity%2Fmiscarriage"
    result = analyse(tmp_path, [entry(SITE), entry(url)])
    (finding,) = [f for f in result.findings if f.rule == "health-data-disclosed"]
    assert finding.severity == "medium" and finding.categories == ["reproductive_health"]


def test_static_asset_with_only_a_version_is_not_a_disclosure(tmp_path: Path) -> None:
    asset = "https://cdn.other-host.example/wp-content/plugins/cal/style.min.css?ver=7.3.1"
    tracked = "https://cdn.other-host.example/app.js?ver=1&page=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fcancer"
    result = analyse(tmp_path, [entry(SITE), entry(asset), entry(tracked)])
    assert [d.request_url for d in result.disclosures] == [tracked]
    assert {t.host for t in result.third_parties} == {"cdn.other-host.example"}
