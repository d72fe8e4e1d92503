"""The classifier's interface. A first, simple keyword implementation: the real classifier
(issue 3) replaces what is behind `classify_text` without changing its signature."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote_plus

from pixelhound.model import Evidence, Sensitivity
from pixelhound.settings import CLASSIFY_CACHE_SIZE

CATEGORIES = (
    "sexual_health",
    "mental_health",
    "gender_identity",
    "reproductive_health",
    "cancer",
    "substance_use",
    "other_condition",
    "care_interaction",
)

_TERMS: dict[str, tuple[str, ...]] = {
    "sexual_health": ("hiv", "prep", "sexual health", "chlamydia", "gonorrhoea", "gonorrhea", "syphilis",
                      "sti", "contraception", "gum clinic"),
    "mental_health": ("mental health", "self harm", "self-harm", "suicide", "suicidal", "depression",
                      "anxiety", "eating disorder", "anorexia", "bulimia", "camhs", "crisis"),
    "gender_identity": ("gender identity", "gender dysphoria", "transgender", "gender clinic"),
    "reproductive_health": ("pregnancy", "pregnant", "maternity", "abortion", "fertility", "ivf",
                            "miscarriage", "menopause"),
    "cancer": ("cancer", "oncology", "chemotherapy", "tumour", "tumor", "leukaemia", "leukemia"),
    "substance_use": ("alcohol", "drug use", "addiction", "smoking cessation", "stop smoking"),
    "other_condition": ("diabetes", "dementia", "epilepsy", "asthma", "autism", "adhd", "stroke"),
    "care_interaction": ("book an appointment", "repeat prescription", "referral", "test results",
                         "medical records", "patient portal"),
}

_SEPARATORS = re.compile(r"[-_/+.?=&#%:;,|()\[\]{}\"']+|(?<=[a-z])(?=[A-Z])")
_PATTERNS = [
    (category, term, re.compile(r"\b" + re.escape(term) + r"\b"))
    for category, terms in _TERMS.items()
    for term in terms
]


def _normalise(text: str) -> str:
    try:
        text = unquote_plus(text)
    except (UnicodeDecodeError, ValueError):
        pass
    return " ".join(_SEPARATORS.sub(" ", text).lower().split())


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def classify_text(text: str) -> Sensitivity:
    """The verdict on one text: which health categories it reveals, and the words that decided."""
    normalised = _normalise(text)
    evidence = [
        Evidence(category=category, term=term, text=text[:200])
        for category, term, pattern in _PATTERNS
        if pattern.search(normalised)
    ]
    categories = sorted({e.category for e in evidence}, key=CATEGORIES.index)
    return Sensitivity(sensitive=bool(evidence), categories=categories, evidence=evidence)
