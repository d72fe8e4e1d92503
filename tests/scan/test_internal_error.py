"""A scan that stops on an error of the scanner's own is not measured, and says why: never "timed
out", which would blame the site for our fault."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pixelhound.capture.browser import BrowserOptions
from pixelhound.capture.scan import ScanOptions, Site, scan_fleet
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import FERNMOOR
from pixelhound.model import NO_INTERACTION

from .conftest import CHROMIUM, require_chromium


def test_an_internal_error_in_the_first_page_is_named_not_a_timeout(internet: DemoInternet, tmp_path: Path) -> None:
    require_chromium()

    def failing_progress(site: Site, scenario: str, repeat: int, url: str) -> None:
        raise RuntimeError("progress display broke")

    options = ScanOptions(browser=BrowserOptions(executable=CHROMIUM, resolver_rules=internet.resolver_rules(),
                                                 insecure=True),
                          out_dir=tmp_path, max_pages=1, scenarios=(NO_INTERACTION,))
    [scan] = asyncio.run(asyncio.wait_for(scan_fleet([Site(FERNMOOR.name, FERNMOOR.start_url)], options,
                                                     failing_progress), 300))
    assert not scan.measured
    assert scan.reason == "the browser could not be started or driven (RuntimeError)", scan.reason
    assert any("progress display broke" in shortfall for shortfall in scan.shortfalls)
