"""The JSON document: every disclosure and finding, for other tools and for the record."""

from __future__ import annotations

import zlib
from pathlib import Path

import msgspec

from pixelhound.bounded import TooLarge, read_file
from pixelhound.model import SEVERITIES, Analysis, Cookie, Disclosure, Finding, Presence, SourceSummary, ThirdParty
from pixelhound.repeats import Stability, stability
from pixelhound.report.summary import RecipientSummary, recipients
from pixelhound.settings import INPUT_MAX_REPORT_BYTES

FORMAT_VERSION = "1"


class ReportedSource(SourceSummary):
    """An input as the document states it: the model's summary plus its measurement state, so that a
    consumer need not re-derive which inputs can support a clean verdict. Derived, so a stored value
    is never read back: the state is recomputed from the counts."""

    measurement: str = ""  # one of model.MEASUREMENT_STATES; anything but "measured" is never clean

    @classmethod
    def of(cls, source: SourceSummary) -> ReportedSource:
        return cls(**_summary_fields(source), measurement=source.measurement())


def _summary_fields(source: SourceSummary) -> dict[str, object]:
    return {name: getattr(source, name) for name in SourceSummary.__struct_fields__}


class JsonReport(msgspec.Struct):
    """The top-level document; `recipients` is derived, the rest is the Analysis as found."""

    format: str
    tool: str
    tool_version: str
    generated: str
    sources: list[ReportedSource]
    recipients: list[RecipientSummary]
    findings: list[Finding]
    disclosures: list[Disclosure]
    presences: list[Presence]
    third_parties: list[ThirdParty]
    cookies: list[Cookie]
    stability: list[Stability] = []  # derived, for a scan with --repeat N; [] otherwise


def render_json(analysis: Analysis) -> bytes:
    report = JsonReport(
        format=FORMAT_VERSION,
        tool="pixelhound",
        tool_version=analysis.tool_version,
        generated=analysis.generated,
        sources=[ReportedSource.of(source) for source in analysis.sources],
        recipients=recipients(analysis),
        findings=analysis.findings,
        disclosures=analysis.disclosures,
        presences=analysis.presences,
        third_parties=analysis.third_parties,
        cookies=analysis.cookies,
        stability=stability(analysis),
    )
    return msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n"


class ReportError(Exception):
    """A stored report that cannot be read back; the message is one line."""


_DECODER = msgspec.json.Decoder(JsonReport)


def load_json(path: Path) -> Analysis:
    """Read a stored report.json back into the Analysis it was rendered from."""
    try:
        report = _DECODER.decode(read_file(path, INPUT_MAX_REPORT_BYTES))
    except FileNotFoundError:
        raise ReportError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ReportError(f"{path}: is a directory, not a report") from None
    except (msgspec.DecodeError, msgspec.ValidationError, zlib.error) as error:
        raise ReportError(f"{path}: not a pixelhound JSON report ({error})") from None
    except RecursionError:
        raise ReportError(f"{path}: refused, not read: its JSON is nested deeper than the parser reads") from None
    except TooLarge as error:
        raise ReportError(f"{path}: refused, not read: it {error} (settings.INPUT_MAX_REPORT_BYTES)") from None
    except OSError as error:
        raise ReportError(f"{path}: cannot be read ({error.strerror or error})") from None
    unknown = sorted({f.severity for f in report.findings} - set(SEVERITIES))
    if unknown:
        raise ReportError(f"{path}: not a pixelhound JSON report (unknown severity {unknown[0]!r}; "
                          f"known: {', '.join(SEVERITIES)})")
    return Analysis(
        tool_version=report.tool_version,
        generated=report.generated,
        sources=[SourceSummary(**_summary_fields(source)) for source in report.sources],
        disclosures=report.disclosures,
        presences=report.presences,
        third_parties=report.third_parties,
        cookies=report.cookies,
        findings=report.findings,
    )
