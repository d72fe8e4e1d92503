"""The screenshot as evidence (issue 14, third pass): taken by the browser's own capture, compressed
for speed, it must still be a lossless picture of the page, pixel for pixel what Playwright's
screenshot shows, at the viewport's size.

One real Chromium on a loopback page; the two PNGs are decoded by that same Chromium (drawn on a
canvas), so the comparison needs no image library and decodes them as a reader's browser would.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pixelhound.capture.activity import watch
from pixelhound.capture.browser import BrowserOptions, browser_version, open_profile
from pixelhound.capture.screenshot import save_screenshot
from pixelhound.settings import BROWSER_VIEWPORT

from .conftest import CHROMIUM, require_chromium

# Colour everywhere, text and a gradient: a lossy or a blank capture cannot match Playwright's.
PAGE = b"""<!doctype html><title>shot</title>
<body style="margin:0;background:linear-gradient(90deg,#c00,#00c)">
<h1 style="color:#fff;font:40px sans-serif">Sexual health clinic: book a test</h1>
<div style="width:300px;height:200px;background:#0a0"></div>
<div style="height:3000px;background:linear-gradient(#ff0,#0ff)"></div></body>"""

# Both images drawn on canvases of their own size; their sizes and how many pixels differ.
_COMPARE = """
async ([ours, theirs]) => {
  const pixels = async (data) => {
    const image = new Image();
    image.src = 'data:image/png;base64,' + data;
    await image.decode();
    const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return {width: image.naturalWidth, height: image.naturalHeight,
            data: context.getImageData(0, 0, image.naturalWidth, image.naturalHeight).data};
  };
  const a = await pixels(ours), b = await pixels(theirs);
  let differing = 0, colours = new Set();
  for (let i = 0; i < Math.min(a.data.length, b.data.length); i += 4) {
    if (a.data[i] !== b.data[i] || a.data[i + 1] !== b.data[i + 1] || a.data[i + 2] !== b.data[i + 2]) differing++;
    if (i % 4000 === 0) colours.add(a.data[i] + ',' + a.data[i + 1] + ',' + a.data[i + 2]);
  }
  return {ours: [a.width, a.height], theirs: [b.width, b.height], differing, colours: colours.size};
}
"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@dataclass
class Shots:
    compared: dict  # _COMPARE's answer: the scan's screenshot against Playwright's
    unwatched: bytes  # a page no CDP session listens to: Playwright's own way


@pytest.fixture(scope="module")
def shots(server: ThreadingHTTPServer, tmp_path_factory: pytest.TempPathFactory) -> Shots:
    require_chromium()
    from playwright.async_api import async_playwright

    folder: Path = tmp_path_factory.mktemp("shots")
    rules = f"MAP shot.test 127.0.0.1:{server.server_address[1]}, MAP * ~NOTFOUND"

    async def run() -> Shots:
        async with async_playwright() as playwright:
            profile = await open_profile(playwright, BrowserOptions(resolver_rules=rules), CHROMIUM, browser_version(CHROMIUM))
            try:
                page = await profile.context.new_page()
                watch(page).listen(await profile.context.new_cdp_session(page))
                await page.goto("http://shot.test/", wait_until="load")
                await page.evaluate("() => window.scrollTo(0, 700)")  # the scan's screenshot follows its scroll
                await save_screenshot(page, folder / "ours.png", 10)
                theirs = await page.screenshot()
                ours = base64.b64encode((folder / "ours.png").read_bytes()).decode()
                compared = await page.evaluate(_COMPARE, [ours, base64.b64encode(theirs).decode()])
                other = await profile.context.new_page()
                await other.goto("http://shot.test/", wait_until="load")
                await save_screenshot(other, folder / "unwatched.png", 10)
                return Shots(compared, (folder / "unwatched.png").read_bytes())
            finally:
                await profile.close()

    return asyncio.run(asyncio.wait_for(run(), 120))


def test_the_screenshot_is_the_viewport_pixel_for_pixel_what_playwright_draws(shots: Shots) -> None:
    assert shots.compared["ours"] == list(BROWSER_VIEWPORT)
    assert shots.compared["theirs"] == list(BROWSER_VIEWPORT)
    assert shots.compared["differing"] == 0, "the fast PNG must be lossless"
    assert shots.compared["colours"] > 10, "a picture of the page, not a blank"


def test_a_page_without_a_session_still_gets_its_screenshot(shots: Shots) -> None:
    assert shots.unwatched.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(shots.unwatched[16:20], "big") == BROWSER_VIEWPORT[0]
