"""Detached Ed25519 signatures of a run folder's manifest.

The signature is the raw 64 bytes over the exact bytes of manifest.json, so anyone can check it
without pixelhound: `openssl pkeyutl -verify -pubin -inkey KEY.pub -rawin -in manifest.json
-sigfile manifest.sig`. Keys are PEM: the private key PKCS#8 (mode 0600), the public key
SubjectPublicKeyInfo. A key is named by its fingerprint, the SHA-256 of its 32 raw bytes.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from pixelhound.seal import SealCheck, SealError, manifest_bytes
from pixelhound.settings import SEAL_PUBLIC_KEY_SUFFIX
from pixelhound.store.run_folder import RunFolder, write_atomic


def public_key_path(key_file: Path) -> Path:
    return key_file.with_name(key_file.name + SEAL_PUBLIC_KEY_SUFFIX)


def fingerprint(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def generate_keys(key_file: Path) -> tuple[Path, str]:
    """A new key pair: KEYFILE (private, created 0600, never over an existing file) and KEYFILE.pub.
    Returns the public key's path and fingerprint."""
    public_file = public_key_path(key_file)
    for path in (key_file, public_file):
        if path.exists() or path.is_symlink():
            raise SealError(f"{path} exists: refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(private_pem)
        public_file.write_bytes(public_pem)
    except OSError as error:
        raise SealError(f"cannot write {error.filename or key_file}: {error.strerror or error}") from None
    return public_file, fingerprint(key.public_key())


def _read_pem(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise SealError(f"cannot read {what} {path}: {error.strerror or error}") from None


def load_private_key(key_file: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(_read_pem(key_file, "key"), password=None)
    except TypeError:
        raise SealError(f"{key_file}: the key is encrypted; pixelhound signs with an unencrypted Ed25519 key (pixelhound keygen)") from None
    except ValueError:
        raise SealError(f"{key_file}: not a PEM private key (make one with: pixelhound keygen KEYFILE)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SealError(f"{key_file}: not an Ed25519 key (make one with: pixelhound keygen KEYFILE)")
    return key


def load_public_key(public_file: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(_read_pem(public_file, "public key"))
    except ValueError:
        raise SealError(f"{public_file}: not a PEM public key (keygen writes it to KEYFILE.pub)") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SealError(f"{public_file}: not an Ed25519 public key")
    return key


def sign_manifest(run_dir: Path, key: Ed25519PrivateKey) -> Path:
    """Write manifest.sig, the detached signature of manifest.json as it now stands."""
    folder = RunFolder(run_dir)
    signature = key.sign(manifest_bytes(run_dir))
    try:
        write_atomic(folder.signature, signature)
    except OSError as error:
        raise SealError(f"cannot write {folder.signature}: {error.strerror or error}") from None
    return folder.signature


def check_signature(run_dir: Path, public_key: Ed25519PublicKey) -> SealCheck:
    """Does manifest.sig sign manifest.json under this key? A missing signature is a failure."""
    folder = RunFolder(run_dir)
    who = f"key {fingerprint(public_key)}"
    path = folder.signature
    if path.is_symlink() or not path.is_file():
        return SealCheck(False, f"SIGNATURE MISSING: no {path.name} (sign the folder with: pixelhound sign {run_dir} --key KEYFILE)")
    try:
        public_key.verify(path.read_bytes(), manifest_bytes(run_dir))
    except InvalidSignature:
        return SealCheck(False, f"SIGNATURE BAD: {path.name} does not sign this manifest.json under {who}")
    except SealError as error:
        return SealCheck(False, f"SIGNATURE NOT CHECKED: {error}")
    except OSError as error:
        return SealCheck(False, f"SIGNATURE NOT CHECKED: cannot read {path}: {error.strerror or error}")
    return SealCheck(True, f"signature: good, {path.name} signs manifest.json under {who}")
