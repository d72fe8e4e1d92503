"""What a page's network is doing now, so that the scan waits for the page rather than the clock.

After a load or an action the scan waits until the page has had no request in flight and none
starting for a short quiet window (`SCAN_QUIET_SECONDS`), bounded by `SCAN_SETTLE_MAX_SECONDS`:
a fixed sleep is too long for most pages and too short for a slow tracker under load. Two views
are combined: the page session's own network events (CDP's requestWillBeSent, loadingFinished and
loadingFailed, from the session the request collector already holds: Playwright's page-level
request events would make its driver send every request's events twice), and any other source of
activity handed in (the network record's NetLog, which also sees what leaves outside the page
sessions). A request in flight longer than the bound (a long poll, a stalled
connection) no longer holds later waits: it cannot be waited out, and it is recorded either way.
A beacon (`sendBeacon`, CDP type Ping) is activity when it starts but never holds a wait: no page
can read its answer, and its page session is often never told that it ended (Meta's `/tr/` beacon
held every settle after it to the 3 s bound: 3-4 s on every page with a form).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import weakref
from urllib.parse import urlsplit
from collections.abc import Callable, Sequence

from typing import Any

from playwright.async_api import CDPSession, Page

from pixelhound.capture.collectors.base import wall_ms
from pixelhound.settings import (
    SCAN_QUIET_POLL_SECONDS,
    SCAN_QUIET_SECONDS,
    SCAN_SETTLE_MAX_SECONDS,
    SCAN_UNANSWERED_REQUEST_TYPES,
)

log = logging.getLogger("pixelhound.scan")

ActivitySource = Callable[[], float]  # wall-clock ms of the last activity it saw (0: none)


class NetworkActivity:
    """Requests in flight and the last moment anything started or ended, for one page."""

    def __init__(self, page: Page, sources: Sequence[ActivitySource] = ()) -> None:
        self.sources = list(sources)
        self._in_flight: dict[str, float] = {}  # CDP request id -> when it started
        self._kinds: dict[str, str] = {}  # CDP request id -> "Type host" (for the debug log of what held a settle)
        self._last_ms = wall_ms()
        self._loaded_ms = 0.0  # when the page's document last fired its load event
        self._changed = asyncio.Event()
        self.session: CDPSession | None = None  # the page's CDP session, once one is listened to (screenshots reuse it)
        page.on("load", self._loaded)

    def listen(self, session: CDPSession) -> None:
        """Follow the requests of a CDP session on the page (its Network domain enabled)."""
        self.session = session
        session.on("Network.requestWillBeSent", self._started)
        session.on("Network.loadingFinished", self._ended)
        session.on("Network.loadingFailed", self._ended)

    def _started(self, event: dict[str, Any]) -> None:
        if event.get("type") not in SCAN_UNANSWERED_REQUEST_TYPES:
            request_id = str(event.get("requestId", ""))
            self._in_flight.setdefault(request_id, wall_ms())  # (a redirect keeps its id)
            if log.isEnabledFor(logging.DEBUG):
                url = str(event.get("request", {}).get("url", ""))
                self._kinds[request_id] = f"{event.get('type')} {urlsplit(url).hostname}"
        self._touch()

    def _ended(self, event: dict[str, Any]) -> None:
        self._in_flight.pop(str(event.get("requestId", "")), None)
        self._kinds.pop(str(event.get("requestId", "")), None)
        self._touch()

    def _loaded(self, _page: Page) -> None:
        self._loaded_ms = wall_ms()

    def _touch(self) -> None:
        self._last_ms = wall_ms()
        self._changed.set()

    def _outstanding(self, since_ms: float) -> int:
        """Requests in flight that began after `since_ms` (older ones cannot be waited out)."""
        return sum(1 for started in self._in_flight.values() if started > since_ms)

    def last_activity_ms(self) -> float:
        return max([self._last_ms, *(source() for source in self.sources)])

    def idle_for(self, window: float) -> bool:
        """Nothing in flight, however long ago it began, and nothing started or ended for `window`
        seconds, now (a caller waiting on this bounds its own wait)."""
        return not self._outstanding(0.0) and wall_ms() - self.last_activity_ms() >= window * 1000

    def seconds_since_load(self) -> float | None:
        """How long ago the page's document last fired its load event (None: it never did)."""
        return (wall_ms() - self._loaded_ms) / 1000 if self._loaded_ms else None

    async def quiet(self, window: float = SCAN_QUIET_SECONDS, limit: float = SCAN_SETTLE_MAX_SECONDS,
                    since_ms: float | None = None) -> bool:
        """Wait until nothing is in flight and nothing started or ended for `window` seconds,
        counted from now at the earliest (a beacon an action triggers a moment later is waited
        for), or from `since_ms` when the action ended before this wait began (work that sends
        nothing, such as reading the page, was done in between and counts towards the quiet);
        at most `limit` seconds. True when quiet was reached, False at the bound."""
        begun = wall_ms() if since_ms is None else min(since_ms, wall_ms())
        deadline = begun + limit * 1000
        held: set[str] = set()
        while True:
            now = wall_ms()
            last = max(begun, self.last_activity_ms())
            busy = self._outstanding(begun - limit * 1000)
            if busy and log.isEnabledFor(logging.DEBUG):
                held.update(self._kinds.get(key, "?") for key, started in self._in_flight.items() if started > begun - limit * 1000)
            if not busy and now - last >= window * 1000:
                if log.isEnabledFor(logging.DEBUG):
                    log.debug("settle %.3fs; cdp last %+.3fs, netlog last %+.3fs; held by %s", (now - begun) / 1000,
                              (self._last_ms - begun) / 1000,
                              (max([0.0, *(source() for source in self.sources)]) - begun) / 1000, sorted(held))
                return True
            if now >= deadline:
                log.debug("no quiet within %.1fs: %d request(s) in flight", limit, busy)
                return False
            self._changed.clear()
            wake = deadline if busy else min(deadline, last + window * 1000)
            pause = (wake - now) / 1000
            if self.sources:  # sources are read, not told: look again soon
                pause = min(pause, SCAN_QUIET_POLL_SECONDS)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(pause, 0.001))


    async def dwell(self, seconds: float) -> None:
        """Until the page's last load is `seconds` old: what trackers fire on a timer after the
        load (no request announces it) leaves before the page is left. Nothing if it never loaded."""
        if self._loaded_ms:
            remaining = (self._loaded_ms + seconds * 1000 - wall_ms()) / 1000
            if remaining > 0:
                await asyncio.sleep(remaining)


_WATCHED: weakref.WeakKeyDictionary[Page, NetworkActivity] = weakref.WeakKeyDictionary()


def watch(page: Page, sources: Sequence[ActivitySource] = ()) -> NetworkActivity:
    """Start watching a page's network (call before its load, so no request is missed)."""
    activity = NetworkActivity(page, sources)
    _WATCHED[page] = activity
    return activity


def watcher(page: Page) -> NetworkActivity | None:
    """The page's watcher, if it is watched (nothing is started for a page watched too late)."""
    return _WATCHED.get(page)


def activity_of(page: Page) -> NetworkActivity:
    """The page's watcher; one started now if the page was not watched from its opening."""
    return watcher(page) or watch(page)
