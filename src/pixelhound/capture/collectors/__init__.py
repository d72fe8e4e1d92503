"""The live capture's collectors, listed in one place (the order is the order they hand over in:
the network record comes after the requests, because it reconciles with them)."""

from __future__ import annotations

from pixelhound.store.run_folder import RunFolder

from pixelhound.capture.collectors.base import Collected, Collector, Visit, Visits, utc_now, wall_ms
from pixelhound.capture.collectors.cookies import CookieCollector
from pixelhound.capture.collectors.network import NetworkRecordCollector
from pixelhound.capture.collectors.page_evidence import PageEvidenceCollector
from pixelhound.capture.collectors.requests import RequestCollector
from pixelhound.capture.collectors.storage import StorageCollector

__all__ = [
    "Collected", "Collector", "CookieCollector", "NetworkRecordCollector", "PageEvidenceCollector",
    "RequestCollector", "StorageCollector", "Visit", "Visits", "default_collectors", "utc_now", "wall_ms",
]


def default_collectors(site: str, scenario: str, run_folder: RunFolder, site_folder: str,
                       network_record: bool = True, repeat: int = 0) -> list[Collector]:
    """Every collector a live scan runs, for one site under one scenario (one visit of N: `repeat`)."""
    source = str(run_folder.har(site_folder, scenario, repeat))
    collectors: list[Collector] = [
        RequestCollector(site, scenario, source),
        CookieCollector(),
        StorageCollector(),
        PageEvidenceCollector(run_folder, site_folder, scenario, repeat),
    ]
    if network_record:
        collectors.append(NetworkRecordCollector(run_folder, site_folder, site, scenario, source, repeat))
    return collectors
