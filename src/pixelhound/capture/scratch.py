"""Temporary folders that hold a site's data while a browser runs (its profile, its NetLog).

Both hold cookies, bodies and what was typed into forms, so none may outlive the run that made it.
A run that exits cleanly removes its own; a run that was killed cannot, so every folder is marked
with the process that owns it and the next run removes those whose owner is gone. A killed run's
Chromium can outlive it for a while, still writing into its profile as it shuts down (and still
sending requests): it is stopped before its folders are removed, or the removal races its writes.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import psutil

from pixelhound.settings import PROFILE_OWNER_FILE, SCRATCH_ORPHAN_STOP_SECONDS, SCRATCH_PREFIXES


def make_owned_directory(prefix: str) -> Path:
    """A new temporary folder, marked with this process as its owner."""
    directory = Path(tempfile.mkdtemp(prefix=prefix))
    (directory / PROFILE_OWNER_FILE).write_text(str(os.getpid()), encoding="ascii")
    return directory


def _owner(directory: Path) -> int | None:
    try:
        return int((directory / PROFILE_OWNER_FILE).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _owner_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # a process of another user: not ours to judge
    return True


def _removable(mine_too: bool) -> list[Path]:
    found = []
    for prefix in SCRATCH_PREFIXES:
        for directory in Path(tempfile.gettempdir()).glob(prefix + "*"):
            if directory.is_symlink() or not directory.is_dir():
                continue
            owner = _owner(directory)
            if owner is None:
                continue  # no readable mark: not made by pixelhound, or not finished being made
            if (mine_too and owner == os.getpid()) or not _owner_alive(owner):
                found.append(directory)
    return found


def _stop_processes_using(directories: list[Path]) -> None:
    """Kill the browsers launched on these folders (their command line names them)."""
    names = [str(directory) for directory in directories]
    users = []
    for process in psutil.process_iter(["cmdline"]):
        arguments = process.info.get("cmdline") or []
        if process.pid != os.getpid() and any(name in argument for argument in arguments for name in names):
            users.append(process)
    for process in users:
        try:
            process.kill()
        except psutil.Error:
            pass
    psutil.wait_procs(users, timeout=SCRATCH_ORPHAN_STOP_SECONDS)


def remove_abandoned(mine_too: bool = False) -> int:
    """Remove the folders whose owning process is gone (a killed run's), and with `mine_too` this
    process's own; another live run's are left alone. Returns how many were removed."""
    directories = _removable(mine_too)
    if not directories:
        return 0
    _stop_processes_using(directories)
    for directory in directories:
        shutil.rmtree(directory, ignore_errors=True)
    return sum(not directory.exists() for directory in directories)
