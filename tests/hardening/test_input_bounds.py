"""Issue 17, item 2: a bomb, deep nesting and an over-long string are refused with one line and
counted as not read, never expanded whole or turned into a RecursionError, and the other inputs of
the same command are still analysed."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import brotli
import pytest

from harbuilder import entry, har, write
from hardening.cli_process import COMMAND, HANG_GUARD_SECONDS, run
from hardening.inputs import PAGE, PIXEL
from pixelhound.model import MEASURED, NOT_MEASURED, PARTLY_MEASURED
from pixelhound.settings import INPUT_MAX_STRING_CHARS

PEAK_MEMORY_BOUND_MB = 400  # the bomb expands to 2 GiB; refusing it must cost far less
DEPTH = 100_000


def _bomb(path: Path) -> Path:
    """About 2 MB of gzip that expands to 2 GiB of JSON whitespace after a HAR's first bytes: one
    64 MiB member compressed once and written 32 times (gzip members may follow one another)."""
    member = gzip.compress(b" " * (64 << 20), compresslevel=9, mtime=0)
    with path.open("wb") as out:
        out.write(gzip.compress(b'{"log": {"entries": [', mtime=0))
        for _ in range(32):
            out.write(member)
    return path


def _sources(report: Path) -> dict[str, dict]:
    return {Path(s["path"]).name: s for s in json.loads(report.read_text())["sources"]}


def test_a_gzip_bomb_is_refused_in_bounded_memory(folder: Path, good_har: Path) -> None:
    bomb = _bomb(folder / "bomb.har.gz")
    assert 1_500_000 < bomb.stat().st_size < 3_000_000
    report = folder / "bomb-report.json"
    # A fresh process in between: RUSAGE_CHILDREN then holds pixelhound's peak alone, not that of
    # whatever this test process ran before.
    measure = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", measure, *COMMAND, "analyze", str(bomb), str(good_har), "-f", "json",
                             "-o", str(report), "--db", f"sqlite:///{folder / 'bomb.db'}"],
                            capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    code, peak_kb = map(int, result.stdout.splitlines()[-1].split())  # after pixelhound's own summary
    assert code == 3, result.stderr
    assert peak_kb / 1024 < PEAK_MEMORY_BOUND_MB
    (line,) = [line for line in result.stderr.splitlines() if "bomb.har.gz" in line]
    assert "refused" in line and "INPUT_MAX_HAR_BYTES" in line
    sources = _sources(report)
    assert sources["bomb.har.gz"]["measurement"] == NOT_MEASURED
    assert sources["good.har"]["measurement"] == MEASURED and sources["good.har"]["entries"] == 2


def test_deep_nesting_beside_a_good_file(folder: Path, good_har: Path) -> None:
    nested = "[" * DEPTH + "]" * DEPTH
    deep_entries = folder / "deep-entries.har"
    deep_entries.write_text('{"log": {"entries": ' + nested + "}}")
    deep_pages = folder / "deep-pages.har"
    deep_pages.write_text('{"log": {"pages": ' + nested + ', "entries": []}}')
    deep_initiator = folder / "deep-initiator.har"
    deep_initiator.write_text('{"log": {"entries": [{"request": {"url": "%s"}, "_initiator": %s}]}}' % (PIXEL, nested))
    report = folder / "deep-report.json"
    result = run("analyze", str(deep_entries), str(deep_pages), str(good_har), str(deep_initiator),
                 "-f", "json", "-o", str(report), "--db", f"sqlite:///{folder / 'deep.db'}")
    assert result.returncode == 3, result.stderr
    assert "RecursionError" not in result.stderr and "internal error" not in result.stderr
    sources = _sources(report)
    assert sources["good.har"]["measurement"] == MEASURED
    for name in ("deep-entries.har", "deep-pages.har", "deep-initiator.har"):
        assert sources[name]["measurement"] == NOT_MEASURED, name
        assert sum(name in line and "nested deeper" in line for line in result.stderr.splitlines()) == 1


def test_a_nested_report_json_is_refused(folder: Path) -> None:
    nested = folder / "nested-report.json"
    nested.write_text('{"format": "1", "tool": "pixelhound", "extra": ' + "[" * DEPTH + "]" * DEPTH + "}")
    result = run("report", str(nested), "-f", "terminal")
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "nested deeper" in result.stderr


def test_an_over_long_string_costs_its_entry_only(folder: Path) -> None:
    long_url = PIXEL + "&cd[x]=" + "a" * INPUT_MAX_STRING_CHARS
    path = write(folder / "long.har", har([entry(PAGE), entry(long_url), entry(PIXEL)]))
    report = folder / "long-report.json"
    result = run("analyze", str(path), "-f", "json", "-o", str(report), "--db", f"sqlite:///{folder / 'long.db'}")
    assert result.returncode == 0, result.stderr
    source = _sources(report)["long.har"]
    assert source["measurement"] == PARTLY_MEASURED and source["unread_entries"] == 1
    assert any("entry 1: refused" in warning for warning in source["warnings"])
    gated = run("analyze", str(path), "--fail-on", "high", "--db", f"sqlite:///{folder / 'long.db'}")
    assert gated.returncode == 1  # README: with --fail-on, an input not measured in full fails the gate


def test_a_run_folder_nested_deep_is_refused(folder: Path) -> None:
    run_folder = folder / "deep-run"
    run_folder.mkdir()
    for name in ("manifest.json", "run.json"):
        (run_folder / name).write_text("[" * DEPTH + "]" * DEPTH)
    for command in ("verify", "status"):
        result = run(command, str(run_folder))
        assert result.returncode == 3, (command, result.stderr)
        assert result.stderr.count("\n") == 1 and "internal error" not in result.stderr


def _brotli_entry(url: str, body: bytes) -> dict:
    """A POST whose body is sent with Content-Encoding: br (kept base64 in the HAR)."""
    return entry(url, method="POST", headers=[{"name": "Content-Encoding", "value": "br"}],
                 post={"mimeType": "application/x-www-form-urlencoded", "encoding": "base64",
                       "text": base64.b64encode(body).decode("ascii")})


def test_brotli_bodies_are_read_and_a_brotli_bomb_is_cut_at_the_bound(folder: Path) -> None:
    """A Meta Pixel POST compressed with brotli is decoded like a gzip one (its health page view is
    found); a 100 KB brotli body that expands to 512 MiB is expanded in steps and cut at
    HAR_MAX_BODY_BYTES, in bounded memory, and the rest of the file is still analysed."""
    pixel = brotli.compress(b"id=1234567890&ev=PageView&dl=" + quote(PAGE, safe="").encode())
    compressor = brotli.Compressor(quality=1)
    bomb = b"".join([*(compressor.process(b" " * (1 << 20)) for _ in range(512)), compressor.finish()])
    assert len(bomb) < 200_000
    source = write(folder / "brotli.har", har([entry(PAGE), _brotli_entry("https://www.facebook.com/tr/", bomb),
                                                _brotli_entry("https://www.facebook.com/tr/", pixel)]))
    report = folder / "brotli-report.json"
    measure = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    result = subprocess.run([sys.executable, "-c", measure, *COMMAND, "analyze", str(source), "-f", "json",
                             "-o", str(report), "--db", f"sqlite:///{folder / 'brotli.db'}"],
                            capture_output=True, text=True, timeout=HANG_GUARD_SECONDS)
    code, peak_kb = map(int, result.stdout.splitlines()[-1].split())
    assert code == 0, result.stderr
    assert peak_kb / 1024 < PEAK_MEMORY_BOUND_MB
    document = json.loads(report.read_text())
    assert document["sources"][0]["entries"] == 3
    meta = [d for d in document["disclosures"] if d["vendor"] == "meta"]
    assert any(d["sensitivity"]["sensitive"] and PAGE in json.dumps(d) for d in meta), meta
