"""Issues 16 and 18, nineteenth pass: care judged by the kind of text, not by a set's phrases (sets AG and
AH, development sets). Each class of rule has texts of our own that appear in no set, positive and
negative: a verb of acting x a thing a care service provides x the kind of site; an act said done; a page
whose last segment is an act; a funnel's step or answer; a finder, a waiting list or a treatment's cover
asked about beside an area; a Blue Badge asked for; places of care by their kind; a form's label as it is
written (docs/classifier-labels.md, "Care interaction")."""

from __future__ import annotations

import copy

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.roles import role_texts
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.model import BUTTON_TEXT, CUSTOM_DATA, EVENT, FORM_FIELD, PAGE_TITLE, PAGE_URL, Field, Sensitivity

CARE = "care_interaction"

PHARMACY = "Hartwell Pharmacy | Prescriptions, travel clinic and online doctor"
TELEHEALTH = "Corvia | See a doctor online, prescriptions delivered"
DENTIST = "Maple Row Dental | NHS and private dentist in Dunmore"
SEXUAL_HEALTH = "Brookfield Sexual Health | Free STI testing and contraception"
GP_PRACTICE = "Elm Lane Surgery | GP practice in Welbury"
HEALTH_CENTERS = "Redwater Community Health Centers | Care for every family"
RECOVERY = "Stonebridge Recovery Centers | Residential addiction treatment"
BANK = "Harbour Savings Bank | Mortgages, savings and current accounts"
RETAILER = "Plumtree Home | Furniture, lighting and homeware delivered"
GYM = "Ironside Gyms | 24/7 gym membership, classes and personal training"
COUNCIL = "Welbury Borough Council"
COURIER = "SwiftDrop | Parcel delivery and tracking"
HOSPITAL = "Ashby Vale General Hospital | NHS Foundation Trust"

_SOURCES = {FORM_FIELD: "cd[formFeatures][0].placeholder", BUTTON_TEXT: "cd[buttonText]", EVENT: "ev",
            PAGE_TITLE: "dt", PAGE_URL: "dl"}


def _on_site(site: str, kind: str, text: str, source: str = "") -> Sensitivity:
    """The verdict on a text sent in a field of `kind` (from `source`, else the kind's usual field) on the
    site whose title is `site`, with the page's texts read as the analysis reads them."""
    verdict = copy.deepcopy(classify_text(text))  # the classifier's verdicts are cached: never change one
    texts = list(role_texts([Field(kind, text, source or _SOURCES[kind])]))
    apply_context(verdict, infer_context([SelfDescription("title", site)]), texts)
    return verdict


def _care(verdict: Sensitivity) -> bool:
    return verdict.sensitive and CARE in verdict.categories


# A verb of acting (order, check, track, upload, manage, collect, submit, ...) applied to a thing a care
# service provides (a kit, supplies, a medicine, a refill, a referral, cover, a booking, ID for it), on a
# care provider's own site.
@pytest.mark.parametrize(("site", "text"), [
    (PHARMACY, "Track my refill"),
    (PHARMACY, "Reorder supplies"),
    (SEXUAL_HEALTH, "Collect your kit"),
    (TELEHEALTH, "Upload your photo ID"),
    (DENTIST, "Manage my booking"),
    (RECOVERY, "Check my coverage"),
    (GP_PRACTICE, "Check my referral"),
])
def test_a_verb_of_acting_on_a_care_thing_at_a_provider_is_care(site: str, text: str) -> None:
    assert _care(_on_site(site, BUTTON_TEXT, text))


@pytest.mark.parametrize(("site", "text"), [
    (RETAILER, "Track my order"),
    (GYM, "Manage my booking"),
    (BANK, "Upload your photo ID"),
    (BANK, "Reschedule payment"),
    (COUNCIL, "Book a bulky waste collection"),
    (GYM, "Book a class"),
    (COURIER, "Reschedule delivery"),
    (COURIER, "Rearrange collection"),
    (RETAILER, "Check my order status"),
])
def test_the_same_acts_elsewhere_are_nothing(site: str, text: str) -> None:
    assert not _on_site(site, BUTTON_TEXT, text).sensitive


# A care provider's own controls and its visitors' other errands take an act's verb too: no care.
@pytest.mark.parametrize(("kind", "text"), [
    (BUTTON_TEXT, "Manage my cookies"),
    (BUTTON_TEXT, "Change my cookie settings"),
    (BUTTON_TEXT, "Check my email"),
    (BUTTON_TEXT, "Collect my parking ticket"),
    (BUTTON_TEXT, "Submit a media request"),
    (BUTTON_TEXT, "Download my data"),
    (PAGE_TITLE, "Application received | Ashby Vale"),  # a job's as often as a patient's
])
def test_a_providers_own_controls_are_no_care(kind: str, text: str) -> None:
    assert not _on_site(HOSPITAL, kind, text).sensitive


def test_a_bare_reschedule_is_care_only_where_care_is_given() -> None:
    assert _care(_on_site(DENTIST, BUTTON_TEXT, "Reschedule"))
    assert not classify_text("Reschedule").sensitive
    assert CARE in classify_text("reschedule my appt").categories  # its object says so anywhere


# An act said done, by a page's title, a button or an event: on a care provider's site whatever it names,
# anywhere beside a health matter.
@pytest.mark.parametrize(("site", "kind", "text"), [
    (PHARMACY, PAGE_TITLE, "Your consultation is confirmed | Hartwell Pharmacy"),
    (GP_PRACTICE, PAGE_TITLE, "Request received - Elm Lane Surgery"),
    (TELEHEALTH, EVENT, "visit_started"),
    (DENTIST, PAGE_TITLE, "Booking confirmed"),
    (PHARMACY, EVENT, "refill_order_submitted"),
])
def test_an_act_said_done_at_a_provider_is_care(site: str, kind: str, text: str) -> None:
    assert _care(_on_site(site, kind, text))


@pytest.mark.parametrize(("site", "kind", "text"), [
    (GYM, PAGE_TITLE, "Booking confirmed"),
    (RETAILER, PAGE_TITLE, "Your order has been sent | Plumtree Home"),
    (BANK, EVENT, "application_submitted"),
])
def test_the_same_acts_done_elsewhere_are_nothing(site: str, kind: str, text: str) -> None:
    assert not _on_site(site, kind, text).sensitive


@pytest.mark.parametrize("text", [
    "hiv_kit_order_complete",
    "Physio referral received",
    "ivf_intake_submitted",
    "prep_eligibility_check_completed",
    "Your contraception consultation is confirmed",
])
def test_an_act_done_beside_a_health_matter_is_care_anywhere(text: str) -> None:
    assert CARE in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "alcohol_self_assessment_complete",  # the reader's own check, no service's
    "quiz_complete: depression screener",
    "Cancer research grant application submitted",
])
def test_a_check_done_alone_is_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A page's address whose last segment is an act or its step: the page is the act, on a care provider's site.
@pytest.mark.parametrize(("site", "path"), [
    (PHARMACY, "/travel-clinic/request"),
    (TELEHEALTH, "/weight-management/start"),
    (DENTIST, "/new-patients/checkout"),
    (PHARMACY, "/contact-lenses/reorder"),
    (HEALTH_CENTERS, "/locations/eastside/book/"),
])
def test_a_page_that_is_an_act_at_a_provider_is_care(site: str, path: str) -> None:
    assert _care(_on_site(site, PAGE_URL, path))


@pytest.mark.parametrize(("site", "path"), [
    (RETAILER, "/basket/checkout"),
    (GYM, "/classes/book"),
    (BANK, "/savings/start"),
    (PHARMACY, "/book/visiting-the-store"),  # an act's segment that is not the page's own
])
def test_the_same_pages_elsewhere_are_nothing(site: str, path: str) -> None:
    assert not _on_site(site, PAGE_URL, path).sensitive


# A funnel's event named as a step or an answer, whatever its value: on a care provider's site.
@pytest.mark.parametrize(("site", "source", "value"), [
    (TELEHEALTH, "cd[intake_step]", "contact_details"),
    (PHARMACY, "cd[consult_answer]", "option_b"),
    (SEXUAL_HEALTH, "cd[booking_stage]", "slot_chosen"),
    (HEALTH_CENTERS, "cd[screener_response]", "no"),
    (DENTIST, "cd[form_step]", "3"),
])
def test_a_funnels_step_at_a_provider_is_care(site: str, source: str, value: str) -> None:
    assert _care(_on_site(site, CUSTOM_DATA, value, source))


@pytest.mark.parametrize(("site", "source", "value"), [
    (BANK, "cd[application_step]", "income"),
    (GYM, "cd[signup_step]", "choose_plan"),
    (PHARMACY, "cd[carousel_slide]", "3"),  # a page's own control, no step
])
def test_the_same_steps_elsewhere_are_nothing(site: str, source: str, value: str) -> None:
    assert not _on_site(site, CUSTOM_DATA, value, source).sensitive


# A clinician or a place to be seen at, found for an area, on any site (an insurer's, a directory's).
@pytest.mark.parametrize("text", [
    "Find an audiology clinic",
    "Choose a fertility clinic",
    "find an eating disorder therapist",
    "Locate a sexual health clinic near you",
    "https://www.example-insure.com/members/find-care/results?specialty=dermatology",
    "Find a diabetes specialist",
])
def test_a_finder_with_an_area_is_care(text: str) -> None:
    assert CARE in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Find a gym near you",
    "Find out about diabetes",
    "Find a doctor",
    "https://www.example.nhs.uk/search?q=asthma+nurse",  # a site's own search page
    "Find a store | Plumtree Home",
])
def test_finders_without_an_area_or_a_finder_are_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A care service's waiting list or a treatment's cover asked about in a search; a page describing it is not.
@pytest.mark.parametrize("text", [
    "hip replacement waiting list",
    "camhs wait list how long",
    "is physio covered",
    "psychiatrist in network",
    "therapist that accepts insurance",
    "are hearing aids covered",
])
def test_access_asked_about_in_a_search_is_care(text: str) -> None:
    assert CARE in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Hip replacement: waiting list information",
    "A&E waiting times",
    "Covered California | Plans for pregnant women",
    "is my car covered abroad",
    "Is IVF covered? | Our guide",
])
def test_access_described_or_of_no_care_is_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A Blue Badge, a disabled person's parking permit, asked for: care too, under a council's parking path.
@pytest.mark.parametrize("text", [
    "https://www.example.gov.uk/parking/blue-badge/renew",
    "https://www.example.gov.uk/parking/blue-badges/apply-online",
    "blue badge replacement",
    "Renew a Blue Badge",
    "blue badge application form",
])
def test_a_blue_badge_asked_for_is_care(text: str) -> None:
    assert {"other_condition", CARE} <= set(classify_text(text).categories)


@pytest.mark.parametrize("text", [
    "https://www.example.gov.uk/parking/blue-badge-bays",
    "Blue Badge parking at Kingsmere Hospital",
    "https://www.example.gov.uk/parking/permits/apply",
])
def test_parking_itself_is_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A place of care by its kind (health and medical centres, recovery and treatment centres): a provider.
@pytest.mark.parametrize("site", [
    HEALTH_CENTERS,
    RECOVERY,
    "Lakemoor Medical Center | Primary and specialty care",
    "Fairview Family Medicine | Doctors in Springdale",
    "Northgate Urgent Care | Walk in, 8am to 8pm",
])
def test_places_of_care_by_kind_provide_care(site: str) -> None:
    assert infer_context([SelfDescription("title", site)]).provider
    assert _care(_on_site(site, BUTTON_TEXT, "Manage my booking"))


# A form's label as it is written, with the person it is about before it and its unit after it.
@pytest.mark.parametrize(("site", "text"), [
    (TELEHEALTH, "Current weight (kg): 82"),
    (GP_PRACTICE, "Your NHS number: 943 476 5919"),
    (HEALTH_CENTERS, "Patient's date of birth: 01/02/2003"),
    (TELEHEALTH, "Height (cm): 171"),
    (HEALTH_CENTERS, "Child's date of birth: 04/05/2020"),
])
def test_a_forms_label_as_written_at_a_provider_is_care(site: str, text: str) -> None:
    assert _care(_on_site(site, FORM_FIELD, text))


@pytest.mark.parametrize(("site", "text"), [
    (GYM, "Current weight (kg): 82"),
    (BANK, "Your date of birth: 01/02/2003"),
])
def test_the_same_labels_elsewhere_are_nothing(site: str, text: str) -> None:
    assert not _on_site(site, FORM_FIELD, text).sensitive
