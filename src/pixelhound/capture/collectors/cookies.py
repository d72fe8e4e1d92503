"""The cookies the browser holds at the end of the visit (the jar, first and third party)."""

from __future__ import annotations

import asyncio

from playwright.async_api import BrowserContext

from pixelhound.capture.collectors.base import Collected, Collector
from pixelhound.model import Cookie


class CookieCollector(Collector):
    name = "cookies"

    def __init__(self) -> None:
        self.stored: list[Cookie] = []

    async def before_close(self, context: BrowserContext) -> None:
        # Read per context: a browser restarted mid-scan starts a fresh jar, so both jars count.
        for item in await asyncio.wait_for(context.cookies(), 5):
            self.stored.append(Cookie(name=item["name"], value=item["value"], domain=item["domain"], path=item["path"], how="stored"))

    async def collect(self, collected: Collected) -> None:
        collected.cookies[:0] = self.stored  # the jar first, then what the requests collector saw blocked
