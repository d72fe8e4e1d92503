"""Completeness: everything the demo server received is in the evidence, request by request.

Every demo trust is scanned under all three consent scenarios. The demo server keeps a log of every
request it received (the ground truth of what left the browser); the evidence is the captures the
scans hand over (what the HAR files hold). They are compared as units: a request without a body is
one unit, and a POST body is split into its lines, each line one unit (GA4 batches one event per
line), so a batch that arrived but is missing from the evidence counts every event it carried.
The figure (units in the evidence / units received) is printed and must be 100%.
"""

from __future__ import annotations

from collections import Counter

import pytest

from pixelhound.analysis import analyze_scans
from pixelhound.capture.scan import Site
from pixelhound.demo.requestlog import LoggedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import TRUSTS
from pixelhound.model import ALL_SCENARIOS, INCOMPLETE, Capture

from .conftest import FleetRun, run_fleet, url_key

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

MAX_PAGES = 4  # the start page (with the site search) and the first form journeys of every trust
LIMIT = 2400.0  # a hang guard for 27 site x scenario scans on a loaded machine, not a speed test

Unit = tuple[str, str, str, bytes]


def units(method: str, host: str, path: str, body: bytes) -> list[Unit]:
    """A request as comparable units: one per body line (one for a request without a body)."""
    lines = [line for line in body.split(b"\n") if line] or [b""]
    return [(method, host, path, line) for line in lines]


def received_units(log: list[LoggedRequest]) -> Counter[Unit]:
    return Counter(unit for r in log for unit in units(r.method, r.host, r.path, r.body))


def evidence_units(captures: list[Capture]) -> Counter[Unit]:
    out: Counter[Unit] = Counter()
    for capture in captures:
        if capture.intercepted:
            continue
        host, path = url_key(capture.url)
        out.update(units(capture.method, host, path, capture.body or b""))
    return out


@pytest.fixture(scope="module")
def everything(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    from pixelhound.assess.canary import CanaryIdentity

    sites = [Site(trust.name, trust.start_url) for trust in TRUSTS]
    return run_fleet(internet, sites, tmp_path_factory.mktemp("completeness"), LIMIT,
                     scenarios=ALL_SCENARIOS, max_pages=MAX_PAGES, identity=CanaryIdentity(), concurrency=2)


def test_every_request_the_server_received_is_in_the_evidence(everything: FleetRun) -> None:
    received = received_units(everything.log)
    evidence = evidence_units([c for scan in everything.scans for c in scan.captures])
    missing = received - evidence
    found = sum(received.values()) - sum(missing.values())
    figure = 100.0 * found / max(1, sum(received.values()))
    print(f"\ncompleteness: {found}/{sum(received.values())} request units ({len(everything.log)} requests, "
          f"{len(everything.scans)} site x scenario scans) in the evidence = {figure:.2f}%")
    assert len(everything.scans) == len(TRUSTS) * len(ALL_SCENARIOS)
    assert sum(received.values()) > 1000
    assert missing == Counter(), "\n".join(
        f"{count}x {m} https://{h}{p[:200]} line={line[:100]!r}" for (m, h, p, line), count in missing.items()
    )


def test_every_scan_says_what_the_network_record_saw(everything: FleetRun) -> None:
    """Per site x scenario: requests seen at the network level, in the evidence, unrecovered."""
    for source in analyze_scans(everything.scans).sources:
        # (Whether the start page loaded in time is not the question here: a loaded machine can
        # time it out, and the scan is then not measured, but its record is still counted.)
        assert source.network_requests > 0 and source.unrecovered == 0, (source.site_name, source.scenario)
        assert source.evidence_requests >= source.network_requests
        assert source.measurement() != INCOMPLETE
    assert sum(s.network_requests for s in everything.scans) == len(everything.log)
