"""Facts every file report needs: where a finding came from, which fields were sensitive, and text
made safe to carry.

Every string in an Analysis may come from a hostile website. The format-specific escaping lives in
each renderer; what is shared here is only the removal of characters that no output format can
carry (control characters, lone surrogates) and the plain-text evidence lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pixelhound.links import host
from pixelhound.model import SITE_STRENGTH, Analysis, Disclosure, Finding, SourceSummary
from pixelhound.settings import DEVICE_DESKTOP, DEVICE_MOBILE
from pixelhound.wording import site_visit

# C0 and C1 control characters (tab and newline are handled by the caller), DEL, Unicode line and
# paragraph separators, and the bidirectional overrides that can make text read backwards.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
# Whole terminal escape sequences, 7-bit (ESC ...) and 8-bit (C1), so that none of their printable
# tail ("[2J", "]8;;http://...") is left behind: CSI; OSC (hyperlinks, clipboard writes, titles)
# to BEL or ST or the end of the text; DCS, SOS, PM and APC strings; any other ESC and its next char.
_ESCAPE_SEQUENCES = re.compile(
    "(?:\x1b\\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    "|(?:\x1b[\\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"
    "|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)


def strip_escapes(text: str) -> str:
    """`text` without terminal escape sequences (their controls and their parameters)."""
    return _ESCAPE_SEQUENCES.sub("", text)


def clean(value: object, keep_newlines: bool = False) -> str:
    """Text any format can carry: no escape sequences, no control characters, no lone surrogates;
    on one line unless `keep_newlines`."""
    text = str(value)
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates become '?'
    text = _CONTROLS.sub(" ", strip_escapes(text))
    if not keep_newlines:
        text = _SPACES.sub(" ", text).strip()
    return text


def shorten(value: str, limit: int) -> str:
    """At most `limit` characters, marked where cut, so one huge URL cannot swamp a report."""
    return value if len(value) <= limit else value[: max(limit - 1, 0)] + "…"


def device_line(analysis: Analysis) -> str:
    """The report header's line on what browser the sites saw ('' for HAR imports): a finding on
    a mobile visit may not show on desktop, and the other way round."""
    devices = list(dict.fromkeys(s.device for s in analysis.sources if s.device))
    if not devices:
        return ""
    named = [DEVICE_NAMES.get(device, device) for device in devices]
    return f"Visited as: {', '.join(named)}"


DEVICE_NAMES = {DEVICE_DESKTOP: "desktop (a default desktop Chrome)", DEVICE_MOBILE: "mobile (an Android Chrome phone)"}


def site_label(source: SourceSummary) -> str:
    """The name a report gives the site an input belongs to: the fleet's name, else the host, else
    the input's folder or path."""
    return source.site_name or host(source.site) or Path(source.path).parent.name or source.path or "input"


@dataclass
class Index:
    """Look-ups across one Analysis: disclosures by id, sources by path, findings per disclosure."""

    analysis: Analysis
    disclosures: dict[str, Disclosure] = field(default_factory=dict)
    sources: dict[str, SourceSummary] = field(default_factory=dict)
    findings_of: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, analysis: Analysis) -> Index:
        index = cls(analysis)
        index.disclosures = {d.id: d for d in analysis.disclosures}
        for source in analysis.sources:
            index.sources.setdefault(source.path, source)
        for finding in analysis.findings:
            for disclosure_id in finding.disclosures:
                index.findings_of.setdefault(disclosure_id, []).append(finding.id)
        return index

    def source(self, key: str) -> SourceSummary | None:
        return self.sources.get(key)

    def label(self, key: str) -> str:
        """A reader's name for an input: "Site name [scenario]" for a scan, else the file path."""
        summary = self.sources.get(key)
        if summary is None:
            return clean(key) or "(unknown input)"
        name = summary.site_name or (summary.site if summary.scenario else "") or summary.path or summary.site
        scenario = f"{summary.scenario}, run {summary.repeat}" if summary.repeat else summary.scenario
        return clean(f"{name} [{scenario}]" if summary.scenario else name)

    def site_of(self, disclosure: Disclosure) -> tuple[str, str]:
        """(site name, site URL) for a disclosure, from the disclosure or its input."""
        summary = self.sources.get(disclosure.source)
        name = disclosure.site or (summary.site_name if summary else "")
        return name, summary.site if summary else ""

    def of_finding(self, finding: Finding) -> list[Disclosure]:
        return [self.disclosures[i] for i in finding.disclosures if i in self.disclosures]


def finding_pages(finding: Finding, index: Index) -> list[str]:
    """The distinct page URLs behind a finding, in the order first seen."""
    pages: list[str] = []
    for disclosure in index.of_finding(finding):
        if disclosure.page_url and disclosure.page_url not in pages:
            pages.append(disclosure.page_url)
    return pages


@dataclass(frozen=True)
class SensitiveField:
    """One field the classifier judged health-related, with the words that decided."""

    name: str
    value: str
    source: str  # the raw parameter it came from
    categories: list[str]
    terms: list[str]


def sensitive_fields(disclosure: Disclosure) -> list[SensitiveField]:
    """The health-related fields of a disclosure; evidence names the raw parameter a field came from."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    for evidence in disclosure.sensitivity.evidence:
        categories, terms = found.setdefault(evidence.field, ([], []))
        if evidence.category not in categories:
            categories.append(evidence.category)
        if evidence.term not in terms:
            terms.append(evidence.term)
    return [
        SensitiveField(f.name, f.value, f.source, *found[f.source]) for f in disclosure.fields if f.source in found
    ]


def excerpt(value: str, terms: list[str], limit: int) -> str:
    """At most `limit` characters of a long value, centred on the first decisive term found in it,
    so that the health words are what a reader sees of a long payload."""
    text = clean(value)
    if len(text) <= limit:
        return text
    lowered = text.lower()
    hits = [lowered.find(term.lower()) for term in terms if term and term.lower() in lowered]
    if not hits:
        return shorten(text, limit)
    start = max(0, min(min(hits) - limit // 3, len(text) - limit + 2))
    piece = text[start : start + limit - 2]
    return ("…" if start else "") + piece + ("…" if start + len(piece) < len(text) else "")


def evidence_terms(disclosure: Disclosure) -> list[str]:
    """The distinct words or concepts that made the classifier decide."""
    terms: list[str] = []
    for evidence in disclosure.sensitivity.evidence:
        if evidence.term not in terms:
            terms.append(evidence.term)
    return terms


def site_evidence_lines(disclosure: Disclosure, value_chars: int = 200) -> list[str]:
    """'site: a visit to the website of a sexual health clinic; its title says "…" (sexual health,
    site strength)': why a disclosure is health data although none of its fields says so."""
    lines = []
    for evidence in disclosure.sensitivity.evidence:
        if evidence.strength != SITE_STRENGTH:
            continue
        where = evidence.field.removeprefix("site:")
        said = f'; its {where} says "{shorten(clean(evidence.text), value_chars)}"' if evidence.text else ""
        lines.append(f"site: {site_visit(evidence.term)}{said} ({evidence.category}, site strength)")
    if disclosure.sensitivity.site_basis:  # why the site's category was given to this page, or withheld
        lines.append(f"site: {shorten(clean(disclosure.sensitivity.site_basis), value_chars + 100)}")
    return lines


def identifier_kinds(disclosure: Disclosure) -> list[str]:
    """Identifier kinds that tie the disclosure to a person; the IP address goes with every request."""
    kinds: list[str] = []
    for identifier in disclosure.identifiers:
        if identifier.kind != "ip_address" and identifier.kind not in kinds:
            kinds.append(identifier.kind)
    return kinds


def evidence_lines(finding: Finding, index: Index, limit: int, value_chars: int = 200) -> list[str]:
    """Plain-text lines a CI log can show: the disclosures behind a finding, sensitive fields first.
    Not escaped for any markup: each renderer escapes or cleans them for its own format."""
    lines = [f"{finding.severity.upper()} {finding.rule}: {finding.summary}"]
    behind = index.of_finding(finding)
    for disclosure in behind[:limit]:
        head = f"{disclosure.id} {disclosure.product}"
        head += f" {disclosure.event}" if disclosure.event else ""
        head += f" on {disclosure.page_url}" if disclosure.page_url else ""
        lines.append(head)
        for item in sensitive_fields(disclosure):
            value = excerpt(item.value, item.terms, value_chars)
            lines.append(f"  {item.name}={value} [{item.source}] ({', '.join(item.categories)})")
        lines += [f"  {line}" for line in site_evidence_lines(disclosure, value_chars)]
        kinds = identifier_kinds(disclosure)
        if kinds:
            lines.append(f"  identifiers: {', '.join(kinds)}")
    if len(behind) > limit:
        lines.append(f"... and {len(behind) - limit} more disclosures")
    if not behind and finding.captures:
        lines.append(f"requests (HAR entry numbers): {', '.join(str(c) for c in finding.captures[:limit * 4])}")
    if finding.recommendation:
        lines.append(f"What to do: {finding.recommendation}")
    return [(line[: len(line) - len(line.lstrip(" "))]) + clean(line) for line in lines]
