"""What each page looked like: a screenshot and its HTML, saved in the run folder."""

from __future__ import annotations

import asyncio
from playwright.async_api import Page

from pixelhound.capture.collectors.base import Collector, Visits
from pixelhound.capture.phases import phase
from pixelhound.capture.screenshot import save_screenshot
from pixelhound.settings import SCAN_EVIDENCE_TIMEOUT_SECONDS
from pixelhound.store.run_folder import RunFolder


class PageEvidenceCollector(Collector):
    name = "page evidence"

    def __init__(self, run_folder: RunFolder, site_folder: str, scenario: str, repeat: int = 0) -> None:
        self.run_folder = run_folder
        self.site_folder = site_folder
        self.scenario = scenario
        self.repeat = repeat  # the visit's number when the run repeats (0: it does not)
        self.visits = Visits()

    async def attach(self, context: object, visits: Visits) -> None:  # noqa: ARG002 - nothing to hook
        self.visits = visits

    async def after_load(self, page: Page) -> None:
        visit = self.visits.current
        shot = self.run_folder.screenshot(self.site_folder, self.scenario, visit.number + 1, self.repeat)
        shot.parent.mkdir(parents=True, exist_ok=True)
        try:
            with phase("screenshot"):
                await save_screenshot(page, shot, SCAN_EVIDENCE_TIMEOUT_SECONDS)
            visit.page.screenshot = self.run_folder.relative(shot)
        finally:
            # The HTML is worth keeping even when the screenshot failed.
            if not page.url.startswith("chrome-error://"):
                with phase("html"):
                    html = await asyncio.wait_for(page.content(), SCAN_EVIDENCE_TIMEOUT_SECONDS)
                saved = self.run_folder.page_html(self.site_folder, self.scenario, visit.number + 1, self.repeat)
                saved.parent.mkdir(parents=True, exist_ok=True)
                saved.write_text(html, encoding="utf-8")
                visit.page.html = self.run_folder.relative(saved)
