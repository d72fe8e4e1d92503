"""Turn a decoder's Draft into a Disclosure: the steps every vendor shares.

Done here once rather than in each decoder: the query of any URL in the payload is decoded too
(a search term in `dl=...?q=hiv+test` is a search term), plain email addresses are found wherever
they are, the IP address every request carries is named, and every text field is classified.
"""

from __future__ import annotations

import re

from pixelhound.classify import classify_text
from pixelhound.classify.lexicon import default_lexicon
from pixelhound.classify.provider_care import CARE as _CARE
from pixelhound.classify.roles import READER, page_role, text_roles
from pixelhound.decode.draft import Draft
from pixelhound.decode.fields import is_text, key_words, leaves, named_text, readable_text, source_paths
from pixelhound.decode.request import ParsedRequest, parse_query, safe_split
from pixelhound.knowledge.identifiers import EMAIL_PATTERN
from pixelhound.knowledge.vendors import Endpoint, Vendor, registrable_domain
from pixelhound.model import (
    LINK_URL,
    PAGE_URL,
    REFERRER,
    SEARCH_TERM,
    Disclosure,
    Evidence,
    Field,
    Sensitivity,
)
from pixelhound.settings import (
    FIELD_CLINIC_KEY_WORDS,
    FIELD_KEY_MAX_CHARS,
    FIELD_SPECIALTY_CODES,
    URL_SEARCH_PARAMETERS,
)

_URL_FIELDS = frozenset({PAGE_URL, REFERRER, LINK_URL})
_SEARCH_NAMES = frozenset(URL_SEARCH_PARAMETERS)
_CLINIC_CODE = re.compile(r"^([A-Za-z]{2,6})[-_ ]?\d{0,4}[A-Za-z]?$")  # "RHEUM-04", "CARDIO2", "ENT"


def expand_urls(draft: Draft) -> None:
    """Add a search-term field for each search parameter in any URL the payload carries, except on
    a page whose path names another role than a client's (`/careers/vacancies?keyword=psychiatric+nurse`
    is a job search: the URL, read whole, says so; its keyword alone would not)."""
    seen = {(f.name, f.value) for f in draft.fields}
    for item in list(draft.fields):
        if item.name not in _URL_FIELDS:
            continue
        split = safe_split(item.value)
        if split is None or page_role([(item.source, split.path)]) is not None:
            continue
        for name, value in parse_query(split.query):
            if name.lower() in _SEARCH_NAMES and value.strip() and (SEARCH_TERM, value) not in seen:
                draft.fields.append(Field(name=SEARCH_TERM, value=value, source=f"{item.source}→{name}"))
                seen.add((SEARCH_TERM, value))


def find_plain_emails(draft: Draft) -> None:
    for item in draft.fields:
        if "@" in item.value:
            for match in EMAIL_PATTERN.finditer(item.value):
                draft.identify("email", match.group(0), item.source)


_ASSET = re.compile(r"\.(css|js|mjs|json|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|map)$", re.IGNORECASE)


def referrer_header_field(draft: Draft, req: ParsedRequest, site_domain: str) -> None:
    """A Referer header that names one of the site's pages (not just its origin, and not a
    stylesheet or script asking for a font) tells the recipient which page the visitor is on."""
    referer = req.capture.header("referer")
    split = safe_split(referer) if referer else None
    if split is None or (split.path in ("", "/") and not split.query) or _ASSET.search(split.path):
        return
    if site_domain and registrable_domain((split.hostname or "").lower()) != site_domain:
        return
    if any(f.value == referer for f in draft.fields):
        return
    draft.add(REFERRER, referer, "header:Referer")


def _add_care_named_by_key(verdict: Sensitivity, item: Field) -> None:
    """A health value in a parameter whose name is a patient's contact with care (`reason_for_visit`,
    `appointment_type`: `ep.appointment_type=Coil fitting`) is that care too, as well as its area."""
    if _CARE in verdict.categories:
        return
    _path, key = source_paths(item.source)
    named = classify_text(key) if key and len(key) <= FIELD_KEY_MAX_CHARS else None
    # Issue 16, twentieth pass: a name that is a purchase (`cd[add_to_cart]=Levonorgestrel 1.5mg Tablet`) is read with
    # its value, as the lexicon reads a medicine bought in one text ("add to cart levonorgestrel")
    if named is not None and _CARE not in named.categories \
            and not default_lexicon().purchase_actions.isdisjoint(key_words(key)):
        named = classify_text(f"{key} {item.value[:FIELD_KEY_MAX_CHARS]}")
    if named is not None and _CARE in named.categories:
        verdict.categories = [*verdict.categories, _CARE]
        verdict.evidence = [*verdict.evidence, Evidence(category=_CARE, term=f"{key} (a field of a patient's care)",
                                                        text=item.value[:200])]


def _asked_by_key(item: Field) -> Sensitivity:
    """The verdict on a parameter's name when it asks the health question its value answers
    (`ep.hearing_test_result=mild loss in right ear`), read as machine-made text (`key=`) so that a
    vague word ("condition", "status") alone asks nothing; empty for a value with no words."""
    _path, key = source_paths(item.source)
    # A name of two words or more asks something; a vendor's short code (`cd4`, `ep4`) does not.
    named = [word for word in key_words(key) if word.isalpha() and 2 <= len(word) < len(key)]
    if len(key) > FIELD_KEY_MAX_CHARS or len(named) < 2 or not any(ch.isalpha() for ch in item.value):
        return Sensitivity()
    asked = classify_text(f"{key}=")
    # A name of care alone (`appointment_type=Morning slots`) asks nothing of health: a health value
    # beside it is care too (`_add_care_named_by_key`).
    return asked if set(asked.categories) - {_CARE} else Sensitivity()


def _clinic_code(item: Field) -> Sensitivity:
    """The specialty a clinic's code names (`clinic=RHEUM-04`: rheumatology) in a parameter named
    for a clinic or specialty; empty for any other value or parameter."""
    _path, key = source_paths(item.source)
    code = _CLINIC_CODE.match(item.value.strip())
    specialty = FIELD_SPECIALTY_CODES.get(code.group(1).lower()) if code else None
    if specialty is None or not key_words(key) & FIELD_CLINIC_KEY_WORDS:
        return Sensitivity()
    verdict = classify_text(f"{specialty} clinic")
    verdict.evidence = [Evidence(category=e.category, term=f"{item.value.strip()} ({specialty} clinic code)",
                                 text=item.value[:200]) for e in verdict.evidence]
    return verdict


def _role_key(item: Field) -> bool:
    """A parameter whose name names a visitor's other role than a client's (`ep.job_category=Mental
    Health Nursing`: a job seeker's search; `donation_amount`): its value says nothing of their health."""
    _path, key = source_paths(item.source)
    return any(role != READER for role, _words in text_roles(key[:FIELD_KEY_MAX_CHARS]))


def classify_fields(fields: list[Field], technical: frozenset[str] = frozenset()) -> Sensitivity:
    """The union of the classifier's verdicts on every human-readable field (decode/fields.py; the
    decoder's `technical` parameters and flag-like settings are not read; a structured value is read
    leaf by leaf), each piece of evidence naming its field (the leaf's path)."""
    categories: list[str] = []
    evidence: list[Evidence] = []
    for item in (leaf for field in fields for leaf in leaves(field)):
        if not is_text(item, technical) or (not named_text(item) and _role_key(item)):
            continue
        verdict = classify_text(readable_text(item))
        if not verdict.sensitive:
            verdict = _asked_by_key(item)
        if not verdict.sensitive:
            verdict = _clinic_code(item)
        if not verdict.sensitive:
            continue
        _add_care_named_by_key(verdict, item)
        for category in verdict.categories:
            if category not in categories:
                categories.append(category)
        for found in verdict.evidence:
            evidence.append(
                Evidence(category=found.category, term=found.term, text=found.text, field=item.source)
            )
    return Sensitivity(sensitive=bool(categories), categories=categories, evidence=evidence)


def finish(
    draft: Draft,
    req: ParsedRequest,
    vendor: Vendor,
    product: str,
    category: str,
    disclosure_id: str,
    first_party_proxy: bool,
    site_domain: str = "",
    technical: frozenset[str] = frozenset(),
) -> Disclosure:
    """Apply the shared steps and stamp the recipient on."""
    referrer_header_field(draft, req, site_domain)
    expand_urls(draft)
    find_plain_emails(draft)
    draft.identify("ip_address", "the visitor's IP address", "connection")
    page_url = draft.page_url or next((f.value for f in draft.fields if f.name == PAGE_URL), "")
    if not page_url:
        page_url = req.capture.header("referer")
    return Disclosure(
        id=disclosure_id,
        capture_index=req.capture.index,
        vendor=vendor.id,
        company=vendor.company,
        product=draft.product or product,
        category=category,
        request_url=req.capture.url,
        method=req.capture.method,
        event=draft.event,
        account=draft.account,
        page_url=page_url,
        transport=req.transport,
        fields=draft.fields,
        identifiers=draft.identifiers,
        sensitivity=classify_fields(draft.fields, technical),
        first_party_proxy=first_party_proxy,
        time=req.capture.started,
        source=req.capture.source,
        site=req.capture.site,
        scenario=req.capture.scenario,
        action=req.capture.action,
        consent=req.capture.consent,
    )


def unknown_vendor(domain: str) -> Vendor:
    """A third party we have no knowledge of is still named, by its registrable domain."""
    return Vendor(id=domain, company=domain, category="unknown", domains=(domain,))


def generic_endpoint(vendor: Vendor, host: str) -> Endpoint:
    """For a third-party request no endpoint describes: every parameter listed, product named by host."""
    return Endpoint(
        vendor_id=vendor.id,
        product=host,
        kind="collector",
        category=vendor.category,
        path=re.compile(""),
        decoder="generic",
    )
