"""End-to-end scans in real Chromium against the demo internet (loopback only).

The demo internet maps every host it serves to 127.0.0.1 and every other name to nothing
(`MAP * ~NOTFOUND`), so nothing a scan does can leave the machine.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pixelhound.capture.browser import BrowserOptions
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.demo.requestlog import LoggedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.model import Capture, Disclosure

CHROMIUM = os.environ.get("PIXELHOUND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium to drive")


@dataclass
class FleetRun:
    """One fleet scan: what it produced, what the server saw, and how long it took."""

    scans: list[SiteScan]
    log: list[LoggedRequest]
    options: ScanOptions
    seconds: float

    def scan_of(self, url: str) -> SiteScan:
        return next(scan for scan in self.scans if scan.site.url == url)


def run_fleet(internet: DemoInternet, sites: list[Site], out_dir: Path, limit: float, executable: str = CHROMIUM,
              **options: object) -> FleetRun:
    """Scan `sites` against the running demo internet; fail if the whole fleet takes over `limit` s."""
    require_chromium()
    scan_options = ScanOptions(
        browser=BrowserOptions(executable=executable, resolver_rules=internet.resolver_rules(), insecure=True),
        out_dir=out_dir,
        **options,  # type: ignore[arg-type]
    )
    internet.log.clear()
    started = time.monotonic()
    try:
        scans = asyncio.run(asyncio.wait_for(scan_fleet(sites, scan_options), limit))
    except asyncio.TimeoutError:
        pytest.fail(f"the fleet scan did not finish within {limit:.0f}s")
    seconds = time.monotonic() - started
    time.sleep(0.5)  # a beacon sent as the last tab closed is still on its way to the server
    return FleetRun(scans=scans, log=internet.log.snapshot(), options=scan_options, seconds=seconds)


def url_key(url: str) -> tuple[str, str]:
    """(host, path with query) of a URL, the way the server's log records a request."""
    split = urlsplit(url)
    return (split.hostname or "").lower(), (split.path or "/") + (f"?{split.query}" if split.query else "")


def request_key(capture: Capture) -> tuple[str, str, str, bytes]:
    host, path = url_key(capture.url)
    return capture.method, host, path, capture.body or b""


def logged_key(request: LoggedRequest) -> tuple[str, str, str, bytes]:
    return request.method, request.host, request.path, request.body


def path_of(url: str) -> str:
    return urlsplit(url).path or "/"


def field_values(disclosure: Disclosure, name: str) -> list[str]:
    values = [f.value for f in disclosure.fields if f.name == name]
    if name == "page_url" and disclosure.page_url:
        values.append(disclosure.page_url)
    return values
