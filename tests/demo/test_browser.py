"""The demo internet in real headless Chromium: every host and page, forms, search, isolation."""

from __future__ import annotations

from collections import Counter

import pytest

from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import FERNMOOR, SALTMERE, TRUSTS, Trust


@pytest.mark.parametrize("trust", TRUSTS, ids=lambda t: t.slug)
def test_every_page_of_every_trust_answers_over_https(internet: DemoInternet, page, trust: Trust) -> None:
    for path in trust.page_paths():
        response = page.goto(f"https://{trust.host}{path}", wait_until="domcontentloaded")
        assert response is not None and response.status == 200, path
        assert response.url.startswith("https://")
        assert trust.name in page.title()
    security = response.security_details()
    assert security and security.get("issuer") == "pixelhound demo internet"


def test_page_title_and_bare_domain_redirect(internet: DemoInternet, page) -> None:
    page.goto("https://fernmoor.nhs.test/conditions/hiv-and-prep")
    assert page.url == "https://www.fernmoor.nhs.test/conditions/hiv-and-prep"
    assert page.title() == "HIV and PrEP - Fernmoor Community Health NHS Trust"


def test_form_post_from_the_browser_is_logged_with_its_body(internet: DemoInternet, page) -> None:
    before = len(internet.log)
    page.goto(f"{FERNMOOR.start_url}repeat-prescriptions")
    page.get_by_text("Order a repeat prescription", exact=True).click()
    assert page.url.endswith("/repeat-prescriptions#repeat-prescription-form")
    page.fill("#full_name", "Alex Example")
    page.fill("#email", "alex@example.test")
    page.fill("#phone", "01632 960 001")
    page.fill("#postcode", "ZZ1 1ZZ")
    page.fill("#date_of_birth", "1980-01-31")
    page.fill("#medication", "Emtricitabine/tenofovir")
    with page.expect_navigation():
        page.get_by_role("button", name="Send request").click()
    assert page.get_by_role("heading", name="Thank you").is_visible()
    posted = internet.log.wait_for(
        lambda r: r.method == "POST" and r.host == FERNMOOR.host and r.path == "/forms/submit", since=before
    )
    assert posted is not None
    assert b"form_id=repeat-prescription-form" in posted.body
    assert b"email=alex%40example.test" in posted.body
    assert b"medication=Emtricitabine%2Ftenofovir" in posted.body


def test_header_search_shows_results(internet: DemoInternet, page) -> None:
    page.goto(FERNMOOR.start_url)
    page.fill("#search-field", "hiv prep")
    with page.expect_navigation():
        page.press("#search-field", "Enter")
    assert page.url == "https://www.fernmoor.nhs.test/search?q=hiv+prep"
    assert page.get_by_role("link", name="HIV and PrEP").count() == 1


def _until_the_log_is_quiet(internet: DemoInternet, page, quiet_ms: int = 1500, limit_ms: int = 30_000) -> None:
    """Let a page's delayed beacons (Meta's Microdata event fires 500 ms after load, the moment
    `networkidle` may already have resolved) leave before the next navigation, and let Playwright
    deliver their request events to Python. Without this, a beacon sent as the test navigates away
    reaches the server while Chromium no longer reports it to the page."""
    count, still, waited = len(internet.log), 0, 0
    while still < quiet_ms and waited < limit_ms:
        page.wait_for_timeout(250)
        waited += 250
        still = still + 250 if len(internet.log) == count else 0
        count = len(internet.log)


@pytest.mark.parametrize("trust", [FERNMOOR, SALTMERE], ids=lambda t: t.slug)
def test_log_and_browser_agree_on_every_request(internet: DemoInternet, page, trust: Trust) -> None:
    """Every request the server received is one Chromium reports sending; the only requests
    Chromium reports that never reached the server are scripts served from its HTTP cache.
    (A beacon sent while a clicked link navigates away can reach the server unreported by
    Chromium; the scanner stops link navigation for that reason, so this test navigates itself.)"""
    sent: list[tuple[str, str, str]] = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.resource_type)))
    before = len(internet.log)
    page.goto(f"https://{trust.host}/appointments", wait_until="networkidle")
    _until_the_log_is_quiet(internet, page)
    page.goto(f"https://{trust.host}/appointments/book", wait_until="networkidle")
    _until_the_log_is_quiet(internet, page)
    logged = Counter((r.method, r.url) for r in internet.log.snapshot()[before:])
    reported = Counter((method, url) for method, url, _ in sent)
    assert logged and not logged - reported
    cached = reported - logged
    assert all(kind == "script" for method, url, kind in sent if (method, url) in cached)


@pytest.mark.parametrize("url", ["https://www.example.com/", "https://not-served.test/", "http://www.fernmoor.nhs.test.evil/"])
def test_unknown_hosts_never_resolve(internet: DemoInternet, page, url: str) -> None:
    before = len(internet.log)
    with pytest.raises(Exception, match="ERR_NAME_NOT_RESOLVED"):
        page.goto(url)
    assert len(internet.log) == before
