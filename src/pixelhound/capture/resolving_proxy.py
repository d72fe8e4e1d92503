"""A resolving forward proxy that keeps a guarded scan's browser off private addresses (issue 17).

The private-target guard pins the start URL's name and blocks private address literals in
Chromium's resolver rules, but a *different* public name (a redirect to attacker.example, a page's
request to it) is resolved by the browser itself, and DNS may answer it with 10.0.0.5 or 127.0.0.1.
So a guarded scan that leaves names to DNS sends every request that is not to a host mapped on
purpose through this proxy (`--proxy-server`, with `--proxy-bypass-list` for the mapped hosts):
the proxy resolves each host once with the guard's own resolver and judgement (targets.py), refuses
a non-global answer (the browser sees a failed tunnel or an empty answer, and the refusal is kept
with its reason for the site's report), and connects to the very address it checked: no second
lookup, so no rebinding. HTTPS goes through CONNECT tunnels (opaque: the proxy never sees the
content), plain HTTP is forwarded one request per connection. The address connected to per host
is kept, so the evidence names the server, not the proxy.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from pixelhound.settings import (
    TARGETS_PROXY_CONNECT_TIMEOUT_SECONDS,
    TARGETS_PROXY_HEAD_BYTES,
    TARGETS_PROXY_PIPE_CHUNK_BYTES,
)
from pixelhound.targets import PrivateTarget, Resolver, TargetPolicy, check_target, preferred_address, system_resolver

Connector = Callable[[str, int], Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]]]
_HOP_BY_HOP = (b"connection", b"proxy-connection", b"keep-alive", b"proxy-authorization")


class Refused(Exception):
    """The guard refused the host; the message is the refusal's one line."""


class ResolvingProxy:
    """One proxy per browser launch, serving on loopback in the scan's own event loop."""

    def __init__(self, resolver: Resolver = system_resolver, connect: Connector = asyncio.open_connection) -> None:
        """`resolver` answers names (the guard's own); `connect` reaches an address the guard let
        through (the tests route a public address to a loopback server, as --resolve does)."""
        self.resolver = resolver
        self.connect = connect
        self.refusals: dict[str, str] = {}  # host -> why the guard refused it
        self.refused_requests = 0  # requests (tunnels or plain requests) refused
        self.connected: dict[str, str] = {}  # host -> the address the proxy connected to for it
        self._checked: dict[str, asyncio.Future[str]] = {}  # host -> its checked address (once per host)
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self.port = 0

    async def start(self) -> int:
        """Listen on a free loopback port; the port."""
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0, limit=TARGETS_PROXY_HEAD_BYTES)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self.port

    async def close(self) -> None:
        """Stop listening and drop every connection still open."""
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            if self._connections:
                await asyncio.wait(self._connections, timeout=5)
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), 5)
            self._server = None

    async def address_for(self, host: str) -> str:
        """The checked address to connect to for `host` (Refused when the guard refuses it; OSError
        when it does not resolve), looked up once per host for the life of the proxy."""
        known = self._checked.get(host)
        if known is None:
            known = asyncio.ensure_future(self._check(host))
            self._checked[host] = known
        return await asyncio.shield(known)

    async def _check(self, host: str) -> str:
        url = f"http://[{host}]/" if ":" in host else f"http://{host}/"
        loop = asyncio.get_running_loop()
        try:
            addresses = await loop.run_in_executor(None, lambda: check_target(url, TargetPolicy(), self.resolver))
        except PrivateTarget as refusal:
            self.refusals.setdefault(host, str(refusal))
            raise Refused(str(refusal)) from None
        address = preferred_address(addresses)
        if address is None:
            raise OSError(f"{host} does not resolve")
        return str(address)

    def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.ensure_future(self._serve(reader, writer))
        self._connections.add(task)
        task.add_done_callback(self._connections.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: asyncio.StreamWriter | None = None
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            method, target, version = head.split(b"\r\n", 1)[0].split(b" ", 2)
            if method.upper() == b"CONNECT":
                host, port = _authority(target.decode("latin-1"), 443)
                up_reader, upstream = await self._open(host, port, writer, tunnel=True)
                writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                await writer.drain()
            else:
                parts = urlsplit(target.decode("latin-1"))
                if parts.scheme != "http" or not parts.hostname:
                    return  # only absolute http:// URLs come to a forward proxy
                host, port = _authority(parts.netloc.rsplit("@", 1)[-1], 80)
                up_reader, upstream = await self._open(host, port, writer, tunnel=False)
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                upstream.write(_request_head(method, path.encode("latin-1"), version, head))
                await upstream.drain()
                up_reader = _closing_response(up_reader)
            sending = asyncio.ensure_future(_pipe(reader, upstream))
            try:
                await _pipe(up_reader, writer)  # the server's side decides when the exchange is over
            finally:
                sending.cancel()
        except (Refused, OSError, ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError,
                asyncio.TimeoutError):
            pass
        finally:
            for stream in (upstream, writer):
                if stream is not None:
                    stream.close()

    async def _open(self, host: str, port: int, client: asyncio.StreamWriter,
                    tunnel: bool) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        """A connection to the checked address of `host`; a refusal or failure answers the browser
        as a failed connection would (a refused tunnel; a plain request closed unanswered)."""
        try:
            address = await self.address_for(host)
            opened = await asyncio.wait_for(self.connect(address, port),
                                            TARGETS_PROXY_CONNECT_TIMEOUT_SECONDS)
        except (Refused, OSError, asyncio.TimeoutError) as failure:
            if isinstance(failure, Refused):
                self.refused_requests += 1
            if tunnel:
                status = b"403 Forbidden" if isinstance(failure, Refused) else b"502 Bad Gateway"
                client.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                with contextlib.suppress(Exception):
                    await client.drain()
            raise
        self.connected.setdefault(host, address)
        return opened


def _authority(authority: str, default_port: int) -> tuple[str, int]:
    """(host, port) of `host:port` or `[v6]:port` (ValueError for anything else)."""
    parts = urlsplit(f"//{authority}")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise ValueError(f"no host in {authority!r}")
    return host, parts.port or default_port


def _request_head(method: bytes, path: bytes, version: bytes, head: bytes) -> bytes:
    """The browser's request for the origin server: origin-form, one request per connection."""
    lines = [b" ".join((method, path, version))]
    for line in head.split(b"\r\n")[1:]:
        name = line.split(b":", 1)[0].strip().lower()
        if line and name not in _HOP_BY_HOP:
            lines.append(line)
    lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _closing_response(reader: asyncio.StreamReader) -> asyncio.StreamReader:
    """The server's answer with its head saying `Connection: close`, so that the browser never
    sends a second request down a connection whose first host the proxy has already chosen."""
    closing = asyncio.StreamReader(limit=TARGETS_PROXY_HEAD_BYTES)

    async def rewrite() -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = [line for line in head.split(b"\r\n")
                     if line and line.split(b":", 1)[0].strip().lower() not in _HOP_BY_HOP]
            closing.feed_data(b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n")
            while chunk := await reader.read(TARGETS_PROXY_PIPE_CHUNK_BYTES):
                closing.feed_data(chunk)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass
        finally:
            closing.feed_eof()

    task = asyncio.ensure_future(rewrite())
    closing._pixelhound_rewrite = task  # type: ignore[attr-defined]  # kept alive with the reader
    return closing


async def _pipe(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
    """Copy until the source ends, then end the sink's side (half-close where it can)."""
    try:
        while chunk := await source.read(TARGETS_PROXY_PIPE_CHUNK_BYTES):
            sink.write(chunk)
            await sink.drain()
    except OSError:
        pass
    finally:
        if sink.can_write_eof():
            with contextlib.suppress(OSError, RuntimeError):
                sink.write_eof()
        else:
            sink.close()
