"""`pixelhound scan` as a user runs it: one real process against the demo internet (one run: it is
slow), its exit code, and the run folder it leaves (report, settings, manifest, HARs, screenshots)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import FERNMOOR
from pixelhound.model import CanaryIdentity
from pixelhound.seal.signature import generate_keys

from tests.seal.conftest import cli
from tests.seal.leaks import leaks, original_secrets

from .conftest import CHROMIUM, require_chromium

MAX_PAGES = 4


def pixelhound(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    require_chromium()
    out = tmp_path_factory.mktemp("cli") / "run"
    generate_keys(out.parent / "key.pem")
    with DemoInternet() as internet:
        result = pixelhound(
            "scan", FERNMOOR.start_url, "https://www.down.test/",
            "--out", str(out), "--max-pages", str(MAX_PAGES), "--page-timeout", "10", "--site-timeout", "90",
            "--browser", CHROMIUM, "--insecure", "--fail-on", "high", "--scenarios", "no-interaction",
            # Loopback only: the down site to a closed port, every other name to the demo internet.
            "--resolve", "www.down.test=127.0.0.1:9", "--resolve", f"*=127.0.0.1:{internet.port}",
            "--sign-key", str(out.parent / "key.pem"),
            timeout=240,
        )
    return result, out


def test_scan_exits_1_on_findings_at_the_fail_on_severity(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, _ = run
    assert result.returncode == 1, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Meta Platforms" in result.stdout


def test_run_folder_holds_report_settings_evidence_and_manifest(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    report = json.loads((out / "report.json").read_text())
    settings = json.loads((out / "run.json").read_text())
    assert (out / "manifest.json").is_file()
    assert [s["url"] for s in settings["sites"]] == [FERNMOOR.start_url, "https://www.down.test/"]
    assert settings["options"]["max_pages"] == MAX_PAGES
    sources = {s["site"]: s for s in report["sources"]}
    trust, down = sources[FERNMOOR.start_url], sources["https://www.down.test/"]
    assert trust["measured"] is True and len(trust["pages"]) == MAX_PAGES
    assert down["measured"] is False and "down or unreachable" in down["reason"]
    assert any(d["vendor"] == "meta" for d in report["disclosures"])
    assert any(f["rule"] == "canary-disclosed" and f["vendor"] == "meta" for f in report["findings"])
    hars = sorted(out.glob("sites/*/no-interaction/capture.har"))
    assert len(hars) == 2
    shots = sorted(out.glob("sites/*/no-interaction/screenshots/*.png"))
    assert len(shots) == MAX_PAGES and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in shots)
    for page in trust["pages"]:
        assert (out / page["screenshot"]).is_file() and (out / page["html"]).is_file()


def test_verify_finds_the_run_folder_intact_and_then_notices_a_change(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    intact = pixelhound("verify", str(out))
    assert intact.returncode == 0 and "intact" in intact.stdout, intact.stdout + intact.stderr
    har = next(out.glob("sites/*/no-interaction/capture.har"))
    original = har.read_bytes()
    try:
        har.write_bytes(original + b" ")
        altered = pixelhound("verify", str(out))
        assert altered.returncode == 1 and "ALTERED" in altered.stdout
    finally:
        har.write_bytes(original)


def test_scan_signs_its_manifest_with_sign_key(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    result, out = run
    assert "pixelhound: signed" in result.stderr
    signed = pixelhound("verify", str(out), "--pubkey", str(out.parent / "key.pem.pub"))
    assert signed.returncode == 0 and "signature: good" in signed.stdout, signed.stdout + signed.stderr


def test_a_redacted_copy_of_the_scan_leaks_nothing_and_verifies(run: tuple[subprocess.CompletedProcess[str], Path]) -> None:
    _, out = run
    public = out.parent / "public"
    redacted = cli("redact", str(out), "--out", str(public))  # in this process: a second interpreter costs seconds
    assert redacted.returncode == 0, redacted.stderr
    secrets = original_secrets(out, CanaryIdentity())
    assert leaks(out, secrets), "the scan must have recorded cookies, IPs or canary values, or this proves nothing"
    assert [leak for leak in leaks(public, secrets) if "/screenshots/" not in leak] == []
    assert cli("verify", str(public)).returncode == 0
