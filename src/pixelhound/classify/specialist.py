"""The specialist decision: does a site name itself a specialist service of a health area (its
categories and service name), a general provider, or neither? And what care does it say it
provides? Read from the site's own words (`self_description`), by `general_provider`'s reading of
each name's parts, after `site_refusals`' refusals."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from pixelhound.classify.api import classify_text
from pixelhound.classify.general_provider import general_words
from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.classify.self_description import (
    DESCRIPTION_PLACES,
    IDENTITY_PLACES,
    PARTS,
    SUPPORT_PLACES,
    SelfDescription,
)
from pixelhound.classify.site_names import host_categories, host_name_words
from pixelhound.classify.site_refusals import NOT_SERVICE, PRODUCTS, host_refused, not_a_service, organisation_page
from pixelhound.classify.site_words import (
    BARE_HOSPITAL,
    GENERAL,
    GENERAL_CARE,
    MANY_SERVICES,
    PROVIDER,
    ROUTINE,
    SERVICE,
    TRUST,
    a,
    site_categories,
    words,
)
from pixelhound.model import SITE_STRENGTH, Evidence, SiteContext
from pixelhound.settings import (
    SITE_DESCRIPTION_LISTED_MAX_AREAS,
    SITE_DESCRIPTION_MAX_AREAS,
    SITE_NOT_SPECIALIST_CATEGORIES,
    SITE_HOSTED_WORDS,
    SITE_HOST_SERVICE_WORDS,
    SITE_TREATMENT_WORDS,
    SITE_TREATMENT_WORDS_TWELFTH,
    SITE_UNIT_WORDS,
    SITE_DEPARTMENT_MAX_WORDS,
)
from pixelhound.wording import category_label

_UNIT = words(SITE_UNIT_WORDS)
_TREATMENT = words(SITE_TREATMENT_WORDS + SITE_TREATMENT_WORDS_TWELFTH)
_HOSTED = words(SITE_HOSTED_WORDS)
# A host's words speak only for the areas a site's own name is needed for (not "diabetes recipes").
_HOST_WORD_AREAS = frozenset(CATEGORIES) - {"other_condition", "care_interaction"}

SPECIALIST = "specialist"
GENERAL_KIND = "general"
UNKNOWN = "unknown"


def provider(context: SiteContext, items: list[SelfDescription]) -> str:
    """The care the site says it provides, in its own words: a specialist service, a hospital, trust
    or practice, or a name or strapline naming a pharmacy, a dentist, a telehealth service ("" if none)."""
    if context.specialist:
        return context.service
    identity = [d for d in items if d.place in IDENTITY_PLACES and not organisation_page(d)]
    if context.kind == GENERAL_KIND:
        return next((w for d in identity for part in PARTS.split(d.text) for w in general_words(part)),
                    "health service")
    # A name that says it provides care ("Fairhope Opticians") is a provider whatever it also sells
    # ("glasses and contact lenses"): its first part is its name (fourteenth pass).
    named = next((m.group(0).lower() for d in identity if (m := PROVIDER.search(PARTS.split(d.text)[0]))), "")
    if named or not_a_service(identity):
        return named
    return next((m.group(0).lower() for d in identity if (m := PROVIDER.search(d.text))), "")


def inferred(descriptions: list[SelfDescription]) -> SiteContext:
    """Decide from the site's own words whether it is a specialist service (see `site_context`).

    Names and titles are read part by part ("The Royal Marsden NHS Foundation Trust | the UK's
    leading cancer centre"): a part naming a health category and no general word makes the site
    specialist (beside a trust's name, only a part that also names a kind of service; beside a
    hospital's, none); so does a host name naming a service (`sexualhealth-eastborough.nhs.uk`).
    Otherwise a general word anywhere in them makes it general; otherwise its description and
    headings decide, when one names a category and it, or the site's name, a kind of service
    ("BetFree Support": "help for anyone affected by problem gambling"), or two of them name the same
    category. A page title about the organisation (its jobs, shops, news) says nothing of the site,
    and a site naming itself another kind of organisation (a law firm, a university, a retailer, a
    newspaper, a campaign) is no health service."""
    items = [d for d in descriptions if d.text.strip() and not organisation_page(d)]
    identity = [d for d in items if d.place in IDENTITY_PLACES]
    support = [d for d in items if d.place in SUPPORT_PLACES]
    named: dict[str, list[Evidence]] = {}
    general: tuple[SelfDescription, str] | None = None
    found_generals: list[str] = []
    for item in identity:
        parts = PARTS.split(item.text)
        generals = [word for part in parts for word in general_words(part)]
        found_generals += generals
        general = general or ((item, generals[0]) if generals else None)
        for index, part in enumerate(parts):
            # Beside a trust's name, only a named kind of service speaks for the whole site ("... NHS
            # Foundation Trust - the UK's leading cancer centre"), a list of departments does not;
            # beside a hospital's name nothing does ("General Hospital - home of the Cancer Centre").
            if general_words(part) or (generals and _HOSTED.search(part)):
                continue  # a general provider's own words, or a service it hosts
            if not generals or (all(TRUST.fullmatch(g) for g in generals) and SERVICE.search(part)
                                and not GENERAL_CARE.search(part)) or (index == 0 and _unit_first(part, len(parts))) \
                    or _hospital_strapline(part, generals):
                _add_named(named, item, part)
    one_area = next((d for d in identity for part in PARTS.split(d.text)
                     if GENERAL.search(part) and not general_words(part)), None)
    adding = next((d for d in items if MANY_SERVICES.search(d.text)), None)
    if one_area is not None and general is None and adding is not None:
        return SiteContext(kind=GENERAL_KIND, decided_by="inferred",
                           reason=f"its {one_area.place} names one area of care ({one_area.text!r}), but its "
                                  f"{adding.place} adds other services: {adding.text!r}")
    if general is None:
        refusal = not_a_service(identity, [d for d in support if d.place in DESCRIPTION_PLACES])
        if refusal:
            return SiteContext(kind=UNKNOWN, decided_by="inferred", reason=refusal)
        for item in (d for d in items if d.place == "url"):
            _add_host_named(named, item)
    bare_hospital = bool(found_generals) and all(BARE_HOSPITAL.fullmatch(g) for g in found_generals)
    if not named and general is not None and all(TRUST.fullmatch(g) for g in found_generals):
        # A trust's description naming one kind of service of one area ("one of the largest specialist
        # cancer centres in Europe") speaks for it, as its strapline would.
        for item in support:
            if item.place in DESCRIPTION_PLACES and SERVICE.search(item.text) and not GENERAL_CARE.search(item.text):
                if len(site_categories(item.text)) == 1:
                    _add_named(named, item, item.text)
    if not named and general is not None and not bare_hospital:
        item, word = general
        return SiteContext(kind=GENERAL_KIND, decided_by="inferred", reason=f"its {item.place} says it is {a(word)}: {item.text!r}")
    door = _general_door(identity, support) if not named and general is None else None
    if door is not None:
        return door
    backing: dict[str, list[Evidence]] = {}
    for item in support:
        if general is None and general_words(item.text):
            general = (item, "")
        _add_named(backing, item, item.text)
    if bare_hospital and any(GENERAL_CARE.search(d.text) for d in support):
        bare_hospital = False  # "emergency, surgical and specialty care": a general hospital after all
    if not named and (general is None or bare_hospital):
        # A hospital calling itself only that is specialist when its description names only specialist care.
        said_service = bare_hospital or any(SERVICE.search(d.text) for d in identity)
        # A description centred on one or two areas names the service ("Supporting people living
        # with HIV across the North West"); one listing many areas is a general provider's.
        centred = {e.text for ev in backing.values() for e in ev if e.field.removeprefix("site:") in DESCRIPTION_PLACES
                   and len(site_categories(e.text)) <= SITE_DESCRIPTION_MAX_AREAS
                   and not (NOT_SERVICE.search(e.text) or PRODUCTS.search(e.text))}
        # A description selling or fundraising ("every purchase in our charity shops helps fund
        # nurses") backs no service, whatever else it says.
        backing = {c: kept for c, ev in backing.items() if (kept := [e for e in ev if not NOT_SERVICE.search(e.text)])}
        named = {c: ev for c, ev in backing.items()
                 if len({e.field for e in ev}) >= 2 or said_service or any(SERVICE.search(e.text) for e in ev)
                 or any(e.text in centred for e in ev)}
    if not named:
        if general is not None:
            item, word = general
            return SiteContext(kind=GENERAL_KIND, decided_by="inferred",
                               reason=f"its {item.place} says it is {a(word or 'general health service')}: {item.text!r}")
        return SiteContext(kind=UNKNOWN, decided_by="inferred", reason="the site names no specialist health service")
    _add_listed_services(named, backing)
    categories = [c for c in CATEGORIES if c in named]
    deciding = [e for c in categories for e in named[c]]
    deciding += [e for c in categories for e in backing.get(c, []) if e not in deciding]
    service = _service_name(categories, [d for d in items if d.place != "url"])
    evidence = [Evidence(category=e.category, term=service, text=e.text, field=e.field, strength=SITE_STRENGTH)
                for e in deciding]
    first = deciding[0]
    return SiteContext(kind=SPECIALIST, categories=categories, service=service, decided_by="inferred",
                       reason=f"its {first.field.removeprefix('site:')} says it is {a(service)}: {first.text!r}",
                       evidence=evidence)


def _general_door(identity: list[SelfDescription], support: list[SelfDescription]) -> SiteContext | None:
    """A pharmacy, a dentist or an optician by its name whose description lists a routine service ("NHS
    prescriptions, flu jabs, travel vaccines and the morning-after pill"): a general door, as the labels
    doc says, whatever one area its list also names (issue 16, seventeenth pass); None otherwise."""
    name = next((m.group(0).lower() for d in identity if (m := PROVIDER.search(d.text))), "")
    listed = next((d for d in support if d.place in DESCRIPTION_PLACES and ROUTINE.search(d.text)), None)
    if not name or listed is None:
        return None
    return SiteContext(kind=GENERAL_KIND, decided_by="inferred",
                       reason=f"its name says it is {a(name)} and its {listed.place} lists routine services: {listed.text!r}")


def _hospital_strapline(part: str, generals: list[str]) -> bool:
    """A hospital calling itself only that, its strapline the treatment it gives in one or two areas
    ("Elmhurst Hospital – private mental health and addiction treatment"): that area's hospital. A
    department it hosts ("home of the Cancer Centre") names no treatment, and general care
    ("emergency and surgical care") makes it general."""
    return (bool(generals) and all(BARE_HOSPITAL.fullmatch(g) for g in generals) and bool(_TREATMENT.search(part))
            and not GENERAL_CARE.search(part) and 0 < len(site_categories(part)) <= SITE_DESCRIPTION_MAX_AREAS)


def _unit_first(first: str, parts: int) -> bool:
    """A name beginning with a service of one area, its hospital after it ("Early Pregnancy
    Assessment Unit | Greyfield Teaching Hospitals"): the unit's own site, hosted by the hospital.
    A hospital's name first, its unit after ("General Hospital - home of the Cancer Centre"), is not."""
    return (parts > 1 and bool(SERVICE.search(first) or _UNIT.search(first) or _department(first))
            and not GENERAL_CARE.search(first) and len(site_categories(first)) == 1)


def _department(first: str) -> bool:
    """A name's first part that is a department's specialty alone ("Cardiology | Royal Fenland Hospitals NHS
    Trust", "Orthopedics | St. Ambrose Regional Medical Center"): the labels doc's service for a condition,
    whose own pages a hospital's department site is (issue 16, seventeenth pass). At most
    SITE_DEPARTMENT_MAX_WORDS words, every one of them health vocabulary ("Visiting times" names none)."""
    found = first.split()
    return 0 < len(found) <= SITE_DEPARTMENT_MAX_WORDS and all(
        classify_text(word).sensitive or word.lower() in ("and", "&") for word in found)


def _add_host_named(named: dict[str, list[Evidence]], item: SelfDescription) -> None:
    """A host name naming a specialist service is the site naming itself (see `site_names`), unless
    its other words say it is the organisation's jobs, shop or news site (`careers.`, `-jobs`)."""
    host = urlsplit(item.text).hostname or ""
    if host_refused(re.sub(r"[.-]", " ", host)):
        return
    categories = host_categories(host)
    for category in categories:
        if category not in SITE_NOT_SPECIALIST_CATEGORIES:
            named.setdefault(category, []).append(
                Evidence(category=category, term="", text=item.text, field=f"site:{item.place}"))
    if not categories:
        _add_host_words_named(named, item, host_name_words(host))


def _add_host_words_named(named: dict[str, list[Evidence]], item: SelfDescription, name: str) -> None:
    """Plain words a host runs together ("transcarepartners": trans care partners), judged as a name
    is, but only for a specialist area and only when the name ends as a service's does (its area's
    term, or "care", "rehab", "service"; SITE_HOST_SERVICE_WORDS): a host is terser than a title, so "diabetesrecipes",
    "vapeshop" or "kentrehabfitness" (a recipe site, a shop, a gym) name no service. A general
    provider's words, or another kind of organisation's, say nothing of a service either."""
    words = name.split()
    if not words or general_words(name) or not_a_service([SelfDescription("name", name)], []):
        return
    found = site_categories(name)
    areas = [c for c in found if c in _HOST_WORD_AREAS]
    # "sportsinjuryrehab": a body's condition beside "rehab" is physiotherapy, not addiction.
    if not areas or "other_condition" in found or any("other_condition" in site_categories(w) for w in words) or not (words[-1] in SITE_HOST_SERVICE_WORDS or set(site_categories(words[-1])) & set(areas)):
        return
    for category in areas:
        named.setdefault(category, []).append(
            Evidence(category=category, term="", text=item.text, field=f"site:{item.place}"))


def _add_named(named: dict[str, list[Evidence]], item: SelfDescription, part: str) -> None:
    """Record under each category it names (the classifier's verdict on `part`) the text that names it."""
    for category in site_categories(part):
        found = named.setdefault(category, [])
        if not any(e.field == f"site:{item.place}" and e.text == item.text for e in found):
            found.append(Evidence(category=category, term="", text=item.text, field=f"site:{item.place}"))


def _add_listed_services(named: dict[str, list[Evidence]], backing: dict[str, list[Evidence]]) -> None:
    """The other areas a specialist's own description lists beside the one its name says ("Riverbend
    Family Planning Center": "Abortion care, birth control, STD testing and gender-affirming hormone
    therapy"): a visit to it may be for any of them. A description of another kind (a shop's, a
    fundraiser's) or of many areas (a general provider's) adds none."""
    by_text: dict[str, set[str]] = {}
    for category, found in backing.items():
        for e in found:
            if e.field.removeprefix("site:") in DESCRIPTION_PLACES:
                by_text.setdefault(e.text, set()).add(category)
    for text, areas in by_text.items():
        if (areas & set(named) and len(areas) <= SITE_DESCRIPTION_LISTED_MAX_AREAS
                and not (NOT_SERVICE.search(text) or PRODUCTS.search(text))):
            for category in areas - set(named):
                named[category] = [e for e in backing[category] if e.text == text]


def _service_name(categories: list[str], items: list[SelfDescription]) -> str:
    """"sexual health clinic": the first category and the kind of service the site calls itself."""
    word = next((m.group(1).lower() for d in items if (m := SERVICE.search(d.text))), "service")
    return f"{category_label(categories[0])} {word}"
