"""Issues 16 and 18's sixth pass, from sets G and H's misses by kind: each kind checked on texts and
sites of the same shape written here (not the sets' own), and on the negatives a careless fix would
flag (news, jobs, fundraising, shops, flags, a site's name in a title)."""

from __future__ import annotations

import pytest

from pixelhound.classify import classify_text
from pixelhound.classify.roles import page_role
from pixelhound.classify.site_context import GENERAL, SPECIALIST, SelfDescription, infer_context
from pixelhound.decode.enrich import classify_fields, expand_urls
from pixelhound.decode.draft import Draft
from pixelhound.model import CUSTOM_DATA, PAGE_URL, SEARCH_TERM, Field


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # symptoms and conditions by their everyday names
        ("hayfever relief for kids", "other_condition"),
        ("pink eye in toddlers", "other_condition"),
        ("sudden eye floaters", "other_condition"),
        ("baby high temperature at night", "other_condition"),
        ("tb test for visa", "other_condition"),
        ("invisalign cost", "other_condition"),
        # a form field that exists only for a patient
        ("Relationship to the patient: Parent", "care_interaction"),
        # a trust named "... Partnership" keeps its page's health words
        ("Psychosis service | Kestrel Partnership NHS Foundation Trust", "mental_health"),
        ("Memory clinic - Ashvale Partnership", "other_condition"),
    ],
)
def test_sixth_pass_vocabulary(text: str, category: str) -> None:
    verdict = classify_text(text)
    assert category in verdict.categories, (text, verdict)


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Trust announces partnership with Northgate University",
        "In partnership with local schools | Ashvale",
        "tb_variant=blue",  # a tracker's key, not tuberculosis
        "pre_d_eng_tb",
        "Saturday night fever tribute night",
        # a press page's title naming the site (a pregnancy service) is the organisation's
        "Media centre | Kestrel Pregnancy Advice",
        "Press office - Northgate Sexual Health",
    ],
)
def test_sixth_pass_negatives(text: str) -> None:
    assert not classify_text(text).sensitive, text


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        # a many-department trust listing its areas beside "community services" is general
        ("Kestrel Partnership NHS Foundation Trust - mental health, learning disability and community services", GENERAL),
        # a UK GP practice is "<place> Surgery"; a surgical specialty is not
        ("Mill Lane Surgery | Welcome", GENERAL),
        ("The Old School Surgery - Home", GENERAL),
        ("The Kestrel Surgery, Thornby", GENERAL),  # its town after a comma (found by set S)
        ("Bariatric Surgery, Leeds", SPECIALIST),
        ("Bariatric Surgery Clinic | Weight loss surgery in Leeds", SPECIALIST),
        # an urgent care or walk-in service is general care
        ("Describe your symptoms - Eastvale Urgent Care", GENERAL),
        ("Northgate Walk-in Centre | Minor injuries and illnesses", GENERAL),
        # still specialist: a trust naming one kind of service
        ("The Royal Larkspur NHS Foundation Trust - the UK's leading cancer centre", SPECIALIST),
        # a hospital one specialty names is that specialty's; a general one listing several is not
        ("Oakbrook Psychiatric Hospital | Inpatient care in Ohio", SPECIALIST),
        ("Eastvale Hospital | Cancer, maternity and HIV care", GENERAL),
        # a spa's "detox" is no addiction service
        ("Juniper Day Spa | Detox wraps and facials", "unknown"),
    ],
)
def test_sixth_pass_site_kinds(title: str, kind: str) -> None:
    context = infer_context([SelfDescription("title", title)])
    assert context.kind == kind, (title, context.reason)


@pytest.mark.parametrize(
    ("site", "category"),
    [
        ([("name", "The Linden Clinic"), ("heading", "Sexual health and HIV care at St Oswin's Hospital")], "sexual_health"),
        ([("name", "Northbay HIV Foundation"), ("heading", "Ending HIV in the north, together")], "sexual_health"),
        ([("og:site_name", "Lantern Listening Line"), ("og:description", "Free, confidential support for anyone struggling to cope.")],
         "mental_health"),
        ([("title", "Evergreen Clinic | Medical cannabis prescriptions for chronic pain")], "other_condition"),
        ([("title", "Harbour Proton Therapy Centre")], "cancer"),
        ([("title", "Bright Sky Kids | Supporting gender-diverse children and their families")], "gender_identity"),
    ],
)
def test_sixth_pass_specialist_sites(site: list[tuple[str, str]], category: str) -> None:
    context = infer_context([SelfDescription(place, text) for place, text in site])
    assert context.kind == SPECIALIST and context.categories == [category], (site, context.reason)


def test_a_job_search_in_a_careers_url_is_no_search_term() -> None:
    """`/careers/...?keyword=psychiatric+nurse` is read whole (the careers cue covers it); its keyword
    is not split off as a site search of its own. A clinic's own search still is."""
    careers = Draft(event="PageView")
    careers.add(PAGE_URL, "https://www.kestrel.nhs.uk/careers/vacancies?keyword=psychiatric+nurse", "dl")
    expand_urls(careers)
    assert [f for f in careers.fields if f.name == SEARCH_TERM] == []
    search = Draft(event="PageView")
    search.add(PAGE_URL, "https://www.kestrel.nhs.uk/search?q=psychiatric+nurse", "dl")
    expand_urls(search)
    assert [f.value for f in search.fields if f.name == SEARCH_TERM] == ["psychiatric nurse"]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Patient experience survey results 2027 | Kestrel Gender Service", "corporate"),
        ("/about/impact-report-2026", "corporate"),
        ("Corporate partnerships | Kestrel", "fundraising"),
        ("/shop/christmas-cards", "fundraising"),
        ("/jobs/search?location=leeds", "recruitment"),
        ("Media enquiries | Kestrel", "press"),
        # a client's pages
        ("Your first appointment: what to expect", None),
        ("/alumni/events/summer-picnic", None),  # former patients of a recovery centre
        ("/about/accreditation", None),
    ],
)
def test_role_words_of_other_shapes(text: str, role: str | None) -> None:
    found = page_role([("dt", text)])
    assert (found.role if found else None) == role, (text, found)


@pytest.mark.parametrize(
    ("source", "value", "categories"),
    [
        # a class list is a stylesheet hook whatever it holds; an element's id is an id
        ("ep.nav_class", "menu menu--cancer-services is-active", []),
        ("cd[iconClassName]", "icon icon-stroke heart-outline", []),
        ("ep.cta_id", "cta-book-sti-test", []),
        ("ep.element_id", "pregnancy_banner", []),
        # ids of what the visitor chose, and values in words, are still read
        ("ep.content_ids", "truvada-200mg", ["sexual_health"]),
        ("ep.weight_category", "31.2 (obese)", ["other_condition"]),
        ("cd[lead_type]", "Admissions enquiry - detox", ["substance_use", "care_interaction"]),
    ],
)
def test_sixth_pass_field_context(source: str, value: str, categories: list[str]) -> None:
    verdict = classify_fields([Field(CUSTOM_DATA, value, source)])
    assert sorted(verdict.categories) == sorted(categories), (source, value, verdict)
