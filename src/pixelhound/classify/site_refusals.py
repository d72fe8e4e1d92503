"""What keeps a site's health words from making it a health service: it names itself another kind
of organisation (a law firm, a university, a seller, a newspaper, a campaign, a supplier to
clinicians), or a page title speaks of the organisation's jobs, shops or news rather than its
service (the visitor roles themselves are `roles`'s)."""

from __future__ import annotations

import re

from pixelhound.classify.api import classify_text
from pixelhound.classify.roles import READER, text_roles
from pixelhound.classify.self_description import PAGE_TITLES, SelfDescription
from pixelhound.classify.site_words import SERVICE, words
from pixelhound.settings import (
    SITE_CLINICIAN_WORDS,
    SITE_NOT_SERVICE_WORDS,
    SITE_HASHTAG_NAME,
    SITE_NOT_SERVICE_WORDS_ELEVENTH,
    SITE_NOT_SERVICE_WORDS_THIRTEENTH,
    SITE_NOT_SERVICE_WORDS_TWELFTH,
    SITE_NOT_SERVICE_WORDS_SEVENTEENTH,
    SITE_NOT_SERVICE_WORDS_TWENTIETH,
    SITE_PAID_BY_INSURANCE_WORDS,
    SITE_PERIOD_PRODUCT_WORDS,
    SITE_PRODUCT_WORDS,
    SITE_RECIPE_WORDS_TWENTIETH,
    SITE_REFERENCE_WORDS,
    SITE_REFERENCE_WORDS_FOURTEENTH,
    SITE_RETAIL_WORDS,
    SITE_SELLER_WORDS,
    SITE_SELLER_WORDS_FOURTEENTH,
    SITE_SELLER_WORDS_FIFTEENTH,
)

NOT_SERVICE = words(SITE_NOT_SERVICE_WORDS + SITE_NOT_SERVICE_WORDS_ELEVENTH + SITE_NOT_SERVICE_WORDS_TWELFTH
                    + SITE_SELLER_WORDS + SITE_REFERENCE_WORDS + SITE_PERIOD_PRODUCT_WORDS
                    + SITE_SELLER_WORDS_FOURTEENTH + SITE_REFERENCE_WORDS_FOURTEENTH
                    + SITE_SELLER_WORDS_FIFTEENTH + SITE_NOT_SERVICE_WORDS_SEVENTEENTH
                    + SITE_NOT_SERVICE_WORDS_TWENTIETH)
# A maker, a biotech, a wellbeing app, a stigma campaign: only where the text names no kind of service
# ("Hearing aids and devices | X Audiology Clinic", "Meditation for anxiety | X Support Service" are services).
_NOT_SERVICE_UNLESS_NAMED = words(SITE_NOT_SERVICE_WORDS_THIRTEENTH)
# A recipe site: only where the same text names no condition (issue 16, twentieth pass).
_RECIPES = words(SITE_RECIPE_WORDS_TWENTIETH)
# "online therapy, covered by insurance": how a service is paid for, read past before NOT_SERVICE.
_PAID_BY_INSURANCE = words(SITE_PAID_BY_INSURANCE_WORDS)
_HASHTAG = re.compile(SITE_HASHTAG_NAME)
# Said in a description: the site's products are sold in shops ("available at supermarkets").
RETAIL = words(SITE_RETAIL_WORDS)
PRODUCTS = words(SITE_PRODUCT_WORDS)
# "Time to Talk Day 2027", "Time to Talk Day – let's end ...", "Sexual Health Week": a campaign's name.
_AWARENESS_DAY = re.compile(r"(?i:\b(?:day|week|month)\s+20\d\d\b)|\b[A-Z][\w']*\s+(?:Day|Week|Month)(?:\s*[|\u2013\u2014:]|\s+-\s|\s*$)")
# "for surgeons", "for pharmacies and clinicians", "for healthcare professionals": up to three words between.
_FOR_CLINICIANS = re.compile(r"\bfor(?:\s+[\w&-]+){0,3}?\s+(" + "|".join(SITE_CLINICIAN_WORDS) + r")\b", re.IGNORECASE)


def organisation_page(item: SelfDescription) -> bool:
    """A page's own title or heading about the organisation rather than its service ("Jobs |
    St Aldhelm's Hospice", "Charity shops | ..."): a job seeker or a shopper, not a patient."""
    return item.place in (*PAGE_TITLES, "heading") and names_a_role(item.text)


def names_a_role(text: str) -> bool:
    """Does the text name a visitor's role other than a client's (`roles`: jobs, fundraising, news)?
    Not by a word inside a health phrase: "sperm donation" is a service, not fundraising."""
    roles = [found.lower() for role, found in text_roles(text) if role != READER]
    if not roles:
        return False
    health = " ".join(e.term.lower() for e in classify_text(text).evidence)
    return any(found not in health for found in roles)


def not_a_service(identity: list[SelfDescription], descriptions: list[SelfDescription] = ()) -> str:
    """Why a site naming itself another kind of organisation, or describing products sold in shops,
    is no health service ("" if it does not)."""
    for item in descriptions:
        sold = RETAIL.search(item.text)
        if sold:
            return f"its {item.place} says its products are sold in shops ({sold.group(0).lower()!r}): {item.text!r}"
    for item in identity:
        supplier = None if SERVICE.search(item.text) else _FOR_CLINICIANS.search(item.text)
        said = _PAID_BY_INSURANCE.sub(" ", item.text)
        unnamed = None if SERVICE.search(said) else _NOT_SERVICE_UNLESS_NAMED.search(said)
        recipes = _RECIPES.search(said)
        recipes = recipes if recipes and not classify_text(said).sensitive else None
        found = NOT_SERVICE.search(said) or _AWARENESS_DAY.search(said) or _HASHTAG.search(said) or supplier or unnamed \
            or recipes
        if found:
            return f"its {item.place} says it is not a health service ({found.group(0).lower()!r}): {item.text!r}"
    return ""


def host_refused(host_words: str) -> bool:
    """A host whose words say it is the organisation's jobs, shop or news site (`careers.`, `-jobs`),
    or another kind of organisation, names no service."""
    return names_a_role(host_words) or bool(NOT_SERVICE.search(host_words))
