"""The private-target guard through the real CLI process: every spelling of a private address is
refused (exit 3, one line each, no traceback, nothing written) and accepted with --allow-private;
the monitor and the queue's workers refuse them unless their operator allowed them. Cheap: no
browser starts here (the scan of a host mapped with --resolve is in test_credentials.py)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pixelhound.capture.scan import ScanOptions, Site
from pixelhound.capture.scan_record import load_scan
from pixelhound.run import open_run
from pixelhound.scale.worker_task import _refusal, attempt_site
from pixelhound.settings import EXIT_BAD_INPUT, EXIT_OUTPUT, TARGETS_ALLOW_PRIVATE_ENV
from pixelhound.store.run_folder import RunFolder
from pixelhound.targets import PrivateTarget, TargetPolicy, check_target, pin_rules

HANG_GUARD = 120

PRIVATE_SPELLINGS = (
    "http://127.0.0.1/", "http://localhost:8080/", "http://127.1/", "http://2130706433/", "http://0x7f000001/",
    "http://0177.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://10.20.30.40/",
    "http://172.16.5.4/", "http://172.31.255.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[fe80::1]/", "http://%31%32%37.0.0.1/",
    "http://\uff11\uff12\uff17.0.0.1/", "http://127.0.0.1./", "http://portal.localhost/", "https://alice:pw@10.0.0.1/",
)


def pixelhound(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if key != TARGETS_ALLOW_PRIVATE_ENV}
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True,
                          timeout=HANG_GUARD, env={**environment, **(env or {})})


def _this_machines_private_name() -> list[str]:
    """This machine's own name when it resolves to a private address (Debian: 127.0.1.1 in
    /etc/hosts): a name that looks like any other, resolved before deciding."""
    name = socket.gethostname()
    try:
        addresses = {answer[4][0] for answer in socket.getaddrinfo(name, None)}
    except OSError:
        return []
    return [f"https://{name}/"] if any(a.startswith(("127.", "10.", "192.168.")) or a == "::1" for a in addresses) else []


def test_every_spelling_of_a_private_address_is_refused_one_line_each(tmp_path: Path) -> None:
    """One process for them all: each refused target gets its own line; a host mapped with
    --resolve and a name that does not resolve are not refused; nothing is written."""
    out = tmp_path / "run"
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("name,url\nMetadata,http://169.254.169.254/latest/\nPortal,http://portal.test/\n", encoding="utf-8")
    private = [*PRIVATE_SPELLINGS, *_this_machines_private_name()]
    result = pixelhound("scan", *private, "https://www.nowhere.test/", "--sites", str(fleet),
                        "--resolve", "portal.test=127.0.0.1:9", "--out", str(out))
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(private) + 1, result.stderr  # + the fleet's metadata row
    for line in lines:
        assert line.startswith("pixelhound: error: ") and "refused" in line and "--allow-private" in line, line
    assert "169.254.169.254" in lines[-1] and "portal.test" not in result.stderr and "nowhere.test" not in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()
    assert "pw@" not in result.stderr  # a refused URL's credentials are not repeated either
    if len(private) > len(PRIVATE_SPELLINGS):
        assert "resolves to the private address" in lines[len(PRIVATE_SPELLINGS)]


def test_with_allow_private_every_spelling_passes_the_guard(tmp_path: Path) -> None:
    """Accepted: the command goes on to its next check, the --out folder (here not empty: exit 4)."""
    full = tmp_path / "full"
    full.mkdir()
    (full / "something").write_text("x")
    result = pixelhound("scan", *PRIVATE_SPELLINGS, "--out", str(full), "--allow-private")
    assert result.returncode == EXIT_OUTPUT, result.stderr
    assert "refused" not in result.stderr and "not empty" in result.stderr


def test_a_name_that_dns_rebinds_to_a_private_address_is_refused_and_a_public_one_pinned() -> None:
    with pytest.raises(PrivateTarget, match="resolves to the private address 10.1.2.3"):
        check_target("https://www.clinic-example.org/", TargetPolicy(), resolver=lambda _host: ["93.184.215.14", "10.1.2.3"])
    assert check_target("https://www.clinic-example.org/", TargetPolicy(), resolver=lambda _host: ["93.184.215.14"]) == ["93.184.215.14"]
    assert pin_rules({"www.clinic-example.org": ["93.184.215.14"], "gone.test": []}) == \
        "MAP www.clinic-example.org 93.184.215.14, MAP gone.test ~NOTFOUND"


def test_monitor_refuses_a_private_fleet_row_unless_its_operator_allows_it(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("name,url\nInternal,http://10.0.0.8/admin\n", encoding="utf-8")
    common = ["monitor", "--once", "--sites", str(fleet), "--db", f"sqlite:///{tmp_path / 'store.db'}"]
    refused = pixelhound(*common, "--out", str(tmp_path / "monitor"))
    assert refused.returncode == EXIT_BAD_INPUT, refused.stderr
    assert len(refused.stderr.splitlines()) == 1 and "10.0.0.8" in refused.stderr and "Traceback" not in refused.stderr
    assert not (tmp_path / "monitor").exists()


def test_a_worker_records_a_private_site_not_measured_unless_its_operator_allows_it(tmp_path: Path,
                                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The coordinator's run.json (written by someone else's `scan --queue --allow-private`) does
    not decide for the worker: its own environment does. Refused, the site is never fetched."""
    sites = [Site(name="Metadata", url="http://169.254.169.254/")]
    options = ScanOptions(out_dir=tmp_path / "run", scenarios=("no-interaction",))
    _settings, _done, lock = open_run(sites, options, resume=False, command="scan")
    os.close(lock)
    monkeypatch.delenv(TARGETS_ALLOW_PRIVATE_ENV, raising=False)
    assert attempt_site(options.out_dir, sites[0].folder_name) == "failed"
    scan = load_scan(RunFolder(options.out_dir), sites[0], "no-interaction")
    assert scan is not None and not scan.measured and not scan.pages
    assert "refused, 169.254.169.254 is a private address" in scan.reason and "worker's --allow-private" in scan.reason
    monkeypatch.setenv(TARGETS_ALLOW_PRIVATE_ENV, "1")  # what `worker --allow-private` sets for its children
    assert _refusal(sites[0], options) == ""
