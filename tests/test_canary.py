"""Canary detection: the fictional identity typed into forms is found wherever and however a
tracker received it, and nowhere else."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import random
from urllib.parse import quote

import pytest

from pixelhound.assess.canary import (
    RULE_CANARY,
    CanaryHit,
    CanaryIdentity,
    canary_findings,
    canary_needles,
    find_canaries,
)
from pixelhound.model import Capture
from pixelhound.settings import CANARY_MIN_NEEDLE_CHARS

SITE = "exampletrust.test"
ME = CanaryIdentity()
EMAIL = ME.email.strip().lower()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def capture(
    url: str,
    body: bytes | str | None = None,
    mime: str = "",
    headers: list[tuple[str, str]] | None = None,
    index: int = 0,
) -> Capture:
    if isinstance(body, str):
        body = body.encode()
    return Capture(
        index=index,
        url=url,
        method="POST" if body is not None else "GET",
        request_headers=headers or [],
        body=body,
        body_mime=mime,
    )


def hits_for(*captures: Capture, identity: CanaryIdentity = ME) -> list[CanaryHit]:
    return find_canaries(captures, identity, SITE)


def only(hits: list[CanaryHit]) -> CanaryHit:
    assert len(hits) == 1, hits
    return hits[0]


def multipart(fields: dict[str, str], boundary: str = "----WebKitFormBoundaryCanary") -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


# --- the identity ---


def test_defaults_are_fictional() -> None:
    assert ME.email.endswith(("@example.com", "@example.org"))
    digits = ME.phone.replace(" ", "")
    assert digits.startswith("07700900") and 900000 <= int(digits[5:]) <= 900999
    assert ME.postcode.startswith("ZZ")  # no UK postcode area is ZZ
    assert ME.full_name == f"{ME.first_name} {ME.last_name}"


def test_from_options_fills_defaults_and_splits_the_name() -> None:
    assert CanaryIdentity.from_options(None, None, None, None) == CanaryIdentity()
    custom = CanaryIdentity.from_options("jo.test@example.org", "Jo Ann Testperson", "+44 7700 900999", "ZZ1 1ZZ")
    assert (custom.email, custom.first_name, custom.last_name) == ("jo.test@example.org", "Jo", "Ann Testperson")
    assert (custom.phone, custom.postcode) == ("+44 7700 900999", "ZZ1 1ZZ")
    blank = CanaryIdentity.from_options("  ", "  ", "", None)
    assert blank == CanaryIdentity()
    assert CanaryIdentity.from_options(name="Cher").full_name == "Cher"


# --- the needles ---


def test_needles_are_long_enough_and_unique() -> None:
    needles = canary_needles(ME)
    texts = [n.text for n in needles]
    assert len(texts) == len(set(texts))
    assert all(len(t) >= CANARY_MIN_NEEDLE_CHARS for t in texts)
    assert {n.field for n in needles} == {"email", "phone", "first_name", "last_name", "full_name", "postcode"}


def test_needles_cover_the_platform_normalisations() -> None:
    by_text = {n.text: n for n in canary_needles(ME)}
    expected = {
        EMAIL: ("email", "plain"),
        quote(EMAIL, safe=""): ("email", "URL-encoded"),
        EMAIL.upper(): ("email", "upper-case"),
        base64.b64encode(EMAIL.encode()).decode(): ("email", "base64"),
        sha256(EMAIL): ("email", "SHA-256 of normalised email (Meta/Google/TikTok/Snap/Pinterest/LinkedIn)"),
        sha256(EMAIL).upper(): ("email", "SHA-256 of normalised email, upper-case hex"),
        hashlib.md5(EMAIL.encode()).hexdigest(): ("email", "MD5 of normalised email"),
        hashlib.sha1(EMAIL.encode()).hexdigest(): ("email", "SHA-1 of normalised email"),
        "FFF" + sha256(EMAIL): ("email", "Snap u_hem style (FFF + SHA-256 of normalised email)"),
        "+447700900461": ("phone", "plain, phone in E.164"),
        sha256("447700900461"): ("phone", "SHA-256 of phone digits with country code (Meta/Snap/Pinterest)"),
        sha256("+447700900461"): ("phone", "SHA-256 of phone in E.164 (Google/TikTok)"),
        sha256("07700900461"): ("phone", "SHA-256 of phone digits only"),
        sha256("pixela"): ("first_name", "SHA-256 of normalised first name (Meta/Google/TikTok/Snap)"),
        sha256("canaryhound"): ("last_name", "SHA-256 of normalised last name (Meta/Google/TikTok/Snap)"),
        "Pixela+Canaryhound": ("full_name", "URL-encoded"),
        "Pixela%20Canaryhound": ("full_name", "URL-encoded"),
        sha256("zz99zz"): ("postcode", "SHA-256 of normalised postcode (Meta)"),
        sha256("zz9 9zz"): ("postcode", "SHA-256 of postcode lower-case"),
        sha256("zz99"): ("postcode", "SHA-256 of postcode area, district and sector (Meta (UK))"),
    }
    for text, (field, form) in expected.items():
        assert text in by_text, (text, form)
        assert (by_text[text].field, by_text[text].form) == (field, form)


def test_an_international_phone_keeps_its_own_country_code() -> None:
    texts = {n.text for n in canary_needles(CanaryIdentity(phone="+1 555 010 0199"))}
    assert {"15550100199", "+15550100199", sha256("15550100199"), sha256("+15550100199")} <= texts


# --- every transport and form is found, with its parameter ---

FB = "https://www.facebook.com/tr/"
EMAIL_SHA = sha256(EMAIL)

CASES = [
    pytest.param(
        capture(f"{FB}?id=1&ev=Lead&udff%5Bem%5D={EMAIL_SHA}"),
        ("email", "SHA-256 of normalised email (Meta/Google/TikTok/Snap/Pinterest/LinkedIn)", "url", "udff[em]"),
        id="meta-udff-query",
    ),
    pytest.param(
        capture(FB, f"id=1&ev=Lead&ud%5Bph%5D={sha256('447700900461')}", "application/x-www-form-urlencoded"),
        ("phone", "SHA-256 of phone digits with country code (Meta/Snap/Pinterest)", "body", "ud[ph]"),
        id="meta-ud-urlencoded-body",
    ),
    pytest.param(
        capture(FB, multipart({"id": "1", "udff[fn]": sha256("pixela")}), "multipart/form-data"),
        ("first_name", "SHA-256 of normalised first name (Meta/Google/TikTok/Snap)", "body", "udff[fn]"),
        id="meta-multipart-body",
    ),
    pytest.param(
        capture(
            "https://tr.snapchat.com/p",
            json.dumps({"ctx": {"url": "https://www.exampletrust.test/"},
                        "req": [{"t": {"pid": "p1", "ev": "SIGN_UP", "u_hem": "FFF" + EMAIL_SHA}}]}),
            "text/plain",
        ),
        ("email", "Snap u_hem style (FFF + SHA-256 of normalised email)", "body", "req[0].t.u_hem"),
        id="snap-json-body",
    ),
    pytest.param(
        capture(
            "https://analytics.tiktok.com/api/v2/pixel",
            gzip.compress(json.dumps({"event": "SubmitForm",
                                      "context": {"user": {"phone_number": sha256("+447700900461")}}}).encode()),
            "text/plain",
        ),
        ("phone", "SHA-256 of phone in E.164 (Google/TikTok)", "body", "context.user.phone_number"),
        id="tiktok-gzipped-body",
    ),
    pytest.param(
        capture("https://ct.pinterest.com/v3/?tid=1&event=lead&pd=" + quote(json.dumps({"em": EMAIL_SHA}), safe="")),
        ("email", "SHA-256 of normalised email (Meta/Google/TikTok/Snap/Pinterest/LinkedIn)", "url", "pd.em"),
        id="pinterest-pd-json-in-query",
    ),
    pytest.param(
        capture("https://px.ads.linkedin.com/wa/", json.dumps({"pids": [1], "hem": EMAIL_SHA}), "application/json"),
        ("email", "SHA-256 of normalised email (Meta/Google/TikTok/Snap/Pinterest/LinkedIn)", "body", "hem"),
        id="linkedin-hem",
    ),
    pytest.param(
        capture(
            "https://www.facebook.com/tr/?id=1&ev=PageView",
            headers=[("Referer", "https://www.exampletrust.test/thanks?email=pixela.canaryhound%40example.com")],
        ),
        ("email", "plain", "header:referer", "email"),
        id="referer-header",
    ),
    pytest.param(
        capture(
            "https://analytics.tiktok.com/api/v2/pixel",
            json.dumps({"context": {"page": {"url": f"https://www.{SITE}/?email=pixela.canaryhound%40example.com"}}}),
            "text/plain",
        ),
        ("email", "URL-encoded", "body", "context.page.url"),
        id="url-encoded-in-json",
    ),
    pytest.param(
        capture("https://www.google-analytics.com/g/collect?v=2&en=form_submit&dl="
                + quote("https://www.exampletrust.test/contact?name=Pixela+Canaryhound", safe="")),
        ("full_name", "URL-encoded", "url", "dl"),
        id="quote-plus-name-in-page-url",
    ),
    pytest.param(
        capture("https://www.google.com/ccm/collect?en=conversion&em=tv.1~em."
                + base64.urlsafe_b64encode(hashlib.sha256(EMAIL.encode()).digest()).decode().rstrip("=")),
        ("email", "SHA-256 of normalised email, base64 (URL-safe)", "url", "em"),
        id="google-user-provided-data-base64url",
    ),
    pytest.param(
        capture("https://collector.adtech.example/e", base64.b64encode(EMAIL.encode()), "text/plain"),
        ("email", "base64", "body", ""),
        id="base64-text-body",
    ),
    pytest.param(
        capture("https://collector.adtech.example/e?data="
                + base64.b64encode(json.dumps({"user": {"email": EMAIL}}).encode()).decode()),
        ("email", "base64 inside longer text", "url", "data"),
        id="base64-inside-longer-text",
    ),
    pytest.param(
        capture("https://t.co/1/i/adsct?txn_id=x&EMAIL=PIXELA.CANARYHOUND%40EXAMPLE.COM"),
        ("email", "upper-case", "url", "EMAIL"),
        id="upper-case",
    ),
    pytest.param(
        capture(f"https://collector.adtech.example/m?hashed_email={EMAIL_SHA.upper()}"),
        ("email", "SHA-256 of normalised email, upper-case hex", "url", "hashed_email"),
        id="upper-case-hex",
    ),
    pytest.param(
        capture(f"https://collector.adtech.example/m?e_md5={hashlib.md5(EMAIL.encode()).hexdigest()}"),
        ("email", "MD5 of normalised email", "url", "e_md5"),
        id="md5",
    ),
    pytest.param(
        capture(f"https://collector.adtech.example/m?e_sha1={hashlib.sha1(EMAIL.encode()).hexdigest()}"),
        ("email", "SHA-1 of normalised email", "url", "e_sha1"),
        id="sha1",
    ),
    pytest.param(
        capture(f"{FB}?id=1&ud%5Bzp%5D={sha256('zz99zz')}"),
        ("postcode", "SHA-256 of normalised postcode (Meta)", "url", "ud[zp]"),
        id="postcode",
    ),
    pytest.param(
        capture(f"{FB}?id=1&udff%5Bln%5D={sha256('canaryhound')}"),
        ("last_name", "SHA-256 of normalised last name (Meta/Google/TikTok/Snap)", "url", "udff[ln]"),
        id="last-name",
    ),
    pytest.param(
        capture("https://t.co/1/i/adsct?txn_id=x&phone_number=%2B447700900461"),
        ("phone", "plain, phone in E.164", "url", "phone_number"),
        id="phone-e164-plain",
    ),
    pytest.param(
        capture("https://collector.adtech.example/u/pixela.canaryhound@example.com/track"),
        ("email", "plain", "url", "(path)"),
        id="in-the-path",
    ),
    pytest.param(
        capture("https://collector.adtech.example/t",
                headers=[("Cookie", "uid=1; em=pixela.canaryhound%40example.com")]),
        ("email", "URL-encoded", "header:cookie", "cookie em"),
        id="cookie-header",
    ),
    pytest.param(
        capture("https://www.google-analytics.com/g/collect?v=2&tid=G-1",
                "en=page_view&ep.x=1\nen=generate_lead&ep.user_email=pixela.canaryhound%40example.com", "text/plain"),
        ("email", "plain", "body", "ep.user_email"),
        id="ga4-batched-lines",
    ),
]


@pytest.mark.parametrize(("request_capture", "expected"), CASES)
def test_found_with_field_form_and_parameter(request_capture: Capture, expected: tuple[str, str, str, str]) -> None:
    hit = only(hits_for(request_capture))
    assert (hit.field, hit.form, hit.where, hit.parameter) == expected
    assert hit.request_url == request_capture.url


def test_a_real_meta_udff_em_is_recognised_as_such() -> None:
    """Meta's pixel trims and lower-cases what was typed, then sends its SHA-256 hex."""
    typed = CanaryIdentity(email=" Pixela.Canaryhound@Example.COM ")
    sent = hashlib.sha256(typed.email.strip().lower().encode("utf-8")).hexdigest()
    hit = only(hits_for(capture(f"{FB}?id=123&ev=SubscribedButtonClick&udff%5Bem%5D={sent}&o=2076"), identity=typed))
    assert hit.form == "SHA-256 of normalised email (Meta/Google/TikTok/Snap/Pinterest/LinkedIn)"
    assert (hit.vendor, hit.company, hit.host) == ("meta", "Meta Platforms, Inc.", "www.facebook.com")
    assert hit.parameter == "udff[em]" and hit.text == sent


def test_the_email_is_reported_once_not_also_as_the_name_inside_it() -> None:
    hits = hits_for(capture(f"https://t.co/1/i/adsct?email={quote(EMAIL)}"))
    assert [(h.field, h.form) for h in hits] == [("email", "plain")]


def test_json_escapes_do_not_hide_a_plain_value() -> None:
    escaped = '{"user": {"email": "pixela.canaryhound\\u0040example.com"}}'
    hit = only(hits_for(capture("https://collector.adtech.example/j", escaped, "application/json")))
    assert (hit.field, hit.form, hit.parameter) == ("email", "plain", "user.email")


def test_a_value_found_in_two_places_is_reported_for_each() -> None:
    both = capture(f"{FB}?udff%5Bem%5D={EMAIL_SHA}", f"ud%5Bem%5D={EMAIL_SHA}", "application/x-www-form-urlencoded")
    assert {(h.where, h.parameter) for h in hits_for(both)} == {("url", "udff[em]"), ("body", "ud[em]")}


# --- and not found where it is not ---


def test_first_party_requests_are_not_searched() -> None:
    own = [
        capture(f"https://www.{SITE}/contact", f"email={quote(EMAIL)}", "application/x-www-form-urlencoded"),
        capture(f"https://forms.{SITE}/submit?email={quote(EMAIL)}"),
    ]
    assert hits_for(*own) == []


def test_requests_without_the_canary_are_not_reported() -> None:
    clean = capture(f"{FB}?id=1&ev=PageView&dl=https%3A%2F%2Fwww.{SITE}%2F",
                    headers=[("Referer", f"https://www.{SITE}/")])
    assert hits_for(clean) == []


def test_random_hex_of_the_same_length_does_not_match() -> None:
    rng = random.Random(7)
    for length in (32, 40, 64):
        noise = "".join(rng.choice("0123456789abcdef") for _ in range(length))
        assert hits_for(capture(f"{FB}?udff%5Bem%5D={noise}&x={noise.upper()}")) == []
    off_by_one = EMAIL_SHA[:-1] + ("0" if EMAIL_SHA[-1] != "0" else "1")
    assert hits_for(capture(f"{FB}?udff%5Bem%5D={off_by_one}")) == []


def test_unknown_recipients_are_named_by_their_domain() -> None:
    hit = only(hits_for(capture(f"https://px.obscure-adtech.example/c?e={EMAIL_SHA}")))
    domain = "obscure-adtech.example"
    assert (hit.vendor, hit.company, hit.host) == (domain, domain, f"px.{domain}")


# --- findings ---


def test_one_finding_per_recipient_and_field() -> None:
    captures = [
        capture(f"{FB}?id=1&udff%5Bem%5D={EMAIL_SHA}", index=5),
        capture(f"{FB}?id=1&udff%5Bem%5D={EMAIL_SHA}&udff%5Bph%5D={sha256('447700900461')}", index=2),
        capture("https://tr.snapchat.com/p", json.dumps({"req": [{"t": {"u_hem": "FFF" + EMAIL_SHA}}]}),
                "text/plain", index=9),
    ]
    findings = canary_findings(find_canaries(captures, ME, SITE), "scan-1")
    keyed = {(f.vendor, f.summary.split(" received the ")[1].split(" typed")[0]): f for f in findings}
    assert set(keyed) == {("meta", "email address"), ("meta", "phone number"), ("snap", "email address")}
    meta_email = keyed[("meta", "email address")]
    assert meta_email.rule == RULE_CANARY and meta_email.severity == "high" and meta_email.id == ""
    assert meta_email.captures == [2, 5] and meta_email.source == "scan-1"
    assert meta_email.summary == (
        "Meta Platforms, Inc. received the email address typed into a form, as SHA-256 of normalised email "
        "(Meta/Google/TikTok/Snap/Pinterest/LinkedIn) in udff[em], in 2 requests"
    )
    assert "advanced matching" in meta_email.recommendation
    assert "Snap Inc." in keyed[("snap", "email address")].summary


def test_no_hits_no_findings() -> None:
    assert canary_findings([], "x") == []


# --- speed ---


def _tracker_traffic(count: int) -> list[Capture]:
    """Tracker-sized requests (a few KB of URL and JSON), one in ten carrying the canary."""
    rng = random.Random(1)
    captures = []
    for index in range(count):
        noise = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(800))
        hashed = EMAIL_SHA if index % 10 == 0 else hashlib.sha256(noise.encode()).hexdigest()
        url = f"{FB}?id=1&ev=PageView&dl=https%3A%2F%2Fwww.{SITE}%2F{noise[:400]}&udff%5Bem%5D={hashed}"
        body = json.dumps({"ctx": {"url": noise}, "req": [{"t": {"u_hem": "FFF" + hashed, "x": noise[::-1]}}]})
        captures.append(capture(url, body, "text/plain", [("Referer", f"https://www.{SITE}/")], index))
    return captures


def test_every_canary_in_a_large_batch_is_found() -> None:
    """Speed is measured in bench/, not here; this checks nothing is lost in a big batch."""
    hits = find_canaries(_tracker_traffic(500), ME, SITE)
    assert len(hits) == 100
