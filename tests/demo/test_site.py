"""The trust websites as pages: structure, search, sitemap, forms (no browser needed)."""

from __future__ import annotations

from pixelhound.demo import content, hostile, site
from pixelhound.demo.trusts import FERNMOOR, SALTMERE


def _snippet(kind: str, account: str, **options: str) -> str:
    return f'<script data-tracker="{kind}"></script>'


def _get(path: str, trust=FERNMOOR) -> tuple[int, str]:
    response = site.render(trust, "GET", path, b"", _snippet)
    return response.status, response.body.decode()


def test_every_catalogue_page_renders_with_title_and_trackers() -> None:
    for path in content.page_paths():
        status, page = _get(path)
        assert status == 200, path
        assert f"- {FERNMOOR.name}</title>" in page or path == "/"
        assert 'data-tracker="meta_pixel"' in page
        assert 'href="/privacy-notice"' in page and 'href="/cookie-policy"' in page
    _, hiv = _get("/conditions/hiv-and-prep")
    assert "<title>HIV and PrEP - Fernmoor Community Health NHS Trust</title>" in hiv


def test_clean_trust_has_no_third_party_anything() -> None:
    for path in content.page_paths():
        _, page = _get(path, SALTMERE)
        assert "data-tracker" not in page
        assert "https://" not in page.split("<body>")[0].replace("https://www.saltmere.nhs.test", "")


def test_search_lists_matching_pages() -> None:
    status, page = _get("/search?q=hiv+prep")
    assert status == 200
    assert 'href="/conditions/hiv-and-prep"' in page
    assert "Search results for “hiv prep”" in page
    assert site.search("nothing matches this") == []


def test_search_term_is_escaped() -> None:
    _, page = _get("/search?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_sitemap_and_robots() -> None:
    status, sitemap = _get("/sitemap.xml")
    assert status == 200
    for path in content.page_paths():
        assert f"<loc>https://www.fernmoor.nhs.test{path}</loc>" in sitemap
    _, robots = _get("/robots.txt")
    assert "Sitemap: https://www.fernmoor.nhs.test/sitemap.xml" in robots


def test_forms_post_to_the_trust_and_thank() -> None:
    _, page = _get("/repeat-prescriptions")
    for name in ("full_name", "email", "phone", "postcode", "date_of_birth", "medication"):
        assert f'name="{name}"' in page
    response = site.render(FERNMOOR, "POST", "/forms/submit", b"form_id=contact-form&email=a%40b.test", _snippet)
    assert response.status == 200 and b"Thank you" in response.body
    assert site.render(FERNMOOR, "GET", "/forms/submit", b"", _snippet).status == 405


def test_appointments_has_button_and_phone_link() -> None:
    _, page = _get("/appointments")
    assert ">Book an appointment</a>" in page
    assert 'href="tel:01632960100"' in page


def test_unknown_page_is_404() -> None:
    assert _get("/no-such-page")[0] == 404


def test_hostile_pages() -> None:
    assert hostile.render("GET", "/redirect-loop").headers[0] == ("Location", "/redirect-loop")
    assert hostile.render("GET", "/never-loads").stream is not None
    index = hostile.render("GET", "/").body.decode()
    for path, _ in hostile.PAGES:
        assert f'href="{path}"' in index
