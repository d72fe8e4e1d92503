"""Issues 16 and 18's seventh pass, from sets I and J's misses by kind: each kind checked on texts and
sites of the same shape written here (not the sets' own), and on the negatives a careless fix would
flag (sellers, campaigns, a bank's or a gym's "Book a consultation", flags, jobs and fundraising)."""

from __future__ import annotations

import pytest

from pixelhound.classify.provider_care import service_action
from pixelhound.classify.site_context import GENERAL, SPECIALIST, UNKNOWN, SelfDescription, apply_context, infer_context
from pixelhound.model import Sensitivity


def _context(*pairs: tuple[str, str]):
    return infer_context([SelfDescription(place, text) for place, text in pairs])


@pytest.mark.parametrize(
    ("pairs", "category"),
    [
        # a specialist service named by its strapline or its description
        ((("title", "Northfold Gender Health Clinic | Affirming care for adults"),), "gender_identity"),
        ((("title", "Lanternline | Someone to talk to when it all gets too much"),), "mental_health"),
        ((("og:site_name", "Red Ribbon Fellowship"),
          ("og:description", "Supporting people living with HIV in the Fens since 1988.")), "sexual_health"),
        ((("title", "Al-Anon Harbour – support for families affected by a loved one's drinking"),), "substance_use"),
        ((("title", "Stallion Health | ED treatment online, delivered discreetly"),), "sexual_health"),
        ((("title", "Institute for Gender Confirmation Surgery | Top and bottom surgery"),), "gender_identity"),
        ((("title", "Fenmore Donor Bank – sperm donation for fertility treatment"),), "reproductive_health"),
        # a trust or hospital of one area of care (the labels doc)
        ((("title", "Ashdown Mental Health NHS Foundation Trust"),), "mental_health"),
        ((("title", "Ashdown Mental Health NHS Foundation Trust"),
          ("heading", "Mental health and learning disability services across Ashdown")), "mental_health"),
        ((("title", "Hollins Eye Hospital NHS Foundation Trust"),), "other_condition"),
        ((("title", "The Carrick NHS Foundation Trust"),
          ("description", "A specialist cancer centre treating patients from across the South West.")), "cancer"),
    ],
)
def test_specialist_sites_named_by_strapline_description_or_one_area(pairs, category: str) -> None:
    context = _context(*pairs)
    assert context.kind == SPECIALIST and category in context.categories, (pairs, context)
    assert context.provider and context.evidence  # the evidence says which text decided


@pytest.mark.parametrize(
    "pairs",
    [
        # a trust of one area that adds other services, and a demo-style trust saying so in its description
        (("title", "Ashdown Sexual Health and Community NHS Trust"),),
        (("title", "Ashdown Mental Health NHS Foundation Trust"),
         ("description", "Ashdown Mental Health NHS Foundation Trust: hospital and community health services.")),
        (("title", "Ashdown Partnership NHS Foundation Trust"),
         ("heading", "Mental health, learning disability and community services")),
        # a general hospital's description listing many areas
        (("title", "Brindle General Hospital NHS Trust"),
         ("description", "Cancer, maternity, HIV and mental health services for Brindle.")),
        # sellers to the same people, campaigns, a maker of instruments, an insurer
        (("title", "Little Acorn Baby – prams, pushchairs and nursery furniture"),),
        (("title", "Bloom & Bump | Maternity and nursing wear"),),
        (("title", "Orthex Surgical, Inc. | Surgical instruments and orthopedic implants"),),
        (("title", "Maternity cover | Add pregnancy benefits to your plan | Northstar Mutual"),),
        (("title", "Speak Up Week – ending mental health stigma at work"),),
        (("og:title", "Softly Shop"), ("og:description", "Sexual wellness products, shipped in plain packaging.")),
        (("title", "Genova Pharma"), ("description", "A pharmaceutical company with medicines in oncology and immunology.")),
        # family medicine and a GP surgery are general practices, not specialists in "medicine"/"surgery"
        (("title", "Lakeview Family Medicine"),),
        (("title", "Elm Row Surgery"),),
    ],
)
def test_general_providers_sellers_and_campaigns_are_not_specialist(pairs) -> None:
    context = _context(*pairs)
    assert not context.specialist, (pairs, context)


@pytest.mark.parametrize(
    ("pairs", "kind"),
    [
        ((("title", "Elm Row Surgery"),), GENERAL),
        ((("title", "Quaymed Pharmacy | Prescriptions and vaccinations"),), UNKNOWN),
        ((("title", "Clearsmile Dental | NHS and private dentist"),), UNKNOWN),
        ((("title", "Docly | See a doctor online, any time"),), UNKNOWN),
    ],
)
def test_care_providers_that_are_not_specialist_say_they_provide_care(pairs, kind: str) -> None:
    context = _context(*pairs)
    assert context.kind == kind and context.provider, context


@pytest.mark.parametrize(
    "pairs",
    [
        (("title", "Harbour Savings Bank | Mortgages and savings"),),
        (("title", "IronWorks Gym | Personal training in Leeds"),),
        (("title", "Pemberton & Rhodes Solicitors | Clinic negligence claims"),),
        (("title", "Bump & Bloom | Maternity wear shop"),),
    ],
)
def test_sites_providing_no_care_name_no_provider(pairs) -> None:
    assert _context(*pairs).provider == ""


@pytest.mark.parametrize(
    "text",
    ["Book a consultation", "Check in online", "same day appt", "Start a $29 visit", "Preferred pharmacy",
     "Log in to MyAshdown", "Request an assessment", "Schedule your appointment", "Save my spot"],
)
def test_service_actions(text: str) -> None:
    assert service_action(text), text


@pytest.mark.parametrize(
    "text",
    ["Book tickets", "Opening times", "Meet the team", "Start here", "Our history", "Visit our shop",
     "Book a table for two at our cafe and enjoy the view over the bay with friends and family today"],
)
def test_not_service_actions(text: str) -> None:
    assert not service_action(text), text


def _verdict_of(context, texts) -> Sensitivity:
    verdict = Sensitivity()
    apply_context(verdict, context, texts)
    return verdict


def _verdict(context, source: str, text: str) -> Sensitivity:
    return _verdict_of(context, [(source, text)])


def test_a_service_action_is_care_only_on_a_care_providers_site() -> None:
    pharmacy = _context(("title", "Quaymed Pharmacy | Prescriptions and vaccinations"))
    verdict = _verdict(pharmacy, "cd[buttonText]", "Book a consultation")
    assert verdict.categories == ["care_interaction"]
    assert "Quaymed" not in verdict.evidence[0].term and "pharmacy" in verdict.evidence[0].term  # the provider
    assert verdict.evidence[0].field == "cd[buttonText]"
    bank = _context(("title", "Harbour Savings Bank | Mortgages and savings"))
    assert not _verdict(bank, "cd[buttonText]", "Book a consultation").sensitive
    # a specialist's service action is its category and care
    clinic = _context(("title", "Northfold Gender Health Clinic | Affirming care for adults"))
    assert _verdict(clinic, "cd[buttonText]", "Book a consultation").categories == ["gender_identity", "care_interaction"]
    # a job seeker's or a donor's page on a provider's site is no care
    hospital = _context(("title", "Brindle General Hospital NHS Trust"))
    assert not _verdict(hospital, "dt", "Book a consultation | Careers at Brindle").sensitive


@pytest.mark.parametrize(
    ("text", "category"),
    [("viagara online", "sexual_health"), ("adderal shortage", "mental_health"), ("sertralin side effects", "mental_health")],
)
def test_misspelt_medicines(text: str, category: str) -> None:
    from pixelhound.classify import classify_text

    verdict = classify_text(text)
    assert category in verdict.categories and "spelling of" in verdict.evidence[0].term, verdict


@pytest.mark.parametrize("text", ["vinegar online", "addressal letter", "version history", "adderley street"])
def test_words_near_medicines_stay_negative(text: str) -> None:
    from pixelhound.classify import classify_text

    assert not classify_text(text).sensitive, text


@pytest.mark.parametrize(
    ("texts", "role"),
    [
        ([("dt", "Postdoctoral fellowships | Ashdown Cancer Centre")], "recruitment"),
        ([("dl", "/research/labs/genomics-lab/publications")], "research"),
        ([("dt", "Light up a Life 2027 | Fenmore Hospice")], "fundraising"),
        ([("dl", "/ride-for-life-2027")], "fundraising"),
        ([("dl", "/press/ashdown-clinic-opens-second-location")], "press"),
        ([("cd[buttonText]", "Book a furniture collection")], "fundraising"),
        # a client's pages stay a client's
        ([("dl", "/clinical-trials/find-a-trial")], None),
        ([("dt", "Pressure sores | Fenmore Hospice")], None),
    ],
)
def test_seventh_pass_role_pages(texts, role) -> None:
    from pixelhound.classify.roles import page_role

    found = page_role(texts)
    assert (found.role if found else None) == role, (texts, found)


@pytest.mark.parametrize("text", ["Meet the team - Elmfield Road Surgery", "Opening hours | Hollybank Lane Surgery",
                                  "Light up a Life 2027 | Fenmore Hospice"])
def test_a_practice_named_by_its_street_and_an_appeal_are_no_health(text: str) -> None:
    from pixelhound.classify import classify_text

    assert not classify_text(text).sensitive, text


def test_field_named_for_care_adds_care_to_its_value() -> None:
    from pixelhound.decode.enrich import classify_fields
    from pixelhound.model import Field

    booked = classify_fields([Field("custom_data", "IUD removal", "ep.appointment_type")])
    assert booked.categories[-1] == "care_interaction" and len(booked.categories) == 2, booked
    reason = classify_fields([Field("custom_data", "Panic attacks", "cd[visit_reason]")])
    assert "mental_health" in reason.categories and "care_interaction" in reason.categories
    # a field not about care keeps only its value's area; a clean value stays clean
    assert classify_fields([Field("custom_data", "Panic attacks", "ep.article_topic")]).categories == ["mental_health"]
    assert not classify_fields([Field("custom_data", "Morning slots", "ep.appointment_type")]).sensitive


def test_a_councils_adult_social_care_pages_provide_care() -> None:
    council = _context(("title", "Brindle District Council"))
    assert council.provider == ""
    asked = _verdict_of(council, [("dl", "/adult-social-care/getting-help"), ("cd[buttonText]", "Request an assessment")])
    assert asked.categories == ["care_interaction"] and "adult social care" in asked.evidence[0].term
    assert not _verdict_of(council, [("dl", "/planning/apply"), ("cd[buttonText]", "Request an assessment")]).sensitive


@pytest.mark.parametrize(
    ("text", "care"),
    [("Ask for a care needs assessment", True), ("ask for a wheelchair assessment", True),
     ("Ask us about wheelchair access", False), ("Frequently asked questions", False)],
)
def test_asking_for_a_care_service(text: str, care: bool) -> None:
    from pixelhound.classify import classify_text

    assert ("care_interaction" in classify_text(text).categories) is care, text


def test_classify_site_shows_the_provider(capsys: pytest.CaptureFixture[str]) -> None:
    from pixelhound.classify.command import run_classify

    assert run_classify(["Book a consultation"], None, False, site="Quaymed Pharmacy | Prescriptions") == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "provides care (pharmacy)" in out and "care_interaction" in out
    assert run_classify(["Book a consultation"], None, True, site="Harbour Savings Bank") == 0
    out = capsys.readouterr().out
    assert '"provider":""' in out and "care_interaction" not in out


@pytest.mark.parametrize(
    ("text", "sensitive"),
    [("Heart rhythm clinic: AFib ablation", True), ("Sleep disorders centre | Brindle Hospital", True),
     ("Symptoms: sore throat and a rash", True), ("font=dyslexia-friendly;theme=dark", False),
     ("Dyslexia friendly font | Accessibility", False), ("Book a dyslexia assessment", True)],
)
def test_seventh_pass_vocabulary(text: str, sensitive: bool) -> None:
    from pixelhound.classify import classify_text

    assert classify_text(text).sensitive is sensitive, text
