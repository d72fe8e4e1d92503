"""`--browser-mode shell`: Chromium's headless shell loses no request and says in the run's record
that it was used (a site can tell it apart from the full browser; docs/capture.md, "Browser mode")."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pixelhound.capture.browser import BrowserNotFound, find_chromium
from pixelhound.capture.scan import Site
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import FERNMOOR, TRUSTS
from pixelhound.model import MEASURED, NO_INTERACTION

from .conftest import FleetRun, run_fleet
from .test_cli_scan import pixelhound
from .test_completeness import evidence_units, received_units

LIMIT = 900.0  # a hang guard, not a speed test


def headless_shell() -> str:
    try:
        return find_chromium(mode="shell")
    except BrowserNotFound as error:
        pytest.fail(f"{error} (./dev setup installs it)")


@pytest.fixture(scope="module")
def shell_fleet(internet: DemoInternet, tmp_path_factory: pytest.TempPathFactory) -> FleetRun:
    from pixelhound.assess.canary import CanaryIdentity

    sites = [Site(trust.name, trust.start_url) for trust in TRUSTS[:2]]
    return run_fleet(internet, sites, tmp_path_factory.mktemp("shell"), LIMIT, executable=headless_shell(),
                     scenarios=(NO_INTERACTION, "accept-all"), max_pages=3, identity=CanaryIdentity(), concurrency=2)


def test_the_headless_shell_loses_no_request(shell_fleet: FleetRun) -> None:
    received = received_units(shell_fleet.log)
    missing = received - evidence_units([c for scan in shell_fleet.scans for c in scan.captures])
    assert sum(received.values()) > 100
    assert missing == {}, sorted(missing)[:10]
    assert all(scan.browser_version.endswith(" headless shell") for scan in shell_fleet.scans)


def test_a_run_records_which_browser_the_sites_saw(tmp_path: Path) -> None:
    out = tmp_path / "run"
    with DemoInternet() as internet:
        result = pixelhound(
            "scan", FERNMOOR.start_url, "--out", str(out), "--max-pages", "1", "--scenarios", NO_INTERACTION,
            "--browser-mode", "shell", "--insecure", "--resolve", f"*=127.0.0.1:{internet.port}", timeout=240,
        )
    assert result.returncode in (0, 1), result.stderr[-3000:]
    settings = json.loads((out / "run.json").read_text())
    assert settings["options"]["browser_mode"] == "shell"
    assert settings["browser"].startswith("Chromium ") and settings["browser"].endswith(" headless shell")
    report = json.loads((out / "report.json").read_text())
    assert [s["measurement"] for s in report["sources"]] == [MEASURED]


def test_an_unknown_browser_mode_is_one_line_and_exit_2() -> None:
    result = pixelhound("scan", FERNMOOR.start_url, "--browser-mode", "turbo")
    assert result.returncode == 2
    assert "turbo" in result.stderr and "Traceback" not in result.stderr
