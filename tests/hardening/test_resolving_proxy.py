"""The guard's resolving proxy on its own, over real loopback sockets (no browser: cheap): a name the
guard lets through is reached at the address it checked, in a CONNECT tunnel or as a forwarded plain
request; a name or literal answered privately is refused (a failed tunnel, an unanswered request)
and never reaches the server. The "public" address is routed to a loopback server by the proxy's
connector, as --resolve routes a name for the browser: the machine is offline."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pixelhound.capture.browser import BrowserOptions, launch_args
from pixelhound.capture.resolving_proxy import ResolvingProxy
from pixelhound.capture.scan import Site
from pixelhound.scale.worker_task import _guarded
from pixelhound.scan_setup import build_options, policy_for, prepare_fleet
from pixelhound.settings import TARGETS_ALLOW_PRIVATE_ENV, TARGETS_PROXY_HOST
from pixelhound.targets import guard_proxy_bypass, pin_rules, private_block_rules

PUBLIC = "93.184.215.14"
ANSWERS = {"www.tracker.example": [PUBLIC], "intranet.example": ["10.0.0.7"], "dual.example": [PUBLIC, "127.0.0.1"]}


class _Server(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]] = []  # (Host, path, the Connection/Proxy-Connection headers)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        hop = f"{self.headers.get('Connection', '')}|{self.headers.get('Proxy-Connection', '')}"
        self.seen.append((self.headers.get("Host", ""), self.path, hop))
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "keep-alive")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server_port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


async def _exchange(port: int, data: bytes, then: bytes = b"") -> bytes:
    """Send `data` to the proxy, read its answer (and after `then`, everything until it closes)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    answer = await asyncio.wait_for(reader.read(65536), 30)
    if then and answer.startswith(b"HTTP/1.1 200"):
        writer.write(then)
        await writer.drain()
        while chunk := await asyncio.wait_for(reader.read(65536), 30):
            answer += chunk
            if b"hello" in answer:
                break
    writer.close()
    return answer


def test_the_proxy_reaches_checked_addresses_and_refuses_private_ones(server_port: int) -> None:
    async def scenario() -> tuple[ResolvingProxy, dict[str, bytes]]:
        async def connect(address: str, _port: int) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
            assert address == PUBLIC, address  # only what the guard let through is ever connected to
            return await asyncio.open_connection("127.0.0.1", server_port)

        proxy = ResolvingProxy(resolver=lambda host: ANSWERS.get(host, []), connect=connect)
        port = await proxy.start()
        inner = b"GET /in-tunnel HTTP/1.1\r\nHost: www.tracker.example\r\n\r\n"
        answers = {
            "plain": await _exchange(port, b"GET http://www.tracker.example/collect?en=page_view HTTP/1.1\r\n"
                                           b"Host: www.tracker.example\r\nProxy-Connection: keep-alive\r\n\r\n"),
            "tunnel": await _exchange(port, b"CONNECT www.tracker.example:443 HTTP/1.1\r\nHost: www.tracker.example:443\r\n\r\n", inner),
            "private-name": await _exchange(port, b"CONNECT intranet.example:443 HTTP/1.1\r\n\r\n", inner),
            "rebinding": await _exchange(port, b"GET http://dual.example/ HTTP/1.1\r\nHost: dual.example\r\n\r\n"),
            "literal": await _exchange(port, b"CONNECT [::ffff:127.0.0.1]:80 HTTP/1.1\r\n\r\n", inner),
            "gone": await _exchange(port, b"CONNECT nowhere.example:443 HTTP/1.1\r\n\r\n", inner),
        }
        await proxy.close()
        return proxy, answers

    _Server.seen.clear()
    proxy, answers = asyncio.run(scenario())
    assert answers["plain"].startswith(b"HTTP/1.0 200") or answers["plain"].startswith(b"HTTP/1.1 200"), answers["plain"]
    assert b"Connection: close" in answers["plain"] and b"keep-alive" not in answers["plain"].lower()
    assert answers["tunnel"].startswith(b"HTTP/1.1 200 Connection Established") and b"hello" in answers["tunnel"]
    assert answers["private-name"].startswith(b"HTTP/1.1 403")
    assert answers["literal"].startswith(b"HTTP/1.1 403")
    assert answers["rebinding"] == b""  # a plain request refused: closed unanswered, as a failed connection
    assert answers["gone"].startswith(b"HTTP/1.1 502")
    # The server saw the two requests the guard let through, in origin form, told to close; nothing else.
    assert _Server.seen == [("www.tracker.example", "/collect?en=page_view", "close|"),
                            ("www.tracker.example", "/in-tunnel", "|")]
    assert proxy.connected == {"www.tracker.example": PUBLIC}
    assert set(proxy.refusals) == {"intranet.example", "dual.example", "::ffff:127.0.0.1"}
    assert "resolves to the private address 10.0.0.7" in proxy.refusals["intranet.example"]
    assert proxy.refused_requests == 3


def test_the_proxy_is_used_only_by_a_guarded_scan_that_leaves_names_to_dns() -> None:
    guarded = ", ".join((pin_rules({"www.clinic.example": [PUBLIC]}), private_block_rules()))
    mapped = (("portal.test", "127.0.0.1:8443"),)
    assert guard_proxy_bypass(guarded, mapped, "") == ("www.clinic.example", "portal.test")
    assert guard_proxy_bypass("", mapped, "") is None  # --allow-private: no blocks, no proxy
    assert guard_proxy_bypass(guarded, mapped, "MAP *.test 127.0.0.1:9, MAP * ~NOTFOUND") is None  # the demo, the tests
    assert guard_proxy_bypass(guarded, (("*", "127.0.0.1:9"),), "") is None
    args = launch_args(BrowserOptions(resolve=mapped, guard_rules=guarded), proxy_port=4321)
    rules = next(arg for arg in args if arg.startswith("--host-resolver-rules="))
    assert rules.startswith(f"--host-resolver-rules=MAP {TARGETS_PROXY_HOST} 127.0.0.1, MAP www.clinic.example {PUBLIC}")
    assert f"--proxy-server=http://{TARGETS_PROXY_HOST}:4321" in args
    assert "--proxy-bypass-list=www.clinic.example;portal.test" in args
    assert "--force-webrtc-ip-handling-policy=disable_non_proxied_udp" in args
    assert not [arg for arg in launch_args(BrowserOptions(resolve=mapped), proxy_port=4321) if "proxy" in arg]


def test_scan_monitor_and_workers_all_start_the_proxy_unless_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """`scan` and `monitor` prepare their fleets with prepare_fleet, a worker with its own `_guarded`:
    each leaves the browser options with the guard's blocks, which is what starts the proxy."""
    monkeypatch.delenv(TARGETS_ALLOW_PRIVATE_ENV, raising=False)
    options = build_options(Path("run"), resolve=["portal.test=127.0.0.1:8443"])
    sites = [Site("Portal", "http://portal.test/")]
    _sites, prepared = prepare_fleet(sites, options, policy_for(options, allow_private=False))
    worker = _guarded(options)
    for browser_options in (prepared.browser, worker.browser):
        assert guard_proxy_bypass(browser_options.guard_rules, browser_options.resolve, browser_options.resolver_rules) == ("portal.test",)
    _sites, allowed = prepare_fleet(sites, options, policy_for(options, allow_private=True))
    assert guard_proxy_bypass(allowed.browser.guard_rules, allowed.browser.resolve, allowed.browser.resolver_rules) is None
    monkeypatch.setenv(TARGETS_ALLOW_PRIVATE_ENV, "1")  # the worker's operator allowed them
    assert _guarded(options) is options


def test_a_start_page_the_proxy_could_not_reach_is_down_or_unreachable() -> None:
    from pixelhound.capture.scan import _not_measured_reason

    reason = _not_measured_reason("Page.goto: net::ERR_TUNNEL_CONNECTION_FAILED at https://gone.example/", 0, "")
    assert reason == "the site is down or unreachable (net::ERR_TUNNEL_CONNECTION_FAILED)"
