"""A resumed run makes only the visits it has not recorded: a site x scenario already finished is never
scanned again (its record would be overwritten, and the run's progress display had no line for it)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pixelhound.capture.browser import BrowserOptions
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.demo.server import DemoInternet
from pixelhound.model import NO_INTERACTION, REJECT_ALL

from .conftest import CHROMIUM, require_chromium

DOWN = Site("A trust whose site is down", "https://www.down.test/")  # resolves nowhere: quick to scan


def test_a_recorded_visit_is_not_made_again(internet: DemoInternet, tmp_path: Path) -> None:
    require_chromium()
    options = ScanOptions(browser=BrowserOptions(executable=CHROMIUM, resolver_rules=internet.resolver_rules(),
                                                 insecure=True),
                          out_dir=tmp_path, max_pages=1, scenarios=(NO_INTERACTION, REJECT_ALL))
    finished: list[SiteScan] = []
    scans = asyncio.run(asyncio.wait_for(
        scan_fleet([DOWN], options, finished=finished.append, skip={(DOWN.folder_name, REJECT_ALL, 0)}), 300))
    assert [scan.scenario for scan in scans] == [NO_INTERACTION]
    assert [scan.scenario for scan in finished] == [NO_INTERACTION]
