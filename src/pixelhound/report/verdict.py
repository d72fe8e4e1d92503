"""The verdict view: what may be said about each input, each site and each recipient, composed once
for every format to render.

Never clean by default: an input that was not measured, partly measured or measured incompletely
(model.MEASUREMENT_STATES) is stated as such wherever a verdict is given, and a "no data was sent"
sentence covers only what was measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import (
    INCOMPLETE,
    MEASURED,
    NOT_MEASURED,
    PARTLY_MEASURED,
    Analysis,
    SourceSummary,
)
from pixelhound.report.summary import RecipientSummary
from pixelhound.wording import join_words, plural

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
    return "; ".join(parts)


def input_verdict(source: SourceSummary) -> InputVerdict:
    return InputVerdict(source, source.measurement(), measurement_reason(source))


def not_fully_measured(analysis: Analysis) -> list[InputVerdict]:
    """Every input whose state is not MEASURED, in input order."""
    return [input_verdict(source) for source in analysis.sources if source.measurement() != MEASURED]


def partly_measured(analysis: Analysis) -> list[InputVerdict]:
    """The inputs read but not in full (partly measured or incomplete): their findings stand, their
    silence does not."""
    return [verdict for verdict in not_fully_measured(analysis) if verdict.state != NOT_MEASURED]


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
        topics = ", ".join(c.replace("_", " ") for c in person.health_categories)
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
class HealthExposure:
    """What is known of one company's health-related disclosures, for its verdict sentence."""

    company: str
    disclosures: int
    topics: list[str]  # reader's labels of the health categories
    pages: int
    sites: list[str]  # the sites' names, when the analysis covers several; else empty
    before_choice: int  # of those disclosures, how many left before any cookie choice
    identifier_kinds: list[str]
    undisclosed: bool  # a privacy notice that does not name the company


def health_sentence(exposure: HealthExposure) -> str:
    """'Meta received 3 health-related disclosures (sexual health) from 2 pages, before any cookie
    choice, tied to a Meta browser id; Meta is not named in the privacy notice.'"""
    sentence = (
        f"{exposure.company} received {plural(exposure.disclosures, 'health-related disclosure')} "
        f"({', '.join(exposure.topics)}) from {plural(exposure.pages, 'page')}"
    )
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


def with_article(label: str) -> str:
    if label.startswith(("site's", "visitor's")):
        return "the " + label
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label
