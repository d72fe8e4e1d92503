"""`pixelhound redact`: a copy fit to publish, made from a run folder whose HAR carries the canary
(plain, URL-encoded, base64 and hashed), cookies, IP addresses and an Authorization header; then
checked byte by byte, verified, and signed anew. No browser: the run folder is written by the
real report writers and manifest from a HAR (the scanned case is in tests/scan/test_cli_scan.py)."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import shutil
from dataclasses import asdict
from pathlib import Path
from urllib.parse import quote

import pytest

from pixelhound.analysis import Analyzer
from pixelhound.evidence import write_manifest
from pixelhound.model import CanaryIdentity
from pixelhound.report.formats import write_all
from pixelhound.settings import REDACT_MASK, RUN_FOLDER_TOOL
from pixelhound.store.run_folder import RunFolder
from tests.harbuilder import entry
from tests.seal.conftest import cli, flip_byte
from tests.seal.leaks import forms, leaks, original_secrets

# Not the default canary: the copy must mask the identity the run recorded in run.json.
IDENTITY = CanaryIdentity.from_options("jo.quillfeather@example.org", "Joanna Quillfeather", "07700 900123", "ZZ1 1ZZ")
EMAIL_SHA256 = hashlib.sha256(IDENTITY.email.lower().encode()).hexdigest()
TOKEN = "sk_live_TOPSECRETtoken123"
LISTED = "Ward 7B Harrowgate"
SCENARIO = "sites/www-fernmoor-nhs-test/accept-all"


def _har() -> dict:
    meta = entry(
        f"https://www.facebook.com/tr/?id=1&ev=PageView&ud[em]={EMAIL_SHA256}"
        f"&fn={quote(IDENTITY.first_name.lower())}&cd[email]={quote(IDENTITY.email, safe='')}",
        headers=[{"name": "Cookie", "value": "_fbp=fb.1.1700000000000.1234567890; fr=0abcDEFghiJKL; c=1; ts=1796019587"}],
        extra={"serverIPAddress": "157.240.1.35", "_seen": 1796019587},  # a cookie value that is also a JSON number
        response={"status": 200, "statusText": "OK", "httpVersion": "HTTP/1.1", "cookies": [
            {"name": "fr", "value": "0xyzSecretValue99"}], "headers": [
            {"name": "Set-Cookie", "value": "fr=0xyzSecretValue99; Path=/; Secure"}],
            "content": {"size": 0, "mimeType": "text/plain"}, "redirectURL": "", "headersSize": -1, "bodySize": 0},
    )
    meta["request"]["cookies"] = [{"name": "_fbp", "value": "fb.1.1700000000000.1234567890"},
                                  {"name": "fr", "value": "0abcDEFghiJKL"}, {"name": "c", "value": "1"},
                                  {"name": "ts", "value": "1796019587"}]
    hidden = base64.b64encode(json.dumps({"email": IDENTITY.email, "where": LISTED}).encode()).decode()
    collect = entry(
        "https://collect.tracker.test/v1/events", method="POST",
        post={"mimeType": "application/json", "text": json.dumps({"u": hidden, "phone": "+447700900461", "ip": "203.0.113.7"})},
        headers=[{"name": "Authorization", "value": f"Bearer {TOKEN}"}],
        extra={"serverIPAddress": "[2001:db8::7]"},
    )
    page = entry("https://www.fernmoor.nhs.test/repeat-prescriptions", extra={"serverIPAddress": "198.51.100.23"})
    return {"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "pages": [], "entries": [page, meta, collect]}}


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder as a scan leaves it: run.json, reports, HAR, page, screenshot, NetLog, manifest."""
    folder = RunFolder(tmp_path_factory.mktemp("redact") / "run")
    folder.create()
    folder.write_run({"tool": RUN_FOLDER_TOOL, "command": "scan", "identity": asdict(IDENTITY),
                      "options": {"resolve": ["*=127.0.0.1:8443"]}})
    scenario = folder.root / SCENARIO
    (scenario / "pages").mkdir(parents=True)
    (scenario / "screenshots").mkdir()
    (scenario / "capture.har").write_text(json.dumps(_har(), indent=1))
    (scenario / "pages" / "01.html").write_text(
        f'<form><input name="email" value="{IDENTITY.email}"><input value="{IDENTITY.phone}"></form>'
        f"<p>Your address: 198.51.100.23 - {LISTED}</p><style>a::before{{content:''}}</style>")
    (scenario / "screenshots" / "01.png").write_bytes(b"\x89PNG\r\n\x1a\n" + IDENTITY.email.encode())
    (scenario / "netlog-1.json.gz").write_bytes(gzip.compress(json.dumps(
        {"events": [{"params": {"headers": ["cookie: _fbp=fb.1.1700000000000.1234567890", f"authorization: Bearer {TOKEN}"],
                                "address": "157.240.1.35:443"}}]}).encode()))
    analyzer = Analyzer()
    analyzer.add_har(scenario / "capture.har")
    write_all(analyzer.result(), folder.root)
    write_manifest(folder.root)
    return folder.root


@pytest.fixture(scope="module")
def copy(original: Path) -> Path:
    out = original.parent / "public"
    result = cli("redact", str(original), "--out", str(out), "--mask", LISTED)
    assert result.returncode == 0, result.stderr
    assert "leak-proving hashes kept" in result.stderr
    return out


def test_nothing_identifying_is_left_in_any_byte_of_the_copy(original: Path, copy: Path) -> None:
    secrets = original_secrets(original, IDENTITY)
    assert any(what.startswith("cookie") for what in secrets.values()) and "IP address" in secrets.values()
    for value, what in ((TOKEN, "authorization"), (LISTED, "listed"), ("203.0.113.7", "IP address in a body"),
                        ("2001:db8::7", "IPv6 address")):
        secrets.update({form: what for form in forms(value)})
    assert leaks(original, secrets), "the original must hold what the copy must not, or this test proves nothing"
    found = [leak for leak in leaks(copy, secrets) if not leak.startswith(f"{SCENARIO}/screenshots/")]
    assert found == []


def test_the_copy_keeps_the_proof_of_the_leak_and_says_so(copy: Path) -> None:
    har = (copy / SCENARIO / "capture.har").read_text()
    assert EMAIL_SHA256 in har and f"{REDACT_MASK}" in har
    cookie = next(h for e in json.loads(har)["log"]["entries"] for h in e["request"]["headers"] if h["name"] == "Cookie")
    assert cookie["value"] == f"_fbp={REDACT_MASK}; fr={REDACT_MASK}; c={REDACT_MASK}; ts={REDACT_MASK}"  # even "1", where it stands
    assert json.loads(har)["log"]["entries"][1]["_seen"] == REDACT_MASK  # the number, masked, and the HAR still JSON
    for name in ("report.json", "report.sarif", "run.json", "manifest.json"):
        json.loads((copy / name).read_text())
    note = (copy / "REDACTED.md").read_text()
    assert EMAIL_SHA256 in note and "SHA-256 of normalised email" in note and "Screenshots" in note
    assert "a::before" in (copy / SCENARIO / "pages" / "01.html").read_text()  # CSS is not an IPv6 address


def test_screenshots_are_kept_as_they_were(original: Path, copy: Path) -> None:
    shot = f"{SCENARIO}/screenshots/01.png"
    assert (copy / shot).read_bytes() == (original / shot).read_bytes()


def test_the_copy_verifies_and_names_the_original_manifest(original: Path, copy: Path) -> None:
    result = cli("verify", str(copy))
    assert result.returncode == 0 and "intact" in result.stdout, result.stdout
    original_hash = hashlib.sha256((original / "manifest.json").read_bytes()).hexdigest()
    assert json.loads((copy / "manifest.json").read_text())["provenance"]["redacted_copy_of"]["manifest_sha256"] == original_hash
    assert f"redacted copy of a run folder whose manifest.json had SHA-256 {original_hash}" in result.stdout
    report = cli("report", str(copy), "--format", "md")
    assert report.returncode in (0, 1) and IDENTITY.email not in report.stdout


def test_a_signature_of_the_original_does_not_verify_on_the_copy_but_the_copy_can_be_signed(
        original: Path, copy: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    signed_original = shutil.copytree(original, tmp_path / "original")
    assert cli("sign", str(signed_original), "--key", str(keys[0])).returncode == 0
    public = shutil.copytree(copy, tmp_path / "public")
    shutil.copy(signed_original / "manifest.sig", public / "manifest.sig")
    assert cli("verify", str(public), "--pubkey", str(keys[1])).returncode == 1
    assert cli("sign", str(public), "--key", str(keys[0])).returncode == 0
    assert cli("verify", str(public), "--pubkey", str(keys[1])).returncode == 0


def test_a_folder_that_does_not_verify_is_not_copied(original: Path, tmp_path: Path) -> None:
    tampered = shutil.copytree(original, tmp_path / "tampered")
    flip_byte(tampered / SCENARIO / "capture.har", 10)
    result = cli("redact", str(tampered), "--out", str(tmp_path / "out"))
    assert result.returncode == 3 and "does not match its manifest" in result.stderr
    assert not (tmp_path / "out").exists()
    inside = cli("redact", str(original), "--out", str(original / "public"))
    assert inside.returncode == 4 and len(inside.stderr.strip().splitlines()) == 1
    short = cli("redact", str(original), "--out", str(tmp_path / "short"), "--mask", "a")
    assert short.returncode == 2 and not (tmp_path / "short").exists()
