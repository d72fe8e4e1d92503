"""RFC 3161 timestamps from a real TSA on loopback, through the CLI: stamp, verify, tamper."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from asn1crypto import tsp

from tests.seal.conftest import LoopbackTSA, cli, flip_byte


@pytest.fixture
def stamped(run_dir: Path, tsa: LoopbackTSA) -> Path:
    result = cli("stamp", str(run_dir), "--tsa", tsa.url, "--tsa-cert", str(tsa.ca_cert))
    assert result.returncode == 0, result.stderr
    assert "timestamp: good" in result.stderr and "pixelhound test TSA" in result.stderr
    return run_dir


def test_a_stamped_folder_verifies_against_the_ca_the_tsa_certificate_or_the_embedded_one(
        stamped: Path, tsa: LoopbackTSA) -> None:
    for anchor in (tsa.ca_cert, tsa.tsa_cert):
        result = cli("verify", str(stamped), "--tsa-cert", str(anchor))
        assert result.returncode == 0, result.stdout
        assert "timestamp: good" in result.stdout and f"checked against the TSA certificate {anchor.name}" in result.stdout
    plain = cli("verify", str(stamped))  # a stored timestamp is always checked; without --tsa-cert, it says how little that proves
    assert plain.returncode == 0 and "embedded in the reply only" in plain.stdout
    assert "manifest.ts" not in (stamped / "manifest.json").read_text()


def test_a_certificate_that_never_certified_the_tsa_fails(stamped: Path, tsa: LoopbackTSA) -> None:
    result = cli("verify", str(stamped), "--tsa-cert", str(tsa.other_ca))
    assert result.returncode == 1 and "TIMESTAMP BAD" in result.stdout and "does not verify" in result.stdout


def test_tampering_with_the_manifest_or_an_evidence_file_fails(stamped: Path, tsa: LoopbackTSA, tmp_path: Path) -> None:
    manifest = shutil.copytree(stamped, tmp_path / "manifest")
    (manifest / "manifest.json").write_text((manifest / "manifest.json").read_text() + " ")
    result = cli("verify", str(manifest), "--tsa-cert", str(tsa.ca_cert))
    assert result.returncode == 1 and "TIMESTAMP BAD" in result.stdout and "other bytes than this manifest" in result.stdout
    evidence = shutil.copytree(stamped, tmp_path / "evidence")
    flip_byte(evidence / "sites/a/no-interaction/capture.har", 2)
    result = cli("verify", str(evidence), "--tsa-cert", str(tsa.ca_cert))
    assert result.returncode == 1 and "ALTERED" in result.stdout


def _signed_places(reply: bytes) -> dict[str, int]:
    """Offsets of the last byte of each part the TSA's signature covers, and of its signature."""
    parsed = tsp.TimeStampResp.load(reply)
    signed = parsed["time_stamp_token"]["content"]
    info = signed["encap_content_info"]["content"].parsed
    signer = signed["signer_infos"][0]
    within = {  # each part found inside its own container, so a short one is not met elsewhere first
        info: {"hashed message": info["message_imprint"]["hashed_message"], "nonce": info["nonce"],
               "time": info["gen_time"], "serial number": info["serial_number"], "policy": info["policy"]},
        signer: {"signed attributes": signer["signed_attrs"], "signature": signer["signature"]},
    }
    places = {}
    for container, parts in within.items():
        start, body = reply.index(container.dump()), container.dump()
        for name, part in parts.items():
            places[name] = start + body.index(part.dump()) + len(part.dump()) - 1
    return places


def test_a_flipped_byte_in_any_signed_part_of_the_reply_fails(stamped: Path, tsa: LoopbackTSA) -> None:
    reply = stamped / "manifest.tsr"
    original = reply.read_bytes()
    for name, at in _signed_places(original).items():
        flip_byte(reply, at)
        result = cli("verify", str(stamped), "--tsa-cert", str(tsa.ca_cert))
        assert result.returncode == 1 and "TIMESTAMP BAD" in result.stdout, (name, result.stdout)
        reply.write_bytes(original)
    reply.write_bytes(original[:-10])  # cut short
    assert cli("verify", str(stamped), "--tsa-cert", str(tsa.ca_cert)).returncode == 1
    reply.write_bytes(original)
    assert cli("verify", str(stamped), "--tsa-cert", str(tsa.ca_cert)).returncode == 0


def test_a_reply_to_another_request_fails(stamped: Path, run_dir: Path, tsa: LoopbackTSA, tmp_path: Path) -> None:
    """A genuine reply for the same manifest, but to another request (another nonce): a replay."""
    other = shutil.copytree(stamped, tmp_path / "other")
    assert cli("stamp", str(other), "--tsa", tsa.url).returncode == 0
    shutil.copy(other / "manifest.tsr", stamped / "manifest.tsr")
    result = cli("verify", str(stamped), "--tsa-cert", str(tsa.ca_cert))
    assert result.returncode == 1 and "nonce" in result.stdout


def test_a_missing_timestamp_fails_when_one_is_asked_for(run_dir: Path, tsa: LoopbackTSA) -> None:
    result = cli("verify", str(run_dir), "--tsa-cert", str(tsa.ca_cert))
    assert result.returncode == 1 and "TIMESTAMP MISSING" in result.stdout


def test_an_unreachable_or_wrong_tsa_is_one_line_and_stores_nothing(run_dir: Path, tsa: LoopbackTSA) -> None:
    for url, says in ((tsa.url.replace("/tsr", ""), "HTTP 500"), ("http://127.0.0.1:9/", "cannot reach"), ("ftp://x/", "not an http")):
        result = cli("stamp", str(run_dir), "--tsa", url)
        assert result.returncode == 3 and says in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (run_dir / "manifest.tsr").exists()


def test_an_unreadable_tsa_certificate_is_one_line_and_exit_3(stamped: Path, tmp_path: Path) -> None:
    bad = tmp_path / "not-a-cert.pem"
    bad.write_text("hello")
    for args in (["verify", str(stamped), "--tsa-cert", str(bad)], ["stamp", str(stamped), "--tsa", "http://127.0.0.1:9/", "--tsa-cert", str(bad)]):
        result = cli(*args)
        assert result.returncode == 3 and "not a PEM or DER certificate" in result.stderr, result.stderr
