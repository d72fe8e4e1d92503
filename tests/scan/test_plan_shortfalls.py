"""A scan that could not read what plans its pages says so: it is partly measured, never clean.

The start page's links and the site's sitemap decide which pages a scan visits. A sitemap read that
ran out of time used to count as a site without one, so on a loaded machine a scan planned 13 of a
trust's 20 pages, missed the leaks on the other seven, and called itself measured. Here the real
read is given no time at all (its bound set to a microsecond), in a real Chromium against the demo.
"""

from __future__ import annotations

import pytest

import pixelhound.capture.scan as scan_module
from pixelhound.analysis import analyze_scans
from pixelhound.capture.scan import Site
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import TRUSTS
from pixelhound.model import PARTLY_MEASURED
from pixelhound.report.verdict import measurement_reason

from .conftest import run_fleet

TRUST = TRUSTS[0]


def test_a_sitemap_that_cannot_be_read_makes_the_scan_partly_measured(
    internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan_module, "SCAN_SITEMAP_TIMEOUT_SECONDS", 1e-6)
    fleet = run_fleet(internet, [Site(TRUST.name, f"https://{TRUST.host}/")], tmp_path_factory.mktemp("plan"), 240.0,
                      max_pages=2, concurrency=1)
    (scan,) = fleet.scans
    assert scan.measured, scan.reason
    sitemap = [s for s in scan.shortfalls if "sitemap.xml could not be read (TimeoutError)" in s]
    assert sitemap, scan.shortfalls
    (source,) = analyze_scans([scan]).sources
    assert source.measurement() == PARTLY_MEASURED
    assert "sitemap.xml could not be read" in measurement_reason(source)
