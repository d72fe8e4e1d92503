"""Which seals `verify` checks: the signature when a public key is given (a signature that is
there but not asked about is noted, not trusted), the timestamp whenever one is stored or a TSA
certificate asks for one. A seal asked for and missing is a failure, never a pass."""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pixelhound.seal import SealCheck
from pixelhound.seal.signature import check_signature
from pixelhound.seal.timestamp import TrustAnchors, check_timestamp
from pixelhound.store.run_folder import RunFolder


def check_seals(run_dir: Path, public_key: Ed25519PublicKey | None, tsa_cert: TrustAnchors | None) -> list[SealCheck]:
    folder = RunFolder(run_dir)
    checks = []
    if public_key is not None:
        checks.append(check_signature(run_dir, public_key))
    elif folder.signature.exists():
        checks.append(SealCheck(True, f"signature: {folder.signature.name} present, not checked (give --pubkey KEYFILE.pub)"))
    if tsa_cert is not None or folder.timestamp_reply.exists():
        checks.append(check_timestamp(run_dir, tsa_cert))
    return checks
