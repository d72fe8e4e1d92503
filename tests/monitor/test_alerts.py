"""What a round alerts on, from run folders written the way a scan writes them and recorded in a
real SQLite store: a recipient removed and then back again is `recipient-back` (the diff of two runs
alone would call it new), the previous round is the monitor folder's own, a site new to the fleet
is a baseline, and the command line refuses what it cannot run in one line."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from pixelhound.cli import app

from pixelhound.monitor.alerts import CHANGES, Links, round_alerts
from pixelhound.monitor.schedule import parse_interval
from pixelhound.store.api import import_folder
from pixelhound.store.engine import open_engine
from pixelhound.store.history import previous_run_in_folder
from tests.store.helpers import make_analysis, write_run_folder

from .conftest import ALERT_SCHEMA

TRUST = "https://www.alder.nhs.test/"
NEWCOMER = "https://www.birch.nhs.test/"
OUTAGE = "https://www.cedar.nhs.test/"


def _run(engine: Engine, folder: Path, generated: str, sites: dict[str, dict]) -> int:
    """A run folder of `sites` (make_analysis's form) recorded in the store; its run id."""
    return import_folder(write_run_folder(folder, make_analysis(sites, generated)), engine=engine).run_id


def _alder(vendors: dict[str, int], rules: list[str]) -> dict:
    return {"url": TRUST, "scenarios": {"no-interaction": {"vendors": vendors, "rules": rules}}}


def _cedar(state: str, vendors: dict[str, int]) -> dict:
    return {"url": OUTAGE, "scenarios": {"no-interaction": {"state": state, "vendors": vendors}}}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("alerts")
    engine = open_engine(f"sqlite:///{work / 'store.db'}")
    monitor = work / "monitor"
    first = _run(engine, monitor / "round-1", "2026-01-01T00:00:00Z", {
        "Alder": _alder({"meta": 1}, ["health-data-disclosed"]), "Cedar": _cedar("measured", {}),
    })
    second = _run(engine, monitor / "round-2", "2026-01-08T00:00:00Z", {
        "Alder": _alder({}, []), "Cedar": _cedar("not-measured", {}),
    })
    elsewhere = _run(engine, work / "manual-scan", "2026-01-10T00:00:00Z", {"Alder": _alder({"google": 0}, [])})
    third = _run(engine, monitor / "round-3", "2026-01-15T00:00:00Z", {
        "Alder": _alder({"meta": 2}, ["health-data-disclosed", "tracking-before-consent"]),
        "Birch": {"url": NEWCOMER, "scenarios": {"no-interaction": {"vendors": {"tiktok": 0}}}},
        "Cedar": _cedar("measured", {"hotjar": 0}),
    })
    with engine.connect() as connection:
        previous = previous_run_in_folder(connection, third, monitor)
        alerts = round_alerts(connection, previous, third, Links("http://127.0.0.1:8765/"), monitor)
    return {"ids": (first, second, elsewhere, third), "previous": previous, "alerts": alerts}


def test_the_previous_round_is_the_monitor_folders_own(store: dict) -> None:
    _, second, _, _ = store["ids"]
    assert store["previous"] == second  # not the later scan of the same site made outside the monitor


def test_a_removed_recipient_back_again_is_said_so(store: dict) -> None:
    first, second, _, third = store["ids"]
    alder = {(a["change"], (a["recipient"] or {}).get("vendor")) for a in store["alerts"] if a["site"]["key"] == "alder.nhs.test"}
    assert alder == {("recipient-back", "meta"), ("new-health-finding", "meta"), ("tracking-before-consent", "meta")}
    assert "birch.nhs.test" not in {a["site"]["key"] for a in store["alerts"]}  # new to the fleet: its baseline
    back = next(a for a in store["alerts"] if a["change"] == "recipient-back")
    assert back["previously_seen_run"] == first
    assert back["recipient"]["health_disclosures"] == 2
    assert f"last seen in run {first}" in back["text"]
    assert back["dashboard"] == {"site": "http://127.0.0.1:8765/sites/alder.nhs.test",
                                 "run": f"http://127.0.0.1:8765/runs/{third}",
                                 "diff": f"http://127.0.0.1:8765/diff?old={second}&new={third}"}


def test_a_site_down_in_the_previous_round_is_compared_with_the_last_round_that_measured_it(store: dict) -> None:
    first, _, _, third = store["ids"]
    cedar = [a for a in store["alerts"] if a["site"]["key"] == "cedar.nhs.test"]
    assert [(a["change"], a["recipient"]["vendor"], a["runs"]) for a in cedar] == [
        ("new-recipient", "hotjar", {"previous": first, "current": third}),
    ]  # the diff with the round it was down in alone would say not-measured, and never alert


def test_every_alert_follows_the_schema_whose_changes_are_the_codes(store: dict) -> None:
    schema = json.loads(ALERT_SCHEMA.read_text(encoding="utf-8"))
    assert tuple(schema["properties"]["change"]["enum"]) == CHANGES
    for alert in store["alerts"]:
        jsonschema.Draft202012Validator(schema).validate(alert)
    assert len({a["id"] for a in store["alerts"]}) == len(store["alerts"])


@pytest.mark.parametrize(("text", "seconds"), [("7d", 604800), ("1h30m", 5400), ("90s", 90), ("2w", 1209600)])
def test_intervals(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "7", "1x", "d7", "-1h"])
def test_bad_intervals_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--every"):
        parse_interval(text)


def test_the_command_line_refuses_what_it_cannot_run_in_one_line(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("name,url\nAlder,https://www.alder.nhs.test/\n", encoding="utf-8")
    run_folder = tmp_path / "a-run"
    run_folder.mkdir()
    (run_folder / "run.json").write_text('{"tool": "pixelhound"}', encoding="utf-8")
    common = ["monitor", "--sites", str(fleet), "--db", f"sqlite:///{tmp_path / 'store.db'}"]
    cases = [
        (2, [*common, "--out", str(tmp_path / "m"), "--once", "--every", "7d"]),
        (2, [*common, "--out", str(tmp_path / "m"), "--once", "--alert-webhook", "file:///etc/passwd"]),
        (2, [*common, "--out", str(tmp_path / "m"), "--every", "0s"]),
        (2, [*common, "--out", str(tmp_path / "m"), "--once", "--alert-command", "notify 'unclosed"]),
        (4, [*common, "--out", str(run_folder / "monitor"), "--every", "7d"]),
        (3, [*common[:2], str(tmp_path / "missing.csv"), "--out", str(tmp_path / "m"), "--once"]),
    ]
    for code, args in cases:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == code, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert result.stderr.startswith("pixelhound: error: "), (args, result.stderr)
    assert not (tmp_path / "m").exists() and not (run_folder / "monitor").exists()


def test_tracking_after_withdrawal_and_despite_gpc_alert_when_new(tmp_path: Path) -> None:
    """The consent scenarios' own violations wake someone, each once, and only when new this round."""
    engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
    monitor = tmp_path / "monitor"

    def elm(withdraw_rules: list[str], gpc_rules: list[str]) -> dict:
        return {"Elm": {"url": "https://www.elm.nhs.test/", "scenarios": {
            "withdraw": {"vendors": {"meta": 1}, "rules": withdraw_rules},
            "gpc": {"vendors": {"meta": 1}, "rules": gpc_rules},
        }}}

    before = _run(engine, monitor / "round-1", "2026-02-01T00:00:00Z", elm(["tracking-after-withdrawal"], []))
    now = _run(engine, monitor / "round-2", "2026-02-08T00:00:00Z",
               elm(["tracking-after-withdrawal"], ["tracking-despite-gpc"]))
    with engine.connect() as connection:
        alerts = round_alerts(connection, before, now, Links("http://127.0.0.1:8765/"), monitor)
    assert [(a["change"], a["recipient"]["vendor"], a["finding"]["scenarios"]) for a in alerts] == [
        ("tracking-despite-gpc", "meta", ["gpc"]),
    ]  # tracking after withdrawal persisted from round 1: not new, no alert

    fresh = _run(engine, monitor / "round-3", "2026-02-15T00:00:00Z", elm([], []))
    again = _run(engine, monitor / "round-4", "2026-02-22T00:00:00Z", elm(["tracking-after-withdrawal"], []))
    with engine.connect() as connection:
        alerts = round_alerts(connection, fresh, again, Links("http://127.0.0.1:8765/"), monitor)
    assert [a["change"] for a in alerts] == ["tracking-after-withdrawal"]
