"""Issue 16's fifth pass, from set E's misses by kind: each kind checked on texts of the same shape
written here (not set E's own), and on the negatives a careless fix would flag (news, jobs,
fundraising, research, CSS and asset names, shops, other portals)."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # care in a patient portal's own words: on a portal host or a "My ... Records" title
        ("https://portal.ashbyhealth.org/app/letters", "care_interaction"),
        ("https://mychart.example.org/app/billing/details", "care_interaction"),
        ("https://myrecords.westvale.nhs.uk/messages/inbox", "care_interaction"),
        ("https://patientportal.sunvalleymedical.com/claims", "care_interaction"),
        ("Documents – My Westvale Health Record", "care_interaction"),
        ("Request proxy access for a family member", "care_interaction"),
        ("Message the care team", "care_interaction"),
        ("Verify your insurance before your visit", "care_interaction"),
        ("Choose your test kit", "care_interaction"),
        # a health visitor's reviews of a child
        ("Book your child's 2 year review", "care_interaction"),
        ("Health visitor 6-8 week check", "care_interaction"),
        # screening questionnaires' item wording
        ("Little interest or pleasure in doing things: several days", "mental_health"),
        ("Feeling nervous, anxious or on edge - more than half the days", "mental_health"),
        ("Not being able to stop or control worrying", "mental_health"),
        ("Have you ever felt you should cut down on your drinking?", "substance_use"),
        ("How many units of alcohol do you drink on a typical day?", "substance_use"),
        ("Smoking status: ex-smoker", "substance_use"),
        # common misspellings, also when English lists them, and in a URL's search value
        ("hip replacment surgery", "other_condition"),
        ("perscription refill", "care_interaction"),
        ("https://www.example-health.org/search?q=miscarrage+signs", "reproductive_health"),
        ("https://www.example-health.org/search?query=diabetis%20diet", "other_condition"),
        # vocabulary: eye surgery, peer-support cafes, reversals
        ("LASIK eye surgery consultation", "other_condition"),
        ("Join our aphasia cafe", "other_condition"),
        ("Vasectomy reversal success rates", "reproductive_health"),
        ("lead_submit | form_id: prep_eligibility_check", "sexual_health"),
    ],
)
def test_fifth_pass_finds(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert category in verdict.categories, verdict


@pytest.mark.parametrize(
    "text",
    [
        # portals' words elsewhere: a bank's or a firm's portal, a newspaper's letters page
        "https://www.bankofnowhere.com/portal/billing",
        "https://portal.acmewidgets.com/messages",
        "https://www.acme.com/my/records/letters",
        "My Records – Letters from the bank",
        "Letters to the editor",
        "Billing department phone number",
        "Verify your insurance policy details car",
        # news, jobs, fundraising, research, training
        "Hospital wins award for LASIK service",
        "Lasik surgeon jobs",
        "AIDS Walk 2027: register your team",
        "Vasectomy reversal fundraising appeal",
        "Clinical skills courses for nurses",
        "Learning and development: mandatory training",
        "https://www.harrowvale.nhs.uk/learning-and-development/skills-courses?course=ALS",
        "Eligibility criteria for our research study",
        # CSS and asset names, shops, ordinary words near a health word
        "/assets/css/aphasia-cafe.css",
        "Checkout | Baby wipes",
        "window replacment quote",
        "seperate accounts",
        "https://www.example.org/wp-content/uploads/perscription-form.pdf",
        "https://www.example.org/offers?utm_campaign=dermatoligist_promo",  # a campaign's typo is no search
        # a specialist site's contact page is navigation (its site context is decided elsewhere)
        "https://www.brightmindbehavioral.com/contact",
    ],
)
def test_fifth_pass_negatives(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, verdict


def test_misspelling_named_in_evidence() -> None:
    verdict = classify_text("knee replacment recovery")
    assert verdict.categories == ["other_condition"]
    assert [e.term for e in verdict.evidence] == ["knee replacment (spelling of knee replacement)"]
