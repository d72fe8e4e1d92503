"""Issues 16 and 18, ninth pass (sets M and N, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import copy

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.provider_care import form_answer
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.model import Sensitivity

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
