"""Signed evidence through the real CLI: keygen, sign, verify; every tampering fails with exit 1."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.seal.conftest import cli, flip_byte

EVIDENCE = ["run.json", "report.json", "sites/a/no-interaction/capture.har",
            "sites/a/no-interaction/screenshots/01.png", "sites/a/no-interaction/pages/01.html"]


@pytest.fixture
def signed(run_dir: Path, keys: tuple[Path, Path]) -> Path:
    result = cli("sign", str(run_dir), "--key", str(keys[0]))
    assert result.returncode == 0, result.stderr
    return run_dir


def test_keygen_writes_a_private_key_only_its_owner_can_read(keys: tuple[Path, Path]) -> None:
    private, public = keys
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.read_text().startswith("-----BEGIN PRIVATE KEY-----")
    assert public.read_text().startswith("-----BEGIN PUBLIC KEY-----")
    before = private.read_bytes()
    again = cli("keygen", str(private))
    assert again.returncode == 4 and "refusing to overwrite" in again.stderr and private.read_bytes() == before


def test_a_signed_folder_verifies(signed: Path, keys: tuple[Path, Path]) -> None:
    result = cli("verify", str(signed), "--pubkey", str(keys[1]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "signature: good" in result.stdout and "intact: 5 files" in result.stdout


def test_the_signature_is_checkable_without_pixelhound(signed: Path, keys: tuple[Path, Path]) -> None:
    """A case officer's own openssl agrees (raw Ed25519 over manifest.json's bytes)."""
    openssl = shutil.which("openssl")
    assert openssl is not None
    command = [openssl, "pkeyutl", "-verify", "-pubin", "-inkey", str(keys[1]), "-rawin",
               "-in", str(signed / "manifest.json"), "-sigfile", str(signed / "manifest.sig")]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    flip_byte(signed / "manifest.json", 5)
    assert subprocess.run(command, capture_output=True, timeout=60).returncode != 0


def test_a_flipped_byte_in_any_evidence_file_fails(signed: Path, keys: tuple[Path, Path], tmp_path: Path) -> None:
    for name in EVIDENCE:
        copy = shutil.copytree(signed, tmp_path / name.replace("/", "_"))
        flip_byte(copy / name, 3)
        result = cli("verify", str(copy), "--pubkey", str(keys[1]))
        assert result.returncode == 1 and f"ALTERED  {name}" in result.stdout, name
        assert "signature: good" in result.stdout  # the manifest itself is untouched: the file is what changed


def test_a_flipped_byte_in_the_manifest_fails(signed: Path, keys: tuple[Path, Path]) -> None:
    manifest = signed / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"sha256"', '"sha256" '))  # still valid JSON, same hashes
    result = cli("verify", str(signed), "--pubkey", str(keys[1]))
    assert result.returncode == 1 and "SIGNATURE BAD" in result.stdout and "intact" in result.stdout


def test_a_flipped_byte_in_the_signature_fails(signed: Path, keys: tuple[Path, Path]) -> None:
    for at in (0, 31, 63):
        flip_byte(signed / "manifest.sig", at)
        result = cli("verify", str(signed), "--pubkey", str(keys[1]))
        assert result.returncode == 1 and "SIGNATURE BAD" in result.stdout
        flip_byte(signed / "manifest.sig", at)
    assert cli("verify", str(signed), "--pubkey", str(keys[1])).returncode == 0


def test_a_wrong_public_key_fails(signed: Path, keys: tuple[Path, Path]) -> None:
    other = keys[0].with_name("other.pem.pub")
    result = cli("verify", str(signed), "--pubkey", str(other))
    assert result.returncode == 1 and "SIGNATURE BAD" in result.stdout


def test_a_missing_signature_fails_when_one_is_asked_for(run_dir: Path, keys: tuple[Path, Path]) -> None:
    result = cli("verify", str(run_dir), "--pubkey", str(keys[1]))
    assert result.returncode == 1 and "SIGNATURE MISSING" in result.stdout
    assert cli("verify", str(run_dir)).returncode == 0  # not asked for: the manifest alone


def test_a_signature_is_not_listed_in_the_manifest_it_signs(signed: Path) -> None:
    assert "manifest.sig" not in (signed / "manifest.json").read_text()
    result = cli("verify", str(signed))
    assert result.returncode == 0 and "present, not checked" in result.stdout


def test_rewriting_the_manifest_removes_the_stale_signature(signed: Path) -> None:
    from pixelhound.evidence import write_manifest

    write_manifest(signed)
    assert not (signed / "manifest.sig").exists()


@pytest.mark.parametrize("content", [b"", b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"])
def test_an_unreadable_key_is_one_line_and_exit_3(signed: Path, tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_bytes(content)
    for args in (["sign", str(signed), "--key", str(bad)], ["verify", str(signed), "--pubkey", str(bad)]):
        result = cli(*args)
        assert result.returncode == 3 and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_signing_a_folder_without_a_manifest_is_refused(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    result = cli("sign", str(tmp_path), "--key", str(keys[0]))
    assert result.returncode == 3 and "no manifest.json" in result.stderr
    assert not (tmp_path / "manifest.sig").exists()
    assert os.listdir(tmp_path) == []


def test_scan_refuses_an_unusable_key_or_detach_before_scanning(tmp_path: Path, keys: tuple[Path, Path]) -> None:
    """Checked before any browser starts: a scan of minutes must not end unable to sign."""
    bad = cli("scan", "https://www.example.test/", "--out", str(tmp_path / "run"), "--sign-key", str(keys[1]))
    assert bad.returncode == 3 and "not a PEM private key" in bad.stderr
    detached = cli("scan", "https://www.example.test/", "--out", str(tmp_path / "run"), "--sign-key", str(keys[0]),
                   "--queue", "redis://127.0.0.1:9/0", "--detach")
    assert detached.returncode == 2 and "pixelhound sign" in detached.stderr
    assert not (tmp_path / "run").exists()
