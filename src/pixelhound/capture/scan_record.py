"""A finished site x scenario as its folder records it (scan.json), and read back for `--resume`.

scan.json is written last, after the HAR, screenshots and pages: its presence means the scan of
that site under that scenario finished. It holds what the HAR cannot (pages, cookies stored,
banner outcome, measured or not and why) and the SHA-256 of every file beside it, so a resumed
run reuses only evidence that is exactly as it was recorded.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import msgspec

from pixelhound.capture.har import HarError, open_har
from pixelhound.capture.scan import Site, SiteScan
from pixelhound.evidence import sha256_file, walk
from pixelhound.store.run_folder import DONE_FILE, RunFolder, RunFolderError, write_atomic


def _encode_path(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    raise NotImplementedError(type(value))


def _decode_path(kind: type, value: object) -> object:
    if kind is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError(kind)


def _evidence_files(folder: RunFolder, scan: SiteScan) -> dict[str, str]:
    """SHA-256 of every file of this site x scenario; a link, FIFO or device stands as its kind
    (never followed or read), so it can never match a recorded hash."""
    scenario_dir = folder.scenario_dir(scan.site.folder_name, scan.scenario, scan.repeat)
    tree = walk(folder.root, scenario_dir)
    hashes = {name: sha256_file(path) for name, path in tree.files.items() if path.name != DONE_FILE}
    hashes.update(tree.special)
    return dict(sorted(hashes.items()))


def save_scan(folder: RunFolder, scan: SiteScan) -> None:
    """Record that this site x scenario finished, with its files' hashes (captures stay in the HAR)."""
    record = msgspec.to_builtins(dataclasses.replace(scan, captures=[]), enc_hook=_encode_path)
    record["files"] = _evidence_files(folder, scan)
    path = folder.done_record(scan.site.folder_name, scan.scenario, scan.repeat)
    write_atomic(path, msgspec.json.format(msgspec.json.encode(record), indent=2))


def load_scan(folder: RunFolder, site: Site, scenario: str, repeat: int = 0) -> SiteScan | None:
    """The finished scan recorded for this site x scenario (its visit `repeat` of N); None when it never finished (or its
    record is unreadable: it is scanned again). RunFolderError when a recorded file was altered,
    removed or added since: evidence that changed is never silently reused or replaced."""
    path = folder.done_record(site.folder_name, scenario, repeat)
    try:
        record = msgspec.json.decode(path.read_bytes())
        files = record.pop("files")
        scan = msgspec.convert(record, SiteScan, dec_hook=_decode_path)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError, KeyError, TypeError, AttributeError):
        return None
    if scan.site.url != site.url or scan.scenario != scenario or scan.repeat != repeat:
        return None
    present = _evidence_files(folder, scan)
    if present != files:
        changed = sorted(set(present.items()) ^ set(files.items()))[0][0]
        raise RunFolderError(
            f"--resume {folder.root}: {changed} differs from what was recorded when it was scanned; "
            f"nothing was changed (check with `pixelhound verify {folder.root}`)"
        )
    if scan.har_path is not None:
        scan.har_path = folder.har(site.folder_name, scenario, repeat)
        try:
            scan.captures = list(open_har(scan.har_path).captures())
        except HarError as error:
            raise RunFolderError(f"--resume {folder.root}: {error}") from None
    return scan
