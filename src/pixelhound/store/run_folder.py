"""The one owner of a run folder's layout: every path in it is named here, and read back here.

    RUN_DIR/
      run.json                      the run's settings and status (written first: marks the folder as ours)
      report.json, report.html ...  the reports (report/formats.py names the files)
      manifest.json                 SHA-256 of every other file (evidence.py)
      manifest.sig                  optional: Ed25519 signature of manifest.json (seal/signature.py)
      manifest.tsq, manifest.tsr    optional: RFC 3161 timestamp request and reply over manifest.json (seal/timestamp.py)
      REDACTED.md                   only in a redacted copy: what was masked, what was kept (redact.py)
      change.json                   the change since the store's previous run of the same sites (store/api.py)
      sites/SITE/SCENARIO/
        capture.har                 every request, the evidence
        screenshots/01.png          one per page
        pages/01.html               the page's final HTML
        scan.json                   written last: this site x scenario finished; its files' hashes
      sites/SITE/SCENARIO/repeat-K/ with --repeat N > 1: the same files for each visit K of N

A folder is a pixelhound run folder when its run.json says so. A new run is only ever written into
a folder that is missing or empty; an existing run folder is only ever continued (`--resume`).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from pathlib import Path

from pixelhound.settings import REPEAT_FOLDER_PREFIX, RUN_FOLDER_TOOL

RUN_FILE = "run.json"
MANIFEST_FILE = "manifest.json"
SIGNATURE_FILE = "manifest.sig"
TIMESTAMP_REQUEST_FILE = "manifest.tsq"
TIMESTAMP_REPLY_FILE = "manifest.tsr"
# The seals of the manifest lie beside it and are not listed in it: a seal cannot be inside what it seals.
SEAL_FILES = (SIGNATURE_FILE, TIMESTAMP_REQUEST_FILE, TIMESTAMP_REPLY_FILE)
REDACTION_NOTE_FILE = "REDACTED.md"
CHANGE_FILE = "change.json"
SITES = "sites"
HAR_FILE = "capture.har"
SCREENSHOTS = "screenshots"
PAGES = "pages"
DONE_FILE = "scan.json"


class RunFolderError(Exception):
    """The folder cannot be used as asked; the message is one line."""


class RunFolder:
    """Paths of one run folder, and the checks that keep a new run out of anybody else's files."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    # -- the layout

    @property
    def run_file(self) -> Path:
        return self.root / RUN_FILE

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST_FILE

    @property
    def signature(self) -> Path:
        return self.root / SIGNATURE_FILE

    @property
    def timestamp_request(self) -> Path:
        return self.root / TIMESTAMP_REQUEST_FILE

    @property
    def timestamp_reply(self) -> Path:
        return self.root / TIMESTAMP_REPLY_FILE

    @property
    def seals(self) -> list[Path]:
        return [self.root / name for name in SEAL_FILES]

    @property
    def redaction_note(self) -> Path:
        return self.root / REDACTION_NOTE_FILE

    @property
    def change_file(self) -> Path:
        return self.root / CHANGE_FILE

    def report(self, filename: str) -> Path:
        return self.root / filename

    @property
    def sites(self) -> Path:
        return self.root / SITES

    def scenario_dir(self, site_folder: str, scenario: str, repeat: int = 0) -> Path:
        """The folder of one site x scenario; of its visit `repeat` (1..N) when the run repeats (0: it does not)."""
        folder = self.sites / site_folder / scenario
        return folder / f"{REPEAT_FOLDER_PREFIX}{repeat}" if repeat else folder

    def har(self, site_folder: str, scenario: str, repeat: int = 0) -> Path:
        return self.scenario_dir(site_folder, scenario, repeat) / HAR_FILE

    def screenshot(self, site_folder: str, scenario: str, number: int, repeat: int = 0) -> Path:
        return self.scenario_dir(site_folder, scenario, repeat) / SCREENSHOTS / f"{number:02d}.png"

    def page_html(self, site_folder: str, scenario: str, number: int, repeat: int = 0) -> Path:
        return self.scenario_dir(site_folder, scenario, repeat) / PAGES / f"{number:02d}.html"

    def network_log(self, site_folder: str, scenario: str, name: str, repeat: int = 0) -> Path:
        """Chromium's NetLog of one browser launch, kept gzipped beside the HAR."""
        return self.scenario_dir(site_folder, scenario, repeat) / f"{name}.json.gz"

    def done_record(self, site_folder: str, scenario: str, repeat: int = 0) -> Path:
        return self.scenario_dir(site_folder, scenario, repeat) / DONE_FILE

    def prepare_scenario(self, site_folder: str, scenario: str, repeat: int = 0) -> Path:
        """An empty folder for one site x scenario (what an unfinished attempt left is removed)."""
        folder = self.scenario_dir(site_folder, scenario, repeat)
        if folder.exists():
            _remove_tree(folder)
        (folder / SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        (folder / PAGES).mkdir(parents=True, exist_ok=True)
        return folder

    def relative(self, path: Path) -> str:
        """A path inside the folder as the reports record it (POSIX, relative to the root)."""
        return Path(path).relative_to(self.root).as_posix()

    def inside(self, relative: str) -> Path | None:
        """The regular file a recorded relative path names, or None when it is missing or would
        lead outside the folder (an absolute path, `..`, a symlink): reports read only our files."""
        if not relative or os.path.isabs(relative):
            return None
        root = self.root.resolve()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or path != root / Path(relative) or not path.is_file():
            return None
        return path

    # -- run.json

    def read_run(self) -> dict[str, object] | None:
        """run.json when the folder is a pixelhound run folder, else None."""
        try:
            data = json.loads(self.run_file.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):  # RecursionError: nesting deeper than json reads
            return None
        return data if isinstance(data, dict) and data.get("tool") == RUN_FOLDER_TOOL else None

    def write_run(self, settings: dict[str, object]) -> None:
        """run.json, replaced atomically so a kill never leaves half of it."""
        write_atomic(self.run_file, json.dumps(settings, indent=2).encode("utf-8"))

    # -- may a run write here?

    def check_new(self) -> None:
        """Refuse (RunFolderError) unless the folder is missing or empty, is not a special place,
        and is not inside another run folder (whose manifest it would break)."""
        _refuse_special(self.root)
        for parent in self.root.expanduser().resolve().parents:
            if RunFolder(parent).read_run() is not None:
                raise RunFolderError(f"--out {self.root}: inside the pixelhound run folder {parent}; choose a folder outside it")
        if self.root.is_symlink() or (self.root.exists() and not self.root.is_dir()):
            raise RunFolderError(f"--out {self.root}: exists and is not a folder")
        if self.root.is_dir() and any(self.root.iterdir()):
            if self.read_run() is not None:
                raise RunFolderError(
                    f"--out {self.root}: already holds a pixelhound run; continue it with "
                    f"`pixelhound scan --resume {self.root}` or choose a new folder"
                )
            raise RunFolderError(f"--out {self.root}: the folder is not empty and is not a pixelhound run folder")

    def check_resumable(self) -> dict[str, object]:
        """run.json of a run that can be continued (RunFolderError otherwise)."""
        _refuse_special(self.root)
        if not self.root.is_dir() or self.root.is_symlink():
            raise RunFolderError(f"--resume {self.root}: no such run folder")
        settings = self.read_run()
        if settings is None:
            raise RunFolderError(f"--resume {self.root}: not a pixelhound run folder (no readable {RUN_FILE})")
        return settings

    def lock(self) -> int:
        """Hold the folder for this process (an flock on the folder itself: no file is added, and
        a killed process lets go at once); RunFolderError when another run holds it. Returns the
        descriptor to close when the run is written."""
        descriptor = os.open(self.root, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise RunFolderError(f"{self.root}: another pixelhound run is using this folder") from None
        return descriptor

    def create(self) -> None:
        """Make the folder and claim it (run.json created exclusively: two runs started at once
        with the same --out cannot both write into it)."""
        self.check_new()
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(self.run_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        except FileExistsError:
            raise RunFolderError(f"--out {self.root}: another run has just started in this folder") from None


def write_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so the file is either old or new, never half."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _refuse_special(root: Path) -> None:
    resolved = root.expanduser().resolve()
    if resolved == Path(resolved.anchor) or resolved == Path.home().resolve():
        raise RunFolderError(f"--out {root}: refusing to write a run into the filesystem root or the home folder")


def _remove_tree(folder: Path) -> None:
    """Remove a folder this tool made (shutil.rmtree never follows a symlink out of it)."""
    shutil.rmtree(folder)
