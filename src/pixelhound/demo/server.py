"""The demo internet: one HTTPS server on loopback that plays every host a scan will visit.

Fictional trusts, the hostile test site and the tracker emulators are all virtual hosts of one
ThreadingHTTPServer. Chromium reaches it with `--host-resolver-rules` (see `resolver_rules()`) and
`--ignore-certificate-errors`, so URLs stay genuine (`https://www.facebook.com/tr/?...`) and the
browser's real network stack, TLS and cookie policy run. Anything not served resolves to nothing:
the rules end with `MAP * ~NOTFOUND`, so a scan of the demo can never leave the machine.

Every request is appended to `log` before it is answered: the ground truth of what the browser sent.
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import socket
import ssl
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

from pixelhound.demo import hostile, site
from pixelhound.demo.requestlog import LoggedRequest, RequestLog
from pixelhound.demo.responses import Response, not_found, redirect
from pixelhound.demo.tls import make_certificate, server_context
from pixelhound.demo.trusts import HOSTILE_HOST, TRUSTS, Trust, trust_for_host

log = logging.getLogger(__name__)

# A GA4 server-side proxy answers like Google's own hosts: collection first, then the script.
_PROXY_UPSTREAMS = ("region1.google-analytics.com", "www.googletagmanager.com")
_MAX_BODY = 64 * 1024 * 1024
VISITOR_COOKIE = "demo_visitor"  # how a trust that counts visitors tells a returning one (Trust.counts_visitors)


def load_emulators() -> Any:
    """`pixelhound.demo.trackers`, or a stand-in serving no tracker hosts while it does not exist."""
    try:
        from pixelhound.demo import trackers
    except ModuleNotFoundError as error:
        if error.name != "pixelhound.demo.trackers":
            raise
        trackers = None
    if all(hasattr(trackers, name) for name in ("TRACKER_HOSTS", "tracker_response", "snippet")):
        return trackers
    log.warning("pixelhound.demo.trackers is missing: the demo serves no tracker emulators")
    return SimpleNamespace(
        TRACKER_HOSTS=frozenset(),
        tracker_response=lambda *args, **kwargs: None,
        snippet=lambda kind, account, **options: f"<!-- tracker emulator missing: {kind} -->",
    )


class _Handler(BaseHTTPRequestHandler):
    """Reads one request, logs it, and writes whatever the demo internet answers."""

    protocol_version = "HTTP/1.1"
    server_version = "pixelhound-demo"
    sys_version = ""
    timeout = 30  # idle keep-alive connections close after this
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def handle(self) -> None:
        try:
            self.connection.do_handshake()
        except (OSError, ssl.SSLError):
            self.close_connection = True
            return
        try:
            super().handle()
        except (ConnectionError, ssl.SSLError, TimeoutError, OSError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        log.debug("%s " + format, self.address_string(), *args)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(min(length, _MAX_BODY)) if length > 0 else b""

    def _serve(self) -> None:
        body = self._read_body()
        host = (self.headers.get("Host") or "").split(":")[0].lower().rstrip(".")
        headers = list(self.headers.items())
        self.server.internet.log.append(LoggedRequest(time.time(), self.command, host, self.path, headers, body))
        try:
            response = self.server.internet.respond(self.command, host, self.path, headers, body)
        except Exception:  # a bug in one page must not take the server down
            log.exception("demo internet failed on %s %s%s", self.command, host, self.path)
            response = Response(500, [("Content-Type", "text/plain")], b"Internal error\n")
        self._write(response)

    def _write(self, response: Response) -> None:
        self.send_response(response.status)
        names = {name.lower() for name, _ in response.headers}
        for name, value in response.headers:
            self.send_header(name, value)
        if response.stream is not None:
            if "connection" not in names:
                self.send_header("Connection", "close")
            self.close_connection = True
            self.end_headers()
            response.stream(self.wfile, self.server.stopping)
            return
        if "content-length" not in names:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_HEAD = do_OPTIONS = do_PUT = do_PATCH = do_DELETE = _serve


class _Server(ThreadingHTTPServer):
    """A threading HTTPS server whose threads never hold up shutdown."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True

    def __init__(self, internet: DemoInternet, context: ssl.SSLContext) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        # Handshakes happen in the handler threads, so a stalled client cannot block accept().
        self.socket = context.wrap_socket(self.socket, server_side=True, do_handshake_on_connect=False)
        self.internet = internet
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def track(self, connection: socket.socket, is_open: bool) -> None:
        with self._open_lock:
            (self._open.add if is_open else self._open.discard)(connection)

    def close_all(self) -> None:
        """Cut every open connection (idle keep-alives and never-ending responses alike)."""
        with self._open_lock:
            connections = list(self._open)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def handle_error(self, request: Any, client_address: Any) -> None:
        log.debug("connection from %s failed", client_address, exc_info=True)


class DemoInternet:
    """The offline internet: start it, point Chromium at `resolver_rules()`, read `log`."""

    def __init__(self, trusts: tuple[Trust, ...] = TRUSTS, *, hostile_site: bool = True, emulators: ModuleType | Any = None) -> None:
        self.trusts = trusts
        self.hostile_site = hostile_site
        self.emulators = emulators if emulators is not None else load_emulators()
        self.log = RequestLog()
        self.port = 0
        self.certificate_path: Path | None = None
        self._folder: Path | None = None
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._visitors: dict[str, int] = {}  # per trust slug: visitors counted so far
        self._visitors_lock = threading.Lock()

    def _visitor(self, trust: Trust, headers: list[tuple[str, str]]) -> tuple[int, bool]:
        """(the visitor's number, whether it is new): read from the visitor cookie, else the next one."""
        cookies = "; ".join(value for name, value in headers if name.lower() == "cookie")
        found = re.search(rf"(?:^|;\s*){VISITOR_COOKIE}=(\d+)", cookies)
        if found:
            return int(found.group(1)), False
        with self._visitors_lock:
            number = self._visitors[trust.slug] = self._visitors.get(trust.slug, 0) + 1
        return number, True

    @property
    def hosts(self) -> list[str]:
        """Every host name served, trusts first, then the hostile site, then tracker hosts."""
        names: list[str] = []
        for trust in self.trusts:
            names += trust.first_party_hosts
        if self.hostile_site:
            names.append(HOSTILE_HOST)
        names += sorted(self.emulators.TRACKER_HOSTS)
        return list(dict.fromkeys(names))

    def start(self) -> DemoInternet:
        """Make the certificate, bind 127.0.0.1 on a free port and serve in the background."""
        if self._server is not None:
            return self
        self._folder = Path(tempfile.mkdtemp(prefix="pixelhound-demo-"))
        cert, key = make_certificate(self.hosts, self._folder)
        self.certificate_path = cert
        self._server = _Server(self, server_context(cert, key))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="demo-internet", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, cut open connections and remove the certificate. Never waits on a handler."""
        server, self._server = self._server, None
        if server is not None:
            server.stopping.set()
            server.shutdown()
            server.server_close()
            server.close_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self.certificate_path = None

    def __enter__(self) -> DemoInternet:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def resolver_rules(self) -> str:
        """Chromium's --host-resolver-rules: every served host to us, everything else to nowhere."""
        if not self.port:
            raise RuntimeError("start the demo internet first")
        rules = [f"MAP {host} 127.0.0.1:{self.port}" for host in self.hosts]
        rules.append("MAP * ~NOTFOUND")
        return ", ".join(rules)

    def chromium_args(self) -> list[str]:
        """The two switches that point Chromium at the demo internet (for the demo only)."""
        return [f"--host-resolver-rules={self.resolver_rules()}", "--ignore-certificate-errors"]

    def start_urls(self) -> list[str]:
        """Each trust's home page."""
        return [trust.start_url for trust in self.trusts]

    def hostile_urls(self) -> list[str]:
        """The hostile site's home page and each of its hostile pages."""
        if not self.hostile_site:
            return []
        return [f"https://{HOSTILE_HOST}/"] + [f"https://{HOSTILE_HOST}{path}" for path, _ in hostile.PAGES]

    def respond(self, method: str, host: str, target: str, headers: list[tuple[str, str]], body: bytes) -> Response:
        """Dispatch one request by Host header."""
        if self.hostile_site and host == HOSTILE_HOST:
            return hostile.render(method, target)
        trust = trust_for_host(host, self.trusts)
        if trust is not None:
            if host == trust.proxy_host:
                for upstream in _PROXY_UPSTREAMS:
                    answer = self.emulators.tracker_response(method, upstream, target, headers, body)
                    if answer is not None:
                        return Response(*answer)
                return not_found()
            if host == trust.domain:
                return redirect(f"https://{trust.host}{target}", 301)
            gpc = any(name.lower() == "sec-gpc" and value.strip() == "1" for name, value in headers)
            if not trust.counts_visitors:
                return site.render(trust, method, target, body, self.emulators.snippet, gpc=gpc)
            visitor, new = self._visitor(trust, headers)
            response = site.render(trust, method, target, body, self.emulators.snippet, gpc=gpc, visitor=visitor)
            if new:
                response.headers.append(("Set-Cookie", f"{VISITOR_COOKIE}={visitor}; Path=/; Secure; SameSite=Lax"))
            return response
        if host in self.emulators.TRACKER_HOSTS:
            answer = self.emulators.tracker_response(method, host, target, headers, body)
            return Response(*answer) if answer is not None else not_found()
        return not_found(f"No such host on the demo internet: {host}")


def main(argv: list[str] | None = None) -> None:
    """Run the demo internet until Ctrl-C, printing how to point a browser at it."""
    parser = argparse.ArgumentParser(prog="python -m pixelhound.demo.server", description=main.__doc__)
    parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    with DemoInternet() as internet:
        print(f"Demo internet on https://127.0.0.1:{internet.port}/ (certificate made at start-up)")
        print("\nChromium switches:")
        print(f"  --ignore-certificate-errors '--host-resolver-rules={internet.resolver_rules()}'")
        print("\nStart URLs:")
        for url in internet.start_urls() + internet.hostile_urls():
            print(f"  {url}")
        print("\nCtrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("\nStopping.")


if __name__ == "__main__":
    main()
