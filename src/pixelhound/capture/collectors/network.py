"""The network record: Chromium's NetLog of every request that left the browser, reconciled with
the page-level record. It is the source of truth for completeness (see docs/capture.md).

One NetLog per browser launch (a browser restarted mid-scan writes a second one). While the scan
runs it is read as it grows, to tell when the network has gone quiet after a page is left; at the
end every request hop it logged as sent is matched to a page-level capture (method, URL, body),
what the page sessions missed is added as a capture of its own (`record="network"`), and every
capture the record saw takes its time from the wire and its page, action and consent state from
the visit that held at that time.
"""

from __future__ import annotations

import asyncio
import gzip
import shutil
import logging
import time
from pathlib import Path

from pixelhound.capture.collectors.base import Collected, Collector, Visits, wall_ms
from pixelhound.capture.har import cookies_from_header, cookies_from_set_cookie
from pixelhound.capture.netlog import NetLogReader, WireRequest
from pixelhound.capture.scratch import make_owned_directory
from pixelhound.model import NETWORK_RECORD, Capture
from pixelhound.settings import NETLOG_CAPTURE_MODE, NETLOG_PREFIX, SCAN_NETWORK_QUIET_SECONDS, SCAN_NETWORK_QUIET_TIMEOUT
from pixelhound.store.run_folder import RunFolder

log = logging.getLogger("pixelhound.scan")


class NetworkRecordCollector(Collector):
    name = "network record"

    def __init__(self, run_folder: RunFolder, site_folder: str, site: str, scenario: str, source: str,
                 repeat: int = 0) -> None:
        self.run_folder = run_folder
        self.site_folder = site_folder
        self.repeat = repeat  # the visit's number when the run repeats (0: it does not)
        self.site = site
        self.scenario = scenario
        self.source = source
        self.visits = Visits()
        self._directory = make_owned_directory(NETLOG_PREFIX)  # a killed run's is removed by the next
        self.readers: list[NetLogReader] = []
        self._closed_ms: list[float] = []  # when each page left had closed (for the debug log of its late requests)

    def launch_args(self) -> list[str]:
        path = self._directory / f"netlog-{len(self.readers) + 1}.json"
        self.readers.append(NetLogReader(path))
        return [f"--log-net-log={path}", f"--net-log-capture-mode={NETLOG_CAPTURE_MODE}"]

    async def attach(self, context: object, visits: Visits) -> None:  # noqa: ARG002
        self.visits = visits

    def last_activity_ms(self) -> float:
        """When a request last started or was sent, as far as the NetLog written so far says."""
        if not self.readers:
            return 0.0
        reader = self.readers[-1]
        reader.read()
        return reader.last_activity_ms

    async def page_left(self) -> None:
        """Wait until no request has started or been sent for a quiet spell (bounded by a setting).

        A closed tab's beacons reach the NetLog file a moment after the close. Requests still in
        flight are not waited for: Chromium writes the file in batches, so a request's end can be
        logged seconds after it happened, and what matters is that it left (its wire time labels it)."""
        if not self.readers:
            return
        reader = self.readers[-1]
        left = wall_ms()
        self._closed_ms.append(left)
        deadline = time.monotonic() + SCAN_NETWORK_QUIET_TIMEOUT
        while time.monotonic() < deadline:
            reader.read()
            last = max(reader.last_activity_ms, left)
            if wall_ms() - last >= SCAN_NETWORK_QUIET_SECONDS * 1000:
                log.debug("leave %.3fs; netlog last %+.3fs", (wall_ms() - left) / 1000, (reader.last_activity_ms - left) / 1000)
                return
            await asyncio.sleep(0.05)

    async def collect(self, collected: Collected) -> None:
        try:
            wire: list[WireRequest] = []
            unreadable = 0
            for number, reader in enumerate(self.readers, start=1):
                if not reader.path.exists():
                    collected.warnings.append(f"network record {number}: Chromium wrote no NetLog")
                    continue
                wire += reader.finish()
                unreadable += reader.unreadable_lines
                self._keep(reader.path)
            if not any(reader.path.exists() for reader in self.readers):
                return  # no record at all: network_requests stays -1 ("no network record")
            if unreadable:
                collected.warnings.append(f"network record: {unreadable} line(s) of the NetLog could not be read")
            if log.isEnabledFor(logging.DEBUG):
                self._log_leaving_requests(wire)
            recovered, unrecovered = reconcile(collected.captures, wire, self.visits, self._blank())
            collected.captures[:] = sorted(collected.captures + recovered, key=lambda c: (c.started, c.index))
            for index, capture in enumerate(collected.captures):
                capture.index = index
            collected.network_requests = len(wire)
            collected.unrecovered = unrecovered
            if unrecovered:
                collected.warnings.append(
                    f"network record: {unrecovered} request(s) carried a body that could not be recovered"
                )
        finally:
            shutil.rmtree(self._directory, ignore_errors=True)

    def _log_leaving_requests(self, wire: list[WireRequest]) -> None:
        """When each request sent while a page was being left went on the wire, from its tab's
        close: what the leave's quiet window (SCAN_NETWORK_QUIET_SECONDS) has to cover."""
        for request in wire:
            if self.visits.at(request.time_ms).action == "leave" and self._closed_ms:
                closed = min(self._closed_ms, key=lambda moment: abs(moment - request.time_ms))
                log.debug("leaving request %+.3fs from its tab's close: %s %s", (request.time_ms - closed) / 1000,
                          request.method, request.url[:80])

    def _keep(self, path: Path) -> None:
        """The NetLog itself is evidence: kept gzipped beside the HAR."""
        target = self.run_folder.network_log(self.site_folder, self.scenario, path.stem, self.repeat)
        target.parent.mkdir(parents=True, exist_ok=True)
        with path.open("rb") as source, gzip.open(target, "wb", compresslevel=5) as sink:
            shutil.copyfileobj(source, sink)

    def _blank(self) -> Capture:
        return Capture(index=0, url="", source=self.source, site=self.site, scenario=self.scenario, record=NETWORK_RECORD)


def _url_key(url: str) -> str:
    return url.split("#", 1)[0]


def _same_body(capture: Capture, wire: WireRequest) -> bool:
    return (capture.body or b"") == (wire.body or b"")


def reconcile(captures: list[Capture], wire: list[WireRequest], visits: Visits, blank: Capture) -> tuple[list[Capture], int]:
    """Match each wire request to a page-level capture; (captures for the unmatched, unrecovered).

    A match is the same method and URL and the same body; a page-level capture whose body the page
    session could not read matches by method and URL and takes the body from the wire. A matched
    capture takes its time from the wire; every capture the record saw is labelled with the visit
    that held when it left. An added request whose body could not be read is unrecovered."""
    pending: dict[tuple[str, str], list[Capture]] = {}
    for capture in captures:
        if not capture.intercepted:
            pending.setdefault((capture.method, _url_key(capture.url)), []).append(capture)
    recovered: list[Capture] = []
    unrecovered = 0
    for request in sorted(wire, key=lambda w: w.time_ms):
        candidates = pending.get((request.method, _url_key(request.url)), [])
        body_known = not request.body_missing
        match = next((c for c in candidates if body_known and _same_body(c, request)), None)
        if match is None:
            match = next((c for c in candidates if c.body is None or not body_known), None)
        visit = visits.at(request.time_ms)
        if match is not None:
            candidates.remove(match)
            if match.body is None and request.body is not None:
                match.body = request.body
        else:
            match = _capture_from_wire(request, blank)
            recovered.append(match)
            if request.body_missing:
                unrecovered += 1
        match.started = request.started
        if visit.page_id:  # (nothing leaves before the first page; if it did, it keeps what it had)
            match.page_id, match.action, match.consent = visit.page_id, visit.action, visit.consent
    return recovered, unrecovered


def _capture_from_wire(request: WireRequest, blank: Capture) -> Capture:
    import msgspec

    content_type = next((v for k, v in request.headers if k.lower() == "content-type"), "")
    return msgspec.structs.replace(
        blank,
        url=request.url,
        method=request.method,
        request_headers=list(request.headers),
        body=request.body,
        body_mime=content_type,
        initiator=request.initiator,
        status=request.status,
        response_headers=list(request.response_headers),
        response_mime=next((v for k, v in request.response_headers if k.lower() == "content-type"), ""),
        cookies_sent=cookies_from_header(request.headers, request.url),
        cookies_set=cookies_from_set_cookie(request.response_headers, request.url),
    )
