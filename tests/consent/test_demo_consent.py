"""Consent scenarios end to end in real Chromium, against every demo trust's consent oracle.

One scan (module scope: it is the slow part) of every trust under no-interaction, reject-all and
accept-all; each test compares what pixelhound reports with `Trust.consent_expected` and
`Trust.undisclosed` (pixelhound.demo.trusts). The banners are the demo's own imitations
(pixelhound.demo.banners), operated by autoconsent where installed and by the fallback otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pixelhound.analysis import analyze_scans
from pixelhound.assess.consent import RULE_AFTER_REJECTION, RULE_BEFORE_CONSENT, RULE_UNVERIFIED
from pixelhound.assess.notice.findings import RULE_CONTRADICTED, RULE_UNDISCLOSED
from pixelhound.capture.scan import Site
from pixelhound.demo.banners import REPORTED_NAMES
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import LINDENBROOK, TRUSTS, Trust
from pixelhound.model import AFTER_ACCEPT, AFTER_REJECT, ALL_SCENARIOS, BEFORE_CHOICE, Analysis, SourceSummary

from consent.checks import rule_vendors, tracked
from scan.conftest import CHROMIUM, FleetRun, path_of, require_chromium, run_fleet

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

# 7 pages (with the header search on the start page) reach every page the oracles need: the
# privacy notice (the planner keeps a page of each kind in reserve, the notice among them, at any
# budget from 5) and a condition page (the Hotjar trust's tracker is on /conditions pages only: the
# sixth page of a 7-page plan). The jobs-only trust starts on its jobs page, where its pixel is
# (from the home page the planner reaches /jobs only at 11 pages). Fewer pages than the demo's ten
# keep CI's time: tests/scan/test_planning.py shows the planner's order.
MAX_PAGES = 7
LIMIT = 2400.0  # a hang guard, not a speed test: 30 site x scenario scans beside another worker, or two suites at once
START_PATHS = {"harrowmere": "jobs"}


def start_url(trust: Trust) -> str:
    return trust.start_url + START_PATHS.get(trust.slug, "")
AFTER = {"reject-all": AFTER_REJECT, "accept-all": AFTER_ACCEPT}


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("consent")


@pytest.fixture(scope="module")
def fleet(internet: DemoInternet, run_dir: Path) -> FleetRun:
    sites = [Site(trust.name, start_url(trust)) for trust in TRUSTS]
    return run_fleet(internet, sites, run_dir, LIMIT, scenarios=ALL_SCENARIOS, max_pages=MAX_PAGES, concurrency=3)


@pytest.fixture(scope="module")
def analysis(fleet: FleetRun, run_dir: Path) -> Analysis:
    return analyze_scans(fleet.scans, None, run_dir)


def source_of(analysis: Analysis, trust: Trust, scenario: str) -> SourceSummary:
    return next(s for s in analysis.sources if s.site == start_url(trust) and s.scenario == scenario)


def test_every_trust_has_a_complete_oracle() -> None:
    for trust in TRUSTS:
        assert set(trust.consent_expected) == set(ALL_SCENARIOS), trust.slug
    assert any(t.banner is None for t in TRUSTS)
    assert any(not t.banner_reject_works for t in TRUSTS)
    assert any(t.trackers_need_consent for t in TRUSTS)
    assert any(t.undisclosed for t in TRUSTS) and any(t.trackers and not t.undisclosed for t in TRUSTS)


def test_every_scan_is_measured_and_reads_the_notice(fleet: FleetRun, analysis: Analysis) -> None:
    assert len(fleet.scans) == len(TRUSTS) * len(ALL_SCENARIOS)
    for scan in fleet.scans:
        assert scan.measured, (scan.site.name, scan.scenario, scan.reason)
        assert [p.error for p in scan.pages if p.error] == [], (scan.site.name, scan.scenario)
        assert "/privacy-notice" in {path_of(p.url) for p in scan.pages}, (scan.site.name, scan.scenario)
    for trust in TRUSTS:
        source = source_of(analysis, trust, "no-interaction")
        assert any(path_of(u) == "/privacy-notice" for u in source.notice_urls), (trust.slug, source.notice_urls)


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_tracking_before_consent_matches_the_oracle(analysis: Analysis, trust: Trust) -> None:
    expected = trust.consent_expected["no-interaction"]
    source = source_of(analysis, trust, "no-interaction")
    assert tracked(analysis, trust, "no-interaction", BEFORE_CHOICE) == expected.before
    assert rule_vendors(analysis, source, RULE_BEFORE_CONSENT) == expected.before


@pytest.mark.parametrize("scenario", ["reject-all", "accept-all"])
@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_choice_scenarios_match_the_oracle(fleet: FleetRun, analysis: Analysis, trust: Trust, scenario: str) -> None:
    expected = trust.consent_expected[scenario]
    source = source_of(analysis, trust, scenario)
    scan = next(s for s in fleet.scans if s.site.url == start_url(trust) and s.scenario == scenario)
    assert source.consent_verified is expected.verified, (scan.banner, scan.banner_method, scan.consent_detail)
    unverified = [f for f in analysis.findings if f.rule == RULE_UNVERIFIED and f.source == source.path]
    assert len(unverified) == (0 if expected.verified else 1)
    if expected.verified:
        assert trust.banner is not None
        assert source.banner == REPORTED_NAMES[trust.banner], (source.banner, source.banner_method)
        assert source.banner_method in ("autoconsent", "fallback")
    else:
        assert source.banner == ""
    assert tracked(analysis, trust, scenario, AFTER[scenario]) == expected.after
    if scenario == "reject-all":
        assert rule_vendors(analysis, source, RULE_AFTER_REJECTION) == expected.after
    # Before the choice is judged once, in no-interaction: never in a choice scenario.
    assert rule_vendors(analysis, source, RULE_BEFORE_CONSENT) == set()


def test_no_unverified_scenario_beyond_the_oracle(analysis: Analysis) -> None:
    expected = {
        (start_url(t), name) for t in TRUSTS for name, outcome in t.consent_expected.items() if not outcome.verified
    }
    reported = {(s.site, s.scenario) for s in analysis.sources if not s.consent_verified}
    assert reported == expected
    paths = {s.path for s in analysis.sources if not s.consent_verified}
    assert {f.source for f in analysis.findings if f.rule == RULE_UNVERIFIED} == paths


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_undisclosed_recipients_match_the_oracle(analysis: Analysis, trust: Trust) -> None:
    findings = [f for f in analysis.findings if f.rule == RULE_UNDISCLOSED and trust.name in f.summary]
    assert {f.vendor for f in findings} == trust.undisclosed, [f.summary for f in findings]
    assert len(findings) == len(trust.undisclosed)
    assert [f.summary for f in analysis.findings if f.rule == RULE_CONTRADICTED and trust.name in f.summary] == []


def test_the_compliant_trust_sends_nothing_until_accept(fleet: FleetRun) -> None:
    trust = next(t for t in TRUSTS if t.trackers_need_consent)
    own = set(trust.first_party_hosts)
    for scan in fleet.scans:
        if scan.site.url != start_url(trust):
            continue
        third = [c.url for c in scan.captures if not c.intercepted and (c.url.split("/")[2] not in own)]
        if scan.scenario == "accept-all":
            assert any("facebook" in url for url in third)
        else:
            assert third == [], (scan.scenario, third[:5])


def test_cli_fails_on_an_unverified_scenario(internet: DemoInternet, tmp_path: Path) -> None:
    """`--fail-on high`: the no-banner trust's reject-all cannot be verified, so the run fails."""
    require_chromium()
    port = internet.port
    result = subprocess.run(
        [sys.executable, "-m", "pixelhound.cli", "scan", LINDENBROOK.start_url, "--scenarios", "reject-all",
         "--fail-on", "high", "--resolve", f"*=127.0.0.1:{port}", "--insecure", "--max-pages", "2",
         "--no-forms", "--browser", CHROMIUM, "--out", str(tmp_path / "run")],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
    )
    assert result.returncode == 1, (result.returncode, result.stdout[-2000:], result.stderr[-2000:])
    report = json.loads((tmp_path / "run" / "report.json").read_text("utf-8"))
    assert [(s["scenario"], s["consent_verified"]) for s in report["sources"]] == [("reject-all", False)]
    assert [f["rule"] for f in report["findings"]].count(RULE_UNVERIFIED) == 1
