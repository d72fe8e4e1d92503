"""The bundled vendor knowledge is consistent, and it names the company behind every third-party
domain contacted in the real-world captures."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pixelhound.knowledge.vendors import load_vendors, registrable_domain

REALWORLD = Path(__file__).parent / "data" / "realworld"
CAPTURES = sorted(path.parent for path in REALWORLD.glob("*/requests.har"))

CATEGORIES = {
    "advertising",
    "analytics",
    "session_recording",
    "marketing",
    "tag_management",
    "customer_engagement",
    "functional",
    "consent_management",
    "cdn",
}

# Hosts contacted in the captures whose operator we could not establish with confidence. Keep this
# short: each entry says why it is here. Keys are registrable domains (or bare IP addresses).
UNIDENTIFIED = {
    # Bare AWS addresses answering /is; in Idaho the request was started by MNTN's dx.mountain.com
    # script, but an IP address may be reassigned, so no vendor claims it.
    "44.228.85.26": "bare IP, called by MNTN's pixel",
    "35.85.84.151": "bare IP, same /is endpoint as above (Nevada, also an MNTN site)",
    # An S3 bucket (c4-media.s3.amazonaws.com) holding Connect for Health Colorado's own WordPress
    # uploads: the site operator's storage, not a third-party company. amazonaws.com is shared
    # hosting and is deliberately not claimed by Amazon's entry.
    "amazonaws.com": "site operator's own S3 bucket",
    # The Massachusetts Health Connector serves its WordPress theme from this second domain of its
    # own: same operator, not a vendor.
    "betterhealthconnector.com": "Massachusetts Health Connector's own second domain",
    # Conversion pixel advertisers receive from Pandora (SiriusXM) per public tag code, but its URL
    # shape matches ArtsAI's arttrk.com pixel; who runs the host is unconfirmed.
    "adxcel-ec2.com": "Pandora conversion pixel; operator unconfirmed",
    # Cookie-sync pixel fired from Zeta's rfihub.com; one public integration labels it Semcasting,
    # not enough to attribute it.
    "rtactivate.com": "possibly Semcasting; unconfirmed",
}


def _vendor_files() -> list[tuple[str, dict]]:
    folder = resources.files("pixelhound.knowledge").joinpath("data/vendors")
    return [
        (item.name, tomllib.loads(item.read_text("utf-8")))
        for item in sorted(folder.iterdir(), key=lambda entry: entry.name)
        if item.name.endswith(".toml")
    ]


def test_ids_unique_and_domains_claimed_once() -> None:
    ids: dict[str, str] = {}
    owners: dict[str, str] = {}
    for name, data in _vendor_files():
        for raw in data.get("vendor", []):
            vid = raw["id"]
            assert vid == vid.lower() and vid, f"{name}: id {vid!r} must be short lowercase"
            assert vid not in ids, f"id {vid!r} in both {ids[vid]} and {name}"
            ids[vid] = name
            domains = [domain.lower() for domain in raw.get("domains", [])]
            assert domains, f"{vid}: no domains"
            for domain in domains:
                assert domain not in owners, f"{domain} claimed by {owners[domain]} and {vid}"
                owners[domain] = vid


def test_no_shared_hosting_suffix_claimed_whole() -> None:
    shared = {"cloudfront.net", "amazonaws.com", "azureedge.net", "windows.net", "herokuapp.com",
              "github.io", "netlify.app", "vercel.app", "workers.dev", "pages.dev", "fastly.net",
              "googleusercontent.com", "appspot.com", "firebaseapp.com", "web.app"}
    knowledge = load_vendors()
    for vendor in knowledge.vendors.values():
        assert not shared & set(vendor.domains), f"{vendor.id} claims a shared hosting suffix"


def test_categories_and_endpoints_valid() -> None:
    knowledge = load_vendors()
    for vendor in knowledge.vendors.values():
        assert vendor.category in CATEGORIES, f"{vendor.id}: category {vendor.category!r}"
        assert vendor.company.strip(), f"{vendor.id}: no company"
        for endpoint in vendor.endpoints:
            assert endpoint.category in CATEGORIES, f"{vendor.id}/{endpoint.product}: category"
            assert endpoint.kind in {"loader", "collector"}
    # Every path regex compiles (the loader compiles too, but check the raw text to name the file).
    for name, data in _vendor_files():
        for raw in data.get("vendor", []):
            for ep in raw.get("endpoint", []):
                re.compile(ep.get("path", ""))
                for host in ep.get("hosts", []):
                    assert host == host.lower() and "/" not in host, f"{name}: bad host {host!r}"


def test_loader_hosts_belong_to_their_vendor() -> None:
    """An endpoint only fires when its host resolves to its own vendor first. Checked for the
    vendors of others.toml (trackers.toml is maintained separately)."""
    knowledge = load_vendors()
    ours = {raw["id"] for name, data in _vendor_files() if name == "others.toml" for raw in data["vendor"]}
    for vendor in (knowledge.vendors[vid] for vid in sorted(ours)):
        for endpoint in vendor.endpoints:
            if endpoint.any_host:
                continue
            for host in endpoint.hosts:
                probe = host.lstrip(".")
                owner = knowledge.vendor_for_host(probe)
                assert owner is not None and owner.id == vendor.id, (
                    f"{vendor.id}/{endpoint.product}: host {host} resolves to "
                    f"{owner.id if owner else None}"
                )


def _third_party_hosts(capture: Path) -> tuple[str, dict[str, set[str]]]:
    entries = json.loads((capture / "requests.har").read_text("utf-8"))["log"]["entries"]
    site = registrable_domain(urlsplit(entries[0]["request"]["url"]).hostname or "")
    hosts: set[str] = set()
    for entry in entries:
        host = urlsplit(entry["request"]["url"]).hostname
        if host:
            hosts.add(host.lower())
    inspection = capture / "blacklight-inspection.json"
    if inspection.exists():
        report = json.loads(inspection.read_text("utf-8"))
        hosts.update(h.lower() for h in report.get("hosts", {}).get("requests", {}).get("third_party", []))
        reports = report.get("reports", {})
        for tracker in reports.get("third_party_trackers", []):
            host = urlsplit(tracker.get("url", "")).hostname
            if host:
                hosts.add(host.lower())
        for cookie in reports.get("cookies", []):
            if isinstance(cookie, dict) and cookie.get("domain"):
                hosts.add(cookie["domain"].lstrip(".").lower())
    by_domain: dict[str, set[str]] = {}
    for host in hosts:
        domain = registrable_domain(host)
        if domain != site:
            by_domain.setdefault(domain, set()).add(host)
    return site, by_domain


@pytest.mark.parametrize("capture", CAPTURES, ids=lambda path: path.name)
def test_every_third_party_domain_has_a_vendor(capture: Path) -> None:
    knowledge = load_vendors()
    site, by_domain = _third_party_hosts(capture)
    assert site and by_domain
    unknown = {
        domain: sorted(hosts)
        for domain, hosts in by_domain.items()
        if domain not in UNIDENTIFIED and any(knowledge.vendor_for_host(h) is None for h in hosts)
    }
    assert not unknown, f"{capture.name}: no vendor for {unknown}"


def test_captures_present_and_allow_list_still_needed() -> None:
    assert len(CAPTURES) == 6
    seen: set[str] = set()
    knowledge = load_vendors()
    for capture in CAPTURES:
        _, by_domain = _third_party_hosts(capture)
        for domain, hosts in by_domain.items():
            if any(knowledge.vendor_for_host(h) is None for h in hosts):
                seen.add(domain)
    stale = set(UNIDENTIFIED) - seen
    assert not stale, f"allow-listed but now identified or absent, remove: {sorted(stale)}"
