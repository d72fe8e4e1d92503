"""Seals over a run folder's manifest: who vouches for it (an Ed25519 signature, signature.py) and
since when it has existed (an RFC 3161 timestamp from a time-stamping authority, timestamp.py).

The manifest already binds every evidence file by its SHA-256; sealing the manifest's bytes seals
them all. The seals lie beside the manifest (RunFolder.seals) and are not listed in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pixelhound.store.run_folder import RunFolder


class SealError(Exception):
    """A key, certificate or authority could not be used as asked; the message is one line."""


class SealUnchecked(SealError):
    """A seal could not be checked at all (a tool is missing): neither good nor bad."""


@dataclass(frozen=True)
class SealCheck:
    """The outcome of checking one seal: `ok`, and one line that says what was checked."""

    ok: bool
    line: str


def manifest_bytes(run_dir: Path) -> bytes:
    """The exact bytes every seal is over: the run folder's manifest.json (never through a link)."""
    manifest = RunFolder(run_dir).manifest
    if manifest.is_symlink() or not manifest.is_file():
        raise SealError(f"{run_dir}: no manifest.json to seal (not a pixelhound run folder?)")
    try:
        return manifest.read_bytes()
    except OSError as error:
        raise SealError(f"cannot read {manifest}: {error.strerror or error}") from None
