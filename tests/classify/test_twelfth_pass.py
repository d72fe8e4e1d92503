"""Issues 16 and 18, twelfth pass (sets S and T, development sets): each fix by kind, with cases of
our own of the same shape, positive and negative, so that a fix is a rule and not a set's text."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.site_context import SelfDescription, infer_context
from tests.classify.test_ninth_pass import CLINIC, NEWSPAPER, _on_site  # a text's verdict on a site


@pytest.mark.parametrize(("text", "category"), [
    # care paperwork by its names
    ("Prior approval: pre-authorisation for a CT scan", "care_interaction"),
    ("precertification status", "care_interaction"),
    ("Apply for NHS Continuing Healthcare funding", "care_interaction"),
    ("request a continuing healthcare assessment", "care_interaction"),
    # care asked for by name, typed
    ("individual funding request", "care_interaction"),
    ("https://www.example.icb.nhs.uk/search?q=exceptional+funding+request", "care_interaction"),
    ("flu jab", "care_interaction"),
    ("covid booster near me", "care_interaction"),
    # a routine jab is still care when the visitor acts
    ("https://www.example-pharmacy.co.uk/services/flu-vaccination/book?store=12", "care_interaction"),
    ("Book your flu jab | Example Pharmacy", "care_interaction"),
    # harm reduction and dementia by their other names
    ("needle and syringe programme locations", "substance_use"),
    ("Syringe Services Program | Example County", "substance_use"),
    ("memory care unit", "other_condition"),
    ("How many drinks a week do you usually have? 15-20", "substance_use"),
    # a medicines review, a second opinion asked for
    ("Book a structured medication review", "care_interaction"),
    ("https://www.example-cancer.org/patients/second-opinion/request", "care_interaction"),
    # a describing page keeps the condition it names
    ("Hip replacement: what to expect | Example Hospital", "other_condition"),
    ("How it works: your HIV test kit", "sexual_health"),
])
def test_care_paperwork_harm_reduction_and_named_care_are_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories, text


@pytest.mark.parametrize("text", [
    # a routine service's page, not the visitor's act (the labels doc)
    "https://www.example-pharmacy.co.uk/health-services/flu-vaccination",
    "https://www.example-pharmacy.com/vaccines/covid-vaccine",
    "Free Flu Jab Clinics | Example Borough Public Health",
    "Individual Funding Requests | NHS Example ICB",
    "https://www.example.icb.nhs.uk/about-us/individual-funding-requests-policy.pdf",
    # describing how a visit goes
    "Outpatient appointments: what to expect | Example Hospitals",
    "https://www.example-telehealth.com/how-it-works#video-visits",
    # professionals, the press, a health department's figures, patient support without care
    "Refer a patient | Example Health",
    "https://www.example.org/referring-clinicians/refer-your-patient",
    "Press | Example Fertility",
    "https://www.example-county.gov/data/opioid-overdose-dashboard",
    "Contact PALS",
    "How to contact PALS",  # was care in the eighth pass; the labels doc names PALS a support without care
    "Memory Lane Care Home: careers",  # a care home's jobs
    "Continuing professional development for nurses",
    "Cut down on sugary drinks a day: tips for parents",  # drinks that are not alcohol
])
def test_routine_services_descriptions_professionals_and_the_press_stay_negative(text: str) -> None:
    verdict = classify_text(text)
    assert not verdict.sensitive, (text, verdict.categories)


def _site(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize(("pairs", "category"), [
    # a women's medical center or a hospital whose strapline names the one area it treats
    ((("title", "Lakeside Women's Medical Centre – Abortion care in Leeds"),
     ("description", "Early medical abortion and surgical abortion, in confidence.")), "reproductive_health"),
    ((("title", "Greyhill Hospital – residential rehab for alcohol and drug addiction"),), "substance_use"),
    ((("title", "Fenwick Hospital – private detox and rehab for addiction"),), "substance_use"),
])
def test_a_medical_center_or_hospital_treating_one_area_is_specialist(pairs, category: str) -> None:
    context = _site(*pairs)
    assert context.specialist and category in context.categories, context.reason


@pytest.mark.parametrize("pairs", [
    # a general provider hosting a service, a county's departments, NHS 111, research, a registry
    (("title", "Eastmoor NHS Foundation Trust – proud home of the Eastmoor Heart Centre"),
     ("description", "We run Eastmoor General Hospital and two community hospitals.")),
    (("title", "Elm County Health and Human Services"),
     ("description", "Public health, mental health, housing and benefits for Elm County residents.")),
    (("title", "NHS 111 online – get help for your symptoms"),),
    (("title", "Harrow Institute of Medical Research"),
     ("description", "Basic science on the mechanisms of cancer and heart disease.")),
    (("title", "Little Nest – baby registry and gift list"),),
    (("title", "Oakwood Medical Centre – GP practice for Oakwood and Ashby"),),
    (("title", "Springfield Medical Center – emergency, surgical and maternity care"),),
])
def test_hosts_departments_doors_research_and_registries_are_no_specialist(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize(("text", "category"), [
    ("Centre de santé sexuelle – dépistage VIH gratuit", "sexual_health"),
    ("Clínica de fertilidad en Madrid – fecundación in vitro", "reproductive_health"),
    ("Kinderwunschzentrum Hamburg", "reproductive_health"),
    ("Gwasanaeth iechyd meddwl", "mental_health"),
    ("Suchtberatung Köln", "substance_use"),
    ("Prendre rendez-vous en ligne", "care_interaction"),
])
def test_the_areas_common_words_in_french_spanish_german_and_welsh_are_read(text: str, category: str) -> None:
    assert category in classify_text(text).categories, text


@pytest.mark.parametrize("text", [
    "Rendez-vous au cinéma ce soir",
    "FIV in cats: what owners should know | Example Veterinary",
    "Need to talk to our sales team?",  # a listening line's offer counts only in a site's own words
])
def test_their_lookalikes_and_a_shops_offer_to_talk_stay_negative(text: str) -> None:
    assert not classify_text(text).sensitive, text


@pytest.mark.parametrize(("pairs", "category"), [
    ((("title", "Clinique des Tilleuls – PMA et FIV à Nantes"),), "reproductive_health"),
    ((("title", "Harbour Line – free, confidential, 24/7"),
      ("description", "Need to talk? Call or text us any time for free support.")), "mental_health"),
    ((("url", "https://www.kestrelivf.co.uk/"),), "reproductive_health"),
    ((("url", "https://www.oakfield-talkline.org.uk/"),), "mental_health"),
])
def test_a_clinic_abroad_a_listening_line_and_a_bare_ivf_host_are_specialist(pairs, category: str) -> None:
    context = _site(*pairs)
    assert context.specialist and category in context.categories, context.reason


@pytest.mark.parametrize("pairs", [
    (("title", "Northgate Outfitters"), ("description", "Need to talk? Our sales team is here: shop boots and jackets.")),
    (("url", "https://www.fivestarivf-supplies.com/"),),
])
def test_a_shop_offering_to_talk_is_no_listening_line(pairs) -> None:
    assert not _site(*pairs).specialist, _site(*pairs).reason


@pytest.mark.parametrize("text", [
    "See a doctor now - £25",
    "booking_step: choose_time_slot",
    "Check your results online",
    "Call now: admissions open day and night",
    "https://www.example-telehealth.com/visit/start?reason=acne",
    "https://www.example-rehab.com/insurance/verify?carrier=cigna",
    "chat_queue_joined",
    "lead_submit: consultation_request",
    "Update your contact details",
])
def test_a_visit_asked_for_now_a_bookings_steps_and_own_results_are_care_on_a_providers_site(text: str) -> None:
    assert "care_interaction" in _on_site(CLINIC, "dt", text).categories, text
    assert "care_interaction" not in _on_site(NEWSPAPER, "dt", text).categories, text  # none where none is given


def test_a_telehealths_strapline_offering_a_doctor_is_no_act() -> None:
    assert not _on_site(CLINIC, "dt", "Example Health | See a Doctor Online 24/7").sensitive


@pytest.mark.parametrize(("text", "category"), [
    ("lupis specialist", "other_condition"),
    ("ecsema treatment", "other_condition"),
    ("https://www.example.nhs.uk/search?q=ecsema+clinic", "other_condition"),
])
def test_a_short_misspelt_condition_beside_a_support_word_is_read(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert category in verdict.categories and "spelling of" in verdict.evidence[0].term, verdict


@pytest.mark.parametrize("text", [
    "lupis",  # alone it may be a name
    "Lotus clinic",  # an English word
    "Hubly support",
    "reger clinic",  # a name one slip from an act ("refer"), not a health word
    "/assets/lupis-specialist.css",  # no one typed it
])
def test_short_words_alone_real_or_untyped_are_not_misspellings(text: str) -> None:
    assert not classify_text(text).sensitive, text


def _button(value: str):
    from pixelhound.decode.enrich import classify_fields
    from pixelhound.decode.registry import technical_parameters
    from pixelhound.model import Field
    return classify_fields([Field("button_text", value, "cd[buttonFeatures]")], technical_parameters("meta_pixel"))


def test_a_buttons_id_framed_by_page_furniture_is_technical_its_words_are_not() -> None:
    assert not _button('{"classList":"menu-toggle","id":"nav-sexual-health-dropdown","tag":"button","innerText":""}').sensitive
    assert not _button('{"id":"btn-cancer-services-toggle","tag":"button","innerText":"Menu"}').sensitive
    words = _button('{"id":"nav-sexual-health-dropdown","tag":"button","innerText":"Sexual health"}')
    assert words.categories == ["sexual_health"] and words.evidence[0].field.endswith("innerText"), words
    assert _button('{"id":"crisis-cta","tag":"a","innerText":""}').sensitive  # one end only: it may say what it is for
