"""Is the site itself health data? Decided once per site, from what the site says about itself.

A page view from the home page of a sexual-health clinic, a crisis line or a cancer centre tells the
recipient that this browser's owner visited that service, whatever the page says. So a site that
names itself a specialist service in a health category (in its name, home-page title, Open Graph
site name or title) is *specialist*, and every disclosure it makes carries that category at "site"
strength (`model.SITE_STRENGTH`). Its description and headings only back up what the name says, or,
when no name says anything, decide together (both must name the same category).

A general hospital or trust (its name says "hospital", "NHS trust", "health board": many
departments) is *general*: its pages are judged one by one as before. A category the user gives
(`--site-category`, the fleet file's `category` column) overrides the inference, "none" included.

The words are read for what the site is: a host name naming a service is the site's name; a page
title about the organisation's jobs, shops or news says nothing of the service; a law firm, a medical
school, a retailer or a campaign that names a condition is no health service (docs/context.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import msgspec

from pixelhound.classify.api import classify_text
from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.classify.provider_care import add_service_actions, care_section
from pixelhound.classify.roles import READER, page_role, text_roles
from pixelhound.classify.site_names import from_host, host_categories
from pixelhound.wording import category_label
from pixelhound.model import SITE_STRENGTH, Evidence, Sensitivity, SiteContext
from pixelhound.settings import (
    SITE_BARE_HOSPITAL_WORDS,
    SITE_CATEGORY_NONE,
    SITE_CLINICIAN_WORDS,
    SITE_CONTEXT_HEADINGS,
    SITE_CONTEXT_HTML_CHARS,
    SITE_CONTEXT_TEXT_CHARS,
    SITE_GENERAL_CARE_WORDS,
    SITE_DESCRIPTION_MAX_AREAS,
    SITE_GENERAL_WORDS,
    SITE_MANY_SERVICES_WORDS,
    SITE_NOT_SERVICE_WORDS,
    SITE_NOT_SPECIALIST_CATEGORIES,
    SITE_ORGANISATION_WORDS,
    SITE_PRODUCT_WORDS,
    SITE_PROVIDER_WORDS,
    SITE_SELLER_WORDS,
    SITE_SERVICE_WORDS,
    SITE_TRUST_WORDS,
)

SPECIALIST = "specialist"
WITHHELD = "site strength withheld"  # how a disclosure's site_basis begins (model.Sensitivity)
GIVEN = "site strength given"
GENERAL = "general"
UNKNOWN = "unknown"

# Where a site names itself (decides alone) and where it only describes itself (backs up).
IDENTITY_PLACES = ("name", "title", "og:site_name", "og:title")
SUPPORT_PLACES = ("description", "og:description", "heading", "url")
DESCRIPTION_PLACES = ("description", "og:description")



def _words(words: Iterable[str], plural: bool = False) -> re.Pattern[str]:
    """Any of `words` as whole words (longest first), case-insensitive; `plural` allows a final s."""
    ordered = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<![\w&])(" + "|".join(re.escape(w) for w in ordered) + r")" + ("s?" if plural else "")
                      + r"(?![\w&])", re.IGNORECASE)


_GENERAL = _words(SITE_GENERAL_WORDS)
_TRUST = _words(SITE_TRUST_WORDS)
_BARE_HOSPITAL = _words(SITE_BARE_HOSPITAL_WORDS)
_GENERAL_CARE = _words(SITE_GENERAL_CARE_WORDS)
_SERVICE = _words(SITE_SERVICE_WORDS, plural=True)
_ORGANISATION = _words(SITE_ORGANISATION_WORDS)
_NOT_SERVICE = _words(SITE_NOT_SERVICE_WORDS + SITE_SELLER_WORDS)
_MANY_SERVICES = _words(SITE_MANY_SERVICES_WORDS)
_PRODUCTS = _words(SITE_PRODUCT_WORDS)
_PROVIDER = _words(SITE_PROVIDER_WORDS)
# "Time to Talk Day 2027", "Time to Talk Day – let's end ...", "Sexual Health Week": a campaign's name.
_AWARENESS_DAY = re.compile(r"(?i:\b(?:day|week|month)\s+20\d\d\b)|\b[A-Z][\w']*\s+(?:Day|Week|Month)(?:\s*[|\u2013\u2014:]|\s+-\s|\s*$)")
# "for surgeons", "for pharmacies and clinicians", "for healthcare professionals": up to three words between.
_FOR_CLINICIANS = re.compile(r"\bfor(?:\s+[\w&-]+){0,3}?\s+(" + "|".join(SITE_CLINICIAN_WORDS) + r")\b", re.IGNORECASE)
_PAGE_TITLES = ("title", "og:title")  # what a page calls itself, as opposed to the site's name
_SPACES = re.compile(r"\s+")
_GP_SURGERY = re.compile(r"^(.*\w)\s+surgery$", re.IGNORECASE)
_PARTS = re.compile(r"\s+[|\u2013\u2014\u00b7:-]\s+|\s*[|\u00b7]\s*")  # "Home | Trust", "Name - strapline"


class SiteCategoryError(ValueError):
    """A user-given category pixelhound does not know; the message is one line."""


@dataclass(frozen=True, slots=True)
class SelfDescription:
    """One thing a site says about itself, and where it says it ("title", "og:site_name", ...)."""

    place: str
    text: str


def check_category(given: str) -> str:
    """A user-given category, normalised ("Sexual health" -> "sexual_health"); "none" stays "none"."""
    value = re.sub(r"[\s-]+", "_", given.strip().lower())
    if value == SITE_CATEGORY_NONE or value in CATEGORIES:
        return value
    known = ", ".join((*CATEGORIES, SITE_CATEGORY_NONE))
    raise SiteCategoryError(f"unknown site category {given!r}: use one of {known}")


def describe_html(html: str) -> list[SelfDescription]:
    """The title, description, Open Graph tags and first headings of a page's HTML. Never raises:
    a page that cannot be parsed says nothing about itself."""
    if not html or not html.strip():
        return []
    try:
        root = lxml.html.fromstring(html[:SITE_CONTEXT_HTML_CHARS])
    except Exception:  # noqa: BLE001 - a hostile or broken page must not break the analysis
        return []
    found: list[SelfDescription] = []
    for title in root.xpath("//title")[:1]:
        found.append(SelfDescription("title", title.text_content()))
    for meta in root.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("description", "og:description", "og:site_name", "og:title"):
            found.append(SelfDescription(key, meta.get("content") or ""))
    for heading in root.xpath("//h1")[:SITE_CONTEXT_HEADINGS]:
        found.append(SelfDescription("heading", heading.text_content()))
    return [SelfDescription(d.place, _SPACES.sub(" ", d.text).strip()[:SITE_CONTEXT_TEXT_CHARS]) for d in found if d.text.strip()]


def describe_url(url: str) -> list[SelfDescription]:
    """The first page's address: its host (`sexualhealth-eastborough.nhs.uk`) or its path
    ("/sexual-health-clinic/") may name the service."""
    split = urlsplit(url)
    return [SelfDescription("url", url)] if split.hostname or split.path.strip("/") else []


def given_context(category: str, name: str = "") -> SiteContext:
    """The context a user gave: a category (specialist) or "none" (judge page by page)."""
    category = check_category(category)
    if category == SITE_CATEGORY_NONE:
        return SiteContext(kind=GENERAL, decided_by="user", reason="the user said the site is not a specialist service")
    service = f"{_label(category)} service"
    evidence = [Evidence(category=category, term=service, text=name, field="site:given", strength=SITE_STRENGTH)]
    return SiteContext(kind=SPECIALIST, categories=[category], service=service, decided_by="user",
                       reason=f"the user said the site is {_a(service)}", evidence=evidence, provider=service)


def infer_context(descriptions: Iterable[SelfDescription]) -> SiteContext:
    """Decide from the site's own words whether it is a specialist service (`_inferred`), and
    whether it provides care at all (`_provider`)."""
    items = list(descriptions)
    context = _inferred(items)
    context.provider = _provider(context, items)
    return context


def _provider(context: SiteContext, items: list[SelfDescription]) -> str:
    """The care the site says it provides, in its own words: a specialist service, a hospital, trust
    or practice, or a name or strapline naming a pharmacy, a dentist, a telehealth service ("" if none)."""
    if context.specialist:
        return context.service
    identity = [d for d in items if d.place in IDENTITY_PLACES and not _organisation_page(d)]
    if context.kind == GENERAL:
        return next((w for d in identity for part in _PARTS.split(d.text) for w in _general_words(part)),
                    "health service")
    if _not_a_service(identity):
        return ""
    return next((m.group(0).lower() for d in identity if (m := _PROVIDER.search(d.text))), "")


def _inferred(descriptions: list[SelfDescription]) -> SiteContext:
    """Decide from the site's own words whether it is a specialist service (see the module docstring).

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
    items = [d for d in descriptions if d.text.strip() and not _organisation_page(d)]
    identity = [d for d in items if d.place in IDENTITY_PLACES]
    support = [d for d in items if d.place in SUPPORT_PLACES]
    named: dict[str, list[Evidence]] = {}
    general: tuple[SelfDescription, str] | None = None
    found_generals: list[str] = []
    for item in identity:
        parts = _PARTS.split(item.text)
        generals = [word for part in parts for word in _general_words(part)]
        found_generals += generals
        general = general or ((item, generals[0]) if generals else None)
        for part in parts:
            # Beside a trust's name, only a named kind of service speaks for the whole site ("... NHS
            # Foundation Trust - the UK's leading cancer centre"), a list of departments does not;
            # beside a hospital's name nothing does ("General Hospital - home of the Cancer Centre").
            if _general_words(part):
                continue
            if not generals or (all(_TRUST.fullmatch(g) for g in generals) and _SERVICE.search(part)
                                and not _GENERAL_CARE.search(part)):
                _add_named(named, item, part)
    one_area = next((d for d in identity for part in _PARTS.split(d.text)
                     if _GENERAL.search(part) and not _general_words(part)), None)
    adding = next((d for d in items if _MANY_SERVICES.search(d.text)), None)
    if one_area is not None and general is None and adding is not None:
        return SiteContext(kind=GENERAL, decided_by="inferred",
                           reason=f"its {one_area.place} names one area of care ({one_area.text!r}), but its "
                                  f"{adding.place} adds other services: {adding.text!r}")
    if general is None:
        refusal = _not_a_service(identity)
        if refusal:
            return SiteContext(kind=UNKNOWN, decided_by="inferred", reason=refusal)
        for item in (d for d in items if d.place == "url"):
            _add_host_named(named, item)
    bare_hospital = bool(found_generals) and all(_BARE_HOSPITAL.fullmatch(g) for g in found_generals)
    if not named and general is not None and all(_TRUST.fullmatch(g) for g in found_generals):
        # A trust's description naming one kind of service of one area ("one of the largest specialist
        # cancer centres in Europe") speaks for it, as its strapline would.
        for item in support:
            if item.place in DESCRIPTION_PLACES and _SERVICE.search(item.text) and not _GENERAL_CARE.search(item.text):
                if len(_categories(item.text)) == 1:
                    _add_named(named, item, item.text)
    if not named and general is not None and not bare_hospital:
        item, word = general
        return SiteContext(kind=GENERAL, decided_by="inferred", reason=f"its {item.place} says it is {_a(word)}: {item.text!r}")
    backing: dict[str, list[Evidence]] = {}
    for item in support:
        if general is None and _general_words(item.text):
            general = (item, "")
        _add_named(backing, item, item.text)
    if bare_hospital and any(_GENERAL_CARE.search(d.text) for d in support):
        bare_hospital = False  # "emergency, surgical and specialty care": a general hospital after all
    if not named and (general is None or bare_hospital):
        # A hospital calling itself only that is specialist when its description names only specialist care.
        said_service = bare_hospital or any(_SERVICE.search(d.text) for d in identity)
        # A description centred on one or two areas names the service ("Supporting people living
        # with HIV across the North West"); one listing many areas is a general provider's.
        centred = {e.text for ev in backing.values() for e in ev if e.field.removeprefix("site:") in DESCRIPTION_PLACES
                   and len(_categories(e.text)) <= SITE_DESCRIPTION_MAX_AREAS
                   and not (_NOT_SERVICE.search(e.text) or _PRODUCTS.search(e.text))}
        named = {c: ev for c, ev in backing.items()
                 if len({e.field for e in ev}) >= 2 or said_service or any(_SERVICE.search(e.text) for e in ev)
                 or any(e.text in centred for e in ev)}
    if not named:
        if general is not None:
            item, word = general
            return SiteContext(kind=GENERAL, decided_by="inferred",
                               reason=f"its {item.place} says it is {_a(word or 'general health service')}: {item.text!r}")
        return SiteContext(kind=UNKNOWN, decided_by="inferred", reason="the site names no specialist health service")
    categories = [c for c in CATEGORIES if c in named]
    deciding = [e for c in categories for e in named[c]]
    deciding += [e for c in categories for e in backing.get(c, []) if e not in deciding]
    service = _service_name(categories, [d for d in items if d.place != "url"])
    evidence = [Evidence(category=e.category, term=service, text=e.text, field=e.field, strength=SITE_STRENGTH)
                for e in deciding]
    first = deciding[0]
    return SiteContext(kind=SPECIALIST, categories=categories, service=service, decided_by="inferred",
                       reason=f"its {first.field.removeprefix('site:')} says it is {_a(service)}: {first.text!r}",
                       evidence=evidence)


def _general_words(part: str) -> list[str]:
    """The words calling a name's part a general service: "NHS trust", "hospital", or a UK GP
    practice's "<place> Surgery" (a part ending in "surgery" whose other words name no health area:
    "Riverside Lane Surgery", not "Bariatric Surgery"). None when the words before the first name one
    specialty: a psychiatric hospital, "genitourinary medicine at St X's Hospital" are specialist
    ("Cancer, maternity and HIV care at St X's Hospital" is not)."""
    words = list(_GENERAL.finditer(part))
    # One specialty names it: "Psychiatric Hospital", "Kestrel Bay Mental Health NHS Foundation
    # Trust", "Westbridge Eye Hospital NHS Foundation Trust" (the labels doc: a hospital or trust of
    # one area of care is a specialist service of it; one adding acute or community services is not,
    # which `infer_context` checks in all the site says).
    if words and len(_areas_before(part, words[0])) == 1:
        return []
    found = [word.group(0).lower() for word in words]
    practice = _GP_SURGERY.match(part.strip())
    # "Riverside Lane Surgery" is a GP practice; "Top and bottom surgery" names a specialty.
    if not found and practice and not _categories(practice.group(1)) and not set(_categories(part)) - {"other_condition"}:
        found.append("gp surgery")
    return found


def _areas_before(part: str, general: re.Match[str]) -> set[str]:
    """The areas a name's words before its general word name, with that word ("Eye Hospital") but
    not what the word says alone ("Family Medicine" is no medicine)."""
    before = part[: general.start()]
    if not before.strip():
        return set()
    word = general.group(0)
    return set(_categories(before)) | (set(_categories(before + word)) - set(_categories(word)))


def _organisation_page(item: SelfDescription) -> bool:
    """A page's own title or heading about the organisation rather than its service ("Jobs |
    St Aldhelm's Hospice", "Charity shops | ..."): a job seeker or a shopper, not a patient."""
    return item.place in (*_PAGE_TITLES, "heading") and _names_a_role(item.text)


def _names_a_role(text: str) -> bool:
    """Does the text name a visitor's role other than a client's (`roles`: jobs, fundraising, news)?
    Not by a word inside a health phrase: "sperm donation" is a service, not fundraising."""
    roles = [words.lower() for role, words in text_roles(text) if role != READER]
    if not roles:
        return False
    health = " ".join(e.term.lower() for e in classify_text(text).evidence)
    return any(words not in health for words in roles)


def _not_a_service(identity: list[SelfDescription]) -> str:
    """Why a site naming itself another kind of organisation is no health service ("" if it does not)."""
    for item in identity:
        supplier = None if _SERVICE.search(item.text) else _FOR_CLINICIANS.search(item.text)
        found = _NOT_SERVICE.search(item.text) or _AWARENESS_DAY.search(item.text) or supplier
        if found:
            return f"its {item.place} says it is not a health service ({found.group(0).lower()!r}): {item.text!r}"
    return ""


def _add_host_named(named: dict[str, list[Evidence]], item: SelfDescription) -> None:
    """A host name naming a specialist service is the site naming itself (see `site_names`), unless
    its other words say it is the organisation's jobs, shop or news site (`careers.`, `-jobs`)."""
    host = urlsplit(item.text).hostname or ""
    words = re.sub(r"[.-]", " ", host)
    if _names_a_role(words) or _NOT_SERVICE.search(words):
        return
    for category in host_categories(host):
        if category not in SITE_NOT_SPECIALIST_CATEGORIES:
            named.setdefault(category, []).append(
                Evidence(category=category, term="", text=item.text, field=f"site:{item.place}"))


def site_context(descriptions: Iterable[SelfDescription], given: str = "") -> SiteContext:
    """The user's category when given, else the inference."""
    items = list(descriptions)
    if given.strip():
        name = next((d.text for d in items if d.place in ("name", "title")), "")
        return given_context(given, name)
    return infer_context(items)


def apply_context(sensitivity: Sensitivity, context: SiteContext, texts: Iterable[tuple[str, str]] = ()) -> None:
    """A specialist site's disclosure (or text) carries the site's categories at site strength, unless
    its page's own `texts` ((field, text): `roles.role_texts`) say the visitor came in another role
    (a job seeker, a donor): then its own words alone decide. `site_basis` says which, and why."""
    by_host = any(from_host(e.term) for e in sensitivity.evidence)
    texts = list(texts)
    # A site that provides no care as a whole may have a section that does (a council's adult social care).
    provider = context.provider or care_section(texts)
    if not (context.specialist or by_host or provider):
        return
    role = page_role(texts, frozenset(e.text for e in context.evidence))
    if role is None and provider:
        add_service_actions(sensitivity, provider, texts)
    if not (context.specialist or by_host):
        return
    if role is not None:
        if by_host:  # the host's name is the site speaking, as its context does: withheld alike
            _keep_evidence(sensitivity, [e for e in sensitivity.evidence if not from_host(e.term)])
        sensitivity.site_basis = (f"{WITHHELD}: {role.because()}; a visit in that role says nothing "
                                  f"of the visitor's health")
        return
    if not context.specialist:
        return
    sensitivity.site_basis = (f"{GIVEN}: a page of {_a(context.service)}'s website, "
                              f"and none of its texts names another role than a possible client's")
    wanted = set(sensitivity.categories) | set(context.categories)
    sensitivity.categories = [c for c in CATEGORIES if c in wanted] + [c for c in sensitivity.categories
                                                                      if c not in CATEGORIES]
    sensitivity.evidence = [*sensitivity.evidence, *(
        Evidence(category=e.category, term=e.term, text=e.text, field=e.field, strength=e.strength)
        for e in context.evidence)]
    sensitivity.sensitive = True


def _keep_evidence(sensitivity: Sensitivity, evidence: list[Evidence]) -> None:
    """The verdict of only this evidence: its categories, in their order."""
    sensitivity.evidence = evidence
    sensitivity.categories = [c for c in sensitivity.categories if any(e.category == c for e in evidence)]
    sensitivity.sensitive = bool(sensitivity.categories)


def _add_named(named: dict[str, list[Evidence]], item: SelfDescription, part: str) -> None:
    """Record under each category it names (the classifier's verdict on `part`) the text that names it."""
    for category in _categories(part):
        found = named.setdefault(category, [])
        if not any(e.field == f"site:{item.place}" and e.text == item.text for e in found):
            found.append(Evidence(category=category, term="", text=item.text, field=f"site:{item.place}"))


@lru_cache(maxsize=256)
def _categories(text: str) -> tuple[str, ...]:
    """The categories a site's own words name; the kind of organisation it calls itself ("the charity
    for people living with type 1 diabetes") set aside, which the classifier reads as fundraising."""
    verdict = classify_text(_ORGANISATION.sub(" ", text))
    return tuple(c for c in verdict.categories if c not in SITE_NOT_SPECIALIST_CATEGORIES)


def _service_name(categories: list[str], items: list[SelfDescription]) -> str:
    """"sexual health clinic": the first category and the kind of service the site calls itself."""
    word = next((m.group(1).lower() for d in items if (m := _SERVICE.search(d.text))), "service")
    return f"{_label(categories[0])} {word}"


def _a(noun: str) -> str:
    """'an NHS trust', 'a sexual health clinic'."""
    noun = "NHS" + noun[3:] if noun.startswith("nhs") else noun
    return ("an " if noun[:1].lower() in "aeiou" or noun.startswith("NHS") else "a ") + noun


def _label(category: str) -> str:
    return category_label(category)


class _HarContent(msgspec.Struct):
    mimeType: str | None = ""
    text: msgspec.Raw = msgspec.Raw(b"null")


class _HarResponse(msgspec.Struct):
    content: _HarContent | None = None


class _HarRequest(msgspec.Struct):
    url: str = ""


class _HarEntry(msgspec.Struct):
    request: _HarRequest = msgspec.field(default_factory=_HarRequest)
    response: _HarResponse | None = None


class _HarLog(msgspec.Struct):
    entries: list[_HarEntry] = []


class _Har(msgspec.Struct):
    log: _HarLog = msgspec.field(default_factory=_HarLog)


def har_home_html(path: Path, first_url: str) -> str:
    """The HTML body of a HAR's first page document, when the recorder kept bodies ("" if not).

    Read apart from the capture reader, which never keeps bodies: only the one document is decoded."""
    try:
        har = msgspec.json.decode(path.read_bytes(), type=_Har)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return ""
    documents = [e for e in har.log.entries
                 if e.response and e.response.content and "html" in (e.response.content.mimeType or "")]
    chosen = next((e for e in documents if e.request.url == first_url), documents[0] if documents else None)
    if chosen is None or chosen.response is None or chosen.response.content is None:
        return ""
    try:
        text = msgspec.json.decode(chosen.response.content.text)
    except msgspec.DecodeError:
        return ""
    return text if isinstance(text, str) else ""


def page_descriptions(title: str, url: str, html: str, name: str = "") -> list[SelfDescription]:
    """Everything a site's first page says about itself: the name it was given, the page's title,
    meta tags and headings, and its address. A first page that is not the home page (a scan started
    at /conditions/hiv) speaks for itself, not for the site: only its Open Graph site name counts."""
    from_html = describe_html(html)
    if title.strip() and title.strip() != url and not any(d.place == "title" for d in from_html):
        from_html.insert(0, SelfDescription("title", title.strip()))
    if urlsplit(url).path.strip("/"):
        from_html = [d for d in from_html if d.place == "og:site_name"]
    # The name given first, then the page's own words, each text once: a scan and the HAR it exports
    # (which keeps the site's name but not the page's title) then keep the same evidence.
    found = ([SelfDescription("name", name.strip())] if name.strip() else []) + from_html + describe_url(url)
    texts: set[str] = set()
    return [d for d in found if not (d.text in texts or texts.add(d.text))]
