"""`pixelhound classify`: the classifier from the command line, for checking a verdict by hand or
classifying a list of texts in a script.

Wired into the Typer CLI elsewhere; this module only reads, classifies and prints.
"""

from __future__ import annotations

import sys
from pathlib import Path

import msgspec
import orjson
from rich.table import Table
from rich.text import Text

from pixelhound.classify.api import classify_text
from pixelhound.classify.roles import one_text
from pixelhound.classify.site_context import WITHHELD, apply_context, page_descriptions, site_context
from pixelhound.model import SITE_STRENGTH, Sensitivity, SiteContext
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
        "evidence": [
            {"category": e.category, "term": e.term, "text": _clean(e.text), "field": e.field, "strength": e.strength}
            for e in verdict.evidence
        ],
    }


def context_of(site: str) -> SiteContext:
    """`--site`: a site's name ("Willowmead Sexual Health Clinic") or its start URL, judged as a
    scan judges a site (offline: from the name or address alone, never by fetching it)."""
    if site.startswith(("http://", "https://")):
        return site_context(page_descriptions("", site, ""))
    return site_context(page_descriptions("", "", "", name=site))


def _context_line(context: SiteContext) -> str:
    if context.specialist:
        return f"site: {context.kind} ({', '.join(context.categories)}): {context.reason}"
    provides = f"; provides care ({context.provider})" if context.provider else ""
    return f"site: {context.kind}: {context.reason}{provides}"


def run_classify(texts: list[str], file: Path | None, as_json: bool, site: str | None = None) -> int:
    """Classify the given texts and/or every line of `file`; print; return the exit code.
    With `site`, each text is judged as a field sent from that site (a specialist site's category
    is added at site strength).

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
    context = context_of(site) if site else None
    verdicts = [(text, classify_text(text)) for text in items]
    if context is not None:
        for text, verdict in verdicts:
            apply_context(verdict, context, one_text(text))
    if as_json:
        out = sys.stdout
        for text, verdict in verdicts:
            record = _record(text, verdict)
            if context is not None:
                record["site_basis"] = _clean(verdict.site_basis)
                record["site_context"] = msgspec.to_builtins(context)
            out.write(orjson.dumps(record).decode("utf-8") + "\n")
        out.flush()
        return EXIT_OK
    console = SafeConsole()
    if context is not None:
        console.print(Text(_clean(_context_line(context))))
    table = Table("text", "sensitive", "categories", "evidence", show_lines=False)
    for text, verdict in verdicts:
        shown = terminal_line(text)
        shown = shown if len(shown) <= 100 else shown[:97] + "..."
        evidence = "; ".join(
            f"{e.term} ({e.category}{', site strength' if e.strength == SITE_STRENGTH else ''})" for e in verdict.evidence
        )
        if verdict.site_basis.startswith(WITHHELD):
            evidence = "; ".join(filter(None, (evidence, verdict.site_basis)))
        table.add_row(  # user text as Text, never as Rich markup
            Text(shown),
            Text("yes", style="bold red") if verdict.sensitive else Text("no"),
            Text(", ".join(verdict.categories)),
            Text(terminal_line(evidence)),
        )
    console.print(table)
    return EXIT_OK
