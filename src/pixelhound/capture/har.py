"""HAR 1.2 import: DevTools (Chrome, Firefox), Playwright, Puppeteer (puppeteer-har, chrome-har),
Charles and Fiddler style exports, plain or gzipped.

Only the parts of an entry that matter are materialised: msgspec decodes each entry into a
Struct that declares the request side and response status/headers, so response bodies (most of a
large HAR) are scanned but never turned into Python objects. A malformed entry becomes a warning
and the rest of the file is read.
"""

from __future__ import annotations

import base64
import os
import binascii
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

from pixelhound.model import Capture, Cookie, Page
from pixelhound.bounded import TooLarge, read_file
from pixelhound.settings import INPUT_MAX_HAR_BYTES, INPUT_MAX_STRING_CHARS


class HarError(Exception):
    """The file cannot be read as a HAR at all. The message is one line, for the user."""


class _NameValue(msgspec.Struct):
    name: str | None = ""
    value: Any = ""  # text by the spec; some exporters write numbers, objects or lists


class _Cookie(msgspec.Struct):
    name: str | None = ""
    value: str | None = ""
    domain: str | None = ""
    path: str | None = ""


class _Param(msgspec.Struct):
    name: str | None = ""
    value: str | None = ""
    fileName: str | None = None
    contentType: str | None = None


class _PostData(msgspec.Struct):
    mimeType: str | None = ""
    text: str | None = None
    params: list[_Param] | None = None
    encoding: str | None = None
    _encoding: str | None = msgspec.field(default=None, name="_encoding")


class _Request(msgspec.Struct):
    url: str
    method: str | None = "GET"
    headers: list[_NameValue] | None = None
    cookies: list[_Cookie] | None = None
    postData: _PostData | None = None


class _Content(msgspec.Struct):
    mimeType: str | None = ""


class _Response(msgspec.Struct):
    status: int | None = 0
    headers: list[_NameValue] | None = None
    cookies: list[_Cookie] | None = None
    content: _Content | None = None


class _Entry(msgspec.Struct):
    request: _Request
    response: _Response | None = None
    startedDateTime: str | int | float | None = ""  # ISO 8601 by the spec; some tools write epoch numbers
    pageref: str | None = ""
    serverIPAddress: str | None = ""
    resource_type: str | None = msgspec.field(default="", name="_resourceType")
    initiator: msgspec.Raw = msgspec.field(default_factory=lambda: msgspec.Raw(b"null"), name="_initiator")
    initiator_type: str | None = msgspec.field(default="", name="_initiator_type")
    context: _Context | None = msgspec.field(default=None, name="_pixelhound")


class _Context(msgspec.Struct):
    """pixelhound's own entry fields: which site, scenario and action a request belongs to."""

    site: str | None = ""
    scenario: str | None = ""
    action: str | None = ""
    frame_url: str | None = ""
    intercepted: bool | None = False
    consent: str | None = ""
    record: str | None = ""


class _Page(msgspec.Struct):
    id: str | None = ""
    title: str | None = ""
    startedDateTime: str | int | float | None = ""


class _Log(msgspec.Struct):
    entries: list[msgspec.Raw]
    pages: list[msgspec.Raw] | None = None
    version: str | None = ""


class _Har(msgspec.Struct):
    log: _Log


_ENTRY = msgspec.json.Decoder(_Entry, strict=False)
_PAGE = msgspec.json.Decoder(_Page, strict=False)
_HAR = msgspec.json.Decoder(_Har, strict=False)
_INITIATOR = msgspec.json.Decoder()


@dataclass
class HarDocument:
    """An opened HAR: its pages now, its entries as a stream of Captures."""

    path: Path
    pages: list[Page]
    entry_count: int
    warnings: list[str] = field(default_factory=list)
    unread_entries: int = 0  # entries that could not be read at all: counted, so no verdict is "clean" on them
    _raw_entries: list[msgspec.Raw] = field(default_factory=list, repr=False)

    def captures(self) -> Iterator[Capture]:
        """Each readable entry as a Capture. What can be mended is read and flagged (invalid
        UTF-8 replaced); an entry that cannot be read at all is counted and named in a warning."""
        source = path_text(self.path)
        for index, raw in enumerate(self._raw_entries):
            entry = self._decode_entry(index, raw)
            if entry is None:
                self.unread_entries += 1
                continue
            yield _to_capture(index, entry, source, self.warnings)
        self._raw_entries = []

    def _decode_entry(self, index: int, raw: msgspec.Raw) -> _Entry | None:
        entry = self._decode_raw_entry(index, raw)
        if entry is not None and (too_long := _longest_string(entry)) > INPUT_MAX_STRING_CHARS:
            self.warnings.append(f"entry {index}: refused, no verdict on it (a string of {too_long} characters, "
                                 f"more than {INPUT_MAX_STRING_CHARS})")
            return None
        return entry

    def _decode_raw_entry(self, index: int, raw: msgspec.Raw) -> _Entry | None:
        try:
            return _ENTRY.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as error:
            if isinstance(error, (msgspec.ValidationError, RecursionError)) or "UTF-8" not in str(error):
                self.warnings.append(f"entry {index}: could not be read, no verdict on it ({_reason(error)})")
                return None
        mended = bytes(raw).decode("utf-8", errors="replace").encode("utf-8")
        try:
            entry = _ENTRY.decode(mended)
        except (msgspec.ValidationError, msgspec.DecodeError) as error:
            self.warnings.append(f"entry {index}: could not be read, no verdict on it ({error})")
            return None
        self.warnings.append(f"entry {index}: invalid UTF-8 bytes replaced with U+FFFD (as in {entry.request.url[:200]!r})")
        return entry


def path_text(path: Path) -> str:
    """A file name as text any report can hold: bytes that are not UTF-8 (a name the file system
    allows) become U+FFFD instead of lone surrogates that no encoder accepts."""
    return os.fsencode(path).decode("utf-8", errors="replace")


def _reason(error: Exception) -> str:
    return "nested deeper than the parser reads" if isinstance(error, RecursionError) else str(error)


def _longest_string(entry: _Entry) -> int:
    """The longest of the strings an entry gives us to show or decode (URL, header values, cookie
    values); the request body has its own bound (HAR_MAX_BODY_BYTES) and is cut, not refused."""
    request, response = entry.request, entry.response
    header_lists = (request.headers, response.headers if response else None)
    values = [len(request.url), *(len(_text(h.value)) for headers in header_lists for h in headers or [])]
    values += [len(c.value or "") for c in request.cookies or []]
    return max(values)


def read_har_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped if gzipped; a HarError with a one-line reason otherwise."""
    try:
        return read_file(path, INPUT_MAX_HAR_BYTES)
    except FileNotFoundError:
        raise HarError(f"{path_text(path)}: no such file") from None
    except IsADirectoryError:
        raise HarError(f"{path_text(path)}: is a directory, not a HAR file") from None
    except OSError as error:
        raise HarError(f"{path_text(path)}: cannot be read ({error.strerror or error})") from None
    except zlib.error:
        raise HarError(f"{path_text(path)}: looks gzipped but cannot be decompressed") from None
    except TooLarge as error:
        raise HarError(f"{path_text(path)}: refused, not read: it {error} (settings.INPUT_MAX_HAR_BYTES)") from None


def open_har(path: Path) -> HarDocument:
    """Parse the HAR envelope; entries are decoded lazily by `HarDocument.captures`."""
    data = read_har_bytes(path)
    if not data.strip():
        raise HarError(f"{path_text(path)}: the file is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    warnings: list[str] = []
    try:
        har = _decode_envelope(data, warnings)
    except RecursionError:
        raise HarError(f"{path_text(path)}: refused, not read: its JSON is nested deeper than the parser reads") from None
    except msgspec.ValidationError as error:
        raise HarError(f"{path_text(path)}: JSON, but not a HAR file ({_describe_validation(error)})") from None
    except msgspec.DecodeError as error:
        raise HarError(f"{path_text(path)}: not a HAR file: {_describe_json_error(data, error)}") from None
    pages = []
    for number, raw in enumerate(har.log.pages or []):
        try:
            page = _PAGE.decode(raw)
        except (msgspec.ValidationError, msgspec.DecodeError, RecursionError) as error:
            warnings.append(f"page {number}: ignored, not a valid HAR page ({_reason(error)})")
            continue
        if len(page.title or "") > INPUT_MAX_STRING_CHARS:
            warnings.append(f"page {number}: ignored, its title is longer than {INPUT_MAX_STRING_CHARS} characters")
            continue
        title = page.title or ""
        pages.append(
            Page(
                id=page.id or f"page_{number + 1}",
                title=title,
                url=title if title.startswith(("http://", "https://")) else "",
                started=_timestamp(page.startedDateTime),
            )
        )
    return HarDocument(
        path=path,
        pages=pages,
        entry_count=len(har.log.entries),
        warnings=warnings,
        _raw_entries=har.log.entries,
    )


# A \uXXXX escape preceded by an even number of backslashes (so it is an escape, not text).
_ESCAPE = re.compile(rb"(?<!\\)(?:\\\\)*\\u([0-9a-fA-F]{4})")


def _lone_surrogates(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each \\uD800-\\uDFFF escape not part of a high-low pair: valid JSON text
    that strict decoders refuse (JavaScript strings can hold them, so real HARs do)."""
    escapes = [(m.end() - 6, m.end(), int(m.group(1), 16)) for m in _ESCAPE.finditer(data)]
    lone: list[tuple[int, int]] = []
    index = 0
    while index < len(escapes):
        start, end, code = escapes[index]
        if 0xD800 <= code <= 0xDBFF:
            following = escapes[index + 1] if index + 1 < len(escapes) else None
            if following is not None and following[0] == end and 0xDC00 <= following[2] <= 0xDFFF:
                index += 2
                continue
            lone.append((start, end))
        elif 0xDC00 <= code <= 0xDFFF:
            lone.append((start, end))
        index += 1
    return lone


def _decode_envelope(data: bytes, warnings: list[str]) -> _Har:
    """The HAR envelope; lone surrogate escapes (in a body, say) are replaced with U+FFFD and
    flagged rather than rejecting the whole file."""
    try:
        return _HAR.decode(data)
    except msgspec.DecodeError:
        lone = _lone_surrogates(data)
        if not lone:
            raise
    mended = bytearray(data)
    for start, end in reversed(lone):
        mended[start:end] = b"\\ufffd"
    har = _HAR.decode(bytes(mended))
    warnings.append(f"{len(lone)} lone UTF-16 surrogate escape(s) (\\uD800-\\uDFFF) replaced with U+FFFD")
    return har


def _timestamp(value: str | int | float | None) -> str:
    """startedDateTime as ISO 8601; an epoch number (seconds, or milliseconds as some tools write)
    is converted."""
    if value is None or isinstance(value, str):
        return value or ""
    seconds = value / 1000 if abs(value) > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    except (OverflowError, OSError, ValueError):
        return str(value)


def _describe_validation(error: msgspec.ValidationError) -> str:
    text = str(error)
    if "log" in text and ("missing" in text.lower() or "Expected `object`" in text):
        return "it has no `log.entries`"
    return text


def _describe_json_error(data: bytes, error: msgspec.DecodeError) -> str:
    text = str(error)
    if "truncated" in text.lower():
        return "the JSON is truncated (the file ends in the middle of the data)"
    sample = data[:512]
    if b"\x00" in sample or sum(1 for b in sample if b < 9 or 13 < b < 32) > 8:
        return "it is binary data, not JSON"
    return f"the JSON is invalid ({text})"


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _cookies(raw: list[_Cookie] | None, how: str, url: str) -> list[Cookie]:
    return [
        Cookie(
            name=_text(c.name),
            value=_text(c.value),
            domain=_text(c.domain),
            path=_text(c.path),
            how=how,
            request_url=url,
        )
        for c in raw or []
        if c.name
    ]


def _header_value(value: object) -> str:
    """A header value as text: objects and lists (some exporters write them) as their JSON."""
    if isinstance(value, (dict, list)):
        return msgspec.json.encode(value).decode("utf-8")
    return _text(value)


def _headers(raw: list[_NameValue] | None) -> list[tuple[str, str]]:
    return [(_text(h.name), _header_value(h.value)) for h in raw or [] if h.name]


def cookies_from_header(headers: list[tuple[str, str]], url: str) -> list[Cookie]:
    """Cookies from a Cookie header, for exporters that leave `request.cookies` empty."""
    out = []
    for name, value in headers:
        if name.lower() != "cookie":
            continue
        for part in value.split(";"):
            key, sep, val = part.strip().partition("=")
            if sep and key:
                out.append(Cookie(name=key, value=val, how="sent", request_url=url))
    return out


def cookies_from_set_cookie(headers: list[tuple[str, str]], url: str) -> list[Cookie]:
    """Cookies from Set-Cookie headers (DevTools joins several with newlines)."""
    out = []
    for name, value in headers:
        if name.lower() != "set-cookie":
            continue
        for line in value.split("\n"):
            first, *attributes = line.split(";")
            key, sep, val = first.strip().partition("=")
            if not (sep and key):
                continue
            domain = path = ""
            for attribute in attributes:
                attr_name, _, attr_value = attribute.strip().partition("=")
                if attr_name.lower() == "domain":
                    domain = attr_value.strip()
                elif attr_name.lower() == "path":
                    path = attr_value.strip()
            out.append(Cookie(name=key, value=val, domain=domain, path=path, how="set", request_url=url))
    return out


def _body(post: _PostData | None, index: int, warnings: list[str]) -> tuple[bytes | None, str]:
    if post is None:
        return None, ""
    mime = _text(post.mimeType)
    if post.text is not None:
        encoding = (post.encoding or post._encoding or "").lower()
        if encoding == "base64":
            try:
                return base64.b64decode(post.text, validate=True), mime
            except (binascii.Error, ValueError):
                warnings.append(f"entry {index}: request body marked base64 is not valid base64; read as text")
        return post.text.encode("utf-8", errors="surrogatepass"), mime
    if post.params:
        # Firefox and some proxies give the form fields instead of the text.
        from urllib.parse import quote_plus

        body = "&".join(f"{quote_plus(_text(p.name))}={quote_plus(_text(p.value))}" for p in post.params)
        return body.encode("utf-8", errors="surrogatepass"), mime or "application/x-www-form-urlencoded"
    return None, mime


def _initiator(entry: _Entry) -> str:
    try:
        value = _INITIATOR.decode(entry.initiator)
    except (msgspec.DecodeError, RecursionError):
        return ""
    if value is None:
        return _text(entry.initiator_type)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if value.get("url"):
            return str(value["url"])
        for frame in (value.get("stack") or {}).get("callFrames") or []:
            if isinstance(frame, dict) and frame.get("url"):
                return str(frame["url"])
        return str(value.get("type", ""))
    return ""


def _to_capture(index: int, entry: _Entry, source: str, warnings: list[str]) -> Capture:
    request = entry.request
    url = request.url
    request_headers = _headers(request.headers)
    body, mime = _body(request.postData, index, warnings)
    response = entry.response or _Response()
    response_headers = _headers(response.headers)
    cookies_sent = _cookies(request.cookies, "sent", url) or cookies_from_header(request_headers, url)
    cookies_set = _cookies(response.cookies, "set", url) or cookies_from_set_cookie(response_headers, url)
    return Capture(
        index=index,
        url=url,
        method=(request.method or "GET").upper(),
        request_headers=request_headers,
        body=body,
        body_mime=mime,
        resource_type=_text(entry.resource_type),
        initiator=_initiator(entry),
        page_id=_text(entry.pageref),
        started=_timestamp(entry.startedDateTime),
        status=response.status or 0,
        response_headers=response_headers,
        response_mime=_text(response.content.mimeType) if response.content else "",
        cookies_sent=cookies_sent,
        cookies_set=cookies_set,
        server_ip=_text(entry.serverIPAddress),
        source=source,
        site=_text(entry.context.site) if entry.context else "",
        scenario=_text(entry.context.scenario) if entry.context else "",
        action=_text(entry.context.action) if entry.context else "",
        frame_url=_text(entry.context.frame_url) if entry.context else "",
        intercepted=bool(entry.context.intercepted) if entry.context else False,
        consent=_text(entry.context.consent) if entry.context else "",
        record=_text(entry.context.record) if entry.context else "",
    )


def _name_values(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]


def _har_cookies(cookies: list[Cookie]) -> list[dict[str, str]]:
    return [{"name": c.name, "value": c.value, "domain": c.domain, "path": c.path} for c in cookies]


def _post_data(capture: Capture) -> dict[str, str] | None:
    if capture.body is None:
        return None
    mime = capture.body_mime or capture.header("content-type")
    try:
        return {"mimeType": mime, "text": capture.body.decode("utf-8")}
    except UnicodeDecodeError:
        return {"mimeType": mime, "text": base64.b64encode(capture.body).decode("ascii"), "encoding": "base64"}


def _har_entry(capture: Capture) -> dict[str, object]:
    from urllib.parse import parse_qsl, urlsplit

    try:
        query = parse_qsl(urlsplit(capture.url).query, keep_blank_values=True)
    except ValueError:
        query = []
    request: dict[str, object] = {
        "method": capture.method,
        "url": capture.url,
        "httpVersion": "HTTP/1.1",
        "headers": _name_values(capture.request_headers),
        "queryString": _name_values(query),
        "cookies": _har_cookies(capture.cookies_sent),
        "headersSize": -1,
        "bodySize": len(capture.body or b""),
    }
    post = _post_data(capture)
    if post is not None:
        request["postData"] = post
    return {
        "pageref": capture.page_id,
        "startedDateTime": capture.started,
        "time": 0,
        "request": request,
        "response": {
            "status": capture.status,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": _name_values(capture.response_headers),
            "cookies": _har_cookies(capture.cookies_set),
            "content": {"size": -1, "mimeType": capture.response_mime},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
        "serverIPAddress": capture.server_ip,
        "_resourceType": capture.resource_type,
        "_initiator": capture.initiator,
        "_pixelhound": {
            "site": capture.site,
            "scenario": capture.scenario,
            "action": capture.action,
            "frame_url": capture.frame_url,
            "intercepted": capture.intercepted,
            "consent": capture.consent,
            "record": capture.record,
        },
    }


def write_har(path: Path, captures: list[Capture], pages: list[Page], browser: str = "", version: str = "") -> None:
    """Write captures as HAR 1.2 that `open_har` (and DevTools) read back: the evidence file."""
    from pixelhound import __version__

    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": "pixelhound", "version": __version__},
            "browser": {"name": browser or "Chromium", "version": version},
            "pages": [
                {"id": p.id, "startedDateTime": p.started, "title": p.url or p.title, "pageTimings": {}}
                for p in pages
            ],
            "entries": [_har_entry(c) for c in captures],
        }
    }
    path.write_bytes(msgspec.json.encode(document))
