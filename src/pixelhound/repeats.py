"""How stable a repeated scan's result is: in how many of a site x scenario's N visits each
recipient, disclosure group and finding was seen (`scan --repeat N`).

A single visit misses or invents findings: measurement research found third parties change on
about half of repeat visits. Each visit is its own input (SourceSummary.repeat 1..N) and keeps its
own evidence; this module only counts across them. A visit that was not measured counts as not
measured, never as "not seen": the counts are "seen in k of the m measured visits", and a result
with a visit missing is never called stable. Something seen once is still a finding.
"""

from __future__ import annotations

from collections import defaultdict

import msgspec

from pixelhound.model import MEASURED, NOT_MEASURED, Analysis, Finding, SourceSummary

# What every report says beside the counts.
REPEATS_NOTE = ("Each site x scenario was visited several times, each in a fresh browser profile: third parties "
                "change on about half of repeat visits. Something seen in only some runs is still a finding; a run "
                "that was not measured counts as not measured, never as 'not seen'.")

# The one-line verdict per site x scenario.
STABLE = "stable"  # every recipient, disclosure group and finding was seen in every visit
VARIES = "varies"  # at least one was seen in some measured visits only
NOT_ALL_MEASURED = "not fully measured"  # nothing varied, but a visit was not (fully) measured: no claim
NOTHING_MEASURED = "not measured"  # no visit was measured
STABILITY_VERDICTS = (STABLE, VARIES, NOT_ALL_MEASURED, NOTHING_MEASURED)

RECIPIENT = "recipient"
DISCLOSURE_GROUP = "disclosure"  # what one recipient was told of one kind (its event, else its product)
FINDING = "finding"


class SeenIn(msgspec.Struct):
    """One recipient, disclosure group or finding, and in how many measured visits it was seen."""

    kind: str  # recipient, disclosure or finding
    vendor: str
    company: str
    what: str  # the disclosure group's event or product, the finding's rule; "" for a recipient
    seen_in: int  # measured visits it was seen in
    runs: int  # measured visits of the site x scenario

    @property
    def every_run(self) -> bool:
        return self.seen_in == self.runs

    def phrase(self) -> str:
        """'seen in 1 of 2 runs'."""
        return f"seen in {self.seen_in} of {self.runs} run{'s' if self.runs != 1 else ''}"


class Stability(msgspec.Struct):
    """One site x scenario scanned N times: how far its result repeated."""

    site: str
    site_name: str
    scenario: str
    runs: int  # visits made (N)
    measured_runs: int  # visits measured (each counts; a not-measured visit is never "not seen")
    verdict: str  # one of STABILITY_VERDICTS
    every_run: list[str]  # companies seen in every measured visit
    some_runs: list[str]  # companies seen in some measured visits only
    seen: list[SeenIn]  # recipients, then disclosure groups, then findings
    note: str = ""  # what qualifies the verdict (visits not measured)

    def line(self) -> str:
        """The one-line stability verdict a report prints."""
        where = f"{self.site_name or self.site} [{self.scenario}]"
        if self.verdict == NOTHING_MEASURED:
            return f"{where}: {self.runs} runs, none measured: no verdict on stability"
        parts = [f"{where}: {self.verdict.upper()} over {self.measured_runs} measured of {self.runs} runs"]
        if self.every_run:
            parts.append(f"in every run: {', '.join(self.every_run)}")
        if self.some_runs:
            partial = [f"{s.company} ({s.seen_in} of {s.runs})" for s in self.seen if s.kind == RECIPIENT and not s.every_run]
            parts.append(f"in some runs only: {', '.join(partial)}")
        if not self.every_run and not self.some_runs:
            parts.append("no recipient in any run")
        if self.note:
            parts.append(self.note)
        return "; ".join(parts)


def _measured(source: SourceSummary) -> bool:
    return source.measurement() != NOT_MEASURED


def stability(analysis: Analysis) -> list[Stability]:
    """Per repeated site x scenario (inputs with a repeat number), in the order first seen; [] when
    the scan did not repeat."""
    visits: dict[tuple[str, str], list[SourceSummary]] = defaultdict(list)
    for source in analysis.sources:
        if source.repeat:
            visits[(source.site, source.scenario)].append(source)
    return [_stability(analysis, sources) for sources in visits.values()]


def _stability(analysis: Analysis, sources: list[SourceSummary]) -> Stability:
    measured = [s for s in sources if _measured(s)]
    paths = {s.path for s in measured if s.path}
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)  # (kind, vendor, what) -> visits (paths)
    companies: dict[str, str] = {}
    for disclosure in analysis.disclosures:
        if disclosure.source in paths:
            companies[disclosure.vendor] = disclosure.company
            seen[(RECIPIENT, disclosure.vendor, "")].add(disclosure.source)
            seen[(DISCLOSURE_GROUP, disclosure.vendor, disclosure.event or disclosure.product)].add(disclosure.source)
    source_of = {d.id: d.source for d in analysis.disclosures}
    for finding in analysis.findings:
        visits = _visits_of(finding, source_of) & paths
        if visits:
            companies.setdefault(finding.vendor, finding.company)
            seen[(FINDING, finding.vendor, finding.rule)].update(visits)
    order = {RECIPIENT: 0, DISCLOSURE_GROUP: 1, FINDING: 2}
    counted = [
        SeenIn(kind, vendor, companies.get(vendor, vendor), what, len(where), len(measured))
        for (kind, vendor, what), where in sorted(seen.items(), key=lambda item: (order[item[0][0]], -len(item[1]), item[0]))
    ]
    recipients = [s for s in counted if s.kind == RECIPIENT]
    first = sources[0]
    return Stability(
        site=first.site, site_name=first.site_name, scenario=first.scenario, runs=len(sources),
        measured_runs=len(measured), verdict=_verdict(sources, measured, counted),
        every_run=[s.company for s in recipients if s.every_run],
        some_runs=[s.company for s in recipients if not s.every_run],
        seen=counted, note=_note(sources, measured),
    )


def _visits_of(finding: Finding, source_of: dict[str, str]) -> set[str]:
    """The visits a finding stands on: those of the disclosures it cites (a rule judged per site,
    such as the privacy notice's, cites every visit's), else the input it names."""
    cited = {source_of[i] for i in finding.disclosures if i in source_of}
    return cited or {finding.source}


def _verdict(sources: list[SourceSummary], measured: list[SourceSummary], counted: list[SeenIn]) -> str:
    if not measured:
        return NOTHING_MEASURED
    if any(not s.every_run for s in counted):
        return VARIES
    if len(measured) < len(sources) or any(s.measurement() != MEASURED for s in measured):
        return NOT_ALL_MEASURED
    return STABLE


def _note(sources: list[SourceSummary], measured: list[SourceSummary]) -> str:
    missing = len(sources) - len(measured)
    partial = sum(1 for s in measured if s.measurement() != MEASURED)
    notes = []
    if missing:
        notes.append(f"{missing} of {len(sources)} runs not measured (not counted as 'not seen')")
    if partial:
        notes.append(f"{partial} run(s) only partly measured")
    return "; ".join(notes)


def seen_in_by_finding(analysis: Analysis) -> dict[str, SeenIn]:
    """Per finding id, its SeenIn (only findings of repeated site x scenarios)."""
    by_source = {s.path: (s.site, s.scenario) for s in analysis.sources if s.repeat and s.path}
    counts = {(st.site, st.scenario, s.vendor, s.what): s for st in stability(analysis) for s in st.seen if s.kind == FINDING}
    result = {}
    for finding in analysis.findings:
        where = by_source.get(finding.source)
        if where is not None and (found := counts.get((*where, finding.vendor, finding.rule))) is not None:
            result[finding.id] = found
    return result
