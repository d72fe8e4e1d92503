"""Fleet throughput in-process and through the queue (Celery, Redis), in one run on this machine.

Starts a throw-away redis-server and PostgreSQL (Debian's binaries, loopback, temporary folders, as
the tests do), the demo internet, then scans the same fleet (the demo trusts, each copied --copies
times under its own URL) three ways, each timed from the command's start to its exit:
  in-process   `pixelhound scan --sites FLEET --concurrency C`
  queue x1     `pixelhound scan --sites FLEET --queue ...` with one `pixelhound worker --concurrency C`
  queue x2     the same with two workers (started before timing; they share this machine's cores)
and prints sites per hour, the ratio to in-process, Redis commands per site (INFO
total_commands_processed), PostgreSQL transactions per site (pg_stat_database xact_commit of the
run's store) and evidence bytes per site (the run folder's files). Figures go into docs/scaling.md.

    python bench/bench_fleet.py [--copies 1] [--max-pages 3] [--scenarios no-interaction] [--concurrency 1]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests/services.py: the servers the tests start

from pixelhound.demo.server import DemoInternet  # noqa: E402
from pixelhound.demo.trusts import TRUSTS  # noqa: E402
from tests.services import PostgresServer, RedisServer, _pg_bin  # noqa: E402


@dataclass
class Measured:
    mode: str
    sites: int
    seconds: float
    redis_commands: int
    db_transactions: int
    evidence_bytes: int

    @property
    def per_hour(self) -> float:
        return self.sites / self.seconds * 3600


def pixelhound(*args: str) -> list[str]:
    return [sys.executable, "-m", "pixelhound.cli", *args]


def redis_commands(redis: RedisServer) -> int:
    with redis.client() as client:
        return int(client.info("stats")["total_commands_processed"])


def db_transactions(postgres: PostgresServer, database: str) -> int:
    engine = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        value = connection.execute(text("SELECT xact_commit FROM pg_stat_database WHERE datname = :d"), {"d": database}).scalar()
    engine.dispose()
    return int(value or 0)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def start_worker(queue: str, concurrency: int, log: Path) -> subprocess.Popen[bytes]:
    """A worker, returned once it says it is ready (its log's `ready.` line)."""
    handle = open(log, "wb")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(pixelhound("worker", "--queue", queue, "--concurrency", str(concurrency)),
                               stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 300
    while b"ready." not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"worker did not start: {log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.2)
    return process


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        process.wait(timeout=120)


def measure(mode: str, command: list[str], sites: int, out: Path, redis: RedisServer, postgres: PostgresServer,
            database: str) -> Measured:
    commands, transactions = redis_commands(redis), db_transactions(postgres, database)
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.monotonic() - started
    if result.returncode not in (0, 1):
        raise SystemExit(f"{mode}: exit {result.returncode}: {result.stderr[-2000:]}")
    return Measured(mode, sites, seconds, redis_commands(redis) - commands,
                    db_transactions(postgres, database) - transactions, folder_bytes(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="each demo trust this many times (distinct URLs)")
    parser.add_argument("--max-pages", type=int, default=3)
    parser.add_argument("--scenarios", default="no-interaction")
    parser.add_argument("--concurrency", type=int, default=1, help="sites at once per worker (and in-process)")
    args = parser.parse_args()
    bin_dir = _pg_bin()
    if bin_dir is None:
        raise SystemExit("bench_fleet: PostgreSQL is not installed (./dev setup installs it)")
    redis, postgres = RedisServer("redis-server"), PostgresServer(bin_dir)
    redis.start()
    postgres.start()
    workers: list[subprocess.Popen[bytes]] = []
    try:
        with DemoInternet() as internet, tempfile.TemporaryDirectory(prefix="bench-fleet-") as temporary:
            folder = Path(temporary)
            fleet = folder / "fleet.csv"
            rows = [(f"{t.name} {n}", f"{t.start_url}?copy={n}") for n in range(1, args.copies + 1) for t in TRUSTS]
            fleet.write_text("name,url\n" + "".join(f"{name},{url}\n" for name, url in rows), encoding="utf-8")
            common = ["--sites", str(fleet), "--max-pages", str(args.max_pages), "--scenarios", args.scenarios,
                      "--concurrency", str(args.concurrency), "--insecure", "--resolve", f"*=127.0.0.1:{internet.port}"]
            results = []
            for mode, count in (("in-process", 0), ("queue x1", 1), ("queue x2", 2)):
                database = f"bench_{len(results)}"
                engine = create_engine(postgres.url(), isolation_level="AUTOCOMMIT")
                with engine.connect() as connection:
                    connection.execute(text(f'CREATE DATABASE "{database}"'))
                engine.dispose()
                db, out = postgres.url(database), folder / f"run-{len(results)}"
                queue = []
                while len(workers) < count:
                    workers.append(start_worker(redis.url(0), args.concurrency, folder / f"worker-{len(workers)}.log"))
                if count:
                    queue = ["--queue", redis.url(0)]
                results.append(measure(mode, pixelhound("scan", *common, *queue, "--db", db, "--out", str(out)),
                                       len(rows), out, redis, postgres, database))
    finally:
        stop(workers)
        redis.stop()
        postgres.stop()
    base = results[0]
    print(f"fleet: {len(rows)} sites, {args.max_pages} page(s), scenarios {args.scenarios}, concurrency {args.concurrency} "
          f"per worker, {os.cpu_count()} cores")
    print(f"{'mode':<12}{'seconds':>9}{'sites/hour':>12}{'ratio':>7}{'redis cmds/site':>17}{'pg xacts/site':>15}{'evidence/site':>15}")
    for m in results:
        print(f"{m.mode:<12}{m.seconds:>9.1f}{m.per_hour:>12.0f}{m.per_hour / base.per_hour:>7.2f}"
              f"{m.redis_commands / m.sites:>17.1f}{m.db_transactions / m.sites:>15.2f}{m.evidence_bytes / m.sites / 1e6:>13.2f}MB")


if __name__ == "__main__":
    main()
