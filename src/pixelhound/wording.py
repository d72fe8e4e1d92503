"""Small pieces of English every sentence-maker shares, so that rules and reports count alike."""

from __future__ import annotations

from collections.abc import Iterable

from pixelhound.model import SITE_STRENGTH, Disclosure


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
