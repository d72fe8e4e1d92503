"""One monitoring round: scan, store, compare, alert.

A round is an ordinary fleet scan into a new run folder under the monitor's folder (named by the
time it started), recorded in the store like any scan, then compared with the previous round: the
latest run in the store whose folder is in the same monitor folder. The first round has nothing to
compare with and records the baseline. Every round leaves one JSON line in the monitor's log.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from pixelhound.capture.browser import BrowserNotFound
from pixelhound.capture.collectors import utc_now
from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.monitor.alerts import Links, failed_round_alert, round_alerts
from pixelhound.monitor.delivery import Delivery, DeliveryOptions, deliver
from pixelhound.monitor.schedule import Stopper
from pixelhound.run import FleetError, load_fleet, run_scan, unique_sites
from pixelhound.scan_setup import prepare_fleet
from pixelhound.settings import EXIT_BAD_INPUT, EXIT_OUTPUT, MONITOR_LOG_FILE, MONITOR_ROUND_PREFIX
from pixelhound.store.api import record_scan
from pixelhound.store.engine import StoreError, open_engine
from pixelhound.store.history import previous_run_in_folder
from pixelhound.store.run_folder import RunFolder, RunFolderError
from pixelhound.targets import PrivateTarget, TargetPolicy


class RoundError(Exception):
    """A round that could not be completed; the message is one line, `code` the exit code."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class MonitorConfig:
    fleet: Path  # read again each round: a site added to it starts its own baseline
    scan: ScanOptions  # its out_dir is replaced by each round's folder
    out: Path
    db: str | None
    links: Links
    delivery: DeliveryOptions
    policy: TargetPolicy = TargetPolicy()  # the guard: private targets refused unless the operator allowed them


@dataclass
class RoundResult:
    folder: Path
    run_id: int | None = None
    previous_id: int | None = None
    alerts: list[dict] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    signal: int | None = None  # the scan was stopped by this signal: nothing stored, nothing compared

    @property
    def baseline(self) -> bool:
        return self.run_id is not None and self.previous_id is None


def new_round_folder(out: Path, now: datetime | None = None) -> Path:
    """out/round-YYYYMMDDTHHMMSSZ, with -2, -3... when a round of the same second exists."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    folder, number = out / f"{MONITOR_ROUND_PREFIX}{stamp}", 1
    while folder.exists() or folder.is_symlink():
        number += 1
        folder = out / f"{MONITOR_ROUND_PREFIX}{stamp}-{number}"
    return folder


def log_line(out: Path, entry: dict) -> None:
    """Append one JSON line to the monitor's log (a log that cannot be written is said once, not fatal)."""
    try:
        with (out / MONITOR_LOG_FILE).open("a", encoding="utf-8") as log:
            log.write(json.dumps({"time": utc_now(), **entry}) + "\n")
    except OSError as error:
        raise RoundError(f"cannot write the monitor log {out / MONITOR_LOG_FILE}: {error.strerror or error}", EXIT_OUTPUT) from None


def read_fleet(path: Path, policy: TargetPolicy, warn: Callable[[str], None] | None = None,
               options: ScanOptions | None = None) -> tuple[list[Site], ScanOptions | None]:
    """The fleet file's sites, checked by the target guard and made unique as scan makes them, and
    `options` with their credentials and pins (RoundError with one line: a private target is refused
    unless the monitor's operator allowed private targets; the fleet file cannot allow them)."""
    try:
        checked, options = prepare_fleet(load_fleet(path), options or ScanOptions(), policy)
        sites, warnings = unique_sites(checked)
    except (FleetError, PrivateTarget) as error:
        raise RoundError(f"{path}: {error}" if isinstance(error, PrivateTarget) else str(error), EXIT_BAD_INPUT) from None
    for warning in warnings if warn else ():
        warn(warning)
    return sites, options


def _scan(config: MonitorConfig, folder: Path, console: Console) -> tuple[int | None, list[tuple[str, str]]]:
    sites, options = read_fleet(config.fleet, config.policy, options=replace(config.scan, out_dir=folder))
    try:
        RunFolder(folder).check_new()
        outcome = run_scan(sites, options, console, command="monitor")
    except BrowserNotFound as error:
        raise RoundError(str(error), EXIT_BAD_INPUT) from None
    except RunFolderError as error:
        raise RoundError(str(error), EXIT_OUTPUT) from None
    return outcome.signal, outcome.not_scanned


def run_round(config: MonitorConfig, console: Console, stopper: Stopper) -> RoundResult:
    """Scan, store, compare with the previous round, alert. RoundError when the round cannot complete."""
    try:
        config.out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise RoundError(f"cannot make the monitor folder {config.out}: {error.strerror or error}", EXIT_OUTPUT) from None
    folder = new_round_folder(config.out)
    result = RoundResult(folder=folder)
    signal_number, not_scanned = _scan(config, folder, console)
    stopper.install()  # the scan's signal handling is over
    if not_scanned:  # stopped: the folder is marked interrupted and can be resumed, but is not a round
        result.signal = signal_number
        stopper.note(signal_number)
        log_line(config.out, {"round": str(folder), "status": "interrupted", "not_scanned": len(not_scanned)})
        return result
    try:
        recorded, _ = record_scan(folder, config.db)
        with open_engine(config.db).connect() as connection:
            result.run_id = recorded.run_id
            result.previous_id = previous_run_in_folder(connection, recorded.run_id, config.out)
            if result.previous_id is not None:
                result.alerts = round_alerts(connection, result.previous_id, recorded.run_id, config.links, config.out)
    except (StoreError, RunFolderError) as error:
        raise RoundError(f"{error} (the round's run folder {folder} is complete; bring it in later with: "
                         f"pixelhound import {folder})", EXIT_OUTPUT) from None
    result.delivery = deliver(result.alerts, config.delivery, stopper.event)
    _log_round(config.out, result)
    return result


def _log_round(out: Path, result: RoundResult) -> None:
    log_line(out, {
        "round": str(result.folder), "status": "baseline" if result.baseline else "compared", "run": result.run_id,
        "previous": result.previous_id, "alerts": len(result.alerts), "delivered": result.delivery.delivered,
        "not_delivered": len(result.delivery.undelivered),
    })
    _log_undelivered(out, result.delivery)


def _log_undelivered(out: Path, delivery: Delivery) -> None:
    """Each alert a target did not take, whole: what was found is never lost with the webhook."""
    for failure in delivery.undelivered:
        log_line(out, {"undelivered": failure.target, "reason": failure.reason, "alert": failure.alert})


def report_failure(config: MonitorConfig, error: str, previous_id: int | None, stopper: Stopper) -> Delivery:
    """A failed round (in --every): logged, and alerted as `round-failed`, since silence would
    otherwise read as "nothing changed". `previous_id`: the last round that did complete."""
    alert = failed_round_alert(error, previous_id, str(config.out), config.links)
    delivery = deliver([alert], config.delivery, stopper.event)
    try:
        log_line(config.out, {"status": "failed", "error": error, "previous": previous_id})
        _log_undelivered(config.out, delivery)
    except RoundError:
        pass  # the failure is already on standard error; a log that cannot be written adds nothing
    return delivery


def next_start(started: float, interval: float) -> float:
    """Rounds start every `interval` seconds from the first; a round longer than that is followed at once."""
    now = time.monotonic()
    if now < started + interval:
        return started + interval
    return now
