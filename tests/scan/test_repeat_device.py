"""`scan --repeat N` and `scan --device mobile` through the real CLI on the demo internet.

One module-scoped pair of scans, as small as proves the point: a trust whose LinkedIn tag loads for
every other visitor (a server-side count), scanned twice on desktop (one scenario, two pages), and
Willowmead, whose TikTok pixel loads on phones only, scanned twice as a phone (one page).
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from pixelhound.demo.requestlog import LoggedRequest
from pixelhound.demo.server import VISITOR_COOKIE, DemoInternet
from pixelhound.demo.trusts import WILLOWMEAD, Tracker
from pixelhound.model import NOT_MEASURED, Analysis, Disclosure, SourceSummary
from pixelhound.repeats import NOT_ALL_MEASURED, STABLE, VARIES, stability

from .conftest import CHROMIUM, require_chromium

# Willowmead's small site again, under another name, with a LinkedIn tag for every other visitor.
OUTREACH = replace(
    WILLOWMEAD, slug="willowmead-outreach", name="Willowmead Outreach Clinic", domain="willowmead-outreach.nhs.test",
    trackers=(*WILLOWMEAD.trackers, Tracker("linkedin", "9000003", every_other_visitor=True)),
)
TIKTOK_HOST = "analytics.tiktok.com"


def pixelhound(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=timeout)


@dataclass
class Scan:
    result: subprocess.CompletedProcess[str]
    out: Path
    log: list[LoggedRequest]  # what the demo server received during this scan

    @property
    def report(self) -> dict:
        return json.loads((self.out / "report.json").read_text())


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scan]:
    require_chromium()
    folder = tmp_path_factory.mktemp("repeat")
    common = ("--scenarios", "no-interaction", "--browser", CHROMIUM, "--insecure", "--no-forms", "--search-term", "",
              "--concurrency", "2", "--page-timeout", "15", "--site-timeout", "90", "--db", str(folder / "store.db"))
    made: dict[str, Scan] = {}
    with DemoInternet(trusts=(WILLOWMEAD, OUTREACH), hostile_site=False) as internet:
        resolve = ("--resolve", f"*=127.0.0.1:{internet.port}")
        for name, target, extra in (
            ("desktop", OUTREACH.start_url, ("--repeat", "2", "--max-pages", "2")),
            ("mobile", WILLOWMEAD.start_url, ("--repeat", "2", "--max-pages", "1", "--device", "mobile")),
        ):
            internet.log.clear()
            out = folder / name
            result = pixelhound("scan", target, "--out", str(out), *common, *resolve, *extra, timeout=300)
            made[name] = Scan(result, out, internet.log.snapshot())
    return made


def _stability_of(scan: Scan) -> dict:
    [only] = scan.report["stability"]
    return only


def test_each_visit_has_its_own_repeat_folder_and_the_run_verifies(scans: dict[str, Scan]) -> None:
    scan = scans["desktop"]
    assert scan.result.returncode == 0, scan.result.stdout[-3000:] + scan.result.stderr[-3000:]
    scenario = scan.out / "sites" / "www-willowmead-outreach-nhs-test" / "no-interaction"
    assert sorted(p.name for p in scenario.iterdir()) == ["repeat-1", "repeat-2"]
    for visit in ("repeat-1", "repeat-2"):
        assert (scenario / visit / "capture.har").is_file() and (scenario / visit / "scan.json").is_file()
    settings = json.loads((scan.out / "run.json").read_text())
    assert settings["options"]["repeat"] == 2 and settings["options"]["device"] == "desktop"
    assert [s["repeat"] for s in scan.report["sources"]] == [1, 2]
    verified = pixelhound("verify", str(scan.out))
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_a_tracker_seen_in_one_visit_of_two_makes_the_result_vary(scans: dict[str, Scan]) -> None:
    scan = scans["desktop"]
    visitors = {number for r in scan.log if r.host == OUTREACH.host
                for number in re.findall(rf"{VISITOR_COOKIE}=(\d+)", r.header("cookie"))}
    assert visitors == {"1", "2"}, "each visit is a fresh profile: a new visitor to the server"
    found = _stability_of(scan)
    seen = {(s["kind"], s["vendor"], s["what"]): (s["seen_in"], s["runs"]) for s in found["seen"]}
    assert seen[("recipient", "meta", "")] == (2, 2)
    assert seen[("recipient", "linkedin", "")] == (1, 2)
    assert seen[("finding", "linkedin", "tracking-before-consent")] == (1, 2)
    assert found["verdict"] == VARIES and found["some_runs"] == ["LinkedIn Corporation"]
    stdout = " ".join(scan.result.stdout.split())
    assert "VARIES over 2 measured of 2 runs" in stdout and "LinkedIn Corporation (1 of 2)" in stdout
    assert "seen in 2 of 2 runs" in stdout and "seen in 1 of 2 runs" in stdout
    markdown = (scan.out / "report.md").read_text()
    assert "Repeat visits" in markdown and "seen in 1 of 2 runs" in markdown
    html = (scan.out / "report.html").read_text()
    assert "Repeat visits" in html and "1 of 2" in html


def test_desktop_never_loads_the_mobile_only_tracker(scans: dict[str, Scan]) -> None:
    scan = scans["desktop"]
    assert not any(r.host == TIKTOK_HOST for r in scan.log)
    assert not any(d["vendor"] == "tiktok" for d in scan.report["disclosures"])
    pages = [r for r in scan.log if r.host == OUTREACH.host and r.path == "/"]
    assert pages and all(r.header("sec-ch-ua-mobile") == "?0" for r in pages)


def test_mobile_sends_a_phone_identity_and_finds_the_mobile_only_tracker(scans: dict[str, Scan]) -> None:
    scan = scans["mobile"]
    assert scan.result.returncode == 0, scan.result.stdout[-3000:] + scan.result.stderr[-3000:]
    pages = [r for r in scan.log if r.host == WILLOWMEAD.host and r.path == "/"]
    assert pages
    for request in pages:
        assert "Android" in request.header("user-agent") and "Mobile" in request.header("user-agent")
        assert request.header("sec-ch-ua-mobile") == "?1"
        assert request.header("sec-ch-ua-platform") == '"Android"'
    assert any(r.host == TIKTOK_HOST for r in scan.log), "the page loads TikTok only on a touch screen"
    for leak in WILLOWMEAD.expected_mobile:
        assert any(_matches(d, leak.vendor, leak.field, leak.category) for d in scan.report["disclosures"]), leak
    # The phone's screen: Pixel 7's 412 CSS pixels wide at a device scale factor of 2.625.
    shot = next(scan.out.glob("sites/*/no-interaction/repeat-1/screenshots/01.png"))
    width = struct.unpack(">I", shot.read_bytes()[16:20])[0]
    assert width == round(412 * 2.625)


def test_the_device_is_in_run_json_every_report_and_the_store(scans: dict[str, Scan]) -> None:
    scan = scans["mobile"]
    assert json.loads((scan.out / "run.json").read_text())["options"]["device"] == "mobile"
    assert {s["device"] for s in scan.report["sources"]} == {"mobile"}
    assert "Visited as: mobile" in scan.result.stdout
    assert "Visited as\\: mobile" in (scan.out / "report.md").read_text()
    assert "Visited as: mobile" in (scan.out / "report.html").read_text()
    assert 'name="device" value="mobile"' in (scan.out / "report.junit.xml").read_text()
    assert json.loads((scan.out / "report.sarif").read_text())["runs"][0]["properties"]["devices"] == ["mobile"]
    with sqlite3.connect(scan.out.parent / "store.db") as store:
        rows = store.execute("SELECT repeat, device FROM results ORDER BY id").fetchall()
    assert rows == [(1, "desktop"), (2, "desktop"), (1, "mobile"), (2, "mobile")]


def test_a_result_seen_in_every_visit_is_stable(scans: dict[str, Scan]) -> None:
    found = _stability_of(scans["mobile"])
    assert found["verdict"] == STABLE, found
    assert "Meta Platforms, Inc." in found["every_run"] and any("TikTok" in c for c in found["every_run"])
    assert found["some_runs"] == []
    assert "STABLE over 2 measured of 2 runs" in " ".join(scans["mobile"].result.stdout.split())


def _matches(disclosure: dict, vendor: str, field: str, category: str) -> bool:
    return (disclosure["vendor"] == vendor and any(f["name"] == field for f in disclosure["fields"])
            and category in disclosure["sensitivity"]["categories"])


def test_a_visit_not_measured_is_never_counted_as_not_seen() -> None:
    seen = SourceSummary(path="a/repeat-1/capture.har", site="https://x.test/", scenario="no-interaction", repeat=1)
    down = SourceSummary(path="a/repeat-2/capture.har", site="https://x.test/", scenario="no-interaction", repeat=2,
                         measured=False, reason="the site is down")
    told = Disclosure(id="d1", capture_index=1, vendor="meta", company="Meta Platforms, Inc.", product="Meta Pixel",
                      category="advertising", request_url="https://www.facebook.com/tr/", source=seen.path)
    [found] = stability(Analysis(tool_version="", generated="", sources=[seen, down], disclosures=[told]))
    assert down.measurement() == NOT_MEASURED
    assert (found.runs, found.measured_runs, found.verdict) == (2, 1, NOT_ALL_MEASURED)
    assert found.seen[0].seen_in == 1 and found.seen[0].runs == 1
    assert "1 of 2 runs not measured" in found.line()


def test_the_demo_serves_the_alternating_tag_to_every_other_new_visitor() -> None:
    internet = DemoInternet(trusts=(OUTREACH,), hostile_site=False)  # respond() needs no socket

    def home(cookie: str = "") -> tuple[str, str]:
        response = internet.respond("GET", OUTREACH.host, "/", [("Cookie", cookie)] if cookie else [], b"")
        given = next((value for name, value in response.headers if name == "Set-Cookie"), "")
        return response.body.decode(), given.split(";")[0]

    first, cookie = home()
    second, _ = home()
    again, renewed = home(cookie)
    assert "9000003" in first and "9000003" not in second, "LinkedIn for visitor 1, not for visitor 2"
    assert cookie == f"{VISITOR_COOKIE}=1" and "9000003" in again and not renewed, "a returning visitor keeps its number"
    assert "pointer: coarse" in first and "CDEMOWILLOWMEAD00001" in first, "TikTok behind the phone check"
