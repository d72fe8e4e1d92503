"""Page planning: which pages of a site are worth a visit, from its links and sitemap.

The pages that matter are the ones where a leak hurts: condition and service pages the health
classifier marks sensitive, and the patient journeys (appointments, prescriptions, referrals,
contact, search), plus the privacy and cookie notices that a later check reads.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

from pixelhound.classify import classify_text
from pixelhound.knowledge.vendors import registrable_domain
from pixelhound.links import Link, normalise, notice_links, same_site

JOURNEY_WORDS = re.compile(
    r"appointment|booking|book-|prescription|referral|refer|contact|search|register|patient|"
    r"results|portal|login|log-in|sign-in|request|form",
    re.IGNORECASE,
)
NOTICE_WORDS = re.compile(r"privacy|cookie|data-protection|your-data|gdpr", re.IGNORECASE)
def sitemap_urls(xml_text: str) -> list[str]:
    """Page URLs listed in a sitemap (or the sitemaps a sitemap index lists)."""
    try:
        root = ElementTree.fromstring(xml_text)
    except ElementTree.ParseError:
        return []
    return [el.text.strip() for el in root.iter() if el.tag.endswith("loc") and el.text]


# Categories that say only that a page is about health care in general ("conditions", "book an
# appointment"); a page naming a specific condition (HIV, eating disorders, pregnancy) outranks them.
GENERIC_CATEGORIES = frozenset({"other_condition", "care_interaction"})
SEARCH_PAGE = re.compile(r"(^|/)(search|search-results)/?$", re.IGNORECASE)


def score(link: Link) -> int:
    """Higher for pages where a leak would reveal health or a patient's action."""
    text = f"{link.url} {link.text}"
    value = 0
    verdict = classify_text(text)
    if verdict.sensitive:
        value += 10 + 2 * len(verdict.categories)
        if set(verdict.categories) - GENERIC_CATEGORIES:
            value += 4
    if JOURNEY_WORDS.search(text):
        value += 8
    if NOTICE_WORDS.search(urlsplit(link.url).path) or NOTICE_WORDS.search(link.text):
        value += 6
    return value


def template(url: str) -> str:
    """The kind of page a URL is, by its place in the site: "/jobs" (a section's own page) or
    "/jobs/*" (a page inside it). Pages of one kind usually share a template, and with it the
    tags installed on them."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    if not parts:
        return "/"
    return f"/{parts[0].lower()}" + ("/*" if len(parts) > 1 else "")


def plan_pages(start_url: str, links: list[Link], max_pages: int, searching: bool = False) -> list[str]:
    """The start page, then at most `max_pages - 1` same-site pages.

    The highest-scoring pages come first (specific health conditions and patient journeys). Part of
    the budget (at most half) then goes to one page of each kind of page not yet planned (a jobs
    section, a vacancy, a news story), best-scoring first: sites often install a tag on one section
    only (a recruitment pixel on the jobs pages), and a sample of only the best-scoring pages would
    never see it. When the site search is run (`searching`), its results page is visited by that
    journey and is not planned again. One slot is kept for the site's privacy notice.
    """
    site_domain = registrable_domain(urlsplit(start_url).hostname or "")
    seen = {start_url.rstrip("/")}
    ranked: list[tuple[int, int, str]] = []
    for order, link in enumerate(links):
        url = normalise(link.url, start_url)
        if not url or not same_site(url, site_domain) or url.rstrip("/") in seen:
            continue
        seen.add(url.rstrip("/"))
        if searching and SEARCH_PAGE.search(urlsplit(url).path):
            continue
        ranked.append((-score(Link(url, link.text)), order, url))
    ranked.sort()
    slots = max(0, max_pages - 1)
    reserve_at_most = slots // 2
    covered = {template(start_url)}
    planned: list[str] = []
    remaining = [url for _, _, url in ranked]
    while remaining and len(planned) < slots:
        uncovered = [url for url in remaining if template(url) not in covered]
        kinds_left = len({template(url) for url in uncovered})
        if kinds_left and slots - len(planned) <= min(kinds_left, reserve_at_most):
            url = uncovered[0]  # the best page of a kind not planned yet
        else:
            url = remaining[0]
        remaining.remove(url)
        planned.append(url)
        covered.add(template(url))
    return [start_url, *_with_notice(planned, links, start_url, slots)]


def _with_notice(planned: list[str], links: list[Link], start_url: str, slots: int) -> list[str]:
    """Keep one slot for the privacy notice: the check that every recipient is named needs it."""
    notices = notice_links(links, start_url)
    if slots < 2 or not notices or any(url in planned for url in notices):
        return planned
    return [*planned[: slots - 1], notices[0]]
