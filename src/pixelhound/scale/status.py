"""`pixelhound status RUN`: how far a queued run has come, from the shared filesystem alone (the
run folder and its queue state), so it works on any machine that mounts it, broker or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pixelhound.scale.work_folder import DONE, FAILED, QUEUED, RUNNING, STATES, WorkFolder
from pixelhound.store.run_folder import RunFolder, RunFolderError


@dataclass
class RunStatus:
    """Sites per state (done / running / queued / failed), the run's own status, and the failures."""

    run_status: str
    counts: dict[str, int] = field(default_factory=lambda: {state: 0 for state in STATES})
    failed: list[tuple[str, str]] = field(default_factory=list)  # (site name, reason)
    running: list[tuple[str, str]] = field(default_factory=list)  # (site name, worker)


def run_status(root: Path) -> RunStatus:
    """The state of every site of the run in `root` (RunFolderError when it is not a run folder)."""
    folder = RunFolder(root)
    settings = folder.check_resumable()
    work = WorkFolder(folder)
    status = RunStatus(run_status=str(settings.get("status", "")))
    for entry in settings.get("sites") or []:
        name, site_folder = str(entry.get("name", "")), str(entry.get("folder", ""))
        state = work.read(site_folder)
        if work.recorded(site_folder):
            kind = FAILED if state is not None and state.state == FAILED else DONE
            if kind == FAILED:
                status.failed.append((name, state.reason))
        elif state is not None and state.state == RUNNING:
            kind = RUNNING
            status.running.append((name, state.worker))
        else:
            kind = QUEUED
        status.counts[kind] += 1
    return status


__all__ = ["RunFolderError", "RunStatus", "run_status"]
