"""A page's screenshot as evidence: the viewport, lossless PNG, drawn by Chromium in one CDP call.

Playwright's `page.screenshot()` costs about twice the CPU of the browser's own capture (104 against
43 ms a call on a demo page, `bench/bench_page_ops.py`): it adds round trips and encodes a PNG at
full compression. The scan takes the picture itself with `Page.captureScreenshot` and
`optimizeForSpeed`, which only lowers the PNG's compression effort: the pixels are the same, so
the file is a faithful picture of the page (a JPEG would be cheaper still, but lossy, and evidence
a regulator reads should not be). The file is about a third larger (1.7 to 2.2 MB for 24 demo pages).
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

from playwright.async_api import Page

from pixelhound.settings import SCAN_SCREENSHOT_FAST_PNG


async def save_screenshot(page: Page, path: Path, timeout: float) -> None:
    """The page's viewport as a PNG at `path`; raises when the page cannot be drawn within `timeout` s."""
    from pixelhound.capture.activity import activity_of  # (it imports the collectors, which import this)

    session = activity_of(page).session
    # Playwright's own way for a page nobody listens to (the request collector is off), and for an
    # emulated phone: its device scale factor is set on Playwright's session, and a capture through
    # another session draws CSS pixels (412 wide, not the phone's 1082).
    if session is None or await _device_pixel_ratio(page) != 1:
        await page.screenshot(path=str(path), timeout=timeout * 1000)
        return
    params = {"format": "png", "optimizeForSpeed": SCAN_SCREENSHOT_FAST_PNG}
    reply = await asyncio.wait_for(session.send("Page.captureScreenshot", params), timeout)
    path.write_bytes(base64.b64decode(reply["data"]))


async def _device_pixel_ratio(page: Page) -> object:
    """The page's devicePixelRatio; None when a hostile page's getter throws (Playwright's way then)."""
    try:
        return await page.evaluate("() => window.devicePixelRatio")
    except Exception:  # noqa: BLE001 - the page's own script can redefine the property
        return None
