"""Reading a finished run folder back, for the store: its JSON report, its run.json and its manifest,
each found where RunFolder (store/run_folder.py) names it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from pixelhound.model import Analysis
from pixelhound.report.formats import FORMATS
from pixelhound.report.json_report import ReportError, load_json
from pixelhound.store.run_folder import RunFolder, RunFolderError

REPORT_JSON = FORMATS["json"][0]
REPORT_HTML = FORMATS["html"][0]

@dataclass
class StoredRun:
    """What the store needs from one run folder (or one in-memory analysis)."""

    analysis: Analysis
    report_sha256: str  # the run's identity in the store
    settings: dict = field(default_factory=dict)  # run.json ({} for an analysis of HAR files)
    folder: Path | None = None
    manifest_sha256: str = ""


def read_run_folder(folder: Path) -> StoredRun:
    """The report, settings and manifest hash of a run folder (RunFolderError with one line)."""
    if not folder.is_dir():
        raise RunFolderError(f"{folder}: not a folder")
    run_folder = RunFolder(folder)
    report = run_folder.report(REPORT_JSON)
    try:
        raw = report.read_bytes()
    except FileNotFoundError:
        raise RunFolderError(f"{folder}: no {REPORT_JSON} (not a pixelhound run folder?)") from None
    except OSError as error:
        raise RunFolderError(f"{report}: cannot be read ({error.strerror or error})") from None
    try:
        analysis = load_json(report)
    except ReportError as error:
        raise RunFolderError(str(error)) from None
    settings: dict = {}
    settings_path = run_folder.run_file
    if settings_path.is_file():
        try:
            loaded = json.loads(settings_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError) as error:
            raise RunFolderError(f"{settings_path}: unreadable ({type(error).__name__}: {error})") from None
        settings = loaded if isinstance(loaded, dict) else {}
    manifest = run_folder.manifest
    manifest_sha256 = hashlib.sha256(manifest.read_bytes()).hexdigest() if manifest.is_file() else ""
    return StoredRun(
        analysis=analysis,
        report_sha256=hashlib.sha256(raw).hexdigest(),
        settings=settings,
        folder=folder.resolve(),
        manifest_sha256=manifest_sha256,
    )
