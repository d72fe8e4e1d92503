"""Context (issue 18): a visit to a specialist service is health data; a technical flag is not.

Site context is decided once per site from what the site says about itself; field context keeps
flags, ids, CSS classes and consent states away from the classifier. Checked on the labelled set
`site_context_set.jsonl` (written for this issue), on HAR files built here with real home-page HTML,
and on the real captures in tests/data/realworld (health-insurance exchanges: general, not specialist).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import msgspec
import pytest

from conftest import REALWORLD, REALWORLD_SITES
from harbuilder import entry, har, write
from typer.testing import CliRunner, Result

from pixelhound.analysis import analyze_hars, analyze_scans
from pixelhound.capture.har import open_har
from pixelhound.capture.scan import Site, SiteScan
from pixelhound.cli import app
from pixelhound.classify.context_score import context_verdict
from pixelhound.classify.evaluate import Counts, load_rows
from pixelhound.classify.site_context import (
    GENERAL,
    SPECIALIST,
    SelfDescription,
    SiteCategoryError,
    apply_context,
    check_category,
    given_context,
    describe_html,
    page_descriptions,
    site_context,
)
from pixelhound.decode.enrich import classify_fields
from pixelhound.decode.fields import TECHNICAL_KIND, TEXT_KIND, field_kind
from pixelhound.decode.registry import DECODERS, TECHNICAL, technical_parameters
from pixelhound.classify.roles import page_role
from pixelhound.model import SITE_STRENGTH, TEXT_STRENGTH, Analysis, Field, Sensitivity, SiteContext
from pixelhound.report.common import Index, evidence_lines, site_evidence_lines
from pixelhound.report.html_report import render_html
from pixelhound.run import FleetError, load_fleet

SET = Path(__file__).parent / "site_context_set.jsonl"
sys.path.insert(0, str(Path(__file__).parent.parent.parent / "bench"))
import score_context_set  # noqa: E402  (the command-line script, run in-process)
ROWS = [row for row in load_rows(SET) if row["kind"] in ("site", "field")]
BAR = 1.0  # a small set of our own: every case must hold


verdict = context_verdict  # the analysis's own verdict on a site or a field row


def test_labelled_set_scores_site_and_flag_cases() -> None:
    counts = {"site": Counts(), "field": Counts()}
    wrong = []
    for row in ROWS:
        sensitive, categories = verdict(row)
        counts[row["kind"]].add(sensitive, row["sensitive"])
        if sensitive != row["sensitive"] or not set(row["categories"]) <= set(categories):
            wrong.append((row["text"], sensitive, categories))
    for kind, c in counts.items():
        print(f"\n{kind}: precision {c.precision:.3f} recall {c.recall:.3f} (tp {c.tp} fp {c.fp} fn {c.fn} tn {c.tn})")
        assert c.tp and c.tn, f"{kind} rows need positives and hard negatives"
        assert min(c.precision, c.recall) >= BAR, kind
    assert wrong == []


# Set F (249 cases written and labelled apart) was scored once before issue 18's pass on its misses
# and has been a development set since: these are DEVELOPMENT figures, floors against sliding back
# below what the pass reached (docs/benchmarks.md: sites 1.000 / 0.944, fields 1.000 / 0.919), not
# a measure of how the rules do on sites and values nobody tuned them on (set H is that).
# Set H (271 cases, scored once before the sixth pass: sites 0.922 / 0.855, fields 0.958 / 0.958) is
# one since that pass (sites 0.955 / 0.928, fields 0.986 / 0.986): DEVELOPMENT figures too.
DEVELOPMENT_FLOORS = {  # set -> {kind: (precision, recall)}
    "independent_set_f.jsonl": {"site": (0.93, 0.88), "field": (0.93, 0.85)},
    "independent_set_h.jsonl": {"site": (0.92, 0.88), "field": (0.95, 0.95)},
    # Set J (266 cases, scored once before the seventh pass: sites 0.923 / 0.845, fields 0.953 / 1.000)
    # is one since that pass (sites 1.000 / 0.986, fields 0.953 / 1.000): DEVELOPMENT figures.
    "independent_set_j.jsonl": {"site": (0.95, 0.93), "field": (0.92, 0.95)},
    # Set L (270 cases, scored once before the eighth pass: sites 0.984 / 0.899, fields 0.962 / 0.864)
    # is one since that pass (sites 0.986 / 1.000, fields 1.000 / 0.915): DEVELOPMENT figures.
    "independent_set_l.jsonl": {"site": (0.95, 0.93), "field": (0.95, 0.88)},
    # Set N (256 cases, scored once before the ninth pass: sites 0.933 / 0.903, fields 0.964 / 0.883)
    # is one since that pass (sites 1.000 / 1.000, fields 1.000 / 0.983): DEVELOPMENT figures.
    "independent_set_n.jsonl": {"site": (0.95, 0.95), "field": (0.95, 0.94)},
    # Set P (271 cases, scored once before the tenth pass: sites 0.955 / 0.901, fields 0.938 / 0.953)
    # is one since that pass (sites 1.000 / 0.944, fields 1.000 / 0.984): DEVELOPMENT figures.
    "independent_set_p.jsonl": {"site": (0.95, 0.88), "field": (0.95, 0.94)},
    # Set R (244 cases, scored once before the eleventh pass: sites 0.932 / 0.902, fields 0.941 / 0.906)
    # is one since that pass (sites 1.000 / 0.934, fields 0.981 / 1.000): DEVELOPMENT figures.
    "independent_set_r.jsonl": {"site": (0.95, 0.90), "field": (0.95, 0.95)},
    # Set T (247 cases, scored once before the twelfth pass: sites 0.919 / 0.905, fields 0.982 / 0.933)
    # is one since that pass (sites 1.000 / 0.984, fields 1.000 / 0.983): DEVELOPMENT figures.
    "independent_set_t.jsonl": {"site": (0.95, 0.95), "field": (0.95, 0.93)},
    # Set V (271 cases, scored once after the twelfth pass: sites 0.887 / 0.959, fields 0.918 / 0.933)
    # is one since the thirteenth pass (sites 0.986 / 0.986, fields 0.951 / 0.967): DEVELOPMENT figures.
    "independent_set_v.jsonl": {"site": (0.95, 0.95), "field": (0.93, 0.93)},
    # Set X (259 cases labelled twice apart, scored once before the fourteenth pass: sites 0.952 / 0.983,
    # fields 0.984 / 1.000) is one since that pass (sites 1.000 / 1.000, fields 1.000 / 1.000): DEVELOPMENT figures.
    "independent_set_x.jsonl": {"site": (0.96, 0.96), "field": (0.96, 0.96)},
    # Set Z (251 cases labelled twice apart, scored once after the fourteenth pass: sites 0.984 / 0.925,
    # fields 1.000 / 0.943) is one since the fifteenth pass (sites 1.000 / 1.000, fields 1.000 / 1.000):
    # DEVELOPMENT figures.
    "independent_set_z.jsonl": {"site": (0.96, 0.96), "field": (0.96, 0.96)},
    # Set AB (244 cases labelled twice apart, scored once after the fifteenth pass: sites 0.952 / 0.967,
    # fields 1.000 / 0.965) is one since the sixteenth pass (sites 0.952 / 0.984, fields 1.000 / 0.982):
    # DEVELOPMENT figures.
    "independent_set_ab.jsonl": {"site": (0.93, 0.95), "field": (0.96, 0.95)},
    # Set AD (240 cases labelled twice apart with the sharpened care, scored once after the sixteenth pass:
    # sites 0.886 / 0.939, fields 0.900 / 0.900) is one since the seventeenth pass (sites 1.000 / 0.985,
    # fields 0.900 / 0.900): DEVELOPMENT figures.
    "independent_set_ad.jsonl": {"site": (0.97, 0.96), "field": (0.88, 0.88)},
    # Set AF (240 cases labelled twice apart with the sharpened care, scored once after the seventeenth pass:
    # sites 0.938 / 0.953, fields 0.979 / 0.868) is one since the eighteenth pass (sites 0.939 / 0.969,
    # fields 0.979 / 0.887): DEVELOPMENT figures.
    "independent_set_af.jsonl": {"site": (0.92, 0.95), "field": (0.95, 0.86)},
    # Set AH (240 cases labelled twice apart with the sharpened care, scored once after the eighteenth pass:
    # sites 0.928 / 0.970, fields 0.957 / 0.849) is one since the nineteenth pass (sites 0.928 / 0.970,
    # fields 0.957 / 0.849, field care 0.571 -> 0.714): DEVELOPMENT figures.
    "independent_set_ah.jsonl": {"site": (0.91, 0.95), "field": (0.94, 0.83)},
    # Set AJ (240 cases labelled twice apart with the sharpened care, scored once after the nineteenth pass:
    # sites 0.933 / 0.966, fields 0.965 / 0.917) is one since the twentieth pass (binary the same, field care
    # 0.667 -> 0.778): DEVELOPMENT figures.
    "independent_set_aj.jsonl": {"site": (0.92, 0.95), "field": (0.95, 0.90)},
}


def test_scorer_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """bench/score_context_set.py prints the figures this file asserts, and refuses a bad set in one line."""
    assert score_context_set.main([str(SET), "--misses", "0"]) == 0
    out = capsys.readouterr().out
    assert "site: n=" in out and "field: n=" in out and "precision 1.000 recall 1.000" in out and "\n0 misses" in out
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"kind": "field", "name": "q", "sensitive": false, "categories": []}\n')
    for path in (bad, tmp_path / "absent.jsonl"):
        assert score_context_set.main([str(path)]) == 3
        err = capsys.readouterr().err.strip()
        assert err.startswith("score_context_set: cannot score") and "\n" not in err


@pytest.mark.parametrize("name", DEVELOPMENT_FLOORS)
def test_site_and_field_development_floors(name: str) -> None:
    counts = {"site": Counts(), "field": Counts()}
    for row in load_rows(Path(__file__).parent / name):
        if row["kind"] in counts:
            counts[row["kind"]].add(verdict(row)[0], row["sensitive"])
    for kind, (precision, recall) in DEVELOPMENT_FLOORS[name].items():
        c = counts[kind]
        print(f"\n{name} ({kind}, development): precision {c.precision:.3f} recall {c.recall:.3f}")
        assert c.tp + c.fp + c.fn + c.tn > 100, kind
        assert c.precision >= precision and c.recall >= recall, (kind, c)


def test_every_decoder_declares_its_machinery() -> None:
    assert set(TECHNICAL) == set(DECODERS)
    assert "cd[buttonFeatures].classList" in TECHNICAL["meta_pixel"]
    assert "gcs" in TECHNICAL["google_analytics"]  # a consent state


def test_user_category_overrides_and_is_checked() -> None:
    specialist = [SelfDescription("title", "Willowmead Sexual Health and HIV Clinic")]
    assert site_context(specialist, "none").kind == GENERAL
    given = site_context([SelfDescription("title", "Acme Health")], "Mental health")
    assert given.kind == SPECIALIST and given.categories == ["mental_health"] and given.decided_by == "user"
    assert given.evidence[0].strength == SITE_STRENGTH
    with pytest.raises(SiteCategoryError, match="unknown site category 'dentistry'"):
        check_category("dentistry")


def test_a_scan_and_its_exported_har_keep_the_same_site_evidence() -> None:
    """A scan knows the site's name and its page's title; the HAR it exports keeps the name (as
    `_pixelhound.site`) but gives the URL as the page's title: the same evidence either way."""
    title, url = "Willowmead Sexual Health and HIV Clinic", "https://www.willowmead.example/"
    live = site_context(page_descriptions(title, url, "", name=title))
    imported = site_context(page_descriptions(url, url, "", name=title))
    assert live.specialist and live.evidence == imported.evidence


def test_html_self_description_survives_hostile_pages() -> None:
    said = describe_html(
        '<html><head><title>Willowmead <b>Clinic</b></title><meta property="og:site_name" content="Willowmead">'
        '<meta name="description" content="HIV testing"></head><body><h1>Welcome</h1></body></html>'
    )
    assert [d.place for d in said] == ["title", "og:site_name", "description", "heading"]
    assert describe_html("") == [] and describe_html("\x00\ufffe<<<") == []
    assert describe_html("<" * 10_000) == []


META_PAGEVIEW = "https://www.facebook.com/tr/?id=1234&ev=PageView&dl={page}&o=2064&optin=disabled"


def _site_har(tmp: Path, name: str, home: str, title: str, pages: list[str]) -> Path:
    """A HAR of a site's home and other pages, each with a Meta PageView; the home document's HTML kept."""
    html = f"<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>"
    entries, har_pages = [], []
    for number, page in enumerate([home, *pages], start=1):
        ref = f"page_{number}"
        har_pages.append({"id": ref, "title": page, "startedDateTime": "2026-11-01T10:00:00.000Z", "pageTimings": {}})
        document = {"status": 200, "headers": [], "cookies": [], "content": {"size": len(html), "mimeType": "text/html",
                    "text": html if page == home else ""}, "redirectURL": "", "headersSize": -1, "bodySize": 0}
        entries.append(entry(page, pageref=ref, response=document))
        entries.append(entry(META_PAGEVIEW.format(page=page), pageref=ref))
    return write(tmp / f"{name}.har", har(entries, har_pages))


@pytest.fixture(scope="module")
def hars(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("site-context")
    return {
        "clinic": _site_har(tmp, "clinic", "https://www.willowmead.example/", "Willowmead Sexual Health and HIV Clinic",
                            ["https://www.willowmead.example/about-us"]),
        "hospital": _site_har(tmp, "hospital", "https://www.fernmoor.example/", "Fernmoor General Hospital NHS Trust",
                              ["https://www.fernmoor.example/about-us"]),
    }


def test_specialist_site_page_views_carry_its_category_at_site_strength(hars: dict[str, Path]) -> None:
    analysis = analyze_hars([hars["clinic"]])
    (source,) = analysis.sources
    assert source.site_context.kind == SPECIALIST and source.site_context.service == "sexual health clinic"
    meta = [d for d in analysis.disclosures if d.vendor == "meta"]
    assert len(meta) == 2
    for disclosure in meta:
        assert disclosure.sensitivity.categories == ["sexual_health"]
        (evidence,) = disclosure.sensitivity.evidence  # the <h1> says the same text: kept once
        assert (evidence.strength, evidence.field) == (SITE_STRENGTH, "site:title")
        assert evidence.text == "Willowmead Sexual Health and HIV Clinic"
    finding = next(f for f in analysis.findings if f.rule == "health-data-disclosed")
    assert "each is a visit to the website of a sexual health clinic" in finding.summary
    lines = "\n".join(evidence_lines(finding, Index.of(analysis), 5))
    assert 'its title says "Willowmead Sexual Health and HIV Clinic" (sexual_health, site strength)' in lines


def test_general_hospital_home_page_view_is_not_health_data(hars: dict[str, Path]) -> None:
    analysis = analyze_hars([hars["hospital"]])
    assert analysis.sources[0].site_context.kind == GENERAL
    assert [d.sensitivity.sensitive for d in analysis.disclosures if d.vendor == "meta"] == [False, False]
    # `optin=disabled` is a setting, not a disability: no finding either way
    assert not any(f.rule == "health-data-disclosed" for f in analysis.findings)


def test_site_category_given_for_a_har_overrides_the_inference(hars: dict[str, Path]) -> None:
    cleared = analyze_hars([hars["clinic"]], site_category="none")
    assert cleared.sources[0].site_context.decided_by == "user"
    assert not any(d.sensitivity.sensitive for d in cleared.disclosures)
    forced = analyze_hars([hars["hospital"]], site_category="cancer")
    assert all(d.sensitivity.categories == ["cancer"] for d in forced.disclosures if d.vendor == "meta")


def test_a_custom_event_and_a_button_payload_are_read_by_their_parts(tmp_path: Path) -> None:
    """Through the real Meta decoder: a site's custom event name is read as words (text strength,
    evidence naming `ev`), a button's text is read and its CSS classes and id are not."""
    features = quote('{"classList":"btn deaf-friendly","id":"pregnancy-cta","innerText":"Next","tag":"button"}')
    page = "https://www.fernmoor.example/"
    requests = [f"https://www.facebook.com/tr/?id=1234&ev=IVFConsultationBooked&dl={quote(page)}",
                f"https://www.facebook.com/tr/?id=1234&ev=SubscribedButtonClick&dl={quote(page)}&cd[buttonFeatures]={features}"]
    analysis = analyze_hars([write(tmp_path / "events.har", har([entry(url) for url in requests]))])
    booked, clicked = [d for d in analysis.disclosures if d.vendor == "meta"]
    assert booked.sensitivity.categories == ["reproductive_health", "care_interaction"]
    assert {(e.field, e.strength) for e in booked.sensitivity.evidence} == {("ev", TEXT_STRENGTH)}
    assert not clicked.sensitivity.sensitive, clicked.sensitivity.evidence
    whole = classify_fields([Field("custom_data", unquote(features).replace("Next", "Order a chlamydia test"),
                                   "cd[buttonFeatures]")], technical_parameters("meta_pixel"))
    assert {e.field for e in whole.evidence} == {"cd[buttonFeatures].innerText"}


@lru_cache(maxsize=None)
def realworld(site: str) -> Analysis:
    return analyze_hars([REALWORLD / site / "requests.har"])


@pytest.mark.realworld
@pytest.mark.parametrize("site", REALWORLD_SITES)
def test_realworld_insurance_exchanges_are_not_specialist(site: str) -> None:
    """Hard negatives: a health-insurance marketplace is no specialist service: nothing at site strength."""
    analysis = realworld(site)
    assert analysis.sources[0].site_context.kind != SPECIALIST, analysis.sources[0].site_context
    strengths = {e.strength for d in analysis.disclosures for e in d.sensitivity.evidence}
    assert strengths <= {TEXT_STRENGTH}


@pytest.mark.realworld
def test_realworld_capture_with_a_given_category_marks_every_disclosure() -> None:
    site = REALWORLD_SITES[0]
    given = analyze_hars([REALWORLD / site / "requests.har"], site_category="sexual_health")
    assert given.disclosures and all(
        "sexual_health" in d.sensitivity.categories
        and any(e.strength == SITE_STRENGTH for e in d.sensitivity.evidence)
        for d in given.disclosures
    )
    # what the real Meta events carry besides their page: the pixel's own machinery, never read as health
    meta = [f for d in realworld(site).disclosures if d.vendor == "meta" for f in d.fields]
    kinds = {f.source: field_kind(f, technical_parameters("meta_pixel")) for f in meta}
    assert kinds.get("o") == TECHNICAL_KIND and kinds.get("dl") == TEXT_KIND, kinds


def test_fleet_file_category_column(tmp_path: Path) -> None:
    fleet = tmp_path / "fleet.csv"
    fleet.write_text("name,url,category\nWillowmead,https://www.willowmead.example/,Sexual health\n"
                     "Fernmoor,https://www.fernmoor.example/,none\nAshcombe,https://www.ashcombe.example/\n")
    assert [(s.name, s.category) for s in load_fleet(fleet)] == [
        ("Willowmead", "sexual_health"), ("Fernmoor", "none"), ("Ashcombe", "")]
    keyed = tmp_path / "keyed.csv"
    keyed.write_text("key,name,url,category\nw1,Willowmead,https://www.willowmead.example/,cancer\n")
    assert [(s.key, s.category) for s in load_fleet(keyed)] == [("w1", "cancer")]
    bad = tmp_path / "bad.csv"
    bad.write_text("Willowmead,https://www.willowmead.example/,dentistry\n")
    with pytest.raises(FleetError, match=r"bad.csv:1: unknown site category 'dentistry'"):
        load_fleet(bad)


def _cli(*args: str) -> Result:
    """In process: a subprocess per call would cost seconds of imports on a loaded machine."""
    return CliRunner().invoke(app, list(args))


def test_command_line_site_category_and_classify_site(hars: dict[str, Path]) -> None:
    given = _cli("analyze", str(hars["hospital"]), "--site-category", "mental_health", "-f", "json")
    assert given.exit_code == 0, given.stderr
    report = json.loads(given.stdout)
    assert report["sources"][0]["site_context"]["decided_by"] == "user"
    assert all("mental_health" in d["sensitivity"]["categories"] for d in report["disclosures"])
    bad = _cli("analyze", str(hars["hospital"]), "--site-category", "dentistry")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "unknown site category" in bad.stderr
    shown = _cli("classify", "--site", "Willowmead Sexual Health and HIV Clinic", "About us", "--json")
    (record,) = [json.loads(line) for line in shown.stdout.splitlines()]
    assert record["sensitive"] and record["evidence"][0]["strength"] == SITE_STRENGTH
    assert record["site_context"]["service"] == "sexual health clinic"
    plain = _cli("classify", "--site", "Fernmoor General Hospital", "About us", "--json")
    assert json.loads(plain.stdout)["sensitive"] is False


def test_a_scanned_site_given_a_category_in_the_fleet_file(hars: dict[str, Path]) -> None:
    """The fleet file's category reaches the analysis of a live scan (Site.category), once per site
    however many scenarios it was scanned under."""
    document = open_har(hars["hospital"])
    captures = list(document.captures())
    site = Site("Fernmoor General Hospital NHS Trust", "https://www.fernmoor.example/", category="cancer")
    scans = [SiteScan(site=site, scenario=scenario, captures=captures, pages=document.pages)
             for scenario in ("no-interaction", "accept-all")]
    analysis = analyze_scans(scans)
    assert [s.site_context.decided_by for s in analysis.sources] == ["user", "user"]
    meta = [d for d in analysis.disclosures if d.vendor == "meta"]
    assert len(meta) == 4 and all(d.sensitivity.categories == ["cancer"] for d in meta)
    inferred = analyze_scans([SiteScan(site=replace(site, category=""), scenario="no-interaction",
                                       captures=captures, pages=document.pages)])
    assert inferred.sources[0].site_context.kind == GENERAL


# The labels decision (docs/classifier-labels.md, "A page of a specialist service's own website"): a
# specialist site's pages carry its category at site strength, except a page whose own text names
# another role than a client's (jobs, news about the organisation, fundraising, ...).
ROLE_SITE = "https://www.willowmead.example/"
CLIENT_PAGES = ["contact-us", "clinics/opening-times", "about-us", "accessibility", "find-a-clinic"]
ROLE_PAGES = {"jobs/": "recruitment", "news/new-chair-appointed": "press", "support-us/donate": "fundraising",
              "about-us/trustees": "corporate", "volunteering/": "volunteering", "professionals/training-courses": "professional"}


@pytest.fixture(scope="module")
def role_analysis(tmp_path_factory: pytest.TempPathFactory) -> Analysis:
    pages = [ROLE_SITE + p for p in (*CLIENT_PAGES, *ROLE_PAGES)]
    path = _site_har(tmp_path_factory.mktemp("roles"), "roles", ROLE_SITE, "Willowmead Sexual Health and HIV Clinic", pages)
    return analyze_hars([path])


def test_a_specialist_sites_role_pages_carry_no_site_strength(role_analysis: Analysis) -> None:
    by_page = {d.page_url.removeprefix(ROLE_SITE): d.sensitivity for d in role_analysis.disclosures if d.vendor == "meta"}
    for page in ("", *CLIENT_PAGES):  # the home page and a client's pages: a visit to the clinic
        verdict = by_page[page]
        assert verdict.categories == ["sexual_health"], page
        assert [e.strength for e in verdict.evidence] == [SITE_STRENGTH], page
        assert verdict.site_basis.startswith("site strength given: a page of a sexual health clinic's website"), page
    for page, role in ROLE_PAGES.items():
        verdict = by_page[page]
        assert not verdict.sensitive and verdict.evidence == [], page
        assert verdict.site_basis.startswith("site strength withheld: its dl says"), page
    assert '("jobs": a job seeker)' in by_page["jobs/"].site_basis
    assert '("news": a reader of news about the organisation' in by_page["news/new-chair-appointed"].site_basis
    # the health finding's evidence says why each page was given the category; any finding listing a
    # role page's disclosure (tracking before consent, in a scan) says why it was withheld
    index = Index.of(role_analysis)
    lines = "\n".join(line for f in role_analysis.findings for line in evidence_lines(f, index, 50))
    assert lines.count("site: site strength given: a page of a sexual health clinic's website") == 1 + len(CLIENT_PAGES)
    assert "withheld" not in lines
    jobs = next(d for d in role_analysis.disclosures if d.vendor == "meta" and d.page_url.endswith("/jobs/"))
    assert site_evidence_lines(jobs) == [
        'site: site strength withheld: its dl says "/jobs/" ("jobs": a job seeker); '
        "a visit in that role says nothing of the visitor's health"]


@pytest.mark.parametrize(("texts", "role"), [
    ([("dt", "Jobs | Willowmead")], "recruitment"),
    ([("dl", "/work-for-us/clinical-vacancies")], "recruitment"),
    ([("cd[buttonText]", "Play the hospice lottery")], "fundraising"),
    ([("ep.search_term", "press kit")], "press"),
    ([("cd[donation_amount]", "donation_amount=25")], "fundraising"),
    ([("dt", "Board of Directors | Fernmoor")], "corporate"),
    ([("dl", "/get-involved/become-a-crisis-counselor")], "volunteering"),
    ([("dl", "/suppliers/procurement")], "supplier"),
    # a client's page: no role
    ([("dl", "/contact-us"), ("dt", "Opening times | Willowmead")], None),
    ([("dl", "/about-us/our-team")], None),
    ([("dt", "Giving birth at home")], None),
    ([("ep.search_term", "seek professional help")], None),
    ([("cd[buttonText]", "Give us a call")], None),
    ([("dl", "/treatments/tender-breasts")], None),
    # a role page that also offers the reader help, or tells clients of a change, is theirs too
    ([("dl", "/volunteer"), ("dt", "Volunteer with us - or get support yourself")], None),
    ([("dl", "/news/service-update-december-2026")], None),
])
def test_page_role_words(texts: list[tuple[str, str]], role: str | None) -> None:
    found = page_role(texts)
    assert (found.role if found else None) == role, found


def test_the_sites_own_title_names_no_role() -> None:
    """A home page's title ("... | Care, shops and volunteering") is the site describing itself."""
    context = given_context("cancer", "St Aidan's Hospice | Care, shops and volunteering")
    verdict = Sensitivity()
    apply_context(verdict, context, [("dt", "St Aidan's Hospice | Care, shops and volunteering")])
    assert verdict.categories == ["cancer"] and verdict.site_basis.startswith("site strength given")


def test_a_host_named_for_a_service_is_withheld_alike_on_a_role_page() -> None:
    """The host's name is the site speaking: a donate button on a crisis line's home page is a donor's."""
    verdict = classify_fields([Field("page_url", "https://www.opendoorcrisisline.org/", "dl")])
    assert verdict.categories == ["mental_health"]
    apply_context(verdict, SiteContext(), [("cd[buttonText]", "Donate £10")])
    assert not verdict.sensitive and verdict.site_basis.startswith("site strength withheld")


def test_a_hostile_role_page_text_reaches_reports_only_as_text(role_analysis: Analysis) -> None:
    """A role page's own words are quoted in the evidence: cleaned of controls, never markup."""
    context = given_context("sexual_health", "Willowmead Sexual Health and HIV Clinic")
    verdict = Sensitivity()
    apply_context(verdict, context, [("dt", "Jobs <script>alert(1)</script>\x1b[31m | Willowmead" + "x" * 5000)])
    assert not verdict.sensitive and verdict.site_basis.startswith("site strength withheld")
    disclosure = msgspec.structs.replace(role_analysis.disclosures[0], sensitivity=verdict)
    (line,) = site_evidence_lines(disclosure)
    assert "\x1b" not in line and len(line) < 400
    analysis = msgspec.structs.replace(role_analysis, disclosures=[disclosure, *role_analysis.disclosures[1:]])
    html = render_html(analysis).decode("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
