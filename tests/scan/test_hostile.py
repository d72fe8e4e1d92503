"""Hostile pages do not stop a fleet scan: each of www.hostile.test's pages is scanned as a site of
its own, with a down site among them and a trust after them, and the trust is still measured fully.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from pixelhound.analysis import analyze_scans
from pixelhound.capture.scan import Site
from pixelhound.demo.hostile import PAGES
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import FERNMOOR, HOSTILE_HOST
from pixelhound.settings import SCAN_POPUP_LIMIT

from .conftest import FleetRun, path_of, run_fleet
from .test_fleet import satisfies

PAGE_TIMEOUT = 10.0  # a page may use 3x this in all: room for the crash page to exhaust its heap on a loaded machine
SITE_TIMEOUT = 45.0
MAX_PAGES = 6
DOWN = Site("A trust whose site is down", "https://www.down.test/")  # resolves nowhere (MAP * ~NOTFOUND)
HOSTILE = [Site(f"Hostile {path}", f"https://{HOSTILE_HOST}{path}") for path, _ in PAGES]
TRUST = Site(FERNMOOR.name, FERNMOOR.start_url)
CONCURRENCY = 2
# Every site may use its whole time limit, two at a time; then a margin for starting browsers.
LIMIT = SITE_TIMEOUT * -(-(len(HOSTILE) + 2) // CONCURRENCY) + 60


@pytest.fixture(scope="module")
def fleet(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    return run_fleet(
        internet, [*HOSTILE, DOWN, TRUST], tmp_path_factory.mktemp("hostile"), LIMIT,
        max_pages=MAX_PAGES, concurrency=CONCURRENCY, page_timeout=PAGE_TIMEOUT, site_timeout=SITE_TIMEOUT,
    )


def seconds(scan) -> float:  # noqa: ANN001
    parse = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))  # noqa: E731
    return (parse(scan.finished) - parse(scan.started)).total_seconds()


def test_every_site_is_reported_within_its_time_limit(fleet: FleetRun) -> None:
    assert [s.site for s in fleet.scans] == [*HOSTILE, DOWN, TRUST]
    for scan in fleet.scans:
        assert seconds(scan) < SITE_TIMEOUT + 15, (scan.site.url, seconds(scan), scan.warnings)
        assert scan.har_path is not None and scan.har_path.is_file()


def test_the_trust_after_the_hostile_pages_is_measured_fully(fleet: FleetRun) -> None:
    scan = fleet.scan_of(TRUST.url)
    assert scan.measured and scan.warnings == []
    assert len(scan.pages) == MAX_PAGES
    assert [(p.url, p.error) for p in scan.pages if p.error or p.status != 200] == []
    analysis = analyze_scans([scan])
    visited = {path_of(p.url) for p in scan.pages} | {"/search"}
    expected = [leak for leak in FERNMOOR.expected if leak.path in visited and not leak.identifier]
    assert len(expected) >= 3
    missing = [leak for leak in expected if not any(satisfies(d, FERNMOOR, leak) for d in analysis.disclosures)]
    assert missing == []


def test_a_redirect_loop_is_not_measured(fleet: FleetRun) -> None:
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}/redirect-loop")
    assert not scan.measured
    assert "redirects forever" in scan.reason


def test_a_bot_challenge_is_not_measured_and_never_clean(fleet: FleetRun) -> None:
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}/bot-challenge")
    assert not scan.measured
    assert scan.reason == "the site served a bot challenge (HTTP 403)"
    (source,) = [s for s in analyze_scans(fleet.scans).sources if s.site == scan.site.url]
    assert source.measured is False


def test_a_down_site_is_not_measured_and_never_clean(fleet: FleetRun) -> None:
    scan = fleet.scan_of(DOWN.url)
    assert not scan.measured
    assert "down or unreachable" in scan.reason and "ERR_NAME_NOT_RESOLVED" in scan.reason
    analysis = analyze_scans(fleet.scans)
    (source,) = [s for s in analysis.sources if s.site == DOWN.url]
    assert source.measured is False and source.reason == scan.reason


@pytest.mark.parametrize("path", ["/never-loads", "/alert-storm", "/popups", "/crash"])
def test_a_hostile_page_costs_only_itself(fleet: FleetRun, path: str) -> None:
    """The page is visited and its trouble recorded; the scan goes on (the trust test proves it)."""
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}{path}")
    assert scan.pages and scan.pages[0].url.endswith(path)
    assert seconds(scan) < SITE_TIMEOUT + 15


def test_a_crashing_page_is_reported_as_crashed(fleet: FleetRun) -> None:
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}/crash")
    assert "crashed" in scan.pages[0].error


def test_a_page_that_never_loads_is_reported_with_its_time_limit(fleet: FleetRun) -> None:
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}/never-loads")
    assert scan.pages[0].error, "the load time limit must be recorded"


def test_popups_are_limited(fleet: FleetRun) -> None:
    scan = fleet.scan_of(f"https://{HOSTILE_HOST}/popups")
    children = {c.url for c in scan.captures if "/popups/child" in c.url}
    assert 0 < len(children) <= 40  # what each popup sent is still recorded
    # the page opens ten at once, so the scanner must have closed some (how many depends on timing)
    closed = [w for w in scan.warnings if w.startswith("closed ") and "popup window(s)" in w]
    assert closed and f"beyond {SCAN_POPUP_LIMIT} at once" in closed[0]
