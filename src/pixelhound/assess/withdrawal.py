"""Withdrawal findings (the `withdraw` scenario): tracking that goes on after the visitor withdrew
consent through the site's own control, tracker cookies set under that consent and kept after it,
and a site that offers no way to withdraw at all (UK GDPR Art. 7(3): withdrawing must be as easy as
giving consent). A withdrawal that could not be confirmed is `consent-unverified` (assess/consent.py).
"""

from __future__ import annotations

from collections import defaultdict

import msgspec

from pixelhound.assess.consent import (
    NEEDS_CONSENT,
    TRACKER_COOKIES,
    consent_requiring_at,
    cookie_purpose,
    health_detail,
    on_site,
    recipient_finding,
    source_paths,
)
from pixelhound.assess.rule import Rule, RunContext
from pixelhound.knowledge.vendors import VendorKnowledge, default_knowledge
from pixelhound.model import (
    AFTER_ACCEPT,
    AFTER_WITHDRAWAL,
    WITHDRAW,
    WITHDRAWAL_CONFIRMED,
    WITHDRAWAL_NO_CONTROL,
    Analysis,
    Cookie,
    Finding,
)
from pixelhound.wording import plural

RULE_AFTER_WITHDRAWAL = "tracking-after-withdrawal"
RULE_COOKIES_KEPT = "cookies-kept-after-withdrawal"
RULE_NO_WAY_TO_WITHDRAW = "no-way-to-withdraw"

RECOMMEND_WITHDRAWAL = (
    "Consent was withdrawn through the site's own control: this tracker must stop at once. Make the "
    "consent-management platform tell the tag manager about the withdrawal (not only about the first "
    "choice), and check again after withdrawing."
)
RECOMMEND_COOKIES_KEPT = (
    "On withdrawal, delete the tracking cookies set under the consent (the consent tool can list them "
    "per purpose), so that an identifier set while the visitor agreed does not follow them afterwards."
)
RECOMMEND_NO_WAY = (
    "Offer a way back to the cookie choice on every page (a floating cookie icon or a 'Cookie settings' "
    "link in the footer) that opens the same choice with 'Reject all': UK GDPR Art. 7(3) requires "
    "withdrawing consent to be as easy as giving it. If the site has one pixelhound missed, check it by hand."
)


def after_withdrawal_findings(analysis: Analysis) -> list[Finding]:
    """Per input and recipient: consent-requiring data sent after a confirmed withdrawal."""
    findings = []
    for (source, _vendor), group in consent_requiring_at(analysis.disclosures, AFTER_WITHDRAWAL).items():
        first = group[0]
        detail = health_detail(group)
        findings.append(recipient_finding(
            RULE_AFTER_WITHDRAWAL, "high", group, source,
            f"{first.company} went on receiving data after the visitor withdrew consent through the site's "
            f"own cookie settings: {plural(len(group), 'disclosure')}{detail}{on_site(first)}", RECOMMEND_WITHDRAWAL,
        ))
    return findings


def kept_cookie_findings(analysis: Analysis, context: RunContext,
                         knowledge: VendorKnowledge | None = None) -> list[Finding]:
    """Per site and recipient: tracker cookies in use under the consent that are still sent after the
    withdrawal, or still in the browser's jar at the end of the scan (a live scan's record)."""
    knowledge = knowledge or default_knowledge()
    withdrawn = {s.site_name for s in analysis.sources
                 if s.scenario == WITHDRAW and s.consent_ease and s.consent_ease.withdrawal == WITHDRAWAL_CONFIRMED}
    under: dict[str, set[str]] = defaultdict(set)  # site -> cookie names in use under the consent
    after: dict[str, list[Cookie]] = defaultdict(list)  # site -> cookies seen after the withdrawal
    for cookie in analysis.cookies:
        if cookie.scenario != WITHDRAW or cookie.site not in withdrawn:
            continue
        if cookie.consent == AFTER_ACCEPT:
            under[cookie.site].add(cookie.name)
        elif cookie.consent == AFTER_WITHDRAWAL:
            after[cookie.site].append(cookie)
    for scan in context.scans:  # the jar at the end of a withdraw scan is after the withdrawal
        if scan.scenario == WITHDRAW and scan.site.name in withdrawn:
            # Only a tracker's cookie on the site's own domains, known by name, is the site's to
            # delete; another company's cookie in the jar counts only if it is sent again (above).
            after[scan.site.name] += [msgspec.structs.replace(c, third_party=False) for c in scan.cookies_stored
                                      if any(c.name.startswith(prefix) for prefix in TRACKER_COOKIES)]
    kept: dict[tuple[str, str], set[str]] = defaultdict(set)
    companies: dict[str, str] = {}
    for site, cookies in after.items():
        for cookie in cookies:
            if cookie.name not in under[site]:
                continue
            vendor, company, purpose = cookie_purpose(cookie, knowledge)
            if vendor and purpose in NEEDS_CONSENT:
                kept[(site, vendor)].add(cookie.name)
                companies[vendor] = company
    source_of = source_paths(analysis)
    return [
        Finding(
            id="", rule=RULE_COOKIES_KEPT, severity="medium", vendor=vendor, company=companies[vendor],
            summary=f"{companies[vendor]} cookies set while the visitor agreed were kept after they withdrew "
            f"consent on {site}: " + ", ".join(sorted(names)[:8]),
            recommendation=RECOMMEND_COOKIES_KEPT, source=source_of.get((site, WITHDRAW), f"{site} [{WITHDRAW}]"),
        )
        for (site, vendor), names in sorted(kept.items())
    ]


def no_way_findings(analysis: Analysis) -> list[Finding]:
    """A withdraw scenario whose consent held but which found no way back to the choice."""
    return [
        Finding(
            id="", rule=RULE_NO_WAY_TO_WITHDRAW, severity="medium", vendor="", company="",
            summary=f"{source.site_name or source.site}: after accepting cookies, pixelhound found no way to "
            "withdraw consent (no revisit control or cookie-settings link on the page)",
            recommendation=RECOMMEND_NO_WAY, source=source.path,
        )
        for source in analysis.sources
        if source.scenario == WITHDRAW and source.consent_ease and source.consent_ease.withdrawal == WITHDRAWAL_NO_CONTROL
    ]


class TrackingAfterWithdrawal(Rule):
    id = RULE_AFTER_WITHDRAWAL
    name = "TrackingAfterWithdrawal"
    severity = "high"
    title = "A tracker received data after the visitor withdrew consent."
    why = (
        "The visitor accepted cookies, then withdrew consent through the site's own cookie settings (the "
        "consent tool's record confirms it, and the page was reloaded), yet a service that needs consent "
        "still received data. Consent that cannot be withdrawn is no consent (UK GDPR Art. 7(3))."
    )
    advice = RECOMMEND_WITHDRAWAL

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return after_withdrawal_findings(analysis)


class CookiesKeptAfterWithdrawal(Rule):
    id = RULE_COOKIES_KEPT
    name = "CookiesKeptAfterWithdrawal"
    severity = "medium"
    title = "Tracking cookies set under consent were kept after it was withdrawn."
    why = (
        "Cookies of an advertising, analytics or session-recording service, in use while the visitor "
        "agreed, were still sent or still stored after a confirmed withdrawal: the identifier outlives the "
        "consent it was set under."
    )
    advice = RECOMMEND_COOKIES_KEPT

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return kept_cookie_findings(analysis, context)


class NoWayToWithdraw(Rule):
    id = RULE_NO_WAY_TO_WITHDRAW
    name = "NoWayToWithdraw"
    severity = "medium"
    title = "The site offers no way to withdraw cookie consent."
    why = (
        "Once cookies were accepted the banner was gone, and no revisit control (a floating cookie icon) "
        "or cookie-settings link could be found on the page. UK GDPR Art. 7(3): it must be as easy to "
        "withdraw consent as to give it."
    )
    advice = RECOMMEND_NO_WAY

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return no_way_findings(analysis)
