"""Build small HAR documents in the shapes different exporters write.

Used by the import tests, and by the classifier's scorer through the scan's own path
(`classify/scan_score.py`), which turns labelled texts into the tracker requests that carry them."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any


def entry(
    url: str,
    method: str = "GET",
    post: dict[str, Any] | None = None,
    pageref: str | None = "page_1",
    headers: list[dict[str, str]] | None = None,
    extra: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One HAR 1.2 entry; `extra` adds exporter-specific fields such as `_resourceType`."""
    request: dict[str, Any] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/1.1",
        "headers": headers or [],
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": 0,
    }
    if post is not None:
        request["postData"] = post
    item: dict[str, Any] = {
        "startedDateTime": "2026-11-01T10:00:00.000Z",
        "time": 10,
        "request": request,
        "response": response
        or {
            "status": 200,
            "statusText": "OK",
            "httpVersion": "HTTP/1.1",
            "headers": [],
            "cookies": [],
            "content": {"size": 0, "mimeType": "text/html", "text": "<html>big body</html>"},
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": 0,
        },
        "cache": {},
        "timings": {"send": 0, "wait": 1, "receive": 1},
    }
    if pageref is not None:
        item["pageref"] = pageref
    item.update(extra or {})
    return item


def har(entries: list[dict[str, Any]], pages: list[dict[str, Any]] | None = None, creator: str = "test") -> dict[str, Any]:
    return {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": "1"},
            "pages": pages
            if pages is not None
            else [{"id": "page_1", "title": "https://www.example-trust.nhs.uk/", "startedDateTime": "2026-11-01T10:00:00.000Z", "pageTimings": {}}],
            "entries": entries,
        }
    }


def write(path: Path, document: dict[str, Any], gzipped: bool = False) -> Path:
    data = json.dumps(document).encode("utf-8")
    path.write_bytes(gzip.compress(data) if gzipped else data)
    return path


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
