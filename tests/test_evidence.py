"""The run folder's manifest catches a changed byte, a removed file and an added file."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pixelhound.evidence import ManifestError, verify, write_manifest


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    (folder / "sites" / "a" / "no-interaction").mkdir(parents=True)
    (folder / "report.json").write_text('{"format": "1"}')
    (folder / "sites" / "a" / "no-interaction" / "capture.har").write_bytes(b'{"log": {"entries": []}}')
    (folder / "sites" / "a" / "no-interaction" / "01.png").write_bytes(bytes(range(256)))
    write_manifest(folder)
    return folder


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=60)


def test_intact(run_dir: Path) -> None:
    assert verify(run_dir).intact
    result = cli("verify", str(run_dir))
    assert result.returncode == 0 and "intact: 3 files" in result.stdout


def test_changed_byte(run_dir: Path) -> None:
    png = run_dir / "sites" / "a" / "no-interaction" / "01.png"
    data = bytearray(png.read_bytes())
    data[100] ^= 1
    png.write_bytes(bytes(data))
    assert verify(run_dir).altered == ["sites/a/no-interaction/01.png"]
    result = cli("verify", str(run_dir))
    assert result.returncode == 1 and "ALTERED  sites/a/no-interaction/01.png" in result.stdout


def test_removed_and_added(run_dir: Path) -> None:
    (run_dir / "report.json").unlink()
    (run_dir / "sites" / "a" / "extra.txt").write_text("planted")
    result = verify(run_dir)
    assert result.removed == ["report.json"] and result.added == ["sites/a/extra.txt"] and not result.altered


def test_not_a_run_folder(tmp_path: Path) -> None:
    with pytest.raises(ManifestError, match="no manifest.json"):
        verify(tmp_path)
    result = cli("verify", str(tmp_path / "missing"))
    assert result.returncode == 3 and "not a folder" in result.stderr and "Traceback" not in result.stderr


# -- verify sees everything: every entry whatever its name; links, FIFOs and devices are reported,
# never followed or read (a FIFO or /dev/zero read would hang: the CLI's timeout is the guard).

def not_intact(run_dir: Path) -> subprocess.CompletedProcess[str]:
    result = cli("verify", str(run_dir))
    assert result.returncode == 1 and "NOT INTACT" in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_a_manifest_json_below_the_top_is_a_file_like_any_other(run_dir: Path) -> None:
    planted = run_dir / "sites" / "a" / "manifest.json"
    planted.write_text('{"files": {}}')
    assert "ADDED    sites/a/manifest.json" in not_intact(run_dir).stdout
    write_manifest(run_dir)
    assert cli("verify", str(run_dir)).returncode == 0
    planted.write_text('{"files": {"x": "y"}}')
    assert "ALTERED  sites/a/manifest.json" in not_intact(run_dir).stdout


@pytest.mark.parametrize("target", ["folder", "/dev/zero", "loop", "/"])
def test_added_symlinks_are_reported_and_not_followed(run_dir: Path, target: str) -> None:
    link = run_dir / "sites" / "a" / "link"
    if target == "folder":
        link.symlink_to(run_dir / "sites")
    elif target == "loop":
        link.symlink_to(link)
    else:
        link.symlink_to(target)
    result = not_intact(run_dir)
    assert "NOT FILE sites/a/link (symlink)" in result.stdout
    assert "sites/a/link/" not in result.stdout, "the link was not entered"


def test_a_file_replaced_by_a_symlink_is_reported_and_its_target_never_read(run_dir: Path) -> None:
    har = run_dir / "sites" / "a" / "no-interaction" / "capture.har"
    har.unlink()
    har.symlink_to("/etc/passwd")
    result = not_intact(run_dir)
    assert "NOT FILE sites/a/no-interaction/capture.har (symlink)" in result.stdout
    assert "ALTERED" not in result.stdout and "REMOVED" not in result.stdout and "root:" not in result.stdout


def test_fifos_and_devices_are_reported_and_never_opened(run_dir: Path) -> None:
    os.mkfifo(run_dir / "sites" / "a" / "pipe")
    expected = ["NOT FILE sites/a/pipe (FIFO)"]
    try:
        os.mknod(run_dir / "sites" / "a" / "zero", 0o600 | stat.S_IFCHR, os.makedev(1, 5))
        expected.append("NOT FILE sites/a/zero (device)")
    except PermissionError:
        pass  # not allowed to make a device here: the FIFO still proves the point
    result = not_intact(run_dir)
    for line in expected:
        assert line in result.stdout
    with pytest.raises(OSError):
        write_manifest_then_hash_fifo(run_dir)


def write_manifest_then_hash_fifo(run_dir: Path) -> None:
    """Writing a manifest never opens a FIFO either; hashing one directly refuses it."""
    write_manifest(run_dir)
    assert "sites/a/pipe" not in (run_dir / "manifest.json").read_text()
    from pixelhound.evidence import sha256_file

    sha256_file(run_dir / "sites" / "a" / "pipe")


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "sites/../../x"])
def test_manifest_paths_outside_the_folder_are_an_error(run_dir: Path, name: str) -> None:
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest["files"][name] = "0" * 64
    (run_dir / "manifest.json").write_text(json.dumps(manifest))
    result = cli("verify", str(run_dir))
    assert result.returncode == 3 and "outside the run folder" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
