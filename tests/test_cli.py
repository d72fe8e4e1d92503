"""The command line as a user runs it: a real process, real files, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from harbuilder import b64, entry, har, write

REALWORLD = Path(__file__).parent / "data" / "realworld"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pixelhound.cli", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def leaky_har(tmp_path: Path) -> Path:
    """A trust page whose Meta Pixel sends a sexual-health page URL with a hashed email."""
    page = "https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep?q=hiv+test"
    pixel = (
        "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl="
        "https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fsexual-health%2Fhiv-prep%3Fq%3Dhiv%2Btest"
        "&fbp=fb.1.1700000000000.111&ud[em]=" + "a" * 64
    )
    return write(tmp_path / "leaky.har", har([entry(page), entry(pixel)]))


def test_analyze_json_document(leaky_har: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run("analyze", str(leaky_har), "--format", "json", "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    (disclosure,) = [d for d in document["disclosures"] if d["vendor"] == "meta"]
    for key in ("vendor", "product", "event", "request_url", "page_url", "fields", "identifiers", "sensitivity"):
        assert key in disclosure
    assert disclosure["sensitivity"]["sensitive"] is True
    assert "sexual_health" in disclosure["sensitivity"]["categories"]
    assert {"fbp", "hashed_email"} <= {i["kind"] for i in disclosure["identifiers"]}
    assert any(f["name"] == "search_term" and f["value"] == "hiv test" for f in disclosure["fields"])
    rules = {f["rule"] for f in document["findings"]}
    assert {"health-data-disclosed", "identifier-disclosed"} <= rules
    health = next(f for f in document["findings"] if f["rule"] == "health-data-disclosed")
    assert health["severity"] == "high" and health["vendor"] == "meta"
    assert disclosure["id"] in health["disclosures"]
    assert "Meta Platforms" in result.stdout  # the terminal summary is printed too


def test_json_to_stdout(leaky_har: Path) -> None:
    result = run("analyze", str(leaky_har), "-f", "json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["tool"] == "pixelhound"


def test_fail_on(leaky_har: Path) -> None:
    assert run("analyze", str(leaky_har), "--fail-on", "high").returncode == 1
    clean = write(leaky_har.parent / "clean.har", har([entry("https://www.example-trust.nhs.uk/")]))
    assert run("analyze", str(clean), "--fail-on", "low").returncode == 0


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.har", b"", "empty"),
        ("truncated.har", b'{"log": {"entries": [', "truncated"),
        ("other.json", b'{"name": "not a har"}', "not a HAR"),
        ("binary.har", bytes(range(256)) * 8, "binary"),
    ],
)
def test_bad_input_is_one_line_and_exit_3(tmp_path: Path, name: str, content: bytes, words: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run("analyze", str(path))
    assert result.returncode == 3
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and words in errors[0] and name in errors[0]
    assert "Traceback" not in result.stderr + result.stdout
    # nothing was read, so nothing may be called clean
    assert "Nothing was measured" in result.stdout and "No data was sent" not in result.stdout


def test_unreadable_input_gets_no_clean_verdict_in_markdown(tmp_path: Path) -> None:
    path = tmp_path / "empty.har"
    path.write_bytes(b"")
    out = tmp_path / "r.md"
    assert run("analyze", str(path), "-f", "md", "-o", str(out)).returncode == 3
    text = out.read_text()
    assert "Nothing was measured" in text and "No data was sent" not in text


def test_missing_file_and_good_file_together(leaky_har: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = run("analyze", str(tmp_path / "nope.har"), str(leaky_har), "-f", "json", "-o", str(out))
    assert result.returncode == 3
    assert "nope.har: no such file" in result.stderr
    assert json.loads(out.read_text())["disclosures"], "the readable file is still analysed and written"


def test_malformed_entries_warn_and_the_rest_is_analysed(tmp_path: Path) -> None:
    entries = [
        entry("https://www.example-trust.nhs.uk/mental-health/crisis"),
        {"request": {"url": 42}},
        entry("https://[not-a-url/tr/?id=1"),
        entry("https://www.facebook.com/tr/", "POST", post={"mimeType": "text/plain", "text": "%%%", "encoding": "base64"}),
        entry("https://tr.snapchat.com/p", "POST", post={"mimeType": "application/json", "text": b64(b'{"x": "\xff\xfe\xfa"}'), "encoding": "base64"}),
        entry("https://www.facebook.com/tr/?id=9&ev=PageView&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fmental-health%2Fcrisis"),
    ]
    path = write(tmp_path / "mixed.har", har(entries))
    result = run("analyze", str(path), "-f", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["sources"][0]["warnings"]) == 2
    assert any(d["sensitivity"]["sensitive"] for d in document["disclosures"] if d["vendor"] == "meta")


def test_unwritable_output(leaky_har: Path, tmp_path: Path) -> None:
    result = run("analyze", str(leaky_har), "-f", "json", "-o", str(tmp_path / "no" / "such" / "dir.json"))
    assert result.returncode == 4
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_exit_2() -> None:
    assert run("analyze").returncode == 2


def test_realworld_terminal_summary_names_recipients() -> None:
    result = run("analyze", *(str(p) for p in sorted(REALWORLD.glob("*/requests.har"))))
    assert result.returncode == 0, result.stderr
    for company in ("Meta Platforms", "Google LLC", "TikTok", "Microsoft"):
        assert company in result.stdout


@pytest.mark.parametrize("fmt, marker", [
    ("html", b"<!doctype html"), ("csv", b"request_url"), ("md", b"# pixelhound"),
    ("sarif", b'"version": "2.1.0"'), ("junit", b"<testsuites"),
])
def test_analyze_every_format_and_report_rerenders_it(leaky_har: Path, tmp_path: Path, fmt: str, marker: bytes) -> None:
    direct = tmp_path / f"direct.{fmt}"
    assert run("analyze", str(leaky_har), "-f", fmt, "-o", str(direct)).returncode == 0
    assert marker.lower() in direct.read_bytes()[:4000].lower() or marker in direct.read_bytes()
    stored = tmp_path / "report.json"
    assert run("analyze", str(leaky_har), "-f", "json", "-o", str(stored)).returncode == 0
    again = tmp_path / f"again.{fmt}"
    result = run("report", str(stored), "-f", fmt, "-o", str(again))
    assert result.returncode == 0, result.stderr
    assert marker.lower() in again.read_bytes()[:4000].lower() or marker in again.read_bytes()


def test_report_of_a_folder_and_fail_on(leaky_har: Path, tmp_path: Path) -> None:
    folder = tmp_path / "run"
    folder.mkdir()
    assert run("analyze", str(leaky_har), "-f", "json", "-o", str(folder / "report.json")).returncode == 0
    result = run("report", str(folder), "-f", "terminal", "--fail-on", "high")
    assert result.returncode == 1 and "Meta Platforms" in result.stdout


def test_report_of_something_else_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "report.json"
    bogus.write_text('{"log": {}}')
    result = run("report", str(bogus))
    assert result.returncode == 3 and "not a pixelhound JSON report" in result.stderr and "Traceback" not in result.stderr


def test_classify_command() -> None:
    result = run("classify", "--json", "Order a repeat prescription", "Visiting times and parking")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["sensitive"] for line in lines] == [True, False]
    assert lines[0]["categories"] == ["care_interaction"] and lines[0]["evidence"]
    assert run("classify").returncode == 2


# -- Fail closed: what cannot be read is read as far as it can, and never passes as clean.

PAGE = "https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep"
PIXEL = "https://www.facebook.com/tr/?id=1234567890&ev=PageView&dl=https%3A%2F%2Fwww.example-trust.nhs.uk%2Fservices%2Fsexual-health%2Fhiv-prep"


def analyze_json(path: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], dict]:
    result = run("analyze", str(path), "-f", "json", *extra)
    assert "Traceback" not in result.stderr, result.stderr
    return result, (json.loads(result.stdout) if result.stdout.strip().startswith("{") else {})


def meta_disclosures(document: dict) -> list[dict]:
    return [d for d in document["disclosures"] if d["vendor"] == "meta"]


def test_numeric_started_date_time_is_read(tmp_path: Path) -> None:
    pixel = entry(PIXEL, extra={"startedDateTime": 1793527200123})
    result, document = analyze_json(write(tmp_path / "n.har", har([entry(PAGE), pixel])))
    assert result.returncode == 0, result.stderr
    assert len(meta_disclosures(document)) == 1
    assert document["sources"][0]["measurement"] == "measured"
    from pixelhound.capture.har import open_har

    started = [c.started for c in open_har(tmp_path / "n.har").captures()]
    assert started[1] == "2026-11-01T10:00:00.123Z"


def test_object_header_value_is_read(tmp_path: Path) -> None:
    pixel = entry(PIXEL, headers=[{"name": "X-Odd", "value": {"nested": [1, 2]}}, {"name": "Referer", "value": PAGE}])
    result, document = analyze_json(write(tmp_path / "o.har", har([entry(PAGE), pixel])))
    assert result.returncode == 0, result.stderr
    assert len(meta_disclosures(document)) == 1 and document["sources"][0]["measurement"] == "measured"
    from pixelhound.capture.har import open_har

    headers = list(open_har(tmp_path / "o.har").captures())[1].request_headers
    assert ("X-Odd", '{"nested":[1,2]}') in headers


def test_invalid_utf8_in_a_url_is_replaced_and_flagged(tmp_path: Path) -> None:
    path = write(tmp_path / "u.har", har([entry(PAGE), entry(PIXEL + "&cd[x]=BADBYTE")]))
    path.write_bytes(path.read_bytes().replace(b"BADBYTE", b"caf\xe9"))
    result, document = analyze_json(path, "--fail-on", "low")
    assert len(meta_disclosures(document)) == 1, "the entry is read, not dropped"
    source = document["sources"][0]
    assert any("entry 1" in w and "invalid UTF-8" in w for w in source["warnings"])
    assert source["unread_entries"] == 0 and source["measurement"] == "measured"
    assert result.returncode == 1  # the disclosure is a finding; nothing was silently skipped


def test_a_lone_surrogate_in_a_response_body_does_not_reject_the_file(tmp_path: Path) -> None:
    page = entry(PAGE, response={"status": 200, "headers": [], "cookies": [],
                                 "content": {"size": 4, "mimeType": "text/html", "text": "emoji \ud83d cut"}})
    path = write(tmp_path / "s.har", har([page, entry(PIXEL)]))
    assert b"\\ud83d" in path.read_bytes()
    result, document = analyze_json(path)
    assert result.returncode == 0, result.stderr
    assert len(meta_disclosures(document)) == 1
    assert any("surrogate" in w for w in document["sources"][0]["warnings"])


def test_an_entry_that_cannot_be_read_is_counted_and_the_source_is_partly_measured(tmp_path: Path) -> None:
    path = write(tmp_path / "p.har", har([entry(PAGE), {"request": {"url": 42}}]))
    result, document = analyze_json(path)
    source = document["sources"][0]
    assert result.returncode == 0
    assert source["unread_entries"] == 1 and source["measurement"] == "partly-measured"
    assert not document["disclosures"], "nothing readable was sent: still no clean verdict"
    for threshold in ("low", "medium", "high"):
        gated = run("analyze", str(path), "--fail-on", threshold)
        assert gated.returncode == 1, (threshold, gated.stdout, gated.stderr)
        assert "partly-measured" in gated.stderr
    clean = write(tmp_path / "clean.har", har([entry(PAGE)]))
    assert run("analyze", str(clean), "--fail-on", "low").returncode == 0


@pytest.mark.parametrize(("change", "state"), [
    ({"unrecovered": 2, "network_requests": 5}, "incomplete"),
    ({"measured": False, "reason": "no page loaded (timed out)"}, "not-measured"),
    ({"unread_entries": 1}, "partly-measured"),
])
def test_fail_on_fails_whatever_was_not_fully_measured(tmp_path: Path, change: dict, state: str) -> None:
    clean = write(tmp_path / "clean.har", har([entry(PAGE)]))
    stored = tmp_path / "report.json"
    assert run("analyze", str(clean), "-f", "json", "-o", str(stored)).returncode == 0
    assert run("report", str(stored), "-f", "json", "--fail-on", "high").returncode == 0
    document = json.loads(stored.read_text())
    document["sources"][0].update(change)
    stored.write_text(json.dumps(document))
    for threshold in ("low", "medium", "high"):
        result = run("report", str(stored), "-f", "json", "--fail-on", threshold)
        assert result.returncode == 1 and state in result.stderr, (threshold, result.stderr)
        assert json.loads(result.stdout)["sources"][0]["measurement"] == state
