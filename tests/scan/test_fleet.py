"""One fleet scan of every demo trust in real Chromium, checked against each trust's oracle.

The scan runs once per module (it is the slow part): every test below reads its result. What the
trusts' definitions (`pixelhound.demo.trusts`) declare must be reported; what the demo server logged
must all be in the capture; the exported HARs must analyse to the same disclosures.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import msgspec
import pytest

from pixelhound.analysis import analyze_hars, analyze_scans
from pixelhound.assess.canary import RULE_CANARY, CanaryIdentity, find_canaries
from pixelhound.capture.scan import Site
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import SALTMERE, TRUSTS, ExpectedLeak, Trust
from pixelhound.model import NETWORK_RECORD, Analysis, Disclosure

from .conftest import CHROMIUM, FleetRun, field_values, logged_key, path_of, request_key, run_fleet, url_key

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

# The planner reaches every page an oracle names within 19 pages (start page, patient journeys,
# the specific condition pages, then one page of each other kind: the jobs section and a vacancy).
MAX_PAGES = 20
FLEET_LIMIT = 900.0  # a hang guard, not a speed test; the fleet normally takes 3-4 minutes on two cores
IDENTITY = CanaryIdentity()
PASSIVE = ("load", "scroll", "leave")  # what the scanner does on every page without being asked


@pytest.fixture(scope="module")
def fleet(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    sites = [Site(trust.name, trust.start_url) for trust in TRUSTS]
    return run_fleet(
        internet, sites, tmp_path_factory.mktemp("fleet"), FLEET_LIMIT,
        identity=IDENTITY, max_pages=MAX_PAGES, concurrency=2,
    )


@pytest.fixture(scope="module")
def analysis(fleet: FleetRun) -> Analysis:
    return analyze_scans(fleet.scans, IDENTITY)


def trust_disclosures(analysis: Analysis, trust: Trust) -> list[Disclosure]:
    return [d for d in analysis.disclosures if d.site == trust.name]


def action_matches(expected: str, actual: str) -> bool:
    """The oracle writes "click:Book an appointment", the scanner "click: Book an appointment"."""
    kind, _, argument = expected.partition(":")
    if kind == "load":
        return actual in PASSIVE
    if kind == "leave":  # held until pagehide: the scanner's leaving, or a click that left the page
        return actual in PASSIVE or actual.startswith("click:")
    actual_kind, _, actual_argument = actual.partition(":")
    return kind == actual_kind and " ".join(argument.split()).lower() == " ".join(actual_argument.split()).lower()


def satisfies(disclosure: Disclosure, trust: Trust, leak: ExpectedLeak) -> bool:
    """Whether one disclosure carries everything the oracle entry asks for."""
    host, _ = url_key(disclosure.page_url)
    if disclosure.vendor != leak.vendor or host not in trust.first_party_hosts:
        return False
    if path_of(disclosure.page_url) != leak.path or not action_matches(leak.action, disclosure.action):
        return False
    if leak.field:
        values = field_values(disclosure, leak.field)
        if leak.contains and not any(leak.contains.lower() in v.lower() for v in values):
            return False
        if leak.equals and leak.equals not in values:
            return False
        if not values:
            return False
    if leak.category and leak.category not in disclosure.sensitivity.categories:
        return False
    if leak.strength and not any(
        e.category == leak.category and e.strength == leak.strength for e in disclosure.sensitivity.evidence
    ):
        return False
    if leak.identifier and leak.identifier not in {i.kind for i in disclosure.identifiers}:
        return False
    if leak.host and url_key(disclosure.request_url)[0] != leak.host:
        return False
    if leak.sensitive is not None and disclosure.sensitivity.sensitive != leak.sensitive:
        return False
    return True


def test_every_trust_is_measured_on_every_planned_page(fleet: FleetRun) -> None:
    for scan in fleet.scans:
        assert scan.measured, (scan.site.name, scan.reason)
        assert not scan.warnings, (scan.site.name, scan.warnings)
        assert not scan.shortfalls, (scan.site.name, scan.shortfalls)
        pages = min(MAX_PAGES, len(next(t for t in TRUSTS if t.name == scan.site.name).page_paths()))
        assert len(scan.pages) == pages, (scan.site.name, [p.url for p in scan.pages])
        assert [p for p in scan.pages if p.error or p.status != 200] == []
        assert all(p.screenshot and p.html for p in scan.pages)
        assert scan.har_path is not None and scan.har_path.is_file()


CASES = [(trust, leak) for trust in TRUSTS for leak in trust.expected]


@pytest.mark.parametrize(
    ("trust", "leak"), CASES, ids=[f"{t.slug}-{l.vendor}-{l.path}-{l.action}-{l.field or l.identifier}" for t, l in CASES]
)
def test_every_declared_leak_is_reported(analysis: Analysis, trust: Trust, leak: ExpectedLeak) -> None:
    disclosures = trust_disclosures(analysis, trust)
    if not any(satisfies(d, trust, leak) for d in disclosures):
        near = [
            f"{d.action} {d.page_url} {[(f.name, f.value[:60]) for f in d.fields if f.name != 'parameter']} "
            f"{d.sensitivity.categories} {[i.kind for i in d.identifiers]}"
            for d in disclosures
            if d.vendor == leak.vendor and path_of(d.page_url) == leak.path
        ]
        pytest.fail(f"not reported: {leak}\n{leak.vendor} disclosures on {leak.path}:\n" + "\n".join(near))


@pytest.mark.parametrize("trust", [t for t in TRUSTS if t.expected_clean_paths], ids=lambda t: t.slug)
def test_clean_paths_send_nothing_to_third_parties(fleet: FleetRun, analysis: Analysis, trust: Trust) -> None:
    clean = set(trust.expected_clean_paths)
    scan = fleet.scan_of(trust.start_url)
    visited = {path_of(p.url) for p in scan.pages} & clean
    assert len(visited) >= 5, "the scan must have visited some of the clean pages"
    pages = {p.id: p for p in scan.pages}
    leaked = [
        c.url for c in scan.captures
        if path_of(pages[c.page_id].url) in clean and not c.intercepted and url_key(c.url)[0] not in trust.first_party_hosts
    ]
    assert leaked == []
    told = [d for d in trust_disclosures(analysis, trust) if path_of(d.page_url) in clean]
    assert told == []


def test_clean_trust_has_no_disclosure_and_no_finding(fleet: FleetRun, analysis: Analysis) -> None:
    scan = fleet.scan_of(SALTMERE.start_url)
    assert scan.captures, "the clean trust was scanned"
    assert {url_key(c.url)[0] for c in scan.captures} <= set(SALTMERE.first_party_hosts)
    assert trust_disclosures(analysis, SALTMERE) == []
    assert [f for f in analysis.findings if f.source == str(scan.har_path)] == []
    assert [p for p in analysis.presences if p.source == str(scan.har_path)] == []


def test_every_request_the_server_saw_is_in_the_capture(fleet: FleetRun) -> None:
    """None lost: each request the demo server logged (method, host, path with query, body) was
    captured at least as many times, by one of the fleet's scans."""
    captured = Counter(request_key(c) for scan in fleet.scans for c in scan.captures if not c.intercepted)
    logged = Counter(logged_key(r) for r in fleet.log)
    assert len(fleet.log) > 300
    lost = [key for key, count in logged.items() if count > captured[key]]
    assert lost == [], "\n".join(
        f"logged {logged[key]}x, captured {captured[key]}x: {key[0]} https://{key[1]}{key[2][:300]} body={key[3][:80]!r}"
        for key in lost
    )


def test_beacons_sent_when_a_page_is_hidden_are_captured(fleet: FleetRun) -> None:
    """GA4 flushes from its pagehide handler by sendBeacon; the scanner closes each tab (the real
    lifecycle), and those requests, which no page session reports, are in the evidence from the
    network record, labelled "leave". (A "hidden"-mode GA4 stream has sent its queue a second after
    queueing it, so it has nothing left at every leave; the pagehide-mode stream always sends
    user_engagement then. The session recorder also flushes at pagehide, but only what it queued in
    its last second, which the machine's load decides: a leave with nothing queued sends nothing.
    Every one of its beacons the server received is held against the evidence by
    test_every_request_the_server_saw_is_in_the_capture.)"""
    left = [c for scan in fleet.scans for c in scan.captures if c.action == "leave"]
    engagement = [c for c in left if b"en=user_engagement" in c.url.encode() + (c.body or b"")]
    assert engagement and all(c.method == "POST" for c in engagement)
    assert any(c.record == NETWORK_RECORD for c in left)
    # Each flush is labelled with the page that sent it (GA4's `dl`), not the next one, although
    # the next tab opens while the scanner waits for the network to go quiet. (A visit can send
    # from a page it navigated to, such as the start page's site search: `dl` names no planned page.)
    checked = 0
    for scan in fleet.scans:
        for capture in (c for c in scan.captures if c in engagement):
            sender = path_of(dict(parse_qsl(urlsplit(capture.url).query))["dl"])
            named = {page.id for page in scan.pages if path_of(page.url) == sender}
            assert not named or capture.page_id in named, (capture.page_id, sorted(named), capture.url[:200])
            checked += bool(named)
    assert checked


@pytest.mark.parametrize(
    ("trust", "vendor", "company", "field", "parameter"),
    [
        (TRUSTS[0], "meta", "Meta Platforms", "email", "udff[em]"),
        (TRUSTS[2], "tiktok", "TikTok", "email", "context.user.email"),
        (TRUSTS[2], "linkedin", "LinkedIn", "email", "hem"),
    ],
    ids=["meta-automatic-matching", "tiktok", "linkedin"],
)
def test_canary_email_is_found_hashed(fleet: FleetRun, analysis: Analysis, trust: Trust, vendor: str, company: str,
                                      field: str, parameter: str) -> None:
    scan = fleet.scan_of(trust.start_url)
    hits = find_canaries([c for c in scan.captures if not c.intercepted], IDENTITY, trust.domain)
    mine = [h for h in hits if h.vendor == vendor and h.field == field]
    assert mine, f"no canary {field} reached {vendor}: {[(h.vendor, h.field, h.parameter) for h in hits]}"
    assert any(h.parameter == parameter and "SHA-256" in h.form for h in mine), [(h.form, h.parameter) for h in mine]
    captures = {c.index: c for c in scan.captures}
    assert all(captures[h.capture_index].action.startswith("form:") for h in mine)
    findings = [f for f in analysis.findings if f.rule == RULE_CANARY and f.vendor == vendor and f.source == str(scan.har_path)]
    assert any(company in f.summary and "email address" in f.summary and parameter in f.summary for f in findings), \
        [f.summary for f in findings]
    assert all(f.severity == "high" for f in findings)


def test_no_canary_reaches_anyone_from_trusts_without_form_matching(fleet: FleetRun, analysis: Analysis) -> None:
    """The GA4, Hotjar and jobs-only trusts' trackers do not read forms: no canary finding for them."""
    quiet = {t.start_url for t in TRUSTS if t.slug in ("ashcombe-vale", "harrowmere", "oakhollow", "saltmere")}
    sources = {str(s.har_path) for s in fleet.scans if s.site.url in quiet}
    assert [f.summary for f in analysis.findings if f.rule == RULE_CANARY and f.source in sources] == []


def _comparable(disclosures: list[Disclosure]) -> list[dict]:
    out = []
    for disclosure in disclosures:
        item = msgspec.to_builtins(disclosure)
        item.pop("source")
        out.append(item)
    return out


def test_exported_hars_analyse_to_the_same_disclosures(fleet: FleetRun) -> None:
    live = analyze_scans(fleet.scans)
    imported = analyze_hars(scan.har_path for scan in fleet.scans)
    assert [s.error for s in imported.sources if s.error] == []
    assert len(imported.disclosures) == len(live.disclosures) > 100
    assert _comparable(imported.disclosures) == _comparable(live.disclosures)
    assert sorted((p.vendor, p.url, p.page_url) for p in imported.presences) == \
        sorted((p.vendor, p.url, p.page_url) for p in live.presences)


def test_pixelhound_analyze_reads_an_exported_har(fleet: FleetRun, tmp_path: Path) -> None:
    """The command, not just the function: `pixelhound analyze capture.har -f json`."""
    scan = fleet.scan_of(TRUSTS[0].start_url)
    out = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, "-m", "pixelhound.cli", "analyze", str(scan.har_path), "-f", "json", "-o", str(out)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    document = msgspec.json.decode(out.read_bytes())
    live = analyze_scans([scan])
    expected = [(d.vendor, d.request_url, d.event, d.page_url, d.action) for d in live.disclosures]
    assert [(d["vendor"], d["request_url"], d["event"], d["page_url"], d["action"]) for d in document["disclosures"]] == expected


def test_html_report_of_the_demo_run(fleet: FleetRun, analysis: Analysis, tmp_path: Path) -> None:
    """The report a reader gets from this run, opened in Chromium: verdict first, findings, charts."""
    from playwright.sync_api import sync_playwright

    from pixelhound.report.html_report import render_html

    report = tmp_path / "report.html"
    report.write_bytes(render_html(analysis, fleet.options.out_dir))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--host-resolver-rules=MAP * ~NOTFOUND"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report.as_uri())
        verdict = page.locator("#verdict")
        box = verdict.bounding_box()
        assert box is not None and box["y"] < 450, "the verdict is on the first screen"
        text = verdict.inner_text()
        for company in ("Meta Platforms, Inc.", "Google LLC", "TikTok Inc. (ByteDance)", "LinkedIn Corporation", "Hotjar"):
            assert company in text
        assert "health-related" in text
        assert page.locator("#findings article.finding").count() >= 10
        assert page.locator("#charts svg").count() >= 2
        assert page.locator("img[src^='data:image/png']").count() >= 1, "page screenshots are embedded"
        assert all(url.startswith(("file:", "data:")) for url in requests)
        browser.close()
