"""Issues 16 and 18's eighth pass, from sets K and L's misses by kind: each kind checked on texts,
fields and sites of the same shape written here (not the sets' own), and on the negatives a careless
fix would flag (jobs, volunteering, fundraising, news, parking, campaigns, flags, shops)."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.site_context import SPECIALIST, SelfDescription, infer_context
from pixelhound.classify.site_names import host_categories
from pixelhound.decode.enrich import classify_fields
from pixelhound.model import Field


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a council's adult social care and an NHS body's patient services, by their own names
        # (fourteenth pass: a social care service for a disability, described, is the condition, as the labels
        # doc's "Services of a general provider" says; asked for, care too)
        ("Meals on wheels - Harlow Vale District Council", "other_condition"),
        ("Apply for a personal alarm", "care_interaction"),
        ("https://www.eastmoor.gov.uk/adult-care/paying-for-care/residential-care-fees", "care_interaction"),
        ("carers assessment form", "other_condition"),
        ("Name of previous GP", "care_interaction"),
        ("Speak to the duty doctor", "care_interaction"),
        ("Your after visit summary", "care_interaction"),
        ("Renew your Blue Badge online", "other_condition"),
        # departments and everyday conditions the lexicon did not know
        ("Bladder and bowel service referral form", "other_condition"),
        ("https://www.kestrelhealth.nhs.uk/renal/home-haemodialysis", "other_condition"),
        ("head lice treatment for kids", "other_condition"),
        ("grommets aftercare", "other_condition"),
        ("hep b vaccine course", "other_condition"),
        ("Pediatric urgent care in Millbrook", "other_condition"),
        ("third trimester scans", "reproductive_health"),
        ("Apply for WIC benefits", "reproductive_health"),
        ("Women and Infants Hospital - Labour and delivery", "reproductive_health"),
        ("people with variations of sex characteristics", "gender_identity"),
        ("I drink 20 units a week", "substance_use"),
        ("What is a good AMH level at 35?", "reproductive_health"),
        ("Caring for your chemo port at home", "cancer"),
        ("Hearing aid aftercare appointments", "care_interaction"),
        # a host named for detox or sobriety in one run of letters
        ("https://www.brightdaydetox.co.uk/", "substance_use"),
        ("https://www.soberpath.org/", "substance_use"),
    ],
)
def test_eighth_pass_finds(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert verdict.sensitive and category in verdict.categories, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "Meals on wheels volunteer drivers needed",
        "Residential care home manager vacancy",
        "Blue badge parking at the main entrance",
        "Council wins award for its meals on wheels service",
        "Sponsor our head lice awareness fun run",
        "https://www.shop.example.com/kitchen/pizza-slice-cutter",
        "https://www.detoxjuicebar.com/jobs",
        "District nursing team news: new lead nurse appointed",
        "https://www.shop.example.com/pc-parts/usb-port-flush-mount",
        "Portsmouth port news and ferry times",
        "Tattoo aftercare balm",
        "Book your car's annual checkup",
    ],
)
def test_eighth_pass_negatives(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


@pytest.mark.parametrize(
    ("source", "value", "category"),
    [
        ("ep.bmi_range", "30-34.9", "other_condition"),
        ("tags.stage", "first_trimester", "reproductive_health"),
        ("ep.answer", "Between 15 and 35 units per week", "substance_use"),
    ],
)
def test_field_values_about_the_visitor(source: str, value: str, category: str) -> None:
    verdict = classify_fields([Field("custom_data", value, source)])
    assert verdict.sensitive and category in verdict.categories, (source, value, verdict)


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("utm_campaign", "breast_cancer_awareness_oct"),
        ("cd[campaign_name]", "stop_smoking_january"),
        ("ep.campaignId", "hiv_testing_week_2026"),
    ],
)
def test_a_campaign_name_is_not_the_visitors_health(source: str, value: str) -> None:
    assert not classify_fields([Field("custom_data", value, source)]).sensitive, (source, value)


@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Harbour Women and Infants Hospital | Maternity and newborn care", "reproductive_health"),
        ("Spectrum Intersex Network | Peer support for intersex people and families", "gender_identity"),
        ("Centre de procréation médicalement assistée du Val", "reproductive_health"),
    ],
)
def test_specialist_sites_of_new_shapes(title: str, category: str) -> None:
    context = infer_context([SelfDescription("title", title)])
    assert context.kind == SPECIALIST and category in context.categories, (title, context)


@pytest.mark.parametrize(
    ("host", "category"),
    [
        ("www.hivfreeuk.org", "sexual_health"),
        ("www.getprepnow.org.uk", "sexual_health"),
        ("gicwaitinglist.example.org", "gender_identity"),
        ("www.lovegambling.org", "substance_use"),
    ],
)
def test_hosts_of_words_run_together_name_their_service(host: str, category: str) -> None:
    assert host_categories(host) == [category], host


@pytest.mark.parametrize(
    "host", ["www.mealprepnow.com", "www.prepscholar.com", "www.mentalfloss.com", "www.magicshop.co.uk",
             "www.transfermarkt.co.uk", "gic.example.com", "www.bestbuy.com"],
)
def test_hosts_of_other_words_name_nothing(host: str) -> None:
    assert host_categories(host) == [], host
