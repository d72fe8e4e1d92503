"""A health term counts wherever it stands in a URL, except in the host name (unless the host
names a specialist service: see test_site_names.py).

Issue 16: `https://www.trust.nhs.uk/hiv` was not sensitive while `/services/hiv` was, because the
':' of the scheme made the URL look machine-made and a short abbreviation there needs support.
Each term is tried in every position a page URL gives it, alone and inside a tracker's own request
URL (where the page address travels percent-encoded in a parameter, as Meta's `dl=` does).
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from pixelhound.classify import classify_text

HOST = "https://www.trust.nhs.uk"
TERMS = [("hiv", "sexual_health"), ("HIV", "sexual_health"), ("sti", "sexual_health"),
         ("cbt", "mental_health"), ("ivf", "reproductive_health"), ("chlamydia", "sexual_health"),
         ("mental-health", "mental_health"), ("ptsd", "mental_health")]
POSITIONS = {
    "first segment": "{host}/{term}",
    "first segment, trailing slash": "{host}/{term}/",
    "first segment, then a page number": "{host}/{term}/3",
    "middle segment": "{host}/services/{term}/contact-us",
    "last segment": "{host}/our-services/a-z/{term}",
    "file extension": "{host}/{term}.html",
    "file extension, query": "{host}/services/{term}.aspx?utm_source=newsletter&utm_medium=email",
    "query value": "{host}/search?q={term}&page=2",
    "query value, sole parameter": "{host}/search?query={term}",
    "query value, typed with other words": "{host}/search?q={term}+cost&page=2",
    "fragment": "{host}/a-z?letter=h#{term}",
    "percent-encoded": "{host}/{encoded}",
    "path only": "/{term}",
    "path only, trailing slash": "/{term}/",
    "no scheme": "www.trust.nhs.uk/{term}/",
    "capitalised segment": "{host}/Services/{upper}/",
}


def _url(pattern: str, term: str) -> str:
    encoded = "".join(f"%{byte:02X}" for byte in term.encode())
    return pattern.format(host=HOST, term=term, encoded=encoded, upper=term.upper())


def _meta_pixel(page_url: str) -> str:
    """A Meta pixel request carrying the page URL in `dl`, with the usual machine-made company."""
    return ("https://www.facebook.com/tr/?id=1234567890123456&ev=PageView&dl=" + quote(page_url, safe="")
            + "&rl=&if=false&ts=1716220000000&sw=1920&sh=1080&v=2.9.164&r=stable&ec=0&o=4126"
            + "&fbp=fb.1.1716220000000.1234567890&it=1716219999000&coo=false&rqm=GET")


@pytest.mark.parametrize("position", POSITIONS)
@pytest.mark.parametrize("term, category", TERMS)
def test_term_in_every_position(term: str, category: str, position: str) -> None:
    url = _url(POSITIONS[position], term)
    assert category in classify_text(url).categories, url


@pytest.mark.parametrize("position", [p for p in POSITIONS if POSITIONS[p].startswith("{host}")])
@pytest.mark.parametrize("term, category", TERMS)
def test_term_in_a_tracker_request(term: str, category: str, position: str) -> None:
    request = _meta_pixel(_url(POSITIONS[position], term))
    assert category in classify_text(request).categories, request


@pytest.mark.parametrize(
    "text",
    [
        "https://www.sexualhealth-example.nhs.uk/privacy",  # a specialist site's general page
        "https://www.riverside-general.nhs.uk/",  # a general hospital's name is not the visitor's health
        "https://hiv.example.org/?ref=home",
        "https://www.trust.nhs.uk/",
        _meta_pixel("https://www.trust.nhs.uk/visiting/car-parking"),
        '{"cbt":[],"sid":"a1"}',  # a tracker's own key, not a path
        "https://dpm.demdex.net/ibs:dpid=411&dpuuid=abc",  # a code inside a part, not a part
        "https://www.trust.nhs.uk/cookies?optin=disabled&theme=blind-mode",
        "https://www.trust.nhs.uk/jobs/hiv",  # a job page: the cue still wins
    ],
)
def test_not_sensitive_positions(text: str) -> None:
    assert not classify_text(text).sensitive, classify_text(text)


def test_the_issue_fleet() -> None:
    """The issue's million Meta requests, `dl=https://.../hiv/N`: every one is sexual health."""
    verdicts = {tuple(classify_text(_meta_pixel(f"{HOST}/hiv/{n}")).categories) for n in range(200)}
    assert verdicts == {("sexual_health",)}
