"""The store at fleet scale: 1,000 sites x 52 weekly runs (3 scenarios each), on SQLite by default.

It fills a fresh store through the real writer (record_run), one generated fleet run per week, then
measures, each as the best of --repeat:
  write    recording one more fleet run (3,000 site x scenario results, their recipients, findings)
  history  one site's 52-run history (store/history.py)
  diff     the diff of the last two fleet runs (store/query.py + store/diff.py)
against a floor measured in the same run on the same file: plain sqlite3 doing the least the job
needs (inserting the same rows with executemany; selecting the same rows by the same indexes).
Aim: each under a second. Also prints the database size.

    python bench/bench_store.py [--sites 1000] [--runs 52] [--repeat 3] [--db URL]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from pixelhound.model import Analysis, Disclosure, Finding, Sensitivity, SourceSummary
from pixelhound.store.diff import diff_runs
from pixelhound.store.engine import open_engine
from pixelhound.store.history import history
from pixelhound.store.query import load_run
from pixelhound.store.reader import StoredRun
from pixelhound.store.record import record_run

SCENARIOS = ("no-interaction", "reject-all", "accept-all")
VENDORS = (("meta", "Meta Platforms, Inc."), ("google", "Google LLC"), ("tiktok", "TikTok Inc."),
           ("linkedin", "LinkedIn Corporation"), ("hotjar", "Hotjar Ltd."))


def fleet_run(sites: int, week: int, rng: random.Random) -> StoredRun:
    """One generated weekly run: each site has 0-3 recipients; Meta leaves sites as weeks pass."""
    generated = f"2026-{1 + week // 4 % 12:02d}-{1 + week % 28:02d}T{week % 24:02d}:00:00Z"
    analysis = Analysis(tool_version="bench", generated=generated)
    for n in range(sites):
        name, url = f"Trust {n}", f"https://www.trust{n}.nhs.test/"
        vendors = [v for i, v in enumerate(VENDORS) if (n + i) % 4 == 0]
        if n % 52 < week:
            vendors = [v for v in vendors if v[0] != "meta"]
        for scenario in SCENARIOS:
            path = f"sites/trust{n}/{scenario}/capture.har"
            down = rng.random() < 0.02
            analysis.sources.append(SourceSummary(path=path, site=url, site_name=name, scenario=scenario,
                                                  measured=not down, reason="timeout" if down else ""))
            if down:
                continue
            for vendor, company in vendors:
                for k in range(3):
                    analysis.disclosures.append(Disclosure(
                        id=f"d{len(analysis.disclosures)}", capture_index=k, vendor=vendor, company=company,
                        product=f"{vendor} pixel", category="advertising", request_url=f"https://{vendor}.test/c",
                        account=f"{vendor}-{n}", sensitivity=Sensitivity(sensitive=k == 0, categories=["mental_health"] if k == 0 else []),
                        source=path, site=name, scenario=scenario))
                analysis.findings.append(Finding(id=f"f{len(analysis.findings)}", rule="health-data-disclosed",
                                                 severity="high", vendor=vendor, company=company, summary="", source=path))
    uid = hashlib.sha256(f"bench {sites} {week}".encode()).hexdigest()
    return StoredRun(analysis=analysis, report_sha256=uid, settings={"started": generated})


def best(function, repeat: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def floors(database: str, run_id: int, site_id: int, repeat: int) -> dict[str, float]:
    """Plain sqlite3 on the same file: the same rows inserted, the same rows selected."""
    connection = sqlite3.connect(database)
    result_rows = connection.execute("SELECT * FROM results WHERE run_id = ?", (run_id,)).fetchall()
    recipient_rows = connection.execute(
        "SELECT r.* FROM recipients r JOIN results s ON s.id = r.result_id WHERE s.run_id = ?", (run_id,)).fetchall()
    connection.execute("CREATE TEMP TABLE f_results AS SELECT * FROM results WHERE 0")
    connection.execute("CREATE TEMP TABLE f_recipients AS SELECT * FROM recipients WHERE 0")

    def write() -> None:
        with connection:
            connection.execute("DELETE FROM f_results")
            connection.execute("DELETE FROM f_recipients")
            connection.executemany(f"INSERT INTO f_results VALUES ({','.join('?' * len(result_rows[0]))})", result_rows)
            connection.executemany(f"INSERT INTO f_recipients VALUES ({','.join('?' * len(recipient_rows[0]))})", recipient_rows)

    def select_site() -> None:
        connection.execute("SELECT * FROM results WHERE site_id = ?", (site_id,)).fetchall()
        connection.execute("SELECT r.* FROM recipients r JOIN results s ON s.id = r.result_id WHERE s.site_id = ?", (site_id,)).fetchall()

    def select_two_runs() -> None:
        previous = connection.execute("SELECT max(id) FROM runs WHERE id < ?", (run_id,)).fetchone()[0]
        for run in (previous, run_id):
            connection.execute("SELECT * FROM results WHERE run_id = ?", (run,)).fetchall()
            connection.execute("SELECT r.* FROM recipients r JOIN results s ON s.id = r.result_id WHERE s.run_id = ?", (run,)).fetchall()

    figures = {"write": best(write, repeat), "history": best(select_site, repeat), "diff": best(select_two_runs, repeat)}
    connection.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", help="a database URL (default: a fresh SQLite file in a temporary folder)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="pixelhound-bench-store-")
    url = args.db or f"sqlite:///{Path(folder) / 'bench.db'}"
    engine = open_engine(url)
    rng = random.Random(11)
    start = time.perf_counter()
    for week in range(args.runs - 1):
        record_run(engine, fleet_run(args.sites, week, rng))
    fill = time.perf_counter() - start
    last = fleet_run(args.sites, args.runs - 1, rng)
    write_seconds = []
    for attempt in range(args.repeat):  # each attempt records the 52nd run, then removes it again
        start = time.perf_counter()
        recorded = record_run(engine, last)
        write_seconds.append(time.perf_counter() - start)
        if attempt < args.repeat - 1:
            with engine.begin() as connection:
                connection.exec_driver_sql(f"DELETE FROM findings WHERE run_id = {recorded.run_id}")
                connection.exec_driver_sql(f"DELETE FROM recipients WHERE result_id IN (SELECT id FROM results WHERE run_id = {recorded.run_id})")
                connection.exec_driver_sql(f"DELETE FROM results WHERE run_id = {recorded.run_id}")
                connection.exec_driver_sql(f"DELETE FROM runs WHERE id = {recorded.run_id}")
    run_id = recorded.run_id

    def one_history() -> None:
        with engine.connect() as connection:
            history(connection, [f"trust{args.sites // 2}.nhs.test"])

    def one_diff() -> None:
        with engine.connect() as connection:
            diff_runs(load_run(connection, _previous(connection, run_id)), load_run(connection, run_id))

    ours = {"write": min(write_seconds), "history": best(one_history, args.repeat), "diff": best(one_diff, args.repeat)}
    with engine.connect() as connection:
        site_id = connection.exec_driver_sql(f"SELECT id FROM sites WHERE key = 'trust{args.sites // 2}.nhs.test'").scalar()
        runs = connection.exec_driver_sql("SELECT count(*) FROM runs").scalar()
        results = connection.exec_driver_sql("SELECT count(*) FROM results").scalar()
        recipients = connection.exec_driver_sql("SELECT count(*) FROM recipients").scalar()
    engine.dispose()
    print(f"store: {url}\n{runs} runs, {results:,} results, {recipients:,} recipient rows; filled in {fill:.1f} s")
    if url.startswith("sqlite"):
        database = url.split("///", 1)[1]
        base = floors(database, run_id, site_id, args.repeat)
        with sqlite3.connect(database) as connection:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size = sum(os.path.getsize(p) for p in Path(database).parent.glob("bench.db*"))
        print(f"database size: {size / 1e6:.1f} MB")
    else:
        base = {}
    print(f"{'operation':<10} {'seconds':>8} {'floor s':>8} {'x floor':>8}  aim")
    for name, seconds in ours.items():
        floor = base.get(name)
        ratio = f"{seconds / floor:8.1f}" if floor else "       -"
        print(f"{name:<10} {seconds:8.3f} {floor or 0:8.3f} {ratio}  {'ok' if seconds < 1 else 'OVER 1 s'}")
    shutil.rmtree(folder, ignore_errors=True)


def _previous(connection, run_id: int) -> int:  # noqa: ANN001
    return connection.exec_driver_sql(f"SELECT max(id) FROM runs WHERE id < {run_id}").scalar()


if __name__ == "__main__":
    main()
