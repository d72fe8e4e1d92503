"""The page-level record of requests, as Captures: what the page sessions see.

Playwright's context events see the requests of every page, frame, popup and worker, with the
raw headers as sent (Cookie included) and the body bytes. A CDP session per page adds what
Playwright does not expose: each request's initiator, and the cookies Chromium blocked and why.
What a document sends as it goes away never reaches these sessions: the network record
(`network.py`) is the source of truth for completeness and adds what is missing here.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from dataclasses import dataclass, field
from typing import Any

from playwright.async_api import BrowserContext, Page, Request, Response

from pixelhound.capture.collectors.base import Collected, Collector, Visits, utc_now
from pixelhound.capture.har import cookies_from_header, cookies_from_set_cookie
from pixelhound.model import PAGE_RECORD, Capture, Cookie


def _initiator_url(initiator: dict[str, Any]) -> str:
    if initiator.get("url"):
        return str(initiator["url"])
    for frame in (initiator.get("stack") or {}).get("callFrames") or []:
        if frame.get("url"):
            return str(frame["url"])
    return str(initiator.get("type", ""))


@dataclass
class _Record:
    """A request in flight: filled in as its headers and response arrive."""

    capture: Capture
    request: Request
    tasks: list[asyncio.Task[None]] = field(default_factory=list)


class RequestCollector(Collector):
    """Every request the page sessions report, labelled with the visit it left under."""

    name = "requests"

    def __init__(self, site: str, scenario: str, source: str) -> None:
        self.site = site
        self.scenario = scenario
        self.source = source
        self.visits = Visits()
        self._records: list[_Record] = []
        self._by_request: dict[Request, _Record] = {}
        self._initiators: dict[str, str] = {}
        self._cdp_urls: dict[str, str] = {}
        self._cdp_bodies: dict[str, bytes] = {}  # url -> body Playwright could not read (Blob beacons)
        self._pending_bodies: list[asyncio.Future[None]] = []
        self.blocked_cookies: list[Cookie] = []
        self._stopped: list[str] = []  # stopped navigations not reported by Playwright yet

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        self.visits = visits
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("page", self._on_page)
        for page in context.pages:
            await self.attach_page(page)

    def _on_page(self, page: Page) -> None:
        asyncio.ensure_future(self._safe(self.attach_page(page)))

    async def attach_page(self, page: Page) -> None:
        """CDP for initiators and blocked cookies (best effort: a page may already be gone)."""
        from pixelhound.capture.activity import activity_of  # (it imports this package's clock)

        try:
            session = await page.context.new_cdp_session(page)
            session.on("Network.requestWillBeSent", lambda event: self._on_cdp_request(event, session))
            session.on("Network.responseReceivedExtraInfo", self._on_cdp_response_extra)
            session.on("Network.requestWillBeSentExtraInfo", self._on_cdp_request_extra)
            activity_of(page).listen(session)  # the scan's settling follows the same session's requests
            await session.send("Network.enable")
        except Exception:  # noqa: BLE001 - closed pages and crashed renderers are expected
            return

    @staticmethod
    async def _safe(awaitable: Any) -> None:
        with contextlib.suppress(Exception):
            await awaitable

    def _on_cdp_request(self, event: dict[str, Any], session: Any = None) -> None:
        request = event.get("request", {})
        url = request.get("url", "")
        self._cdp_urls[event.get("requestId", "")] = url
        if url and url not in self._initiators:
            self._initiators[url] = _initiator_url(event.get("initiator") or {})
        if session is not None and request.get("hasPostData") and "postData" not in request:
            # A body Chromium did not inline (a Blob given to sendBeacon): ask for it by id.
            self._pending_bodies.append(asyncio.ensure_future(self._fetch_body(session, event.get("requestId", ""), url)))

    async def _fetch_body(self, session: Any, request_id: str, url: str) -> None:
        with contextlib.suppress(Exception):
            reply = await asyncio.wait_for(session.send("Network.getRequestPostData", {"requestId": request_id}), 5)
            data = reply.get("postData", "")
            body = base64.b64decode(data) if reply.get("base64Encoded") else data.encode("utf-8", "surrogatepass")
            self._cdp_bodies[url] = body

    def _on_cdp_request_extra(self, event: dict[str, Any]) -> None:
        url = self._cdp_urls.get(event.get("requestId", ""), "")
        for item in event.get("associatedCookies") or []:
            reasons = item.get("blockedReasons") or []
            cookie = item.get("cookie") or {}
            if reasons and cookie.get("name"):
                self.blocked_cookies.append(
                    Cookie(name=cookie["name"], value=str(cookie.get("value", "")), domain=str(cookie.get("domain", "")),
                           path=str(cookie.get("path", "")), how="blocked:" + ",".join(reasons), request_url=url)
                )

    def _on_cdp_response_extra(self, event: dict[str, Any]) -> None:
        url = self._cdp_urls.get(event.get("requestId", ""), "")
        for item in event.get("blockedCookies") or []:
            cookie = item.get("cookie") or {}
            name = cookie.get("name") or str(item.get("cookieLine", "")).split("=", 1)[0]
            if name:
                self.blocked_cookies.append(
                    Cookie(name=name, value=str(cookie.get("value", "")), domain=str(cookie.get("domain", "")),
                           path=str(cookie.get("path", "")), how="set-blocked:" + ",".join(item.get("blockedReasons") or []),
                           request_url=url)
                )

    def _on_request(self, request: Request) -> None:
        if not request.url.startswith(("http:", "https:", "ws:", "wss:")):
            return  # a tel: or mailto: link hands over to another program: nothing is sent
        frame_url = ""
        with contextlib.suppress(Exception):
            frame_url = request.frame.url
        body: bytes | None = None
        with contextlib.suppress(Exception):
            body = request.post_data_buffer
        visit = self.visits.current
        capture = Capture(
            index=len(self._records),
            url=request.url,
            method=request.method,
            request_headers=[(k, v) for k, v in request.headers.items()],
            body=body,
            body_mime=request.headers.get("content-type", ""),
            resource_type=request.resource_type,
            page_id=visit.page_id,
            started=utc_now(),  # when Playwright told us; the network record has when it left
            source=self.source,
            site=self.site,
            scenario=self.scenario,
            action=visit.action,
            frame_url=frame_url,
            consent=visit.consent,
            record=PAGE_RECORD,
        )
        if request.resource_type == "document" and request.url.split("#", 1)[0] in self._stopped:
            self._stopped.remove(request.url.split("#", 1)[0])
            capture.intercepted = True
        record = _Record(capture=capture, request=request)
        self._records.append(record)
        self._by_request[request] = record
        record.tasks.append(asyncio.ensure_future(self._raw_headers(record)))

    async def _raw_headers(self, record: _Record) -> None:
        """The headers as sent on the wire, Cookie included (Playwright's `headers` omits some)."""
        with contextlib.suppress(Exception):
            headers = await record.request.headers_array()
            record.capture.request_headers = [(h["name"], h["value"]) for h in headers]
            record.capture.body_mime = record.capture.body_mime or next(
                (h["value"] for h in headers if h["name"].lower() == "content-type"), ""
            )
            record.capture.cookies_sent = cookies_from_header(record.capture.request_headers, record.capture.url)

    def _on_response(self, response: Response) -> None:
        record = self._by_request.get(response.request)
        if record is not None:
            record.tasks.append(asyncio.ensure_future(self._response(record, response)))

    async def _response(self, record: _Record, response: Response) -> None:
        record.capture.status = response.status
        with contextlib.suppress(Exception):
            headers = await response.headers_array()
            record.capture.response_headers = [(h["name"], h["value"]) for h in headers]
            record.capture.response_mime = next(
                (h["value"] for h in headers if h["name"].lower() == "content-type"), ""
            )
            record.capture.cookies_set = cookies_from_set_cookie(record.capture.response_headers, record.capture.url)
        with contextlib.suppress(Exception):
            address = await response.server_addr()
            if address:
                record.capture.server_ip = address.get("ipAddress", "")

    def mark_intercepted(self, request: Request) -> None:
        """A request pixelhound stopped before it left: kept as evidence, never counted as sent."""
        record = self._by_request.get(request)
        if record is not None:
            record.capture.intercepted = True

    def mark_stopped_navigation(self, url: str) -> None:
        """A clicked link's navigation that pixelhound stopped (by URL: CDP paused it, not Playwright)."""
        for record in reversed(self._records):
            if record.capture.url.split("#", 1)[0] == url and record.capture.resource_type == "document":
                record.capture.intercepted = True
                return
        self._stopped.append(url)

    async def collect(self, collected: Collected) -> None:
        collected.captures += await self.captures()
        collected.cookies += self.blocked_cookies

    async def captures(self, timeout: float = 3.0) -> list[Capture]:
        """Every request so far, once outstanding header and response reads settle (or time out)."""
        pending = [task for record in self._records for task in record.tasks if not task.done()]
        pending += [task for task in self._pending_bodies if not task.done()]
        if pending:
            await asyncio.wait(pending, timeout=timeout)
        for record in self._records:
            record.capture.initiator = self._initiators.get(record.capture.url, "")
            if record.capture.body is None and record.capture.url in self._cdp_bodies:
                record.capture.body = self._cdp_bodies[record.capture.url]
        return [record.capture for record in self._records]
