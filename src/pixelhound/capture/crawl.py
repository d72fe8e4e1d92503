"""Page planning: which pages of a site are worth a visit, from its links and sitemap.

The pages that matter are the ones where a leak hurts: condition and service pages the health
classifier marks sensitive, and the patient journeys (appointments, prescriptions, referrals,
contact, search), plus the privacy and cookie notices that a later check reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

from pixelhound.classify import classify_text
from pixelhound.knowledge.vendors import registrable_domain

JOURNEY_WORDS = re.compile(
    r"appointment|booking|book-|prescription|referral|refer|contact|search|register|patient|"
    r"results|portal|login|log-in|sign-in|request|form",
    re.IGNORECASE,
)
NOTICE_WORDS = re.compile(r"privacy|cookie|data-protection|your-data|gdpr", re.IGNORECASE)
SKIP_EXTENSIONS = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|zip|jpe?g|png|gif|svg|webp|mp4|mp3|ics|csv|xml|json|txt)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""


def same_site(url: str, site_domain: str) -> bool:
    host = urlsplit(url).hostname or ""
    return bool(host) and registrable_domain(host) == site_domain


def normalise(url: str, base: str) -> str:
    """Absolute, without fragment; '' for links that are not web pages."""
    if url.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return ""
    try:
        absolute = urldefrag(urljoin(base, url.strip())).url
        split = urlsplit(absolute)
    except ValueError:
        return ""
    if split.scheme not in ("http", "https") or SKIP_EXTENSIONS.search(split.path):
        return ""
    return absolute


def sitemap_urls(xml_text: str) -> list[str]:
    """Page URLs listed in a sitemap (or the sitemaps a sitemap index lists)."""
    try:
        root = ElementTree.fromstring(xml_text)
    except ElementTree.ParseError:
        return []
    return [el.text.strip() for el in root.iter() if el.tag.endswith("loc") and el.text]


def score(link: Link) -> int:
    """Higher for pages where a leak would reveal health or a patient's action."""
    text = f"{link.url} {link.text}"
    value = 0
    verdict = classify_text(text)
    if verdict.sensitive:
        value += 10 + 2 * len(verdict.categories)
    if JOURNEY_WORDS.search(text):
        value += 8
    if NOTICE_WORDS.search(urlsplit(link.url).path) or NOTICE_WORDS.search(link.text):
        value += 6
    return value


def plan_pages(start_url: str, links: list[Link], max_pages: int) -> list[str]:
    """The start page, then the best-scoring same-site pages, at most `max_pages` in all."""
    site_domain = registrable_domain(urlsplit(start_url).hostname or "")
    seen = {start_url.rstrip("/")}
    ranked: list[tuple[int, int, str]] = []
    for order, link in enumerate(links):
        url = normalise(link.url, start_url)
        if not url or not same_site(url, site_domain) or url.rstrip("/") in seen:
            continue
        seen.add(url.rstrip("/"))
        ranked.append((-score(Link(url, link.text)), order, url))
    ranked.sort()
    return [start_url, *(url for _, _, url in ranked[: max(0, max_pages - 1)])]
