"""The coordinator of a queued run: writes run.json, enqueues one task per site, follows the run
folder until every site is recorded (a Rich progress bar), then writes the reports and manifest
exactly as an in-process scan does (run.write_outcome).

Everything it needs to pick a run up again is on the shared filesystem: run.json, the sites already
recorded, and the queue state (work_folder.py). A restarted coordinator enqueues only the sites that
were never enqueued; those in flight are the broker's to redeliver (acks_late, visibility timeout),
and a site whose attempt outlived its hard time limit without being recorded is enqueued again.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from kombu.exceptions import OperationalError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.report.console import terminal_line
from pixelhound.run import RunResult, load_done, open_run, write_outcome
from pixelhound.scale.app import QueueError, check_broker, configure
from pixelhound.scale.work_folder import QUEUED, RUNNING, SiteState, WorkFolder
from pixelhound.settings import (
    SCALE_BROKER_RETRIES,
    SCALE_HARD_LIMIT_EXTRA_SECONDS,
    SCALE_POLL_SECONDS,
    SCALE_STALE_CHECK_SECONDS,
    SCALE_TASK_GRACE_SECONDS,
)
from pixelhound.store.engine import describe
from pixelhound.store.run_folder import RunFolder


@dataclass
class Limits:
    """A task's Celery time limits for this run: soft (the task is told) and hard (its process killed)."""

    soft: float
    hard: float


def limits_for(options: ScanOptions) -> Limits:
    soft = options.site_timeout * len(options.scenarios) * options.repeat + SCALE_TASK_GRACE_SECONDS
    return Limits(soft=soft, hard=soft + SCALE_HARD_LIMIT_EXTRA_SECONDS)


class Coordinator:
    """One queued run, from enqueueing to its reports."""

    def __init__(self, sites: list[Site], options: ScanOptions, queue_url: str, console: Console) -> None:
        self.sites = sites
        self.options = options
        self.queue_url = queue_url
        self.console = console
        self.folder = RunFolder(options.out_dir)
        self.work = WorkFolder(self.folder)
        self.limits = limits_for(options)
        self.app = configure(queue_url)

    def _enqueue(self, site: Site) -> None:
        """Note the site as queued (before sending: a coordinator killed in between sends it again
        on restart, never loses it), then send its task."""
        state = self.work.read(site.folder_name) or SiteState()
        state.state = QUEUED
        self.work.write(site.folder_name, state)
        try:
            self.app.send_task(
                "pixelhound.scan_site", args=[str(self.folder.root.resolve()), site.folder_name],
                soft_time_limit=self.limits.soft, time_limit=self.limits.hard,
                shadow=f"site {site.folder_name}",  # the worker's own log lines about the task name the site
                retry=True, retry_policy={"max_retries": SCALE_BROKER_RETRIES},
            )
        except (OperationalError, OSError) as error:
            raise QueueError(f"--queue {describe(self.queue_url)}: cannot enqueue {site.name} ({error})") from None

    def start(self, resume: bool, command: str = "scan") -> tuple[dict[str, object], int]:
        """run.json written (or reopened), the folder locked, and every site that was never
        enqueued (all of them in a new run) sent to the queue. Returns run.json's settings and the lock."""
        check_broker(self.queue_url)
        settings, _done, lock = open_run(self.sites, self.options, resume, command)
        settings["queue"] = describe(self.queue_url)
        self.folder.write_run(settings)
        for site in self.sites:
            if not self.work.recorded(site.folder_name) and self.work.read(site.folder_name) is None:
                self._enqueue(site)
        return settings, lock

    def _requeue_stale(self) -> None:
        """A site whose attempt has been running longer than its hard time limit (plus a poll) and
        is not recorded lost its task (a hard limit acknowledges it): enqueue it again."""
        now = time.time()
        for site in self.sites:
            state = self.work.read(site.folder_name)
            if (state is not None and state.state == RUNNING and not self.work.recorded(site.folder_name)
                    and now - state.started_epoch > self.limits.hard + SCALE_STALE_CHECK_SECONDS):
                self.console.print(f"pixelhound: site {site.name}: its attempt outlived the time limit; enqueued again",
                                   markup=False, highlight=False)
                self._enqueue(site)

    def follow(self, stop: threading.Event) -> bool:
        """Show progress until every site is recorded (True) or `stop` is set (False)."""
        pending = {site.folder_name: site for site in self.sites if not self.work.recorded(site.folder_name)}
        last_stale_check = time.monotonic()
        with Progress(TextColumn("[bold]sites"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[last]}", markup=False),
                      TimeElapsedColumn(), console=self.console, transient=False) as progress:
            bar = progress.add_task("", total=len(self.sites), completed=len(self.sites) - len(pending), last="")
            while pending and not stop.is_set():
                recorded = self.work.recorded_folders()
                for name in [n for n in pending if n in recorded]:
                    site = pending.pop(name)
                    progress.update(bar, advance=1, last=terminal_line(site.name)[:50])
                    progress.console.print(f"pixelhound: site {site.name}: recorded", markup=False, highlight=False)
                if time.monotonic() - last_stale_check > SCALE_STALE_CHECK_SECONDS:
                    last_stale_check = time.monotonic()
                    self._requeue_stale()
                if pending:
                    stop.wait(SCALE_POLL_SECONDS)
        return not pending

    def finish(self, settings: dict[str, object]) -> RunResult:
        return finish_run(self.folder, self.sites, self.options, settings)


def finish_run(folder: RunFolder, sites: list[Site], options: ScanOptions, settings: dict[str, object]) -> RunResult:
    """The reports and manifest, from every site as the run folder records it (the caller holds its lock)."""
    return write_outcome(sites, options, folder, settings, load_done(folder, sites, options), [])


@dataclass
class QueuedRun:
    """What a queued run came to: its outcome when finished, else whether a signal stopped the follower."""

    result: RunResult | None
    signal: int | None = None


def run_queued(sites: list[Site], options: ScanOptions, queue_url: str, console: Console, *,
               resume: bool = False, detach: bool = False) -> QueuedRun:
    """Enqueue (or pick up) a run, follow it to the end unless detached, and write its reports.
    SIGINT/SIGTERM stop the following only: the workers carry on, and the run can be picked up."""
    coordinator = Coordinator(sites, options, queue_url, console)
    settings, lock = coordinator.start(resume)
    try:
        if detach:
            return QueuedRun(result=None)
        stop = threading.Event()
        received: list[int] = []

        def on_signal(number: int, _frame: object) -> None:
            received.append(number)
            stop.set()

        previous = {number: signal.signal(number, on_signal) for number in (signal.SIGINT, signal.SIGTERM)}
        try:
            complete = coordinator.follow(stop)
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
        if not complete:
            return QueuedRun(result=None, signal=received[0] if received else None)
        return QueuedRun(result=coordinator.finish(settings))
    finally:
        os.close(lock)


def is_queued_run(folder: Path) -> bool:
    """The folder holds a run started with --queue (run.json names its queue)."""
    settings = RunFolder(folder).read_run()
    return bool(settings and settings.get("queue"))
