"""Shared test helpers: the real captures, a way to build one request as a Capture, the demo internet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pixelhound.capture.har import open_har
from pixelhound.decode.request import ParsedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.model import Capture

DATA = Path(__file__).parent / "data"
REALWORLD = DATA / "realworld"
REALWORLD_SITES = sorted(p.name for p in REALWORLD.iterdir() if (p / "requests.har").exists())


def make_request(
    url: str,
    method: str = "GET",
    body: bytes | str | None = None,
    mime: str = "",
    headers: list[tuple[str, str]] | None = None,
) -> ParsedRequest:
    """A ParsedRequest for one hand-written request shape."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    capture = Capture(index=0, url=url, method=method, body=body, body_mime=mime, request_headers=headers or [])
    return ParsedRequest(capture)


def realworld_captures(site: str, url_contains: str) -> list[Capture]:
    """The captures of one real HAR whose URL contains a string."""
    document = open_har(REALWORLD / site / "requests.har")
    return [c for c in document.captures() if url_contains in c.url]


@pytest.fixture
def realworld() -> Path:
    return REALWORLD


@pytest.fixture(scope="module")
def internet() -> Iterator[DemoInternet]:
    """The demo internet on loopback, one per test module (its request log is the module's own)."""
    with DemoInternet() as running:
        yield running
