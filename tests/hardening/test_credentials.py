"""A start URL with credentials (`http://alice:S3cretPass@portal.test/`), scanned by the real CLI in a
real Chromium against a loopback server that requires Basic auth: the scan logs in (the page behind
the login is captured), and neither the password nor `alice:S3cretPass` is anywhere in the run
folder (every byte, gzipped files opened), the store, or what the command printed: plain, URL-encoded
or base64. One scan serves this file's tests, the notice case and the redirect guard of issue 17 too:
two sites (the portal, two pages with its privacy notice; a site that redirects to loopback), one
scenario; the hosts are mapped with --resolve (the guard lets them)."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from harbuilder import entry, har, write

from pixelhound.credentials import redact_url, split_credentials
from pixelhound.settings import CREDENTIALS_REDACTED

from scan.conftest import CHROMIUM, require_chromium

USER, PASSWORD = "alice", "S3cretPass"
PAIR = f"{USER}:{PASSWORD}"
FORMS = {PASSWORD, PAIR, quote(PAIR, safe=""), base64.b64encode(PAIR.encode()).decode(), base64.b64encode(PASSWORD.encode()).decode()}
BEHIND_THE_LOGIN = "Your repeat prescriptions"
HANG_GUARD = 240


HEALTH_PAGE = quote("http://portal.test/sexual-health/hiv-testing", safe="")
# Beacons as the trackers' tags send them (made up by hand, no tracker's script): a Google Analytics
# page view and a Meta Pixel PageView of a health page.
BEACONS = (f"http://www.google-analytics.com/g/collect?v=2&tid=G-PORTAL1&cid=555.666&en=page_view&dl={HEALTH_PAGE}",
           f"http://www.facebook.com/tr/?id=1234567890&ev=PageView&dl={HEALTH_PAGE}")
NEVER_SELL = "We never sell your information."
HOME = (f"<html><head><title>Portal</title></head><body><h1>{BEHIND_THE_LOGIN}</h1>"
        + "".join(f'<img src="{beacon.replace("&", "&amp;")}" alt="">' for beacon in BEACONS)
        + '<a href="/privacy">Privacy notice</a></body></html>')
PRIVACY = (f"<html><head><title>Privacy notice</title></head><body><h1>Privacy notice</h1><p>{NEVER_SELL}</p>"
           "<p>We use Google Analytics to count visits and Facebook to advertise our services.</p></body></html>")


class _Portal(BaseHTTPRequestHandler):
    """A patient portal that asks for Basic auth and shows its pages only to alice; every other
    host (the trackers, mapped here too) gets an empty answer."""

    seen: list[str] = []
    internal: list[str] = []  # requests that reached the "internal service" (must stay empty)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        host = self.headers.get("Host", "")
        if self.path.startswith("/internal"):
            self.internal.append(f"{host}{self.path}")
        if host.startswith("moved.test"):  # a public-looking site whose start page redirects to loopback
            self.send_response(302)
            self.send_header("Location", f"http://127.1:{self.server.server_address[1]}/internal-admin")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not host.startswith("portal.test"):
            self.send_response(204)
            self.end_headers()
            return
        authorization = self.headers.get("Authorization", "")
        self.seen.append(authorization)
        if authorization != "Basic " + base64.b64encode(PAIR.encode()).decode():
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="portal"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (PRIVACY if self.path.startswith("/privacy") else HOME).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[subprocess.CompletedProcess[str], Path, Path]]:
    require_chromium()
    folder = tmp_path_factory.mktemp("credentials")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    out, store = folder / "run", folder / "store.db"
    try:
        result = subprocess.run(
            [sys.executable, "-m", "pixelhound.cli", "scan", f"http://{PAIR}@portal.test/", "http://moved.test/", "--out", str(out),
             "--db", f"sqlite:///{store}", "--max-pages", "2", "--scenarios", "no-interaction", "--no-forms",
             "--search-term", "", "--page-timeout", "30", "--site-timeout", "90", "--browser", CHROMIUM,
             # Loopback only: the portal and the two tracker hosts to the test server, every other name to a closed port.
             "--concurrency", "2",
             *[arg for host in ("portal.test", "moved.test", "www.google-analytics.com", "www.facebook.com")
               for arg in ("--resolve", f"{host}=127.0.0.1:{server.server_address[1]}")],
             "--resolve", "*=127.0.0.1:9"],
            capture_output=True, text=True, timeout=HANG_GUARD,
        )
    finally:
        server.shutdown()
        server.server_close()
    yield result, out, store


def _leaks(data: bytes) -> set[str]:
    return {form for form in FORMS if form.encode() in data}


def test_the_scan_logs_in_with_the_urls_credentials(scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    result, out, _ = scanned
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "Basic " + base64.b64encode(PAIR.encode()).decode() in _Portal.seen
    pages = list(out.glob("sites/*/no-interaction/pages/*.html"))
    assert any(BEHIND_THE_LOGIN in page.read_text(encoding="utf-8") for page in pages), pages
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [source["site"] for source in report["sources"]] == ["http://portal.test/", "http://moved.test/"]
    assert report["sources"][0]["measured"] is True
    har = next(out.glob("sites/*/no-interaction/capture.har")).read_text(encoding="utf-8")
    assert CREDENTIALS_REDACTED in har  # the Authorization the browser sent stands blotted out in the evidence


def test_no_byte_of_the_run_folder_the_store_or_the_output_holds_the_credentials(
        scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    result, out, store = scanned
    files = [path for path in out.rglob("*") if path.is_file()]
    assert len(files) > 5
    for path in [*files, *store.parent.glob(store.name + "*")]:
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        assert not _leaks(data), f"{path} holds {_leaks(data)}"
        assert PAIR.encode() not in data.replace(b"%3A", b":").replace(b"%3a", b":")
    assert not _leaks((result.stdout + result.stderr).encode()) and "never written down" in result.stderr
    assert sorted(path.name for path in (out / "sites").iterdir()) == ["moved-test", "portal-test"]


def test_redact_url_and_split_credentials() -> None:
    assert redact_url("https://alice:S3cret%40Pass@www.site.test:8443/a?b=c") == "https://www.site.test:8443/a?b=c"
    assert redact_url("https://www.site.test/login@home") == "https://www.site.test/login@home"
    clean, credentials = split_credentials("http://alice:S3cret%40Pass@portal.test/x")
    assert clean == "http://portal.test/x" and credentials == ("alice", "S3cret@Pass", "http://portal.test")
    assert split_credentials("http://portal.test/") == ("http://portal.test/", None)


def test_never_sell_is_no_finding_for_analytics_and_a_sale_by_law_for_the_ad_platform(
        scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    """The issue's case through a real scan (sharing this module's one scan): Google Analytics and the
    Meta Pixel both received a health page view; the notice says "We never sell your information"."""
    _, out, _ = scanned
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    health = {d["vendor"] for d in report["disclosures"] if d["sensitivity"]["sensitive"]}
    assert health == {"google", "meta"}, health
    (finding,) = [f for f in report["findings"] if f["rule"] == "notice-contradicted"]
    assert finding["vendor"] == "meta" and f'"{NEVER_SELL}"' in finding["summary"] and "CCPA/CPRA" in finding["summary"]


def test_a_start_page_redirecting_to_a_private_address_is_never_followed(
        scanned: tuple[subprocess.CompletedProcess[str], Path, Path]) -> None:
    """moved.test (mapped on purpose) answers with a redirect to http://127.1:PORT/internal-admin: the
    browser of a scan without --allow-private cannot resolve any private address, so the internal
    service is never reached and the site is reported not measured, never clean."""
    _, out, _ = scanned
    assert _Portal.internal == []
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    moved = next(source for source in report["sources"] if source["site"] == "http://moved.test/")
    assert moved["measured"] is False and "ERR_NAME_NOT_RESOLVED" in moved["reason"], moved["reason"]


def test_analyze_of_a_har_that_kept_the_credentials_reports_none(tmp_path: Path) -> None:
    """A HAR from a proxy that kept the userinfo in URLs and the page's title: `analyze` names the
    site, writes the report and the store, and prints, all without them."""
    page = f"https://{PAIR}@www.clinic.test/sexual-health/hiv-testing"
    beacon = f"https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl={quote(redact_url(page), safe='')}"  # as a browser tells it
    document = har([entry(page), entry(beacon)], pages=[{"id": "page_1", "title": page, "startedDateTime": "2026-11-01T10:00:00.000Z", "pageTimings": {}}])
    source, report, store = write(tmp_path / "proxy.har", document), tmp_path / "report.md", tmp_path / "store.db"
    result = subprocess.run([sys.executable, "-m", "pixelhound.cli", "analyze", str(source), "-f", "md", "-o", str(report),
                             "--db", f"sqlite:///{store}"], capture_output=True, text=True, timeout=HANG_GUARD)
    assert result.returncode == 0, result.stderr
    assert "www.clinic.test" in report.read_text(encoding="utf-8")
    for data in (report.read_bytes(), (result.stdout + result.stderr).encode(), *(p.read_bytes() for p in tmp_path.glob("store.db*"))):
        assert not ({PAIR, quote(PAIR, safe="")} & {form for form in FORMS if form.encode() in data})
