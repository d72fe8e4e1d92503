"""CSV: one row per disclosure, for spreadsheets and for people who filter and pivot.

Every cell comes from a website, and spreadsheets execute cells that look like formulas
(`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`). Such cells get a leading apostrophe, the OWASP
advice, so they open as text. The file starts with a UTF-8 byte-order mark so that Excel reads it
as UTF-8; `csv` readers need `encoding="utf-8-sig"`.
"""

from __future__ import annotations

import csv
import io

from pixelhound.model import Analysis, Disclosure
from pixelhound.report.common import Index, clean, evidence_terms, identifier_kinds
from pixelhound.settings import CSV_MAX_CELL_CHARS

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

COLUMNS = (
    "id",
    "site_name",
    "site",
    "source",
    "scenario",
    "device",  # the browser the site saw (desktop, mobile); empty for a HAR
    "repeat",  # which visit of N (--repeat), empty when the run does not repeat
    "page_url",
    "vendor",
    "company",
    "product",
    "category",
    "event",
    "account",
    "action",
    "time",
    "method",
    "transport",
    "sensitive",
    "health_categories",
    "evidence_terms",
    "identifiers",
    "findings",
    "request_url",
    "fields",
    "measurement",  # the state of the disclosure's input: anything but "measured" is incomplete evidence
)


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: cleaned, cut to size, formula starts defused."""
    text = clean(value, keep_newlines=True).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > CSV_MAX_CELL_CHARS:
        text = text[: CSV_MAX_CELL_CHARS - 13] + "…[truncated]"
    if text.lstrip(" ").startswith(_FORMULA_STARTS):
        text = "'" + text
    return text


def flatten_fields(disclosure: Disclosure) -> str:
    """The decoded fields on one line: `page_url=... [dl]; button_text=... [cd[buttonText]]`."""
    parts = []
    for item in disclosure.fields:
        where = f" [{clean(item.source)}]" if item.source and item.source != item.name else ""
        parts.append(f"{item.name}={clean(item.value)}{where}")
    return "; ".join(parts)


def _row(disclosure: Disclosure, index: Index) -> list[str]:
    site_name, site = index.site_of(disclosure)
    source = index.source(disclosure.source)
    return [
        disclosure.id,
        site_name,
        site,
        disclosure.source,
        disclosure.scenario,
        source.device if source is not None else "",
        str(source.repeat) if source is not None and source.repeat else "",
        disclosure.page_url,
        disclosure.vendor,
        disclosure.company,
        disclosure.product,
        disclosure.category,
        disclosure.event,
        disclosure.account,
        disclosure.action,
        disclosure.time,
        disclosure.method,
        disclosure.transport,
        "yes" if disclosure.sensitivity.sensitive else "no",
        "; ".join(disclosure.sensitivity.categories),
        "; ".join(evidence_terms(disclosure)),
        "; ".join(identifier_kinds(disclosure)),
        "; ".join(index.findings_of.get(disclosure.id, [])),
        disclosure.request_url,
        flatten_fields(disclosure),
        source.measurement() if source is not None else "",
    ]


def render_csv(analysis: Analysis) -> bytes:
    """Header row, then every disclosure in the order found."""
    index = Index.of(analysis)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for disclosure in analysis.disclosures:
        writer.writerow([safe_cell(cell) for cell in _row(disclosure, index)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
