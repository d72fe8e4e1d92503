"""localStorage and sessionStorage writes, reported by an init script in every frame."""

from __future__ import annotations

import contextlib
from typing import Any

from playwright.async_api import BrowserContext

from pixelhound.capture.collectors.base import Collected, Collector, Visits
from pixelhound.model import StorageWrite

_STORAGE_HOOK = """
(() => {
  try {
    const report = (area, key, value) => {
      try { window.__pixelhoundStorage(area, String(key), String(value).slice(0, 2000)); } catch (e) {}
    };
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      let area = 'localStorage';
      try { if (this === window.sessionStorage) area = 'sessionStorage'; } catch (e) {}
      report(area, key, value);
      return original.apply(this, arguments);
    };
  } catch (e) {}
})();
"""


class StorageCollector(Collector):
    name = "storage"

    def __init__(self) -> None:
        self.visits = Visits()
        self.writes: list[StorageWrite] = []

    async def attach(self, context: BrowserContext, visits: Visits) -> None:
        self.visits = visits
        await context.expose_binding("__pixelhoundStorage", self._on_storage)
        await context.add_init_script(_STORAGE_HOOK)

    def _on_storage(self, source: dict[str, Any], area: str, key: str, value: str) -> None:
        frame = source.get("frame")
        origin = ""
        with contextlib.suppress(Exception):
            origin = frame.url if frame is not None else ""
        self.writes.append(StorageWrite(origin=origin, key=key, value=value, area=area, page_url=self.visits.current.page_url))

    async def collect(self, collected: Collected) -> None:
        collected.storage_writes += self.writes
