"""What a site says about itself, read from its first page: its name, title, meta tags, first
headings and address, each with the place it was said (`SelfDescription`).

Only reading here: what the words mean is decided in `specialist` (is the site a specialist
service?) and `site_refusals` (is it a health service at all?).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import msgspec

from pixelhound.settings import SITE_CONTEXT_HEADINGS, SITE_CONTEXT_HTML_CHARS, SITE_CONTEXT_TEXT_CHARS

# Where a site names itself (decides alone) and where it only describes itself (backs up).
IDENTITY_PLACES = ("name", "title", "og:site_name", "og:title")
SUPPORT_PLACES = ("description", "og:description", "heading", "url")
DESCRIPTION_PLACES = ("description", "og:description")
PAGE_TITLES = ("title", "og:title")  # what a page calls itself, as opposed to the site's name
PARTS = re.compile(r"\s+[|\u2013\u2014\u00b7:-]\s+|\s*[|\u00b7]\s*")  # "Home | Trust", "Name - strapline"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SelfDescription:
    """One thing a site says about itself, and where it says it ("title", "og:site_name", ...)."""

    place: str
    text: str


def describe_html(html: str) -> list[SelfDescription]:
    """The title, description, Open Graph tags and first headings of a page's HTML. Never raises:
    a page that cannot be parsed says nothing about itself."""
    if not html or not html.strip():
        return []
    try:
        root = lxml.html.fromstring(html[:SITE_CONTEXT_HTML_CHARS])
    except Exception:  # noqa: BLE001 - a hostile or broken page must not break the analysis
        return []
    found: list[SelfDescription] = []
    for title in root.xpath("//title")[:1]:
        found.append(SelfDescription("title", title.text_content()))
    for meta in root.xpath("//meta[@content]"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("description", "og:description", "og:site_name", "og:title"):
            found.append(SelfDescription(key, meta.get("content") or ""))
    for heading in root.xpath("//h1")[:SITE_CONTEXT_HEADINGS]:
        found.append(SelfDescription("heading", heading.text_content()))
    return [SelfDescription(d.place, _SPACES.sub(" ", d.text).strip()[:SITE_CONTEXT_TEXT_CHARS]) for d in found if d.text.strip()]


def describe_url(url: str) -> list[SelfDescription]:
    """The first page's address: its host (`sexualhealth-eastborough.nhs.uk`) or its path
    ("/sexual-health-clinic/") may name the service."""
    split = urlsplit(url)
    return [SelfDescription("url", url)] if split.hostname or split.path.strip("/") else []


def page_descriptions(title: str, url: str, html: str, name: str = "") -> list[SelfDescription]:
    """Everything a site's first page says about itself: the name it was given, the page's title,
    meta tags and headings, and its address. A first page that is not the home page (a scan started
    at /conditions/hiv) speaks for itself, not for the site: only its Open Graph site name counts."""
    from_html = describe_html(html)
    if title.strip() and title.strip() != url and not any(d.place == "title" for d in from_html):
        from_html.insert(0, SelfDescription("title", title.strip()))
    if urlsplit(url).path.strip("/"):
        from_html = [d for d in from_html if d.place == "og:site_name"]
    # The name given first, then the page's own words, each text once: a scan and the HAR it exports
    # (which keeps the site's name but not the page's title) then keep the same evidence.
    found = ([SelfDescription("name", name.strip())] if name.strip() else []) + from_html + describe_url(url)
    texts: set[str] = set()
    return [d for d in found if not (d.text in texts or texts.add(d.text))]


class _HarContent(msgspec.Struct):
    mimeType: str | None = ""
    text: msgspec.Raw = msgspec.Raw(b"null")


class _HarResponse(msgspec.Struct):
    content: _HarContent | None = None


class _HarRequest(msgspec.Struct):
    url: str = ""


class _HarEntry(msgspec.Struct):
    request: _HarRequest = msgspec.field(default_factory=_HarRequest)
    response: _HarResponse | None = None


class _HarLog(msgspec.Struct):
    entries: list[_HarEntry] = []


class _Har(msgspec.Struct):
    log: _HarLog = msgspec.field(default_factory=_HarLog)


def har_home_html(path: Path, first_url: str) -> str:
    """The HTML body of a HAR's first page document, when the recorder kept bodies ("" if not).

    Read apart from the capture reader, which never keeps bodies: only the one document is decoded."""
    try:
        har = msgspec.json.decode(path.read_bytes(), type=_Har)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return ""
    documents = [e for e in har.log.entries
                 if e.response and e.response.content and "html" in (e.response.content.mimeType or "")]
    chosen = next((e for e in documents if e.request.url == first_url), documents[0] if documents else None)
    if chosen is None or chosen.response is None or chosen.response.content is None:
        return ""
    try:
        text = msgspec.json.decode(chosen.response.content.text)
    except msgspec.DecodeError:
        return ""
    return text if isinstance(text, str) else ""
