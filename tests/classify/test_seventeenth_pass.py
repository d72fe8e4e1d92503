"""Issues 16 and 18, seventeenth pass: the misses of sets AC and AD (development sets), class by class
of the labels doc's "Care interaction" (docs/classifier-labels.md) and of words in other senses:
cases of our own of each shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.site_context import SelfDescription, infer_context
from pixelhound.model import BUTTON_TEXT, PAGE_TITLE, PAGE_URL
from tests.classify.test_sixteenth_pass import BANK, CARE, CRISIS_LINE, GP_PRACTICE, HIV_CHARITY, HOSPITAL, _on_site

NEWSPAPER = (("title", "The Wexford Courier | News, sport and opinion"),)


# Getting a treatment covered: "cover" and "coverage" before the treatment; a bare check of coverage
# names no treatment, and an insurer's "cancer cover" is its product.
@pytest.mark.parametrize(("text", "categories"), [
    ("will my insurance cover mounjaro", {"other_condition", CARE}),
    ("does my insurance cover ivf", {"reproductive_health", CARE}),
    ("coverage for knee replacement surgery", {"other_condition", CARE}),
])
def test_a_treatments_coverage_asked_about_is_care(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) == categories


@pytest.mark.parametrize("text", ["Check your coverage", "Check My Coverage", "Critical illness cancer cover explained",
                                  "Maternity care for pregnant women | Covered Valley"])
def test_a_bare_coverage_check_and_an_insurers_cover_are_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A medicine bought: a shop's cart, basket or checkout anywhere in the text with a medicine's name.
@pytest.mark.parametrize(("text", "area"), [
    ("ev=add_to_basket&item=sertraline_50mg_28", "mental_health"),
    ("https://www.example-chemist.co.uk/checkout/complete?ref=88120&sku=microgynon-30-3-months", "sexual_health"),
    ("purchase_completed: metformin 500mg x 56", "other_condition"),
])
def test_a_medicine_bought_is_care(text: str, area: str) -> None:
    assert {area, CARE} <= set(classify_text(text).categories)


@pytest.mark.parametrize("text", [
    "https://www.example-books.com/basket?item=diabetes-cookbook",  # a condition in a shop: no medicine
    "Buy Sertraline 50mg Tablets | Example Chemist",  # a shop's page read, not a purchase
])
def test_a_shop_beside_a_condition_or_a_product_page_is_no_care(text: str) -> None:
    assert CARE not in classify_text(text).categories


# A person's search for a clinician or a service to be seen by: a clinician or "near me" beside an area,
# in what was typed; not a site's own copy, not a service's own name, not a page's title.
@pytest.mark.parametrize("text", [
    "adhd psychiatrist", "eczema doctor", "dr singh dermatology", "alcohol rehab near me", "hiv clinic nr me",
    "https://www.example-health.org/search?q=ptsd+therapist",
])
def test_a_clinician_searched_for_beside_an_area_is_care(text: str) -> None:
    verdict = classify_text(text)
    assert verdict.sensitive and CARE in verdict.categories, verdict


@pytest.mark.parametrize("text", [
    "Diabetes doctors near you", "Our eczema doctors", "Sarcoidosis clinic", "Eczema doctor | Skin Clinic",
    "https://www.example-health.org/services/ptsd-therapist/",
])
def test_a_sites_copy_a_services_name_and_a_page_are_no_search(text: str) -> None:
    assert CARE not in classify_text(text).categories


# Care words as people shorten them when typing; the same letters as another word stay nothing.
@pytest.mark.parametrize("text", ["dentist appt", "gp appt tomorrow", "repeat presc form", "physio apt"])
def test_shorthand_for_care_words_is_care(text: str) -> None:
    assert classify_text(text).categories == [CARE]


@pytest.mark.parametrize("text", ["apt 4b", "apt for rent downtown", "an apt description"])
def test_the_same_letters_in_another_sense_are_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


# Results addressed to the visitor on a care provider's site; a newspaper's are exams'.
def test_results_addressed_to_the_visitor_are_care_where_care_is_given() -> None:
    assert CARE in _on_site(GP_PRACTICE, PAGE_TITLE, "Your results are ready").categories
    assert CARE not in _on_site(NEWSPAPER, PAGE_TITLE, "Your results are ready").categories
    assert set(classify_text("frozen embryo transfer results").categories) == {"reproductive_health", CARE}


# A clinician finder said in any order of its words ("Find your counsellor"): care when it names a specialty.
@pytest.mark.parametrize("text", ["Find Your Counsellor", "Choose my therapist", "Search for a psychiatrist"])
def test_a_finder_of_a_clinician_is_care(text: str) -> None:
    assert CARE in _on_site(HOSPITAL, BUTTON_TEXT, text).categories


@pytest.mark.parametrize("text", ["Find a doctor", "Find your nearest branch"])
def test_a_bare_finder_is_no_care(text: str) -> None:
    assert CARE not in _on_site(HOSPITAL, BUTTON_TEXT, text).categories


# A specialist service reached by its page's address: a chat's or a text line's page on its own site.
@pytest.mark.parametrize(("site", "path"), [
    (CRISIS_LINE, "/webchat/?utm_source=google"),
    (HIV_CHARITY, "/get-support/text-us/"),
    (CRISIS_LINE, "/help/live-chat"),
])
def test_a_specialist_reached_by_its_pages_address_is_care(site, path: str) -> None:
    verdict = _on_site(site, PAGE_URL, path)
    assert verdict.sensitive and CARE in verdict.categories, verdict


@pytest.mark.parametrize(("site", "path"), [
    (CRISIS_LINE, "/contact-us/"),  # a bare door
    (HOSPITAL, "/webchat/"),  # a general provider's switchboard
    (BANK, "/help/live-chat"),
    (CRISIS_LINE, "/news/our-new-text-service-launches/"),  # read about, not reached
])
def test_a_door_a_switchboard_and_news_of_a_chat_are_no_care(site, path: str) -> None:
    assert CARE not in _on_site(site, PAGE_URL, path).categories


# A condition's word in another sense: the weather's depressions, a star sign's matches, a degree course.
@pytest.mark.parametrize("text", [
    "Back issues of the magazine", "Heart of the community",
    "Tropical depression forms in the Gulf | Weather forecast",
    "Cancer and Virgo: love compatibility",
    "https://www.example-university.ac.uk/courses/postgraduate/msc-mental-health-nursing/",
])
def test_a_conditions_word_in_another_sense_is_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


@pytest.mark.parametrize(("text", "category"), [
    ("postnatal depression support", "mental_health"),
    ("cancer support group", "cancer"),
    ("I can't keep an erection", "sexual_health"),
    ("Have you ever had kidney problems? Yes", "other_condition"),  # a body part's trouble, as a form asks it
    ("breathing difficulties at night", "other_condition"),
])
def test_the_conditions_themselves_still_count(text: str, category: str) -> None:
    assert category in classify_text(text).categories


# Words of a page: a treatment service's admissions, a telehealth visit begun by its address; not a
# university's admissions.
@pytest.mark.parametrize(("text", "categories"), [
    ("Alcohol Detox Admissions | Example Recovery", {"substance_use", CARE}),
    ("https://www.example-telehealth.com/hair-loss/start-visit?plan=finasteride", {"other_condition", CARE}),
])
def test_admissions_and_a_visit_begun_are_care(text: str, categories: set[str]) -> None:
    assert set(classify_text(text).categories) == categories


@pytest.mark.parametrize("text", ["Admissions | Example University", "Admissions open for September 2027"])
def test_a_universitys_admissions_are_nothing(text: str) -> None:
    assert not classify_text(text).sensitive


# Sites: a department's specialty before its hospital's name is the department's site; a pharmacy, a
# dentist or an optician listing routine services is a general door; an animal's, a bed shop's, a gym's or
# a maker's site is no service for a person.
def _site(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize(("title", "category"), [
    ("Gastroenterology | Kingsmere University Hospitals NHS Trust", "other_condition"),
    ("Haematology and Oncology – Fallowfield General Hospital", "cancer"),
    ("Neonatal Intensive Care | St. Brigid Medical Center", "reproductive_health"),
])
def test_a_departments_specialty_before_its_hospital_is_its_site(title: str, category: str) -> None:
    context = _site(("title", title))
    assert context.specialist and category in context.categories, context


@pytest.mark.parametrize("pairs", [
    (("title", "Visiting times | Kingsmere University Hospitals NHS Trust"),),
    (("title", "Kingsmere General Hospital | NHS Foundation Trust"),),
    (("title", "Oakley Chemist | Your community pharmacy"),
     ("description", "Flu jabs, NHS prescriptions, blood pressure checks and emergency contraception.")),
    (("title", "Parkside Dental | Family dentist in Leeds"),
     ("description", "Check-ups, hygienist visits, whitening and implants.")),
    (("title", "Hillcrest Animal Hospital | Vets in Harrogate"),
     ("description", "Vaccinations, dentistry and arthritis care for cats and dogs.")),
    (("title", "Dreamwell Mattresses | Orthopaedic memory foam beds"),),
    (("title", "Core Pilates Studio | Clinical pilates and post-natal classes"),),
    (("title", "Vitalis Medical Ltd | Catheter design and manufacturing"),),
    (("title", "St. Kilda Regional Medical Center"), ("description", "Level I trauma centre, cancer institute and more.")),
])
def test_a_general_door_a_vet_a_shop_a_studio_and_a_maker_are_no_specialists(pairs) -> None:
    context = _site(*pairs)
    assert not context.specialist, context
