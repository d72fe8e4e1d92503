"""A site named for a specialist service: its home page and results page are that service's
(the label definitions: a sexual-health clinic, a crisis line, a hospice, a gambling-help service),
while a general hospital's name, a regulator's, and a specialist site's general pages are not."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text


@pytest.mark.parametrize(
    "text, categories",
    [
        ("https://www.northshiresexualhealth.nhs.uk/", ["sexual_health"]),
        ("https://www.northshire-sexual-health.nhs.uk/", ["sexual_health"]),
        ("https://www.pinebehavioral.com/?utm_source=google", ["mental_health"]),
        ("https://www.oakhospice.org.uk/", ["cancer"]),
        ("https://www.stopgamblingnow.org.uk/", ["substance_use"]),
        # the results page of a specialist service: its result, and contact with care
        ("https://www.northshiresexualhealth.nhs.uk/results?ref=AB12345", ["sexual_health", "care_interaction"]),
        # a tracker's request carrying that home page
        ("https://www.facebook.com/tr/?id=1&ev=PageView&dl=https%3A%2F%2Fwww.northshiresexualhealth.nhs.uk%2F",
         ["sexual_health"]),
    ],
)
def test_specialist_site_names(text: str, categories: list[str]) -> None:
    verdict = classify_text(text)
    assert verdict.categories == categories, verdict
    assert any("site name" in e.term for e in verdict.evidence), verdict.evidence


def test_a_page_that_names_its_own_area_says_what_it_is_about() -> None:
    verdict = classify_text("https://www.valleyfamilyplanning.org/pregnancy-test")
    assert verdict.categories == ["reproductive_health"], verdict
    assert not any("site name" in e.term for e in verdict.evidence), verdict.evidence


@pytest.mark.parametrize(
    "text",
    [
        "https://www.riverside-general.nhs.uk/",
        "https://www.gamblingcommission.gov.uk/",  # a regulator
        "https://www.daily-cancer-horoscope.com/",  # a star sign
        "https://www.northshiresexualhealth.nhs.uk/accessibility",
        "https://www.oakhospice.org.uk/shops/furniture",
        "https://www.oakhospice.org.uk/donate",
        "https://careers.northshiresexualhealth.nhs.uk/",
        "https://web.archive.org/web/2020/https://www.example.com/",  # "hiv" inside "archive"
    ],
)
def test_not_a_specialist_service_page(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)
