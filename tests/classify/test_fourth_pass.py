"""Issue 16's fourth pass, from set D's misses by kind: each kind checked on texts of the same shape
written here (not set D's own), and on the negatives a careless fix would flag."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.lexicon import build


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # crisis wording typed or asked: the worst misses
        ("i feel like ending my life", "mental_health"),
        ("Have you had thoughts of taking your own life?", "mental_health"),
        ("thoughts of killing yourself", "mental_health"),
        ("I wish I was dead", "mental_health"),
        ("i want to end it all", "mental_health"),
        ("how to stop harming myself", "mental_health"),
        ("/support/grief-and-loss", "mental_health"),
        # care wording without a health term
        ("flu shot near me", "care_interaction"),
        ("pharmacy near me", "care_interaction"),
        ("Book your covid booster", "care_interaction"),
        ("Register with our practice", "care_interaction"),
        ("Start your online consultation", "care_interaction"),
        ("/mychart/portal-signup", "care_interaction"),
        ("Apply for financial assistance", "care_interaction"),
        ("Rate your care after your hospital stay", "care_interaction"),
        ("dentist accepting nhs patients", "care_interaction"),
        # maternity and reproduction
        ("Book a pill check", "sexual_health"),
        ("Antenatal and childbirth classes", "reproductive_health"),
        ("First day of your last period", "reproductive_health"),
        ("utm_campaign=pcos_consult_spring", "reproductive_health"),
        ("Visiting the NICU: information for parents", "reproductive_health"),
        # over-the-counter and weight-loss medicines, residential addiction care
        ("NyQuil Cold & Flu 12 caps", "other_condition"),
        ("Lemsip Max capsules", "other_condition"),
        ("glp-1 injections", "other_condition"),
        ("weight loss jabs", "other_condition"),
        ("Alcohol detox programme", "substance_use"),
        ("Lowbridge Drug and Alcohol Recovery Service", "substance_use"),
    ],
)
def test_set_d_kinds_generalise(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert category in verdict.categories, verdict


@pytest.mark.parametrize(
    "text",
    [
        "killing time before the match",
        "Sex assigned at birth: Female",
        "/assets/css/theme-cancer-pink.css",
        "/static/js/hiv-widget.min.js",
        "/fonts/oncology-sans.woff2",
        "/research/labs/diabetes-research-group/members",
        "/shop/baby-and-toddler/baby-wipes",
        "Board of trustees | Riverside Mental Health Charity",
        "About us | Careline Telemedicine",
        "Staff flu jab clinic dates",
        "Jobs: nurse for flu vaccination clinic",
        "Donate to our neonatal unit appeal",
        "Neonatal nurse vacancy",
        "Financial assistance policy (PDF)",
        "/news/grief-counselling-award",
        "charity shop near me",
        "disaster recovery service",
        "childbirth in the 18th century: a history lecture",
        "Visiting times - maternity ward",
    ],
)
def test_negatives_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


def test_near_counts_only_as_the_visitors_search() -> None:
    """'X near me' is a visitor looking for care; a site's 'X near you' is its own copy."""
    assert classify_text("dentist near me").categories == ["care_interaction"]
    assert not classify_text("dentists near you").sensitive
    assert classify_text("Suboxone doctors near you").categories == ["substance_use"]


def test_an_asset_query_still_counts() -> None:
    """Only an asset's path is dropped: a tracker's script URL carries the page in its query."""
    text = "https://connect.example/signals/config/1.js?v=2&dl=https%3A%2F%2Fwww.trust.nhs.uk%2Fhiv%2F"
    assert classify_text(text).categories == ["sexual_health"]


def test_cue_exceptions_must_name_health_terms() -> None:
    data = {"cues": {"visitor": {"terms": ["visiting times"]}}, "topic": {"other_condition": {"terms": ["x ray"]}}}
    assert build({**data, "cue_exceptions": {"visitor": ["x ray"]}}).cue_exceptions == {"x ray": {"visitor"}}
    with pytest.raises(ValueError, match="no health term"):
        build({**data, "cue_exceptions": {"visitor": ["parking"]}})
    with pytest.raises(ValueError, match="unknown cue context"):
        build({**data, "cue_exceptions": {"staff": ["x ray"]}})


def test_a_hostile_long_path_is_read_in_linear_time() -> None:
    """A page can send a path of a hundred thousand segments next to an asset name: read at once."""
    text = "/theme.css " + "cancer/" * 30_000
    assert classify_text(text).categories == ["cancer"]
