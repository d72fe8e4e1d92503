"""Issues 16 and 18, twentieth pass: care judged by the kind of text, carried on from the nineteenth pass (sets
AI and AJ, development sets). Each class of rule has texts of our own that appear in no set, positive and
negative: a funnel's step said done; a care provider's means test; a council's or a state's care programme by
its name; eligibility asked on a care provider's site; a support service reached or its form sent beside an
area; a disability benefit claimed; a field named by a purchase carrying a medicine; a vaccine for those at risk
of an STI (docs/classifier-labels.md, "Care interaction")."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.site_context import SelfDescription, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.model import BUTTON_TEXT, CUSTOM_DATA, FORM_FIELD, Field

from .test_nineteenth_pass import BANK, COUNCIL, GYM, SEXUAL_HEALTH, TELEHEALTH, _care, _on_site

CARE = "care_interaction"

WEIGHT_CLINIC = "Slimwell | Medical weight loss with GLP-1 injections"
ABORTION_SERVICE = "Rowan Pregnancy Choices | Abortion care and advice"
HOSPITAL = "Ashby Vale General Hospital | Hospitals and clinics"
CREDIT = "Clearline Credit | Loans and credit cards"


# A funnel's event whose own name holds a step word anywhere, as a step said done names it.
@pytest.mark.parametrize(("site", "source", "value"), [
    (TELEHEALTH, "cd[step_completed]", "payment_details"),
    (WEIGHT_CLINIC, "cd[step_viewed]", "medical_history"),
    (SEXUAL_HEALTH, "cd[stage_reached]", "address"),
    (HOSPITAL, "cd[step_submitted]", "2"),
    (ABORTION_SERVICE, "cd[answer_given]", "under_10_weeks"),
])
def test_a_step_said_done_at_a_provider_is_care(site: str, source: str, value: str) -> None:
    assert _care(_on_site(site, CUSTOM_DATA, value, source))


@pytest.mark.parametrize(("site", "source", "value"), [
    (BANK, "cd[step_completed]", "income"),
    (GYM, "cd[step_viewed]", "choose_plan"),
    (TELEHEALTH, "cd[carousel_slide]", "4"),
])
def test_the_same_steps_elsewhere_or_no_step_are_nothing(site: str, source: str, value: str) -> None:
    assert not _on_site(site, CUSTOM_DATA, value, source).sensitive


# A care provider's means test (financial assistance, a sliding scale): the visitor's own application.
@pytest.mark.parametrize(("site", "text"), [
    (HOSPITAL, "Household size: 3"),
    (HOSPITAL, "Annual household income: 24,000"),
    (SEXUAL_HEALTH, "Monthly income: 1,200"),
    (WEIGHT_CLINIC, "Number in household: 2"),
    (HOSPITAL, "Your gross income: 31,500"),
])
def test_a_means_test_at_a_provider_is_care(site: str, text: str) -> None:
    assert _care(_on_site(site, FORM_FIELD, text))


@pytest.mark.parametrize(("site", "text"), [
    (BANK, "Household income: 52,000"),
    (CREDIT, "Annual income: 40,000"),
    (COUNCIL, "Household size: 4"),
])
def test_the_same_means_test_elsewhere_is_nothing(site: str, text: str) -> None:
    assert not _on_site(site, FORM_FIELD, text).sensitive


# A council's or a state's care and support programme by its own name, and a care home's fees asked about.
@pytest.mark.parametrize("text", [
    "Apply for In-Home Supportive Services (IHSS)",
    "HCBS Waiver eligibility | State Department of Aging",
    "/adult-services/home-and-community-based-services/apply",
    "nursing home fees",
    "Paying for a care home: what you need to know | Dunmore Council",
    "Medicaid waiver application status",
])
def test_a_care_programme_by_its_name_is_care(text: str) -> None:
    assert CARE in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Ohio Department of Job and Family Services",
    "Home and garden waste collection",
    "Community based volunteering opportunities",
    "School fees and uniform grants",
])
def test_other_programmes_and_departments_are_no_care(text: str) -> None:
    assert not classify_text(text).sensitive


# The visitor's eligibility for the provider's care asked, in the first person or the site's second.
@pytest.mark.parametrize(("site", "text"), [
    (WEIGHT_CLINIC, "See if I qualify"),
    (ABORTION_SERVICE, "Check if you can get treatment at home"),
    (TELEHEALTH, "Find out if you qualify"),
    (SEXUAL_HEALTH, "Am I eligible?"),
    (HOSPITAL, "Check if I am eligible"),
])
def test_eligibility_asked_at_a_provider_is_care(site: str, text: str) -> None:
    assert _care(_on_site(site, BUTTON_TEXT, text))


@pytest.mark.parametrize(("site", "text"), [
    (BANK, "See if I qualify"),
    (CREDIT, "Check if you can get a loan"),
    (GYM, "Am I eligible?"),
])
def test_the_same_questions_elsewhere_are_nothing(site: str, text: str) -> None:
    assert not _on_site(site, BUTTON_TEXT, text).sensitive


# A support service reached, or its form sent, beside a health matter named: on any site, in a field with none.
@pytest.mark.parametrize("text", [
    "Chat to an adviser about your debt and gambling",
    "Request a call back about knee surgery",
    "Text a counsellor about an eating disorder",
    "Speak to a nurse about your diabetes",
    "submit_hearing_aid_repair_form",
    "Email our helpline about endometriosis",
])
def test_a_service_reached_beside_an_area_is_care(text: str) -> None:
    verdict = classify_text(text)
    assert verdict.sensitive and CARE in verdict.categories


@pytest.mark.parametrize("text", [
    "Chat to an adviser about your mortgage",
    "Email our press office about HIV",
    "Submit a story about your cancer journey",
    "Request a brochure",
])
def test_no_service_reached_or_no_area_is_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A disability benefit claimed or applied for (the labels doc's "another disability support").
@pytest.mark.parametrize("text", [
    "Claim Attendance Allowance",
    "/benefits/disability-living-allowance/apply",
    "PIP claim form: what to write",
    "apply for ssdi",
    "Renew your Personal Independence Payment",
])
def test_a_disability_benefit_asked_for_is_care(text: str) -> None:
    verdict = classify_text(text)
    assert CARE in verdict.categories and "other_condition" in verdict.categories


@pytest.mark.parametrize("text", [
    "Claim a tax refund",
    "Home insurance claim",
    "pip=1&dla=0",
    "Child benefit: how to claim",
])
def test_other_claims_are_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A field named by a purchase carries a medicine bought (`cd[add_to_cart]=...`).
@pytest.mark.parametrize(("source", "value"), [
    ("cd[add_to_cart]", "Sertraline 50mg tablets x28"),
    ("cd[purchase_item]", "Finasteride 1mg"),
    ("ep.add_to_basket", "Microgynon 30"),
    ("cd[checkout_product]", "Naloxone nasal spray"),
    ("cd[cart_item]", "Ulipristal acetate 30mg"),
])
def test_a_medicine_in_a_purchase_field_is_care(source: str, value: str) -> None:
    assert CARE in classify_fields([Field("custom_data", value, source)]).categories


@pytest.mark.parametrize(("source", "value"), [
    ("cd[add_to_cart]", "Garden hose 20m"),
    ("cd[add_to_cart]", "Diabetes cookbook"),  # a condition's book: no medicine bought
    ("cd[product_viewed]", "Sertraline 50mg tablets"),  # a medicine looked at, not bought
])
def test_no_medicine_bought_is_no_care(source: str, value: str) -> None:
    assert CARE not in classify_fields([Field("custom_data", value, source)]).categories


# A vaccine offered to those at risk of an STI is no routine jab for all: a vaccine clinic's cue spares it.
@pytest.mark.parametrize("text", [
    "Mpox vaccine clinics this weekend",
    "Monkeypox Vaccination Clinics | City Health",
])
def test_an_sti_vaccine_clinic_is_sexual_health(text: str) -> None:
    assert "sexual_health" in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Flu vaccine clinics this weekend",
    "Free flu shot clinics | City Health",
])
def test_routine_vaccine_clinics_stay_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


# Sites: software sold to clinics, a shop of clothes for pregnancy and nursing, a recipe site whose own words
# name no condition are no health service (the labels doc's "Sites": a shop or a maker is not).
@pytest.mark.parametrize("site", [
    [("title", "Physiobook – practice management software for chiropractors and podiatrists")],
    [("title", "ClinicDesk | Clinic software for therapists"), ("description", "Notes, invoices and reminders.")],
    [("title", "Bloom & Bump | Maternity dresses and nursing tops")],
    [("title", "Nine Months Style | Bump-friendly jeans and jumpsuits")],
    [("title", "Green Pan Kitchen | Quick weeknight recipes"),
     ("description", "Gluten-free, low-carb and diabetic-friendly dinners.")],
])
def test_sellers_and_recipe_sites_are_no_service(site: list[tuple[str, str]]) -> None:
    assert not infer_context([SelfDescription(place, text) for place, text in site]).specialist


@pytest.mark.parametrize(("site", "category"), [
    ([("title", "Sugarwise Kitchen | Recipes for people with type 2 diabetes")], "other_condition"),
    ([("title", "Harbour Physiotherapy Clinic | Sports injury and back pain physiotherapy")], "other_condition"),
])
def test_a_recipe_site_for_one_condition_or_a_clinic_stays_a_service(site: list[tuple[str, str]], category: str) -> None:
    context = infer_context([SelfDescription(place, text) for place, text in site])
    assert context.specialist and category in context.categories


# A page where the visitor reaches a specialist service, in a URL whose own host names that service, sent in a
# field with no site ("/get-help/text-us" on a listening line's host): contact with the service.
@pytest.mark.parametrize(("url", "category"), [
    ("https://www.dunmorenightline.org/get-help/text-us", "mental_health"),
    ("https://www.westfieldsexualhealth.org.uk/chat/?src=banner", "sexual_health"),
    ("https://www.harbourtalkline.org/call-us", "mental_health"),
    ("https://www.greenhillcrisisline.org/live-chat", "mental_health"),
    ("https://www.valefamilyplanning.org/request-a-callback", "sexual_health"),
])
def test_a_way_to_reach_a_service_named_by_its_host_is_care(url: str, category: str) -> None:
    found = classify_fields([Field("page_url", url, "dl")])
    assert category in found.categories and CARE in found.categories


@pytest.mark.parametrize("url", [
    "https://www.harbourgeneral.nhs.uk/chat/",  # a general provider's host names no service
    "https://www.westfieldsexualhealth.org.uk/about-us/",  # a service's own page, no way to reach it
    "https://www.dunmorenightline.org/",
])
def test_no_service_named_or_no_way_to_reach_it_is_no_care(url: str) -> None:
    assert CARE not in classify_fields([Field("page_url", url, "dl")]).categories


# A short word of a health phrase misspelt in what a person types: read inside its phrase only.
@pytest.mark.parametrize(("text", "category"), [
    ("mental helth team", "mental_health"),
    ("sexual helth advice", "sexual_health"),
    ("panic atack help", "mental_health"),
    ("heart atack symptoms", "other_condition"),
    ("sexual helth clinic near me", "sexual_health"),
])
def test_a_short_word_misspelt_inside_its_phrase_is_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories


@pytest.mark.parametrize("text", ["helth", "Helth & Safety policy", "helth insurance quote", "north heath road"])
def test_the_same_slip_outside_a_phrase_is_nothing(text: str) -> None:
    assert not classify_text(text).sensitive
