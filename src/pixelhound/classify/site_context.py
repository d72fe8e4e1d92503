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

One module per decision: `self_description` reads what the site says, `specialist` decides what it
is (with `general_provider` reading a name's general words and `site_refusals` its refusals), and
this module applies the decision to what the site discloses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pixelhound.classify.lexicon import CATEGORIES
from pixelhound.classify.normalise import tokens
from pixelhound.classify.provider_care import add_service_actions, care_section
from pixelhound.classify.roles import page_role
from pixelhound.classify.self_description import (  # noqa: F401 - re-exported: the analysis reads sites here
    SelfDescription,
    describe_html,
    describe_url,
    har_home_html,
    page_descriptions,
)
from pixelhound.classify.site_medicines import as_service_use
from pixelhound.classify.site_names import from_host
from pixelhound.classify.site_words import a as _a
from pixelhound.classify.specialist import GENERAL_KIND as GENERAL
from pixelhound.classify.specialist import SPECIALIST, UNKNOWN, inferred, provider
from pixelhound.model import SITE_STRENGTH, Evidence, Sensitivity, SiteContext
from pixelhound.settings import SITE_CATEGORY_NONE
from pixelhound.wording import category_label

__all__ = ["GENERAL", "SPECIALIST", "UNKNOWN", "WITHHELD", "GIVEN", "SelfDescription", "SiteCategoryError",
           "apply_context", "check_category", "describe_html", "describe_url", "given_context",
           "har_home_html", "infer_context", "page_descriptions", "site_context"]

WITHHELD = "site strength withheld"  # how a disclosure's site_basis begins (model.Sensitivity)
GIVEN = "site strength given"


class SiteCategoryError(ValueError):
    """A user-given category pixelhound does not know; the message is one line."""


def check_category(given: str) -> str:
    """A user-given category, normalised ("Sexual health" -> "sexual_health"); "none" stays "none"."""
    value = re.sub(r"[\s-]+", "_", given.strip().lower())
    if value == SITE_CATEGORY_NONE or value in CATEGORIES:
        return value
    known = ", ".join((*CATEGORIES, SITE_CATEGORY_NONE))
    raise SiteCategoryError(f"unknown site category {given!r}: use one of {known}")


def given_context(category: str, name: str = "") -> SiteContext:
    """The context a user gave: a category (specialist) or "none" (judge page by page)."""
    category = check_category(category)
    if category == SITE_CATEGORY_NONE:
        return SiteContext(kind=GENERAL, decided_by="user", reason="the user said the site is not a specialist service")
    service = f"{category_label(category)} service"
    evidence = [Evidence(category=category, term=service, text=name, field="site:given", strength=SITE_STRENGTH)]
    return SiteContext(kind=SPECIALIST, categories=[category], service=service, decided_by="user",
                       reason=f"the user said the site is {_a(service)}", evidence=evidence, provider=service)


def infer_context(descriptions: Iterable[SelfDescription]) -> SiteContext:
    """Decide from the site's own words whether it is a specialist service (`specialist.inferred`),
    and whether it provides care at all (`specialist.provider`)."""
    items = list(descriptions)
    context = inferred(items)
    context.provider = provider(context, items)
    return context


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
        add_service_actions(sensitivity, provider, texts, context.specialist)
    if not (context.specialist or by_host):
        return
    if role is not None:
        # The host's name, or the site's own name in a title ("Gifts in wills | St Elfrida's Hospice"),
        # is the site speaking, as its context does: withheld alike
        own = _own_words(context) if context.specialist else frozenset()
        _keep_evidence(sensitivity, [e for e in sensitivity.evidence
                                     if not from_host(e.term) and not _names_the_site(e, own)])
        sensitivity.site_basis = (f"{WITHHELD}: {role.because()}; a visit in that role says nothing "
                                  f"of the visitor's health")
        return
    if not context.specialist:
        return
    sensitivity.site_basis = (f"{GIVEN}: a page of {_a(context.service)}'s website, "
                              f"and none of its texts names another role than a possible client's")
    as_service_use(sensitivity, context.categories)
    wanted = set(sensitivity.categories) | set(context.categories)
    sensitivity.categories = [c for c in CATEGORIES if c in wanted] + [c for c in sensitivity.categories
                                                                      if c not in CATEGORIES]
    sensitivity.evidence = [*sensitivity.evidence, *(
        Evidence(category=e.category, term=e.term, text=e.text, field=e.field, strength=e.strength)
        for e in context.evidence)]
    sensitivity.sensitive = True


def _own_words(context: SiteContext) -> frozenset[str]:
    """The words of the texts by which the site was judged what it is (its name, title, description)."""
    return frozenset(word for e in context.evidence for word in tokens(e.text).words)


def _names_the_site(evidence: Evidence, own: frozenset[str]) -> bool:
    """Whether a finding's deciding phrase is only words of the site's own name: on a role page the
    title's "| St Elfrida's Hospice" is the site speaking, not the page (issue 16, fourteenth pass)."""
    phrase = tokens(evidence.term).words
    return bool(phrase) and own.issuperset(phrase)


def _keep_evidence(sensitivity: Sensitivity, evidence: list[Evidence]) -> None:
    """The verdict of only this evidence: its categories, in their order."""
    sensitivity.evidence = evidence
    sensitivity.categories = [c for c in sensitivity.categories if any(e.category == c for e in evidence)]
    sensitivity.sensitive = bool(sensitivity.categories)
