"""Live scans: each site under each consent scenario, in a fresh profile, page by page.

A site that cannot be measured (down, redirecting forever, behind a bot wall) is reported as
"not measured", never as clean. A page that hangs, crashes its renderer, storms alerts or opens
popups costs that page, not the scan: each page gets its own tab and time limit, and a browser
that dies is restarted for the pages that remain.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Awaitable, Callable, Container
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Page, Playwright, async_playwright

from pixelhound.capture.activity import activity_of
from pixelhound.capture.browser import BrowserOptions, Profile, browser_version, find_chromium, open_profile
from pixelhound.capture.crawl import Link, plan_pages, sitemap_urls
from pixelhound.capture.har import write_har
from pixelhound.capture.journeys import click_calls_to_action, fill_forms, links_on, scroll_to_end, settle, site_search
from pixelhound.capture.collectors import Collected, Collector, RequestCollector, Visits, default_collectors, utc_now
from pixelhound.capture.collectors.base import wall_ms
from pixelhound.capture.collectors.network import NetworkRecordCollector
from pixelhound.capture.guard_record import GuardRecord
from pixelhound.capture.phases import PhaseTimes, phase, start_timing
from pixelhound.capture.scenarios import Scenario, scenario_named
from pixelhound.model import NO_INTERACTION, CanaryIdentity, ConsentEase, Capture, Cookie, Page as PageRecord, StorageWrite
from pixelhound.settings import (
    SCAN_CONCURRENCY,
    SCAN_DELAY_SECONDS,
    SCAN_DEVICE,
    SCAN_INTERRUPT_GRACE_SECONDS,
    SCAN_MAX_PAGES,
    SCAN_NETWORK_RECORD,
    SCAN_PAGE_DWELL_SECONDS,
    SCAN_PAGE_TIMEOUT,
    SCAN_POPUP_LIMIT,
    SCAN_REPEAT,
    SCAN_RETRIES,
    SCAN_SEARCH_TERM,
    SCAN_SITEMAP_TIMEOUT_SECONDS,
    SCAN_SITE_TIMEOUT,
)
from pixelhound.store.run_folder import RunFolder

BOT_WALL = re.compile(r"captcha|cf-chl|challenge-platform|attention required|verify you are (a )?human|access denied", re.I)


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    folder: str = ""  # its folder under the run folder's sites/ (unique in a fleet; slug(name) if "")
    key: str = ""  # the fleet file's stable key for the site ("" = the registrable domain of url)
    category: str = ""  # the user's health category for the site (--site-category, fleet column); "" = infer

    @property
    def folder_name(self) -> str:
        return self.folder or slug(self.name)


@dataclass(frozen=True)
class ScanOptions:
    browser: BrowserOptions = field(default_factory=BrowserOptions)
    out_dir: Path = Path("pixelhound-run")
    scenarios: tuple[str, ...] = (NO_INTERACTION,)
    max_pages: int = SCAN_MAX_PAGES
    concurrency: int = SCAN_CONCURRENCY
    delay: float = SCAN_DELAY_SECONDS
    page_timeout: float = SCAN_PAGE_TIMEOUT
    site_timeout: float = SCAN_SITE_TIMEOUT
    search_term: str = SCAN_SEARCH_TERM
    identity: CanaryIdentity | None = None
    submit_forms: bool = False
    network_record: bool = SCAN_NETWORK_RECORD  # Chromium's NetLog, reconciled with the page-level record
    # Per site URL, the (user, password, origin) split off its start URL: used to log in, never recorded.
    credentials: tuple[tuple[str, tuple[str, str, str]], ...] = ()
    repeat: int = SCAN_REPEAT  # fresh-profile visits of each site x scenario (--repeat)

    @property
    def repeats(self) -> tuple[int, ...]:
        """The visit numbers of each site x scenario: (0,) for a run that does not repeat (one visit,
        laid out as always), else 1..N (each in its own repeat folder)."""
        return (0,) if self.repeat <= 1 else tuple(range(1, self.repeat + 1))


@dataclass
class SiteScan:
    """What one site under one scenario produced: captures, visits, and whether it was measured."""

    site: Site
    scenario: str
    captures: list[Capture] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    cookies_stored: list[Cookie] = field(default_factory=list)
    storage_writes: list[StorageWrite] = field(default_factory=list)
    measured: bool = True
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    # What the scan set out to do and could not (a time limit, an action the page offered, a failed
    # collector): each makes the scan partly measured, never clean (model.SourceSummary.measurement).
    shortfalls: list[str] = field(default_factory=list)
    har_path: Path | None = None
    started: str = ""
    finished: str = ""
    browser_version: str = ""
    banner: str = ""
    banner_method: str = ""
    consent_verified: bool = True
    consent_detail: str = ""
    consent_ease: ConsentEase | None = None  # the banner's first layer (and a withdrawal), when met
    network_requests: int = -1  # requests the network record saw leave (-1: no network record)
    evidence_requests: int = 0  # requests in the evidence that left the browser
    unrecovered: int = 0  # requests the network record saw that could not be put in the evidence
    phase_seconds: dict[str, float] = field(default_factory=dict)  # wall seconds per phase of the visits
    guard_refused: int = 0  # requests the private-target guard's proxy refused (never sent: not measured)
    repeat: int = 0  # which visit of N this is (1..N) when the run repeats; 0 when it does not
    device: str = SCAN_DEVICE  # the browser the site was visited as (settings.DEVICES)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "site"


def _not_measured_reason(error: str, status: int, html: str) -> str:
    """Why a start page that did not load cleanly means the site was not measured ('' if it was)."""
    if "ERR_TOO_MANY_REDIRECTS" in error:
        return "the site redirects forever"
    if "invalid URL" in error or "ERR_INVALID_URL" in error or "ERR_UNSAFE_PORT" in error:
        return f"the start URL cannot be opened ({_error_code(error).rsplit(': ', 1)[-1]})"
    # (ERR_TUNNEL_CONNECTION_FAILED: the guard's resolving proxy could not resolve or reach the host, or refused it.)
    if any(code in error for code in ("ERR_NAME_NOT_RESOLVED", "ERR_CONNECTION", "ERR_ADDRESS", "ERR_TUNNEL_CONNECTION_FAILED")):
        return f"the site is down or unreachable ({_error_code(error)})"
    if error and not html:
        return f"the start page did not load ({error[:120]})"
    if status in (401, 403, 429, 503) and BOT_WALL.search(html[:20000]):
        return f"the site served a bot challenge (HTTP {status})"
    if status >= 500:
        return f"the site answered HTTP {status}"
    return ""


def _error_code(error: str) -> str:
    """The short cause in a Playwright error: `net::ERR_...`, or its first words."""
    code = re.search(r"net::ERR_[A-Z_]+", error)
    if code:
        return code.group(0)
    return error.split(": ", 1)[-1][:100] if error else "no answer"


def _cut_short(error: str) -> bool:
    """Whether a page's error means the scan did not finish measuring it (a time limit, a crash):
    not a site's own answer such as a refused connection, which a visitor meets as well."""
    return "time limit" in error or "Timeout" in error or "crashed" in error


def _loaded(page: PageRecord) -> bool:
    """The page arrived: a response below 400 (a page whose later steps failed still loaded)."""
    return 0 < page.status < 400 or (page.status == 0 and bool(page.finished) and not page.error)


def _no_page_loaded_reason(pages: list[PageRecord]) -> str:
    """Why a site x scenario where not one page loaded is not measured ('' when one did): a site
    whose every page timed out, failed to connect or answered an HTTP error was never seen."""
    if any(_loaded(page) for page in pages):
        return ""
    if not pages:
        return "no page was visited"
    causes: dict[str, int] = {}
    for page in pages:
        if page.status >= 400:
            cause = f"HTTP {page.status}"
        elif "Timeout" in page.error or "time limit" in page.error or not page.finished:
            cause = "timed out"
        elif "net::ERR_" in page.error:
            cause = f"connection error {_error_code(page.error)}"
        else:
            cause = _error_code(page.error)
        causes[cause] = causes.get(cause, 0) + 1
    listed = ", ".join(f"{count} {cause}" if len(pages) > 1 else cause for cause, count in causes.items())
    return f"no page loaded ({listed})"


class Sitemaps:
    """Each site's sitemap, fetched once for all its scenarios (they plan from the same pages),
    by whichever scenario's start page asks first; the others wait for that answer."""

    def __init__(self) -> None:
        self._fetches: dict[str, asyncio.Future[list[Link]]] = {}

    async def links(self, origin: str, fetch: Callable[[], Awaitable[list[Link]]]) -> list[Link]:
        """The sitemap's links ([] when the site has none); raises what the fetch raised when it
        could not be read, which the caller must report: the plan then lacks the pages it lists."""
        known = self._fetches.get(origin)
        if known is not None:
            await asyncio.wait([known])  # never raises for the fetch's own failure or cancellation
            if not known.cancelled() and known.exception() is None:
                return list(known.result())
        # A fetch that failed (its page crashed, the scan was stopped): the next scenario asks again.
        mine = asyncio.ensure_future(fetch())
        self._fetches[origin] = mine
        return list(await mine)


class SiteScanner:
    """Drives one site under one scenario."""

    def __init__(self, playwright: Playwright, site: Site, scenario: Scenario, options: ScanOptions,
                 executable: str, version: str, progress: Callable[[str], None],
                 sitemaps: Sitemaps | None = None, repeat: int = 0) -> None:
        self.sitemaps = sitemaps or Sitemaps()
        self.playwright = playwright
        self.site = site
        self.scenario = scenario
        self.options = options
        self.executable = executable
        self.version = version
        self.progress = progress
        self.run_folder = RunFolder(options.out_dir)
        self.repeat = repeat
        self.result = SiteScan(site=site, scenario=scenario.name, browser_version=version, repeat=repeat,
                               device=options.browser.device)
        self.visits = Visits()
        self.collectors: list[Collector] = default_collectors(
            site.name, scenario.name, self.run_folder, site.folder_name, options.network_record, repeat
        )
        self.requests = next(c for c in self.collectors if isinstance(c, RequestCollector))
        self.network = next((c for c in self.collectors if isinstance(c, NetworkRecordCollector)), None)
        self.phases = PhaseTimes()
        self._last_url = ""
        self._failed: set[tuple[str, str]] = set()
        self.profile: Profile | None = None
        self.restarts = 0
        self.clicked: set[str] = set()  # the site's header/navigation/footer links already pressed
        self.popups_closed = 0
        self._settling: asyncio.Future[None] | None = None  # the last page's wait for network quiet
        self.guard = GuardRecord()  # what the guard's resolving proxy refused and connected to

    def _har(self) -> Path:
        return self.run_folder.har(self.site.folder_name, self.scenario.name, self.repeat)

    async def _start_profile(self) -> Profile:
        switches = [arg for collector in self.collectors for arg in self._call(collector, "launch_args") or []]
        browser = replace(self.options.browser, credentials=dict(self.options.credentials).get(self.site.url))
        profile = await open_profile(self.playwright, browser, self.executable, self.version, switches)
        await self._each("attach", profile.context, self.visits)
        await self.scenario.attach(profile.context, self.visits)
        profile.context.on("page", self._limit_popups)
        return profile

    def _call(self, collector: Collector, hook: str) -> list[str] | None:
        try:
            return getattr(collector, hook)()
        except Exception as error:  # noqa: BLE001 - one collector's failure costs its evidence only
            self._failure(collector, hook, error)
            return None

    async def _each(self, hook: str, *args: object) -> None:
        """Run one hook of every collector; a failure is named in the warnings (once per hook)."""
        for collector in self.collectors:
            try:
                await getattr(collector, hook)(*args)
            except Exception as error:  # noqa: BLE001 - one collector's failure costs its evidence only
                self._failure(collector, hook, error)

    def _failure(self, collector: Collector, hook: str, error: BaseException) -> None:
        if (collector.name, hook) in self._failed:
            return
        self._failed.add((collector.name, hook))
        detail = str(error).splitlines()[0][:200] if str(error) else ""
        self.result.shortfalls.append(f"collector '{collector.name}' failed in {hook}: {type(error).__name__}: {detail}".rstrip(": "))

    def _limit_popups(self, page: Page) -> None:
        if self.profile is not None and len(self.profile.context.pages) > SCAN_POPUP_LIMIT + 1:
            self.popups_closed += 1
            asyncio.ensure_future(self._close(page))

    @staticmethod
    async def _close(page: Page) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(page.close(run_before_unload=False), 5)

    async def run(self) -> SiteScan:
        self.phases = start_timing()  # this task's own timer (each site x scenario runs in its own task)
        self.result.started = utc_now()
        self.run_folder.prepare_scenario(self.site.folder_name, self.scenario.name, self.repeat)
        try:
            self.profile = await self._start_profile()
            await asyncio.wait_for(self._visit_all(), self.options.site_timeout)
        except asyncio.TimeoutError:
            self.result.shortfalls.append(f"site time limit ({self.options.site_timeout:.0f}s) reached; later pages not visited")
        except Exception as error:  # noqa: BLE001 - a scan must report, not crash
            self.result.shortfalls.append(f"scan stopped early: {type(error).__name__}: {str(error).splitlines()[0][:200]}")
            if not any(page.finished for page in self.result.pages):  # the page it stopped in was not "timed out"
                self.result.measured = False
                self.result.reason = f"the browser could not be started or driven ({type(error).__name__})"
        finally:
            if self.popups_closed:
                self.result.warnings.append(
                    f"closed {self.popups_closed} popup window(s) opened beyond {SCAN_POPUP_LIMIT} at once"
                )
            await self._finish()
        if self.result.measured:
            self.result.reason = _no_page_loaded_reason(self.result.pages)
            self.result.measured = not self.result.reason
        self.guard.explain(self.result)
        return self.result

    async def _visit_all(self) -> None:
        first = await self._visit(self.site.url, 0, plan=True)
        if first is None:
            return
        planned, _ = first
        for number, url in enumerate(planned[1:], start=1):
            if self.options.delay:
                await asyncio.sleep(self.options.delay)
            await self._visit(url, number, plan=False)
        passes = 1
        while passes < self.scenario.passes:  # the withdraw scenario browses the same pages again
            passes += 1
            self.scenario.next_pass(self.visits)
            for url in planned:
                await self._visit(url, len(self.result.pages), plan=False)

    async def _new_page(self) -> Page:
        assert self.profile is not None
        try:
            return await asyncio.wait_for(self.profile.context.new_page(), 15)
        except Exception:  # noqa: BLE001 - the browser is gone or hung: start a fresh one
            if self.restarts >= 2:
                raise
            self.restarts += 1
            self.result.shortfalls.append("the browser stopped responding and was restarted (fresh profile: the consent choice and cookies so far were lost)")
            await self._close_profile()
            self.profile = await self._start_profile()
            return await self.profile.context.new_page()

    async def _visit(self, url: str, number: int, plan: bool) -> tuple[list[str], PageRecord] | None:
        """One page: load, scenario, journeys; the plan of pages when this is the start page."""
        record = PageRecord(id=f"page_{number + 1}", url=url, started=utc_now())
        self.result.pages.append(record)
        self.progress(url)
        page = await self._next_tab()
        activity = activity_of(page)  # (the request collector may have begun it as the tab opened)
        activity.sources = [self.network.last_activity_ms] if self.network is not None else []
        self.visits.change(page=record, number=number, action="load")
        crashed: list[bool] = []
        page.on("crash", lambda _page: crashed.append(True))
        planned: list[str] = [url]
        try:
            await asyncio.wait_for(self._journey(page, record, number, plan, planned, crashed), self.options.page_timeout * 3)
            with phase("dwell"):
                await activity.dwell(SCAN_PAGE_DWELL_SECONDS)
        except asyncio.TimeoutError:
            record.error = record.error or f"page time limit reached ({self.options.page_timeout * 3:.0f}s)"
        except Exception as error:  # noqa: BLE001
            record.error = record.error or f"{type(error).__name__}: {str(error).splitlines()[0][:200]}"
        if crashed:
            record.error = "the page crashed the browser's renderer"
            await self._close(page)
        else:
            await self._leave(page)
        record.finished = utc_now()
        self._last_url = url
        if plan and number == 0:
            reason = _not_measured_reason(record.error, record.status, self._start_html)
            if reason:
                self.result.measured = False
                self.result.reason = reason
                return None
        if _cut_short(record.error):
            self.result.shortfalls.append(f"{url}: {record.error}")
        return planned, record

    _start_html = ""

    async def _leave(self, page: Page) -> None:
        """Leave the page as a visitor closing the tab does, and wait until the network is quiet.

        Closing a tab runs the document's real lifecycle (visibilitychange to hidden, pagehide,
        unload), so trackers flush what they still hold exactly as they do for a visitor: GA4's
        queued scroll, engagement and form events, a session recorder's last batch. Those requests
        leave from a document that is going away and reach no page session; the network record
        sees them, and the collectors' `page_left` waits (bounded by a setting) until it has seen
        the network go quiet, while the next tab opens (`_next_tab`). Without the network record
        they are not in the evidence."""
        self.visits.change(action="leave")
        await self._close(page)
        self._settling = asyncio.ensure_future(self._each("page_left"))

    async def _settled(self) -> None:
        """Until the last page left has gone quiet (its wait is bounded by a setting)."""
        settling, self._settling = self._settling, None
        if settling is not None:
            await settling

    async def _next_tab(self) -> Page:
        """A new tab for the next page, opened while the last page's network settles.

        A blank tab sends nothing, so opening it during the wait for quiet costs no evidence and
        hides the wait's time; the next visit begins (is labelled) only once both are done, so a
        beacon the last page sent as it went away is still labelled with that page."""
        opening = asyncio.ensure_future(self._new_page())
        try:
            with phase("leave"):
                await self._settled()
            self._end_page()
            with phase("tab"):
                return await opening
        except BaseException:
            opening.cancel()
            raise

    def _end_page(self) -> None:
        """The last page is done (its leave included): its phases go to the scan's debug log."""
        if self._last_url:
            self.phases.end_page(f"{self.site.name} [{self.scenario.name}] {self._last_url}")
            self._last_url = ""

    async def _journey(self, page: Page, record: PageRecord, number: int, plan: bool,
                       planned: list[str], crashed: list[bool]) -> None:
        def act(label: str) -> None:
            self.visits.change(action=label)
            record.actions.append(label)

        def fell_short(what: str) -> None:
            self.result.shortfalls.append(f"{record.url}: {what}")

        act("load")
        with phase("load"):
            status, error = await self._load(page, record.url)
        loaded_ms = wall_ms()
        record.status, record.error = status, error
        with contextlib.suppress(Exception):
            record.title = await page.title()
        html = ""
        # The HTML as loaded decides whether a start page was measured, and whether a page that
        # failed to load shows anything; the page's evidence keeps its own copy after the scroll.
        # A load that failed in the network (net::ERR_...) shows Chromium's own error page: not the site.
        if (plan or error) and "net::ERR_" not in error and not page.url.startswith("chrome-error://"):
            with phase("html"), contextlib.suppress(Exception):
                html = await asyncio.wait_for(page.content(), 5)
        if plan:
            self._start_html = html
        if error and not html:
            return
        if not error:  # the load's own requests leave, labelled "load", before consent or scroll acts
            await settle(page, since_ms=loaded_ms)
        with phase("consent"):
            await self.scenario.after_load(page, self.visits)
        if plan:
            with phase("plan"):
                links = await self._start_links(page, fell_short) + await self._sitemap_links(page)
                planned[:] = plan_pages(record.url, links, self.options.max_pages, searching=bool(self.options.search_term))
        act("scroll")
        with phase("scroll"):
            await scroll_to_end(page)
        await settle(page)
        await self._each("after_load", page)
        with phase("clicks"):
            await click_calls_to_action(page, act, self.clicked, self.requests.mark_stopped_navigation, fell_short)
        if self.options.identity is not None:
            with phase("forms"):
                await fill_forms(page, self.options.identity, self.options.submit_forms, act, self.requests.mark_intercepted,
                                 fell_short)
        if plan and self.options.search_term:
            act("load")
            with phase("search"):
                with contextlib.suppress(Exception):
                    await page.goto(record.url, wait_until="load", timeout=self.options.page_timeout * 1000)
                await site_search(page, self.options.search_term, act, fell_short)

    async def _load(self, page: Page, url: str) -> tuple[int, str]:
        """Load with retries; (HTTP status, error text or '')."""
        error = ""
        for _attempt in range(1 + SCAN_RETRIES):
            try:
                response = await page.goto(url, wait_until="load", timeout=self.options.page_timeout * 1000)
                return (response.status if response else 0), ""
            except Exception as failure:  # noqa: BLE001
                error = str(failure).splitlines()[0][:300]
                if "ERR_TOO_MANY_REDIRECTS" in error or "Timeout" in error:
                    break
        return 0, error

    @staticmethod
    async def _start_links(page: Page, fell_short: Callable[[str], None]) -> list[Link]:
        """The start page's links, which plan the scan; links that cannot be read are a shortfall."""
        try:
            return await links_on(page)
        except Exception as error:  # noqa: BLE001 - reported, whatever it was
            fell_short(f"its links could not be read ({type(error).__name__}): the pages they lead to are not in the plan")
            return []

    async def _sitemap_links(self, page: Page) -> list[Link]:
        """The sitemap's links, asked twice; one that cannot be read is a shortfall, never an
        empty sitemap (under load a slow answer planned fewer pages, and the scan said nothing)."""
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.site.url))
        error: Exception | None = None
        for _attempt in range(2):
            try:
                return await self.sitemaps.links(origin, lambda: self._fetch_sitemap(page, origin))
            except Exception as failure:  # noqa: BLE001 - reported below, whatever it was
                error = failure
        self.result.shortfalls.append(f"{origin}/sitemap.xml could not be read ({type(error).__name__}): "
                                      "the pages only it lists are not in the plan")
        return []

    @staticmethod
    async def _fetch_sitemap(page: Page, origin: str) -> list[Link]:
        """The sitemap's links ([] when the site has none); raises when it could not be asked."""
        text = await asyncio.wait_for(
            page.evaluate("async (u) => { const r = await fetch(u); return r.ok ? await r.text() : ''; }", origin + "/sitemap.xml"),
            SCAN_SITEMAP_TIMEOUT_SECONDS,
        )
        return [Link(url) for url in sitemap_urls(text)]

    def _record_banner(self) -> None:
        """What happened to the banner; a choice scenario without a confirmed choice is unverified."""
        self.result.consent_ease = self.scenario.ease
        extra = self.scenario.detail  # what the scenario did beside the banner (gpc, withdraw): it must hold too
        if not self.scenario.operates:
            if extra:
                self.result.consent_detail, self.result.consent_verified = extra, self.scenario.held
            return
        outcome = self.scenario.outcome
        if outcome is None:
            self.result.consent_verified = False
            self.result.consent_detail = "no page loaded, so the banner was never seen"
            return
        self.result.banner, self.result.banner_method = outcome.banner, outcome.method
        self.result.consent_verified = outcome.found and outcome.confirmed
        self.result.consent_detail = outcome.detail or ("no cookie banner found" if not outcome.found else "")
        if extra:
            self.result.consent_detail += f"; {extra}"
            self.result.consent_verified = self.result.consent_verified and self.scenario.held

    async def _close_profile(self) -> None:
        """Let the collectors read what needs a live browser, then close it (the NetLog completes)."""
        if self.profile is None:
            return
        await self._each("before_close", self.profile.context)
        await self.profile.close()
        self.guard.add(self.profile.proxy)
        self.profile = None

    async def _finish(self) -> None:
        with phase("leave"):
            await self._settled()
        self._end_page()
        self.result.phase_seconds = {name: round(seconds, 3) for name, seconds in self.phases.total.items()}
        self._record_banner()
        await self._close_profile()
        collected = Collected()
        for collector in self.collectors:
            try:
                await collector.collect(collected)
            except Exception as error:  # noqa: BLE001 - one collector's failure costs its evidence only
                self._failure(collector, "collect", error)
        self.result.captures = collected.captures
        self.result.cookies_stored = collected.cookies
        self.result.storage_writes = collected.storage_writes
        self.result.warnings += collected.warnings
        self.result.network_requests = collected.network_requests
        self.result.unrecovered = collected.unrecovered
        self.result.evidence_requests = sum(1 for capture in collected.captures if not capture.intercepted)
        self.guard.restore_server_addresses(self.result.captures)
        self.result.finished = utc_now()
        har = self._har()
        write_har(har, self.result.captures, self.result.pages, "Chromium", self.version)
        self.result.har_path = har


async def scan_fleet(sites: list[Site], options: ScanOptions,
                     progress: Callable[[Site, str, int, str], None] | None = None,
                     stop: asyncio.Event | None = None,
                     finished: Callable[[SiteScan], None] | None = None,
                     skip: Container[tuple[str, str, int]] = ()) -> list[SiteScan]:
    """Every site under every scenario (each visited `options.repeat` times, every visit in a fresh
    profile), `options.concurrency` sites at a time; a visit whose (site folder, scenario, repeat)
    is in `skip` (one a resumed run already recorded) is not made again.

    When `stop` is set (SIGINT/SIGTERM), no further site x scenario is started and those running
    are abandoned (cancelled, with SCAN_INTERRUPT_GRACE_SECONDS to close their browsers): a Ctrl-C
    in a terminal reaches Chromium and Playwright's driver too, so what they return after it
    cannot be trusted. Only scans that finished before the stop are returned, each also handed to
    `finished` as it ends (to record it in the run folder at once, so a run killed later keeps it)."""
    progress = progress or (lambda site, scenario, repeat, url: None)
    stop = stop or asyncio.Event()
    semaphore = asyncio.Semaphore(max(1, options.concurrency))
    async with async_playwright() as playwright:
        executable = find_chromium(options.browser.executable, playwright, options.browser.mode)
        version = browser_version(executable)
        # Scenarios share a site's sitemap; each repeat fetches its own, so that every visit does alike.
        sitemaps = {repeat: Sitemaps() for repeat in options.repeats}

        async def one(site: Site, scenario_name: str, repeat: int) -> SiteScan | None:
            async with semaphore:
                if stop.is_set():
                    return None
                scenario = scenario_named(scenario_name)
                scanner = SiteScanner(playwright, site, scenario, options, executable, version,
                                      lambda url: progress(site, scenario_name, repeat, url), sitemaps[repeat], repeat)
                result = await scanner.run()
                if stop.is_set():
                    return None
                if finished is not None:
                    finished(result)
                return result

        jobs = [asyncio.ensure_future(one(site, scenario, repeat))
                for site in sites for scenario in options.scenarios for repeat in options.repeats
                if (site.folder_name, scenario, repeat) not in skip]
        stopping = asyncio.ensure_future(stop.wait())
        while not stop.is_set() and (running := [job for job in jobs if not job.done()]):
            await asyncio.wait([*running, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if stop.is_set():
            await _abandon(jobs)
        for job in jobs:
            if job.done() and not job.cancelled() and job.exception() is not None:
                raise job.exception()  # a bug, not a site: the scan must not quietly lose a site
        return [scan for job in jobs if job.done() and not job.cancelled() and (scan := job.result()) is not None]


async def _abandon(jobs: list[asyncio.Future[SiteScan | None]]) -> None:
    """Cancel the scans still running; their clean-up (closing the browser) gets a short bound."""
    pending = [job for job in jobs if not job.done()]
    for job in pending:
        job.cancel()
    if pending:
        await asyncio.wait(pending, timeout=SCAN_INTERRUPT_GRACE_SECONDS)
