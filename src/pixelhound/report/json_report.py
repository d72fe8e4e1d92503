"""The JSON document: every disclosure and finding, for other tools and for the record."""

from __future__ import annotations

from pathlib import Path

import msgspec

from pixelhound.model import Analysis, Cookie, Disclosure, Finding, Presence, SourceSummary, ThirdParty
from pixelhound.report.summary import RecipientSummary, recipients

FORMAT_VERSION = "1"


class SourceReport(SourceSummary):
    """A source as the report states it: with its measurement state (MEASUREMENT_STATES), so
    readers need not re-derive whether its verdict can be trusted."""

    stated_measurement: str = msgspec.field(default="", name="measurement")  # not `measurement`: that is the method


def _source_report(source: SourceSummary) -> SourceReport:
    fields = msgspec.structs.asdict(source)
    fields["stated_measurement"] = source.measurement()
    return SourceReport(**fields)


def _source_summary(source: SourceReport) -> SourceSummary:
    """Back to the model: the stated measurement is derived again from the counts it came from."""
    fields = msgspec.structs.asdict(source)
    del fields["stated_measurement"]
    return SourceSummary(**fields)


class JsonReport(msgspec.Struct):
    """The top-level document; `recipients` is derived, the rest is the Analysis as found."""

    format: str
    tool: str
    tool_version: str
    generated: str
    sources: list[SourceReport]
    recipients: list[RecipientSummary]
    findings: list[Finding]
    disclosures: list[Disclosure]
    presences: list[Presence]
    third_parties: list[ThirdParty]
    cookies: list[Cookie]


def render_json(analysis: Analysis) -> bytes:
    report = JsonReport(
        format=FORMAT_VERSION,
        tool="pixelhound",
        tool_version=analysis.tool_version,
        generated=analysis.generated,
        sources=[_source_report(source) for source in analysis.sources],
        recipients=recipients(analysis),
        findings=analysis.findings,
        disclosures=analysis.disclosures,
        presences=analysis.presences,
        third_parties=analysis.third_parties,
        cookies=analysis.cookies,
    )
    return msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n"


class ReportError(Exception):
    """A stored report that cannot be read back; the message is one line."""


_DECODER = msgspec.json.Decoder(JsonReport)


def load_json(path: Path) -> Analysis:
    """Read a stored report.json back into the Analysis it was rendered from."""
    try:
        report = _DECODER.decode(path.read_bytes())
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ReportError(f"{path}: not a pixelhound JSON report ({error})") from None
    except OSError as error:
        raise ReportError(f"{path}: cannot be read ({error.strerror or error})") from None
    return Analysis(
        tool_version=report.tool_version,
        generated=report.generated,
        sources=[_source_summary(source) for source in report.sources],
        disclosures=report.disclosures,
        presences=report.presences,
        third_parties=report.third_parties,
        cookies=report.cookies,
        findings=report.findings,
    )
