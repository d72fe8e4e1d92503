"""Chromium's NetLog (`--log-net-log`), read as the record of every request that left the browser.

The page-level record (Playwright and CDP, per page) misses what a document sends as it goes away:
`sendBeacon` and keepalive `fetch` from `pagehide`/unload handlers, sent while a tab closes or the
next page loads. The NetLog is written by the network service itself, below every page, frame and
worker, so it sees those too. What it holds, per request hop that went on the wire:

- `URL_REQUEST_START_JOB` (url, method, initiator origin) once per hop (redirects start a new job);
- `HTTP_TRANSACTION_*SEND_REQUEST_HEADERS` (the request line and headers as sent, Cookie included
  in capture mode `Everything`): one per request actually written to a connection;
- `UPLOAD_DATA_STREAM_INIT` (body size), `HTTP_TRANSACTION_READ_RESPONSE_HEADERS` (status line);
- `SOCKET_BYTES_SENT` / `SSL_SOCKET_BYTES_SENT` (capture mode `Everything`): the bytes written to
  each connection, decrypted for TLS. For HTTP/1.1 the body follows the headers there, so it is
  recovered by reading each connection's byte stream as HTTP/1.1 messages. HTTP/2 and QUIC frame
  and compress what they send; their bodies are not recovered here (the request still counts).

The file is one JSON object whose `events` array has one event per line. A browser that was
killed leaves it unterminated, and a live browser is still appending to it, so it is read line by
line: whatever complete lines there are, the rest later (`NetLogReader.read`).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path
from typing import Any

import msgspec

from pixelhound.settings import NETLOG_BROWSER_OWN_ANNOTATIONS

_EVENT = msgspec.json.Decoder()
_PHASE_BEGIN, _PHASE_END = 1, 2


@dataclass
class WireRequest:
    """One request hop that was written to a connection, as the network service logged it."""

    url: str
    method: str
    headers: list[tuple[str, str]]
    time_ms: float  # wall-clock milliseconds since the epoch, when the headers were sent
    initiator: str = ""  # the requesting origin ("" for navigations the browser started)
    upload_size: int = 0  # body bytes the request carried (0: none)
    body: bytes | None = None  # the body as sent, when it could be read from the connection
    status: int = 0
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    protocol: str = "http/1.1"

    @property
    def body_missing(self) -> bool:
        """It carried a body that could not be read from the record."""
        return self.upload_size > 0 and self.body is None

    @property
    def started(self) -> str:
        return iso_time(self.time_ms)

    def target(self) -> tuple[str, str, str]:
        """(method, host, path-with-query) as on the request line: how a wire message is matched."""
        from urllib.parse import urlsplit

        split = urlsplit(self.url)
        path = (split.path or "/") + (f"?{split.query}" if split.query else "")
        return self.method, (split.hostname or "").lower(), path


@dataclass
class _WireMessage:
    """An HTTP/1.1 request read back out of a connection's byte stream."""

    time_ms: float
    method: str
    host: str
    target: str
    body: bytes


def iso_time(milliseconds: float) -> str:
    """ISO 8601 UTC with milliseconds, as the HAR and every other record of pixelhound writes it."""
    moment = datetime.fromtimestamp(milliseconds / 1000, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _header_pairs(lines: list[Any]) -> list[tuple[str, str]]:
    pairs = []
    for line in lines:
        name, sep, value = str(line).partition(": ")
        if sep and name:
            pairs.append((name, value))
    return pairs


@dataclass
class _Job:
    """The state of one URL_REQUEST source while its events arrive."""

    url: str = ""
    method: str = "GET"
    initiator: str = ""
    upload_size: int = 0
    last: WireRequest | None = None
    annotation: int = 0  # the traffic annotation: which part of Chromium made the request


class NetLogReader:
    """Reads a NetLog file as it grows (or after the browser died) into `WireRequest`s."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.requests: list[WireRequest] = []
        self.unreadable_lines = 0
        self.browser_own = 0  # requests Chromium made for itself (account list, updates), left out
        self._offset = 0
        self._pending = b""
        self._types: dict[int, str] = {}
        self._tick_offset = 0.0
        self._jobs: dict[int, _Job] = {}
        self._plain: dict[int, list[tuple[float, bytes]]] = {}  # socket id -> bytes written
        self._tls: dict[int, list[tuple[float, bytes]]] = {}  # socket id -> decrypted bytes written
        self.last_activity_ms = 0.0  # when a request last started or was sent, as far as the file says

    # --- reading ----------------------------------------------------------------------------------

    def read(self) -> None:
        """Take in every complete line appended since the last read."""
        try:
            with self.path.open("rb") as handle:
                handle.seek(self._offset)
                chunk = handle.read()
        except OSError:
            return
        self._offset += len(chunk)
        data = self._pending + chunk
        lines = data.split(b"\n")
        self._pending = lines.pop()
        for line in lines:
            self._line(line)

    def finish(self) -> list[WireRequest]:
        """Read to the end (a last line without its newline too) and attach bodies from the wire."""
        self.read()
        if self._pending.strip():
            self._line(self._pending)
            self._pending = b""
        self._attach_bodies()
        return self.requests

    def _line(self, raw: bytes) -> None:
        text = raw.strip().rstrip(b",")
        if text.startswith(b"{") and text.endswith(b"}]"):
            text = text[:-1]  # the last event closes the array: `{...}],`
        if not text or text in (b"]", b"]}", b"}"):
            return
        if text.startswith(b'{"constants"'):
            self._constants(text)
            return
        if text.startswith((b'"events"', b'"polledData"', b"],")):
            return
        try:
            event = _EVENT.decode(text)
        except msgspec.DecodeError:
            self.unreadable_lines += 1  # a line cut short by a killed browser, or not an event
            return
        if isinstance(event, dict) and "type" in event:
            self._event(event)

    def _constants(self, text: bytes) -> None:
        try:
            head = _EVENT.decode(text + b"}")
        except msgspec.DecodeError:
            return
        constants = head.get("constants", {}) if isinstance(head, dict) else {}
        self._types = {number: name for name, number in (constants.get("logEventTypes") or {}).items()}
        self._tick_offset = float(constants.get("timeTickOffset") or 0)

    # --- events -------------------------------------------------------------------------------------

    def _event(self, event: dict[str, Any]) -> None:
        name = self._types.get(event.get("type", -1), "")
        source = event.get("source") or {}
        source_id = int(source.get("id", 0))
        params = event.get("params") or {}
        phase = event.get("phase", 0)
        time_ms = self._tick_offset + float(event.get("time") or 0)
        if name in ("SOCKET_BYTES_SENT", "SSL_SOCKET_BYTES_SENT") and "bytes" in params:
            try:
                data = base64.b64decode(params["bytes"])
            except (binascii.Error, ValueError):
                return
            (self._tls if name.startswith("SSL") else self._plain).setdefault(source_id, []).append((time_ms, data))
            return
        if name == "REQUEST_ALIVE" and phase == _PHASE_BEGIN:
            self.last_activity_ms = time_ms
            if "traffic_annotation" in params:
                self._jobs.setdefault(source_id, _Job()).annotation = int(params.get("traffic_annotation") or 0)
        elif name == "URL_REQUEST_START_JOB" and phase == _PHASE_BEGIN:
            job = self._jobs.setdefault(source_id, _Job())
            job.url = str(params.get("url", job.url))
            job.method = str(params.get("method", job.method)).upper()
            initiator = str(params.get("initiator", ""))
            job.initiator = "" if initiator == "not an origin" else initiator
            job.upload_size = 0
        elif name == "UPLOAD_DATA_STREAM_INIT" and phase == _PHASE_END:
            job = self._jobs.setdefault(source_id, _Job())
            job.upload_size = int(params.get("total_size") or 0)
        elif name.startswith("HTTP_TRANSACTION_") and name.endswith("SEND_REQUEST_HEADERS"):
            self._sent(self._jobs.setdefault(source_id, _Job()), name, params, time_ms)
            self.last_activity_ms = time_ms
        elif name == "HTTP_TRANSACTION_READ_RESPONSE_HEADERS":
            job = self._jobs.get(source_id)
            if job is not None and job.last is not None:
                lines = list(params.get("headers") or [])
                status = str(lines[0]).split(" ") if lines else []
                if len(status) > 1 and status[1].isdigit():
                    job.last.status = int(status[1])
                job.last.response_headers = _header_pairs(lines[1:])

    def _sent(self, job: _Job, name: str, params: dict[str, Any], time_ms: float) -> None:
        if job.annotation in NETLOG_BROWSER_OWN_ANNOTATIONS:
            self.browser_own += 1  # Chromium's own traffic (never a page's): not site evidence
            return
        headers = _header_pairs(params.get("headers") or [])
        protocol = "h2" if "HTTP2" in name else "quic" if "QUIC" in name else "http/1.1"
        method = job.method
        line = str(params.get("line", ""))
        if line:
            method = line.split(" ", 1)[0].upper() or method
        pseudo = {k: v for k, v in headers if k.startswith(":")}
        method = pseudo.get(":method", method).upper()
        if method == "CONNECT" and not pseudo:
            return  # a proxy tunnel's own request (the guard's proxy): the request it carries is logged itself
        request = WireRequest(
            url=job.url,
            method=method,
            headers=[(k, v) for k, v in headers if not k.startswith(":")],
            time_ms=time_ms,
            initiator=job.initiator,
            upload_size=job.upload_size,
            protocol=protocol,
        )
        job.last = request
        self.requests.append(request)

    # --- bodies -------------------------------------------------------------------------------------

    def _attach_bodies(self) -> None:
        """Give each HTTP/1.1 request with a body the bytes that followed its headers on the wire."""
        messages: dict[tuple[str, str, str], list[_WireMessage]] = {}
        for socket_id in set(self._plain) | set(self._tls):
            chunks = self._tls.get(socket_id) or self._plain.get(socket_id) or []
            for message in _http1_messages(chunks):
                messages.setdefault((message.method, message.host, message.target), []).append(message)
        for request in self.requests:
            if request.upload_size <= 0 or request.protocol != "http/1.1":
                continue
            candidates = messages.get(request.target(), [])
            chosen = min(
                (m for m in candidates if len(m.body) == request.upload_size),
                key=lambda m: abs(m.time_ms - request.time_ms),
                default=None,
            )
            if chosen is not None:
                candidates.remove(chosen)
                request.body = chosen.body


def _http1_messages(chunks: list[tuple[float, bytes]]) -> list[_WireMessage]:
    """The HTTP/1.1 requests in one connection's outgoing bytes (stops at anything else)."""
    stream = b"".join(data for _, data in chunks)
    starts: list[tuple[int, float]] = []
    position = 0
    for time_ms, data in chunks:
        starts.append((position, time_ms))
        position += len(data)
    messages: list[_WireMessage] = []
    offset = 0
    while offset < len(stream):
        end = stream.find(b"\r\n\r\n", offset)
        if end < 0:
            break
        head = stream[offset:end].decode("latin-1").split("\r\n")
        parts = head[0].split(" ")
        if len(parts) != 3 or not parts[2].startswith("HTTP/1"):
            break
        headers = {k.lower(): v for k, _, v in (line.partition(": ") for line in head[1:])}
        body_start = end + 4
        body, after = _message_body(stream, body_start, headers)
        if after < 0:
            break
        sent_at = max((t for p, t in starts if p <= offset), default=0.0)
        messages.append(_WireMessage(sent_at, parts[0].upper(), headers.get("host", "").split(":")[0].lower(),
                                     _origin_form(parts[1]), body))
        offset = after
    return messages


def _origin_form(target: str) -> str:
    """A request line's target as a server reads it: the absolute form a browser sends to a proxy
    (`http://host/path?q`) becomes `/path?q`."""
    if not target.startswith(("http://", "https://")):
        return target
    from urllib.parse import urlsplit

    split = urlsplit(target)
    return (split.path or "/") + (f"?{split.query}" if split.query else "")


def _message_body(stream: bytes, start: int, headers: dict[str, str]) -> tuple[bytes, int]:
    """(body, offset after it); offset -1 when the stream ends before the body does."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body, offset = b"", start
        while True:
            line_end = stream.find(b"\r\n", offset)
            if line_end < 0:
                return b"", -1
            try:
                size = int(stream[offset:line_end].split(b";")[0].strip() or b"0", 16)
            except ValueError:
                return b"", -1
            offset = line_end + 2
            if size == 0:
                trailer = stream.find(b"\r\n", offset)
                return body, (trailer + 2 if trailer >= 0 else len(stream))
            body += stream[offset:offset + size]
            offset += size + 2
    try:
        length = int(headers.get("content-length", "0") or 0)
    except ValueError:
        return b"", -1
    if start + length > len(stream):
        return b"", -1
    return stream[start:start + length], start + length
