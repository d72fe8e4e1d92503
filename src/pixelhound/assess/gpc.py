"""The Global Privacy Control finding (the `gpc` scenario): tracking that went on while the browser
said, with `Sec-GPC: 1` and `navigator.globalPrivacyControl`, that the visitor opts out.

In the UK the signal is a statement of the visitor's wishes, not a legal rule of its own; US state
laws (California's CCPA/CPRA, Colorado and others) treat it as a valid opt-out of sale and sharing.
"""

from __future__ import annotations

from collections import defaultdict

from pixelhound.assess.consent import NEEDS_CONSENT, cookie_purpose, source_paths
from pixelhound.assess.rule import Rule, RunContext
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import ADVERTISING_CATEGORIES, GPC, Analysis, Finding, health_categories
from pixelhound.wording import plural

RULE_DESPITE_GPC = "tracking-despite-gpc"

RECOMMEND_GPC = (
    "Treat the Global Privacy Control signal as the visitor's refusal: do not load advertising or "
    "tracking tags when `Sec-GPC: 1` arrives or `navigator.globalPrivacyControl` is true. US state laws "
    "(e.g. CCPA/CPRA, Colorado) make it a binding opt-out of sale and sharing; in the UK it is a signal "
    "of the visitor's wishes, not a legal rule, but consent is still needed for the tracking itself."
)


def despite_gpc_findings(analysis: Analysis) -> list[Finding]:
    """Per input and recipient: consent-requiring data or tracker cookies under the GPC signal."""
    knowledge = default_knowledge()
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for disclosure in analysis.disclosures:
        if disclosure.scenario == GPC and disclosure.category in NEEDS_CONSENT:
            groups[(disclosure.source, disclosure.vendor)].append(disclosure)
    source_of = source_paths(analysis)
    cookies: dict[tuple[str, str], set[str]] = defaultdict(set)
    companies: dict[str, tuple[str, str]] = {}
    for cookie in analysis.cookies:
        if cookie.scenario != GPC:
            continue
        vendor, company, purpose = cookie_purpose(cookie, knowledge)
        if vendor and purpose in NEEDS_CONSENT:
            cookies[(source_of.get((cookie.site, GPC), ""), vendor)].add(cookie.name)
            companies[vendor] = (company, purpose)
    findings = []
    for source, vendor in sorted(set(groups) | set(cookies)):
        group = groups.get((source, vendor), [])
        names = sorted(cookies.get((source, vendor), set()))
        first = group[0] if group else None
        company = first.company if first else companies[vendor][0]
        category = first.category if first else companies[vendor][1]
        said = [plural(len(group), "disclosure")] if group else []
        said += [f"cookies {', '.join(names[:8])}"] if names else []
        site = f" on {first.site}" if first and first.site else ""
        findings.append(Finding(
            id="", rule=RULE_DESPITE_GPC, severity="high" if category in ADVERTISING_CATEGORIES else "medium",
            vendor=vendor, company=company,
            summary=f"{company} tracked the visitor despite the Global Privacy Control signal{site}: "
            f"{' and '.join(said)} (US state laws such as CCPA/CPRA and Colorado's treat GPC as an opt-out of "
            "sale and sharing; in the UK it is a signal of the visitor's wishes, not a legal rule)",
            disclosures=[d.id for d in group], captures=sorted({d.capture_index for d in group}),
            categories=health_categories(group), recommendation=RECOMMEND_GPC, source=source,
        ))
    return findings


class TrackingDespiteGpc(Rule):
    id = RULE_DESPITE_GPC
    name = "TrackingDespiteGpc"
    severity = "high"
    title = "A tracker received data or set cookies despite the Global Privacy Control signal."
    why = (
        "The browser sent `Sec-GPC: 1` with every request and exposed `navigator.globalPrivacyControl` in "
        "every frame, and the banner was left alone; an advertising, analytics or session-recording service "
        "still received data or set cookies. High when the recipient's business is advertising."
    )
    advice = RECOMMEND_GPC

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return despite_gpc_findings(analysis)
