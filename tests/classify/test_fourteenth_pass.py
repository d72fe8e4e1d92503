"""Issues 16 and 18, fourteenth pass (sets W and X, development sets): each fix by kind, with cases
of our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from tests.classify.test_ninth_pass import CLINIC, NEWSPAPER, _field, _on_site  # verdicts on a site, of a field
from tests.classify.test_twelfth_pass import _site  # a site's context from what it says of itself

CRISIS_LINE = (("title", "Harbour Lifeline – 24/7 crisis line for anyone thinking about suicide"),)
HOSPICE = (("title", "St Aldwyn's Hospice – care for people with life-limiting illness"),)


@pytest.mark.parametrize(("text", "categories"), [
    # the visitor starting, getting or asking for their own care
    ("Start my HIV test order", {"sexual_health", "care_interaction"}),
    ("cd[buttonText]=Start your PrEP consultation", {"sexual_health", "care_interaction"}),
    ("Get my free naloxone kit", {"substance_use", "care_interaction"}),
    # a call or a chat begun, as an event or a URL names it
    ("en=crisis_line_call_click", {"mental_health", "care_interaction"}),
    ("/chat/start?topic=eating-disorders", {"mental_health", "care_interaction"}),
    ("Chat with a crisis counselor", {"mental_health", "care_interaction"}),
    # care the visitor had, described by them; the e-referral service by its old name
    ("Complaint: treatment I received in the eye clinic", {"care_interaction"}),
    ("choose and book", {"care_interaction"}),
    # a department by its code, a chemotherapy unit (its parking is its patients'), an x-ray service
    ("/mychart/appointments?dept=HEM-ONC", {"cancer", "care_interaction"}),
    ("Parking for the chemotherapy day unit", {"cancer"}),
    ("/our-services/x-ray-and-imaging", {"other_condition"}),
    # adult social care for a disability or frailty: described, the condition; asked for, care too
    ("community meals on wheels service", {"other_condition"}),
    ("Request a pendant alarm", {"other_condition", "care_interaction"}),
    ("/adult-care/carers-assessment", {"other_condition"}),
    # vaginal thrush is a gynaecological condition (the labels doc), a thrush treatment's pack too
    ("thrush in pregnancy", {"reproductive_health"}),
    ("/shop/canesten-thrush-cream-2pct", {"reproductive_health"}),
    # a host named for trans health is a gender identity service's
    ("https://www.northstartranshealth.org/hormones", {"gender_identity"}),
])
def test_the_visitors_own_acts_and_named_services_are_read(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) >= categories, (text, classify_text(text))


@pytest.mark.parametrize("text", [
    # a site's encouragement, a shop's or a bank's acts, news, jobs
    "Call the sales line now",
    "Get my free ebook",
    "Start your free trial",
    "Chat with a debt adviser",
    "Start here: how to use this site",
    "broker portal login",
    "/new-patients/insurance-we-accept",
    "tb test for work",
    "pre-employment medical for new staff",
    "Have your say on the stroke services review",
    "xray hours",
    "Visiting times - maternity ward",  # a family's logistics (the labels doc)
    "Chemotherapy unit wins national nursing award",
    "Jobs: nurse for the chemotherapy day unit",
    "call_click",
    "live_chat_start",
])
def test_lookalikes_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, (text, classify_text(text))


@pytest.mark.parametrize(("site", "text"), [
    (CRISIS_LINE, "Annual Impact Report 2026 | Harbour Lifeline"),  # the site's own name in a title is the site
    (HOSPICE, "Gifts in wills | St Aldwyn's Hospice"),
    *((site, text) for site in (CRISIS_LINE, HOSPICE) for text in (
        "Meet our leadership team",
        "Annual Members' Meeting 2026",
        "Membership - become a member of our charity",
        "christmas fair",
        "/schools-programme",
        "/blog/lifeline-celebrates-20-years",
        "/research/labs/suicide-prevention-lab/publications",
    )),
])
def test_the_organisations_own_pages_on_a_specialist_site_carry_no_category(site, text: str) -> None:
    assert not _on_site(site, "dt", text).sensitive, (text, _on_site(site, "dt", text))


@pytest.mark.parametrize("text", [
    "Contact us | Harbour Lifeline",  # a client's pages keep the visit
    "Our counselling team",
    "Research and publications | Harbour Lifeline",  # written for its clients too; a lab's are not
])
def test_a_clients_pages_on_a_specialist_site_keep_its_category(text: str) -> None:
    assert "mental_health" in _on_site(CRISIS_LINE, "dt", text).categories, text


@pytest.mark.parametrize("text", [
    "Start a webchat",
    "Talk to an adviser about my medication",
    "Date of last period: 01/10/2026",
    "Your clinic: Harbour North",
    "/book/confirm?centre=north&time=0930",
    "/visit/waiting-room?session=ab12",
    "I am contacting about: my son",
])
def test_contact_and_intake_answers_are_care_on_a_providers_site_only(text: str) -> None:
    assert "care_interaction" in _on_site(CRISIS_LINE, "dt", text).categories, text
    assert "care_interaction" not in _on_site(NEWSPAPER, "dt", text).categories, text


@pytest.mark.parametrize("text", [
    "Treatment requested: knee replacement",
    "Symptoms started: last week",  # a label that asks about health: its answer is the visitor's
    "Book treatment",
])
def test_an_intake_answer_or_a_booking_on_a_practice_site_is_care(text: str) -> None:
    assert "care_interaction" in _on_site(CLINIC, "dl" if text.startswith("/") else "dt", text).categories


def test_a_label_that_asks_nothing_of_health_is_no_care_on_a_newspaper() -> None:
    assert not _on_site(NEWSPAPER, "dt", "Symptoms started: last week").categories.count("care_interaction")


@pytest.mark.parametrize("pairs", [
    # a shop for babies, a maker of hospital equipment, a publisher of health information
    (("title", "Little Sprout | Baby clothes, blankets and toys"),),
    (("title", "Veltrane AG - Infusion pumps and patient monitoring"),),
    (("title", "MedAtlas - trusted information on conditions and treatments"),),
])
def test_shops_makers_and_health_publishers_are_no_service(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize(("pairs", "categories"), [
    # a centre named by the treatment it gives, a rehabilitation service for a stroke
    ((("url", "https://www.harbourinfusion.com/"), ("heading", "Chemotherapy infusions near you")), {"cancer"}),
    ((("title", "Brightwater Stroke Recovery and Neuro Rehab"),), {"other_condition"}),
    # a service that also mentions clothing is no shop
    ((("title", "Harbour Gender Clinic | Hormones, peer groups and a clothing bank"),), {"gender_identity"}),
    # a clinic's own description listing its other areas
    ((("title", "Eastgate Family Planning Clinic"),
      ("description", "Abortion care, contraception and gender-affirming hormone therapy.")),
     {"sexual_health", "reproductive_health", "gender_identity"}),
])
def test_a_centre_by_its_treatment_and_a_clinics_listed_areas(pairs, categories: set[str]) -> None:
    context = _site(*pairs)
    assert context.specialist and set(context.categories) == categories, (context.categories, context.reason)


def test_a_general_providers_description_adds_no_area_to_a_specialist_name() -> None:
    # many areas listed: a provider's departments, not one service's
    context = _site(("title", "Eastgate Sexual Health Clinic"),
                    ("description", "Maternity, cancer care, mental health, stroke and sexual health services."))
    assert context.categories == ["sexual_health"], (context.categories, context.reason)


@pytest.mark.parametrize(("source", "value"), [
    ("cls", "card card--maternity card--featured js-lazy"),
    ("c", "tile tile__sexual-health is-active"),
])
def test_a_css_class_list_by_its_shape_is_not_read(source: str, value: str) -> None:
    assert not _field(source, value, "generic").sensitive, value


def test_words_with_hyphens_are_still_read() -> None:
    assert "mental_health" in _field("label", "self-harm support", "generic").categories


def test_an_optician_that_also_sells_glasses_is_a_provider() -> None:
    optician = (("title", "Brookfield Opticians | Eye tests, glasses and contact lenses"),)
    assert "care_interaction" in _on_site(optician, "dt", "Do you have glaucoma? Yes").categories
    shop = (("title", "Frameworks | Designer glasses and sunglasses"),)
    assert "care_interaction" not in _on_site(shop, "dt", "Do you have glaucoma? Yes").categories
