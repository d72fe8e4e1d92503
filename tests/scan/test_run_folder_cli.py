"""A run folder is never damaged, and a scan that cannot see a site says so: the real CLI process,
real scans of the demo internet, real signals.

- `--out` that is not new or empty (or is the root or home folder) is refused before anything;
- fleet rows with the same URL are one site, colliding names get folders of their own;
- SIGINT/SIGTERM stop the run with run.json "interrupted", a report naming what was not scanned
  and a manifest that verifies; `--resume` finishes it, keeping what was finished;
- after SIGKILL `--resume` still works and the killed run's browser profile is removed;
- a site where no page loaded (time-outs, invalid URLs, HTTP or connection errors) is not measured.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import ASHCOMBE, FERNMOOR, HARROWMERE, LINDENBROOK
from pixelhound.run import NOT_SCANNED_REASON
from pixelhound.settings import NETLOG_PREFIX, PROFILE_OWNER_FILE, PROFILE_PREFIX, SCRATCH_PREFIXES

from .conftest import CHROMIUM, require_chromium

HANG_GUARD = 600  # seconds: only so that a hung run fails the test instead of blocking the suite
TRUSTS = (FERNMOOR, ASHCOMBE, LINDENBROOK, HARROWMERE)


def command(*args: str) -> list[str]:
    return [sys.executable, "-m", "pixelhound.cli", *args]


def pixelhound(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(*args), capture_output=True, text=True, timeout=HANG_GUARD, env=env)


def scan_args(internet: DemoInternet, out: Path, *urls: str, extra: tuple[str, ...] = ()) -> list[str]:
    return [
        "scan", *urls, "--out", str(out), "--max-pages", "2", "--page-timeout", "5", "--site-timeout", "120",
        "--browser", CHROMIUM, "--insecure", "--scenarios", "no-interaction", "--concurrency", "1",
        "--resolve", "www.down.test=127.0.0.1:9", "--resolve", f"*=127.0.0.1:{internet.port}", *extra,
    ]


@pytest.fixture(scope="module")
def internet() -> Iterator[DemoInternet]:
    require_chromium()
    with DemoInternet() as running:
        yield running


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("pixelhound: error:"), result.stderr
    return lines[0]


def wait_for(condition: object, what: str, process: subprocess.Popen[str] | None = None) -> None:
    """Wait (polling: the event is a file another process writes) until condition() holds."""
    deadline = time.monotonic() + HANG_GUARD
    while not condition():  # type: ignore[operator]
        if process is not None and process.poll() is not None:
            pytest.fail(f"the scan ended (exit {process.returncode}) before {what}: {process.stderr.read() if process.stderr else ''}")
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.2)


def finished_records(out: Path) -> list[Path]:
    return sorted(out.glob("sites/*/*/scan.json"))


def verify_intact(out: Path) -> None:
    result = pixelhound("verify", str(out))
    assert result.returncode == 0 and "intact" in result.stdout, result.stdout + result.stderr


# -- --out

def test_a_folder_with_someone_elses_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    result = pixelhound("scan", "https://www.example.test/", "--out", str(foreign))
    assert result.returncode == 4
    assert "not empty and is not a pixelhound run folder" in one_line_error(result)
    assert [p.name for p in foreign.iterdir()] == ["notes.txt"] and (foreign / "notes.txt").read_text() == "mine"


def test_the_root_the_home_folder_and_a_file_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home)}
    for out in ("/", str(home)):
        result = pixelhound("scan", "https://www.example.test/", "--out", out, env=env)
        assert result.returncode == 4 and "root or the home folder" in one_line_error(result)
    assert not any(home.iterdir()), "nothing was written into the (empty) home folder"
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    demo = pixelhound("demo", "--out", str(foreign))
    assert demo.returncode == 4 and "not a pixelhound run folder" in one_line_error(demo)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    result = pixelhound("scan", "https://www.example.test/", "--out", str(a_file))
    assert result.returncode == 4 and "not a folder" in one_line_error(result)


def test_a_new_folder_inside_another_run_folder_is_refused(tmp_path: Path) -> None:
    run = tmp_path / "run"
    (run / "sites").mkdir(parents=True)
    (run / "run.json").write_text(json.dumps({"tool": "pixelhound", "status": "finished"}))
    before = sorted(run.rglob("*"))
    result = pixelhound("scan", "https://www.example.test/", "--out", str(run / "sites" / "new"))
    assert result.returncode == 4 and "inside the pixelhound run folder" in one_line_error(result)
    assert sorted(run.rglob("*")) == before


# -- fail closed

def test_sites_where_no_page_loaded_are_not_measured_and_fail_the_gate(internet: DemoInternet, tmp_path: Path) -> None:
    out = tmp_path / "run"
    urls = {
        "https://www.hostile.test/never-loads": "no page loaded (timed out)",
        "https://www.hostile.test/no-such-page": "no page loaded (HTTP 404)",
        "https://www.down.test/": "the site is down or unreachable (net::ERR_CONNECTION_REFUSED)",
    }
    result = pixelhound(*scan_args(internet, out, *urls, extra=("--page-timeout", "3", "--fail-on", "low")))
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "No data was sent" not in result.stdout
    sources = {s["site"]: s for s in json.loads((out / "report.json").read_text())["sources"]}
    assert set(sources) == set(urls)
    for url, reason in urls.items():
        assert sources[url]["measured"] is False and sources[url]["measurement"] == "not-measured", url
        assert reason in sources[url]["reason"], (url, sources[url]["reason"])
    verify_intact(out)
    # A start URL that is not a URL at all (no host, a port out of range) is refused before anything
    # is scanned, in one line (exit 3, README), rather than recorded as a site.
    for malformed in ("http://good.test:99999/", "https://"):
        refused = pixelhound(*scan_args(internet, tmp_path / "never", malformed, FERNMOOR.start_url))
        assert refused.returncode == 3 and malformed in one_line_error(refused), refused.stderr
        assert not (tmp_path / "never").exists()


# -- unique site folders

def test_duplicate_and_colliding_fleet_rows(internet: DemoInternet, tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.csv"
    with fleet.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([
            ["name", "url"],
            ["Fernmoor", FERNMOOR.start_url],
            ["Fernmoor again", FERNMOOR.start_url],  # same URL: one site
            ["Trust A", ASHCOMBE.start_url],
            ["trust-a", LINDENBROOK.start_url],  # another site whose folder name would collide
        ])
    out = tmp_path / "run"
    result = pixelhound(*scan_args(internet, out, extra=("--sites", str(fleet), "--max-pages", "1")))
    assert result.returncode in (0, 1), result.stderr[-3000:]
    assert "'Fernmoor again'" in result.stderr and "scanned once" in result.stderr
    assert "'trust-a'" in result.stderr and "sites/trust-a-2/" in result.stderr
    settings = json.loads((out / "run.json").read_text())
    assert [(s["url"], s["folder"]) for s in settings["sites"]] == [
        (FERNMOOR.start_url, "fernmoor"), (ASHCOMBE.start_url, "trust-a"), (LINDENBROOK.start_url, "trust-a-2"),
    ]
    report = json.loads((out / "report.json").read_text())
    by_url = {s["site"]: s for s in report["sources"]}
    assert len(report["sources"]) == 3
    for url, folder in ((ASHCOMBE.start_url, "trust-a"), (LINDENBROOK.start_url, "trust-a-2")):
        assert by_url[url]["path"].endswith(f"sites/{folder}/no-interaction/capture.har")
        har = json.loads((out / "sites" / folder / "no-interaction" / "capture.har").read_text())
        assert har["log"]["entries"][0]["request"]["url"] == url, "each site's HAR holds that site's own requests"
    verify_intact(out)


# -- signals and resume

def interrupt_after_first_site(internet: DemoInternet, out: Path, number: int) -> tuple[subprocess.CompletedProcess[str], int]:
    urls = [trust.start_url for trust in TRUSTS]
    process = subprocess.Popen(command(*scan_args(internet, out, *urls)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: finished_records(out), "the first site was finished", process)
        process.send_signal(number)
        stdout, stderr = process.communicate(timeout=HANG_GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), process.pid


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_leaves_a_whole_interrupted_run_that_resume_finishes(internet: DemoInternet, tmp_path: Path, number: int) -> None:
    out = tmp_path / "run"
    result, pid = interrupt_after_first_site(internet, out, number)
    assert result.returncode == 128 + number, result.stderr[-3000:]
    assert not owned_profiles(pid), "the interrupted run removed its browser profiles"
    lines = [line for line in result.stderr.splitlines() if "interrupted" in line]
    assert len(lines) == 1 and f"pixelhound scan --resume {out}" in lines[0], result.stderr
    settings = json.loads((out / "run.json").read_text())
    assert settings["status"] == "interrupted"
    not_scanned = {entry["site"] for entry in settings["not_scanned"]}
    assert not_scanned and len(not_scanned) < len(TRUSTS)
    report = json.loads((out / "report.json").read_text())
    assert len(report["sources"]) == len(TRUSTS)
    unscanned = {s["site_name"] for s in report["sources"] if s["reason"] == NOT_SCANNED_REASON}
    assert unscanned == not_scanned
    assert all(s["measurement"] == "not-measured" for s in report["sources"] if s["site_name"] in unscanned)
    assert "not scanned" in (out / "report.md").read_text()
    verify_intact(out)
    kept = {path: path.read_bytes() for path in finished_records(out)}

    resumed = pixelhound("scan", "--resume", str(out), "--browser", CHROMIUM)
    assert resumed.returncode in (0, 1), resumed.stderr[-3000:]
    assert "interrupted" not in resumed.stderr
    settings = json.loads((out / "run.json").read_text())
    assert settings["status"] == "finished" and settings["not_scanned"] == [] and len(settings["resumed"]) == 1
    report = json.loads((out / "report.json").read_text())
    assert sorted(s["site"] for s in report["sources"]) == sorted(t.start_url for t in TRUSTS)
    assert all(s["measurement"] == "measured" for s in report["sources"]), [s["reason"] for s in report["sources"]]
    assert all(path.read_bytes() == data for path, data in kept.items()), "finished sites are kept, not scanned again"
    assert len(finished_records(out)) == len(TRUSTS)
    verify_intact(out)


def live_profiles(pid: int) -> list[Path]:
    return [path for path in owned_profiles(pid) if path.name.startswith(PROFILE_PREFIX)]


def owned_profiles(pid: int) -> list[Path]:
    """The owner-marked temporary folders (browser profiles, NetLogs) of a process."""
    found = []
    for directory in (d for prefix in SCRATCH_PREFIXES for d in Path(tempfile.gettempdir()).glob(prefix + "*")):
        try:
            if (directory / PROFILE_OWNER_FILE).read_text().strip() == str(pid):
                found.append(directory)
        except OSError:
            continue
    return found


def test_after_sigkill_resume_works_and_the_abandoned_profile_is_removed(internet: DemoInternet, tmp_path: Path) -> None:
    out = tmp_path / "run"
    urls = [trust.start_url for trust in TRUSTS[:3]]
    process = subprocess.Popen(command(*scan_args(internet, out, *urls)), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        wait_for(lambda: finished_records(out) and live_profiles(process.pid), "a finished site and a live profile", process)
        process.kill()
        process.wait(timeout=HANG_GUARD)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    left = owned_profiles(process.pid)
    assert live_profiles(process.pid), "the killed run left its browser profile behind"
    assert any(p.name.startswith(NETLOG_PREFIX) for p in left), "and its NetLog (cookies, bodies)"
    assert json.loads((out / "run.json").read_text())["status"] == "running"

    resumed = pixelhound("scan", "--resume", str(out), "--browser", CHROMIUM)
    assert resumed.returncode in (0, 1), resumed.stderr[-3000:]
    assert not [path for path in left if path.exists()], "the next run removed the killed run's profile and NetLog"
    settings = json.loads((out / "run.json").read_text())
    assert settings["status"] == "finished"
    report = json.loads((out / "report.json").read_text())
    assert all(s["measurement"] == "measured" for s in report["sources"]) and len(report["sources"]) == 3
    verify_intact(out)

    again = pixelhound(*scan_args(internet, out, FERNMOOR.start_url))
    assert again.returncode == 4 and "--resume" in one_line_error(again), "a run folder is continued, never overwritten"


def test_resume_refuses_evidence_altered_since_it_was_recorded(internet: DemoInternet, tmp_path: Path) -> None:
    out = tmp_path / "run"
    first = pixelhound(*scan_args(internet, out, FERNMOOR.start_url, extra=("--max-pages", "1")))
    assert first.returncode in (0, 1), first.stderr[-3000:]
    har = out / "sites" / "www-fernmoor-nhs-test" / "no-interaction" / "capture.har"
    har.write_bytes(har.read_bytes() + b" ")
    before = sorted((p, p.stat().st_mtime_ns) for p in out.rglob("*"))
    result = pixelhound("scan", "--resume", str(out), "--browser", CHROMIUM)
    assert result.returncode == 3
    assert "capture.har differs from what was recorded" in one_line_error(result)
    assert sorted((p, p.stat().st_mtime_ns) for p in out.rglob("*")) == before, "nothing was changed"
    assert pixelhound("scan", "--resume", str(tmp_path / "nowhere")).returncode == 3


def test_a_run_folder_in_use_by_another_run_is_not_resumed(tmp_path: Path) -> None:
    import fcntl

    out = tmp_path / "run"
    out.mkdir()
    options = {"scenarios": ["no-interaction"], "max_pages": 1, "concurrency": 1, "delay": 0, "page_timeout": 5,
               "site_timeout": 30, "search_term": "", "submit_forms": False, "identity": None}
    (out / "run.json").write_text(json.dumps({"tool": "pixelhound", "status": "running", "sites": [], "options": options}))
    holder = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        result = pixelhound("scan", "--resume", str(out))
    finally:
        os.close(holder)
    assert result.returncode == 3 and "another pixelhound run is using this folder" in one_line_error(result)
    assert json.loads((out / "run.json").read_text())["status"] == "running", "nothing was written"
