"""A queued run's working state, kept beside its run folder on the shared filesystem (not in Redis,
so `status` and a restarted coordinator can read it, and not inside the run folder, so a late
duplicate attempt can never change a sealed run):

    PARENT/.RUN.queue/
      state/SITE.json        per site: queued / running / done / failed, attempts, worker, last reason
      attempts/ID/sites/SITE/SCENARIO/...   one attempt's evidence while it is being written

An attempt scans into its own folder, then renames `attempts/ID/sites/SITE` to `RUN/sites/SITE` in
one step: a site is in the run folder whole or not at all, and a second attempt finding it there
discards its own copy. That is "at least once, recorded once".
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import time
import uuid
from dataclasses import asdict, dataclass
from pathlib import Path

from pixelhound.capture.collectors import utc_now
from pixelhound.store.run_folder import SITES, RunFolder, write_atomic

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
STATES = (DONE, RUNNING, QUEUED, FAILED)


@dataclass
class SiteState:
    """What the queue knows of one site: its latest state, how often it was tried, by whom, why it failed."""

    state: str = QUEUED
    attempts: int = 0
    worker: str = ""
    started: str = ""
    started_epoch: float = 0.0
    reason: str = ""


class WorkFolder:
    """The queue state of one run folder (see the module docstring for the layout)."""

    def __init__(self, run_folder: RunFolder) -> None:
        self.run_folder = run_folder
        root = run_folder.root.resolve()
        self.root = root.parent / f".{root.name}.queue"

    def _state_file(self, site_folder: str) -> Path:
        return self.root / "state" / f"{site_folder}.json"

    def read(self, site_folder: str) -> SiteState | None:
        """The site's state; None when it was never enqueued (or its file is unreadable)."""
        try:
            return SiteState(**json.loads(self._state_file(site_folder).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError, RecursionError):
            return None

    def write(self, site_folder: str, state: SiteState) -> None:
        path = self._state_file(site_folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(asdict(state)).encode("utf-8"))

    def recorded(self, site_folder: str) -> bool:
        """The site's evidence is in the run folder (an attempt finished and was moved in)."""
        return (self.run_folder.root / SITES / site_folder).is_dir()

    def recorded_folders(self) -> set[str]:
        """Every site folder in the run folder: one directory listing (a poll over 10,000 sites on a
        network filesystem must not stat each)."""
        try:
            return {entry.name for entry in os.scandir(self.run_folder.root / SITES) if entry.is_dir(follow_symlinks=False)}
        except FileNotFoundError:
            return set()

    def begin_attempt(self, site_folder: str) -> SiteState:
        """Count one more attempt at the site, made by this process, and say it is running."""
        state = self.read(site_folder) or SiteState()
        state.attempts += 1
        state.state = RUNNING
        state.worker = f"{socket.gethostname()}:{os.getpid()}"
        state.started = utc_now()
        state.started_epoch = time.time()
        self.write(site_folder, state)
        return state

    def attempt_folder(self) -> Path:
        """A new, empty folder for one attempt's evidence (same filesystem as the run folder)."""
        folder = self.root / "attempts" / uuid.uuid4().hex
        folder.mkdir(parents=True)
        return folder

    def promote(self, attempt: Path, site_folder: str) -> bool:
        """Move one attempt's site folder into the run folder in one rename; False (and the attempt
        discarded) when another attempt is already recorded there."""
        target = self.run_folder.root / SITES / site_folder
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(attempt / SITES / site_folder, target)
            moved = True
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            moved = False
        shutil.rmtree(attempt, ignore_errors=True)
        return moved

    def discard(self, attempt: Path) -> None:
        shutil.rmtree(attempt, ignore_errors=True)
