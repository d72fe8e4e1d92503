"""The run folder's manifest: a SHA-256 of every evidence file, so anyone can check that nothing
was added, removed or altered since the run (`pixelhound verify RUN_DIR`).

The folder is walked entry by entry with lstat, never following a link: every regular file is
hashed (only the top-level manifest.json and its seals, manifest.sig/.tsq/.tsr, are left out: a
file of those names further down is a file like any other), and anything that is not a regular
file or folder (a symlink, FIFO, device, socket) is reported by name and never opened: a planted
link to /etc/passwd or /dev/zero is found, not read.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pixelhound.store.run_folder import MANIFEST_FILE, SEAL_FILES, RunFolder, write_atomic

MANIFEST = MANIFEST_FILE
_NOT_LISTED = frozenset((MANIFEST_FILE, *SEAL_FILES))  # top-level names the manifest never lists
_CHUNK = 1024 * 1024


class ManifestError(Exception):
    """The folder has no readable manifest; the message is one line."""


def sha256_file(path: Path) -> str:
    """SHA-256 of a regular file, opened without following a symlink (O_NOFOLLOW)."""
    digest = hashlib.sha256()
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path}: not a regular file")
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


@dataclass
class Tree:
    """A folder's entries: regular files to hash, and everything else, which is never opened."""

    files: dict[str, Path] = field(default_factory=dict)  # relative POSIX name -> path
    special: dict[str, str] = field(default_factory=dict)  # relative name -> kind


def walk(run_dir: Path, top: Path | None = None) -> Tree:
    """Every entry under `top` (the run folder by default), named relative to the run folder, by
    lstat: folders are entered, nothing else is followed."""
    tree = Tree()
    pending = [top or run_dir]
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                path = Path(entry.path)
                name = path.relative_to(run_dir).as_posix()
                mode = entry.stat(follow_symlinks=False).st_mode
                if stat.S_ISDIR(mode):
                    pending.append(path)
                elif stat.S_ISREG(mode):
                    if name not in _NOT_LISTED:
                        tree.files[name] = path
                else:
                    tree.special[name] = _kind(mode)
    return tree


def write_manifest(run_dir: Path, provenance: dict[str, object] | None = None) -> Path:
    """Hash every regular file under the run folder into manifest.json (the manifest and its seals
    excluded). Entries that are not regular files are not evidence: verify reports them.
    `provenance` (a redacted copy's origin) is recorded beside the hashes. Seals of an earlier
    manifest are removed: they sealed bytes that no longer exist, and would only fail to verify."""
    tree = walk(run_dir)
    files = {name: sha256_file(tree.files[name]) for name in sorted(tree.files)}
    folder = RunFolder(run_dir)
    for seal in folder.seals:
        if seal.is_file() and not seal.is_symlink():
            seal.unlink()
    document: dict[str, object] = {"algorithm": "sha256", "files": files}
    if provenance:
        document["provenance"] = provenance
    write_atomic(folder.manifest, (json.dumps(document, indent=2) + "\n").encode("utf-8"))
    return folder.manifest


@dataclass
class Verification:
    """What differs between the folder and its manifest."""

    checked: int = 0
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    altered: list[str] = field(default_factory=list)
    special: list[str] = field(default_factory=list)  # "name (symlink)": never followed or read

    @property
    def intact(self) -> bool:
        return not (self.added or self.removed or self.altered or self.special)


def _outside(name: str) -> bool:
    """A manifest name that would lead out of the folder (absolute, `..`, a drive or backslash)."""
    path = PurePosixPath(name)
    return not name or path.is_absolute() or ".." in path.parts or "\\" in name or ":" in path.parts[0]


def _read_manifest(run_dir: Path) -> dict[str, str]:
    manifest = RunFolder(run_dir).manifest
    if manifest.is_symlink() or (manifest.exists() and not manifest.is_file()):
        raise ManifestError(f"{manifest}: not a regular file; refusing to read it")
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except FileNotFoundError:
        raise ManifestError(f"{run_dir}: no {MANIFEST} (not a pixelhound run folder?)") from None
    except (OSError, ValueError, KeyError, TypeError, RecursionError) as error:
        raise ManifestError(f"{manifest}: unreadable manifest ({type(error).__name__}: {error})") from None
    if not isinstance(recorded, dict) or not all(isinstance(v, str) for v in recorded.values()):
        raise ManifestError(f"{manifest}: unreadable manifest (files is not a mapping of names to hashes)")
    outside = sorted(name for name in recorded if _outside(name))
    if outside:
        raise ManifestError(f"{manifest}: names a path outside the run folder ({outside[0]!r}); refusing to check it")
    return recorded


def read_provenance(run_dir: Path) -> dict[str, object]:
    """Where the folder's files came from, when its manifest says (a redacted copy's origin), else {}."""
    try:
        provenance = json.loads(RunFolder(run_dir).manifest.read_text(encoding="utf-8")).get("provenance")
    except (OSError, ValueError, AttributeError):
        return {}
    return provenance if isinstance(provenance, dict) else {}


def read_manifest(run_dir: Path) -> dict[str, str]:
    """The manifest's names and hashes, checked to stay inside the folder (ManifestError otherwise)."""
    return _read_manifest(run_dir)


def verify(run_dir: Path) -> Verification:
    """Compare every entry of the folder with the manifest."""
    if run_dir.is_symlink() or not run_dir.is_dir():
        raise ManifestError(f"{run_dir}: not a folder")
    recorded = _read_manifest(run_dir)
    tree = walk(run_dir)
    result = Verification(checked=len(recorded))
    result.special = sorted(f"{name} ({kind})" for name, kind in tree.special.items())
    result.removed = sorted(name for name in recorded if name not in tree.files and name not in tree.special)
    result.added = sorted(name for name in tree.files if name not in recorded)
    result.altered = sorted(
        name for name, path in tree.files.items() if name in recorded and sha256_file(path) != recorded[name]
    )
    return result
