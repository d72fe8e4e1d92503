"""The store on SQLite and on a real PostgreSQL: migrations, import, diff, history, renames."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select

from pixelhound.evidence import verify
from pixelhound.run import load_fleet
from pixelhound.store import api
from pixelhound.store.engine import _alembic_config, current_revision, head_revision, open_engine, upgrade
from pixelhound.store.reader import read_run_folder
from pixelhound.store.record import record_run
from pixelhound.store.schema import findings, metadata, recipients, results, runs, sites
from tests.store.helpers import make_analysis, write_run_folder

ALL = ("no-interaction", "reject-all", "accept-all")
DIFF_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "pixelhound-diff.schema.json"


def _counts(url: str) -> dict[str, int]:
    with open_engine(url).connect() as connection:
        return {t.name: connection.execute(select(func.count()).select_from(t)).scalar() for t in (runs, sites, results, recipients, findings)}


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=300)


def test_upgrade_from_empty_builds_the_schema_the_code_queries(store_url: str) -> None:
    engine = open_engine(store_url)
    assert current_revision(engine) == head_revision() == "0003"
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_upgrade_from_the_previous_revision_keeps_what_was_recorded(store_url: str, tmp_path: Path) -> None:
    engine = open_engine(store_url)
    analysis = make_analysis({"Fernmoor": {"url": "https://www.fernmoor.nhs.test/", "scenarios": {"no-interaction": {"vendors": {"meta": 2}}}}}, "2026-01-01T00:00:00Z")
    recorded = record_run(engine, read_run_folder(write_run_folder(tmp_path / "run", analysis)))
    with engine.begin() as connection:  # back to the first revision, as an older pixelhound left the store
        command.downgrade(_alembic_config(connection), "0001")
    assert current_revision(engine) == "0001"
    assert "ix_results_site" not in {i["name"] for i in inspect(engine).get_indexes("results")}
    assert "repeat" not in {c["name"] for c in inspect(engine).get_columns("results")}
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert "ix_results_site" in {i["name"] for i in inspect(engine).get_indexes("results")}
    assert _counts(store_url) == {"runs": 1, "sites": 1, "results": 1, "recipients": 1, "findings": 0}
    with engine.connect() as connection:
        assert connection.execute(select(runs.c.id)).scalar() == recorded.run_id


def test_import_twice_changes_nothing(store_url: str, tmp_path: Path) -> None:
    analysis = make_analysis({
        "Fernmoor": {"url": "https://www.fernmoor.nhs.test/", "scenarios": {s: {"vendors": {"meta": 1}, "rules": ["tracking-before-consent"]} for s in ALL}},
        "Saltmere": {"url": "https://www.saltmere.nhs.test/", "scenarios": {s: {} for s in ALL}},
    }, "2026-01-01T00:00:00Z")
    folder = write_run_folder(tmp_path / "run", analysis)
    first = _cli("import", str(folder), "--db", store_url)
    assert first.returncode == 0, first.stderr
    assert "imported as run 1" in first.stdout
    counts = _counts(store_url)
    assert counts == {"runs": 1, "sites": 2, "results": 6, "recipients": 3, "findings": 3}
    second = _cli("import", str(folder), str(folder), "--db", store_url)
    assert second.returncode == 0, second.stderr
    assert second.stdout.count("already in the store as run 1") == 2
    assert _counts(store_url) == counts
    with open_engine(store_url).connect() as connection:
        row = connection.execute(select(runs.c.folder, runs.c.manifest_sha256, runs.c.status)).one()
    assert row.folder == str(folder.resolve())
    assert len(row.manifest_sha256) == 64
    assert row.status == "measured"


def _fleet_runs(tmp_path: Path) -> tuple[Path, Path]:
    """Two runs of four sites: one removes Meta, one goes down, one adds TikTok, one is rescanned
    without the scenario its only recipient was seen in."""
    old = make_analysis({
        "Fernmoor": {"url": "https://www.fernmoor.nhs.test/", "scenarios": {
            s: {"vendors": {"meta": 2, "google": 0}, "rules": ["tracking-before-consent"]} for s in ALL}},
        "Lindenbrook": {"url": "https://www.lindenbrook.nhs.test/", "scenarios": {s: {"vendors": {"tiktok": 1}} for s in ALL}},
        "Saltmere": {"url": "https://www.saltmere.nhs.test/", "scenarios": {s: {} for s in ALL}},
        "Brackenfield": {"url": "https://www.brackenfield.nhs.test/", "scenarios": {
            "no-interaction": {}, "reject-all": {}, "accept-all": {"vendors": {"meta": 0}}}},
    }, "2026-01-01T00:00:00Z")
    new = make_analysis({
        "Fernmoor": {"url": "https://www.fernmoor.nhs.test/", "scenarios": {s: {"vendors": {"google": 0}} for s in ALL}},
        "Lindenbrook": {"url": "https://www.lindenbrook.nhs.test/", "scenarios": {s: {"state": "not-measured"} for s in ALL}},
        "Saltmere": {"url": "https://www.saltmere.nhs.test/", "scenarios": {s: {"vendors": {"tiktok": 0}, "rules": ["undisclosed-recipient"]} for s in ALL}},
        "Brackenfield": {"url": "https://www.brackenfield.nhs.test/", "scenarios": {"no-interaction": {}}},
    }, "2026-01-08T00:00:00Z")
    return write_run_folder(tmp_path / "week-1", old), write_run_folder(tmp_path / "week-2", new)


def _statuses(document: dict) -> dict[str, dict[str, str]]:
    return {site["site"]: {r["vendor"]: r["status"] for r in site["recipients"]} | {f"rule:{f['rule']}": f["status"] for f in site["findings"]}
            for site in document["sites"]}


def test_diff_says_removed_only_where_measured_again(store_url: str, tmp_path: Path) -> None:
    old, new = _fleet_runs(tmp_path)
    result = _cli("diff", str(old), str(new), "--db", store_url, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(DIFF_SCHEMA.read_text(encoding="utf-8")))
    assert _statuses(document) == {
        "fernmoor.nhs.test": {"meta": "removed", "google": "still-present", "rule:tracking-before-consent": "fixed"},
        "lindenbrook.nhs.test": {"tiktok": "not-measured"},
        "saltmere.nhs.test": {"tiktok": "added", "rule:undisclosed-recipient": "new"},
        "brackenfield.nhs.test": {"meta": "not-measured"},
    }
    states = {site["site"]: (site["old"], site["new"]) for site in document["sites"]}
    assert states["lindenbrook.nhs.test"] == ("measured", "not-measured")
    meta = next(item for item in document["summary"] if item["vendor"] == "meta")
    assert (meta["sites_old"], meta["sites_new"], meta["removed"], meta["added"], meta["measured_both"]) == (2, 0, 1, 0, 3)
    fernmoor = next(site for site in document["sites"] if site["site"] == "fernmoor.nhs.test")
    meta_at_fernmoor = next(r for r in fernmoor["recipients"] if r["vendor"] == "meta")
    assert (meta_at_fernmoor["old_disclosures"], meta_at_fernmoor["new_disclosures"], meta_at_fernmoor["old_health"]) == (6, 0, 6)
    assert document["old"]["folder"] == str(old.resolve())
    text = _cli("diff", "1", "2", "--db", store_url)
    assert "Meta Platforms, Inc.: on 2 of 4 measured sites before, 0 of 3 now (1 removed, 0 added; 1 not measured in both runs)" in text.stdout


def test_history_keeps_a_renamed_site_and_a_keyed_fleet_row(store_url: str, tmp_path: Path) -> None:
    first = make_analysis({"Old Name Trust": {"url": "https://www.ward.nhs.test/", "scenarios": {"no-interaction": {"vendors": {"meta": 1}}}}}, "2026-01-01T00:00:00Z")
    second = make_analysis({"New Name Trust": {"url": "https://www.ward.nhs.test/", "scenarios": {"no-interaction": {}}}}, "2026-01-08T00:00:00Z")
    for number, analysis in enumerate((first, second)):
        assert _cli("import", str(write_run_folder(tmp_path / f"r{number}", analysis)), "--db", store_url).returncode == 0
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("key,name,url\nward-trust,Ward Trust,https://www.ward-trust.nhs.test/\n", encoding="utf-8")
    (site,) = load_fleet(fleet)
    assert (site.key, site.name, site.url) == ("ward-trust", "Ward Trust", "https://www.ward-trust.nhs.test/")
    moved_a = make_analysis({"Ward Trust": {"url": "https://www.ward-trust.nhs.test/", "scenarios": {"no-interaction": {"vendors": {"google": 1}}}}}, "2026-01-01T00:00:00Z")
    moved_b = make_analysis({"Ward Trust": {"url": "https://www.wardhospitals.nhs.test/", "scenarios": {"no-interaction": {}}}}, "2026-01-08T00:00:00Z")
    for number, analysis in enumerate((moved_a, moved_b)):
        folder = write_run_folder(tmp_path / f"m{number}", analysis, keys={"Ward Trust": "ward-trust"})
        assert _cli("import", str(folder), "--db", store_url).returncode == 0
    result = _cli("history", "ward.nhs.test", "ward-trust", "--db", store_url, "--format", "json")
    assert result.returncode == 0, result.stderr
    by_key = {site["site"]: site for site in json.loads(result.stdout)["sites"]}
    assert set(by_key) == {"ward.nhs.test", "ward-trust"}
    renamed = by_key["ward.nhs.test"]
    assert [run["name"] for run in renamed["runs"]] == ["Old Name Trust", "New Name Trust"]
    assert renamed["name"] == "New Name Trust"
    assert [run["verdict"] for run in renamed["runs"]] == ["health-related data to 1 company", "clean"]
    assert [[r["vendor"] for r in run["recipients"]] for run in by_key["ward-trust"]["runs"]] == [["google"], []]
    for output_format in ("terminal", "csv", "md", "html"):
        rendered = _cli("history", "--db", store_url, "--format", output_format)
        assert rendered.returncode == 0 and "New Name Trust" in rendered.stdout, (output_format, rendered.stderr)


def test_a_scan_folder_gets_the_change_since_the_previous_run(store_url: str, tmp_path: Path) -> None:
    old, new = _fleet_runs(tmp_path)
    recorded, change = api.record_scan(old, store_url)
    assert change is None and not (old / "change.json").exists()
    recorded, change = api.record_scan(new, store_url)
    assert change is not None and change["old"]["id"] == 1 and change["new"]["id"] == recorded.run_id
    assert json.loads((new / "change.json").read_text()) == change
    html = (new / "report.html").read_text(encoding="utf-8")
    assert html.index('id="change"') < html.index('id="verdict"')
    assert "Meta Platforms, Inc.: on 2 of 4 measured sites before, 0 of 3 now" in html
    assert verify(new).intact
    with open_engine(store_url).connect() as connection:
        stored = connection.execute(select(runs.c.manifest_sha256).where(runs.c.id == recorded.run_id)).scalar()
    assert stored == read_run_folder(new).manifest_sha256


def test_hostile_names_reach_no_report_as_markup(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    hostile = '<script>alert(1)</script>\x1b[31m=HYPERLINK("x")'
    for number in range(2):
        analysis = make_analysis({hostile: {"url": "https://www.evil.test/", "scenarios": {"no-interaction": {"vendors": {"meta": number}}}}}, f"2026-01-0{number + 1}T00:00:00Z")
        api.record_scan(write_run_folder(tmp_path / f"r{number}", analysis), url)
    html = _cli("diff", "1", "2", "--db", url, "--format", "html").stdout
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in (tmp_path / "r1" / "report.html").read_text(encoding="utf-8").split("</style>", 1)[1]
    assert "\x1b" not in _cli("diff", "1", "2", "--db", url).stdout
    assert "\n=HYPERLINK" not in _cli("history", "--db", url, "--format", "csv").stdout.replace(",'=HYPERLINK", "")


def test_bad_input_is_one_line_and_exit_3(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    for args in (("diff", "7", "8"), ("history", "no-such-site.test"), ("import", str(tmp_path / "missing"))):
        result = _cli(*args, "--db", url)
        assert result.returncode == 3, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    unreachable = _cli("history", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert unreachable.returncode == 3 and unreachable.stderr.startswith("pixelhound: error: store postgresql+psycopg://")
    assert "Traceback" not in unreachable.stderr


REAL_HAR = Path(__file__).resolve().parents[1] / "data" / "realworld" / "idaho-yourhealthidaho.org" / "requests.har"


def test_analyze_records_its_run_and_a_store_that_fails_costs_only_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    result = _cli("analyze", str(REAL_HAR), "--db", url, "-f", "json", "-o", str(tmp_path / "r.json"))
    assert result.returncode == 0, result.stderr
    history = json.loads(_cli("history", "yourhealthidaho.org", "--db", url, "--format", "json").stdout)
    (site,) = history["sites"]
    (run,) = site["runs"]
    assert run["measurement"] == "measured" and "Meta Platforms, Inc." in [r["company"] for r in run["recipients"]]
    failed = _cli("analyze", str(REAL_HAR), "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "-f", "json",
                  "-o", str(tmp_path / "again.json"))
    assert failed.returncode == 4
    assert json.loads((tmp_path / "again.json").read_text())["sources"], "the report is written before the store fails"
    assert "Traceback" not in failed.stderr and failed.stderr.strip().splitlines()[-1].startswith("pixelhound: error: store")
