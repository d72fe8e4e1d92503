"""Event-driven settling (issue 14): the scan waits for what the page is doing, not for the clock.

One real Chromium against a small loopback server: a button whose handler asks a slow endpoint
and, only when it answers, sends a beacon; a beacon that is never answered; a request that never ends. A fixed short sleep would
leave before the beacon; waiting for quiet must see both requests through, and must end at its
bound when the page never goes quiet. Plus the rules that need no browser: the concurrency chosen
from the machine, and a sitemap fetched once for all of a site's scenarios.
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from pixelhound.capture.activity import watch
from pixelhound.capture.browser import BrowserOptions, browser_version, open_profile
from pixelhound.capture.crawl import Link
from pixelhound.capture.journeys import settle
from pixelhound.capture.scan import Sitemaps
from pixelhound.settings import SCAN_CONCURRENCY_LIMIT, machine_concurrency

from .conftest import CHROMIUM, require_chromium

PAGE = b"""<!doctype html><title>settle</title>
<button id=slow onclick="fetch('/slow').then(() => navigator.sendBeacon('/after', 'done'))">Book</button>
<button id=beacon onclick="navigator.sendBeacon('/hold', 'event')">Send</button>
<button id=hang onclick="fetch('/hang')">Hang</button>"""


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.seen: list[str] = []
        self.release = threading.Event()


class Handler(BaseHTTPRequestHandler):
    server: Server

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self, body: bytes = b"ok") -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        self.server.seen.append(self.path)
        if self.path == "/slow":
            time.sleep(0.5)  # longer than the quiet window: only waiting for the answer sees what follows
        elif self.path == "/hang":
            self.server.release.wait(30)
        self._answer(PAGE if self.path == "/" else b"ok")

    def do_POST(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.seen.append(self.path)
        if self.path == "/hold":
            self.server.release.wait(30)
        self._answer()


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    server = Server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


@dataclass
class Seen:
    """What the server had received when each wait returned, and what the bounded wait said."""

    after_settle: list[str] = field(default_factory=list)
    quiet_reached: list[bool] = field(default_factory=list)
    quiet_after_beacon: list[bool] = field(default_factory=list)
    quiet_at_once: dict[str, bool] = field(default_factory=dict)  # a wait with no time to spare, counted two ways


@pytest.fixture(scope="module")
def seen(server: Server) -> Seen:
    """One browser for both waits (a launch costs more than the waits)."""
    require_chromium()
    from playwright.async_api import async_playwright

    from pixelhound.capture.activity import activity_of

    result = Seen()
    port = server.server_address[1]
    rules = f"MAP settle.test 127.0.0.1:{port}, MAP * ~NOTFOUND"

    async def run() -> None:
        async with async_playwright() as playwright:
            profile = await open_profile(playwright, BrowserOptions(resolver_rules=rules), CHROMIUM, browser_version(CHROMIUM))
            try:
                page = await profile.context.new_page()
                session = await profile.context.new_cdp_session(page)
                watch(page).listen(session)
                await session.send("Network.enable")
                await page.goto("http://settle.test/", wait_until="load")
                await page.click("#slow")
                await settle(page)
                result.after_settle[:] = server.seen
                activity = activity_of(page)
                settled_since = activity.last_activity_ms()  # the settle just waited out its window after this
                result.quiet_at_once["from the last activity"] = await activity.quiet(window=0.1, limit=0.0, since_ms=settled_since)
                result.quiet_at_once["from now"] = await activity.quiet(window=0.1, limit=0.0)
                async with page.expect_request("**/hold"):
                    await page.click("#beacon")
                result.quiet_after_beacon.append(await activity_of(page).quiet(window=0.1, limit=5.0))
                async with page.expect_request("**/hang"):
                    await page.click("#hang")
                result.quiet_reached.append(await activity_of(page).quiet(window=0.1, limit=1.0))
                server.release.set()
            finally:
                await profile.close()

    asyncio.run(asyncio.wait_for(run(), 120))
    return result


def test_settling_waits_for_requests_in_flight_and_what_they_lead_to(seen: Seen) -> None:
    assert "/slow" in seen.after_settle
    assert "/after" in seen.after_settle, "settling returned before the beacon the slow answer leads to"


def test_a_quiet_counted_from_an_earlier_moment_needs_no_new_window(seen: Seen) -> None:
    """The load's settle counts from the load's end (reading the page in between sends nothing):
    a page already quiet that long is settled at once, where a wait counted from now is not."""
    assert seen.quiet_at_once == {"from the last activity": True, "from now": False}


def test_a_page_that_never_goes_quiet_is_waited_for_only_up_to_the_bound(seen: Seen) -> None:
    assert seen.quiet_reached == [False]


def test_a_beacon_whose_answer_never_comes_does_not_hold_the_wait(seen: Seen) -> None:
    """No page can read a beacon's answer (and Chromium often never tells the page session it
    ended): its start is activity, but it is not waited for, so quiet comes before the bound."""
    assert seen.quiet_after_beacon == [True]


def test_concurrency_follows_the_cores_and_the_memory() -> None:
    assert machine_concurrency(cores=2, memory_mib=24 * 1024) == 2
    assert machine_concurrency(cores=8, memory_mib=2 * 1024) == 3  # memory, not cores, is the limit
    assert machine_concurrency(cores=1, memory_mib=256) == 1
    assert machine_concurrency(cores=256, memory_mib=1024 * 1024) == SCAN_CONCURRENCY_LIMIT


def test_a_sites_sitemap_is_fetched_once_for_all_its_scenarios() -> None:
    fetched: list[str] = []

    async def run() -> list[list[Link]]:
        sitemaps = Sitemaps()
        gate = asyncio.Event()

        async def fetch() -> list[Link]:
            fetched.append("fetch")
            await gate.wait()
            return [Link("https://a.test/x")]

        async def failing() -> list[Link]:
            fetched.append("failing")
            raise RuntimeError("the page went away")

        together = asyncio.gather(*(sitemaps.links("https://a.test", fetch) for _ in range(3)))
        await asyncio.sleep(0)
        gate.set()
        answers = list(await together)
        with pytest.raises(RuntimeError):  # a sitemap that could not be read is never an empty one
            await sitemaps.links("https://b.test", failing)
        answers.append(await sitemaps.links("https://b.test", fetch))  # asked again after a failure
        return answers

    answers = asyncio.run(run())
    assert fetched == ["fetch", "failing", "fetch"]
    assert answers[:3] == [[Link("https://a.test/x")]] * 3
    assert answers[3] == [Link("https://a.test/x")]
