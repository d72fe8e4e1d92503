"""The worker task's bookkeeping without a broker or a browser (cheap): a site delivered twice is
recorded once, a site that has failed its attempts is recorded not measured with the reason, and
`status` reads it all back from the shared filesystem."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.capture.scan_record import load_scan
from pixelhound.run import open_run
from pixelhound.scale.status import run_status
from pixelhound.scale.work_folder import FAILED, SiteState, WorkFolder
from pixelhound.scale.worker_task import attempt_site
from pixelhound.settings import SCALE_MAX_ATTEMPTS
from pixelhound.store.run_folder import SITES, RunFolder

SITES_OF_RUN = [Site(name="Fernmoor", url="https://www.fernmoor.nhs.test/"), Site(name="Down", url="https://www.down.test/")]


@pytest.fixture
def run(tmp_path: Path) -> RunFolder:
    """A queued run as the coordinator leaves it: run.json written, nothing scanned."""
    options = ScanOptions(out_dir=tmp_path / "run", scenarios=("no-interaction", "accept-all"))
    _settings, _done, lock = open_run(SITES_OF_RUN, options, resume=False, command="scan")
    os.close(lock)
    return RunFolder(options.out_dir)


def test_a_site_that_failed_every_attempt_is_recorded_not_measured_with_the_reason(run: RunFolder) -> None:
    work = WorkFolder(run)
    folder = SITES_OF_RUN[1].folder_name
    work.write(folder, SiteState(state="queued", attempts=SCALE_MAX_ATTEMPTS, reason="TargetClosedError: the browser crashed"))
    assert attempt_site(run.root, folder) == "failed"
    for scenario in ("no-interaction", "accept-all"):
        scan = load_scan(run, SITES_OF_RUN[1], scenario)
        assert scan is not None and not scan.measured
        assert f"failed on the workers {SCALE_MAX_ATTEMPTS} time(s)" in scan.reason and "browser crashed" in scan.reason
    assert work.read(folder).state == FAILED
    status = run_status(run.root)
    assert status.counts == {"done": 0, "running": 0, "queued": 1, "failed": 1}
    assert status.failed == [("Down", scan.reason)]


def test_a_site_delivered_again_after_it_was_recorded_is_not_scanned_or_recorded_again(run: RunFolder) -> None:
    work = WorkFolder(run)
    folder = SITES_OF_RUN[1].folder_name
    work.write(folder, SiteState(state="queued", attempts=SCALE_MAX_ATTEMPTS, reason="killed"))
    assert attempt_site(run.root, folder) == "failed"
    recorded = {p.relative_to(run.root): p.read_bytes() for p in (run.root / SITES).rglob("*") if p.is_file()}
    assert attempt_site(run.root, folder) == "duplicate"
    assert {p.relative_to(run.root): p.read_bytes() for p in (run.root / SITES).rglob("*") if p.is_file()} == recorded


def test_of_two_attempts_finishing_together_only_the_first_is_moved_in(run: RunFolder) -> None:
    work = WorkFolder(run)
    folder = SITES_OF_RUN[0].folder_name
    attempts = []
    for body in (b"first", b"second"):
        attempt = work.attempt_folder()
        (attempt / SITES / folder / "no-interaction").mkdir(parents=True)
        (attempt / SITES / folder / "no-interaction" / "capture.har").write_bytes(body)
        attempts.append(attempt)
    assert [work.promote(attempt, folder) for attempt in attempts] == [True, False]
    assert (run.root / SITES / folder / "no-interaction" / "capture.har").read_bytes() == b"first"
    assert not any(attempt.exists() for attempt in attempts)
    assert json.loads(run.run_file.read_text())["status"] == "running"
