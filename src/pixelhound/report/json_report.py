"""The JSON document: every disclosure and finding, for other tools and for the record."""

from __future__ import annotations

import msgspec

from pixelhound.model import Analysis
from pixelhound.report.summary import RecipientSummary, recipients

FORMAT_VERSION = "1"


class JsonReport(msgspec.Struct):
    """The top-level document; `recipients` is derived, the rest is the Analysis as found."""

    format: str
    tool: str
    tool_version: str
    generated: str
    sources: list
    recipients: list[RecipientSummary]
    findings: list
    disclosures: list
    presences: list
    third_parties: list
    cookies: list


def render_json(analysis: Analysis) -> bytes:
    report = JsonReport(
        format=FORMAT_VERSION,
        tool="pixelhound",
        tool_version=analysis.tool_version,
        generated=analysis.generated,
        sources=analysis.sources,
        recipients=recipients(analysis),
        findings=analysis.findings,
        disclosures=analysis.disclosures,
        presences=analysis.presences,
        third_parties=analysis.third_parties,
        cookies=analysis.cookies,
    )
    return msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n"
