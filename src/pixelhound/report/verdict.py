"""The verdict view: what may be said about each input, each site and each recipient, composed once
for every format to render.

Never clean by default: an input that was not measured, partly measured or measured incompletely
(model.MEASUREMENT_STATES) is stated as such wherever a verdict is given, and a "no data was sent"
sentence covers only what was measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.assess.consent import RULE_BEFORE_CONSENT
from pixelhound.assess.notice.findings import RULE_UNDISCLOSED
from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import (
    INCOMPLETE,
    MEASURED,
    NOT_MEASURED,
    PARTLY_MEASURED,
    Analysis,
    Disclosure,
    SourceSummary,
)
from pixelhound.report.common import identifier_kinds, site_label
from pixelhound.report.summary import RecipientSummary, recipients
from pixelhound.settings import SHORTFALLS_NAMED
from pixelhound.wording import category_label, join_words, plural, site_services, site_visit

# The verdict when no recipient was found: clean only for what was actually read and measured.
NO_DATA_SENT = "No data was sent to any third party in these captures."
NOTHING_MEASURED = "Nothing was measured (no input was read, or no site answered), so there is no verdict, clean or otherwise."

# How each state is flagged where a reader scans for problems.
STATE_FLAGS = {
    MEASURED: "MEASURED",
    PARTLY_MEASURED: "PARTLY MEASURED",
    INCOMPLETE: "INCOMPLETE",
    NOT_MEASURED: "NOT MEASURED",
}


@dataclass(frozen=True)
class InputVerdict:
    """One input that cannot support a clean verdict, and why, in one sentence."""

    source: SourceSummary
    state: str
    reason: str

    @property
    def flag(self) -> str:
        return STATE_FLAGS[self.state]


def measurement_reason(source: SourceSummary) -> str:
    """Why an input is not (fully) measured, in words a reader can act on; '' when it is measured.
    Partial states say what is missing and that there is no verdict on it."""
    state = source.measurement()
    if state == MEASURED:
        return ""
    if state == NOT_MEASURED:
        return source.error or source.reason or "not measured"
    parts = []
    if source.unrecovered:
        seen = f" (the evidence holds {source.evidence_requests} of {source.network_requests})" if source.network_requests >= 0 else ""
        parts.append(
            f"{plural(source.unrecovered, 'request')} seen on the network could not be recovered{seen}: incomplete"
        )
    if source.unread_entries:
        pronoun = "it" if source.unread_entries == 1 else "them"
        parts.append(f"{plural(source.unread_entries, 'entry', 'entries')} could not be read: no verdict on {pronoun}")
    if source.shortfalls:
        shown = "; ".join(source.shortfalls[:SHORTFALLS_NAMED])
        more = f"; and {len(source.shortfalls) - SHORTFALLS_NAMED} more" if len(source.shortfalls) > SHORTFALLS_NAMED else ""
        parts.append(
            f"the scan could not do {plural(len(source.shortfalls), 'thing')} it set out to ({shown}{more}): "
            "no verdict on what they would have sent"
        )
    return "; ".join(parts)


def input_verdict(source: SourceSummary) -> InputVerdict:
    return InputVerdict(source, source.measurement(), measurement_reason(source))


def not_fully_measured(analysis: Analysis) -> list[InputVerdict]:
    """Every input whose state is not MEASURED, in input order."""
    return [input_verdict(source) for source in analysis.sources if source.measurement() != MEASURED]


def no_recipient_verdict(analysis: Analysis) -> str:
    """The sentence for an analysis in which no third party received anything."""
    if not analysis.measured_sources():
        return NOTHING_MEASURED
    missing = not_fully_measured(analysis)
    if not missing:
        return NO_DATA_SENT
    return (
        f"No data was sent to any third party in what was measured; {plural(len(missing), 'input')} "
        "could not be measured in full, so there is no verdict on what could not be read or recovered."
    )


def recipient_figures(person: RecipientSummary, rules: list[str]) -> str:
    """One line of figures about a recipient: health data, identifiers, requests, rules broken."""
    parts = []
    if person.health_disclosures:
        topics = ", ".join(category_label(c) for c in person.health_categories)
        of = plural(person.disclosures, "disclosure")
        parts.append(f"health-related data in {person.health_disclosures} of {of} ({topics})")
    else:
        parts.append(plural(person.disclosures, "disclosure"))
    if person.identifiers:
        parts.append("tied to " + ", ".join(person.identifiers))
    parts.append(f"{plural(person.requests, 'request')} from {plural(person.pages, 'page')}")
    if rules:
        parts.append("rules: " + ", ".join(rules))
    return "; ".join(parts)


@dataclass(frozen=True)
class Exposure:
    """What is known of what one company received, for its verdict sentence."""

    company: str
    disclosures: int  # the health-related ones when `topics` is set, else all of them
    topics: list[str]  # reader's labels of the health categories; empty: nothing health-related
    pages: int
    sites: list[str]  # the sites' names, when the analysis covers several; else empty
    before_choice: int  # of those disclosures, how many left before any cookie choice
    identifier_kinds: list[str]
    undisclosed: bool  # a privacy notice that does not name the company
    site_visits: tuple[str, ...] = ()  # specialist services whose every page view is health data


def exposure_sentence(exposure: Exposure) -> str:
    """'Meta received 3 health-related disclosures (sexual health) from 2 pages, before any cookie
    choice, tied to a Meta browser id; Meta is not named in the privacy notice.'"""
    what = "health-related disclosure" if exposure.topics else "disclosure"
    sentence = f"{exposure.company} received {plural(exposure.disclosures, what)}"
    if exposure.topics:
        visits = f"; {join_words([site_visit(s) for s in exposure.site_visits])}" if exposure.site_visits else ""
        sentence += f" ({', '.join(exposure.topics)}{visits})"
    sentence += f" from {plural(exposure.pages, 'page')}"
    if exposure.sites:
        names = sorted(exposure.sites)
        sentence += f" on {plural(len(names), 'site')}" + (f" ({join_words(names)})" if len(names) <= 3 else "")
    before, total = exposure.before_choice, exposure.disclosures
    if before:
        sentence += (
            f", {before} of them before any cookie choice" if before < total
            else ", all of them before any cookie choice" if before > 1
            else ", before any cookie choice"
        )
    if exposure.identifier_kinds:
        sentence += ", tied to " + join_words([with_article(label_for(k)) for k in exposure.identifier_kinds[:3]])
    if exposure.undisclosed:
        sentence += f"; {exposure.company} is not named in the privacy notice"
    return sentence + "."


@dataclass(frozen=True)
class RecipientVerdict:
    """One company's verdict, composed once: the sentence every format states, the figures behind
    it and the rules it broke."""

    person: RecipientSummary
    sentence: str
    figures: str
    rules: list[str]
    health: list[Disclosure]  # its health-related disclosures, for formats that quote them

    @property
    def severity(self) -> str:
        return self.person.worst_severity


def recipient_verdicts(analysis: Analysis, people: list[RecipientSummary] | None = None) -> list[RecipientVerdict]:
    """Every recipient's verdict, in the recipients' order (worst first)."""
    people = recipients(analysis) if people is None else people
    rules: dict[str, list[str]] = {}
    before_ids: dict[str, set[str]] = {}
    undisclosed: set[str] = set()
    for finding in analysis.findings:
        if finding.rule not in rules.setdefault(finding.vendor, []):
            rules[finding.vendor].append(finding.rule)
        if finding.rule == RULE_BEFORE_CONSENT:
            before_ids.setdefault(finding.vendor, set()).update(finding.disclosures)
        if finding.rule == RULE_UNDISCLOSED:
            undisclosed.add(finding.vendor)
    site_of_source = {source.path: site_label(source) for source in analysis.sources}
    multi_site = len(set(site_of_source.values())) > 1
    by_vendor: dict[str, list[Disclosure]] = {}
    for disclosure in analysis.disclosures:
        by_vendor.setdefault(disclosure.vendor, []).append(disclosure)
    verdicts = []
    for person in people:
        received = by_vendor.get(person.vendor, [])
        health = [d for d in received if d.sensitivity.sensitive]
        told = health or received
        exposure = Exposure(
            company=person.company,
            disclosures=len(told),
            topics=[category_label(c) for c in person.health_categories] if health else [],
            pages=len({d.page_url for d in told if d.page_url}) or 1,
            sites=sorted({site_of_source.get(d.source) or d.site or d.source for d in told}) if multi_site else [],
            before_choice=len({d.id for d in told} & before_ids.get(person.vendor, set())),
            identifier_kinds=list(dict.fromkeys(kind for d in told for kind in identifier_kinds(d))),
            undisclosed=person.vendor in undisclosed,
            site_visits=tuple(site_services(health)),
        )
        vendor_rules = rules.get(person.vendor, [])
        verdicts.append(RecipientVerdict(
            person, exposure_sentence(exposure), recipient_figures(person, vendor_rules), vendor_rules, health
        ))
    return verdicts


def with_article(label: str) -> str:
    if label.startswith(("site's", "visitor's")):
        return "the " + label
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label
