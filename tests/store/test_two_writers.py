"""Two processes writing to one SQLite store at once lose nothing (WAL, busy timeout, BEGIN IMMEDIATE)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from pixelhound.store.engine import open_engine
from pixelhound.store.schema import recipients, results, runs, sites
from tests.store.helpers import make_analysis, write_run_folder

RUNS_PER_WRITER = 12


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    open_engine(url).dispose()  # the schema exists before the race, as after any first run
    batches = []
    for writer in range(2):
        folders = []
        for number in range(RUNS_PER_WRITER):
            analysis = make_analysis({
                f"Trust {n}": {"url": f"https://www.trust{n}.nhs.test/", "scenarios": {
                    "no-interaction": {"vendors": {"meta": 1, "google": 0}}, "accept-all": {"vendors": {"tiktok": 0}}}}
                for n in range(writer * 3, writer * 3 + 5)  # the writers share two sites: both add them
            }, f"2026-01-{number + 1:02d}T0{writer}:00:00Z")
            folders.append(str(write_run_folder(tmp_path / f"w{writer}-{number}", analysis)))
        batches.append(folders)
    writers = [
        subprocess.Popen([sys.executable, "-m", "pixelhound.cli", "import", *folders, "--db", url],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folders in batches
    ]
    outcomes = [writer.communicate(timeout=900) for writer in writers]
    for writer, (out, err) in zip(writers, outcomes):
        assert writer.returncode == 0, err
        assert out.count("imported as run") == RUNS_PER_WRITER
    with open_engine(url).connect() as connection:
        count = lambda table: connection.execute(select(func.count()).select_from(table)).scalar()  # noqa: E731
        assert count(runs) == 2 * RUNS_PER_WRITER
        assert count(sites) == 8
        assert count(results) == 2 * RUNS_PER_WRITER * 5 * 2
        assert count(recipients) == 2 * RUNS_PER_WRITER * 5 * 3
