"""Behaviour of `classify_text` beyond the scores: interface, input forms, evidence, bad input."""

from __future__ import annotations

import os

import msgspec
import pytest

from pixelhound.classify import CATEGORIES, classify_text
from pixelhound.model import Sensitivity


def test_categories_in_issue_order() -> None:
    assert CATEGORIES == (
        "sexual_health", "mental_health", "gender_identity", "reproductive_health",
        "cancer", "substance_use", "other_condition", "care_interaction",
    )


def test_verdict_shape_and_evidence() -> None:
    verdict = classify_text("https://www.example-trust.nhs.uk/services/sexual-health/hiv-prep?q=chlamydia+test")
    assert isinstance(verdict, Sensitivity)
    assert verdict.sensitive and verdict.categories == ["sexual_health"]
    terms = {e.term for e in verdict.evidence}
    assert {"sexual health", "hiv", "prep", "chlamydia"} <= terms
    for evidence in verdict.evidence:
        assert evidence.category in verdict.categories
        assert evidence.field == ""
        assert 0 < len(evidence.text) <= 200
        assert "example-trust" not in evidence.term


def test_fresh_objects_despite_cache() -> None:
    """The pipeline fills Evidence.field; that must not leak into later verdicts of the same text."""
    first = classify_text("Order a repeat prescription")
    first.evidence[0].field = "button_text"
    second = classify_text("Order a repeat prescription")
    assert second.evidence[0].field == ""


@pytest.mark.parametrize(
    "text, category",
    [
        ("/services/sexual%20health/hiv%20testing", "sexual_health"),
        ("%252Fservices%252Fsexual-health%252F", "sexual_health"),  # double-encoded
        ("genderIdentityClinic", "gender_identity"),
        ("HIVTestingService", "sexual_health"),
        ("PrEP", "sexual_health"),
        ("Paediatric haematology-oncology", "cancer"),
        ("Leukaemia", "cancer"),
        ("labour ward", "reproductive_health"),
        ("Gynaecology", "reproductive_health"),
        ("Labor &amp; Delivery", "reproductive_health"),
        ("CAMHS", "mental_health"),
        ("IAPT", "mental_health"),
        ("GUM clinic", "sexual_health"),
        ("EPU", "reproductive_health"),
        ("PEP", "sexual_health"),
        ("DSD", "gender_identity"),
        ("sertraline 50mg", "mental_health"),
        ("Descovy", "sexual_health"),
        ("Nexplanon", "sexual_health"),
        ("Tamoxifen", "cancer"),
        ("buprenorphine", "substance_use"),
        ("estradiol gel", "reproductive_health"),
        ('{"search_term":"parkinson\'s nurse"}', "other_condition"),
        ("form[current_medication]", "other_condition"),
        ("Parkinson’s", "other_condition"),
    ],
)
def test_input_forms(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert category in verdict.categories, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.nevadahealthlink.com/",
        "https://www.healthcare.gov/",
        "https://www.riverside-general.nhs.uk/",  # a general hospital's name is not evidence
        "nhs_number", "date_of_birth", "postcode", "PageView", "ViewContent",
        "v=2.9.164", "sw=1920&sh=1080", "ts=1716220000000", "fb.1.1716220000000.1234567890",
        "G-ABC123XYZ", '{"screen_resolution":"1920x1080"}', "Search", "Home", "Contact us",
        "No smoking anywhere on the hospital site", "Alcohol hand gel stations",
        "Cost of living crisis: support for colleagues", "Sexual harassment policy",
        "Apply now: Sexual Health Nurse Band 6", "Run the marathon for our cancer appeal",
        "Maternity leave policy",
    ],
)
def test_negatives(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, verdict
    assert verdict.categories == [] and verdict.evidence == []


def test_cue_reaches_only_its_neighbourhood() -> None:
    """A jobs link far away in a long blob does not cancel a real disclosure."""
    blob = '{"page":"/services/sexual-health/hiv-prep",' + '"x":"1",' * 40 + '"footer_link":"jobs"}'
    assert classify_text(blob).categories == ["sexual_health"]


@pytest.mark.parametrize(
    "text",
    [
        "", " ", "\x00" * 100, "\udcff\ud800", "\ufffd" * 50, "%", "%%%zz%E2%82", "%ff%fe%00",
        "a" * 1_000_000, "hiv " * 300_000, os.urandom(4096).decode("latin-1"),
        os.urandom(4096).decode("utf-8", errors="replace"), "😀" * 1000, "\u202e\u200b hiv",
    ],
)
def test_bad_input_never_crashes(text: str) -> None:
    verdict = classify_text(text)
    assert isinstance(verdict, Sensitivity)
    msgspec.json.encode(verdict)  # always serialisable, even from lone surrogates
    for evidence in verdict.evidence:
        assert len(evidence.text) <= 200


def test_non_str_input() -> None:
    assert classify_text(b"\xff\xfe chlamydia").categories == ["sexual_health"]  # type: ignore[arg-type]
    assert not classify_text(None).sensitive  # type: ignore[arg-type]


def test_binary_garbage_is_negative() -> None:
    assert not classify_text(os.urandom(1 << 20).decode("latin-1")).sensitive


def test_megabyte_string_gets_a_verdict() -> None:
    """How fast is for bench/bench_classify.py; here, a 1 MB input is judged, not choked on."""
    text = ("/services/mental-health " + "x" * 200 + " ") * 4500
    assert classify_text(text).categories == ["mental_health"]
