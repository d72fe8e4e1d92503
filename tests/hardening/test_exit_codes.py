"""Issue 17, item 3: every row of the README's exit-code table, through the real CLI process, with
the inputs the issue found answered wrongly. (130/143, a scan stopped by a signal, is proved by
tests/scan/test_run_folder_cli.py::test_a_signal_leaves_a_whole_interrupted_run_that_resume_finishes.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hardening.cli_process import HANG_GUARD_SECONDS, run
from pixelhound.model import MEASURED, NOT_MEASURED
from pixelhound.settings import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE


@pytest.fixture(scope="module")
def report_json(folder: Path, good_har: Path) -> Path:
    """Row 0: a readable input, no --fail-on."""
    out = folder / "report.json"
    result = run("analyze", str(good_har), "-f", "json", "-o", str(out), "--db", _db(folder))
    assert result.returncode == EXIT_OK, result.stderr
    return out


def _db(folder: Path) -> str:
    return f"sqlite:///{folder / 'store.db'}"


def _one_error_line(stderr: str) -> str:
    (line,) = [line for line in stderr.splitlines() if line.startswith("pixelhound: ")]
    assert "Traceback" not in stderr
    return line


def test_0_success(report_json: Path) -> None:
    assert json.loads(report_json.read_text())["findings"]


def test_1_a_finding_at_fail_on(report_json: Path) -> None:
    assert run("report", str(report_json), "-f", "json", "--fail-on", "high").returncode == EXIT_FINDINGS


def test_2_bad_command_line(good_har: Path) -> None:
    assert run("analyze", str(good_har), "--format", "nope").returncode == EXIT_USAGE
    served = run("serve", "--host", "0.0.0.0", "--port", "0", "--db", "sqlite:///:memory:")
    assert served.returncode == EXIT_USAGE and "token" in _one_error_line(served.stderr)


def test_3_unreadable_inputs_are_named_and_the_others_still_analysed(folder: Path, good_har: Path) -> None:
    out = folder / "partial.json"
    pipe = folder / "pipe.har"  # opened, it would wait for a writer for ever
    os.mkfifo(pipe)
    result = run("analyze", str(folder / "missing.har"), str(folder), str(pipe), str(good_har), "-f", "json",
                 "-o", str(out), "--db", _db(folder))
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("pixelhound: error:")]
    assert len(errors) == 3 and "Traceback" not in result.stderr
    states = {Path(s["path"]).name: s["measurement"] for s in json.loads(out.read_text())["sources"]}
    assert states == {"missing.har": NOT_MEASURED, folder.name: NOT_MEASURED, "pipe.har": NOT_MEASURED, "good.har": MEASURED}


def test_3_a_report_with_an_unknown_severity(folder: Path, report_json: Path) -> None:
    document = json.loads(report_json.read_text())
    document["findings"][0]["severity"] = "catastrophic"
    bad = folder / "unknown-severity.json"
    bad.write_text(json.dumps(document))
    result = run("report", str(bad), "-f", "terminal")
    assert result.returncode == EXIT_BAD_INPUT and "catastrophic" in _one_error_line(result.stderr)


def test_3_a_url_that_does_not_parse(folder: Path) -> None:
    url = "http://[::1/"
    result = run("scan", url, "--out", str(folder / "never"))
    assert result.returncode == EXIT_BAD_INPUT and url in _one_error_line(result.stderr)
    assert not (folder / "never").exists()


def test_3_a_store_that_cannot_be_opened(folder: Path) -> None:
    result = run("history", "--db", f"sqlite:///{folder / 'no-such-folder' / 'store.db'}")
    assert result.returncode == EXIT_BAD_INPUT, result.stderr
    _one_error_line(result.stderr)


def test_4_out_is_an_existing_file(folder: Path) -> None:
    existing = folder / "a-file"
    existing.write_text("mine\n")
    result = run("scan", "https://www.example-trust.nhs.uk/", "--out", str(existing))
    assert result.returncode == EXIT_OUTPUT and "not a folder" in _one_error_line(result.stderr)
    assert existing.read_text() == "mine\n"


def test_4_out_cannot_be_written(folder: Path) -> None:
    if os.geteuid() == 0:  # root writes in any folder: a place no one can make a folder in instead
        target = Path("/proc/pixelhound-no-such-run")
    else:
        locked = folder / "read-only"
        locked.mkdir()
        locked.chmod(0o555)
        target = locked / "run"
    result = run("scan", "https://www.example-trust.nhs.uk/", "--out", str(target))
    assert result.returncode == EXIT_OUTPUT, result.stderr
    _one_error_line(result.stderr)


def test_4_the_output_file_cannot_be_written_or_the_store_record(folder: Path, good_har: Path) -> None:
    into_folder = run("analyze", str(good_har), "-f", "json", "-o", str(folder), "--db", _db(folder))
    assert into_folder.returncode == EXIT_OUTPUT and "cannot write" in _one_error_line(into_folder.stderr)
    no_store = run("analyze", str(good_har), "-f", "json", "--db", "sqlite:////proc/no-such-folder/store.db")
    assert no_store.returncode == EXIT_OUTPUT, no_store.stderr
    assert json.loads(no_store.stdout)["findings"]  # the report itself was written


def test_70_an_internal_error_is_one_line(folder: Path, good_har: Path) -> None:
    """A bug, planted: the last line of defence in cli.main turns it into one line and exit 70."""
    plant = ("import sys; from pixelhound import analysis, cli\n"
             "def broken(self, path): raise RuntimeError('planted bug')\n"
             "analysis.Analyzer.add_har = broken\n"
             "sys.argv = ['pixelhound', *sys.argv[1:]]; cli.main()\n")
    env = {key: value for key, value in os.environ.items() if key != "PIXELHOUND_DEBUG"}
    result = subprocess.run([sys.executable, "-c", plant, "analyze", str(good_har), "--db", _db(folder)],
                            capture_output=True, text=True, timeout=HANG_GUARD_SECONDS, env=env)
    assert result.returncode == EXIT_INTERNAL
    assert "planted bug" in _one_error_line(result.stderr)
