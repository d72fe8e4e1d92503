"""The sites section: per site (all its consent scenarios), its fleet-table figures, what could not
be measured in full, and its findings."""

from __future__ import annotations

from collections import Counter, defaultdict

from pixelhound.assess.consent import RULE_BEFORE_CONSENT
from pixelhound.model import INCOMPLETE, PARTLY_MEASURED, Disclosure, Finding, Page, worst_severity
from pixelhound.report.html.evidence import EvidenceSection
from pixelhound.report.html.text import SCENARIO_LABELS, SCENARIO_ORDER, slug as make_slug
from pixelhound.report.html.views import SiteView
from pixelhound.report.verdict import input_verdict


def scenario_rank(scenario: str) -> int:
    return SCENARIO_ORDER.index(scenario) if scenario in SCENARIO_ORDER else len(SCENARIO_ORDER)


class SiteSection(EvidenceSection):
    """One view per site, its findings rendered by the evidence section."""


    def sites(self) -> list[SiteView]:
        views = []
        slugs: Counter[str] = Counter()
        findings_by_site: dict[str, list[Finding]] = defaultdict(list)
        for finding in self.analysis.findings:
            findings_by_site[self.site_of_source.get(finding.source, finding.source)].append(finding)
        disclosures_by_site: dict[str, list[Disclosure]] = defaultdict(list)
        for disclosure in self.analysis.disclosures:
            disclosures_by_site[self.site_of(disclosure)].append(disclosure)
        keys = list(self.sources_of_site) + [k for k in findings_by_site if k not in self.sources_of_site]
        for key in keys:
            sources = self.sources_of_site.get(key, [])
            slug = make_slug(key)
            slugs[slug] += 1
            if slugs[slug] > 1:
                slug = f"{slug}-{slugs[slug]}"
            disclosures = disclosures_by_site.get(key, [])
            findings = findings_by_site.get(key, [])
            measured = [s for s in sources if s.measured and not s.error]
            scenarios = sorted({s.scenario for s in sources if s.scenario}, key=scenario_rank)
            before: int | None = None
            if self.consent_known and measured:
                before = len({
                    d for f in findings if f.rule == RULE_BEFORE_CONSENT for d in f.disclosures
                }) or sum(len(f.captures) for f in findings if f.rule == RULE_BEFORE_CONSENT and not f.disclosures)
            undisclosed = len(self.undisclosed.get(key, ())) if self.notice_known and measured else None
            pages: list[Page] = []
            seen: set[str] = set()
            for source in sources:
                for page in source.pages:
                    if page.url not in seen:
                        seen.add(page.url)
                        pages.append(page)
            views.append(
                SiteView(
                    key=key,
                    name=key,
                    slug=f"site-{slug}",
                    url=next((s.site for s in sources if s.site), ""),
                    scenarios=[SCENARIO_LABELS.get(s, s) for s in scenarios],
                    not_measured=[
                        (SCENARIO_LABELS.get(s.scenario, s.scenario), s.reason or "no reason recorded")
                        for s in sources if not s.measured
                    ],
                    errors=[s.error for s in sources if s.error],
                    partial=[
                        (SCENARIO_LABELS.get(v.source.scenario, v.source.scenario), v.flag, v.reason)
                        for v in map(input_verdict, sources) if v.state in (PARTLY_MEASURED, INCOMPLETE)
                    ],
                    pages=pages,
                    warnings=sum(len(s.warnings) for s in sources),
                    recipients=len({d.vendor for d in disclosures}),
                    health=sum(d.sensitivity.sensitive for d in disclosures),
                    before_consent=before,
                    undisclosed=undisclosed,
                    worst=worst_severity(f.severity for f in findings),
                    findings=[self.finding_view(f) for f in findings],
                )
            )
        return views
