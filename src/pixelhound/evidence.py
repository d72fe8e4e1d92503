"""The run folder's manifest: a SHA-256 of every evidence file, so anyone can check that nothing
was added, removed or altered since the run (`pixelhound verify RUN_DIR`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = "manifest.json"
_CHUNK = 1024 * 1024


class ManifestError(Exception):
    """The folder has no readable manifest; the message is one line."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _files(run_dir: Path) -> dict[str, Path]:
    return {
        path.relative_to(run_dir).as_posix(): path
        for path in sorted(run_dir.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def write_manifest(run_dir: Path) -> Path:
    """Hash every file under the run folder into manifest.json (the manifest itself excluded)."""
    files = {name: sha256_file(path) for name, path in _files(run_dir).items()}
    manifest = run_dir / MANIFEST
    manifest.write_text(json.dumps({"algorithm": "sha256", "files": files}, indent=2) + "\n", encoding="utf-8")
    return manifest


@dataclass
class Verification:
    """What differs between the folder and its manifest."""

    checked: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not (self.added or self.removed or self.altered)


def verify(run_dir: Path) -> Verification:
    """Compare every file with the manifest."""
    manifest = run_dir / MANIFEST
    if not run_dir.is_dir():
        raise ManifestError(f"{run_dir}: not a folder")
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        raise ManifestError(f"{run_dir}: no {MANIFEST} (not a pixelhound run folder?)") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ManifestError(f"{manifest}: unreadable manifest ({error})") from None
    if not isinstance(recorded, dict):
        raise ManifestError(f"{manifest}: unreadable manifest (files is not a mapping)")
    present = _files(run_dir)
    result = Verification(checked=len(recorded))
    result.removed = sorted(name for name in recorded if name not in present)
    result.added = sorted(name for name in present if name not in recorded)
    result.altered = sorted(
        name for name, path in present.items() if name in recorded and sha256_file(path) != recorded[name]
    )
    return result
