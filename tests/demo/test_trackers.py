"""The tracker emulators in real Chromium, decoded by pixelhound's own decoders as a scan would.

A tiny HTTPS server on 127.0.0.1 serves one fictional trust page and every tracker host through
`tracker_response`; Chromium reaches it with --host-resolver-rules. A visitor types into a booking
form, clicks a button, scrolls, submits the form and searches. Every request Chromium made is then
built into a Capture and run through ParsedRequest, the vendor knowledge and the vendor's decoder,
and the decoded drafts must show what the emulators sent.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import ssl
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from pixelhound.decode.draft import Draft
from pixelhound.decode.registry import decoder_for
from pixelhound.decode.request import ParsedRequest
from pixelhound.demo.trackers import TRACKER_HOSTS, configure, snippet, tracker_response
from pixelhound.knowledge.vendors import default_knowledge
from pixelhound.model import BUTTON_TEXT, FORM_FIELD, PAGE_TITLE, SEARCH_TERM, Capture

CHROMIUM = os.environ.get("PIXELHOUND_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SITE = "www.northshire-health.test"
PROXY = "metrics.northshire-health.test"
META_PIXEL = "100200300400500"
META_FORM_PIXEL = "100200300400599"  # same automatic features, always sent by form POST from an iframe
META_BEACON_PIXEL = "100200300400588"  # same automatic features, always sent by sendBeacon (FormData)
GA4_PROXIED = "G-NSHPROXY1"
GA4_DIRECT = "G-NSHDIRECT1"
TIKTOK = "CNSHTEST0000DEMO0001"
LINKEDIN = "4242424"
HOTJAR = "3141592"

EMAIL_TYPED = "  Jane.Doe@Example.org "
PHONE_TYPED = "07700 900123"
SEARCH = "chlamydia test"
BUTTON = "Book an HIV test - call 0161 555 0123"
RULE = {"text": "book an hiv test", "event": "Schedule", "id": "777000111"}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- the page ---------------------------------------------------------------------------------------


def head_snippets() -> str:
    return "\n".join(
        [
            snippet("meta_pixel", META_PIXEL, rules=json.dumps([RULE])),  # text, as a site's data file holds it
            snippet("meta_pixel", META_FORM_PIXEL, transport="form", microdata=False),
            snippet("meta_pixel", META_BEACON_PIXEL, transport="beacon", microdata=False),
            snippet("ga4", GA4_PROXIED, transport_url=f"https://{PROXY}"),
            snippet("ga4", GA4_DIRECT),
            snippet("tiktok", TIKTOK),
            snippet("linkedin", LINKEDIN),
            snippet("hotjar", HOTJAR),
        ]
    )


def page_html(path: str) -> bytes:
    query = parse_qs(urlsplit(path).query)
    term = (query.get("q") or [""])[0]
    search_calls = ""
    if urlsplit(path).path == "/search":
        search_calls = (
            "<script>var q=new URLSearchParams(location.search).get('q')||'';"
            "fbq('track','Search',{search_string:q});ttq.track('Search',{query:q});</script>"
        )
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Sexual health clinic | Northshire Health NHS Trust</title>
<meta name="description" content="Book an HIV test or a PrEP appointment at Northshire sexual health clinic">
<meta property="og:title" content="Sexual health services - HIV testing and PrEP">
<meta property="og:type" content="website">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"MedicalClinic","name":"Northshire sexual health clinic"}}</script>
{head_snippets()}
{search_calls}
</head><body>
<h1>HIV testing and PrEP</h1>
<p>Results for: {term}</p>
<form id="booking" name="booking-form" action="/book" method="post">
  <label>Email <input type="email" id="email" name="email" placeholder="Your email address"></label>
  <label>First name <input id="first_name" name="first_name" autocomplete="given-name"></label>
  <label>Phone <input type="tel" id="phone" name="phone"></label>
  <label>Reason <input id="condition" name="condition" placeholder="What do you need help with?"></label>
  <button type="button" id="book-hiv" class="btn btn-primary">{BUTTON}</button>
  <button type="submit" id="send">Send my request</button>
</form>
<form id="site-search" name="search" action="/search" method="get" role="search">
  <input type="search" id="q" name="q" placeholder="Search this site"><button type="submit">Search</button>
</form>
<div style="height:4000px"></div>
<p>End of page</p>
</body></html>"""
    return html.encode()


# --- a tiny HTTPS internet ----------------------------------------------------------------------------


def self_signed(directory: Path) -> tuple[Path, Path]:
    """The demo's own certificate maker, for this test's own small server."""
    from pixelhound.demo.tls import make_certificate

    return make_certificate(sorted(TRACKER_HOSTS | {SITE, PROXY}), directory)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # browsers drop connections at will; a test server need not complain


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet test server
        pass

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = (self.headers.get("Host") or "").split(":", 1)[0].lower()
        headers = list(self.headers.items())
        self.server.seen.append((self.command, host, self.path, body))  # type: ignore[attr-defined]
        answer = None
        if host == PROXY and urlsplit(self.path).path in ("/g/collect", "/gtag/js"):
            answer = tracker_response(self.command, "region1.google-analytics.com", self.path, headers, body)
        elif host in TRACKER_HOSTS:
            answer = tracker_response(self.command, host, self.path, headers, body)
        elif host == SITE:
            answer = (200, [("Content-Type", "text/html; charset=utf-8")], page_html(self.path))
        status, out, content = answer or (404, [("Content-Type", "text/plain")], b"not found")
        self.send_response(status)
        for name, value in out:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            try:
                self.wfile.write(content)
            except (ConnectionError, ssl.SSLError):
                pass  # the browser went away (a page unloading); nothing to tell it

    do_GET = do_POST = do_OPTIONS = do_HEAD = _serve


# --- the visit -----------------------------------------------------------------------------------------


@dataclass
class Decoded:
    vendor: str
    product: str
    capture: Capture
    draft: Draft


@dataclass
class Visit:
    captures: list[Capture]
    decoded: list[Decoded]
    cookies: list[dict]
    page_errors: list[str]
    seen: list[tuple[str, str, str, bytes]] = field(default_factory=list)

    def drafts(self, vendor: str, event: str | None = None) -> list[Decoded]:
        return [d for d in self.decoded if d.vendor == vendor and (event is None or d.draft.event == event)]


def decode_all(captures: list[Capture]) -> list[Decoded]:
    """Exactly what a scan does with each captured request."""
    knowledge = default_knowledge()
    out: list[Decoded] = []
    for capture in captures:
        req = ParsedRequest(capture)
        found = knowledge.endpoint_for(req.host, req.path, req.query_names)
        if found is None or found[1].kind != "collector":
            continue
        vendor, endpoint = found
        for draft in decoder_for(endpoint.decoder)(req):
            out.append(Decoded(vendor.id, draft.product or endpoint.product, capture, draft))
    return out


def wait_for(page, predicate, timeout: float = 10.0) -> bool:  # noqa: ANN001 - a test helper
    """Poll while letting Playwright deliver its events (a plain sleep would starve them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        page.wait_for_timeout(100)
    return predicate()


@pytest.fixture(scope="module")
def visit() -> Iterator[Visit]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium to drive")
    sync_api = pytest.importorskip("playwright.sync_api")
    directory = Path(tempfile.mkdtemp(prefix="pixelhound-trackers-"))
    cert, key = self_signed(directory)
    server = QuietServer(("127.0.0.1", 0), Handler)
    server.seen = []  # type: ignore[attr-defined]
    context_tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context_tls.load_cert_chain(cert, key)
    server.socket = context_tls.wrap_socket(server.socket, server_side=True)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    rules = ", ".join(f"MAP {host} 127.0.0.1:{port}" for host in sorted(TRACKER_HOSTS | {SITE, PROXY}))
    profile = directory / "profile"
    (profile / "Default").mkdir(parents=True)
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"profile": {"cookie_controls_mode": 0, "block_third_party_cookies": False}})
    )
    requests: list = []
    errors: list[str] = []
    try:
        with sync_api.sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(profile),
                executable_path=CHROMIUM,
                headless=True,
                ignore_https_errors=True,
                args=[
                    "--no-sandbox",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--ignore-certificate-errors",
                    f"--host-resolver-rules={rules}, MAP * ~NOTFOUND",
                ],
            )
            context.set_default_timeout(15_000)
            context.on("request", lambda request: requests.append(request))
            page = context.pages[0] if context.pages else context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            run_visit(page, requests, server.seen)  # type: ignore[attr-defined]
            cookies = context.cookies()
            captures = [to_capture(n, r) for n, r in enumerate(requests)]
            context.close()
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(directory, ignore_errors=True)
    yield Visit(captures, decode_all(captures), cookies, errors, list(server.seen))  # type: ignore[attr-defined]


def run_visit(page, requests: list, seen: list) -> None:  # noqa: ANN001 - Playwright page
    def sent(fragment: str, body: bytes = b"") -> bool:
        return any(fragment in r.url and body in (r.post_data_buffer or b"") for r in list(requests))

    page.goto(f"https://{SITE}/services/sexual-health?ref=home")
    assert wait_for(page, lambda: sent("/tr/?id=" + META_PIXEL) and sent("content.hotjar.io") and sent("px.ads.linkedin.com/wa"))
    page.fill("#email", EMAIL_TYPED)
    page.fill("#first_name", "Jane")
    page.fill("#phone", PHONE_TYPED)
    page.fill("#condition", "PrEP and HIV test")
    page.wait_for_timeout(300)  # hashing of the typed values is asynchronous
    page.click("#book-hiv")
    assert wait_for(page, lambda: sent("www.facebook.com/tr", b"SubscribedButtonClick"))
    page.mouse.wheel(0, 6000)
    assert wait_for(page, lambda: sent("/g/collect", b"en=scroll") or sent("en=scroll"))  # GA4 batches for a second
    with page.expect_navigation():
        page.click("#send")
    page.wait_for_load_state("load")
    with page.expect_navigation():
        page.fill("#q", SEARCH)
        page.press("#q", "Enter")
    page.wait_for_load_state("load")
    assert wait_for(page, lambda: sent("view_search_results") or sent("/g/collect", b"view_search_results"))
    page.wait_for_timeout(1500)
    page.goto("about:blank")  # page hide: the recorder and GA4 flush what is left
    page.wait_for_timeout(500)


def to_capture(index: int, request) -> Capture:  # noqa: ANN001 - Playwright request
    headers = list(request.headers.items())
    mime = next((v for k, v in headers if k.lower() == "content-type"), "")
    return Capture(index=index, url=request.url, method=request.method, request_headers=headers,
                   body=request.post_data_buffer, body_mime=mime)


def field_values(draft: Draft, source: str) -> list[str]:
    return [f.value for f in draft.fields if f.source == source]


def one_field(draft: Draft, source: str):  # noqa: ANN201
    matches = [f for f in draft.fields if f.source == source]
    assert matches, f"no field {source} in {[f.source for f in draft.fields]}"
    return matches[0]


def identifier(draft: Draft, source: str):  # noqa: ANN201
    matches = [i for i in draft.identifiers if i.source == source]
    assert matches, f"no identifier {source} in {[i.source for i in draft.identifiers]}"
    return matches[0]


# --- no browser: the interface ----------------------------------------------------------------------


def test_scripts_and_collectors_are_served() -> None:
    for host, path, mime in [
        ("connect.facebook.net", "/en_US/fbevents.js", "javascript"),
        ("connect.facebook.net", f"/signals/config/{META_PIXEL}?v=2.9.199&r=stable", "javascript"),
        ("www.googletagmanager.com", f"/gtag/js?id={GA4_DIRECT}", "javascript"),
        ("region1.google-analytics.com", f"/gtag/js?id={GA4_PROXIED}", "javascript"),
        ("analytics.tiktok.com", f"/i18n/pixel/events.js?sdkid={TIKTOK}&lib=ttq", "javascript"),
        ("snap.licdn.com", "/li.lms-analytics/insight.min.js", "javascript"),
        ("static.hotjar.com", f"/c/hotjar-{HOTJAR}.js?sv=6", "javascript"),
        ("script.hotjar.com", "/modules.ph1.js", "javascript"),
        ("www.facebook.com", f"/tr/?id={META_PIXEL}&ev=PageView", "image/gif"),
        ("px.ads.linkedin.com", f"/collect/?pid={LINKEDIN}&fmt=gif", "image/gif"),
        ("analytics.tiktok.com", "/api/v2/pixel", "application/json"),
    ]:
        answer = tracker_response("GET" if "pixel" not in path or "events" in path else "POST", host, path, [], b"")
        assert answer is not None, (host, path)
        status, headers, _ = answer
        assert status == 200 and mime in dict(headers)["Content-Type"], (host, path)
    assert tracker_response("POST", "region1.google-analytics.com", "/g/collect?v=2&tid=G-X", [], b"")[0] == 204
    assert tracker_response("GET", "www.facebook.com", "/nothing-here", [], b"") is None
    assert tracker_response("GET", "www.trust.test", "/tr/", [], b"") is None


def test_facebook_sets_its_third_party_cookie_once() -> None:
    _, headers, _ = tracker_response("GET", "www.facebook.com", "/tr/?id=1", [], b"")
    (cookie,) = [v for k, v in headers if k == "Set-Cookie"]
    assert cookie.startswith("fr=") and "Domain=.facebook.com" in cookie and "SameSite=None; Secure" in cookie
    _, again, _ = tracker_response("GET", "www.facebook.com", "/tr/?id=1", [("Cookie", "fr=abc")], b"")
    assert not [v for k, v in again if k == "Set-Cookie"]


def test_meta_configuration_decides_the_automatic_features() -> None:
    configure("meta_pixel", "999888777666", automatic_button_clicks=False)
    _, _, body = tracker_response("GET", "connect.facebook.net", "/signals/config/999888777666?v=1&r=stable", [], b"")
    config = json.loads(body.decode().split("__phConfigure(", 1)[1].split(",", 1)[1].rsplit(");}", 1)[0])
    assert config["automaticButtonClicks"] is False and config["automaticMatching"]["enabled"] is True


def test_snippets_validate_kind_account_and_options() -> None:
    assert "fbevents.js" in snippet("meta_pixel", META_PIXEL)
    assert f"https://{PROXY}/gtag/js?id={GA4_PROXIED}" in snippet("ga4", GA4_PROXIED, transport_url=f"https://{PROXY}")
    with pytest.raises(ValueError):
        snippet("ga4", "UA-1-1")
    with pytest.raises(ValueError):
        snippet("pinterest", "1")
    with pytest.raises(TypeError):
        snippet("hotjar", HOTJAR, no_such_option=True)


# --- in Chromium -----------------------------------------------------------------------------------------


def test_meta_page_view_is_a_get_image_with_browser_id(visit: Visit) -> None:
    views = [d for d in visit.drafts("meta", "PageView") if d.draft.account == META_PIXEL]
    assert views
    first = views[0]
    assert first.capture.method == "GET"
    assert first.draft.page_url == f"https://{SITE}/services/sexual-health?ref=home"
    fbp = identifier(first.draft, "fbp")
    assert fbp.kind == "fbp" and fbp.value.startswith("fb.1.")
    assert {c["name"] for c in visit.cookies if c["domain"].endswith("northshire-health.test")} >= {"_fbp", "_ga", "_ttp"}


def _clicks(visit: Visit, pixel: str) -> list[Decoded]:
    """The automatic click events on the 'Book an HIV test' button (other clicks follow it)."""
    return [
        d
        for d in visit.drafts("meta", "SubscribedButtonClick")
        if d.draft.account == pixel and "book-hiv" in " ".join(field_values(d.draft, "cd[buttonFeatures].id"))
    ]


@pytest.mark.parametrize(
    ("pixel", "method", "mime", "rqm"),
    [
        (META_PIXEL, "GET", "", "GET"),  # short enough for an image request
        (META_BEACON_PIXEL, "POST", "multipart/form-data", "SB"),
        (META_FORM_PIXEL, "POST", "application/x-www-form-urlencoded", "formPOST"),
    ],
)
def test_meta_button_click_carries_text_form_and_hashed_typed_values(
    visit: Visit, pixel: str, method: str, mime: str, rqm: str
) -> None:
    (click,) = _clicks(visit, pixel)
    assert click.capture.method == method and mime in click.capture.body_mime
    draft = click.draft
    assert field_values(draft, "rqm") == [rqm]
    text = one_field(draft, "cd[buttonText]")
    assert (text.name, text.value) == (BUTTON_TEXT, "Book an HIV test - call 0000 000 0000")
    inner = one_field(draft, "cd[buttonFeatures].innerText")
    assert (inner.name, inner.value) == (BUTTON_TEXT, BUTTON)
    assert field_values(draft, "cd[formFeatures][3].name") == ["condition"]
    assert one_field(draft, "cd[formFeatures][3].placeholder").name == FORM_FIELD
    assert one_field(draft, "cd[pageFeatures].title").name == PAGE_TITLE
    assert draft.page_url == f"https://{SITE}/services/sexual-health?ref=home"
    email = identifier(draft, "udff[em]")
    assert (email.kind, email.value) == ("hashed_email", sha256("jane.doe@example.org"))
    assert identifier(draft, "udff[ph]").value == sha256("07700900123")
    assert identifier(draft, "udff[fn]").value == sha256("jane")
    assert "2048 automatically matched PII present" in one_field(draft, "o").value
    assert "automatic" in one_field(draft, "es").value


def test_meta_rule_turns_button_text_into_a_standard_event(visit: Visit) -> None:
    (schedule,) = [d for d in visit.drafts("meta", "Schedule") if d.draft.account == META_PIXEL]
    assert "777000111" in one_field(schedule.draft, "est_source").value
    assert "true" in one_field(schedule.draft, "cs_est").value
    assert not [d for d in visit.drafts("meta", "Schedule") if d.draft.account != META_PIXEL]


def test_snippet_options_given_as_text() -> None:
    snippet("meta_pixel", "555444333222", automatic_button_clicks="false", matching_fields="em,ph")
    _, _, body = tracker_response("GET", "connect.facebook.net", "/signals/config/555444333222", [], b"")
    assert b'"automaticButtonClicks":false' in body and b'"fields":["em","ph"]' in body


def test_meta_one_page_view_per_pixel_per_page(visit: Visit) -> None:
    views = [d.draft.account for d in visit.drafts("meta", "PageView") if "ref=home" in d.draft.page_url]
    assert sorted(views) == sorted([META_PIXEL, META_FORM_PIXEL, META_BEACON_PIXEL])


def test_meta_microdata_and_search(visit: Visit) -> None:
    micro = [d for d in visit.drafts("meta", "Microdata") if d.draft.account == META_PIXEL]
    assert micro
    values = " ".join(f.value for f in micro[0].draft.fields)
    assert "Sexual health clinic | Northshire Health NHS Trust" in values
    assert "Sexual health services - HIV testing and PrEP" in values  # Open Graph
    assert "Northshire sexual health clinic" in values  # JSON-LD
    assert not [d for d in visit.drafts("meta", "Microdata") if d.draft.account == META_FORM_PIXEL]
    searches = [d for d in visit.drafts("meta", "Search") if d.draft.account == META_PIXEL]
    assert searches
    term = one_field(searches[0].draft, "cd[search_string]")
    assert (term.name, term.value) == (SEARCH_TERM, SEARCH)
    assert "q=chlamydia+test" in searches[0].draft.page_url


def test_ga4_through_the_first_party_proxy(visit: Visit) -> None:
    proxied = [d for d in visit.drafts("google") if urlsplit(d.capture.url).hostname == PROXY]
    assert proxied and all(d.draft.account == GA4_PROXIED for d in proxied)
    events = {d.draft.event for d in proxied}
    assert {"page_view", "view_search_results", "scroll", "form_start", "form_submit"} <= events
    (search,) = [d for d in proxied if d.draft.event == "view_search_results"]
    term = one_field(search.draft, "ep.search_term")
    assert (term.name, term.value) == (SEARCH_TERM, SEARCH)
    assert search.capture.body and b"\n" in search.capture.body  # batched with page_view, one event per line
    form = [d for d in proxied if d.draft.event == "form_start"][0]
    assert one_field(form.draft, "ep.form_id").value == "booking"
    assert one_field(form.draft, "ep.form_id").name == FORM_FIELD
    submit = [d for d in proxied if d.draft.event == "form_submit" and "booking" in field_values(d.draft, "ep.form_id")]
    assert submit and one_field(submit[0].draft, "ep.form_submit_text").value == "Send my request"
    ga = next(c["value"] for c in visit.cookies if c["name"] == "_ga")
    assert identifier(proxied[0].draft, "cid").value == ga.split(".", 2)[2]


def test_ga4_direct_tag_goes_to_google(visit: Visit) -> None:
    direct = [d for d in visit.drafts("google") if urlsplit(d.capture.url).hostname == "region1.google-analytics.com"]
    assert direct and {d.draft.account for d in direct} == {GA4_DIRECT}
    assert "view_search_results" in {d.draft.event for d in direct}
    assert all(d.capture.method == "POST" for d in direct)


def test_tiktok_events(visit: Visit) -> None:
    views = visit.drafts("tiktok", "Pageview")
    assert views and views[0].draft.account == TIKTOK
    assert views[0].draft.page_url == f"https://{SITE}/services/sexual-health?ref=home"
    assert views[0].capture.body_mime.startswith("text/plain")
    assert identifier(views[0].draft, "body.context.user.anonymous_id").kind == "ttp"
    (meta,) = [d for d in visit.drafts("tiktok", "Metadata") if "ref=home" in d.draft.page_url]
    assert "Sexual health services - HIV testing and PrEP" in " ".join(f.value for f in meta.draft.fields)
    (click,) = [
        d for d in visit.drafts("tiktok", "ClickButton")
        if field_values(d.draft, "body.auto_collected_properties.trigger_element.id") == ["book-hiv"]
    ]
    text = one_field(click.draft, "body.auto_collected_properties.trigger_element.inner_text")
    assert (text.name, text.value) == (BUTTON_TEXT, BUTTON)
    assert identifier(click.draft, "body.context.user.email").value == sha256("jane.doe@example.org")
    (search,) = visit.drafts("tiktok", "Search")
    assert one_field(search.draft, "body.properties.query").value == SEARCH


def test_linkedin_insight(visit: Visit) -> None:
    linkedin = visit.drafts("linkedin")
    collect = [d for d in linkedin if urlsplit(d.capture.url).path == "/collect"]
    assert collect and collect[0].draft.account == LINKEDIN
    assert collect[0].draft.page_url == f"https://{SITE}/services/sexual-health?ref=home"
    assert identifier(collect[0].draft, "li_adsId").kind == "li_ads_id"
    visits = [d for d in linkedin if d.draft.event == "PAGE_VISIT"]
    assert visits and one_field(visits[0].draft, "body.pageTitle").name == PAGE_TITLE
    (submitted,) = [d for d in linkedin if d.draft.event == "FORM_SUBMIT"]
    hem = identifier(submitted.draft, "body.hem")
    assert (hem.kind, hem.value) == ("hashed_email", sha256("jane.doe@example.org"))


def test_hotjar_records_what_was_typed(visit: Visit) -> None:
    recordings = visit.drafts("hotjar", "recording")
    assert recordings and all(d.draft.account == HOTJAR for d in recordings)
    assert all((d.capture.body or b"")[:2] == b"\x1f\x8b" for d in recordings)  # gzip on the wire
    everything = " ".join(f.value for d in recordings for f in d.draft.fields)
    assert EMAIL_TYPED.strip() in everything and PHONE_TYPED in everything  # the keystrokes themselves
    assert "HIV testing and PrEP" in everything  # the page text
    assert any(i.kind == "hotjar_user" for d in recordings for i in d.draft.identifiers)
    assert visit.drafts("hotjar", "visit data")


def test_emulators_never_throw_into_the_page(visit: Visit) -> None:
    assert visit.page_errors == []


def test_third_party_cookies_were_set(visit: Visit) -> None:
    names = {(c["name"], c["domain"]) for c in visit.cookies}
    assert ("fr", ".facebook.com") in names
    assert ("bcookie", ".linkedin.com") in names


def test_every_emulator_request_is_recognised(visit: Visit) -> None:
    """Nothing the emulators sent went unrecognised by the vendor knowledge."""
    knowledge = default_knowledge()
    for capture in visit.captures:
        host = urlsplit(capture.url).hostname or ""
        if host in TRACKER_HOSTS or (host == PROXY and "/g/collect" in capture.url):
            req = ParsedRequest(capture)
            assert knowledge.endpoint_for(req.host, req.path, req.query_names), capture.url

