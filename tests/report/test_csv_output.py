"""CSV: one row per disclosure, and nothing a spreadsheet would execute."""

from __future__ import annotations

import csv
import io

import msgspec
import pytest

from pixelhound.model import Analysis
from pixelhound.report.csv_report import COLUMNS, render_csv, safe_cell
from pixelhound.settings import CSV_MAX_CELL_CHARS

from .conftest import FORMULA, MARKDOWN, SCRIPT

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def rows(analysis: Analysis) -> list[dict[str, str]]:
    data = render_csv(analysis)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("name", ["realworld_analysis", "leaky_analysis", "hostile_analysis"])
def test_one_row_per_disclosure(name: str, request: pytest.FixtureRequest) -> None:
    analysis: Analysis = request.getfixturevalue(name)
    parsed = rows(analysis)
    assert len(parsed) == len(analysis.disclosures)
    assert list(parsed[0]) == list(COLUMNS)
    assert [r["id"] for r in parsed] == [d.id for d in analysis.disclosures]
    for row in parsed:
        for value in row.values():
            assert not value.startswith(_DANGEROUS), value


def test_leaky_row(leaky_analysis: Analysis) -> None:
    (row,) = rows(leaky_analysis)
    assert row["vendor"] == "meta" and row["company"] == "Meta Platforms, Inc."
    assert row["sensitive"] == "yes" and row["health_categories"] == "sexual_health"
    assert row["identifiers"] == "fbp; hashed_email"  # the IP address goes with every request
    assert row["findings"] == "f1; f2"
    assert "search_term=hiv test [dl→q]" in row["fields"]
    assert row["page_url"].endswith("/hiv-prep?q=hiv+test")


def test_hostile_values_are_text(hostile_analysis: Analysis, crafted_analysis: Analysis) -> None:
    (row,) = rows(hostile_analysis)
    assert row["event"] == "'" + FORMULA
    assert f"page_title={FORMULA} HIV clinic" in row["fields"]
    assert SCRIPT in row["fields"] and MARKDOWN in row["fields"]  # kept verbatim: CSV runs no markup
    (row,) = rows(crafted_analysis)
    assert row["event"] == "'" + FORMULA
    assert row["account"].startswith("'+cmd")
    assert row["product"] == "'@SUM(1+1)"
    assert row["time"] == "'-1"
    assert row["action"] == "'\tclick"
    assert "\x00" not in row["fields"] and "\x1b" not in row["fields"] and "\u202e" not in row["fields"]


@pytest.mark.parametrize("value", [FORMULA, "+1", "-1", "@A1", "\t=1", "\r=1", "  =1", "＝1"])
def test_safe_cell_defuses_formula_starts(value: str) -> None:
    assert safe_cell(value).startswith("'")


def test_safe_cell_cuts_huge_values() -> None:
    assert len(safe_cell("x" * 100_000)) <= CSV_MAX_CELL_CHARS
    assert safe_cell("plain text") == "plain text"


def test_clean_capture_has_only_the_header(clean_analysis: Analysis) -> None:
    assert rows(clean_analysis) == []
    assert render_csv(clean_analysis).decode("utf-8-sig").splitlines() == [",".join(COLUMNS)]


def test_rows_say_which_device_and_which_visit_of_a_repeated_scan(leaky_analysis: Analysis) -> None:
    """A finding seen on a phone, or on one visit of three, is filtered by those columns."""
    (row,) = rows(leaky_analysis)
    assert row["device"] == "" and row["repeat"] == ""  # a HAR: no browser of ours, no repeats
    sources = [msgspec.structs.replace(s, device="mobile", repeat=2) for s in leaky_analysis.sources]
    (row,) = rows(msgspec.structs.replace(leaky_analysis, sources=sources))
    assert row["device"] == "mobile" and row["repeat"] == "2"
