"""Issues 16 and 18, fifteenth pass (sets Y and Z, development sets): each fix by kind, with cases
of our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify.site_context import describe_url, infer_context


@pytest.mark.parametrize(("url", "category"), [
    # a host's own words, run together or hyphenated, ending as a service's name does
    ("https://www.ashgroverecovery-rehab.co.uk/", "substance_use"),
    ("https://www.queertranscarepartners.org/", "gender_identity"),
    ("https://www.gidsteens-service.nhs.uk/", "gender_identity"),
    ("https://www.hillsidealcohol-support.com/", "substance_use"),
])
def test_a_host_named_for_a_service_in_plain_words_is_that_service(url: str, category: str) -> None:
    context = infer_context(describe_url(url))
    assert context.specialist and category in context.categories, (url, context)


@pytest.mark.parametrize("url", [
    "https://www.diabetesrecipes.com/",  # a recipe site: no specialist area
    "https://www.vapeshop.co.uk/",  # a shop
    "https://www.kentrehabfitness.com/",  # a gym
    "https://www.sportsinjuryrehab.co.uk/",  # physiotherapy: a body's condition beside "rehab"
    "https://www.trans-rights-network.org/",  # a campaign's network
    "https://www.babycentre.co.uk/",  # a parenting site
    "https://www.mealprepnow.com/",
    "https://www.transportforlondon.gov.uk/",
])
def test_a_host_whose_words_name_no_service_is_not_specialist(url: str) -> None:
    context = infer_context(describe_url(url))
    assert not context.specialist, (url, context)
