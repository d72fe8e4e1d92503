"""Issues 16 and 18, eleventh pass (sets Q and R, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.roles import role_texts
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import technical_parameters
from pixelhound.model import CUSTOM_DATA, Field, Sensitivity
from tests.classify.test_ninth_pass import _on_site  # a text's verdict on a site that says what it is

CANCER_CENTRE = (("title", "Fairholm Cancer Centre | Diagnosis, treatment and support"),)
GENDER_CLINIC = (("title", "Eastgate Gender Identity Clinic (adults)"),)
HOSPICE = (("title", "St Aldhelm's Hospice - caring for people in Dorset"),)


@pytest.mark.parametrize(("site", "source", "text"), [
    (CANCER_CENTRE, "dt", "Oncology Nursing Fellowship Programme | Fairholm Cancer Centre"),
    (GENDER_CLINIC, "dl", "https://www.eastgategic.nhs.uk/information-for-gps/shared-care-guidance"),
    (GENDER_CLINIC, "dl", "https://www.eastgategic.nhs.uk/for-gps"),
    (HOSPICE, "dl", "https://www.staldhelms.org.uk/referrals/referral-form-for-professionals.pdf"),
    (CANCER_CENTRE, "dt", "page_view: theme-dark-mode"),
    (HOSPICE, "dt", "text size: large"),
])
def test_an_organisations_own_roles_and_display_settings_carry_no_site_strength(site, source, text) -> None:
    assert not _on_site(site, source, text).sensitive


@pytest.mark.parametrize(("site", "source", "text"), [
    (HOSPICE, "dl", "https://www.staldhelms.org.uk/referrals/how-to-refer-yourself"),
    (GENDER_CLINIC, "dt", "Information for patients on the waiting list"),
    (CANCER_CENTRE, "dt", "Accessibility | Fairholm Cancer Centre"),  # a client's page (the labels doc)
])
def test_a_specialist_sites_client_pages_keep_it(site, source, text) -> None:
    assert _on_site(site, source, text).sensitive


@pytest.mark.parametrize("text", [
    "Opioid Overdose Data Dashboard | Example County Health Department",
    "Diabetes data and statistics for the county",
    "Flu Immunisation Clinic Schedule | Example Public Health",
    "Council Tax - pay your bill online",
    "Business rates: pay your bill",
    "Nurse Fellowship Program in Cardiology | Example Health",
    "https://www.example.nhs.uk/information-for-gps/shared-care-prescribing/adhd",
    "Drinking water quality report 2026",
    "Jobs: young carers support worker",  # a job seeker's page
    "financial assessment for a mortgage",  # no action, no care
    "start a fundraiser for the hospice",
    "Rescheduled: board meeting on the mental health strategy",
    "https://www.example.org/jobs/search?team=oncology&status=recruiting",
])
def test_statistics_timetables_other_bills_and_professionals_pages_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive


@pytest.mark.parametrize(("text", "category"), [
    ("https://www.example.gov.uk/adult-social-care/carers/young-carers", "other_condition"),
    ("support for young carers", "other_condition"),
    ("Start your financial assessment", "care_interaction"),
    ("Start my referral to physio", "care_interaction"),
    ("Home adaptations - Example Council", "other_condition"),
    ("grab rail for stairs", "other_condition"),
    ("Eye floaters and flashes: when to get help | Example Opticians", "other_condition"),
    ("https://www.example-pharmacy.com/rx/transfer?step=2", "care_interaction"),
    ("Transfer your prescription to us", "care_interaction"),
    ("https://www.example-health.org/clinical-trials/search?condition=parkinsons&status=recruiting",
     "other_condition"),
    ("Clinical trials recruiting participants with diabetes", "other_condition"),
    ("Schedule your flu jab at the clinic", "care_interaction"),  # the act, not the timetable
    ("Pay your bill for care at home", "care_interaction"),
    # the act done, as an event or a confirmation says it
    ("Booked: detox assessment", "care_interaction"),
    ("hiv test kit ordered", "care_interaction"),
    # a council's other business cancels the care a bill seems to be, never a condition beside it
    ("Council tax discount for a severe mental impairment", "mental_health"),
    ("Council tax reduction for disabled people", "other_condition"),
])
def test_a_general_providers_care_and_conditions_are_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories


def _fields(source: str, value: str, decoder: str = "google_analytics", name: str = CUSTOM_DATA) -> Sensitivity:
    return classify_fields([Field(name, value, source)], technical_parameters(decoder))


@pytest.mark.parametrize(("source", "value", "category"), [
    ("en", "crisis_text_started", "mental_health"),
    ("en", "hiv_test_kit_ordered", "sexual_health"),
    ("ev", "AbortionPillConsultBooked", "reproductive_health"),
    ("event_name", "ivf-consult-booked", "care_interaction"),
    ("tags.triage_outcome", "see_gp_within_48h", "care_interaction"),
    ("ep.triage_result", "self_care", "care_interaction"),
    ("ep.feature", "symptom_checker_result:possible_chlamydia", "sexual_health"),
    ("ep.widget", "quiz_outcome:high_risk_drinking", "substance_use"),
])
def test_an_event_name_and_a_result_are_what_the_visitor_did(source: str, value: str, category: str) -> None:
    assert category in _fields(source, value).categories


@pytest.mark.parametrize(("source", "value"), [
    ("en", "page_view"),
    ("en", "view_item_list"),
    ("ep.feature_flags", "new_nav=1,menopause_hub_beta=0"),
    ("ep.flags", "hiv_banner:off;pregnancy_widget:on"),
    ("elid", "btn-mental-health-accordion-toggle"),
    ("target", "nav-sexual-health-dropdown"),
    ("ep.component", "icon-cancer-ribbon"),
    ("cd[content_name]", "ab_test: hero_cta_variant_b_book_a_gp"),
    ("cd[content_name]", "experiment: pregnancy_banner_v2"),
    ("ep.page_type", "condition_article"),  # an enum of the page's type, not the visitor's act
])
def test_flags_settings_lists_and_page_furniture_stay_technical(source: str, value: str) -> None:
    assert not _fields(source, value).sensitive


def test_a_setting_written_as_one_text_carries_a_specialist_sites_visit() -> None:
    """`cookie_banner:dismissed` is never classified as words; from a specialist site it carries the visit,
    like the site's cookie page (twelfth pass: the labels doc's specialist site's pages; it was the
    banner's role, with no site strength, in the eleventh)."""
    banner = Field(CUSTOM_DATA, "cookie_banner:dismissed", "cd[content_name]")
    page = Field("page_url", "https://www.eastgategic.nhs.uk/", "dl")
    verdict = classify_fields([banner, page], technical_parameters("meta_pixel"))
    apply_context(verdict, infer_context([SelfDescription(p, t) for p, t in GENDER_CLINIC]),
                  role_texts([banner, page]))
    assert verdict.sensitive and verdict.categories == ["gender_identity"], verdict.site_basis
    assert not classify_fields([banner], technical_parameters("meta_pixel")).sensitive


def _site(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize(("host", "category"), [
    ("https://www.leedsivfclinic.co.uk/", "reproductive_health"),
    ("https://www.ohiorehabcenters.com/", "substance_use"),
    ("https://www.yorkshirehivclinic.org/", "sexual_health"),
])
def test_a_host_naming_a_place_an_area_and_a_service_kind_is_specialist(host: str, category: str) -> None:
    context = _site(("url", host))
    assert context.specialist and category in context.categories, context.reason


@pytest.mark.parametrize("pairs", [
    (("url", "https://www.magicclinic.com/"),),  # no area
    (("url", "https://www.kentdentalclinic.co.uk/"),),  # a general provider's kind
    (("url", "https://www.autorepaircenters.com/"),),
    (("title", "Bramley Institute for Cancer Research – understanding how tumours grow"),),
    (("title", "Northfield Research Institute | Mental health science"),),
    (("title", "Slipnslide – condoms, lube and toys, discreet delivery"),),
    (("title", "Frameworks – glasses, contact lenses and hearing tests"),),
    (("title", "Be Well Eastfield"),
     ("description", "Eastfield Council's health and wellbeing service: get active, lose weight, stop smoking.")),
])
def test_a_research_institute_a_seller_and_a_general_wellbeing_service_are_no_specialist(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize("pairs", [
    (("title", "Eastfield Stop Smoking Service | Free support to quit"),),
    (("title", "Cityline Sexual Health | Free condoms, STI tests and contraception"),),
    (("title", "Royal Eastfield Eye Hospital"), ("description", "Specialist eye care: glaucoma, cataracts and retina.")),
])
def test_their_neighbours_that_give_care_stay_specialist(pairs) -> None:
    assert _site(*pairs).specialist, _site(*pairs).reason
