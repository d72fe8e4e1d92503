"""Rules that turn disclosures into findings: judged problems a reader can act on.

One finding per rule, recipient and input, so a report says "Meta received 14 health-related
disclosures" once, with every request behind it, rather than fourteen times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from pixelhound.classify import classify_text
from pixelhound.knowledge.identifiers import label_for
from pixelhound.model import Analysis, Disclosure, Finding, Presence

RULE_HEALTH = "health-data-disclosed"
RULE_IDENTIFIER = "identifier-disclosed"
RULE_RECORDER_HEALTH = "session-recorder-on-health-page"
RULE_RECORDER = "session-recorder"

# Identifiers derived from what a person typed or is: personal data in plain sight or hashed.
PERSONAL_KINDS = frozenset({
    "email", "phone", "hashed_email", "hashed_phone", "hashed_name", "hashed_birth_date",
    "hashed_gender", "hashed_location", "hashed_identity", "external_id", "user_id", "fb_login",
})
ADVERTISING = frozenset({"advertising", "marketing"})

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


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


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
        categories: list[str] = []
        for disclosure in group:
            categories += [c for c in disclosure.sensitivity.categories if c not in categories]
        linking = _linking(group)
        advertising = any(d.category in ADVERTISING for d in group)
        severity = "high" if advertising or linking or first.category == "session_recording" else "medium"
        topics = ", ".join(c.replace("_", " ") for c in categories)
        summary = (
            f"{first.company} received {_plural(len(group), 'health-related disclosure')} ({topics}) "
            f"from {_plural(len(_pages(group)) or 1, 'page')}{_on_site(group)}"
        )
        summary += f", tied to {linking[0]}" if linking else ""
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
            summary += f"; and {_plural(len(kinds) - len(personal), 'browser or cookie id')}"
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
        where = f"on {_plural(len(health_pages), 'health page')}" if on_health else f"on {_plural(len(pages) or 1, 'page')}"
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


_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def assess(analysis: Analysis) -> list[Finding]:
    """Every rule over the analysis, most severe first, numbered f1, f2, ..."""
    from pixelhound.assess.consent import consent_findings

    findings = [
        *health_findings(analysis.disclosures),
        *recorder_findings(analysis),
        *identifier_findings(analysis.disclosures),
        *consent_findings(analysis),
    ]
    return number_findings(findings)


def number_findings(findings: list[Finding]) -> list[Finding]:
    """Sort most severe first and number f1, f2, ... (in place, and returned)."""
    findings.sort(key=lambda f: (_SEVERITY_ORDER[f.severity], f.source, f.rule, f.company))
    for number, finding in enumerate(findings, start=1):
        finding.id = f"f{number}"
    return findings
