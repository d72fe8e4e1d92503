"""Fixtures for the demo internet: a running server and a headless Chromium pointed at it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from pixelhound.demo.server import DemoInternet

CHROMIUM = os.environ.get("PIXELHOUND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser(internet: DemoInternet) -> Iterator[object]:
    """Headless Chromium that can reach the demo internet and nothing else."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium to drive")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                *internet.chromium_args(),
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh context and page per test, so that nothing bleeds between tests."""
    context = browser.new_context()  # type: ignore[attr-defined]
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()
