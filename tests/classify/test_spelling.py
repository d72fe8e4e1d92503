"""Misspelt health words in short plain texts (site searches), and the words that must never pass
for one: English words, names, identifiers, machine-made text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text


@pytest.mark.parametrize(
    "text, category, meant",
    [
        ("chlamidya", "sexual_health", "chlamidia"),
        ("sertaline side effects", "mental_health", "sertraline"),
        ("finastride", "other_condition", "finasteride"),
        ("misscarriage bleeding", "reproductive_health", "miscarriage"),
    ],
)
def test_misspelt_health_word(text: str, category: str, meant: str) -> None:
    verdict = classify_text(text)
    assert verdict.categories == [category], verdict
    assert any(f"(spelling of {meant}" in e.term for e in verdict.evidence), verdict.evidence


@pytest.mark.parametrize(
    "text",
    [
        "ontology",  # an English word one edit from "oncology"
        "meditation classes", "Lyrical poetry", "hospitals near me", "Harrowfield", "Brackenmoor",
        "user_engagement", '{"q":"chlamidya"}',  # machine-made text is never corrected
        "/wp-content/uploads/2020/08/Marylan_Logo.png",  # nor a URL or path: the site's own words
    ],
)
def test_not_a_misspelling(text: str) -> None:
    verdict = classify_text(text)
    assert not any("spelling of" in e.term for e in verdict.evidence), verdict
