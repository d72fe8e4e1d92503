"""The disclosure rules: health data, identifiers and session recorders sent to third parties.

One finding per rule, recipient and input, so a report says "Meta received 14 health-related
disclosures" once, with every request behind it, rather than fourteen times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from pixelhound.classify import classify_text
from pixelhound.knowledge.identifiers import PERSONAL_KINDS, label_for
from pixelhound.assess.rule import PER_RECIPIENT, PER_SESSION_RECORDER, Rule, RunContext
from pixelhound.model import ADVERTISING_CATEGORIES, Analysis, Disclosure, Finding, Presence, health_categories
from pixelhound.wording import plural, site_visit_clause

RULE_HEALTH = "health-data-disclosed"
RULE_IDENTIFIER = "identifier-disclosed"
RULE_RECORDER_HEALTH = "session-recorder-on-health-page"
RULE_RECORDER = "session-recorder"


RECOMMEND_HEALTH = (
    "Remove this tracker from health pages, or stop it sending page URLs, titles, button text and "
    "search terms; load it only after explicit consent, and name the recipient in the privacy notice."
)
RECOMMEND_IDENTIFIER = (
    "Turn off advanced or automatic matching and the sending of user ids; a hashed email or phone "
    "number is still personal data that the platform matches to its users."
)
RECOMMEND_RECORDER = (
    "Do not run session recording on health pages: it records what patients read and type. "
    "Exclude these pages, mask all text and inputs, or remove the recorder."
)

_Group = tuple[str, str]  # (input source, vendor id)


def _groups(disclosures: Iterable[Disclosure], keep: Callable[[Disclosure], bool]) -> dict[_Group, list[Disclosure]]:
    groups: dict[_Group, list[Disclosure]] = defaultdict(list)
    for disclosure in disclosures:
        if keep(disclosure):
            groups[(disclosure.source, disclosure.vendor)].append(disclosure)
    return groups


def _pages(disclosures: list[Disclosure]) -> list[str]:
    return sorted({d.page_url for d in disclosures if d.page_url})


def _on_site(items: list) -> str:  # list[Disclosure | Presence]
    """' on <site>' for live scans (a HAR file names no site)."""
    sites = sorted({getattr(item, "site", "") for item in items} - {""})
    return f" on {sites[0]}" if len(sites) == 1 else ""



def _linking(disclosures: list[Disclosure]) -> list[str]:
    """Labels of the identifiers (other than the IP address) that tie these disclosures to a person."""
    kinds: list[str] = []
    for disclosure in disclosures:
        for identifier in disclosure.identifiers:
            if identifier.kind != "ip_address" and identifier.kind not in kinds:
                kinds.append(identifier.kind)
    return [label_for(kind) for kind in kinds]


def health_findings(disclosures: list[Disclosure]) -> list[Finding]:
    """Health-related data disclosed to a third party (advertising and analytics above all)."""
    findings = []
    for (source, _vendor), group in _groups(disclosures, lambda d: d.sensitivity.sensitive).items():
        first = group[0]
        categories = health_categories(group)
        linking = _linking(group)
        advertising = any(d.category in ADVERTISING_CATEGORIES for d in group)
        severity = "high" if advertising or linking or first.category == "session_recording" else "medium"
        topics = ", ".join(c.replace("_", " ") for c in categories)
        summary = (
            f"{first.company} received {plural(len(group), 'health-related disclosure')} ({topics}) "
            f"from {plural(len(_pages(group)) or 1, 'page')}{_on_site(group)}"
        )
        summary += f", tied to {linking[0]}" if linking else ""
        summary += site_visit_clause(group)
        findings.append(
            Finding(
                id="",
                rule=RULE_HEALTH,
                severity=severity,
                vendor=first.vendor,
                company=first.company,
                summary=summary,
                disclosures=[d.id for d in group],
                captures=sorted({d.capture_index for d in group}),
                categories=categories,
                recommendation=RECOMMEND_HEALTH,
                source=source,
            )
        )
    return findings


def identifier_findings(disclosures: list[Disclosure]) -> list[Finding]:
    """Personal identifiers, hashed or plain, sent to a third party."""
    findings = []
    has_identifier = lambda d: any(i.kind != "ip_address" for i in d.identifiers)  # noqa: E731
    for (source, _vendor), group in _groups(disclosures, has_identifier).items():
        first = group[0]
        kinds = sorted({i.kind for d in group for i in d.identifiers if i.kind != "ip_address"})
        personal = [k for k in kinds if k in PERSONAL_KINDS]
        severity = "high" if personal else "medium"
        shown = personal or kinds
        summary = f"{first.company} received " + "; ".join(label_for(k) for k in shown)
        if personal and len(kinds) > len(personal):
            summary += f"; and {plural(len(kinds) - len(personal), 'browser or cookie id')}"
        summary += _on_site(group)
        findings.append(
            Finding(
                id="",
                rule=RULE_IDENTIFIER,
                severity=severity,
                vendor=first.vendor,
                company=first.company,
                summary=summary,
                disclosures=[d.id for d in group if any(i.kind != "ip_address" for i in d.identifiers)],
                captures=sorted({d.capture_index for d in group}),
                recommendation=RECOMMEND_IDENTIFIER,
                source=source,
            )
        )
    return findings


def _page_is_health(url: str, titles: dict[str, str]) -> bool:
    return classify_text(url).sensitive or classify_text(titles.get(url, "")).sensitive


def recorder_findings(analysis: Analysis) -> list[Finding]:
    """A session recorder running, judged by whether any page it ran on is a health page."""
    titles = {page.url: page.title for source in analysis.sources for page in source.pages if page.url}
    seen: dict[_Group, tuple[list[Presence | Disclosure], set[str]]] = {}
    items: list[Presence | Disclosure] = [
        *(p for p in analysis.presences if p.category == "session_recording"),
        *(d for d in analysis.disclosures if d.category == "session_recording"),
    ]
    for item in items:
        records, pages = seen.setdefault((item.source, item.vendor), ([], set()))
        records.append(item)
        if item.page_url:
            pages.add(item.page_url)
    findings = []
    for (source, _vendor), (records, pages) in seen.items():
        first = records[0]
        health_pages = sorted(p for p in pages if _page_is_health(p, titles))
        on_health = bool(health_pages)
        where = f"on {plural(len(health_pages), 'health page')}" if on_health else f"on {plural(len(pages) or 1, 'page')}"
        findings.append(
            Finding(
                id="",
                rule=RULE_RECORDER_HEALTH if on_health else RULE_RECORDER,
                severity="high" if on_health else "low",
                vendor=first.vendor,
                company=first.company,
                summary=f"{first.company}'s session recorder ran {where}{_on_site(records)}",
                disclosures=[r.id for r in records if isinstance(r, Disclosure)],
                captures=sorted({r.capture_index for r in records}),
                recommendation=RECOMMEND_RECORDER,
                source=source,
            )
        )
    return findings


class HealthDataDisclosed(Rule):
    id = RULE_HEALTH
    name = "HealthDataDisclosed"
    severity = "high"
    title = "Health-related data was sent to a third party."
    why = (
        "A third party (advertising, analytics, session recording or another service) received page "
        "addresses, titles, button text, search terms or form data that reveal special-category health "
        "information about the visitor. Severity is high when the recipient is in advertising or session "
        "recording, or when the data is tied to an identifier."
    )
    advice = RECOMMEND_HEALTH
    checked_per = PER_RECIPIENT

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return health_findings(analysis.disclosures)


class IdentifierDisclosed(Rule):
    id = RULE_IDENTIFIER
    name = "IdentifierDisclosed"
    severity = "medium"
    title = "Personal or browser identifiers were sent to a third party."
    why = (
        "A third party received identifiers that tie the visit to a person or browser: cookie ids, click "
        "ids, user ids, or personal data such as an email address or phone number, plain or hashed. "
        "Severity is high when personal data (hashed or not) was sent."
    )
    advice = RECOMMEND_IDENTIFIER
    checked_per = PER_RECIPIENT

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return identifier_findings(analysis.disclosures)


class SessionRecorderOnHealthPage(Rule):
    id = RULE_RECORDER_HEALTH
    name = "SessionRecorderOnHealthPage"
    severity = "high"
    title = "A session recorder ran on a health page."
    why = (
        "A session-recording service ran on at least one page whose address or title is about health. "
        "Session recorders capture what a visitor reads, clicks and types."
    )
    advice = RECOMMEND_RECORDER
    checked_per = PER_SESSION_RECORDER

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return [f for f in recorder_findings(analysis) if f.rule == self.id]


class SessionRecorder(Rule):
    id = RULE_RECORDER
    name = "SessionRecorder"
    severity = "low"
    title = "A session recorder ran on the site."
    why = (
        "A session-recording service ran on pages of the site that were not judged health pages. "
        "Session recorders capture what a visitor reads, clicks and types."
    )
    advice = RECOMMEND_RECORDER
    checked_per = PER_SESSION_RECORDER
    yields_to = RULE_RECORDER_HEALTH  # a recorder on a health page is judged by that rule alone

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return [f for f in recorder_findings(analysis) if f.rule == self.id]
