"""The first screen: one verdict sentence per company that received health-related data (composed
by report/verdict.py), and the companies that received identifiers that follow a person."""

from __future__ import annotations

from pixelhound.knowledge.identifiers import PERSONAL_KINDS, label_for
from pixelhound.report.html.index import ReportIndex
from pixelhound.report.html.text import FIELD_LABELS, highlight
from pixelhound.report.html.views import Verdict
from pixelhound.report.verdict import recipient_verdicts, with_article
from pixelhound.wording import category_label, join_words, plural


class FirstScreenSection(ReportIndex):
    """The verdict at the top of the report."""


    def verdicts(self) -> list[Verdict]:
        out = []
        for verdict in recipient_verdicts(self.analysis, self.people):
            if not verdict.health:
                continue
            person, health = verdict.person, verdict.health
            told = []
            for item in person.top_sensitive[:3]:
                terms = [
                    e.term for d in health for e in d.sensitivity.evidence if e.field == item.source and e.term
                ]
                told.append((
                    FIELD_LABELS.get(item.field, item.field.replace("_", " ")),
                    item.source,
                    highlight(item.value, terms, 160),
                    ", ".join(category_label(c) for c in item.categories),
                ))
            out.append(Verdict(person.company, person.worst_severity, verdict.sentence, told))
        return out

    def identifier_lines(self) -> list[str]:
        """Companies without health data that still received something that follows a person."""
        personal = PERSONAL_KINDS
        lines = []
        rest = []
        for person in self.people:
            if person.health_disclosures or not person.identifiers:
                continue
            kinds = {
                i.kind for d in self.analysis.disclosures if d.vendor == person.vendor for i in d.identifiers
            }
            strong = [label_for(k) for k in personal if k in kinds]
            if strong:
                where = ""
                if len(self.sources_of_site) > 1:
                    names = sorted({
                        self.site_of(d) for d in self.analysis.disclosures
                        if d.vendor == person.vendor and any(i.kind in personal for i in d.identifiers)
                    })
                    where = f" on {join_words(names)}" if len(names) <= 3 else f" on {len(names)} sites"
                lines.append(f"{person.company} received {join_words([with_article(s) for s in strong])}{where}.")
            else:
                rest.append(person.company)
        if rest:
            shown = join_words(rest[:6] + ([f"{len(rest) - 6} more"] if len(rest) > 6 else []))
            lines.append(
                f"{plural(len(rest), 'other company', 'other companies')} received browser or advertising "
                f"ids that recognise the visitor again: {shown}."
            )
        return lines
