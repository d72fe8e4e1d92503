"""Issues 16 and 18, thirteenth pass (sets U and V, development sets): each fix by kind, with cases
of our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from tests.classify.test_ninth_pass import CLINIC, NEWSPAPER, _field, _on_site  # verdicts on a site, of a field
from tests.classify.test_twelfth_pass import _site  # a site's context from what it says of itself

SPECIALIST = (("title", "Harbour Gender Clinic – NHS gender identity service for adults"),)


@pytest.mark.parametrize(("text", "category"), [
    # adult social care by what it helps with, finding a care home, a stairlift or a DFG
    ("Do you need help with bathing or getting in and out of bed?", "care_interaction"),
    ("https://www.example.gov.uk/adult-social-care/help-with-personal-care", "care_interaction"),
    ("Choosing a care home for your dad", "care_interaction"),
    ("grant for a stairlift", "other_condition"),
    ("Apply for a disabled facilities grant", "other_condition"),
    # a patient app, a visit followed up, a practice taking new patients of a plan
    ("Get the Example Patient App", "care_interaction"),
    ("follow-up appointment after surgery", "care_interaction"),
    ("is the practice accepting new medicaid patients", "care_interaction"),
    # an outpatient treatment programme is a treatment joined
    ("/programs/intensive-outpatient?age=teen", "care_interaction"),
    # symptoms and wards by their usual names
    ("floaters in my eye after a bump", "other_condition"),
    ("gynae clinic opening hours", "reproductive_health"),
    # the disease itself, or the jab asked for, still are
    ("https://www.example.nhs.uk/conditions/shingles", "other_condition"),
    ("/vaccinations/shingles/book", "care_interaction"),
])
def test_care_services_by_what_they_help_with_and_usual_names_are_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories, text


@pytest.mark.parametrize("text", [
    # general doors described (the labels doc): outpatients, telehealth
    "Outpatients | Example University Hospitals",
    "Telemedicine at Example Family Practice",
    "https://www.example.org/blog/how-telemedicine-is-changing-rural-care",
    # a shop's supplements by their form and pack
    "https://www.example-pharmacy.com/shop/vitamins/melatonin-3mg-gummies-90ct",
    "Kids' multivitamin gummies",
    # a video's warning, a hotel, a conference, research money
    "Warning: this video contains flashing lights",
    "Hotel check in from 3pm",
    "Follow up after the conference: slides",
    "Research grants for early-career scientists",
    # a vaccination section's page for a routine jab names the disease it prevents
    "https://www.example.nhs.scot/your-health/vaccinations/shingles",
])
def test_general_doors_shops_and_lookalikes_stay_negative(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, (text, verdict.categories)


@pytest.mark.parametrize("text", [
    "Board and governance papers | Harbour Gender Clinic",
    "https://www.example-gender.nhs.uk/about/corporate-governance",
    "For referring physicians | Harbour Gender Clinic",
    "https://www.example-crisis.org/schools/teacher-training-resources",
    "Resources for teachers",
])
def test_the_organisations_own_roles_on_a_specialist_site_carry_no_site_category(text: str) -> None:
    assert not _on_site(SPECIALIST, "dt", text).sensitive, text


@pytest.mark.parametrize("text", [
    "Contact us | Harbour Gender Clinic",  # a client's page keeps the visit
    "Get support: resources for young people and their teachers",  # a role page offering help
])
def test_a_clients_pages_on_a_specialist_site_keep_the_site_category(text: str) -> None:
    assert "gender_identity" in _on_site(SPECIALIST, "dt", text).categories, text


@pytest.mark.parametrize("text", [
    "Book a check-up",
    "/check-in?location=north&slot=0930",
    "checkin_step: insurance_upload",
    "Download the app",
])
def test_a_check_up_and_checking_in_are_care_on_a_providers_site_only(text: str) -> None:
    source = "dl" if text.startswith("/") else "dt"
    assert "care_interaction" in _on_site(CLINIC, source, text).categories, text
    assert "care_interaction" not in _on_site(NEWSPAPER, source, text).categories, text


@pytest.mark.parametrize("pairs", [
    # makers, biotechs, wellbeing apps, campaigns against stigma or by a hashtag, journals, aesthetics
    (("title", "Corvex Medical | Orthopaedic and spinal devices"),),
    (("title", "Neuvion Bio | Oncology biotech"),
     ("description", "A clinical-stage biotechnology company developing antibody therapies for leukaemia.")),
    (("title", "Stillpoint – meditation and sleep stories"),
     ("description", "Guided meditations for anxiety and stress.")),
    (("title", "See Me – ending mental health stigma in Scotland"),),
    (("title", "#TalkToYourMate – a campaign about men's mental health"),),
    (("title", "Journal of Sexual Health Research"),),
    (("title", "Glow Aesthetics | Botox and fillers"),),
])
def test_makers_biotechs_wellbeing_apps_and_campaigns_are_no_service(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize(("pairs", "category"), [
    # a text-message line named by its offer, a therapy service saying how it is paid for
    ((("title", "Shout Out Line | Free, confidential 24/7 text support"),
      ("description", "Whatever you're going through, you can text us.")), "mental_health"),
    ((("title", "MindBridge – online therapy and psychiatry, covered by insurance"),), "mental_health"),
    ((("title", "Clearpath Counselling – talking therapy for anxiety, insurance accepted"),), "mental_health"),
    # a service naming itself so keeps its area beside a word a maker or an app would use
    ((("title", "Hearing aids and devices | Example Audiology Clinic"),), "other_condition"),
    ((("title", "Meditation for anxiety | Example Wellbeing Support Service"),), "mental_health"),
])
def test_a_text_line_by_its_offer_and_a_service_paid_by_insurance_are_specialist(pairs, category: str) -> None:
    context = _site(*pairs)
    assert context.specialist and category in context.categories, context.reason


@pytest.mark.parametrize("pairs", [
    (("title", "Harbourside Health Insurance | Maternity cover explained"),),  # an insurer stays an insurer
    (("title", "Textly – bulk SMS for business | 24/7 text support for your customers"),),  # no health named
])
def test_insurers_and_a_businesss_text_support_stay_no_service(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize(("source", "value"), [
    # a form field's example text is the site's, not the visitor's answer
    ("cd[formFeatures]", '[{"id":"q2","tag":"input","placeholder":"e.g. sertraline 50mg","valueMeaning":"empty"}]'),
    # a hero banner or promo slot is layout, whatever campaign it shows
    ("ep.module", "hero_banner_sexual_health_week"),
    ("ep.slot", "promo_carousel_menopause_month"),
])
def test_examples_and_layout_stay_negative(source: str, value: str) -> None:
    verdict = _field(source, value)
    assert not verdict.sensitive, (value, verdict.categories)


@pytest.mark.parametrize(("source", "value", "category"), [
    ("cd[formFeatures]", '[{"id":"q2","tag":"input","value":"sertraline 50mg"}]', "mental_health"),  # an answer is read
    ("attributes.plan", "ivf_cycle_3", "reproductive_health"),
    ("properties.product", "naltrexone-50mg-30ct", "substance_use"),  # a medicine whatever its pack
    ("ep.link_url", "https://www.gamblershelp.example.org/get-help", "substance_use"),
])
def test_answers_plans_and_named_helplines_are_read(source: str, value: str, category: str) -> None:
    assert category in _field(source, value).categories, value


def test_a_placeholder_that_asks_is_the_fields_label_and_is_read() -> None:
    features = '[{"id":"","tag":"input","placeholder":"Current antidepressant","inputType":"text"}]'
    assert "mental_health" in _field("cd[formFeatures]", features).categories
