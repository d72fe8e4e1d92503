"""Issues 16 and 18, ninth pass (sets M and N, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import copy

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.provider_care import form_answer
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import technical_parameters
from pixelhound.model import Field, Sensitivity

CLINIC = (("title", "Hollin Brook Medical Centre | GP practice in Hollin Brook"),)
NEWSPAPER = (("title", "The Wexford Courier | News, sport and opinion"),)


def _on_site(pairs: tuple[tuple[str, str], ...], source: str, text: str) -> Sensitivity:
    """The verdict on a text carried in `source` on the site that says `pairs` about itself."""
    verdict = copy.deepcopy(classify_text(text))  # the classifier's verdicts are cached: never change one
    apply_context(verdict, infer_context([SelfDescription(p, t) for p, t in pairs]), [(source, text)])
    return verdict


@pytest.mark.parametrize("text", [
    "Have you had chest pain in the last week? Yes",
    "How many units of alcohol do you drink a week? More than 30",
    "Is the patient allergic to penicillin? Yes",
    "Current medications: amlodipine 5mg, atorvastatin",
    "Symptoms: earache for two days",
    "Main symptom: persistent cough at night",
])
def test_a_form_answer_on_a_care_providers_site_is_care(text: str) -> None:
    assert form_answer(text)
    on_clinic = _on_site(CLINIC, "cd[formFeatures][0].placeholder", text)
    assert "care_interaction" in on_clinic.categories and len(on_clinic.categories) >= 2, on_clinic
    # the same answer on a site that provides no care is no contact with care
    on_paper = _on_site(NEWSPAPER, "cd[formFeatures][0].placeholder", text)
    assert "care_interaction" not in on_paper.categories, on_paper


@pytest.mark.parametrize("text", [
    "What is asthma? Read our guide",  # a page's question to no one in particular
    "Worried about your drinking?",  # a question without an answer
    "Asthma: symptoms and treatment",  # a page title, not an intake label
    "Symptoms of a heart attack",
    "Do you have a question? Contact our press office about this story on cancer services today"
    " and we will get back to you as soon as we can with an answer from our health team" * 2,  # copy
])
def test_what_is_no_form_answer(text: str) -> None:
    assert not form_answer(text)
    assert "care_interaction" not in _on_site(CLINIC, "dt", text).categories


def _site(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize(("pairs", "category"), [
    # a hospital of one area named by it, before or after its general word
    ((("title", "Harbourside Women's Hospital NHS Foundation Trust"),), "reproductive_health"),
    ((("title", "Queen Adela Hospital for Neurology"),), "other_condition"),
    # a unit named first on its own site, its hospital after it
    ((("title", "Maternity Assessment Unit | Castlebridge University Hospitals"),), "reproductive_health"),
    # a crisis line's strapline giving its hours
    ((("name", "Stillwater Line"), ("description", "Free listening service, open 24/7, for anyone feeling suicidal.")),
     "mental_health"),
    # bare hosts whose words name the service after a place's or a brand's name
    ((("url", "https://www.ashfordgic.nhs.uk/"),), "gender_identity"),
    ((("url", "https://www.brightpathketamine.com/"),), "mental_health"),
    ((("url", "https://www.moorside-sarc.org.uk/"),), "sexual_health"),
])
def test_sites_named_by_their_area(pairs, category: str) -> None:
    context = _site(*pairs)
    assert context.specialist and category in context.categories, context


@pytest.mark.parametrize("pairs", [
    (("title", "Northfield Hospital for Sick Children"),),  # a children's hospital: every area
    (("title", "Castlebridge University Hospitals | Maternity Assessment Unit"),),  # the hospital's own site
    (("title", "Hopeway Hospice Shops | Preloved furniture and clothes"),
     ("description", "Every purchase in our 30 charity shops helps fund hospice care for people with cancer.")),
    (("title", "Maternity benefits | Lakeshore Health Plan"),),
    (("og:site_name", "Veltra Medical"), ("og:description", "Devices for cardiac and vascular surgery.")),
    (("title", "EasyMove Mobility | Stairlifts, walking aids and mobility aids"),),
    (("url", "https://www.teamlogic.co.uk/"),),
    (("url", "https://www.allergic.org/"),),
])
def test_sellers_insurers_makers_and_words_are_no_service(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs)


def test_a_services_hours_are_not_news() -> None:
    assert classify_text("Sexual health clinic open today").categories == ["sexual_health"]
    assert not classify_text("New HIV clinic opens in Leeds").sensitive  # the news cue stays
    assert not classify_text("Stairlifts and walking aids").sensitive  # aids, not AIDS


def _field(source: str, value: str, decoder: str = "google_analytics") -> Sensitivity:
    return classify_fields([Field("parameter", value, source)], technical_parameters(decoder))


@pytest.mark.parametrize(("source", "value", "category"), [
    ("ep.cycle_day", "21", "reproductive_health"),  # the parameter's name asks the question
    ("ep.hearing_test_result", "moderate loss in left ear", "other_condition"),
    ("tag.user_goal", "drink less", "substance_use"),
    ("properties.search_term", "prep", "sexual_health"),  # another tracker's search box, read as typed
    ("ref", "https://www.eastmoor-sarc.nhs.uk/after-an-assault", "sexual_health"),  # another service's URL
    ("cd[content_category]", "Mental Health", "mental_health"),
])
def test_fields_named_by_their_question(source: str, value: str, category: str) -> None:
    assert category in _field(source, value).categories


@pytest.mark.parametrize(("source", "value"), [
    ("ep.job_category", "Sexual Health Nursing"),  # a job seeker's choice
    ("ep.vacancy_type", "Mental health support worker"),
    ("ep.page_type", "condition_article"),  # the site's own enum
    ("ep.template", "condition_overview"),
    ("ep.content_type", "condition_guide"),
    ("ep.item_condition", "Like new, boxed"),  # a vague word in the name asks nothing
    ("properties.s", "ms"),  # a one-letter key is no search box
])
def test_fields_that_name_no_visitors_health(source: str, value: str) -> None:
    assert not _field(source, value).sensitive


GENDER_CLINIC = (("title", "Eastmarch Gender Identity Clinic | NHS adult gender service"),)
FERTILITY_CLINIC = (("title", "Brookvale Fertility Clinic | IVF and egg freezing"),)
HOSPITAL = (("title", "Eastmarch General Hospital NHS Trust"),)


@pytest.mark.parametrize(("site", "text", "categories"), [
    (GENDER_CLINIC, "estradiol patches", ["gender_identity"]),  # hormone therapy at a gender service
    (FERTILITY_CLINIC, "anastrozole side effects", ["reproductive_health"]),
    (FERTILITY_CLINIC, "sertraline", ["mental_health", "reproductive_health"]),  # one use: kept
    (HOSPITAL, "anastrozole side effects", ["cancer"]),  # no specialist area to take
])
def test_a_medicine_of_several_uses_takes_the_services_area(site, text: str, categories: list[str]) -> None:
    verdict = _on_site(site, "ep.search_term", text)
    assert sorted(verdict.categories) == sorted(categories), verdict


BANK = (("title", "Harbour Savings Bank | Mortgages and savings"),)


@pytest.mark.parametrize("text", ["View all my letters", "Join the queue online", "Join the line from home"])
def test_a_patients_portal_and_queue_actions_are_care_only_where_care_is_given(text: str) -> None:
    assert _on_site(CLINIC, "cd[buttonText]", text).categories == ["care_interaction"]
    assert not _on_site(BANK, "cd[buttonText]", text).sensitive
    assert not _on_site(CLINIC, "cd[buttonText]", "View our services").sensitive


def test_a_councils_equipment_request_shows_the_disability_it_is_for() -> None:
    verdict = classify_text("/adult-social-care/equipment/request-a-bath-lift")
    assert verdict.categories == ["other_condition", "care_interaction"], verdict
    # (eleventh pass: a guide to home adaptations is a service for a disability described, which the
    # labels doc's "Services of a general provider" calls sensitive: set Q's labels read it so)
    assert classify_text("Grab rails and bath lifts: our guide to home adaptations").categories == ["other_condition"]
    assert not classify_text("Grab your rail tickets: travel to the hospital").sensitive


@pytest.mark.parametrize(("source", "value", "category"), [
    ("cd[content_name].clinic", "CARDIO-12", "other_condition"),
    ("ep.specialty", "ONC3", "cancer"),
    ("ep.clinic", "DERM-2", "other_condition"),
])
def test_a_clinics_code_names_its_specialty(source: str, value: str, category: str) -> None:
    verdict = _field(source, value)
    assert category in verdict.categories and "clinic code" in verdict.evidence[0].term, verdict


@pytest.mark.parametrize(("source", "value"), [
    ("ep.clinic", "MAIN-01"), ("ep.clinic_id", "4471"), ("ep.plan", "ONC-1"), ("ep.clinic", "Northgate"),
])
def test_what_is_no_clinic_code(source: str, value: str) -> None:
    assert not _field(source, value).sensitive


HOSPICE = (("title", "St Wendreda's Hospice | Caring for people with cancer in Fenby"),)


@pytest.mark.parametrize("text", [
    "Dementia Awareness Month 2027 - assembly pack for primary schools",  # a campaign's pack for teachers
    "Tobacco and alcohol sales: guidance for retailers",
])
def test_material_for_schools_and_retailers_is_no_visitors_health(text: str) -> None:
    assert not classify_text(text).sensitive


def test_a_hospices_sponsored_walk_is_a_supporters_page() -> None:
    assert not _on_site(HOSPICE, "dl", "/events/night-walk-2027").sensitive
    assert _on_site(HOSPICE, "dl", "/our-care/day-hospice").categories == ["cancer"]


@pytest.mark.parametrize(("text", "category"), [
    ("Family planning clinic opening times", "sexual_health"),
    ("recovering from a knee op", "other_condition"),
])
def test_everyday_names_of_care(text: str, category: str) -> None:
    assert category in classify_text(text).categories


def test_a_question_about_the_site_is_no_health_answer() -> None:
    assert not form_answer("How did you hear about us? From my GP")
    assert form_answer("Are you currently in pain? Yes")
    # at a specialist service an intake label's answer is care even without a health word
    gender_service = (("title", "Eastmarch Gender Identity Clinic | NHS adult gender service"),)
    assert "care_interaction" in _on_site(gender_service, "cd[formFeatures][0].placeholder", "Pronouns: she/her").categories


TELEHEALTH = (("title", "Quaymed | See a doctor online in minutes"),)
UNIVERSITY = (("title", "Fenby University | Undergraduate and postgraduate study"),)


def test_a_titles_own_part_and_an_admissions_call_are_service_actions() -> None:
    title = "Virtual waiting room - a clinician will be with you soon | Quaymed"
    assert _on_site(TELEHEALTH, "dt", title).categories == ["care_interaction"]
    assert not _on_site(BANK, "dt", title).sensitive
    assert _on_site(TELEHEALTH, "cd[buttonText]", "Speak with our admissions team").categories == ["care_interaction"]
    assert not _on_site(UNIVERSITY, "cd[buttonText]", "Speak with our admissions team").sensitive


def test_a_plea_for_help_now_is_a_crisis_button() -> None:
    button = '{"classList":"btn btn--red","id":"urgent-cta","innerText":"I need urgent help","tag":"button"}'
    assert "mental_health" in _field("cd[buttonFeatures]", button, "meta_pixel").categories
    assert not classify_text("I need help with my order").sensitive
    assert not classify_text("Need help? Contact us").sensitive
