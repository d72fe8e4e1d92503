"""Shared by the monitor's tests: the CLI as a user runs it, a fleet file, and the browser."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PIXELHOUND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ALERT_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "pixelhound-alert.schema.json"


def require_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium to drive")


def pixelhound(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=timeout)


def write_fleet(path: Path, sites: list[tuple[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "url"])
        writer.writerows(sites)
    return path


def command_recorder(folder: Path) -> tuple[str, Path]:
    """An --alert-command that appends the document on its standard input to a file, one per line."""
    script = folder / "record_alert.py"
    received = folder / "command-alerts.jsonl"
    script.write_text(
        "import json, sys\n"
        "document = json.load(sys.stdin)\n"
        f"with open({str(received)!r}, 'a', encoding='utf-8') as out:\n"
        "    out.write(json.dumps(document) + '\\n')\n",
        encoding="utf-8",
    )
    import shlex

    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}", received
