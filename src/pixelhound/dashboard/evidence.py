"""Evidence files of a run, served only as the run's manifest lists them.

The dashboard never takes a path from a URL to the filesystem: the path must be, character for
character, a name in the manifest of a run folder the store knows; the file must still be a
regular file inside that folder (no symlink anywhere on the way, opened with O_NOFOLLOW) and must
still have the SHA-256 the manifest gives, so what is shown is what was sealed.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pixelhound.evidence import ManifestError, read_manifest
from pixelhound.store.run_folder import RunFolder


class EvidenceRefused(Exception):
    """The file cannot be served; `status` is the HTTP status, the message one line."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    data: bytes
    sha256: str


def manifest_of(folder: str) -> dict[str, str]:
    """The manifest of a run folder the store names ({} when it has none or none can be read)."""
    if not folder:
        return {}
    try:
        return read_manifest(Path(folder))
    except ManifestError:
        return {}


def _plain_name(name: str) -> bool:
    """A relative POSIX name with no `..`, no absolute start, no backslash and no NUL."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and "\x00" not in name


def read_evidence(folder: str, name: str) -> EvidenceFile:
    """The bytes of one manifest entry of the run folder (EvidenceRefused otherwise)."""
    if not _plain_name(name):
        raise EvidenceRefused(400, "not a path inside the run folder")
    recorded = manifest_of(folder).get(name)
    if recorded is None:
        raise EvidenceRefused(404, "not an evidence file of this run (the run's manifest does not list it)")
    path = RunFolder(Path(folder)).inside(name)
    if path is None:
        raise EvidenceRefused(404, "the evidence file is missing or is no longer a regular file in the run folder")
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise EvidenceRefused(404, "not a regular file")
            data = handle.read()
    except OSError:
        raise EvidenceRefused(404, "the evidence file cannot be read") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != recorded:
        raise EvidenceRefused(409, "the file has changed since the run sealed it (run `pixelhound verify` on the folder)")
    return EvidenceFile(name, data, digest)
