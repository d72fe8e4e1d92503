"""Shared test helpers: the real captures, a way to build one request as a Capture, the demo internet."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import os

import pytest

from pixelhound.capture.har import open_har
from pixelhound.decode.request import ParsedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.model import Capture

DATA = Path(__file__).parent / "data"
REALWORLD = DATA / "realworld"
REALWORLD_SITES = sorted(p.name for p in REALWORLD.iterdir() if (p / "requests.har").exists())


# The longest test files (each scans demo fleets in Chromium for minutes): collected first, so that
# `--dist loadfile` hands them out while both workers are fresh and the run ends on short files
# instead of one worker finishing a long file alone (`./dev test` passes --no-loadscope-reorder, or
# xdist would reorder files by their number of tests). Order only; nothing is skipped.
LONGEST_FIRST = (
    "store/test_demo_story.py",
    "consent/test_demo_consent.py",
    "consent/test_withdraw_gpc.py",
    "scan/test_completeness.py",
    "scale/test_queue.py",
    "monitor/test_monitor_demo.py",
    "scan/test_fleet.py",
    "scan/test_run_folder_cli.py",
    "scan/test_repeat_device.py",
    "dashboard/test_dashboard_in_browser.py",
    "demo/test_browser.py",
    "hardening/test_credentials.py",
    "hardening/test_private_dns.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        path = item.path.as_posix()
        return next((n for n, name in enumerate(LONGEST_FIRST) if path.endswith("tests/" + name)), len(LONGEST_FIRST))

    items.sort(key=rank)  # stable: every file keeps its own order


@pytest.fixture(scope="session", autouse=True)
def _private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Every scan and analyze records into a store: the tests' go to a throw-away file, never the user's."""
    previous = os.environ.get("PIXELHOUND_DB")
    os.environ["PIXELHOUND_DB"] = str(tmp_path_factory.mktemp("store") / "pixelhound.db")
    yield
    if previous is None:
        os.environ.pop("PIXELHOUND_DB", None)
    else:
        os.environ["PIXELHOUND_DB"] = previous


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
