"""What each page looked like: a screenshot and its HTML, saved in the run folder."""

from __future__ import annotations

import asyncio
from pathlib import Path

from playwright.async_api import Page

from pixelhound.capture.collectors.base import Collector, Visits
from pixelhound.settings import SCAN_EVIDENCE_TIMEOUT_SECONDS


class PageEvidenceCollector(Collector):
    name = "page evidence"

    def __init__(self, folder: Path, out_dir: Path) -> None:
        self.folder = folder
        self.out_dir = out_dir
        self.visits = Visits()

    async def attach(self, context: object, visits: Visits) -> None:  # noqa: ARG002 - nothing to hook
        self.visits = visits

    async def after_load(self, page: Page) -> None:
        visit = self.visits.current
        stem = f"{visit.number + 1:02d}"
        shot = self.folder / "screenshots" / f"{stem}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        try:
            await page.screenshot(path=str(shot), timeout=SCAN_EVIDENCE_TIMEOUT_SECONDS * 1000)
            visit.page.screenshot = str(shot.relative_to(self.out_dir))
        finally:
            # The HTML is worth keeping even when the screenshot failed.
            if not page.url.startswith("chrome-error://"):
                html = await asyncio.wait_for(page.content(), SCAN_EVIDENCE_TIMEOUT_SECONDS)
                saved = self.folder / "pages" / f"{stem}.html"
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_text(html, encoding="utf-8")
                visit.page.html = str(saved.relative_to(self.out_dir))
