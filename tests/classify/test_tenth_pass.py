"""Issues 16 and 18, tenth pass (sets O and P, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import copy

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.site_context import SelfDescription, apply_context, infer_context
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.registry import technical_parameters
from pixelhound.model import BUTTON_TEXT, CUSTOM_DATA, REFERRER, Field, Sensitivity

FERTILITY = (("title", "Larkfield Fertility Clinic | IVF and egg freezing in Leeds"),)
RECOVERY = (("title", "Stillwater Recovery | Drug and alcohol rehab in Colorado"),)


def _site(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize("name", [
    "Northmere Valley Hospitals NHS Foundation Trust",  # "Northmere": no misspelt "Northera"
    "Prozack Bay Hospitals NHS Trust",
])
def test_a_general_providers_own_name_is_not_read_as_a_misspelling(name: str) -> None:
    context = _site(("title", f"Home | {name}"), ("og:site_name", name))
    assert context.kind == "general", context.reason


def test_a_misspelling_typed_by_a_visitor_is_still_read() -> None:
    assert classify_text("northmere").sensitive  # a search typed in lower case may mean the medicine
    assert _site(("title", "Centre de procréation médicalement assistée")).specialist


@pytest.mark.parametrize("text", [
    "ER Wait Times | Cedar Point Medical Center",
    "a&e wait now",
    "https://www.example-health.org/urgent-care/current-wait",
    "Walk-in centre wait time today",
])
def test_a_general_doors_waiting_time_is_visitor_logistics(text: str) -> None:
    assert not classify_text(text).sensitive


@pytest.mark.parametrize("text", [
    "Save your spot in line at urgent care",
    "Join the waiting list for physio",
    "Book an appointment at the walk-in centre",
    "fracture clinic wait times",  # a service for a condition stays one (the labels doc)
])
def test_the_visitors_own_act_through_a_door_and_a_named_service_stay(text: str) -> None:
    assert classify_text(text).sensitive


@pytest.mark.parametrize("text", [
    "https://www.example.nhs.uk/services/minor-injuries-unit-riverside",
    "Minor Injury Unit - Westbrook Community Hospital",
])
def test_a_minor_injuries_unit_by_its_place_is_a_general_door(text: str) -> None:
    assert not classify_text(text).sensitive


def test_a_minor_injuries_units_appointment_and_a_named_injury_service_stay() -> None:
    assert classify_text("book minor injuries unit appointment").categories == ["care_interaction"]
    assert classify_text("sports injury clinic").categories == ["other_condition"]


def _on_site(pairs: tuple[tuple[str, str], ...], source: str, text: str) -> Sensitivity:
    """The verdict on a text carried in `source` on the site that says `pairs` about itself."""
    verdict = copy.deepcopy(classify_text(text))  # the classifier's verdicts are cached: never change one
    apply_context(verdict, infer_context([SelfDescription(p, t) for p, t in pairs]), [(source, text)])
    return verdict


@pytest.mark.parametrize(("site", "source", "text"), [
    (RECOVERY, "dt", "Charity Golf Day 2027: our sponsors | Stillwater Recovery"),
    (RECOVERY, "dl", "/events/walk/2027/teams/blue-skies"),
    (RECOVERY, "dt", "Stillwater Recovery appoints new Chief Medical Officer"),
    (RECOVERY, "dl", "/blog/stillwater-sponsors-denver-10k-for-recovery-month"),
    (FERTILITY, "dl", "/about/policy-briefing-egg-freezing-time-limit.pdf"),
    (FERTILITY, "dl", "/donors/become-a-sperm-donor"),
])
def test_an_organisations_other_roles_on_a_specialist_site_carry_no_site_strength(site, source, text) -> None:
    assert not _on_site(site, source, text).sensitive


@pytest.mark.parametrize(("site", "source", "text"), [
    (RECOVERY, "dl", "/locations/denver/walk-in-clinic"),
    (RECOVERY, "dt", "Alumni support groups | Stillwater Recovery"),
    (RECOVERY, "dt", "How to find a sponsor | Stillwater Recovery"),  # a twelve-step sponsor
    (RECOVERY, "dl", "/groups/wellbeing-walks"),
    (FERTILITY, "dl", "/treatments/ivf-with-donor-eggs"),
    (FERTILITY, "dt", "Your first appointment | Larkfield Fertility Clinic"),
])
def test_a_specialist_sites_client_pages_keep_it(site, source, text) -> None:
    assert _on_site(site, source, text).sensitive


@pytest.mark.parametrize(("text", "category"), [
    ("https://www.example.nhs.uk/our-services/community-nursing-team", "other_condition"),
    ("District Nurses | Fernbrook Community Health NHS Trust", "other_condition"),
    ("how to contact my health visitor", "reproductive_health"),
    ("Apply for a Blue Badge | Example Council", "other_condition"),
    ("Heart and Vascular Center | Example Health", "other_condition"),
    ("free tb testing near me", "other_condition"),
    ("blood lead testing for 1 year olds", "other_condition"),
    ("can urgent care do stitches", "other_condition"),
    # found by set R and Q (scored once), vocabulary of the same shapes
    ("I've been sexually assaulted", "sexual_health"),
    ("Apply for a personal care alarm", "care_interaction"),
    ("best knee surgeon near me", "other_condition"),
])
def test_a_general_providers_service_vocabulary_is_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories


@pytest.mark.parametrize("text", [
    "Blue Badge holders park free in car park B",
    "cross stitch patterns for beginners",
    "knitting stitches explained",
    "Community nursing jobs | apply now",  # a job seeker's page
    "Vote for your nurse of the year: our district nurses' fundraising bake sale",
    "lead testing of drinking water in schools",
    "Fire alarm testing every Tuesday at 10am",
    "Tree surgeon needed for the hospital grounds",
])
def test_their_lookalikes_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive


@pytest.mark.parametrize(("source", "value"), [
    ("ep.page_section", "SERVICES_SEXUAL_HEALTH"),
    ("ep.content_group", "conditions-a-z"),
    ("ep.site_section", "mental_health_hub"),
    ("ep.click_id", "nav-item-sexual-health-clinic"),
    ("ep.tile_id", "tile-abortion-care"),
])
def test_an_enum_or_id_naming_a_service_is_technical(source: str, value: str) -> None:
    assert not classify_fields([Field(CUSTOM_DATA, value, source)], technical_parameters("google_analytics")).sensitive


def test_a_class_list_inside_a_button_is_technical_and_its_text_is_read() -> None:
    button = Field(BUTTON_TEXT, '{"classes":"tile tile--hiv-testing","innerText":""}', "cd[buttonFeatures]")
    assert not classify_fields([button], technical_parameters("meta_pixel")).sensitive
    button = Field(BUTTON_TEXT, '{"classes":"tile","innerText":"Order a free HIV test"}', "cd[buttonFeatures]")
    assert "sexual_health" in classify_fields([button], technical_parameters("meta_pixel")).categories


@pytest.mark.parametrize(("name", "source", "value", "category"), [
    (CUSTOM_DATA, "ep.content_group", "Services > Mental health > Talking therapies", "mental_health"),
    (CUSTOM_DATA, "ep.page_section", "Abortion care", "reproductive_health"),
    (REFERRER, "context.page.referrer", "https://www.example-clinic.com/prep/how-to-start", "sexual_health"),
    (REFERRER, "referrer", "https://www.example.nhs.uk/gender-identity-clinic/referrals", "gender_identity"),
    (CUSTOM_DATA, "el", "Read our guide: newly diagnosed with MS", "other_condition"),
])
def test_human_text_and_a_referrer_in_the_same_trackers_stay_read(name: str, source: str, value: str,
                                                                  category: str) -> None:
    assert category in classify_fields([Field(name, value, source)], technical_parameters("tiktok")).categories


@pytest.mark.parametrize(("pairs", "category"), [
    ((("title", "Northgate Sperm Bank | Donor sperm, shipped to your clinic"),), "reproductive_health"),
    ((("url", "https://www.westcryobank.com/"),), "reproductive_health"),
    ((("url", "https://www.bowelscreening-north.nhs.uk/"),), "cancer"),
    ((("title", "Harbour Fertility | IVF, egg freezing and donor eggs"),), "reproductive_health"),
])
def test_a_sperm_bank_and_a_screening_programmes_host_are_specialist(pairs, category: str) -> None:
    context = _site(*pairs)
    assert context.specialist and category in context.categories, context.reason


@pytest.mark.parametrize("pairs", [
    (("title", "Bloomcup – organic tampons and reusable period pants"),),
    (("title", "FirstSign – early pregnancy tests"),
     ("description", "Accurate home pregnancy tests, available at supermarkets and pharmacies nationwide.")),
    (("title", "HealthNow – your health A-Z: symptoms, conditions A-Z and treatments"),),
    (("title", "The Family Medical Encyclopedia – symptoms and conditions explained"),),
])
def test_a_shop_a_brand_in_supermarkets_and_a_health_reference_are_no_service(pairs) -> None:
    assert not _site(*pairs).specialist


def test_a_sexual_health_clinic_naming_pregnancy_testing_stays_specialist() -> None:
    assert _site(("title", "Westway Sexual Health | Free contraception, STI and pregnancy testing")).specialist


@pytest.mark.parametrize(("title", "specialist"), [
    ("Larchwood Hospital | Eating disorder treatment for young people", True),
    ("The Priory Lane Hospital – private addiction treatment and rehabilitation", True),
    # a department it hosts, general care, no area, or many areas: a general hospital
    ("Riverside Hospital – home of the Cancer Centre", False),
    ("St Anne's Hospital – emergency, surgical and maternity care", False),
    ("Oakfield Hospital – care for the whole family", False),
    ("Kingsmead Hospital – cancer, maternity, mental health and stroke care", False),
])
def test_a_hospital_named_by_the_treatment_it_gives_in_one_area(title: str, specialist: bool) -> None:
    assert _site(("title", title)).specialist is specialist


@pytest.mark.parametrize(("text", "sensitive"), [
    ("ICU visiting times", True),  # a critically ill relative, as a neonatal unit's visiting is a newborn
    ("itu visiting hours covid", True),
    ("Ward 7 visiting hours", False),
    ("icu4c library version", False),
    ('{"lib":"icu","v":"72"}', False),
])
def test_visiting_intensive_care_is_a_relatives_care(text: str, sensitive: bool) -> None:
    assert classify_text(text).sensitive is sensitive


@pytest.mark.parametrize(("text", "sensitive"), [
    ("Apply for a severe mental impairment council tax discount", True),
    ("/council-tax/discounts/severely-mentally-impaired", True),
    ("/council-tax/discounts/single-person-discount", False),
])
def test_a_councils_discount_for_a_severe_mental_impairment(text: str, sensitive: bool) -> None:
    assert classify_text(text).sensitive is sensitive
