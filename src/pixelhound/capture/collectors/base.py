"""The collector interface of the live capture, and the visit it observes.

Each kind of evidence (requests, cookies, storage writes, page evidence, the network record) is
one collector: the scanner hands every collector the same `Visits` (what is being done on which
page, under which consent state, and since when), tells it when a browser context opens, when a
page has loaded and when a page has been left, and at the end asks it to hand over what it
collected into one `Collected`. A collector that fails costs its own evidence, named in the
scan's warnings; the others carry on. Shaped after DuckDuckGo's tracker-radar-collector
(`collectors/BaseCollector.js`): init/addTarget/postLoad/getData.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field, replace
from playwright.async_api import BrowserContext, Page

from pixelhound.capture.netlog import iso_time
from pixelhound.model import Capture, Cookie, Page as PageRecord, StorageWrite


def utc_now() -> str:
    return iso_time(wall_ms())


def wall_ms() -> float:
    """Milliseconds since the epoch: the clock the network record and CDP's wallTime use."""
    return time.time() * 1000


@dataclass(frozen=True)
class Visit:
    """What is happening now: on which page (number and record), doing what, under which consent."""

    page: PageRecord = field(default_factory=lambda: PageRecord(id=""))
    number: int = 0
    action: str = "load"
    consent: str = ""  # model.CONSENT_STATES, or "" while unknown

    @property
    def page_id(self) -> str:
        return self.page.id

    @property
    def page_url(self) -> str:
        return self.page.url


class Visits:
    """The current visit, and since when each visit held: requests are labelled by their wire time."""

    def __init__(self) -> None:
        self.current = Visit()
        self._times: list[float] = [0.0]
        self._visits: list[Visit] = [self.current]

    def change(self, at_ms: float | None = None, **changes: object) -> Visit:
        """A new page, action or consent state from now on (or from `at_ms`, for a replayed record)."""
        self.current = replace(self.current, **changes)  # type: ignore[arg-type]
        self._times.append(max(wall_ms() if at_ms is None else at_ms, self._times[-1]))
        self._visits.append(self.current)
        return self.current

    def at(self, time_ms: float) -> Visit:
        """The visit that held at that moment (the first one for anything earlier)."""
        return self._visits[max(0, bisect.bisect_right(self._times, time_ms) - 1)]


@dataclass
class Collected:
    """Everything the collectors handed over for one site under one scenario."""

    captures: list[Capture] = field(default_factory=list)
    cookies: list[Cookie] = field(default_factory=list)
    storage_writes: list[StorageWrite] = field(default_factory=list)
    network_requests: int = -1  # requests the network record saw leave (-1: no network record)
    evidence_requests: int = 0
    unrecovered: int = 0
    warnings: list[str] = field(default_factory=list)


class Collector:
    """One kind of evidence. Every hook may raise: the scanner names the failure and goes on."""

    name = "base"

    def launch_args(self) -> list[str]:
        """Browser switches this collector needs, asked before each browser launch."""
        return []

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        """A browser context opened (once per launch; a restarted browser attaches again)."""

    async def after_load(self, page: Page) -> None:
        """The current page has loaded and been scrolled through."""

    async def page_left(self) -> None:
        """The current page has been left; wait for what it still sends, if this collector can tell."""

    async def before_close(self, context: BrowserContext) -> None:
        """The context is about to close: read what needs a live browser."""

    async def collect(self, collected: Collected) -> None:
        """Hand over what was collected (collectors run in list order; later ones see earlier ones)."""
