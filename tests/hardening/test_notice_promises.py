"""`notice-contradicted` by promise kind and recipient category (issue 17): "We never sell your
information." is no finding for Google Analytics receiving health page views; it is one, saying
which law makes it a sale, for an advertising platform. Each row is a notice sentence, what
received data, and whether the promise is broken, through the real notice reader and rule (cheap:
no browser; the same through a real scan is in test_credentials.py, which shares its one scan)."""

from __future__ import annotations

import pytest

from pixelhound.assess.notice.check import check_notice, recipients
from pixelhound.assess.notice.findings import PROMISE_TESTS, RULE_CONTRADICTED, NoticeContradicted, policy_findings
from pixelhound.assess.notice.promises import PROMISE_KINDS
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import Disclosure, Evidence, Field, Sensitivity

SITE = "https://www.example-clinic.nhs.uk/"
NOTICE = SITE + "privacy"
HEALTH_PAGE = SITE + "sexual-health/hiv-testing"

NEVER_SELL = "We never sell your information."
NO_SHARING = "We will not share your health information with third parties."
NO_MARKETING = "Your medical records will not be used for marketing or advertising."
NO_AD_COOKIES = "We do not use cookies for advertising."


def received(vendor_id: str, category: str = "", health: bool = True) -> Disclosure:
    """What a decoder reports when this vendor's product received a (health) page view."""
    vendor = default_knowledge().vendors[vendor_id]
    page = HEALTH_PAGE if health else SITE + "visiting-us"
    sensitivity = Sensitivity(True, ["sexual_health"], [Evidence("sexual_health", "hiv", page, "page_url")]) if health else Sensitivity()
    return Disclosure(id="d1", capture_index=1, vendor=vendor_id, company=vendor.company,
                      product=vendor.endpoints[0].product if vendor.endpoints else vendor_id,
                      category=category or vendor.category, request_url="https://tracker.example/1", page_url=page,
                      fields=[Field("page_url", page, "dl")], sensitivity=sensitivity, site=SITE)


def contradicted(sentence: str, disclosure: Disclosure) -> list[str]:
    """The notice-contradicted summaries for a notice that names every recipient and makes one promise."""
    text = f"{sentence} We use Google Analytics, Facebook, Hotjar and Siteimprove."
    check = check_notice({NOTICE: text}, recipients([disclosure]))
    return [f.summary for f in policy_findings(check, [disclosure], source="s", site=SITE) if f.rule == RULE_CONTRADICTED]


@pytest.mark.parametrize(("sentence", "recipient", "broken"), [
    # Selling: only an advertising platform, where CCPA/CPRA calls it sharing/a sale.
    (NEVER_SELL, received("google", "analytics"), False),  # the case: analytics is not a sale
    (NEVER_SELL, received("hotjar"), False),  # session recording is not a sale
    (NEVER_SELL, received("meta"), True),
    (NEVER_SELL, received("meta", health=False), False),  # health-related data only
    # Sharing with third parties: advertising companies (all products), session recorders.
    (NO_SHARING, received("google", "analytics"), True),
    (NO_SHARING, received("hotjar"), True),
    (NO_SHARING, received("siteimprove"), False),  # analytics working for the site, outside advertising
    # Marketing or advertising use: advertising products only.
    (NO_MARKETING, received("meta"), True),
    (NO_MARKETING, received("google", "analytics"), False),
    (NO_MARKETING, received("hotjar"), False),
    # No advertising cookies: any data to an advertising product, health-related or not.
    (NO_AD_COOKIES, received("meta", health=False), True),
    (NO_AD_COOKIES, received("google", "analytics", health=False), False),
])
def test_each_promise_kind_is_broken_only_by_the_recipients_its_test_names(sentence: str, recipient: Disclosure,
                                                                          broken: bool) -> None:
    assert bool(contradicted(sentence, recipient)) is broken


def test_a_sale_names_the_law_that_makes_it_one() -> None:
    (summary,) = contradicted(NEVER_SELL, received("meta"))
    assert f'promises "{NEVER_SELL}"' in summary and "CCPA/CPRA" in summary and "UK GDPR has no notion of a sale" in summary
    assert "advertising products" in summary
    (sharing,) = contradicted(NO_SHARING, received("google", "analytics"))
    assert "CCPA" not in sharing and "analytics products" in sharing


def test_every_promise_kind_has_its_test_and_reason_in_the_rules_own_text() -> None:
    assert set(PROMISE_TESTS) == set(PROMISE_KINDS)
    why = NoticeContradicted().why
    for test in PROMISE_TESTS.values():
        assert test.reason in why
