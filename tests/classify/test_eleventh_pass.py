"""Issues 16 and 18, eleventh pass (sets Q and R, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
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
    "Jobs: young carers support worker",  # a job seeker's page
    "financial assessment for a mortgage",  # no action, no care
    "start a fundraiser for the hospice",
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
    # a council's other business cancels the care a bill seems to be, never a condition beside it
    ("Council tax discount for a severe mental impairment", "mental_health"),
    ("Council tax reduction for disabled people", "other_condition"),
])
def test_a_general_providers_care_and_conditions_are_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories
