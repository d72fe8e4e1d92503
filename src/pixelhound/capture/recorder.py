"""Recording everything that leaves the browser, as Captures: the evidence.

Playwright's context events see every request from every page, frame, popup and worker, with the
raw headers as sent (Cookie included) and the body bytes. A CDP session per page adds what
Playwright does not expose: each request's initiator, and the cookies Chromium blocked and why.
An init script reports localStorage and sessionStorage writes.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from dataclasses import dataclass, field
from datetime import datetime, UTC
from typing import Any

from playwright.async_api import BrowserContext, Page, Request, Response

from pixelhound.capture.har import cookies_from_header, cookies_from_set_cookie
from pixelhound.model import Capture, Cookie, StorageWrite

_STORAGE_HOOK = """
(() => {
  try {
    const report = (area, key, value) => {
      try { window.__pixelhoundStorage(area, String(key), String(value).slice(0, 2000)); } catch (e) {}
    };
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      let area = 'localStorage';
      try { if (this === window.sessionStorage) area = 'sessionStorage'; } catch (e) {}
      report(area, key, value);
      return original.apply(this, arguments);
    };
  } catch (e) {}
})();
"""


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


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


class Recorder:
    """Attach to a context; read `captures()` when the visit is over."""

    def __init__(self, site: str, scenario: str, source: str) -> None:
        self.site = site
        self.scenario = scenario
        self.source = source
        self.action = "load"
        self.consent = ""  # the consent state requests leave under (model.CONSENT_STATES)
        self.page_id = ""
        self.page_url = ""
        self._records: list[_Record] = []
        self._by_request: dict[Request, _Record] = {}
        self._initiators: dict[str, str] = {}
        self._cdp_urls: dict[str, str] = {}
        self._cdp_bodies: dict[str, bytes] = {}  # url -> body Playwright could not read (Blob beacons)
        self._pending_bodies: list[asyncio.Future[None]] = []
        self.blocked_cookies: list[Cookie] = []
        self.storage_writes: list[StorageWrite] = []

    async def attach(self, context: BrowserContext) -> None:
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("page", self._on_page)
        await context.expose_binding("__pixelhoundStorage", self._on_storage)
        await context.add_init_script(_STORAGE_HOOK)
        for page in context.pages:
            await self.attach_page(page)

    def _on_page(self, page: Page) -> None:
        asyncio.ensure_future(self._safe(self.attach_page(page)))

    async def attach_page(self, page: Page) -> None:
        """CDP for initiators and blocked cookies (best effort: a page may already be gone)."""
        try:
            session = await page.context.new_cdp_session(page)
            session.on("Network.requestWillBeSent", lambda event: self._on_cdp_request(event, session))
            session.on("Network.responseReceivedExtraInfo", self._on_cdp_response_extra)
            session.on("Network.requestWillBeSentExtraInfo", self._on_cdp_request_extra)
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

    def _on_storage(self, source: dict[str, Any], area: str, key: str, value: str) -> None:
        frame = source.get("frame")
        origin = ""
        with contextlib.suppress(Exception):
            origin = frame.url if frame is not None else ""
        self.storage_writes.append(StorageWrite(origin=origin, key=key, value=value, area=area, page_url=self.page_url))

    def _on_request(self, request: Request) -> None:
        frame_url = ""
        with contextlib.suppress(Exception):
            frame_url = request.frame.url
        body: bytes | None = None
        with contextlib.suppress(Exception):
            body = request.post_data_buffer
        capture = Capture(
            index=len(self._records),
            url=request.url,
            method=request.method,
            request_headers=[(k, v) for k, v in request.headers.items()],
            body=body,
            body_mime=request.headers.get("content-type", ""),
            resource_type=request.resource_type,
            page_id=self.page_id,
            started=utc_now(),
            source=self.source,
            site=self.site,
            scenario=self.scenario,
            action=self.action,
            frame_url=frame_url,
            consent=self.consent,
        )
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
