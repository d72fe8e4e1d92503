"""A captured request taken apart once, so every decoder reads the same parsed view.

Every transport trackers use is understood here: query string, urlencoded body (names may be
percent-encoded), multipart/form-data (sendBeacon with FormData), JSON and text/plain JSON,
newline-batched bodies, and gzip.
"""

from __future__ import annotations

import zlib
from email.parser import BytesParser
from email.policy import HTTP
from functools import cached_property
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlsplit

import orjson

from pixelhound.bounded import GZIP_OR_ZLIB, RAW_DEFLATE, inflate, unbrotli
from pixelhound.model import Capture
from pixelhound.settings import HAR_GZIP_MAGIC, HAR_MAX_BODY_BYTES

# Transport names, as shown in reports.
QUERY = "query"
URLENCODED = "urlencoded"
MULTIPART = "multipart"
JSON = "json"
TEXT = "text"


def parse_query(query: str) -> list[tuple[str, str]]:
    """Query or urlencoded pairs in order, keeping blanks; never raises on odd input."""
    if not query:
        return []
    try:
        return parse_qsl(query, keep_blank_values=True, errors="replace")
    except ValueError:
        return []


def safe_split(url: str) -> SplitResult | None:
    try:
        return urlsplit(url)
    except ValueError:
        return None


def _decompressed(data: bytes, wbits: int) -> bytes:
    """The body expanded, at most HAR_MAX_BODY_BYTES of it (a bomb is cut there, never expanded
    whole); the body as it was when it is not compressed this way."""
    try:
        return inflate(iter((data,)), HAR_MAX_BODY_BYTES, wbits, cut=True)
    except zlib.error:
        return data


def _unbrotlied(data: bytes) -> bytes:
    """A Content-Encoding: br body expanded like `_decompressed` (cut at HAR_MAX_BODY_BYTES)."""
    import brotli

    try:
        return unbrotli(iter((data,)), HAR_MAX_BODY_BYTES, cut=True)
    except brotli.error:
        return data


def _has_zlib_header(data: bytes) -> bool:
    """RFC 1950's two header bytes: deflate with the zlib wrapper, as Content-Encoding: deflate means."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class ParsedRequest:
    """Lazy, cached views of one Capture's URL and body."""

    def __init__(self, capture: Capture) -> None:
        self.capture = capture
        split = safe_split(capture.url)
        self.split = split
        self.host = (split.hostname or "").lower() if split else ""
        self.path = split.path if split else ""

    @cached_property
    def query(self) -> list[tuple[str, str]]:
        return parse_query(self.split.query) if self.split else []

    @cached_property
    def query_names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.query)

    @cached_property
    def content_type(self) -> str:
        return (self.capture.body_mime or self.capture.header("content-type")).lower()

    @cached_property
    def body_bytes(self) -> bytes:
        """The request body, expanded when it is gzip, deflate or brotli, cut to a sane size for decoding."""
        body = self.capture.body or b""
        encoding = self.capture.header("content-encoding").lower()
        if body[:2] == HAR_GZIP_MAGIC or "gzip" in encoding:
            body = _decompressed(body, GZIP_OR_ZLIB)
        elif "deflate" in encoding:
            body = _decompressed(body, GZIP_OR_ZLIB if _has_zlib_header(body) else RAW_DEFLATE)
        elif "br" in {token.strip() for token in encoding.split(",")}:
            body = _unbrotlied(body)
        return body[:HAR_MAX_BODY_BYTES]

    @cached_property
    def body_text(self) -> str:
        return self.body_bytes.decode("utf-8", errors="replace")

    @cached_property
    def body_json(self) -> Any:
        """The body as JSON when it is JSON (whatever the declared type), else None."""
        text = self.body_text.strip()
        if not text or text[0] not in "[{":
            return None
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            return None

    @cached_property
    def body_params(self) -> list[tuple[str, str]]:
        """Name/value pairs of an urlencoded or multipart body; [] for other bodies."""
        if not self.body_bytes:
            return []
        if "multipart/form-data" in self.content_type:
            return self._multipart()
        if self.body_json is not None:
            return []
        text = self.body_text
        if "x-www-form-urlencoded" in self.content_type or ("=" in text and "\n" not in text.strip()):
            return parse_query(text.strip())
        return []

    @cached_property
    def body_lines(self) -> list[list[tuple[str, str]]]:
        """A newline-batched urlencoded body (GA4 style), one list of pairs per line."""
        text = self.body_text.strip()
        if not text or self.body_json is not None or "=" not in text:
            return []
        return [parse_query(line) for line in text.splitlines() if "=" in line]

    @cached_property
    def transport(self) -> str:
        if not self.body_bytes:
            return QUERY
        if "multipart/form-data" in self.content_type:
            return MULTIPART
        if self.body_json is not None:
            return JSON
        if self.body_params or self.body_lines:
            return URLENCODED
        return TEXT

    def params(self) -> list[tuple[str, str, str]]:
        """Every (name, value, transport) pair the request carries: query first, then body."""
        pairs = [(name, value, QUERY) for name, value in self.query]
        if self.body_params:
            kind = MULTIPART if "multipart/form-data" in self.content_type else URLENCODED
            pairs += [(name, value, kind) for name, value in self.body_params]
        return pairs

    def _multipart(self) -> list[tuple[str, str]]:
        content_type = self.capture.body_mime or self.capture.header("content-type")
        if "boundary=" not in content_type:
            # DevTools sometimes drops the boundary from the mime type; recover it from the body.
            first = self.body_bytes.split(b"\r\n", 1)[0].strip()
            if not first.startswith(b"--"):
                return []
            content_type = f"multipart/form-data; boundary={first[2:].decode('latin-1')}"
        head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", errors="replace")
        try:
            message = BytesParser(policy=HTTP).parsebytes(head + self.body_bytes)
        except Exception:  # noqa: BLE001 - the email parser raises many types on hostile input
            return []
        pairs: list[tuple[str, str]] = []
        if not message.is_multipart():
            return pairs
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if not name:
                continue
            payload = part.get_payload(decode=True) or b""
            pairs.append((str(name), payload.decode("utf-8", errors="replace")))
        return pairs


def flatten_json(value: Any, prefix: str = "", depth: int = 0, max_depth: int = 12) -> list[tuple[str, str]]:
    """JSON as (dotted path, scalar text) pairs: `{"a": {"b": 1}}` -> [("a.b", "1")]."""
    if depth > max_depth:
        return [(prefix, orjson.dumps(value).decode())]
    if isinstance(value, dict):
        out: list[tuple[str, str]] = []
        for key, item in value.items():
            out += flatten_json(item, f"{prefix}.{key}" if prefix else str(key), depth + 1, max_depth)
        return out
    if isinstance(value, list):
        out = []
        for index, item in enumerate(value):
            out += flatten_json(item, f"{prefix}[{index}]", depth + 1, max_depth)
        return out
    if value is None:
        return []
    if isinstance(value, bool):
        return [(prefix, "true" if value else "false")]
    return [(prefix, str(value))]


def maybe_json(text: str) -> Any:
    """A parameter value that is itself JSON (e.g. `cd[buttonFeatures]`), parsed; else None."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "[{":
        return None
    try:
        return orjson.loads(stripped)
    except orjson.JSONDecodeError:
        return None
