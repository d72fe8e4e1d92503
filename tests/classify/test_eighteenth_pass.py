"""Issues 16 and 18, eighteenth pass: the misses of sets AE and AF (development sets), class by class of
the labels doc (docs/classifier-labels.md: "Care interaction", "other_condition", "Not sensitive"):
cases of our own of each shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.model import FORM_FIELD, PAGE_URL
from tests.classify.test_sixteenth_pass import BANK, CARE, CRISIS_LINE, GP_PRACTICE, HOSPITAL, _on_site

PHARMACY = (("title", "Millbrook Pharmacy | Prescriptions, online doctor and health advice"),)
GYM = (("title", "Ironside Gyms | 24/7 gym membership, classes and personal training"),)


# Support a disabled person gets, named by its kind: the disability when described, care too when asked for.
@pytest.mark.parametrize("text", [
    "Assistive technology for daily living | Example Independent Living Centre",
    "https://www.example.gov.uk/adult-social-care/direct-payments/",
    "Reasonable adjustments at your assessment",
    "https://www.example-rail.co.uk/travel/special-assistance/",
    "What is an EHCP?",
])
def test_disability_support_described_is_a_condition(text: str) -> None:
    assert "other_condition" in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Request a BSL interpreter",
    "https://www.example.gov.uk/send/ehcp-request/step-2",
    "Apply for an assistance dog",
    "Apply for a Disabled Facilities Grant",
])
def test_disability_support_asked_for_is_care(text: str) -> None:
    assert {"other_condition", CARE} <= set(classify_text(text).categories)


def test_a_health_programme_applied_for_is_care() -> None:
    assert CARE in classify_text("https://www.example-state.gov/medicaid/apply/").categories
    assert not classify_text("Medicaid expansion vote delayed again").sensitive or \
        CARE not in classify_text("Medicaid expansion vote delayed again").categories


@pytest.mark.parametrize("text", ["Request a quote", "Apply for a credit card", "Special offers this weekend"])
def test_requests_of_no_support_are_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


# A care provider's intake and funnel reached by URL or event: the visitor's own form to the service.
@pytest.mark.parametrize(("site", "path"), [
    (CRISIS_LINE, "/get-started/questionnaire?q=3"),
    (PHARMACY, "/online-doctor/hay-fever/consultation-questionnaire"),
])
def test_an_intake_questionnaire_on_a_care_site_is_care(site, path: str) -> None:
    assert CARE in _on_site(site, PAGE_URL, path).categories


@pytest.mark.parametrize(("site", "path"), [
    (BANK, "/get-started/questionnaire?q=3"),  # a bank's risk questionnaire
    (BANK, "/mortgages/self-pay"),
    (HOSPITAL, "/self-pay-prices"),  # a price list read, not an enquiry
])
def test_the_same_steps_elsewhere_are_nothing(site, path: str) -> None:
    assert not _on_site(site, PAGE_URL, path).sensitive


# A registration form's fields that name no health, and a health question answered, on a care provider's site.
@pytest.mark.parametrize(("site", "text"), [
    (GP_PRACTICE, "Date of birth: 02/11/1979"),
    (GP_PRACTICE, "NHS number: 485 777 3456"),
    (PHARMACY, "Are you taking any other medicines? No"),
    (HOSPITAL, "Next of kin: partner"),
])
def test_registration_fields_on_a_care_providers_site_are_care(site, text: str) -> None:
    verdict = _on_site(site, FORM_FIELD, text)
    assert verdict.sensitive and CARE in verdict.categories, verdict


@pytest.mark.parametrize(("site", "text"), [
    (BANK, "Date of birth: 02/11/1979"),
    (GYM, "Do you take any supplements? No"),
    (GP_PRACTICE, "How did you hear about us? A friend"),
])
def test_the_same_fields_elsewhere_or_about_the_site_are_nothing(site, text: str) -> None:
    assert not _on_site(site, FORM_FIELD, text).sensitive


# Other senses: an animal's health (an animal named beside a condition makes it the animal's: a person's
# "depressed since my dog died" is read so too, a known cost), the weather's systems, an insurance of something else, a parcel, funding.
@pytest.mark.parametrize("text", [
    "puppy diarrhoea remedies",
    "Senior cat arthritis supplements",
    "deep depression moving across the north sea",
    "https://www.example-insure.co.uk/motor-insurance/quote/medical-conditions?step=3",
    "Rearrange your delivery",
    "Hospice awarded £2m to expand palliative care research",
    "https://www.example-cancer.org.uk/research/funding-call-2026.pdf",
])
def test_words_in_other_senses_are_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


@pytest.mark.parametrize(("text", "category"), [
    ("Apply for a guide dog", "other_condition"),
    ("Rearrange my appointment", CARE),
    ("travel insurance with pre-existing medical conditions cancer", "cancer"),
])
def test_the_same_words_in_a_persons_sense_still_count(text: str, category: str) -> None:
    assert category in classify_text(text).categories


# A diet kept for one condition, a treatment by its lay names, a medicine on a plan.
@pytest.mark.parametrize(("text", "categories"), [
    ("Easy low FODMAP lunches", {"other_condition"}),
    ("Renal diet meal plan", {"other_condition"}),
    ("weight loss shots", {"other_condition"}),
    ("Monthly HRT subscription", {"reproductive_health", CARE}),
])
def test_condition_diets_treatments_and_subscriptions(text: str, categories: set[str]) -> None:
    assert categories <= set(classify_text(text).categories)


@pytest.mark.parametrize("text", ["Easy healthy lunches", "Meal plan for the week", "Magazine subscription offers"])
def test_general_diets_and_subscriptions_are_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


# A kind of care for the body's joints and spine, as physiotherapy is: described, the area; booked, care too.
def test_chiropractic_and_osteopathy_are_a_kind_of_care() -> None:
    assert set(classify_text("Align Chiropractic of Tucson").categories) == {"other_condition"}
    assert set(classify_text("Book an osteopath").categories) == {"other_condition", CARE}
    assert not classify_text("Chiropractic clinic wins community award").sensitive
