"""Small pieces of English every sentence-maker shares, so that rules and reports count alike."""

from __future__ import annotations

from collections.abc import Iterable

from pixelhound.model import SITE_STRENGTH, WITHDRAWAL_CONFIRMED, WITHDRAWAL_NO_CONTROL, ConsentEase, Disclosure


def plural(count: int, word: str, plural_form: str = "") -> str:
    """'1 page', '3 pages'; `plural_form` for irregular words ('2 companies')."""
    return f"{count} {word if count == 1 else (plural_form or word + 's')}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# The reader's name of each health category, in the order reports list them.
CATEGORY_LABELS = {
    "sexual_health": "sexual health",
    "mental_health": "mental health",
    "gender_identity": "gender identity",
    "reproductive_health": "reproductive health",
    "cancer": "cancer",
    "substance_use": "substance use",
    "other_condition": "other health condition",
    "care_interaction": "contact with care services",
}


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))


def site_visit(service: str) -> str:
    """'a visit to the website of a sexual health clinic': what a specialist site's every request says."""
    article = "an" if service[:1].lower() in "aeiou" else "a"
    return f"a visit to the website of {article} {service}"


def site_services(disclosures: Iterable[Disclosure]) -> list[str]:
    """The specialist services (model.SiteContext.service) these disclosures reveal a visit to, each once."""
    services: list[str] = []
    for disclosure in disclosures:
        for evidence in disclosure.sensitivity.evidence:
            if evidence.strength == SITE_STRENGTH and evidence.term and evidence.term not in services:
                services.append(evidence.term)
    return services


def site_visit_clause(disclosures: Iterable[Disclosure]) -> str:
    """'; each is a visit to the website of a sexual health clinic' ('' when no site is specialist)."""
    services = site_services(disclosures)
    return f"; each is {join_words([site_visit(s) for s in services])}" if services else ""


def choice_clause(choice: str, label: str, clicks: int, settings: str = "") -> str:
    """"reject: 1 click ('Reject All')" or "reject: not on the first layer (only 'Settings', then
    more clicks)": how one cookie choice is reached from a banner's first layer."""
    if clicks:
        return f"{choice}: {plural(clicks, 'click')} ('{label}')"
    via = f" (only '{settings}', then at least one more click)" if settings else ""
    return f"{choice}: not on the first layer{via}"


def ease_clause(ease: ConsentEase) -> str:
    """Accept and reject side by side, as the first layer offered them."""
    return (f"{choice_clause('accept', ease.accept_label, ease.accept_clicks, ease.settings_label)}; "
            f"{choice_clause('reject', ease.reject_label, ease.reject_clicks, ease.settings_label)}")


def withdrawal_clause(ease: ConsentEase) -> str:
    """How withdrawing went in the withdraw scenario ("" when it was not tried)."""
    if ease.withdrawal == WITHDRAWAL_CONFIRMED:
        return f"withdrawn through '{ease.withdraw_control}' in {plural(ease.withdraw_clicks, 'click')}, confirmed"
    if ease.withdrawal == WITHDRAWAL_NO_CONTROL:
        return "no way to withdraw found"
    if ease.withdrawal:
        via = f" through '{ease.withdraw_control}'" if ease.withdraw_control else ""
        return f"withdrawal{via} not confirmed"
    return ""
