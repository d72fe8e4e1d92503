"""What the command line asks of the store: record a run, import folders, answer history and diff.

Each function opens the store itself (upgrading its schema), so a command needs only the --db value.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sqlalchemy import Engine

from pixelhound.evidence import write_manifest
from pixelhound.model import Analysis
from pixelhound.report.formats import render
from pixelhound.report.json_report import render_json
from pixelhound.store.diff import diff_runs
from pixelhound.store.engine import StoreError, open_engine
from pixelhound.store.history import history as history_document
from pixelhound.store.query import find_run, load_run, previous_run
from pixelhound.store.reader import REPORT_HTML, StoredRun, read_run_folder
from pixelhound.store.run_folder import RunFolder, RunFolderError
from pixelhound.store.record import Recorded, record_run



def import_folder(folder: Path, db: str | None = None, engine: Engine | None = None) -> Recorded:
    """Bring one finished run folder into the store (idempotent). RunFolderError / StoreError."""
    run = read_run_folder(folder)
    return record_run(engine or open_engine(db), run, "scan" if run.settings else "analyze")


def record_scan(folder: Path, db: str | None = None) -> tuple[Recorded, dict | None]:
    """Record a run folder a scan has just written; when the store knows an earlier run of the same
    sites, write the change since then into the folder, render report.html again with it on its
    first screen and re-seal the manifest. Returns the record and the change (None if no earlier run)."""
    engine = open_engine(db)
    recorded = import_folder(folder, engine=engine)
    with engine.connect() as connection:
        earlier = previous_run(connection, recorded.run_id)
        change = diff_runs(load_run(connection, earlier), load_run(connection, recorded.run_id)) if earlier else None
    if change is None:
        return recorded, None
    try:
        RunFolder(folder).change_file.write_text(json.dumps(change, indent=2) + "\n", encoding="utf-8")
        analysis = read_run_folder(folder).analysis
        RunFolder(folder).report(REPORT_HTML).write_bytes(render(analysis, "html", folder))
        write_manifest(folder)
    except OSError as error:
        raise StoreError(f"{folder}: cannot add the change since run {earlier} ({error.strerror or error})") from None
    import_folder(folder, engine=engine)  # the run's manifest hash follows the re-sealed manifest
    return recorded, change


def record_analysis(analysis: Analysis, db: str | None = None) -> Recorded:
    """Record an analysis of HAR files (no run folder: the HARs stay where they are)."""
    document = render_json(analysis)
    run = StoredRun(analysis=analysis, report_sha256=hashlib.sha256(document).hexdigest())
    return record_run(open_engine(db), run, "analyze")


def _run_id(engine: Engine, reference: str) -> int:
    """A run id from a number or a folder; a folder the store does not know yet is imported first."""
    path = Path(reference)
    if not reference.isdigit() and path.is_dir():
        try:
            return import_folder(path, engine=engine).run_id
        except RunFolderError as error:
            raise StoreError(str(error)) from None
    with engine.connect() as connection:
        return find_run(connection, reference)


def diff(old: str, new: str, db: str | None = None) -> dict:
    """The diff document between two runs given as ids or run folders (a folder is imported, so
    only then may the store be created; run ids need a store that exists)."""
    engine = open_engine(db, must_exist=not any(Path(reference).is_dir() for reference in (old, new)))
    old_id, new_id = _run_id(engine, old), _run_id(engine, new)
    with engine.connect() as connection:
        return diff_runs(load_run(connection, old_id), load_run(connection, new_id))


def history(sites: list[str], db: str | None = None) -> dict:
    """The history document of the named sites (all sites when none are named)."""
    with open_engine(db, must_exist=True).connect() as connection:
        return history_document(connection, sites)
