"""Every output format by name, so the CLI and the run folder render from one table."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pixelhound.model import Analysis
from pixelhound.store.run_folder import RunFolder

# name -> (file name in a run folder, renderer)
Renderer = Callable[[Analysis, Path | None], bytes]


def _json(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.json_report import render_json

    return render_json(analysis)


def _csv(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.csv_report import render_csv

    return render_csv(analysis)


def _markdown(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.markdown_report import render_markdown

    return render_markdown(analysis)


def _sarif(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.sarif_report import render_sarif

    return render_sarif(analysis)


def _junit(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.junit_report import render_junit

    return render_junit(analysis)


def _html(analysis: Analysis, run_dir: Path | None) -> bytes:
    from pixelhound.report.html_report import render_html

    return render_html(analysis, run_dir)


FORMATS: dict[str, tuple[str, Renderer]] = {
    "json": ("report.json", _json),
    "html": ("report.html", _html),
    "csv": ("report.csv", _csv),
    "md": ("report.md", _markdown),
    "sarif": ("report.sarif", _sarif),
    "junit": ("report.junit.xml", _junit),
}


def render(analysis: Analysis, name: str, run_dir: Path | None = None) -> bytes:
    """The analysis in the named format (KeyError for an unknown name)."""
    return FORMATS[name][1](analysis, run_dir)


def write_all(analysis: Analysis, run_dir: Path) -> list[Path]:
    """Every format into the run folder; the files written."""
    written = []
    for name, (filename, renderer) in FORMATS.items():
        path = RunFolder(run_dir).report(filename)
        path.write_bytes(renderer(analysis, run_dir))
        written.append(path)
    return written
