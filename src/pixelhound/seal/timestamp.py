"""RFC 3161 timestamps over a run folder's manifest: proof from a time-stamping authority (TSA)
that manifest.json, and so every evidence file it hashes, existed by the time the TSA signed.

`stamp` sends a TimeStampReq (the manifest's SHA-256, a random nonce, a request for the TSA's
certificate), checks the reply and stores both: manifest.tsq (the request) and manifest.tsr (the
reply, DER, as `openssl ts -reply` writes it). `check_timestamp` checks them again at any time.

Who does what: asn1crypto builds the request and reads the reply (status, message imprint, nonce,
time, embedded certificates); it reads BER leniently, as replies from real TSAs need. The TSA's
CMS signature over the TSTInfo and its certificate chain are checked by `openssl ts -verify`, the
reference implementation, run as a subprocess rather than re-implemented here: a case officer can
run the very same command by hand. (rfc3161-client was tried and refuses the unordered certificate
sets that OpenSSL-based TSAs send.) The chain is checked as at the time the TSA stamped
(`-attime`), so a stamp stays checkable after the TSA's certificate expires.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from asn1crypto import core, pem, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from pixelhound.seal import SealCheck, SealError, SealUnchecked, manifest_bytes
from pixelhound.settings import (
    SEAL_OPENSSL,
    SEAL_OPENSSL_TIMEOUT_SECONDS,
    SEAL_TSA_HASH,
    SEAL_TSA_MAX_REPLY_BYTES,
    SEAL_TSA_NONCE_BITS,
    SEAL_TSA_TIMEOUT_SECONDS,
)
from pixelhound.store.run_folder import RunFolder, write_atomic

_GRANTED = ("granted", "granted_with_mods")


@dataclass(frozen=True)
class TrustAnchors:
    """What a checker trusts for the TSA (--tsa-cert): its certificates as PEM, and the file's name."""

    name: str
    pem: bytes


@dataclass(frozen=True)
class Stamp:
    """What a checked reply says: when, by whom, and against which certificate it was checked."""

    time: datetime
    authority: str
    anchor: str  # "the TSA certificate given" or a warning that only the embedded one was used


def build_request(manifest: bytes) -> tsp.TimeStampReq:
    return tsp.TimeStampReq({
        "version": "v1",
        "message_imprint": {
            "hash_algorithm": {"algorithm": SEAL_TSA_HASH},
            "hashed_message": hashlib.new(SEAL_TSA_HASH, manifest).digest(),
        },
        "nonce": secrets.randbits(SEAL_TSA_NONCE_BITS),
        "cert_req": True,
    })


def _post(url: str, request: bytes) -> bytes:
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise SealError(f"--tsa {url!r}: not an http(s) URL")
    message = urllib.request.Request(
        url, data=request, method="POST",
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
    )
    try:
        with urllib.request.urlopen(message, timeout=SEAL_TSA_TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
            reply = response.read(SEAL_TSA_MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise SealError(f"the TSA {url} answered HTTP {error.code} {error.reason}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SealError(f"cannot reach the TSA {url}: {reason}") from None
    if len(reply) > SEAL_TSA_MAX_REPLY_BYTES:
        raise SealError(f"the TSA {url} sent more than {SEAL_TSA_MAX_REPLY_BYTES} bytes: not a timestamp reply")
    return reply


def stamp_manifest(run_dir: Path, url: str, tsa_cert: TrustAnchors | None) -> Stamp:
    """Obtain a timestamp over manifest.json from the TSA at `url`, check it, store it."""
    folder = RunFolder(run_dir)
    manifest = manifest_bytes(run_dir)
    request = build_request(manifest).dump()
    reply = _post(url, request)
    checked = _check(manifest, request, reply, tsa_cert)  # nothing unchecked is stored
    try:
        write_atomic(folder.timestamp_request, request)
        write_atomic(folder.timestamp_reply, reply)
    except OSError as error:
        raise SealError(f"cannot write the timestamp into {run_dir}: {error.strerror or error}") from None
    return checked


def check_timestamp(run_dir: Path, tsa_cert: TrustAnchors | None) -> SealCheck:
    """Do manifest.tsq and manifest.tsr stamp manifest.json as it now stands, signed by the TSA?"""
    folder = RunFolder(run_dir)
    for path in (folder.timestamp_reply, folder.timestamp_request):
        if path.is_symlink() or not path.is_file():
            return SealCheck(False, f"TIMESTAMP MISSING: no {path.name} (obtain one with: pixelhound stamp {run_dir} --tsa URL)")
    try:
        checked = _check(manifest_bytes(run_dir), folder.timestamp_request.read_bytes(),
                         folder.timestamp_reply.read_bytes(), tsa_cert)
    except SealUnchecked as error:
        return SealCheck(False, f"TIMESTAMP NOT CHECKED: {error}")
    except SealError as error:
        return SealCheck(False, f"TIMESTAMP BAD: {error}")
    except OSError as error:
        return SealCheck(False, f"TIMESTAMP NOT CHECKED: {error.strerror or error}")
    return SealCheck(True, describe(checked))


def describe(checked: Stamp) -> str:
    return (f"timestamp: good, manifest.json existed by {checked.time.isoformat()} "
            f"(TSA: {checked.authority}; checked against {checked.anchor})")


def _parse(request: bytes, reply: bytes) -> tuple[tsp.TimeStampReq, tsp.TimeStampResp, tsp.TSTInfo]:
    try:
        parsed_request = tsp.TimeStampReq.load(request)
        parsed_request.native  # noqa: B018 - parse every field now, not later
        parsed_reply = tsp.TimeStampResp.load(reply)
        status = parsed_reply["status"]["status"].native
        if status not in _GRANTED:
            text = "; ".join(parsed_reply["status"]["status_string"].native or [])
            raise SealError(f"the TSA refused the request ({status}{': ' + text if text else ''})")
        token = parsed_reply["time_stamp_token"]
        info = token["content"]["encap_content_info"]["content"].parsed
        info.native  # noqa: B018
    except SealError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise SealError(f"not an RFC 3161 timestamp request and reply ({error})") from None
    return parsed_request, parsed_reply, info


def _check(manifest: bytes, request: bytes, reply: bytes, tsa_cert: TrustAnchors | None) -> Stamp:
    """Every check, in the order a reader would ask: is it a reply to our request, over this
    manifest, and signed by the TSA (openssl)? SealError names the first that fails."""
    parsed_request, parsed_reply, info = _parse(request, reply)
    asked = parsed_request["message_imprint"]
    imprint = info["message_imprint"]
    algorithm = imprint["hash_algorithm"]["algorithm"].native
    if algorithm != asked["hash_algorithm"]["algorithm"].native or algorithm not in hashlib.algorithms_available:
        raise SealError(f"the reply's hash algorithm ({algorithm}) is not the request's")
    if imprint["hashed_message"].native != hashlib.new(algorithm, manifest).digest():
        raise SealError("the timestamp is over other bytes than this manifest.json (altered since it was stamped?)")
    if asked["hashed_message"].native != imprint["hashed_message"].native:
        raise SealError("the reply does not answer the stored request (message imprints differ)")
    if info["nonce"].native is None or info["nonce"].native != parsed_request["nonce"].native:
        raise SealError("the reply's nonce is not the request's: not the answer to this request")
    with tempfile.TemporaryDirectory(prefix="pixelhound-tsa-") as scratch:
        work = Path(scratch)
        (work / "request.tsq").write_bytes(request)
        (work / "reply.tsr").write_bytes(reply)
        anchors = work / "anchors.pem"
        if tsa_cert is not None:
            anchors.write_bytes(tsa_cert.pem)
            anchor = f"the TSA certificate {tsa_cert.name}"
        else:
            anchors.write_bytes(_embedded_signer_pem(parsed_reply))
            anchor = "the certificate embedded in the reply only: give --tsa-cert to check who the TSA is"
        _openssl_verify(work, anchors, info["gen_time"].native)
    return Stamp(time=info["gen_time"].native, authority=_authority(info, parsed_reply), anchor=anchor)


def _openssl_verify(work: Path, anchors: Path, when: datetime) -> None:
    openssl = shutil.which(SEAL_OPENSSL)
    if openssl is None:
        raise SealUnchecked(f"cannot check the TSA's signature: {SEAL_OPENSSL} not found (Debian: apt-get install openssl)")
    command = [openssl, "ts", "-verify", "-queryfile", str(work / "request.tsq"), "-in", str(work / "reply.tsr"),
               "-CAfile", str(anchors), "-partial_chain", "-attime", str(int(when.timestamp()))]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=SEAL_OPENSSL_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SealUnchecked(f"cannot run {SEAL_OPENSSL} ts -verify: {error}") from None
    if result.returncode != 0 or "Verification: OK" not in result.stdout:
        reasons = [line.rsplit(":", 1)[-1].strip() for line in result.stderr.splitlines() if ":error:" in line]
        raise SealError(f"the TSA's signature does not verify ({'; '.join(dict.fromkeys(reasons)) or 'openssl ts -verify failed'})")


def load_trust_anchors(path: Path) -> TrustAnchors:
    """The certificates of a PEM bundle or a DER file, as PEM for openssl's -CAfile (SealError,
    read before anything is asked of a TSA or a folder)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SealError(f"cannot read --tsa-cert {path}: {error.strerror or error}") from None
    try:
        certificates = x509.load_pem_x509_certificates(data) if pem.detect(data) else [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise SealError(f"--tsa-cert {path}: not a PEM or DER certificate") from None
    return TrustAnchors(path.name, b"".join(certificate.public_bytes(Encoding.PEM) for certificate in certificates))


def _embedded_signer_pem(reply: tsp.TimeStampResp) -> bytes:
    """The certificate the reply names as its signer, from the reply itself (proves the reply is
    unaltered, not who made it)."""
    signed = reply["time_stamp_token"]["content"]
    signer = signed["signer_infos"][0]["sid"]
    for choice in signed["certificates"] or []:
        certificate = choice.chosen
        if not isinstance(certificate, asn1_x509.Certificate):
            continue
        named = signer.chosen
        if signer.name == "issuer_and_serial_number" and (
            certificate.issuer == named["issuer"] and certificate.serial_number == named["serial_number"].native
        ):
            return pem.armor("CERTIFICATE", certificate.dump())
        if signer.name == "subject_key_identifier" and certificate.key_identifier == named.native:
            return pem.armor("CERTIFICATE", certificate.dump())
    raise SealError("the reply holds no certificate of its signer: give the TSA's certificate with --tsa-cert")


def _authority(info: tsp.TSTInfo, reply: tsp.TimeStampResp) -> str:
    """The TSA's name as the reply gives it, else its signer certificate's subject."""
    name = info["tsa"]
    if isinstance(name, core.Void) or name.native is None:
        try:
            certificate = pem.unarmor(_embedded_signer_pem(reply))[2]
            return asn1_x509.Certificate.load(certificate).subject.human_friendly
        except SealError:
            return "unnamed"
    chosen = name.chosen
    return chosen.human_friendly if hasattr(chosen, "human_friendly") else str(name.native)
