"""A fleet scanned through the queue as users run it: a real redis-server, a real PostgreSQL, two real
`pixelhound worker` processes and `pixelhound scan --queue` against the demo trusts (one page, one
scenario each: enough to tell every trust's trackers apart, and cheap). The run must hold every
trust exactly once (report and store), find what the in-process scan of the same fleet finds, and
survive a worker SIGKILLed in the middle of a site and a coordinator killed and restarted."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, make_url, select

from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import HOSTILE_HOST, KESTREL_BAY, OAKHOLLOW, TRUSTS, WRENFORD
from pixelhound.scale.work_folder import WorkFolder
from pixelhound.store.run_folder import RunFolder
from pixelhound.store.schema import results, runs, sites
from scan.conftest import CHROMIUM, require_chromium

from .conftest import BROKER_PASSWORD, Workers, pixelhound_env

HANG_GUARD = 300  # seconds: only ever reached when something hangs


@dataclass(frozen=True)
class FleetRow:
    key: str
    name: str
    start_url: str


# Twelve sites, each with a key of its own (two share the hostile host): every demo trust, whose
# start pages tell different stories (Meta, GA4, TikTok and LinkedIn, Hotjar, a specialist clinic,
# nothing), and two of the hostile site's pages, a renderer crash (which costs an attempt, never the
# worker) and script-laden content with the Meta Pixel. One page, one scenario, no forms: the
# trackers' timer-fired and engagement events are waited for by the scan's settling, so two scans
# of the same fleet tell the same story, in process or through the queue. Three trusts are scanned
# again while a worker and the coordinator are killed.
FLEET = (*(FleetRow(t.slug, t.name, t.start_url) for t in TRUSTS),
         FleetRow("hostile-crash", "Hostile: a renderer crash", f"https://{HOSTILE_HOST}/crash"),
         FleetRow("hostile-content", "Hostile: script in the content", f"https://{HOSTILE_HOST}/hostile-content"))
KILLED_FLEET = tuple(FleetRow(t.slug, t.name, t.start_url) for t in (WRENFORD, OAKHOLLOW, KESTREL_BAY))


def pixelhound(*args: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=pixelhound_env())


def scan_args(internet: DemoInternet) -> list[str]:
    """One page, one scenario, no forms or site search: what the trackers receive on load, which a
    loaded machine cannot change (journeys racing a time limit could)."""
    return ["--max-pages", "1", "--scenarios", "no-interaction", "--no-forms", "--search-term", "",
            "--page-timeout", "30", "--site-timeout", "120", "--browser", CHROMIUM, "--insecure",
            "--resolve", f"*=127.0.0.1:{internet.port}"]


def fleet_file(folder: Path, rows: tuple[FleetRow, ...]) -> Path:
    path = folder / "fleet.csv"
    path.write_text("key,name,url\n" + "".join(f"{r.key},{r.name},{r.start_url}\n" for r in rows), encoding="utf-8")
    return path


def findings_per_site(out: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Each site's findings as (rule, vendor, severity), from the run's JSON report."""
    report = json.loads((out / "report.json").read_text())
    site_of = {s["path"]: s["site"] for s in report["sources"]}
    found: dict[str, list[tuple[str, str, str]]] = {s["site"]: [] for s in report["sources"]}
    for finding in report["findings"]:
        found.setdefault(site_of.get(finding["source"], finding["source"]), []).append(
            (finding["rule"], finding["vendor"], finding["severity"]))
    return {site: sorted(items) for site, items in found.items()}


def sites_in_store(db: str, out: Path) -> Counter:
    """How many results each site has in the store's run of `out` (which must be there once)."""
    engine = create_engine(db)
    with engine.connect() as connection:
        ids = connection.execute(select(runs.c.id).where(runs.c.folder == str(out.resolve()))).scalars().all()
        assert len(ids) == 1, ids
        rows = connection.execute(select(sites.c.url).join(results, results.c.site_id == sites.c.id)
                                  .where(results.c.run_id == ids[0]))
        counted = Counter(url for (url,) in rows)
    engine.dispose()
    return counted


def wait_until_stored(db: str, out: Path) -> None:
    """Until the run of `out` is in the store (a worker records a detached run with its last site)."""
    engine = create_engine(db)
    deadline = time.monotonic() + HANG_GUARD
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                if connection.execute(select(func.count()).select_from(runs).where(runs.c.folder == str(out.resolve()))).scalar():
                    return
            time.sleep(0.5)
    finally:
        engine.dispose()
    pytest.fail(f"the detached run {out} was never recorded")


@pytest.fixture(scope="module")
def workers(redis_server, postgres, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN001, ANN201
    require_chromium()
    running = Workers(redis_server.url(0), postgres.new_database(), tmp_path_factory.mktemp("workers"))
    running.start()
    running.start()
    yield running
    running.stop_all()


@pytest.fixture(scope="module")
def queued(workers: Workers, internet: DemoInternet,
           tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, str]:
    """The fleet enqueued with --detach: the coordinator returns at once, the worker that records the
    last site writes the reports and manifest and records the run in the store."""
    folder = tmp_path_factory.mktemp("queued")
    out = folder / "run"
    result = pixelhound("scan", "--sites", str(fleet_file(folder, FLEET)), "--queue", workers.queue, "--db", workers.db,
                        "--out", str(out), "--detach", *scan_args(internet))
    assert result.returncode == 0 and "detached" in result.stderr, result.stderr[-3000:] + workers.logs()
    wait_until_stored(workers.db, out)
    return result, out, workers.db


def test_every_trust_is_in_the_report_and_the_store_exactly_once(queued) -> None:  # noqa: ANN001
    _, out, db = queued
    report = json.loads((out / "report.json").read_text())
    assert Counter(s["site"] for s in report["sources"]) == Counter(t.start_url for t in FLEET)
    assert sites_in_store(db, out) == Counter(t.start_url for t in FLEET)
    settings = json.loads((out / "run.json").read_text())
    assert settings["status"] == "finished" and settings["queue"].startswith("rediss://")
    assert sorted(p.name for p in (out / "sites").iterdir()) == sorted(s["folder"] for s in settings["sites"])


def test_no_password_is_written_or_printed_anywhere(queued, workers: Workers) -> None:  # noqa: ANN001
    """The broker's and the database's passwords reach the evidence, the queue's state, the store, the
    logs and the coordinator's output nowhere (the run folder is what gets published)."""
    result, out, db = queued
    database_password = make_url(db).password
    assert database_password and db.count(database_password) == 1  # it is really in the URL given
    secrets = (BROKER_PASSWORD.encode(), database_password.encode())
    written = [path for root in (out, out.parent / f".{out.name}.queue", workers.folder)
               for path in root.rglob("*") if path.is_file() and any(s in path.read_bytes() for s in secrets)]
    assert written == []
    assert not any(s.decode() in result.stdout + result.stderr for s in secrets)
    engine = create_engine(db)
    with engine.connect() as connection:
        stored = [str(row) for table in (runs, sites, results) for row in connection.execute(select(table))]
    engine.dispose()
    assert stored and not any(s.decode() in row for s in secrets for row in stored)


def test_findings_per_trust_match_the_in_process_scan(queued, internet: DemoInternet,  # noqa: ANN001
                                                       tmp_path_factory: pytest.TempPathFactory) -> None:
    _, out, _ = queued
    folder = tmp_path_factory.mktemp("in-process")
    local = folder / "run"
    result = pixelhound("scan", "--sites", str(fleet_file(folder, FLEET)), "--out", str(local), *scan_args(internet))
    assert result.returncode in (0, 1), result.stderr[-3000:]
    queued_findings, local_findings = findings_per_site(out), findings_per_site(local)
    assert any(queued_findings.values())  # the demo's trusts leak: an empty comparison proves nothing
    assert queued_findings == local_findings


def test_verify_finds_the_queued_run_intact_and_status_says_done(queued) -> None:  # noqa: ANN001
    _, out, _ = queued
    verified = pixelhound("verify", str(out))
    assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout + verified.stderr
    status = pixelhound("status", str(out))
    assert status.returncode == 0
    assert f"{len(FLEET)} sites: {len(FLEET)} done, 0 running, 0 queued, 0 failed" in status.stdout, status.stdout


def _wait_for_running(out: Path, trusts: tuple, process: subprocess.Popen[str]) -> str:  # noqa: ANN001
    """The worker (host:pid) of the first site seen running; fails if none starts before the hang guard."""
    work = WorkFolder(RunFolder(out))
    deadline = time.monotonic() + HANG_GUARD
    while time.monotonic() < deadline:
        for trust in trusts:
            settings = RunFolder(out).read_run() or {}
            folder = next((s["folder"] for s in settings.get("sites", []) if s["url"] == trust.start_url), None)
            state = work.read(folder) if folder else None
            if state is not None and state.state == "running":
                return state.worker
        assert process.poll() is None, process.communicate()[1][-3000:]
        time.sleep(0.2)
    pytest.fail("no site started on a worker")


def _owner(workers: Workers, worker: str) -> subprocess.Popen[bytes]:
    """The `pixelhound worker` process whose child scans as `worker` (host:pid)."""
    import psutil

    pid = int(worker.rsplit(":", 1)[1])
    for process in workers.processes:
        if process.poll() is None and (pid == process.pid or pid in {c.pid for c in psutil.Process(process.pid).children(recursive=True)}):
            return process
    pytest.fail(f"no running worker owns {worker}")


def test_a_killed_worker_and_a_killed_coordinator_lose_no_trust(workers: Workers,
                                                                  internet: DemoInternet,
                                                                  tmp_path_factory: pytest.TempPathFactory) -> None:
    trusts = KILLED_FLEET
    folder = tmp_path_factory.mktemp("killed")
    out, db = folder / "run", workers.db
    coordinator = subprocess.Popen(
        [sys.executable, "-m", "pixelhound.cli", "scan", "--sites", str(fleet_file(folder, trusts)), "--queue", workers.queue,
         "--db", db, "--out", str(out), *scan_args(internet)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=pixelhound_env(),
    )
    victim = _owner(workers, _wait_for_running(out, trusts, coordinator))
    workers.kill(victim)  # in the middle of a site: its task is unacknowledged, its evidence half written
    coordinator.send_signal(signal.SIGKILL)
    coordinator.wait(timeout=60)
    workers.start()  # a replacement machine joins
    result = pixelhound("scan", "--resume", str(out), "--queue", workers.queue, "--db", db)
    assert result.returncode in (0, 1), result.stderr[-3000:] + workers.logs()
    report = json.loads((out / "report.json").read_text())
    assert Counter(s["site"] for s in report["sources"]) == Counter(t.start_url for t in trusts)
    assert all(s["measured"] for s in report["sources"]), [s["reason"] for s in report["sources"]]
    assert sites_in_store(db, out) == Counter(t.start_url for t in trusts)
    assert pixelhound("verify", str(out)).returncode == 0
    work = WorkFolder(RunFolder(out))
    attempts = [work.read(s["folder"]).attempts for s in json.loads((out / "run.json").read_text())["sites"]]
    assert max(attempts) >= 2, attempts  # the killed site was scanned again, and recorded once


def test_a_worker_refuses_a_private_target_its_operator_did_not_allow(workers: Workers, internet: DemoInternet,
                                                                       tmp_path: Path) -> None:
    """The coordinator may allow private targets (--allow-private); a worker, which takes fleets from
    others, decides by its own configuration (these workers were started without it)."""
    private = f"http://127.0.0.1:{internet.port}/"
    fleet = tmp_path / "fleet.csv"
    fleet.write_text(f"key,name,url\nloopback,A private target,{private}\n", encoding="utf-8")
    out = tmp_path / "run"
    result = pixelhound("scan", "--sites", str(fleet), "--queue", workers.queue, "--db", workers.db, "--out", str(out),
                        "--allow-private", "--max-pages", "1", "--scenarios", "no-interaction", "--browser", CHROMIUM)
    assert result.returncode in (0, 1), result.stderr[-3000:] + workers.logs()
    report = json.loads((out / "report.json").read_text())
    [source] = report["sources"]
    assert source["measurement"] == "not-measured" and not source["measured"], source
    assert "--allow-private" in source["reason"], source["reason"]
    assert not (out / "sites" / "a-private-target" / "no-interaction" / "capture.har").exists()


def test_repeated_visits_run_on_the_queue_and_are_each_recorded(workers: Workers, internet: DemoInternet,
                                                                 tmp_path: Path) -> None:
    """--repeat N on the queue: a worker makes every visit of its site (each in a fresh profile), and
    the report holds each one, measured, with its number (docs/repeats-and-devices.md)."""
    out = tmp_path / "run"
    result = pixelhound("scan", "--sites", str(fleet_file(tmp_path, (FLEET[0],))), "--queue", workers.queue,
                        "--db", workers.db, "--out", str(out), "--repeat", "2", *scan_args(internet))
    assert result.returncode in (0, 1), result.stderr[-3000:] + workers.logs()
    report = json.loads((out / "report.json").read_text())
    assert sorted((s["site"], s["repeat"], s["measured"]) for s in report["sources"]) == \
        [(FLEET[0].start_url, 1, True), (FLEET[0].start_url, 2, True)]
    assert report["stability"], "each finding says in how many of the visits it was seen"
    assert pixelhound("verify", str(out)).returncode == 0
