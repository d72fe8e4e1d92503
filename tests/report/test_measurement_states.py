"""Every format states how far each input was measured, and never words anything but "measured" as
clean: partly measured (entries that could not be read), incomplete (requests the network saw that
are missing from the evidence) and not measured. `--fail-on` fails on all three."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import pytest
from rich.console import Console

from pixelhound.model import INCOMPLETE, MEASURED, NOT_MEASURED, PARTLY_MEASURED, Analysis, SourceSummary
from pixelhound.report.csv_report import render_csv
from pixelhound.report.html_report import render_html
from pixelhound.report.json_report import load_json, render_json
from pixelhound.report.junit_report import render_junit
from pixelhound.report.markdown_report import render_markdown
from pixelhound.report.sarif_report import render_sarif
from pixelhound.report.schema import report_schema
from pixelhound.report.terminal import render_terminal

PARTLY = "1 entry could not be read: no verdict on it"
INCOMPLETE_TEXT = "3 requests seen on the network could not be recovered"


def _with(analysis: Analysis, **counts: int) -> Analysis:
    """A copy of an analysis whose first input carries these counts."""
    copy = msgspec.json.decode(msgspec.json.encode(analysis), type=Analysis)
    for name, value in counts.items():
        setattr(copy.sources[0], name, value)
    return copy


@pytest.fixture
def partly(leaky_analysis: Analysis) -> Analysis:
    return _with(leaky_analysis, unread_entries=1)


@pytest.fixture
def incomplete(clean_analysis: Analysis) -> Analysis:
    """Nothing reached a third party in what was recovered, but 3 requests were lost: not clean."""
    return _with(clean_analysis, network_requests=5, evidence_requests=2, unrecovered=3)


def _terminal(analysis: Analysis) -> str:
    console = Console(record=True, width=200, file=open("/dev/null", "w"))  # noqa: SIM115
    render_terminal(analysis, console)
    return console.export_text()


def test_the_model_orders_the_states(partly: Analysis, incomplete: Analysis, clean_analysis: Analysis) -> None:
    assert clean_analysis.sources[0].measurement() == MEASURED
    assert partly.sources[0].measurement() == PARTLY_MEASURED
    assert incomplete.sources[0].measurement() == INCOMPLETE


def test_terminal_and_markdown_state_a_partly_measured_input(partly: Analysis) -> None:
    assert "PARTLY MEASURED" in _terminal(partly) and PARTLY in _terminal(partly)
    markdown = render_markdown(partly).decode()
    assert "**Partly measured or incomplete**" in markdown and "PARTLY MEASURED" in markdown
    assert PARTLY.replace(":", "\\:") in markdown


def test_an_incomplete_input_with_no_recipient_is_never_clean(incomplete: Analysis, clean_analysis: Analysis) -> None:
    clean_text = "No data was sent to any third party in these captures."
    assert clean_text in _terminal(clean_analysis)  # the control: measured and clean
    for text in (_terminal(incomplete), render_markdown(incomplete).decode()):
        assert clean_text not in text
        assert "INCOMPLETE" in text and "no verdict on what could not be read or recovered" in text
    assert "the evidence holds 2 of 5" in _terminal(incomplete)


def test_html_flags_the_input_and_qualifies_the_clean_sentence(incomplete: Analysis) -> None:
    html = render_html(incomplete).decode()
    assert "NOT FULLY MEASURED" in html and "INCOMPLETE" in html and INCOMPLETE_TEXT in html
    assert "(some inputs were not fully measured: see above)" in html
    assert "Nothing below clears what is missing" in html


def test_json_carries_state_and_counts_and_the_schema_knows_them(partly: Analysis, incomplete: Analysis) -> None:
    for analysis, state in ((partly, PARTLY_MEASURED), (incomplete, INCOMPLETE)):
        source = json.loads(render_json(analysis))["sources"][0]
        assert source["measurement"] == state
        assert {"unread_entries", "network_requests", "evidence_requests", "unrecovered"} <= set(source)
    reported = report_schema()["$defs"]["ReportedSource"]
    assert reported["properties"]["measurement"]["enum"] == [MEASURED, PARTLY_MEASURED, INCOMPLETE, NOT_MEASURED]
    assert "measurement" in reported["required"] and "unrecovered" in reported["required"]


def test_a_stored_state_is_recomputed_not_trusted(incomplete: Analysis, tmp_path: Path) -> None:
    document = json.loads(render_json(incomplete))
    document["sources"][0]["measurement"] = MEASURED  # a hand-edited report cannot launder the state
    path = tmp_path / "report.json"
    path.write_text(json.dumps(document))
    loaded = load_json(path)
    assert loaded.sources[0].measurement() == INCOMPLETE
    assert json.loads(render_json(loaded))["sources"][0]["measurement"] == INCOMPLETE


def test_csv_rows_carry_their_inputs_state(partly: Analysis) -> None:
    rows = render_csv(partly).decode("utf-8-sig").splitlines()
    assert rows[0].endswith(",measurement") and all(row.endswith(",partly-measured") for row in rows[1:])


def test_sarif_notifies_each_state(partly: Analysis, incomplete: Analysis) -> None:
    for analysis, state, text in ((partly, PARTLY_MEASURED, PARTLY), (incomplete, INCOMPLETE, INCOMPLETE_TEXT)):
        invocation = json.loads(render_sarif(analysis))["runs"][0]["invocations"][0]
        (note,) = invocation["toolExecutionNotifications"]
        assert note["descriptor"]["id"] == f"input-{state}" and text in note["message"]["text"]


def test_junit_checks_a_partial_input_but_reports_an_error(partly: Analysis) -> None:
    root = ET.fromstring(render_junit(partly))
    suite = root.find("testsuite")
    assert suite is not None and suite.get("errors") == "1"
    error = suite.find("testcase[@classname='input']/error")
    assert error is not None and error.get("type") == PARTLY_MEASURED and PARTLY in (error.text or "")
    assert suite.find("testcase[@classname='health-data-disclosed']/failure") is not None


@pytest.mark.parametrize("counts", [{"unread_entries": 2}, {"network_requests": 4, "unrecovered": 1}, {"measured": False}])
def test_fail_on_any_threshold_fails_on_anything_not_measured(clean_analysis: Analysis, tmp_path: Path, counts: dict) -> None:
    document = json.loads(render_json(clean_analysis))
    stored = tmp_path / "report.json"
    stored.write_text(json.dumps(document))
    command = [sys.executable, "-m", "pixelhound.cli", "report", str(stored), "-f", "md", "-o", str(tmp_path / "r.md")]
    passing = subprocess.run([*command, "--fail-on", "high"], capture_output=True, text=True, timeout=120)
    assert passing.returncode == 0, passing.stderr  # the control: measured and clean passes
    document["sources"][0].update(counts)
    stored.write_text(json.dumps(document))
    failing = subprocess.run([*command, "--fail-on", "high"], capture_output=True, text=True, timeout=120)
    assert failing.returncode == 1 and "could not be measured in full" in failing.stderr
    assert subprocess.run(command, capture_output=True, text=True, timeout=120).returncode == 0
