"""Issues 16 and 18, sixteenth pass: the labels doc's sharpened "Care interaction"
(docs/classifier-labels.md), kind by kind, and sets AA and AB (development sets): cases of our own
of each shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import copy

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.roles import role_texts
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import technical_parameters
from pixelhound.model import BUTTON_TEXT, CUSTOM_DATA, EVENT, FORM_FIELD, PAGE_TITLE, PAGE_URL, Field, Sensitivity

CARE = "care_interaction"
# a specialist service of each kind the doc names, a general provider, a council, a site giving no care
HIV_CHARITY = (("title", "Lanternway | HIV support and advice for people living with HIV"),)
CRISIS_LINE = (("title", "Stillwater Crisis Line | Free, confidential support for anyone in crisis"),)
GENDER_SERVICE = (("title", "Northfold Gender Identity Service | NHS gender identity clinic for adults"),)
HOSPITAL = (("title", "Ashby Vale General Hospital | NHS Foundation Trust"),)
GP_PRACTICE = (("title", "Fernhill Surgery | GP practice in Fernhill"),)
BANK = (("title", "Harbour Savings Bank | Mortgages, savings and current accounts"),)

_SOURCES = {FORM_FIELD: "cd[formFeatures][0].placeholder", BUTTON_TEXT: "cd[buttonText]", EVENT: "ev",
            PAGE_TITLE: "dt", PAGE_URL: "dl"}


def _on_site(pairs: tuple[tuple[str, str], ...], kind: str, text: str) -> Sensitivity:
    """The verdict on a text sent in a field of `kind` on the site that says `pairs` about itself, with
    the page's texts read as the analysis reads them (`role_texts`: the field's kind goes with it)."""
    verdict = copy.deepcopy(classify_text(text))  # the classifier's verdicts are cached: never change one
    texts = list(role_texts([Field(kind, text, _SOURCES[kind])]))
    apply_context(verdict, infer_context([SelfDescription(p, t) for p, t in pairs]), texts)
    return verdict


def test_a_pages_texts_keep_their_fields_kind() -> None:
    (pair,) = role_texts([Field(FORM_FIELD, "Gender: Prefer not to say", "cd[formFeatures][0].name")])
    source, text = pair  # unpacked as before by every reader
    assert (source, text) == ("cd[formFeatures][0].name", "Gender: Prefer not to say")
    from pixelhound.classify.roles import field_kind  # noqa: PLC0415  (new in this pass)
    assert field_kind(pair) == FORM_FIELD and field_kind(("dt", "a bare pair")) == ""


# Appointments and waiting, prescriptions, supplies and results: a medicine's repeat or review, a
# booking whatever else its address carries, a programme applied for.
@pytest.mark.parametrize(("text", "categories"), [
    ("yasmin repeat", {"sexual_health", CARE}),
    ("sertraline 100mg repeat", {"mental_health", CARE}),
    ("hrt review", {"reproductive_health", CARE}),
    ("salbutamol inhaler refill", {CARE}),
    ("https://www.oakmeadsurgery.nhs.uk/appointments/book?type=cervical-screening&clinician=practice-nurse",
     {"cancer", CARE}),
    ("https://www.lowfieldcounty.gov/public-health/wic/apply", {"reproductive_health", CARE}),
    ("journey_stage=awaiting_biopsy", {CARE}),  # waiting for care a weak term names
    ("waiting for my biopsy results", {CARE}),
])
def test_a_medicines_repeat_a_booking_and_a_programme_applied_for_are_care(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) >= categories, (text, classify_text(text))


@pytest.mark.parametrize("text", [
    "Asthma and COPD reviews | Fernhill Surgery",  # a condition's review clinic, described
    "https://www.fernhillsurgery.nhs.uk/clinics/diabetes-reviews",
    "review of maternity services published",  # a report, no medicine
    "repeat after me",
    "physio knee replacement exercises",  # "replacement" names the operation, it asks for nothing
    "hip replacement recovery timeline",
    "Prior Authorization Requirements | Crestline Health Plan",  # a plan's rules read about
    "Repeat prescriptions policy | Fernhill Surgery",
    "travel insurance for medical conditions",  # a weak term beside an act that is no waiting or result
    "register your injury claim",
])
def test_a_condition_clinic_a_report_an_operations_name_and_rules_read_about_are_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories, (text, classify_text(text))


# Reaching a care or support service: a button or an event on a specialist's site; not on a general
# provider's switchboard, and not on a site giving no care.
@pytest.mark.parametrize(("site", "text"), [
    (HIV_CHARITY, "Call 0300 555 0100"),
    (HIV_CHARITY, "Text us on 85258"),
    (CRISIS_LINE, "Chat to us online"),
    (CRISIS_LINE, "Speak to someone now"),
    (HIV_CHARITY, "Email an adviser"),
])
def test_reaching_a_specialist_service_is_care(site, text: str) -> None:
    verdict = _on_site(site, BUTTON_TEXT, text)
    assert verdict.sensitive and CARE in verdict.categories, verdict


@pytest.mark.parametrize(("site", "kind", "text"), [
    (HOSPITAL, BUTTON_TEXT, "Call 0300 555 0100"),  # a general provider's switchboard
    (HOSPITAL, BUTTON_TEXT, "Contact us"),
    (GP_PRACTICE, BUTTON_TEXT, "Email the practice"),
    (BANK, BUTTON_TEXT, "Chat to us online"),
    (CRISIS_LINE, PAGE_TITLE, "Call us | Stillwater Crisis Line"),  # a page's title, read, not pressed
    (HIV_CHARITY, BUTTON_TEXT, "Contact us"),  # a bare door: contact about oneself is a form's field
    (CRISIS_LINE, BUTTON_TEXT, "Text size: large"),  # the page's own controls
    (HIV_CHARITY, BUTTON_TEXT, "Email this page to a friend"),
])
def test_a_switchboard_a_banks_chat_and_a_bare_contact_are_no_care(site, kind: str, text: str) -> None:
    assert CARE not in _on_site(site, kind, text).categories


# The visitor's own forms to a service: any field of a form on a specialist's site, and a field naming
# health on a general provider's or a council's; not a ward visitor's form, not a form on a site
# giving no care.
@pytest.mark.parametrize(("site", "text"), [
    (GENDER_SERVICE, "Name you would like us to use"),
    (GENDER_SERVICE, "Title: Mx"),
    (HIV_CHARITY, "Sex: Prefer not to say"),
    (CRISIS_LINE, "Who is this about? Myself"),
    (GP_PRACTICE, "Type of support needed: help at home after my stroke"),
    (GP_PRACTICE, "Drug allergies: codeine"),
    (HOSPITAL, "Continuing healthcare checklist done: yes"),
])
def test_the_visitors_own_form_fields_are_care(site, text: str) -> None:
    verdict = _on_site(site, FORM_FIELD, text)
    assert verdict.sensitive and CARE in verdict.categories, verdict


@pytest.mark.parametrize(("site", "text"), [
    (HOSPITAL, "Ward you are visiting: Ward 9 - Cardiology"),  # a patient's visitor's form
    (HOSPITAL, "Patient's name and ward: J Smith, Ward 3 (Stroke Unit)"),
    (GP_PRACTICE, "Email address"),  # a field naming no health on a general provider's site
    (BANK, "Current medications: metformin"),  # no care is given there
])
def test_a_visitors_form_a_bare_field_and_a_form_on_a_bank_are_no_care(site, text: str) -> None:
    assert CARE not in _on_site(site, FORM_FIELD, text).categories


# Finding a clinician: a finder's search by specialty or condition, or among those accepting patients;
# a bare "Find a doctor" is a general provider's door.
@pytest.mark.parametrize(("site", "kind", "text", "care"), [
    (HOSPITAL, PAGE_URL, "https://www.ashbyvale.org/find-a-doctor/results?specialty=cardiology&zip=10001", True),
    (HOSPITAL, PAGE_URL, "https://www.ashbyvale.org/doctors?zip=10001&accepting=true", True),
    (HOSPITAL, BUTTON_TEXT, "Find a doctor", False),
    (HOSPITAL, PAGE_URL, "https://www.ashbyvale.org/find-a-doctor", False),
])
def test_a_clinician_searched_for_by_specialty_is_care(site, kind: str, text: str, care: bool) -> None:
    assert (CARE in _on_site(site, kind, text).categories) is care


# Sets AA and AB: a clinic abroad named in Dutch, the visitor's drinking by how often.
@pytest.mark.parametrize(("pairs", "category"), [
    ((("title", "Kliniek Vrijheid | Abortuskliniek Rotterdam"),), "reproductive_health"),
    ((("title", "Centrum Nieuw Leven | Vruchtbaarheidskliniek Utrecht"),), "reproductive_health"),
])
def test_a_dutch_clinic_is_a_specialist_service(pairs, category: str) -> None:
    context = infer_context([SelfDescription(place, text) for place, text in pairs])
    assert context.specialist and category in context.categories, context


@pytest.mark.parametrize(("value", "sensitive"), [
    ("I've been drinking most nights and want to cut down", True),
    ("drinking water every day helps", False),
])
def test_the_visitors_drinking_by_how_often(value: str, sensitive: bool) -> None:
    found = classify_fields([Field(CUSTOM_DATA, value, "ep.form_answer")], technical_parameters("google_analytics"))
    assert found.sensitive is sensitive, found
