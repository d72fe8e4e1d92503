"""Sealing tests' shared parts: a small run folder, the CLI as a user runs it, and a real
time-stamping authority on loopback (OpenSSL's `openssl ts -reply` behind an HTTP server, with a
throw-away CA and a TSA certificate whose extendedKeyUsage is critical,timeStamping)."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from typer.testing import CliRunner

from pixelhound.cli import app
from pixelhound.evidence import write_manifest


@dataclass
class Outcome:
    returncode: int
    stdout: str
    stderr: str


def cli(*args: str) -> Outcome:
    """The real command line (its parsing, commands and exit codes), run in this process: a new
    interpreter per call would cost seconds each on a loaded machine (tests/scan/test_cli_scan.py
    runs scan --sign-key, verify --pubkey and redact as processes). An uncaught exception fails."""
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """A run folder with a manifest: reports, a HAR, a screenshot, a page."""
    folder = tmp_path / "run"
    scenario = folder / "sites" / "a" / "no-interaction"
    (scenario / "screenshots").mkdir(parents=True)
    (scenario / "pages").mkdir()
    (folder / "run.json").write_text('{"tool": "pixelhound"}')
    (folder / "report.json").write_text('{"format": "1"}')
    (scenario / "capture.har").write_bytes(b'{"log": {"entries": []}}')
    (scenario / "screenshots" / "01.png").write_bytes(bytes(range(256)))
    (scenario / "pages" / "01.html").write_text("<html><body>hello</body></html>")
    write_manifest(folder)
    return folder


def flip_byte(path: Path, at: int = 0) -> None:
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(private key, public key) made by `pixelhound keygen`, and a second, unrelated public key."""
    folder = tmp_path_factory.mktemp("keys")
    for name in ("signer.pem", "other.pem"):
        result = cli("keygen", str(folder / name))
        assert result.returncode == 0, result.stderr
    return folder / "signer.pem", folder / "signer.pem.pub"


@dataclass
class LoopbackTSA:
    url: str
    ca_cert: Path  # the throw-away CA: what a checker trusts
    tsa_cert: Path  # the TSA's own certificate
    other_ca: Path  # a CA that never certified this TSA


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: x509.Name, signer: ec.EllipticCurvePrivateKey,
                 *, ca: bool) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder().subject_name(_name(subject)).issuer_name(issuer).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=7))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    else:
        builder = builder.add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    return builder.sign(signer, hashes.SHA256())


def _pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def _make_authority(folder: Path) -> None:
    ca_key, tsa_key, other_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(3))
    ca = _certificate("pixelhound test CA", ca_key, _name("pixelhound test CA"), ca_key, ca=True)
    tsa = _certificate("pixelhound test TSA", tsa_key, ca.subject, ca_key, ca=False)
    other = _certificate("some other CA", other_key, _name("some other CA"), other_key, ca=True)
    (folder / "ca.pem").write_bytes(_pem(ca))
    (folder / "tsa.pem").write_bytes(_pem(tsa))
    (folder / "other-ca.pem").write_bytes(_pem(other))
    (folder / "tsa.key").write_bytes(tsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    (folder / "tsa.cnf").write_text(
        "[ tsa ]\ndefault_tsa = test_tsa\n[ test_tsa ]\n"
        f"serial = {folder}/serial\ncrypto_device = builtin\nsigner_cert = {folder}/tsa.pem\n"
        f"certs = {folder}/ca.pem\nsigner_key = {folder}/tsa.key\nsigner_digest = sha256\n"
        "default_policy = 1.3.6.1.4.1.99999.1\nother_policies = 1.3.6.1.4.1.99999.2\n"
        "digests = sha256, sha384, sha512\naccuracy = secs:1\nordering = yes\ntsa_name = yes\n"
        "ess_cert_id_chain = no\ness_cert_id_alg = sha256\n"
    )


@pytest.fixture(scope="session")
def tsa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackTSA]:
    """A real RFC 3161 TSA on 127.0.0.1: each POSTed TimeStampReq answered by `openssl ts -reply`."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is needed for the timestamp tests (Debian: apt-get install openssl)")
    folder = tmp_path_factory.mktemp("tsa")
    _make_authority(folder)

    class Authority(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            with tempfile.TemporaryDirectory(dir=folder) as scratch:
                (Path(scratch) / "q.tsq").write_bytes(query)
                answer = subprocess.run(
                    [openssl, "ts", "-reply", "-config", str(folder / "tsa.cnf"), "-queryfile", str(Path(scratch) / "q.tsq"),
                     "-out", str(Path(scratch) / "r.tsr")], capture_output=True, timeout=60, check=False)
                reply = (Path(scratch) / "r.tsr").read_bytes() if answer.returncode == 0 and self.path == "/tsr" else b""
            self.send_response(200 if reply else 500)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Authority)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LoopbackTSA(url=f"http://127.0.0.1:{server.server_port}/tsr", ca_cert=folder / "ca.pem",
                          tsa_cert=folder / "tsa.pem", other_ca=folder / "other-ca.pem")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)
