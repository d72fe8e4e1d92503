"""Per-recipient figures: the first thing a reader wants is "who got what"."""

from __future__ import annotations

from collections import Counter

import msgspec

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import SITE_STRENGTH, Analysis, Disclosure, health_categories, severity_rank
from pixelhound.settings import TERMINAL_TOP_ITEMS
from pixelhound.wording import site_visit

class SensitiveItem(msgspec.Struct):
    """One health-related thing a recipient was told."""

    field: str
    value: str
    source: str
    categories: list[str]


class RecipientSummary(msgspec.Struct):
    """Everything one company received, in figures."""

    vendor: str
    company: str
    products: list[str]
    categories: list[str]
    requests: int
    disclosures: int
    health_disclosures: int
    events: dict[str, int]
    pages: int
    identifiers: list[str]
    health_categories: list[str]
    top_sensitive: list[SensitiveItem]
    worst_severity: str = ""


def _sensitive_items(disclosures: list[Disclosure]) -> list[SensitiveItem]:
    """Distinct sensitive field values, most categories first."""
    seen: dict[tuple[str, str], SensitiveItem] = {}
    for disclosure in disclosures:
        by_source: dict[str, list[str]] = {}
        for evidence in disclosure.sensitivity.evidence:
            by_source.setdefault(evidence.field, [])
            if evidence.category not in by_source[evidence.field]:
                by_source[evidence.field].append(evidence.category)
        for item in disclosure.fields:
            categories = by_source.get(item.source)
            if categories and (item.name, item.value) not in seen:
                seen[(item.name, item.value)] = SensitiveItem(item.name, item.value, item.source, categories)
        for evidence in disclosure.sensitivity.evidence:  # the site itself: "a visit to the website of ..."
            visit = site_visit(evidence.term)
            if evidence.strength == SITE_STRENGTH and ("site", visit) not in seen:
                seen[("site", visit)] = SensitiveItem("site", visit, evidence.field, by_source[evidence.field])
    return sorted(seen.values(), key=lambda s: (-len(s.categories), s.field, s.value))


def recipients(analysis: Analysis) -> list[RecipientSummary]:
    """One summary per receiving company, the most health-exposed first."""
    grouped: dict[str, list[Disclosure]] = {}
    for disclosure in analysis.disclosures:
        grouped.setdefault(disclosure.vendor, []).append(disclosure)
    worst: dict[str, str] = {}
    for finding in analysis.findings:
        if severity_rank(finding.severity) > severity_rank(worst.get(finding.vendor, "")):
            worst[finding.vendor] = finding.severity
    summaries = []
    for vendor, disclosures in grouped.items():
        health = [d for d in disclosures if d.sensitivity.sensitive]
        identifier_kinds = {i.kind for d in disclosures for i in d.identifiers if i.kind != "ip_address"}
        summaries.append(
            RecipientSummary(
                vendor=vendor,
                company=disclosures[0].company,
                products=sorted({d.product for d in disclosures}),
                categories=sorted({d.category for d in disclosures}),
                requests=len({(d.source, d.capture_index) for d in disclosures}),
                disclosures=len(disclosures),
                health_disclosures=len(health),
                events=dict(Counter(d.event for d in disclosures if d.event).most_common()),
                pages=len({d.page_url for d in disclosures if d.page_url}),
                identifiers=sorted(label_for(k) for k in identifier_kinds),
                health_categories=health_categories(health),
                top_sensitive=_sensitive_items(health)[:TERMINAL_TOP_ITEMS],
                worst_severity=worst.get(vendor, ""),
            )
        )
    summaries.sort(key=lambda s: (-severity_rank(s.worst_severity), -s.health_disclosures, -s.disclosures, s.company))
    return summaries
