"""Small pieces of English every sentence-maker shares, so that rules and reports count alike."""

from __future__ import annotations


def plural(count: int, word: str, plural_form: str = "") -> str:
    """'1 page', '3 pages'; `plural_form` for irregular words ('2 companies')."""
    return f"{count} {word if count == 1 else (plural_form or word + 's')}"


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# The reader's name of each health category, in the order reports list them.
CATEGORY_LABELS = {
    "sexual_health": "sexual health",
    "mental_health": "mental health",
    "gender_identity": "gender identity",
    "reproductive_health": "reproductive health",
    "cancer": "cancer",
    "substance_use": "substance use",
    "other_condition": "other health condition",
    "care_interaction": "contact with care services",
}


def category_label(category: str) -> str:
    return CATEGORY_LABELS.get(category, category.replace("_", " "))
