"""What every section of the HTML report looks up: sites and scenarios of inputs, pages, the
recipients' figures and which disclosures the consent and notice rules flagged. Each section
(evidence, sites, first screen, charts) is a class of its own built on this one."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pixelhound.assess.consent import RULE_BEFORE_CONSENT
from pixelhound.assess.notice.findings import RULE_UNDISCLOSED
from pixelhound.model import Analysis, Disclosure, Page, SourceSummary
from pixelhound.repeats import seen_in_by_finding
from pixelhound.report.html.text import page_key
from pixelhound.report.html.views import Shot
from pixelhound.report.common import site_label
from pixelhound.report.summary import recipients


class ReportIndex:
    """Look-ups across one Analysis, built once per report."""

    def __init__(self, analysis: Analysis, run_dir: Path | None) -> None:
        self.analysis = analysis
        self.run_dir = run_dir.resolve() if run_dir is not None else None
        self.people = recipients(analysis)
        self.by_id = {d.id: d for d in analysis.disclosures}
        self.seen_in = seen_in_by_finding(analysis)  # with --repeat N: in how many runs each finding was seen
        self.site_of_source: dict[str, str] = {}
        self.scenario_of_source = {s.path: s.scenario for s in analysis.sources}
        self.sources_of_site: dict[str, list[SourceSummary]] = defaultdict(list)
        for source in analysis.sources:
            key = site_label(source)
            self.site_of_source[source.path] = key
            self.sources_of_site[key].append(source)
        self.pages: dict[tuple[str, str], Page] = {}
        for source in analysis.sources:
            for page in source.pages:
                if page.url:
                    self.pages.setdefault((source.path, page_key(page.url)), page)
        self.shots: dict[str, Shot] = {}
        self.shot_shown: set[str] = set()
        rules = {f.rule for f in analysis.findings}
        self.consent_known = RULE_BEFORE_CONSENT in rules
        self.notice_known = RULE_UNDISCLOSED in rules
        self.before_ids: dict[str, set[str]] = defaultdict(set)
        self.undisclosed: dict[str, set[str]] = defaultdict(set)  # site key -> vendors
        for finding in analysis.findings:
            if finding.rule == RULE_BEFORE_CONSENT:
                self.before_ids[finding.vendor].update(finding.disclosures)
            if finding.rule == RULE_UNDISCLOSED:
                self.undisclosed[self.site_of_source.get(finding.source, finding.source)].add(finding.vendor)

    def site_of(self, disclosure: Disclosure) -> str:
        return self.site_of_source.get(disclosure.source) or disclosure.site or disclosure.source

    def scenario_of(self, disclosure: Disclosure) -> str:
        return disclosure.scenario or self.scenario_of_source.get(disclosure.source, "")
