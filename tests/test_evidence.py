"""The run folder's manifest catches a changed byte, a removed file and an added file."""

from __future__ import annotations

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
