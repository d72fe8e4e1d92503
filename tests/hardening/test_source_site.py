"""Issue 17, item 7: a source's `site` is the capture's first page, never a third party's URL, even
when the HAR's first entry is a tracker call (in JSON, SARIF and every report made from them)."""

from __future__ import annotations

import json
from pathlib import Path

from harbuilder import entry, har, write
from hardening.cli_process import run
from hardening.inputs import PAGE as SITE_PAGE, PIXEL

GA = "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST123&en=page_view&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2F"


def test_a_har_that_starts_with_tracker_calls_names_the_site(tmp_path: Path) -> None:
    no_pages = write(tmp_path / "no-pages.har", har([entry(PIXEL, pageref=None), entry(GA, pageref=None),
                                                     entry(SITE_PAGE, pageref=None), entry(PIXEL, pageref=None)], pages=[]))
    titled = write(tmp_path / "titled.har", har(  # Playwright writes the page's title, not its URL
        [entry(GA), entry(SITE_PAGE), entry(PIXEL)],
        pages=[{"id": "page_1", "title": "HIV testing | Example NHS Trust", "startedDateTime": "2026-11-01T10:00:00.000Z"}]))
    report = tmp_path / "report.json"
    result = run("analyze", str(no_pages), str(titled), "-f", "json", "-o", str(report), "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 0, result.stderr
    document = json.loads(report.read_text())
    assert {Path(s["path"]).name: s["site"] for s in document["sources"]} == {"no-pages.har": SITE_PAGE, "titled.har": SITE_PAGE}
    meta = [d for d in document["disclosures"] if d["vendor"] == "meta"]
    assert len(meta) == 3 and not any(d["first_party_proxy"] for d in meta)  # the tracker is still a third party
    sarif = run("report", str(report), "-f", "sarif")
    assert sarif.returncode == 0, sarif.stderr
    sites = {result["properties"]["site"] for run_ in json.loads(sarif.stdout)["runs"] for result in run_["results"]}
    assert sites == {SITE_PAGE}
