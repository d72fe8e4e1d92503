"""`pixelhound classify`: the classifier from the command line, for checking a verdict by hand or
classifying a list of texts in a script.

Wired into the Typer CLI elsewhere; this module only reads, classifies and prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import orjson
from rich.table import Table
from rich.text import Text

from pixelhound.classify.api import classify_text
from pixelhound.model import Sensitivity
from pixelhound.report.console import SafeConsole, terminal_line
from pixelhound.settings import EXIT_BAD_INPUT, EXIT_OK


def _read_lines(file: Path) -> list[str]:
    """One text per line; bytes that are not UTF-8 are replaced rather than fatal. '-' is stdin."""
    data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    text = data.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.splitlines()


def _clean(text: str) -> str:
    """Text safe to print or encode as JSON: lone surrogates replaced."""
    return text.encode("utf-8", errors="replace").decode("utf-8")


def _record(text: str, verdict: Sensitivity) -> dict[str, object]:
    return {
        "text": _clean(text),
        "sensitive": verdict.sensitive,
        "categories": verdict.categories,
        "evidence": [{"category": e.category, "term": e.term, "text": _clean(e.text)} for e in verdict.evidence],
    }


def run_classify(texts: list[str], file: Path | None, as_json: bool) -> int:
    """Classify the given texts and/or every line of `file`; print; return the exit code.

    Exit 0 on success, 3 with a one-line message on stderr when the file cannot be read.
    """
    items = list(texts)
    if file is not None:
        try:
            items.extend(_read_lines(file))
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            print(terminal_line(f"pixelhound classify: cannot read {file}: {reason}"), file=sys.stderr)
            return EXIT_BAD_INPUT
    verdicts = [(text, classify_text(text)) for text in items]
    if as_json:
        out = sys.stdout
        for text, verdict in verdicts:
            out.write(orjson.dumps(_record(text, verdict)).decode("utf-8") + "\n")
        out.flush()
        return EXIT_OK
    console = SafeConsole()
    table = Table("text", "sensitive", "categories", "evidence", show_lines=False)
    for text, verdict in verdicts:
        shown = terminal_line(text)
        shown = shown if len(shown) <= 100 else shown[:97] + "..."
        evidence = "; ".join(f"{e.term} ({e.category})" for e in verdict.evidence)
        table.add_row(  # user text as Text, never as Rich markup
            Text(shown),
            Text("yes", style="bold red") if verdict.sensitive else Text("no"),
            Text(", ".join(verdict.categories)),
            Text(terminal_line(evidence)),
        )
    console.print(table)
    return EXIT_OK
