"""The JSON document: every disclosure and finding, for other tools and for the record."""

from __future__ import annotations

from pathlib import Path

import msgspec

from pixelhound.model import Analysis, Cookie, Disclosure, Finding, Presence, SourceSummary, ThirdParty
from pixelhound.report.summary import RecipientSummary, recipients

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
        sources=[SourceSummary(**_summary_fields(source)) for source in report.sources],
        disclosures=report.disclosures,
        presences=report.presences,
        third_parties=report.third_parties,
        cookies=report.cookies,
        findings=report.findings,
    )
