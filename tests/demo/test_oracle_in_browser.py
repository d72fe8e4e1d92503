"""Each trust's oracle is achievable: in real Chromium, with the tracker emulators, the promised
request reaches the vendor's host carrying the promised text, and clean pages send nothing out.

This checks raw wire text only (decoding and classifying are the pipeline's job, tested elsewhere);
it proves the demo's definitions and pages agree with each other before a scanner test relies on them.
"""

from __future__ import annotations

import hashlib
from urllib.parse import unquote_plus

import pytest

from pixelhound.demo.requestlog import LoggedRequest
from pixelhound.demo.server import DemoInternet
from pixelhound.demo.trusts import TRUSTS, ExpectedLeak, Trust

pytest.importorskip("pixelhound.demo.trackers", reason="tracker emulators not written yet")

VENDOR_HOSTS = {
    "meta": {"www.facebook.com"},
    "google": {"region1.google-analytics.com", "www.google-analytics.com", "analytics.google.com"},
    "tiktok": {"analytics.tiktok.com"},
    "linkedin": {"px.ads.linkedin.com"},
    "hotjar": {"content.hotjar.io", "in.hotjar.com"},
}
TEST_PERSON = {
    "full_name": "Alex Example",
    "email": "alex.example@example.test",
    "phone": "01632 960 001",
    "postcode": "ZZ1 1ZZ",
    "date_of_birth": "1980-01-31",
    "medication": "Emtricitabine/tenofovir",
    "reason": "HIV PrEP follow-up",
    "message": "Please call me back",
}


def perform(page, trust: Trust, leak: ExpectedLeak) -> None:  # noqa: ANN001
    """Run an oracle action the way a journey would."""
    kind, _, argument = leak.action.partition(":")
    if kind == "search":
        page.goto(trust.start_url)
        page.fill("#search-field", argument)
        with page.expect_navigation():
            page.press("#search-field", "Enter")
        return
    page.goto(f"https://{trust.host}{leak.path}")
    if kind in ("load", "leave"):
        # Read to the end and leave, as a visitor does: what a tracker holds until pagehide then leaves.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.goto("about:blank")
    elif kind == "click":
        page.get_by_text(argument, exact=True).click()
    elif kind == "form":
        form = page.locator(f"form#{argument}")
        for name, value in TEST_PERSON.items():
            field = form.locator(f"[name={name}]")
            if field.count():
                field.fill(value)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()


def wire_text(request: LoggedRequest) -> str:
    """URL and body, percent-decoded, for a plain substring check."""
    return unquote_plus(request.path + "\n" + request.body.decode("utf-8", "replace")).lower()


def promised(trust: Trust, leak: ExpectedLeak, request: LoggedRequest) -> bool:
    hosts = {leak.host} if leak.host else VENDOR_HOSTS[leak.vendor]
    if request.host not in hosts:
        return False
    text = wire_text(request)
    if leak.contains and leak.contains.lower() not in text:
        return False
    if leak.equals and leak.equals.lower() not in text:
        return False
    if leak.identifier == "hashed_email":
        return hashlib.sha256(TEST_PERSON["email"].encode()).hexdigest() in text
    return True


CASES = [(trust, leak) for trust in TRUSTS for leak in trust.expected]


@pytest.mark.parametrize(("trust", "leak"), CASES, ids=[f"{t.slug}-{l.vendor}-{l.path}-{l.action}" for t, l in CASES])
def test_expected_leak_reaches_the_vendor(internet: DemoInternet, page, trust: Trust, leak: ExpectedLeak) -> None:  # noqa: ANN001
    before = len(internet.log)
    perform(page, trust, leak)
    found = internet.log.wait_for(lambda r: promised(trust, leak, r), timeout=8, since=before)
    if found is None:
        seen = [f"{r.method} {r.host}{r.path[:120]}" for r in internet.log.snapshot()[before:]]
        pytest.fail(f"no request carried {leak}; saw:\n" + "\n".join(seen))


@pytest.mark.parametrize("trust", [t for t in TRUSTS if t.expected_clean_paths], ids=lambda t: t.slug)
def test_clean_pages_send_nothing_to_third_parties(internet: DemoInternet, page, trust: Trust) -> None:  # noqa: ANN001
    health_paths = [p for p in trust.expected_clean_paths if p.startswith("/conditions/")][:2]
    sample = ["/", "/repeat-prescriptions", "/search", *health_paths]
    before = len(internet.log)
    for path in sample:
        if path in trust.expected_clean_paths:
            page.goto(f"https://{trust.host}{path}", wait_until="load")
    page.wait_for_timeout(500)
    outside = [r.url for r in internet.log.snapshot()[before:] if r.host not in trust.first_party_hosts]
    assert outside == []
