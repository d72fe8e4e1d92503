"""Issue 17, item 1: nothing a website or a hostile file wrote reaches the terminal as an escape
sequence or as Rich markup, in any command, and `--format terminal` files are plain text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from harbuilder import entry, har, write
from hardening.cli_process import run, run_in_terminal

# The payload: a clear-screen in a Meta Pixel parameter, then an OSC 8 hyperlink, an OSC 52
# clipboard write, a window title, an 8-bit CSI, a bidi override and Rich markup.
HOSTILE = (
    "hiv test \x1b[2J\x1b[H\x1b]8;;https://evil.example/\x07click me\x1b]8;;\x07"
    "\x1b]52;c;ZXZpbCBjb21tYW5k\x07\x1b]0;pwned\x1b\\\x9b31m\u202etxet [bold red]LOUD[/] [link=https://evil.example/]x[/link]"
)
# What the terminal may see from us: Rich's colours and styles (SGR), nothing else.
OUR_STYLES = re.compile(rb"\x1b\[[0-9;]*m")


def _hostile_bytes(output: bytes) -> list[bytes]:
    """Escape and control bytes left once our own styles are taken out."""
    rest = OUR_STYLES.sub(b"", output)
    return re.findall(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]", rest)


@pytest.fixture(scope="module")
def hostile_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from urllib.parse import quote

    folder = tmp_path_factory.mktemp("hostile")
    page = "https://www.example-trust.nhs.uk/services/sexual-health/"
    pixel = ("https://www.facebook.com/tr/?id=1234567890&ev=ViewContent&dl=" + quote(page, safe="")
             + "&cd[content_name]=" + quote(HOSTILE, safe=""))
    pages = [{"id": "page_1", "title": "Sexual health \x1b]52;c;cGF5bG9hZA==\x07 \x1b[31m[bold]clinic[/bold]",
              "startedDateTime": "2026-11-01T10:00:00.000Z", "pageTimings": {}}]
    return write(folder / ("hostile\x1b[2J.har"), har([entry(page), entry(pixel)], pages=pages))


def test_analyze_in_a_terminal_prints_the_payload_without_its_escapes(hostile_har: Path) -> None:
    result = run_in_terminal("analyze", str(hostile_har), "--db", f"sqlite:///{hostile_har.parent / 'terminal.db'}")
    assert result.returncode == 0, result.output.decode(errors="replace")
    assert OUR_STYLES.search(result.output), "Rich should style its output on a terminal: the test would prove nothing"
    assert _hostile_bytes(result.output) == []
    text = re.sub(r"\s+", " ", OUR_STYLES.sub(b"", result.output).decode())
    assert "hiv test" in text  # the evidence itself is still shown
    assert "[bold red]LOUD[/]" in text  # markup printed literally, not obeyed


@pytest.fixture(scope="module")
def hostile_run(hostile_har: Path) -> tuple[Path, str]:
    """The hostile capture analysed once: its report.json, and the store that recorded it."""
    report_json = hostile_har.parent / "report.json"
    db = f"sqlite:///{hostile_har.parent / 'store.db'}"
    assert run("analyze", str(hostile_har), "-f", "json", "-o", str(report_json), "--db", db).returncode == 0
    return report_json, db


def test_terminal_format_file(hostile_har: Path, hostile_run: tuple[Path, str]) -> None:
    summary = hostile_har.parent / "summary.txt"
    assert run("analyze", str(hostile_har), "-f", "terminal", "-o", str(summary), "--db", hostile_run[1]).returncode == 0
    assert _hostile_bytes(summary.read_bytes()) == [] and b"hiv test" in summary.read_bytes()


def test_report_in_a_terminal(hostile_run: tuple[Path, str]) -> None:
    report_json, _ = hostile_run
    shown = run_in_terminal("report", str(report_json), "-f", "terminal")
    assert shown.returncode == 0, shown.output.decode(errors="replace")
    assert _hostile_bytes(shown.output) == [] and b"hiv test" in shown.output
    # history and diff print site names only (hostile ones: tests/store/test_store.py)


def test_an_error_naming_a_hostile_file(hostile_har: Path) -> None:
    missing = run_in_terminal("analyze", str(hostile_har.parent / "gone\x1b]52;c;ZXZpbA==\x07.har"),
                              "--db", f"sqlite:///{hostile_har.parent / 'errors.db'}")
    assert missing.returncode == 3 and b"gone" in missing.output
    assert _hostile_bytes(missing.output) == []


def test_classify_in_a_terminal() -> None:
    result = run_in_terminal("classify", "--file", "-", stdin=HOSTILE.encode() + b"\n")
    assert result.returncode == 0, result.output.decode(errors="replace")
    assert _hostile_bytes(result.output) == []
    assert b"hiv" in result.output


@pytest.mark.parametrize(("hostile", "shown"), [
    ("a\x1b[2Jb", "ab"),  # CSI
    ("a\x9b31mb", "ab"),  # 8-bit CSI
    ("a\x1b]8;;https://evil.example/\x07link\x1b]8;;\x1b\\b", "alinkb"),  # OSC 8, BEL and ST ends
    ("a\x1b]52;c;ZXZpbA==\x07b", "ab"),  # OSC 52
    ("a\x1bP1$r\x1b\\b", "ab"),  # DCS
    ("a\x1bcb", "ab"),  # a two-byte escape (full reset)
    ("a\rb\x08c\u202ed", "a b c d"),  # a carriage return, a backspace, a bidi override
    ("a\ud800b", "a?b"),  # a lone surrogate, which no terminal encoding accepts
])
def test_terminal_text(hostile: str, shown: str) -> None:
    from pixelhound.report.console import terminal_text

    assert terminal_text(hostile) == shown
