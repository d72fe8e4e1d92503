"""The guard's last gap (issue 17): a *different public-looking name*, reached by a redirect or by a
page's own request, that DNS answers with a private address. The name is this machine's own host
name, answered privately by the real system resolver (Debian's /etc/hosts maps it to 127.0.x.1);
behind it listens a loopback "internal service" that logs every hit. The sites are mapped on purpose
with --resolve and every other name is left to DNS, so the guarded scan goes through the resolving
proxy. Its proof is the internal service's own log: empty for the guarded scan, hit with
--allow-private. One guarded scan (two sites, one page each) and one allowed scan (one site), run at once."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pixelhound.settings import EXIT_OK, TARGETS_ALLOW_PRIVATE_ENV
from pixelhound.targets import is_private, literal_address

from scan.conftest import CHROMIUM, require_chromium

HANG_GUARD = 240


def _private_host_name() -> str:
    """This machine's own name when the system resolver answers it with a non-global address."""
    name = socket.gethostname()
    try:
        answers = {str(answer[4][0]) for answer in socket.getaddrinfo(name, None)}
    except OSError:
        return ""
    return name if any((address := literal_address(a)) is not None and is_private(address) for a in answers) else ""


HOST_NAME = _private_host_name()


class _Internal(BaseHTTPRequestHandler):
    """The internal service a hostile site wants the scanner to reach: it logs every hit."""

    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.hits.append(f"{self.headers.get('Host', '')}{self.path}")
        body = b"<html><title>internal admin</title><body>secret</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


class _Sites(BaseHTTPRequestHandler):
    """moved.test redirects its start page to the internal service by name; clinic.test loads, and
    its page asks the internal service for an image, a fetch and, as it is left, a beacon."""

    internal = ""  # http://HOSTNAME:PORT, set when the internal service listens

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.headers.get("Host", "").startswith("moved.test"):
            self.send_response(302)
            self.send_header("Location", f"{self.internal}/internal-admin")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = (f'<html><head><title>Clinic</title></head><body><h1>Sexual health clinic</h1>'
                f'<img src="{self.internal}/internal-image.gif" alt="">'
                f'<script>fetch("{self.internal}/internal-fetch").catch(() => {{}});'
                f'addEventListener("pagehide", () => navigator.sendBeacon("{self.internal}/internal-beacon", "left"));'
                '</script></body></html>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _serve(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _scan(out: Path, port: int, *urls: str, allow: bool = False) -> subprocess.Popen[str]:
    """The scan started (its own process); the caller waits for it."""
    env = {key: value for key, value in os.environ.items() if key != TARGETS_ALLOW_PRIVATE_ENV}
    return subprocess.Popen(
        [sys.executable, "-m", "pixelhound.cli", "scan", *urls, "--out", str(out), "--max-pages", "1",
         "--scenarios", "no-interaction", "--no-forms", "--search-term", "", "--page-timeout", "30",
         "--site-timeout", "90", "--browser", CHROMIUM, "--concurrency", "2",
         *(["--allow-private"] if allow else []),
         *[arg for host in ("moved.test", "clinic.test") for arg in ("--resolve", f"{host}=127.0.0.1:{port}")]],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


Scanned = tuple[subprocess.CompletedProcess[str], Path, list[str]]


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Scanned]]:
    """The guarded and the allowed scan at once, each with an internal service of its own (so each
    log holds only what its scan reached)."""
    if not HOST_NAME:
        pytest.skip(f"this machine's name {socket.gethostname()!r} does not resolve to a private address here")
    require_chromium()
    folder = tmp_path_factory.mktemp("private-dns")
    servers: list[ThreadingHTTPServer] = []
    running: dict[str, tuple[subprocess.Popen[str], Path, list[str]]] = {}
    try:
        for mode, urls in (("guarded", ("http://moved.test/", "http://clinic.test/")), ("allowed", ("http://moved.test/",))):
            internal = _serve(type("Internal", (_Internal,), {"hits": []}))
            hits = internal.RequestHandlerClass.hits  # type: ignore[attr-defined]
            address = f"http://{HOST_NAME}:{internal.server_address[1]}"
            sites = _serve(type("Sites", (_Sites,), {"internal": address}))
            servers += [internal, sites]
            running[mode] = (_scan(folder / mode, sites.server_address[1], *urls, allow=mode == "allowed"), folder / mode, hits)
        results: dict[str, Scanned] = {}
        for mode, (process, out, hits) in running.items():
            stdout, stderr = process.communicate(timeout=HANG_GUARD)
            results[mode] = (subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), out, list(hits))
    finally:
        for process, _out, _hits in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()
        for server in servers:
            server.shutdown()
            server.server_close()
    yield results


def _sources(out: Path) -> dict[str, dict[str, object]]:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {str(source["site"]): source for source in report["sources"]}


def test_a_guarded_scan_never_reaches_a_name_dns_answers_privately(scans: dict[str, Scanned]) -> None:
    """The internal service's own log is the proof: no redirect, image or fetch reached it."""
    result, out, hits = scans["guarded"]
    assert hits == [], hits
    # The README's rows: a scan that ran is 0 without --fail-on (the refusals are in the report, not
    # a bad input: the targets themselves were allowed); with --fail-on it would be 1 (not measured in full).
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    sources = _sources(out)
    moved, clinic = sources["http://moved.test/"], sources["http://clinic.test/"]
    assert moved["measured"] is False and moved["measurement"] == "not-measured", moved
    assert "refused by the private-target guard" in moved["reason"] and HOST_NAME in moved["reason"], moved["reason"]
    assert "resolves to the private address" in moved["reason"]
    # The clinic's page loaded, but what it asked of the internal service was refused: never clean.
    assert clinic["measured"] is True and clinic["measurement"] == "partly-measured", clinic
    assert any("private-target guard refused" in warning and HOST_NAME in warning for warning in clinic["warnings"])
    # What the page tried stays in the evidence (the requests left the page; the guard stopped them on the way).
    har = json.loads(next(out.glob("sites/clinic-test/no-interaction/capture.har")).read_text(encoding="utf-8"))
    tried = {entry["request"]["url"].rsplit("/", 1)[-1] for entry in har["log"]["entries"] if HOST_NAME in entry["request"]["url"]}
    assert {"internal-image.gif", "internal-fetch", "internal-beacon"} <= tried, tried
    assert all(entry["request"]["method"] != "CONNECT" for entry in har["log"]["entries"])  # the proxy's own: not evidence


def test_with_allow_private_the_same_redirect_reaches_it(scans: dict[str, Scanned]) -> None:
    result, out, hits = scans["allowed"]
    assert result.returncode == EXIT_OK, result.stderr[-3000:]
    assert any(hit.endswith("/internal-admin") for hit in hits), hits
    assert _sources(out)["http://moved.test/"]["measured"] is True
