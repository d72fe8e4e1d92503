"""Issues 16 and 18, fourteenth pass (sets W and X, development sets): each fix by kind, with cases
of our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from tests.classify.test_ninth_pass import CLINIC, NEWSPAPER, _on_site  # verdicts on a site
from tests.classify.test_twelfth_pass import _site  # a site's context from what it says of itself

CRISIS_LINE = (("title", "Harbour Lifeline – 24/7 crisis line for anyone thinking about suicide"),)
HOSPICE = (("title", "St Aldwyn's Hospice – care for people with life-limiting illness"),)


@pytest.mark.parametrize(("text", "categories"), [
    # the visitor starting, getting or asking for their own care
    ("Start my HIV test order", {"sexual_health", "care_interaction"}),
    ("cd[buttonText]=Start your PrEP consultation", {"sexual_health", "care_interaction"}),
    ("Get my free naloxone kit", {"substance_use", "care_interaction"}),
    # a call or a chat begun, as an event or a URL names it
    ("en=crisis_line_call_click", {"mental_health", "care_interaction"}),
    ("/chat/start?topic=eating-disorders", {"mental_health", "care_interaction"}),
    ("Chat with a crisis counselor", {"mental_health", "care_interaction"}),
    # care the visitor had, described by them; the e-referral service by its old name
    ("Complaint: treatment I received in the eye clinic", {"care_interaction"}),
    ("choose and book", {"care_interaction"}),
    # a department by its code, a chemotherapy unit (its parking is its patients'), an x-ray service
    ("/mychart/appointments?dept=HEM-ONC", {"cancer", "care_interaction"}),
    ("Parking for the chemotherapy day unit", {"cancer"}),
    ("/our-services/x-ray-and-imaging", {"other_condition"}),
])
def test_the_visitors_own_acts_and_named_services_are_read(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) >= categories, (text, classify_text(text))


@pytest.mark.parametrize("text", [
    # a site's encouragement, a shop's or a bank's acts, news, jobs
    "Call the sales line now",
    "Get my free ebook",
    "Start your free trial",
    "Chat with a debt adviser",
    "Start here: how to use this site",
    "broker portal login",
    "/new-patients/insurance-we-accept",
    "tb test for work",
    "pre-employment medical for new staff",
    "Have your say on the stroke services review",
    "xray hours",
    "Visiting times - maternity ward",  # a family's logistics (the labels doc)
    "Chemotherapy unit wins national nursing award",
    "Jobs: nurse for the chemotherapy day unit",
    "call_click",
    "live_chat_start",
])
def test_lookalikes_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, (text, classify_text(text))


@pytest.mark.parametrize(("site", "text"), [
    (CRISIS_LINE, "Annual Impact Report 2026 | Harbour Lifeline"),  # the site's own name in a title is the site
    (HOSPICE, "Gifts in wills | St Aldwyn's Hospice"),
    *((site, text) for site in (CRISIS_LINE, HOSPICE) for text in (
        "Meet our leadership team",
        "Annual Members' Meeting 2026",
        "Membership - become a member of our charity",
        "christmas fair",
        "/schools-programme",
        "/blog/lifeline-celebrates-20-years",
    )),
])
def test_the_organisations_own_pages_on_a_specialist_site_carry_no_category(site, text: str) -> None:
    assert not _on_site(site, "dt", text).sensitive, (text, _on_site(site, "dt", text))


@pytest.mark.parametrize("text", [
    "Contact us | Harbour Lifeline",  # a client's pages keep the visit
    "Our counselling team",
])
def test_a_clients_pages_on_a_specialist_site_keep_its_category(text: str) -> None:
    assert "mental_health" in _on_site(CRISIS_LINE, "dt", text).categories, text


@pytest.mark.parametrize("text", [
    "Start a webchat",
    "Talk to an adviser about my medication",
    "Date of last period: 01/10/2026",
    "Your clinic: Harbour North",
    "I am contacting about: my son",
])
def test_contact_and_intake_answers_are_care_on_a_providers_site_only(text: str) -> None:
    assert "care_interaction" in _on_site(CRISIS_LINE, "dt", text).categories, text
    assert "care_interaction" not in _on_site(NEWSPAPER, "dt", text).categories, text


def test_an_intake_answer_on_a_practice_site_is_care() -> None:
    assert "care_interaction" in _on_site(CLINIC, "dt", "Treatment requested: knee replacement").categories
