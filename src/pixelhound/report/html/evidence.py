"""The evidence section: each finding with the requests behind it, decoded and highlighted, and the
page's screenshot (a real PNG inside the run folder only, embedded as a data: URI)."""

from __future__ import annotations

import base64

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import Disclosure, Finding, Page
from pixelhound.report.common import site_evidence_lines
from pixelhound.report.html.index import ReportIndex
from pixelhound.report.html.text import FIELD_LABELS, SCENARIO_LABELS, cut, highlight, page_key, when
from pixelhound.wording import category_label
from pixelhound.report.html.views import DisclosureView, FieldRow, FindingView, Shot
from pixelhound.store.run_folder import RunFolder
from pixelhound.settings import (
    HTML_MAX_DISCLOSURES_PER_FINDING,
    HTML_MAX_RAW_URL_CHARS,
    HTML_MAX_SCREENSHOT_BYTES,
    HTML_MAX_SCREENSHOTS,
    HTML_MAX_VALUE_CHARS,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class EvidenceSection(ReportIndex):
    """Findings and the requests behind them."""


    def _screenshot(self, page: Page) -> Shot | None:
        """The page's screenshot as a data: URI: only a real PNG inside the run folder, at most
        HTML_MAX_SCREENSHOTS of them, so a report stays small enough to e-mail."""
        if self.run_dir is None or not page.screenshot:
            return None
        if page.screenshot in self.shots:
            return self.shots[page.screenshot]
        if len(self.shots) >= HTML_MAX_SCREENSHOTS:
            return None
        try:
            path = RunFolder(self.run_dir).inside(page.screenshot)
            if path is None:
                return None
            if path.stat().st_size > HTML_MAX_SCREENSHOT_BYTES:
                return None
            data = path.read_bytes()
        except (OSError, ValueError):
            return None
        if not data.startswith(PNG_MAGIC):
            return None
        shot = Shot(
            anchor=f"shot-{len(self.shots) + 1}",
            data_uri="data:image/png;base64," + base64.b64encode(data).decode("ascii"),
            title=page.title,
            url=page.url,
        )
        self.shots[page.screenshot] = shot
        return shot

    # -- disclosures and findings

    def disclosure_view(self, disclosure: Disclosure, open_: bool) -> DisclosureView:
        terms = [e.term for e in disclosure.sensitivity.evidence if e.term]
        evidence_fields = {e.field for e in disclosure.sensitivity.evidence}
        rows = []
        for item in disclosure.fields:
            long = len(item.value) > HTML_MAX_VALUE_CHARS
            rows.append(
                FieldRow(
                    label=FIELD_LABELS.get(item.name, item.name.replace("_", " ")),
                    source=item.source,
                    value=highlight(item.value, terms, HTML_MAX_VALUE_CHARS),
                    full=highlight(item.value, terms) if long else None,
                    sensitive=item.source in evidence_fields,
                )
            )
        rows += [
            FieldRow(label="site", source="site context", value=highlight(line.removeprefix("site: "), [], HTML_MAX_VALUE_CHARS),
                     full=None, sensitive=disclosure.sensitivity.sensitive)  # a withheld site category is not
            for line in site_evidence_lines(disclosure)
        ]
        rows.sort(key=lambda r: not r.sensitive)
        identifiers = [
            (i.label or label_for(i.kind), i.source, cut(i.value, 90))
            for i in disclosure.identifiers
            if i.kind != "ip_address"
        ]
        page = self.pages.get((disclosure.source, page_key(disclosure.page_url)))
        shot = self._screenshot(page) if page is not None else None
        first = shot is not None and shot.anchor not in self.shot_shown
        if shot is not None:
            self.shot_shown.add(shot.anchor)
        return DisclosureView(
            id=disclosure.id,
            product=disclosure.product,
            event=disclosure.event,
            time=when(disclosure.time),
            page_url=disclosure.page_url,
            action=disclosure.action,
            scenario=SCENARIO_LABELS.get(self.scenario_of(disclosure), self.scenario_of(disclosure)),
            method=disclosure.method,
            transport=disclosure.transport,
            categories=[category_label(c) for c in disclosure.sensitivity.categories],
            terms=sorted(set(terms)),
            fields=rows,
            identifiers=identifiers,
            request_url=disclosure.request_url[:HTML_MAX_RAW_URL_CHARS],
            request_url_cut=len(disclosure.request_url) > HTML_MAX_RAW_URL_CHARS,
            shot=shot,
            shot_first=first,
            open=open_,
        )

    def finding_view(self, finding: Finding) -> FindingView:
        chosen = [self.by_id[i] for i in finding.disclosures if i in self.by_id]
        chosen.sort(key=lambda d: (not d.sensitivity.sensitive, d.time, d.id))
        shown = chosen[:HTML_MAX_DISCLOSURES_PER_FINDING]
        scripts: list[str] = []
        if not finding.disclosures:
            scripts = sorted({
                p.url for p in self.analysis.presences
                if p.vendor == finding.vendor and p.source == finding.source
            })[:5]
        return FindingView(
            id=finding.id,
            rule=finding.rule,
            severity=finding.severity,
            company=finding.company,
            summary=finding.summary,
            categories=[category_label(c) for c in finding.categories],
            recommendation=finding.recommendation,
            disclosures=[
                self.disclosure_view(d, open_=n == 0 and d.sensitivity.sensitive) for n, d in enumerate(shown)
            ],
            hidden=len(chosen) - len(shown),
            requests=len(finding.captures),
            scripts=scripts,
            seen_in=seen.phrase() if (seen := self.seen_in.get(finding.id)) else "",
        )
