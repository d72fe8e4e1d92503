"""Consent findings: tracking before any choice, tracking that goes on after "reject all", cookies
set before consent or after rejection, and scenarios whose banner could not be operated.

Every request, disclosure and cookie carries the consent state it left under (model.CONSENT_STATES),
so these rules only compare states; how a banner was operated is the scanner's business.
"""

from __future__ import annotations

from collections import defaultdict

from pixelhound.assess.rule import Rule, RunContext
from pixelhound.knowledge.vendors import VendorKnowledge, default_knowledge, registrable_domain
from pixelhound.links import host
from pixelhound.model import (
    AFTER_REJECT,
    BEFORE_CHOICE,
    GPC,
    NO_INTERACTION,
    WITHDRAWAL_NO_CONTROL,
    Analysis,
    Cookie,
    Disclosure,
    Finding,
    SourceSummary,
    health_categories,
)
from pixelhound.wording import plural

RULE_BEFORE_CONSENT = "tracking-before-consent"
RULE_AFTER_REJECTION = "tracking-after-rejection"
RULE_COOKIE_BEFORE_CONSENT = "cookie-before-consent"
RULE_COOKIE_AFTER_REJECTION = "cookie-after-rejection"
RULE_UNVERIFIED = "consent-unverified"

# Purposes that need consent under PECR/GDPR; functional, CDN and consent tools do not.
NEEDS_CONSENT = frozenset({"advertising", "analytics", "session_recording", "marketing", "unknown"})

# First-party cookies that trackers' scripts set, by name prefix -> (vendor id, purpose).
TRACKER_COOKIES: dict[str, tuple[str, str]] = {
    "_fbp": ("meta", "advertising"),
    "_fbc": ("meta", "advertising"),
    "_ga": ("google", "analytics"),
    "_gid": ("google", "analytics"),
    "_gcl_": ("google", "advertising"),
    "_ttp": ("tiktok", "advertising"),
    "_tt_": ("tiktok", "advertising"),
    "_uetsid": ("microsoft", "advertising"),
    "_uetvid": ("microsoft", "advertising"),
    "_clck": ("microsoft", "session_recording"),
    "_clsk": ("microsoft", "session_recording"),
    "_scid": ("snap", "advertising"),
    "_pin_unauth": ("pinterest", "advertising"),
    "_epik": ("pinterest", "advertising"),
    "_hj": ("hotjar", "session_recording"),
    "li_fat_id": ("linkedin", "advertising"),
    "_twclid": ("x", "advertising"),
}

RECOMMEND_CONSENT = (
    "Load this tracker only after the visitor opts in, and keep it off health pages; with Google "
    "consent mode, default every purpose to denied before any tag fires."
)
RECOMMEND_REJECTION = (
    "The visitor said no: this tracker must not load or send anything after a rejection. Check the "
    "consent-management platform's integration with the tag manager."
)
RECOMMEND_UNVERIFIED = (
    "pixelhound could not operate this cookie banner, so what happens after a choice is unknown: "
    "check it by hand, or add the banner to pixelhound's fallback."
)



def _needs_consent(disclosure: Disclosure) -> bool:
    return disclosure.category in NEEDS_CONSENT


def consent_requiring_at(disclosures: list[Disclosure], moment: str) -> dict[tuple[str, str], list[Disclosure]]:
    """Disclosures that need consent and left at `moment`, per (input, recipient). Before any
    choice is judged once, in the no-interaction scenario (or a HAR, which has no scenario)."""
    groups: dict[tuple[str, str], list[Disclosure]] = defaultdict(list)
    for disclosure in disclosures:
        if not _needs_consent(disclosure) or disclosure.consent != moment:
            continue
        if moment == BEFORE_CHOICE and disclosure.scenario not in ("", NO_INTERACTION):
            continue
        groups[(disclosure.source, disclosure.vendor)].append(disclosure)
    return groups


def health_count(group: list[Disclosure]) -> int:
    return sum(1 for d in group if d.sensitivity.sensitive)


def health_detail(group: list[Disclosure]) -> str:
    """The "(N health-related)" a finding's summary adds, or nothing when none of the group is."""
    health = health_count(group)
    return f" ({health} health-related)" if health else ""


def before_consent_findings(disclosures: list[Disclosure]) -> list[Finding]:
    """Per input and recipient: data sent before any cookie choice."""
    findings = []
    for (source, _vendor), group in consent_requiring_at(disclosures, BEFORE_CHOICE).items():
        health = health_count(group)
        first = group[0]
        severity = "high" if health or first.category in ("advertising", "session_recording") else "medium"
        detail = health_detail(group)
        findings.append(recipient_finding(
            RULE_BEFORE_CONSENT, severity, group, source,
            f"{first.company} received {plural(len(group), 'disclosure')}{detail} before any cookie choice"
            f"{on_site(first)}", RECOMMEND_CONSENT,
        ))
    return findings


def after_rejection_findings(disclosures: list[Disclosure]) -> list[Finding]:
    """Per input and recipient: data sent after a rejection, saying whether it went on from before
    the choice (in any scenario of the same site) or started anew."""
    before_vendors_by_site: dict[str, set[str]] = defaultdict(set)
    for disclosure in disclosures:
        if _needs_consent(disclosure) and disclosure.consent == BEFORE_CHOICE:
            before_vendors_by_site[disclosure.site].add(disclosure.vendor)
    findings = []
    for (source, vendor), group in consent_requiring_at(disclosures, AFTER_REJECT).items():
        first = group[0]
        persisting = vendor in before_vendors_by_site.get(first.site, set())
        how = "went on receiving" if persisting else "started receiving"
        detail = health_detail(group)
        findings.append(recipient_finding(
            RULE_AFTER_REJECTION, "high", group, source,
            f"{first.company} {how} data after the visitor rejected cookies: "
            f"{plural(len(group), 'disclosure')}{detail}{on_site(first)}", RECOMMEND_REJECTION,
        ))
    return findings


def on_site(item: Disclosure | Cookie) -> str:
    """' on <site>' for a live scan's item ('' for a HAR's)."""
    return f" on {item.site}" if item.site else ""


def recipient_finding(rule: str, severity: str, group: list[Disclosure], source: str, summary: str, advice: str) -> Finding:
    """One finding about one recipient in one input, with every disclosure behind it."""
    first = group[0]
    return Finding(
        id="", rule=rule, severity=severity, vendor=first.vendor, company=first.company, summary=summary,
        disclosures=[d.id for d in group], captures=sorted({d.capture_index for d in group}),
        categories=health_categories(group), recommendation=advice, source=source,
    )


def cookie_purpose(cookie: Cookie, knowledge: VendorKnowledge) -> tuple[str, str, str]:
    """(vendor id, company, purpose) of a cookie: its third-party domain's owner, or a known
    tracker cookie name set first-party by a tracker's script; ("", "", "") when neither."""
    if cookie.third_party:
        domain = cookie.domain.lstrip(".") or registrable_domain(host(cookie.request_url))
        vendor = knowledge.vendor_for_host(domain)
        if vendor is not None:
            return vendor.id, vendor.company, vendor.category
        return registrable_domain(domain), registrable_domain(domain), "unknown"
    for prefix, (vendor_id, purpose) in TRACKER_COOKIES.items():
        if cookie.name.startswith(prefix):
            vendor = knowledge.vendors.get(vendor_id)
            return vendor_id, vendor.company if vendor else vendor_id, purpose
    return "", "", ""


def cookie_findings(
    cookies: list[Cookie],
    moment: str,
    source_of: dict[tuple, str] | None = None,
    knowledge: VendorKnowledge | None = None,
) -> list[Finding]:
    """Tracking cookies set or sent at `moment` (before any choice, or after a rejection), per site
    and vendor (and visit, when the run repeats). `source_of` maps (site name, scenario, repeat) to
    the input the cookies came from."""
    knowledge = knowledge or default_knowledge()
    source_of = source_of or {}
    grouped: dict[tuple[str, str, str, int, str], set[str]] = defaultdict(set)
    companies: dict[str, str] = {}
    purposes: dict[str, str] = {}
    for cookie in cookies:
        if cookie.consent != moment:
            continue
        if cookie.consent == BEFORE_CHOICE and cookie.scenario not in ("", NO_INTERACTION):
            continue  # the same moment is judged once, in the no-interaction scenario
        vendor, company, purpose = cookie_purpose(cookie, knowledge)
        if not vendor or purpose not in NEEDS_CONSENT:
            continue
        grouped[(cookie.consent, cookie.site, cookie.scenario, cookie.repeat, vendor)].add(cookie.name)
        companies[vendor], purposes[vendor] = company, purpose
    findings = []
    for (state, site, scenario, repeat, vendor), names in grouped.items():
        rule = RULE_COOKIE_BEFORE_CONSENT if state == BEFORE_CHOICE else RULE_COOKIE_AFTER_REJECTION
        when = "before any cookie choice" if state == BEFORE_CHOICE else "after the visitor rejected cookies"
        where = f" on {site}" if site else ""
        findings.append(Finding(
            id="", rule=rule, severity="high" if state == AFTER_REJECT else "medium", vendor=vendor,
            company=companies[vendor],
            summary=f"{companies[vendor]} {purposes[vendor].replace('_', ' ')} cookies were in use {when}{where}: "
            + ", ".join(sorted(names)[:8]),
            recommendation=RECOMMEND_REJECTION if state == AFTER_REJECT else RECOMMEND_CONSENT,
            source=source_of.get((site, scenario, repeat), f"{site} [{scenario}]"),
        ))
    return findings


def unverified_findings(analysis: Analysis) -> list[Finding]:
    """A scenario whose banner could not be operated (or whose withdrawal or GPC signal did not
    hold) is unverified: said as a finding, never clean. A withdraw scenario that found no way to
    withdraw is the `no-way-to-withdraw` finding instead."""
    return [
        Finding(
            id="", rule=RULE_UNVERIFIED, severity="medium", vendor="", company="",
            summary=f"{source.site_name or source.site} [{source.scenario}]: {_what_failed(source)} "
            f"({source.consent_detail or 'no banner found'}); this scenario is unverified",
            recommendation=RECOMMEND_UNVERIFIED, source=source.path,
        )
        for source in analysis.sources
        if source.scenario and not source.consent_verified
        and not (source.consent_ease and source.consent_ease.withdrawal == WITHDRAWAL_NO_CONTROL)
    ]


def _what_failed(source: SourceSummary) -> str:
    if source.scenario == GPC:
        return "the Global Privacy Control signal could not be shown to reach every frame"
    if source.consent_ease and source.consent_ease.withdrawal:
        return "the withdrawal of consent could not be confirmed"
    return "the cookie banner could not be operated"


def source_paths(analysis: Analysis) -> dict[tuple, str]:
    """Where a finding about cookies comes from: (site name, scenario, repeat) -> that visit's input
    path, and (site name, scenario) -> the first visit's, for findings that merge a run's visits."""
    paths: dict[tuple, str] = {}
    for s in analysis.sources:
        paths[(s.site_name, s.scenario, s.repeat)] = s.path
        paths.setdefault((s.site_name, s.scenario), s.path)
    return paths


class TrackingBeforeConsent(Rule):
    id = RULE_BEFORE_CONSENT
    name = "TrackingBeforeConsent"
    severity = "high"
    title = "A tracker received data before the visitor made any cookie choice."
    why = (
        "With the cookie banner left alone, an advertising, analytics or session-recording service "
        "received data. UK PECR and GDPR require consent before non-essential tracking starts."
    )
    advice = RECOMMEND_CONSENT

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return before_consent_findings(analysis.disclosures)


class TrackingAfterRejection(Rule):
    id = RULE_AFTER_REJECTION
    name = "TrackingAfterRejection"
    severity = "high"
    title = "A tracker received data after the visitor rejected cookies."
    why = (
        "After 'reject all' was chosen on the site's own banner (and the page reloaded), a service that "
        "needs consent still received data: either it went on from before the choice, or it started anew."
    )
    advice = RECOMMEND_REJECTION

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return after_rejection_findings(analysis.disclosures)


class CookieBeforeConsent(Rule):
    id = RULE_COOKIE_BEFORE_CONSENT
    name = "CookieBeforeConsent"
    severity = "medium"
    title = "Tracking cookies were in use before any cookie choice."
    why = (
        "Cookies of an advertising, analytics or session-recording service were set or sent before the "
        "visitor made any choice on the cookie banner."
    )
    advice = RECOMMEND_CONSENT

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return cookie_findings(analysis.cookies, BEFORE_CHOICE, source_paths(analysis))


class CookieAfterRejection(Rule):
    id = RULE_COOKIE_AFTER_REJECTION
    name = "CookieAfterRejection"
    severity = "high"
    title = "Tracking cookies were in use after the visitor rejected cookies."
    why = (
        "Cookies of an advertising, analytics or session-recording service were set or sent after the "
        "visitor chose 'reject all'."
    )
    advice = RECOMMEND_REJECTION

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return cookie_findings(analysis.cookies, AFTER_REJECT, source_paths(analysis))


class ConsentUnverified(Rule):
    id = RULE_UNVERIFIED
    name = "ConsentUnverified"
    severity = "medium"
    title = "The cookie banner could not be operated: the scenario is unverified."
    why = (
        "pixelhound could not find or operate the cookie banner for this scenario, so what trackers "
        "receive after a choice is unknown. An unverified scenario is never reported as clean."
    )
    advice = RECOMMEND_UNVERIFIED

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return unverified_findings(analysis)
