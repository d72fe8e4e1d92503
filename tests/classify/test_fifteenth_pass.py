"""Issues 16 and 18, fifteenth pass (sets Y and Z, development sets): each fix by kind, with cases
of our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.provider_care import form_answer
from pixelhound.classify.site_context import SelfDescription, describe_url, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import technical_parameters
from pixelhound.model import Field
from tests.classify.test_ninth_pass import _on_site  # verdicts on a site


@pytest.mark.parametrize(("url", "category"), [
    # a host's own words, run together or hyphenated, ending as a service's name does
    ("https://www.ashgroverecovery-rehab.co.uk/", "substance_use"),
    ("https://www.queertranscarepartners.org/", "gender_identity"),
    ("https://www.gidsteens-service.nhs.uk/", "gender_identity"),
    ("https://www.hillsidealcohol-support.com/", "substance_use"),
])
def test_a_host_named_for_a_service_in_plain_words_is_that_service(url: str, category: str) -> None:
    context = infer_context(describe_url(url))
    assert context.specialist and category in context.categories, (url, context)


@pytest.mark.parametrize("url", [
    "https://www.diabetesrecipes.com/",  # a recipe site: no specialist area
    "https://www.vapeshop.co.uk/",  # a shop
    "https://www.kentrehabfitness.com/",  # a gym
    "https://www.sportsinjuryrehab.co.uk/",  # physiotherapy: a body's condition beside "rehab"
    "https://www.trans-rights-network.org/",  # a campaign's network
    "https://www.babycentre.co.uk/",  # a parenting site
    "https://www.mealprepnow.com/",
    "https://www.transportforlondon.gov.uk/",
])
def test_a_host_whose_words_name_no_service_is_not_specialist(url: str) -> None:
    context = infer_context(describe_url(url))
    assert not context.specialist, (url, context)


@pytest.mark.parametrize(("pairs", "specialist"), [
    ((("title", "Zentrum für Psychiatrie und Psychotherapie Am See"),), True),  # a German psychiatric clinic
    ((("og:site_name", "Nightline Leeds"), ("og:description", "Anonymous listening service for students")), True),
    ((("title", "Hope for Hearts Charity Shop | Donate goods"),
      ("description", "Find your nearest charity shop. Every purchase funds research into cancer.")), False),
])
def test_a_listening_line_and_a_clinic_abroad_are_services_a_charity_shop_is_not(pairs, specialist: bool) -> None:
    context = infer_context([SelfDescription(place, text) for place, text in pairs])
    assert context.specialist is specialist, (pairs, context)


@pytest.mark.parametrize(("text", "categories"), [
    # the visitor's own drinking, in a button or a quiz answer
    ("Track my drinking", {"substance_use"}),
    ("quiz_answer=I drink more than 4 drinks every day", {"substance_use"}),
    # the visitor's own BMI result, in a weight-loss quiz's address
    ("https://www.trimwell.example/quiz/bmi-result?bmi=38", {"other_condition"}),
    # a hormone beside stated pronouns is a transition
    ("Pronouns: she/her. Medication: estradiol patches", {"gender_identity"}),
    # the visitor's completed act, as an event or a link names it; a booking in German
    ("ev=SubmitApplication_PrEPConsult", {"sexual_health", "care_interaction"}),
    ("https://www.calmclinic.example/conditions/anxiety/get-started", {"mental_health", "care_interaction"}),
    ("Termin für einen HIV-Test buchen", {"sexual_health", "care_interaction"}),
    # adult social care asked for or described by what it helps with; a condom scheme's card got
    ("Ask for a care needs assessment for my mum", {"other_condition", "care_interaction"}),
    ("Do you need help with dressing? Yes", {"other_condition"}),
    ("Register for a C-Card", {"sexual_health", "care_interaction"}),
])
def test_the_visitors_own_answers_and_acts_are_read(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) >= categories, (text, classify_text(text))


@pytest.mark.parametrize("text", [
    "my drinking water bottle",
    "your drinking glasses set",
    "bmi calculator",
    "submit a job application - mental health nurse",
    "get started with our fundraising pack for cancer",
    "Get started",
])
def test_vessels_calculators_stories_and_jobs_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, (text, classify_text(text))


def test_a_story_submitted_is_no_application_for_care() -> None:
    assert "care_interaction" not in classify_text("Submit your cancer story for our newsletter").categories


def test_hormone_therapy_is_no_talking_therapy() -> None:
    assert "mental_health" not in classify_text("/treatments/hormone-therapy/").categories
    assert "gender_identity" not in classify_text("he/him, on metformin").categories


@pytest.mark.parametrize(("source", "value", "sensitive"), [
    ("ep.ab_test", "variant_b: Need help with your drinking? Call us", False),  # the copy under test
    ("ep.experiment", "control - Book your smear test", False),
    ("cd[buttonFeatures].innerText", "Get help for my gambling", True),  # a button's own words
    ("cd[content_name]", "cta_click:leaflet_download_stroke_recovery", True),  # what the visitor did
    ("cd[content_name]", "btn-symptoms-accordion-toggle", False),  # page furniture
])
def test_an_experiments_copy_is_the_sites_a_buttons_text_is_the_visitors(source: str, value: str, sensitive: bool) -> None:
    assert classify_fields([Field("custom_data", value, source)], technical_parameters("meta_pixel")).sensitive is sensitive


@pytest.mark.parametrize(("text", "sensitive"), [
    # a routine jab typed with a day is a door's opening times; an act or a condition beside a day stands
    ("covid booster sunday", False),
    ("flu vaccine opening times", False),
    ("Book an appointment for Saturday", True),
    ("chlamydia test saturday", True),
    ("https://www.eastlowsexualhealth.nhs.uk/clinics/market-street?day=sunday", True),
    # adult social care for frailty or disability, described, and a ward by its specialty
    ("Is your mother housebound?", True),
    ("Respite care for carers | Hollinsford Council", True),
    ("Ward: Care of the Elderly, Ward 7", True),
    ("apply for wheelchair funding", True),
    ("elderly care nurse jobs", False),
    ("respite care fundraising walk", False),
    # a pharmacy's routine check described is a general door's service; asked for, it is care
    ("https://www.hillcrestpharmacy.example/services/free-blood-pressure-checks", False),
    ("Book a blood pressure check", True),
    ("high blood pressure", True),
])
def test_days_routine_checks_and_adult_social_care(text: str, sensitive: bool) -> None:
    assert classify_text(text).sensitive is sensitive, (text, classify_text(text))


@pytest.mark.parametrize(("text", "answer"), [
    ("Diagnosis (if known): type 2 diabetes", True),  # a label's own aside before its colon
    ("Medication name: sertraline 50 mg", True),
    ("Sex of partners: Women", True),
    ("Substance(s) of concern: alcohol", True),  # an aside inside the label
    ("Name (as on card): J Smith", False),  # no intake form's label
])
def test_an_intake_forms_labels_with_an_aside(text: str, answer: bool) -> None:
    assert bool(form_answer(text)) is answer, text


@pytest.mark.parametrize(("text", "kept"), [
    ("Run for us in the Cardiff Half Marathon", False),  # a place in the charity's team
    ("Our researchers awarded research grant for early detection", False),  # the organisation's news
    ("Opening hours and how to reach us", True),  # a client's page of a specialist's site
])
def test_a_charity_race_and_a_grant_are_roles_on_a_specialist_site(text: str, kept: bool) -> None:
    pairs = (("title", "Harbour Lifeline – 24/7 crisis line for anyone thinking about suicide"),)
    assert bool(_on_site(pairs, "dt", text).categories) is kept, text
