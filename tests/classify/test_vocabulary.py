"""Issue 16's wider vocabulary: lay condition names, medical word endings, and their limits."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.lexicon import default_lexicon


@pytest.mark.parametrize(
    "text",
    ["Laryngitis", "/treatments/knee-arthroscopy", "Tonsillectomy aftercare", "Diabetic nephropathy",
     "Gastroenteritis in children", "Rhinoplasty", "Sarcoidosis clinic", "Myocarditis after a virus"],
)
def test_medical_word_endings(text: str) -> None:
    verdict = classify_text(text)
    assert verdict.categories == ["other_condition"], verdict
    assert any(e.term.endswith("(medical term)") for e in verdict.evidence), verdict.evidence


@pytest.mark.parametrize(
    "text",
    ["Diagnosis codes explained for staff", "Hypnosis", "Spectroscopy lab tour", "Our prognosis for the economy",
     "Photosynthesis", "Apoptosis research seminar", "Nancy Pelosi's visit"],
)
def test_ordinary_words_with_those_endings(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


def test_exclusions_really_end_in_a_suffix() -> None:
    """An exclusion that no ending could match would only hide a mistake in the list."""
    lexicon = default_lexicon()
    for word in lexicon.not_conditions:
        assert word.endswith(lexicon.condition_suffixes), word


def test_listed_meaning_wins_over_an_ending() -> None:
    """'mastectomy' is cancer and 'vasectomy' sexual health in the lexicon, not a mere medical term."""
    assert classify_text("Mastectomy").categories == ["cancer"]
    assert classify_text("Vasectomy").categories == ["sexual_health"]


@pytest.mark.parametrize(
    "text, categories",
    [
        ("Sexual violence support", ["sexual_health"]),  # sexual assault services, by the definitions
        ("Root canal treatment", ["other_condition"]),
        ("Get help for gambling", ["substance_use"]),
        ("Find a urologist", ["other_condition"]),
        ("Continuous glucose monitor", ["other_condition"]),
        ("Ovulation calculator", ["reproductive_health"]),
        ("Symptoms: discharge and burning when peeing", ["sexual_health"]),
        ("How far along are you? 8 weeks", ["reproductive_health"]),
        ("Oilseed rape harvest", []),
    ],
)
def test_vocabulary_from_the_development_set_and_its_kind(text: str, categories: list[str]) -> None:
    assert classify_text(text).categories == categories


@pytest.mark.parametrize(
    "text, categories",
    [
        # (issue 16, seventeenth pass: "near me" is a search for a service to be seen by, the labels
        # doc's "Care interaction"; set C's labellers, before it, read the area alone)
        ("Problem gambling support near me", ["substance_use", "care_interaction"]),
        ("Sign up to GamStop", ["substance_use"]),
        ("Worried about someone's gambling?", ["substance_use"]),
        ("gambeling advice", ["substance_use"]),  # misspelt in a search box
        # (issue 16, twentieth pass: a support service reached beside its area, the labels doc's "Reaching a care or
        # support service": "talk to an adviser"; set C's labellers, before the doc's sharpening, read the area alone)
        ("Talk to a gambling counsellor today", ["substance_use", "care_interaction"]),
        ("/help/betting-addiction", ["substance_use"]),
        ("ed meds online", ["sexual_health"]),
    ],
)
def test_gambling_harm_is_substance_use(text: str, categories: list[str]) -> None:
    """Set C's missing kind: the labels put gambling addiction under substance use."""
    assert classify_text(text).categories == categories


@pytest.mark.parametrize(
    "text",
    [
        "Gambling Commission fines operator",  # a regulator's news
        "Premier League betting odds and free spins",  # a bookmaker's own page
        "Midnight Walk 2026 - Riverside Hospice",  # a fundraising event
        "Children's ward rated Good by CQC",  # an inspection's news
        "Research grants awarded for immunotherapy trials",
        "Get involved | Cancer support",
        "Board approves budget for maternity expansion",  # the organisation's plans
        "£5m investment in new cancer centre",
    ],
)
def test_organisation_pages_of_the_same_kinds_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


@pytest.mark.parametrize(
    "text, categories",
    [
        ("Prostate biopsy: what to expect", ["cancer"]),
        ("CIN3 treatment", ["cancer"]),
        ("Colposcopy appointment letter", ["cancer", "care_interaction"]),  # cervical screening's follow-up
        ("Targeted lung health check", ["cancer"]),
        ("Scalp cooling during chemotherapy", ["cancer"]),
        ("Viral load test", ["sexual_health"]),
        ("Implant fitting", ["sexual_health"]),
        ("Pain during sex", ["sexual_health"]),
        ("PEPSE after a condom split", ["sexual_health"]),
    ],
)
def test_cancer_and_sexual_health_gaps(text: str, categories: list[str]) -> None:
    assert classify_text(text).categories == categories


@pytest.mark.parametrize("text", ["Cin Cin! Cocktail bar", "Pet insurance", "PET bottles recycling"])
def test_short_words_of_those_terms_alone(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


@pytest.mark.parametrize(
    "text, categories",
    [("Sports betting helpline", ["substance_use"]), ("Text SHOUT to 85258", ["mental_health"]),
     ("I want to die", ["mental_health"]), ("MS nurse", ["other_condition"]),
     ("Echocardiogram", ["other_condition"]), ("Ear wax removal", ["other_condition"]),
     ("Phlebotomy booking", ["care_interaction"])],
)
def test_helplines_and_plain_words(text: str, categories: list[str]) -> None:
    assert classify_text(text).categories == categories


@pytest.mark.parametrize(
    "text, categories",
    [
        ("cant stop crying", ["mental_health"]),
        ("cutting myself", ["mental_health"]),
        ("weed withdrawal", ["substance_use"]),
        ("period late 2 weeks", ["reproductive_health"]),
        ("pain when weeing", ["sexual_health"]),
        ("blood when i poo", ["other_condition"]),
        ("lost weight without trying", ["other_condition"]),
        ('{"event":"video_play","title":"Your first therapy session"}', ["mental_health"]),
        ("Detransition support", ["gender_identity"]),
    ],
)
def test_lay_searches(text: str, categories: list[str]) -> None:
    """What a worried person types into a site's search box, in their own words."""
    assert classify_text(text).categories == categories


@pytest.mark.parametrize(
    "text",
    ["Tingling excitement as the final approaches", "The comedown after Christmas", "Cough up the cash",
     "Schedule imaging for your dog at the vet", "Kernel panic recovery"],
)
def test_the_same_words_in_other_senses(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)
