"""An action the page offers is done, or the scan says it could not do it: never silently skipped.

A click that ran out of time used to vanish without a word, so a loaded machine could lose a
tracker's click event and still call the site measured (clean, if that was the only leak). Three
real pages, scanned in Chromium: a call to action that pulses for ever (Playwright never finds it
stable; a visitor clicks it), one under a layer nothing gets through (a visitor cannot press it
either: the site as it is), and one that freezes the page when the pointer reaches it (the scan
cannot finish the click: partly measured, and every report says so).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pixelhound.analysis import analyze_scans
from pixelhound.capture.scan import Site, SiteScan
from pixelhound.demo.hostile import AWKWARD_PAGES
from pixelhound.demo.trusts import HOSTILE_HOST
from pixelhound.demo.server import DemoInternet
from pixelhound.model import MEASURED, PARTLY_MEASURED
from pixelhound.report.verdict import measurement_reason

from .conftest import FleetRun, run_fleet

SITES = [Site(str(settings["title"]), f"https://{HOSTILE_HOST}{path}") for path, settings in AWKWARD_PAGES.items()]
CLICK = "click: Book an appointment"
CLICK_EVENT = "BookAppointmentClicked"  # what the page's click handler tells Meta


@pytest.fixture(scope="module")
def fleet(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    return run_fleet(internet, SITES, tmp_path_factory.mktemp("awkward"), 240.0, max_pages=1, concurrency=2,
                     page_timeout=8.0, site_timeout=60.0)


def scan_of(fleet: FleetRun, path: str) -> SiteScan:
    return fleet.scan_of(f"https://{HOSTILE_HOST}{path}")


def click_events(scan: SiteScan) -> list[str]:
    return [c.action for c in scan.captures if CLICK_EVENT in c.url + (c.body or b"").decode("latin-1")]


def test_a_button_that_never_stops_moving_is_still_clicked(fleet: FleetRun) -> None:
    scan = scan_of(fleet, "/moving-button")
    assert CLICK in click_events(scan), [c.url[:120] for c in scan.captures]
    assert scan.measured and scan.shortfalls == []


def test_a_button_no_visitor_can_press_is_the_page_as_it_is(fleet: FleetRun) -> None:
    scan = scan_of(fleet, "/covered-button")
    assert click_events(scan) == []
    assert scan.shortfalls == []
    (source,) = analyze_scans([scan]).sources
    assert source.measurement() == MEASURED


def test_a_click_the_scan_could_not_finish_makes_the_scan_partly_measured(fleet: FleetRun, tmp_path: Path) -> None:
    scan = scan_of(fleet, "/freezing-button")
    assert scan.measured
    assert [s for s in scan.shortfalls if CLICK in s], scan.shortfalls
    (source,) = analyze_scans([scan]).sources
    assert source.measurement() == PARTLY_MEASURED
    reason = measurement_reason(source)
    assert "could not do" in reason and CLICK in reason and "no verdict on what they would have sent" in reason
    assert not set(source.warnings) & set(source.shortfalls), "a shortfall is not repeated as a warning"
