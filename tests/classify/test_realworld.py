"""Precision on real captures: the HAR files of US health-insurance marketplaces in
tests/data/realworld. Their trackers' payloads (Snapchat's `"cbt":[]`, Adobe's `/ibs:dpid`, alt texts
such as "blind or disabled?") are the machine-made text the classifier meets in the wild, and none of
it reveals a visitor's health. Every URL, query parameter and body must come out negative."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from pixelhound.capture.har import open_har
from pixelhound.classify import classify_text

REALWORLD = Path(__file__).resolve().parents[1] / "data" / "realworld"
REALWORLD_SITES = sorted(p.name for p in REALWORLD.glob("*") if (p / "requests.har").exists())

pytestmark = pytest.mark.realworld


def _texts(site: str) -> set[str]:
    texts: set[str] = set()
    for capture in open_har(REALWORLD / site / "requests.har").captures():
        texts.add(capture.url)
        parts = urlsplit(capture.url)
        texts.add(parts.path)
        for key, value in parse_qsl(parts.query, keep_blank_values=True):
            texts.update((key, value))
        if capture.body:
            texts.add(capture.body[:200_000].decode("utf-8", errors="replace"))
    return texts


@pytest.mark.skipif(not REALWORLD_SITES, reason="no real captures present")
@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_no_false_alarms_on_real_tracker_traffic(site: str) -> None:
    flagged = {t[:120]: classify_text(t).evidence for t in _texts(site) if classify_text(t).sensitive}
    assert not flagged, flagged
