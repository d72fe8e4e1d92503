"""`pixelhound monitor --once` twice through the real CLI, over the demo internet's two states
(the first scan, then "a week later"): the second round's alerts must be exactly the changes the
demo's oracle states, delivered to real webhook receivers on loopback (one answering 500 first, one
dead) and to a command, and valid against schema/pixelhound-alert.schema.json.

The fleet is the smallest that shows every kind of change the oracle has: Fernmoor removes its
Meta Pixel (no alert: good news), Saltmere adds Google Analytics (a new recipient, tracking before
consent, health-related page addresses), Lindenbrook goes down (a site that became unmeasurable).
One scenario suffices: no-interaction shows all three (Brackenfield, the one trust whose change
needs accept-all, is left out).
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from pixelhound.demo.server import DemoInternet
from pixelhound.demo.week_later import A_WEEK_LATER, EXPECTED_CHANGE, EXPECTED_STATE_LATER, FIRST_WEEK, DemoState
from pixelhound.knowledge.vendors import site_domain
from pixelhound.settings import MONITOR_LOG_FILE

from .conftest import ALERT_SCHEMA, CHROMIUM, command_recorder, pixelhound, require_chromium, write_fleet
from .receiver import WebhookReceiver, closed_port_url

FLEET = ("fernmoor", "saltmere", "lindenbrook")
SCENARIO = "no-interaction"
DASHBOARD = "http://dashboard.example:8765"


def _trusts(state: DemoState) -> dict:
    return {t.slug: t for t in state.trusts if t.slug in FLEET}


def _round(state: DemoState, fleet: Path, out: Path, db: str, *extra: str):  # noqa: ANN202
    with DemoInternet(trusts=state.served()) as internet:
        down = [f"--resolve={t.host}=127.0.0.1:9" for slug, t in _trusts(state).items() if slug in state.down]
        return pixelhound(
            "monitor", "--once", "--sites", str(fleet), "--out", str(out), "--db", db,
            "--scenarios", SCENARIO, "--max-pages", "3", "--concurrency", "3", "--page-timeout", "15",
            "--site-timeout", "120", "--browser", CHROMIUM, "--insecure", "--dashboard-url", DASHBOARD,
            # Loopback only: a down trust to a closed port, every other name to the demo internet.
            *down, f"--resolve=*=127.0.0.1:{internet.port}", *extra,
        )


@pytest.fixture(scope="module")
def rounds(tmp_path_factory: pytest.TempPathFactory) -> dict:
    require_chromium()
    work = tmp_path_factory.mktemp("monitor")
    fleet = write_fleet(work / "fleet.csv", [(t.name, t.start_url) for t in _trusts(FIRST_WEEK).values()])
    out, db = work / "monitor", f"sqlite:///{work / 'store.db'}"
    command, received = command_recorder(work)
    with WebhookReceiver() as first_hook:
        first = _round(FIRST_WEEK, fleet, out, db, "--alert-webhook", first_hook.url)
    with WebhookReceiver() as hook, WebhookReceiver(fail_first=1) as flaky:
        second = _round(A_WEEK_LATER, fleet, out, db, "--alert-webhook", hook.url, "--alert-webhook", flaky.url,
                        "--alert-webhook", closed_port_url(), "--alert-command", command,
                        "--alert-attempts", "3", "--alert-backoff", "0.05")
    lines = received.read_text(encoding="utf-8").splitlines() if received.exists() else []
    return {
        "first": first, "first_posted": first_hook.alerts, "second": second, "posted": hook.alerts,
        "flaky": flaky, "piped": [json.loads(line) for line in lines], "out": out,
    }


def _expected() -> set[tuple[str, str, str]]:
    """(change, site key, vendor) the oracle implies for the fleet, written from its statements."""
    first, later = _trusts(FIRST_WEEK), _trusts(A_WEEK_LATER)
    key = {slug: site_domain(trust.start_url) for slug, trust in first.items()}
    expected = set()
    for slug in FLEET:
        for vendor, status in EXPECTED_CHANGE[slug].items():
            if status == "added":
                expected.add(("new-recipient", key[slug], vendor))
        if EXPECTED_STATE_LATER.get(slug) == "not-measured":
            expected.add(("site-unmeasurable", key[slug], ""))
            continue
        before_then = first[slug].consent_expected[SCENARIO].before
        for vendor in later[slug].consent_expected[SCENARIO].before - before_then:
            expected.add(("tracking-before-consent", key[slug], vendor))
    # Saltmere's new Google Analytics is on every page, and the scan's first pages are its health
    # pages: their addresses reach Google, a health-data finding Saltmere never had.
    expected.add(("new-health-finding", key["saltmere"], "google"))
    return expected


def _found(alerts: list[dict]) -> set[tuple[str, str, str]]:
    return {(a["change"], a["site"]["key"], (a["recipient"] or a["finding"] or {}).get("vendor", "")) for a in alerts}


def test_the_first_round_records_the_baseline_and_alerts_on_nothing(rounds: dict) -> None:
    first = rounds["first"]
    assert first.returncode == 0, first.stderr[-3000:]
    assert "baseline recorded as run 1" in first.stderr
    assert rounds["first_posted"] == []


def test_the_second_round_alerts_exactly_on_the_oracles_changes(rounds: dict) -> None:
    second = rounds["second"]
    assert second.returncode == 1, second.stderr[-3000:]
    assert "compared with run 1" in second.stderr
    posted = rounds["posted"]
    assert _found(posted) == _expected()
    assert len(posted) == len(_expected())  # one alert per change, no repeats


def test_alerts_follow_the_schema_and_link_to_the_dashboard(rounds: dict) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(ALERT_SCHEMA.read_text(encoding="utf-8")))
    for alert in rounds["posted"]:
        validator.validate(alert)
        assert alert["runs"] == {"previous": 1, "current": 2}
        assert alert["dashboard"]["site"] == f"{DASHBOARD}/sites/{alert['site']['key']}"
        assert alert["dashboard"]["run"] == f"{DASHBOARD}/runs/2"
        assert alert["dashboard"]["diff"] == f"{DASHBOARD}/diff?old=1&new=2"
        assert Path(alert["folder"]).parent == rounds["out"].resolve()
    down = next(a for a in rounds["posted"] if a["change"] == "site-unmeasurable")
    assert down["measurement"]["previous"] == "measured" and down["measurement"]["current"] == "not-measured"


def test_a_webhook_that_fails_first_gets_every_alert_on_retry(rounds: dict) -> None:
    flaky = rounds["flaky"]
    assert flaky.alerts == rounds["posted"]
    assert flaky.attempts == len(rounds["posted"]) + 1


def test_a_dead_webhook_is_logged_and_the_round_still_completes(rounds: dict) -> None:
    second = rounds["second"]
    assert second.returncode == 1
    assert "not delivered to http://127.0.0.1:" in second.stderr
    assert "/hook" not in second.stderr  # a webhook's path is its secret: never printed or logged
    log = [json.loads(line) for line in (rounds["out"] / MONITOR_LOG_FILE).read_text(encoding="utf-8").splitlines()]
    undelivered = [entry for entry in log if "undelivered" in entry]
    assert all(entry["undelivered"].endswith("/...") for entry in undelivered)
    assert sorted(e["alert"]["id"] for e in undelivered) == sorted(a["id"] for a in rounds["posted"])
    assert [entry["status"] for entry in log if "status" in entry] == ["baseline", "compared"]


def test_the_alert_command_receives_the_same_documents(rounds: dict) -> None:
    assert rounds["piped"] == rounds["posted"]
