"""One site on a worker: all its scenarios scanned into an attempt folder, then moved into the run
folder whole (work_folder.py). A failure (Chromium crashed, the site's time limit was reached, a bug)
costs this attempt only: the site is tried again, and after SCALE_MAX_ATTEMPTS it is recorded as not
measured with the reason, so the run can finish. Every log line names the site."""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.log import get_task_logger

from pixelhound.capture.scratch import remove_abandoned
from pixelhound.capture.scan import ScanOptions, Site, SiteScan, scan_fleet
from pixelhound.capture.scan_record import save_scan
from pixelhound.run import resumed_run, scan_keys
from pixelhound.scale.app import app
from pixelhound.scale.work_folder import DONE, FAILED, QUEUED, RUNNING, SiteState, WorkFolder
from pixelhound.scan_setup import operator_allows_private, policy_for
from pixelhound.settings import SCALE_MAX_ATTEMPTS, SCALE_RETRY_DELAY_SECONDS, TARGETS_ALLOW_PRIVATE_ENV
from pixelhound.targets import PrivateTarget, check_target, private_block_rules
from pixelhound.store.run_folder import RunFolder, RunFolderError

log = get_task_logger(__name__)

# The store a worker records a detached run in when it records the run's last site (`pixelhound
# worker --db`); None: such a run is finished by `pixelhound scan --resume DIR --queue URL`.
finishing_store: str | None = None


class AttemptFailed(Exception):
    """This attempt at the site failed; it is to be tried again."""


def failed_reason(attempts: int, last: str) -> str:
    """The not-measured reason of a site every attempt at which failed."""
    return f"the scan failed on the workers {attempts} time(s); last: {last or 'the worker stopped (killed or lost) during the scan'}"


def attempt_site(run_root: Path, site_folder: str) -> str:
    """Scan one site of a queued run once (or record it as failed); returns what happened, in words.
    Raises AttemptFailed when the site should be tried again."""
    folder = RunFolder(run_root)
    work = WorkFolder(folder)
    settings = folder.read_run()
    if settings is None or settings.get("status") == "finished":
        log.info("site %s: the run %s is finished or gone; nothing to do", site_folder, run_root)
        return "skipped"
    if work.recorded(site_folder):
        log.info("site %s: already recorded by an earlier attempt; this delivery is dropped", site_folder)
        return "duplicate"
    try:
        sites, options = resumed_run(folder, None)
    except RunFolderError as error:
        log.error("site %s: %s", site_folder, error)
        return "unusable run folder"
    site = next((s for s in sites if s.folder_name == site_folder), None)
    if site is None:
        log.error("site %s: not a site of the run %s", site_folder, run_root)
        return "unknown site"
    label = f"site {site.name} ({site.url})"
    previous = work.read(site_folder) or SiteState()
    refusal = _refusal(site, options)
    if refusal:  # the worker's operator did not allow private targets: never fetched, never tried again
        return _record_not_measured(work, site, sites, options, previous, label, refusal)
    if previous.attempts >= SCALE_MAX_ATTEMPTS:
        return _record_failed(work, site, sites, options, previous, label)
    state = work.begin_attempt(site_folder)
    log.info("%s: attempt %d of %d started", label, state.attempts, SCALE_MAX_ATTEMPTS)
    attempt = work.attempt_folder()
    try:
        scans = _scan(site, replace(_guarded(options), out_dir=attempt, concurrency=1))
        staged = RunFolder(attempt)
        for scan in scans:
            save_scan(staged, scan)
        expected = len(scan_keys(site, options))
        if len(scans) != expected:
            raise AttemptFailed(f"{expected - len(scans)} visit(s) of the site's scenarios did not finish")
    except (SoftTimeLimitExceeded, Exception) as error:  # noqa: BLE001 - one site's failure costs its attempt only
        work.discard(attempt)
        reason = "the site's time limit on the worker was reached" if isinstance(error, SoftTimeLimitExceeded) \
            else f"{type(error).__name__}: {str(error).splitlines()[0][:200] if str(error) else ''}".rstrip(": ")
        state.state, state.reason = QUEUED, reason
        work.write(site_folder, state)
        log.warning("%s: attempt %d failed: %s", label, state.attempts, reason)
        if state.attempts >= SCALE_MAX_ATTEMPTS:
            return _record_failed(work, site, sites, options, state, label)
        raise AttemptFailed(reason) from None
    finally:
        remove_abandoned(mine_too=True)
    if not work.promote(attempt, site_folder):
        log.info("%s: another attempt recorded it first; this attempt's evidence discarded", label)
        return "duplicate"
    state.state, state.reason = DONE, ""
    work.write(site_folder, state)
    measured = sum(1 for scan in scans if scan.measured)
    log.info("%s: recorded (%d of %d scenario(s) measured)", label, measured, len(scans))
    _finish_if_last(folder, work, sites, options, label)
    return "done"


def _finish_if_last(folder: RunFolder, work: WorkFolder, sites: list[Site], options: ScanOptions, label: str) -> None:
    """When this was the run's last site and no coordinator is following it (a detached run: the
    folder is not locked), write the reports and manifest and record the run in the store."""
    if finishing_store is None:
        return
    recorded = work.recorded_folders()
    if not all(site.folder_name in recorded for site in sites):
        return
    from pixelhound.scale.coordinator import finish_run
    from pixelhound.store.api import record_scan
    from pixelhound.store.engine import StoreError

    try:
        lock = folder.lock()
    except RunFolderError:
        return  # a coordinator is following the run: it finishes it
    try:
        settings = folder.read_run()
        if settings is None or settings.get("status") == "finished":
            return
        finish_run(folder, sites, options, settings)
        recorded, _change = record_scan(folder.root, finishing_store)
        log.info("%s: the run's last site: reports and manifest written, stored as run %d", label, recorded.run_id)
    except (StoreError, RunFolderError, OSError) as error:
        log.error("%s: the run's last site, but the run could not be finished here (%s); finish it with: "
                  "pixelhound scan --resume %s --queue URL", label, error, folder.root)
    finally:
        os.close(lock)


def _scan(site: Site, options: ScanOptions) -> list[SiteScan]:
    return asyncio.run(scan_fleet([site], options))


def _refusal(site: Site, options: ScanOptions) -> str:
    """Why this worker will not scan the site (a private target its operator did not allow), or ""."""
    try:
        check_target(site.url, policy_for(options, operator_allows_private(False),
                                          hint=f"the worker's --allow-private (or {TARGETS_ALLOW_PRIVATE_ENV}=1)"))
    except PrivateTarget as error:
        return f"not scanned: {error}"
    return ""


def _guarded(options: ScanOptions) -> ScanOptions:
    """The run's options with this worker's own guard in the browser: unless its operator allowed
    private targets, redirects and requests to private addresses fail, whatever the run recorded."""
    if operator_allows_private(False):
        return options
    rules = ", ".join(rule for rule in (options.browser.guard_rules, private_block_rules()) if rule)
    return replace(options, browser=replace(options.browser, guard_rules=rules))


def _record_failed(work: WorkFolder, site: Site, sites: list[Site], options: ScanOptions, state: SiteState,
                   label: str) -> str:
    """Every scenario of the site recorded as not measured, with why: the run can finish, and says so."""
    last = state.reason if state.state != RUNNING else ""
    return _record_not_measured(work, site, sites, options, state, label, failed_reason(state.attempts, last))


def _record_not_measured(work: WorkFolder, site: Site, sites: list[Site], options: ScanOptions, state: SiteState,
                         label: str, reason: str) -> str:
    attempt = work.attempt_folder()
    staged = RunFolder(attempt)
    for _, scenario, repeat in scan_keys(site, options):
        staged.prepare_scenario(site.folder_name, scenario, repeat)
        save_scan(staged, SiteScan(site=site, scenario=scenario, measured=False, reason=reason, repeat=repeat,
                                   device=options.browser.device))
    if not work.promote(attempt, site.folder_name):
        return "duplicate"
    state.state, state.reason = FAILED, reason
    work.write(site.folder_name, state)
    log.error("%s: not measured: %s", label, reason)
    _finish_if_last(work.run_folder, work, sites, options, label)
    return "failed"


@app.task(bind=True, name="pixelhound.scan_site", acks_late=True, reject_on_worker_lost=True, max_retries=None)
def scan_site(self, run_root: str, site_folder: str) -> str:  # noqa: ANN001 - Celery's bound task
    """The queue's unit of work: one site of one run, every scenario (and every repeat of each)."""
    try:
        return attempt_site(Path(run_root), site_folder)
    except AttemptFailed:
        raise self.retry(countdown=SCALE_RETRY_DELAY_SECONDS) from None
