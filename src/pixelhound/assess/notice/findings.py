"""Undisclosed recipients and broken promises: the findings of the notice check, and the two rules
that report them (they apply only where a site's notices were read, i.e. live scans)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from pixelhound.assess.notice.check import NoticeCheck, recipients
from pixelhound.assess.notice.names import Mention
from pixelhound.assess.notice.promises import NO_ADVERTISING_COOKIES, NO_MARKETING, NO_SELLING, NO_SHARING, Promise
from pixelhound.assess.rule import NotApplicable, Rule, RunContext
from pixelhound.model import (
    ADVERTISING_CATEGORIES,
    NO_INTERACTION,
    REJECT_ALL,
    Analysis,
    Disclosure,
    Finding,
    health_categories,
)
from pixelhound.wording import plural

RULE_UNDISCLOSED = "undisclosed-recipient"
RULE_CONTRADICTED = "notice-contradicted"

# Scenarios in which the visitor had not agreed to anything (a consent-qualified promise binds there).
NO_CONSENT_SCENARIOS = frozenset({NO_INTERACTION, REJECT_ALL})

RECOMMEND_UNDISCLOSED = (
    "Name this company in the privacy notice (what it receives, from which pages, why and on what "
    "lawful basis), or remove its tracker. Patients cannot object to a recipient they are never told of."
)
RECOMMEND_NO_NOTICE = (
    "Publish a privacy notice and a cookie notice, linked from every page, that name every company "
    "receiving visitors' data; until then every recipient is undisclosed."
)
RECOMMEND_CONTRADICTED = (
    "The notice promises what the site does not do. Stop sending health-related data to advertising "
    "and marketing trackers (remove them from health pages), or correct the notice: a promise that is "
    "not kept misleads patients."
)


def _for_site(disclosures: Iterable[Disclosure], site: str) -> list[Disclosure]:
    """The disclosures of this site (a HAR import's disclosures name no site and all count)."""
    return [d for d in disclosures if not site or not d.site or d.site == site]


def _by_vendor(disclosures: list[Disclosure]) -> dict[str, list[Disclosure]]:
    groups: dict[str, list[Disclosure]] = defaultdict(list)
    for disclosure in disclosures:
        groups[disclosure.vendor].append(disclosure)
    return groups


def _is_advertiser(mention: Mention, group: list[Disclosure]) -> bool:
    """An advertising or marketing company, or a product of one that reached this site."""
    return mention.category in ADVERTISING_CATEGORIES or any(d.category in ADVERTISING_CATEGORIES for d in group)


def _where(check: NoticeCheck) -> str:
    if len(check.notices) == 1:
        return f"the privacy notice ({check.notices[0]})"
    return f"the privacy notices ({', '.join(check.notices)})"


def _undisclosed(check: NoticeCheck, mention: Mention, group: list[Disclosure], source: str, site: str) -> Finding:
    sensitive = [d for d in group if d.sensitivity.sensitive]
    received = plural(len(group), "disclosure")
    if sensitive:
        received += f", {len(sensitive)} health-related"
    on_site = f" on {site}" if site else ""
    if check.found:
        summary = f"{mention.company} received data{on_site} ({received}) but is not named in {_where(check)}"
    else:
        summary = f"{mention.company} received data{on_site} ({received}) but no privacy notice was found"
    return Finding(
        id="",
        rule=RULE_UNDISCLOSED,
        severity="high" if sensitive or _is_advertiser(mention, group) else "medium",
        vendor=mention.vendor,
        company=mention.company,
        summary=summary,
        disclosures=[d.id for d in group],
        captures=sorted({d.capture_index for d in group}),
        categories=health_categories(sensitive),
        recommendation=RECOMMEND_UNDISCLOSED if check.found else RECOMMEND_NO_NOTICE,
        source=source,
    )


def undisclosed_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """One finding per recipient that received data but that no notice names (or no notice exists)."""
    groups = _by_vendor(_for_site(disclosures, site))
    vendors = {vendor.id: vendor for vendor in recipients(disclosures)}
    findings = []
    for vendor_id, group in groups.items():
        mention = check.mention(vendors[vendor_id])
        if not mention.named:
            findings.append(_undisclosed(check, mention, group, source, site))
    return findings


@dataclass(frozen=True)
class PromiseTest:
    """What breaks one kind of promise: which recipients (by the category of the product that
    received the data, or of its company), whether the data must be health-related, and why."""

    products: frozenset[str]  # product categories whose receiving data breaks the promise
    companies: frozenset[str]  # company categories whose every product breaks it (Google Analytics: Google)
    health_only: bool  # only health-related data breaks it
    reason: str  # the test in words, for the rule's text
    law: str = ""  # the law whose notion the test applies, said in the finding


_ADS = ADVERTISING_CATEGORIES
PROMISE_TESTS: dict[str, PromiseTest] = {
    NO_SHARING: PromiseTest(
        products=_ADS | {"session_recording"}, companies=_ADS, health_only=True,
        reason="\"We do not share your information with third parties\" is broken when health-related data reaches "
        "an advertising or marketing product, any product of a company in advertising (Google Analytics "
        "included: the company may use what it receives for its own ends), or a session recorder (it "
        "receives what the visitor sees and types); an analytics or functional service of a company "
        "outside advertising, working for the site, is not counted as a third party.",
    ),
    NO_MARKETING: PromiseTest(
        products=_ADS, companies=frozenset(), health_only=True,
        reason="\"Not used for marketing or advertising\" is broken only when health-related data reaches an "
        "advertising or marketing product (the Meta Pixel, Google Ads; not Google Analytics or a "
        "session recorder, whose use is not marketing).",
    ),
    NO_SELLING: PromiseTest(
        products=_ADS, companies=frozenset(), health_only=True,
        reason="\"We never sell your information\" is broken only where a law treats the flow as a sale: "
        "health-related data reaching an advertising platform's product, which under California's "
        "CCPA/CPRA is \"sharing\" for cross-context behavioural advertising and, given for the "
        "platform's services in return, a \"sale\". Analytics and session recording are not a sale.",
        law="judged by California's CCPA/CPRA (Cal. Civ. Code § 1798.140: disclosing personal information to "
        "an advertising platform for cross-context behavioural advertising is \"sharing\", and for valuable "
        "consideration a \"sale\"); UK GDPR has no notion of a sale",
    ),
    NO_ADVERTISING_COOKIES: PromiseTest(
        products=_ADS, companies=frozenset(), health_only=False,
        reason="\"No advertising cookies\" is broken when any data reaches an advertising or marketing "
        "product: its tag sets or reads advertising cookies, whatever the page.",
    ),
}


def _breaks(promise: Promise, mention: Mention, disclosure: Disclosure) -> bool:
    """Whether one disclosure breaks a promise, by the promise's test (PROMISE_TESTS): the product
    that received the data or its company, and whether the data is health-related. A
    consent-qualified promise binds only where the visitor gave no consent."""
    if promise.consent and disclosure.scenario not in NO_CONSENT_SCENARIOS:
        return False
    test = PROMISE_TESTS[promise.category]
    recipient = disclosure.category in test.products or mention.category in test.companies
    return recipient and (disclosure.sensitivity.sensitive or not test.health_only)


def _contradicting(promise: Promise, check: NoticeCheck, groups: dict[str, list[Disclosure]]) -> dict[str, list[Disclosure]]:
    """The recipients whose disclosures break a promise, with the disclosures that do."""
    vendors = {vendor.id: vendor for vendor in recipients(d for g in groups.values() for d in g)}
    breaking: dict[str, list[Disclosure]] = {}
    for vendor_id, group in groups.items():
        mention = check.mention(vendors[vendor_id])
        relevant = [d for d in group if _breaks(promise, mention, d)]
        if relevant:
            breaking[vendor_id] = relevant
    return breaking


def _contradicted(promise: Promise, breaking: dict[str, list[Disclosure]], check: NoticeCheck, source: str, site: str) -> Finding:
    companies = [next(m.company for m in check.mentions if m.vendor == v) for v in breaking]
    flat = [d for group in breaking.values() for d in group]
    test = PROMISE_TESTS[promise.category]
    what = "health-related data" if test.health_only else "data"
    when = " without consent" if promise.consent else ""
    on_site = f" on {site}" if site else ""
    products = sorted({d.category for d in flat if d.category})
    summary = (
        f"The notice ({promise.url}) promises \"{promise.sentence}\" but {' and '.join(companies)} "
        f"received {what}{on_site}{when} ({plural(len(flat), 'disclosure')}"
        f"{' to ' + ', '.join(p.replace('_', ' ') for p in products) + ' products' if products else ''})"
        f"{'; ' + test.law if test.law else ''}"
    )
    return Finding(
        id="",
        rule=RULE_CONTRADICTED,
        severity="high",
        vendor=",".join(breaking),
        company=", ".join(companies),
        summary=summary,
        disclosures=[d.id for d in flat],
        captures=sorted({d.capture_index for d in flat}),
        categories=health_categories(flat),
        recommendation=RECOMMEND_CONTRADICTED,
        source=source,
    )


def contradiction_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """One finding per promise the captured traffic breaks."""
    groups = _by_vendor(_for_site(disclosures, site))
    findings = []
    for promise in check.promises:
        breaking = _contradicting(promise, check, groups)
        if breaking:
            findings.append(_contradicted(promise, breaking, check, source, site))
    return findings


def policy_findings(check: NoticeCheck, disclosures: list[Disclosure], source: str, site: str = "") -> list[Finding]:
    """Problems only: undisclosed recipients and broken promises (ids left for the caller to number).
    A recipient that is named makes no finding; its sentence stays in `check.mentions` for reports."""
    return [
        *undisclosed_findings(check, disclosures, source, site),
        *contradiction_findings(check, disclosures, source, site),
    ]


def _over_sites(context: RunContext, judge: Callable[[NoticeCheck, list[Disclosure], str, str], list[Finding]]) -> list[Finding]:
    """One judgement over every site whose notices were read."""
    if not context.notices:
        raise NotApplicable("no site's notices were read (a HAR import, or no site measured)")
    findings: list[Finding] = []
    for site in context.notices:
        findings += judge(site.check, site.disclosures, site.source, site.site)
    return findings


class UndisclosedRecipient(Rule):
    id = RULE_UNDISCLOSED
    name = "UndisclosedRecipient"
    severity = "high"
    title = "A company received data but the privacy notice does not name it."
    why = (
        "A company received visitors' data from the site, but none of the site's privacy or cookie notices "
        "names it (or no notice was found). Patients cannot object to a recipient they are never told of. "
        "Severity is high when health-related data reached it or it is in advertising."
    )
    advice = RECOMMEND_UNDISCLOSED

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return _over_sites(context, undisclosed_findings)


class NoticeContradicted(Rule):
    id = RULE_CONTRADICTED
    name = "NoticeContradicted"
    severity = "high"
    title = "The privacy notice promises what the site does not do."
    why = (
        "A notice promises that data is not shared, not sold, not used for marketing or advertising, or that "
        "no advertising cookies are set, and the captured traffic shows a recipient that breaks that kind of "
        "promise receiving the data it is about. Each kind has its own test: "
        + " ".join(test.reason for test in PROMISE_TESTS.values())
        + " A promise made \"without your consent\" binds only where the visitor gave none."
    )
    advice = RECOMMEND_CONTRADICTED

    def check(self, analysis: Analysis, context: RunContext) -> list[Finding]:
        return _over_sites(context, contradiction_findings)
