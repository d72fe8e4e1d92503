"""Context found by scoring the development set (tests/classify/independent_set.jsonl): pages of
sites that are not about health, material for professionals, news, and phrases whose longer
reading decides what the words inside them mean."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text


@pytest.mark.parametrize(
    "text",
    [
        "https://www.example-rowing.co.uk/coaching/improving-your-stroke-rate",
        "Fixing your putting stroke | Example Golf",
        "Cancer weekly horoscope",
        "https://www.example-bank.co.uk/business/cash-flow-crisis-support",
        "NHS waiting lists rise again, figures show",
        "https://www.example.nhs.uk/training/suicide-prevention-training-for-gp-receptionists",
        "Opioid prescribing safety (CME)",
        "Run for the hospice 2025",
        "injury report",
        "Contract termination notice period",
        "https://www.example.org/pediatrics/well-child/vaccines/hpv-vaccine",
        "Great Depression museum", "Tropical depression forecast", "Stroke of genius marketing",
        "Trans-Atlantic flights", "Schedule a demo",
    ],
)
def test_not_the_visitors_health(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, (text, verdict)


@pytest.mark.parametrize(
    "text, categories",
    [
        # the longer phrase says what the words inside it mean
        ("Hearing Aids & Audiology", ["other_condition"]),
        ("Premenstrual syndrome", ["reproductive_health"]),
        ("Bladder training after prostate surgery", ["other_condition"]),
        ("Insulin pump training", ["other_condition"]),  # training a patient is given
        # 'other condition' is the catch-all: a named area next to it is the finding
        ("Thyroid cancer", ["cancer"]),
        ("Neonatal intensive care unit", ["reproductive_health"]),
        # unless one phrase means both, or a medicine of its own is named
        ("Current medications: sertraline 50 mg, lisinopril 10 mg", ["mental_health", "other_condition"]),
        ("Gestational diabetes", ["reproductive_health", "other_condition"]),
        ("Adult ADHD assessment", ["mental_health", "other_condition"]),
        # the HPV vaccine outside a routine childhood schedule is sexual health
        ("hpv vaccine for adults", ["sexual_health"]),
        ("Termination of pregnancy", ["reproductive_health"]),
    ],
)
def test_longer_reading_decides(text: str, categories: list[str]) -> None:
    assert classify_text(text).categories == categories
