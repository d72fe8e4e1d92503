"""The words a site's name is read by (settings.py's SITE_* lists), compiled once, and the health
areas a site's own words name: shared by the specialist decision, the general-provider reader and
the refusals."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pixelhound.classify.api import SPELLING_MARK, classify_text
from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.settings import (
    SITE_BARE_HOSPITAL_WORDS,
    SITE_BARE_HOSPITAL_WORDS_TWELFTH,
    SITE_GENERAL_CARE_WORDS,
    SITE_GENERAL_CARE_WORDS_SEVENTEENTH,
    SITE_GENERAL_WORDS,
    SITE_GENERAL_WORDS_TWELFTH,
    SITE_LISTENING_WORDS,
    SITE_LISTENING_WORDS_THIRTEENTH,
    SITE_LISTENING_WORDS_FIFTEENTH,
    SITE_MANY_SERVICES_WORDS,
    SITE_NOT_SPECIALIST_CATEGORIES,
    SITE_ORGANISATION_WORDS,
    SITE_PROVIDER_WORDS,
    SITE_ROUTINE_SERVICE_WORDS,
    SITE_SERVICE_WORDS,
    SITE_SERVICE_WORDS_FOURTEENTH,
    SITE_TRUST_WORDS,
)


def words(found: Iterable[str], plural: bool = False) -> re.Pattern[str]:
    """Any of `found` as whole words (longest first), case-insensitive; `plural` allows a final s."""
    ordered = sorted(found, key=len, reverse=True)
    return re.compile(r"(?<![\w&])(" + "|".join(re.escape(w) for w in ordered) + r")" + ("s?" if plural else "")
                      + r"(?![\w&])", re.IGNORECASE)


GENERAL = words(SITE_GENERAL_WORDS + SITE_GENERAL_WORDS_TWELFTH)
TRUST = words(SITE_TRUST_WORDS)
BARE_HOSPITAL = words(SITE_BARE_HOSPITAL_WORDS + SITE_BARE_HOSPITAL_WORDS_TWELFTH)
GENERAL_CARE = words(SITE_GENERAL_CARE_WORDS + SITE_GENERAL_CARE_WORDS_SEVENTEENTH)
SERVICE = words(SITE_SERVICE_WORDS + SITE_SERVICE_WORDS_FOURTEENTH, plural=True)
ORGANISATION = words(SITE_ORGANISATION_WORDS)
MANY_SERVICES = words(SITE_MANY_SERVICES_WORDS)
PROVIDER = words(SITE_PROVIDER_WORDS)
ROUTINE = words(SITE_ROUTINE_SERVICE_WORDS)  # a general door's routine services (seventeenth pass)
LISTENING = words(SITE_LISTENING_WORDS + SITE_LISTENING_WORDS_THIRTEENTH + SITE_LISTENING_WORDS_FIFTEENTH)
_MENTAL_HEALTH = "mental_health"


@lru_cache(maxsize=256)
def site_categories(text: str) -> tuple[str, ...]:
    """The categories a site's own words name; the kind of organisation it calls itself ("the charity
    for people living with type 1 diabetes") set aside, which the classifier reads as fundraising."""
    verdict = classify_text(ORGANISATION.sub(" ", text))
    # A capitalised word of a site's own words English does not know is a proper name, spelt as its
    # owner means it: "Northmere Valley Hospitals" names a place, not a misspelt medicine ("Northera").
    named = {e.category for e in verdict.evidence if not _proper_name_misread(e.term, text)}
    if LISTENING.search(text):
        named.add(_MENTAL_HEALTH)
    found = [*verdict.categories, _MENTAL_HEALTH] if _MENTAL_HEALTH in named else verdict.categories
    return tuple(c for c in CATEGORIES if c in found and c not in SITE_NOT_SPECIALIST_CATEGORIES and c in named)


def _proper_name_misread(term: str, text: str) -> bool:
    """Is this evidence a word written capitalised in `text` and read as a misspelling ("northmere
    (spelling of northera ...)" from "Northmere Valley Hospitals")?"""
    written, marked, _meant = term.partition(f" ({SPELLING_MARK} ")
    if not marked or not written.split():
        return False
    found = re.search(r"(?<!\w)" + re.escape(written.split()[0]) + r"(?!\w)", text, re.IGNORECASE)
    return found is not None and found.group(0)[:1].isupper()


def a(noun: str) -> str:
    """'an NHS trust', 'a sexual health clinic'."""
    noun = "NHS" + noun[3:] if noun.startswith("nhs") else noun
    return ("an " if noun[:1].lower() in "aeiou" or noun.startswith("NHS") else "a ") + noun
