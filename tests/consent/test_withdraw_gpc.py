"""The withdraw and gpc scenarios end to end in real Chromium on the demo internet, per trust against
the demo's oracle (`Trust.withdraw_expected`, `Trust.gpc_expected`, pixelhound.demo.trusts).

One module-scoped scan, only the trusts the oracle needs, two pages each: withdraw on the trust that
keeps tracking (OneTrust, hard-coded pixel), the one that honours it (Civic Cookie Control, gated
pixel) and the one with no way back (a generic banner); gpc on the trust that ignores the signal
and the one that honours it.
"""

from __future__ import annotations


import pytest

from pixelhound.analysis import analyze_scans
from pixelhound.assess.consent import RULE_UNVERIFIED
from pixelhound.assess.gpc import RULE_DESPITE_GPC
from pixelhound.assess.withdrawal import RULE_AFTER_WITHDRAWAL, RULE_COOKIES_KEPT, RULE_NO_WAY_TO_WITHDRAW
from pixelhound.capture.scan import Site
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import ASHCOMBE, BRACKENFIELD, FERNMOOR, OAKHOLLOW, TRUSTS, Trust
from pixelhound.model import AFTER_ACCEPT, AFTER_WITHDRAWAL, BEFORE_CHOICE, GPC, WITHDRAW, Analysis, SourceSummary

from consent.checks import rule_vendors, tracked
from scan.conftest import FleetRun, run_fleet

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

WITHDRAW_TRUSTS = (FERNMOOR, BRACKENFIELD, OAKHOLLOW)
GPC_TRUSTS = (FERNMOOR, ASHCOMBE)
LIMIT = 900.0  # a hang guard, not a speed test: five site x scenario scans beside other suites


@pytest.fixture(scope="module")
def runs(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FleetRun]:
    out = tmp_path_factory.mktemp("withdraw-gpc")
    options = {"max_pages": 2, "search_term": "", "concurrency": 3}
    return {
        WITHDRAW: run_fleet(internet, [Site(t.name, t.start_url) for t in WITHDRAW_TRUSTS], out / WITHDRAW, LIMIT,
                            scenarios=(WITHDRAW,), **options),
        GPC: run_fleet(internet, [Site(t.name, t.start_url) for t in GPC_TRUSTS], out / GPC, LIMIT,
                       scenarios=(GPC,), **options),
    }


@pytest.fixture(scope="module")
def analysis(runs: dict[str, FleetRun], tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    scans = runs[WITHDRAW].scans + runs[GPC].scans
    return analyze_scans(scans, None, tmp_path_factory.mktemp("withdraw-gpc-analysis"))


def source_of(analysis: Analysis, trust: Trust, scenario: str) -> SourceSummary:
    return next(s for s in analysis.sources if s.site == trust.start_url and s.scenario == scenario)


def test_the_oracle_covers_every_outcome() -> None:
    outcomes = {t.withdraw_expected.withdrawal for t in TRUSTS if t.withdraw_expected}
    assert outcomes == {"confirmed", "no-control"}
    assert any(t.withdraw_expected and t.withdraw_expected.after for t in TRUSTS)  # keeps tracking
    assert any(t.withdraw_expected and t.withdraw_expected.withdrawal == "confirmed" and not t.withdraw_expected.after
               for t in TRUSTS)  # honours it
    assert any(t.gpc_expected for t in TRUSTS) and any(t.gpc_expected == frozenset() for t in TRUSTS)
    assert {t.slug for t in TRUSTS if t.withdraw_expected} == {t.slug for t in WITHDRAW_TRUSTS}
    assert {t.slug for t in TRUSTS if t.gpc_expected is not None} == {t.slug for t in GPC_TRUSTS}


@pytest.mark.parametrize("trust", WITHDRAW_TRUSTS, ids=lambda t: t.slug)
def test_withdraw_matches_the_oracle(runs: dict[str, FleetRun], analysis: Analysis, trust: Trust) -> None:
    expected = trust.withdraw_expected
    assert expected is not None
    scan = runs[WITHDRAW].scan_of(trust.start_url)
    source = source_of(analysis, trust, WITHDRAW)
    assert scan.measured, scan.reason
    ease = source.consent_ease
    assert ease is not None and ease.withdrawal == expected.withdrawal, (source.consent_detail, ease)
    # The consent held first (the accept-all oracle: the gated trust's pixel starts only now).
    assert tracked(analysis, trust, WITHDRAW, AFTER_ACCEPT) == trust.consent_expected["accept-all"].after
    assert tracked(analysis, trust, WITHDRAW, AFTER_WITHDRAWAL) == expected.after
    assert rule_vendors(analysis, source, RULE_AFTER_WITHDRAWAL) == expected.after
    assert rule_vendors(analysis, source, RULE_COOKIES_KEPT) == expected.kept
    no_way = [f for f in analysis.findings if f.rule == RULE_NO_WAY_TO_WITHDRAW and f.source == source.path]
    unverified = [f for f in analysis.findings if f.rule == RULE_UNVERIFIED and f.source == source.path]
    assert unverified == []
    if expected.withdrawal == "confirmed":
        assert source.consent_verified, source.consent_detail
        assert no_way == []
        assert ease.withdraw_control and ease.withdraw_clicks == 2
        assert "records reject" in source.consent_detail  # proven from the CMP's own record
        planned = len(scan.pages) // 2
        assert [p.url for p in scan.pages[:planned]] == [p.url for p in scan.pages[planned:]]  # browsed again
    else:
        assert not source.consent_verified  # never clean: the finding says why
        assert len(no_way) == 1 and trust.name in no_way[0].summary
        assert not any(d.consent == AFTER_WITHDRAWAL for d in analysis.disclosures if d.site == trust.name)


@pytest.mark.parametrize("trust", GPC_TRUSTS, ids=lambda t: t.slug)
def test_gpc_matches_the_oracle(analysis: Analysis, trust: Trust) -> None:
    source = source_of(analysis, trust, GPC)
    assert source.consent_verified, source.consent_detail
    assert "globalPrivacyControl true in all" in source.consent_detail
    assert tracked(analysis, trust, GPC, BEFORE_CHOICE) == trust.gpc_expected
    assert rule_vendors(analysis, source, RULE_DESPITE_GPC) == trust.gpc_expected
    for finding in analysis.findings:
        if finding.rule == RULE_DESPITE_GPC and finding.source == source.path:
            assert "CCPA/CPRA" in finding.summary and "in the UK it is a signal" in finding.summary


def test_every_request_of_the_gpc_scans_carries_the_signal(runs: dict[str, FleetRun]) -> None:
    log = runs[GPC].log
    assert log, "the server saw nothing"
    without = [(r.host, r.path[:60]) for r in log if ("sec-gpc", "1") not in {(k.lower(), v) for k, v in r.headers}]
    assert without == []
    assert any(r.host == FERNMOOR.host for r in log) and any("facebook" in r.host for r in log)


def test_the_banner_is_left_alone_under_gpc(runs: dict[str, FleetRun]) -> None:
    for scan in runs[GPC].scans:
        assert scan.banner == "" and scan.consent_ease is None
        assert not any(c.action.startswith("consent:") or c.action.startswith("reload after") for c in scan.captures)
