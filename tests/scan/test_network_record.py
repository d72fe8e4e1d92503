"""The network record (Chromium's NetLog) in real scans of the demo internet, and its reconciliation
with the page-level record.

One scan of one page of the trust whose GA4 sends as the genuine gtag.js does: its scroll and
engagement events leave only as the tab closes (on pagehide), when no page session sees them, and
its outbound link and PDF download are clicked as a visitor clicks them.
"""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from pixelhound.capture.collectors import Visits
from pixelhound.capture.collectors.network import reconcile
from pixelhound.capture.har import open_har, write_har
from pixelhound.capture.netlog import NetLogReader, WireRequest, iso_time
from pixelhound.capture.scan import Site, SiteScan
from pixelhound.demo.content import HOME_TESTING
from pixelhound.demo.requestlog import LoggedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import WRENFORD
from pixelhound.model import MEASURED, NETWORK_RECORD, PAGE_RECORD, Capture, Page

from .conftest import FleetRun, run_fleet, url_key

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

PAGE_URL = f"https://{WRENFORD.host}{HOME_TESTING.path}"
LIMIT = 300.0  # a hang guard, not a speed test


@pytest.fixture(scope="module")
def one_page(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    return run_fleet(internet, [Site(WRENFORD.name, PAGE_URL)], tmp_path_factory.mktemp("one-page"), LIMIT,
                     max_pages=1, search_term="")


def scan_of(run: FleetRun) -> SiteScan:
    (scan,) = run.scans
    return scan


def ga4_events(body: bytes, url: str) -> list[dict[str, str]]:
    """One dict of parameters per event of a GA4 hit (the query, plus each body line)."""
    shared = dict(parse_qsl(urlsplit(url).query))
    lines = [line for line in body.decode().split("\n") if line] if body else [""]
    return [{**shared, **dict(parse_qsl(line))} for line in lines]


def events_sent(log: list[LoggedRequest]) -> list[dict[str, str]]:
    return [e for r in log if r.path.startswith("/g/collect") for e in ga4_events(r.body, r.url)]


def test_the_network_record_counts_every_request_the_server_received(one_page: FleetRun) -> None:
    scan = scan_of(one_page)
    assert scan.measured and scan.warnings == []
    assert scan.network_requests == len(one_page.log) > 5
    assert scan.unrecovered == 0
    assert scan.evidence_requests >= scan.network_requests


def test_what_leaves_on_pagehide_is_recovered_from_the_network_record(one_page: FleetRun) -> None:
    scan = scan_of(one_page)
    names = [e["en"] for e in events_sent(one_page.log)]
    assert "scroll" in names and "user_engagement" in names  # the genuine-style GA4 flushed on pagehide
    flushed = [c for c in scan.captures if "/g/collect" in c.url and b"en=user_engagement" in (c.body or b"") + c.url.encode()]
    assert flushed, "the pagehide batch is in the evidence"
    assert {c.action for c in flushed} == {"leave"} and {c.page_id for c in flushed} == {"page_1"}
    # Chromium tells no page session about a request sent by a closing tab: the network record did.
    assert any(c.record == NETWORK_RECORD for c in flushed)
    recovered = [c for c in scan.captures if c.record == NETWORK_RECORD]
    assert all(c.request_headers and c.started for c in recovered)
    assert all(c.header("host") or url_key(c.url)[0] for c in recovered)


def test_links_are_clicked_without_cancelling_them(one_page: FleetRun) -> None:
    """GA4 sends `click` and `file_download` only for clicks whose default was not prevented."""
    events = events_sent(one_page.log)
    outbound = [e for e in events if e["en"] == "click"]
    assert [e.get("ep.link_url") for e in outbound] == ["https://www.freetesting.test/hiv/order-kit"]
    downloads = [e for e in events if e["en"] == "file_download"]
    assert [e.get("ep.file_name") for e in downloads] == ["/leaflets/prep-leaflet.pdf"]
    scan = scan_of(one_page)
    by_event = {e: [c for c in scan.captures if f"en={e}".encode() in c.url.encode() + (c.body or b"")]
                for e in ("click", "file_download")}
    assert {c.action for c in by_event["click"]} == {"click: Order a free HIV self-test kit"}
    assert {c.action for c in by_event["file_download"]} == {"click: Download the PrEP leaflet (PDF)"}


def test_a_clicked_links_own_navigation_is_stopped_and_never_sent(one_page: FleetRun) -> None:
    assert not [r for r in one_page.log if r.path.startswith("/leaflets/")]
    stopped = [c for c in scan_of(one_page).captures if c.url.endswith("/leaflets/prep-leaflet.pdf")]
    assert stopped and all(c.intercepted for c in stopped)


def test_times_come_from_the_wire(one_page: FleetRun) -> None:
    """Each capture of a request the server received was sent before it was received (one clock)."""
    received: dict[tuple[str, str, str, bytes], list[float]] = {}
    for request in one_page.log:
        received.setdefault((request.method, request.host, request.path, request.body), []).append(request.time)
    scan = scan_of(one_page)
    checked = 0
    for capture in scan.captures:
        host, path = url_key(capture.url)
        times = received.get((capture.method, host, path, capture.body or b""))
        if not times or capture.intercepted:
            continue
        sent = datetime.fromisoformat(capture.started.replace("Z", "+00:00")).timestamp()
        assert sent <= max(times) + 0.002, (capture.url, capture.started)  # millisecond rounding
        checked += 1
    assert checked >= scan.network_requests


def test_the_netlog_is_kept_and_read_even_when_cut_short(one_page: FleetRun, tmp_path: Path) -> None:
    """A browser that was killed leaves the NetLog unterminated: what was written is still read."""
    scan = scan_of(one_page)
    assert scan.har_path is not None
    kept = scan.har_path.parent / "netlog-1.json.gz"
    data = gzip.decompress(kept.read_bytes())
    whole = tmp_path / "whole.json"
    whole.write_bytes(data)
    assert len(NetLogReader(whole).finish()) == scan.network_requests
    cut = tmp_path / "cut.json"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    reader = NetLogReader(cut)
    partial = reader.finish()
    assert 0 < len(partial) < scan.network_requests
    assert reader.unreadable_lines <= 1  # only the line the cut went through


def _capture(index: int, url: str, method: str = "GET", body: bytes | None = None, **fields: object) -> Capture:
    return Capture(index=index, url=url, method=method, body=body, record=PAGE_RECORD, **fields)  # type: ignore[arg-type]


def test_reconcile_adds_what_the_page_missed_and_labels_by_wire_time() -> None:
    visits = Visits()
    loaded, left = 1_790_000_000_000.0, 1_790_000_005_000.0
    visits.change(at_ms=loaded, page=Page(id="page_1", url="https://a.test/"), action="load", consent="before-choice")
    visits.change(at_ms=left, action="leave")
    page_level = [
        _capture(0, "https://a.test/", started="late"),
        _capture(1, "https://t.test/beacon", "POST", None),  # a Blob body the page session could not read
        _capture(2, "https://a.test/form", "POST", b"x=1", intercepted=True),  # stopped: never on the wire
    ]
    wire = [
        WireRequest("https://a.test/", "GET", [("Host", "a.test")], loaded + 1),
        WireRequest("https://t.test/beacon", "POST", [("Host", "t.test")], loaded + 2, upload_size=3, body=b"abc"),
        WireRequest("https://t.test/collect", "POST", [("Host", "t.test"), ("Cookie", "id=7")], left + 5,
                    upload_size=5, body=b"a\nb\nc"),
        WireRequest("https://h2.test/collect", "POST", [], left + 6, upload_size=9, protocol="h2"),
    ]
    blank = Capture(index=0, url="", site="A", record=NETWORK_RECORD)
    recovered, unrecovered = reconcile(page_level, wire, visits, blank)
    assert page_level[0].started == iso_time(loaded + 1) and page_level[0].action == "load"
    assert page_level[1].body == b"abc"
    assert [c.url for c in recovered] == ["https://t.test/collect", "https://h2.test/collect"]
    assert recovered[0].body == b"a\nb\nc" and recovered[0].cookies_sent[0].value == "7"
    assert {(c.page_id, c.action, c.consent, c.record, c.site) for c in recovered} == {
        ("page_1", "leave", "before-choice", NETWORK_RECORD, "A")}
    assert unrecovered == 1  # the HTTP/2 body could not be read


def test_the_record_field_survives_the_har_round_trip(tmp_path: Path) -> None:
    captures = [_capture(0, "https://a.test/"), Capture(index=1, url="https://t.test/b", record=NETWORK_RECORD)]
    path = tmp_path / "capture.har"
    write_har(path, captures, [Page(id="page_1", url="https://a.test/")])
    assert [c.record for c in open_har(path).captures()] == [PAGE_RECORD, NETWORK_RECORD]


def test_a_scan_with_everything_recovered_is_measured(one_page: FleetRun) -> None:
    from pixelhound.analysis import analyze_scans

    (source,) = analyze_scans(one_page.scans).sources
    assert source.network_requests == scan_of(one_page).network_requests
    assert source.unrecovered == 0 and source.measurement() == MEASURED


def test_chromium_s_own_autofill_query_is_not_taken_for_a_page_s_request(tmp_path: Path) -> None:
    """A real NetLog of a demo page with a form: Chromium itself asked content-autofill.googleapis.com
    about the form (seen once on a loaded machine, which made a trust with no Google tag look like it
    sent Google data). The browser's own requests are left out; the page's are all kept."""
    recorded = Path(__file__).parent.parent / "data" / "netlog" / "form-page-with-autofill-query.json.gz"
    path = tmp_path / "netlog.json"
    path.write_bytes(gzip.decompress(recorded.read_bytes()))
    reader = NetLogReader(path)
    requests = reader.finish()
    hosts = {urlsplit(request.url).hostname for request in requests}
    assert "content-autofill.googleapis.com" not in hosts
    assert reader.browser_own >= 2
    assert "www.saltmere.nhs.test" in hosts
    assert {urlsplit(r.url).path for r in requests} >= {"/", "/repeat-prescriptions", "/sitemap.xml"}
