"""Links between pages: what a link is, which are the site's own web pages, and which lead to its
privacy and cookie notices. Page planning (capture/crawl.py) and the notice check (assess/notice/)
both read links; this is their one home, so neither imports the other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from pixelhound.knowledge.vendors import registrable_domain
from pixelhound.settings import NOTICE_MAX_LINKS

SKIP_EXTENSIONS = re.compile(
    r"\.(pdf|docx?|xlsx?|pptx?|zip|jpe?g|png|gif|svg|webp|mp4|mp3|ics|csv|xml|json|txt)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Link:
    """A link as a page shows it: where it goes and the words on it."""

    url: str
    text: str = ""


def host(url: str) -> str:
    """The URL's host in lower case; '' for a URL that has none or cannot be parsed."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


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


# (rank, pattern) over a link's text and the words of its path; lowest rank first.
_NOTICE_KINDS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"\bprivacy (?:and cookies? )?(?:notice|policy|statement)s?\b")),
    (1, re.compile(r"\bcookies? (?:notice|policy|statement)s?\b")),
    (2, re.compile(r"\bprivacy\b|\bcookies?\b")),
    (3, re.compile(r"\bhow we use (?:your )?(?:personal )?(?:information|data)\b|\bfair processing\b")),
    (4, re.compile(r"\bdata protection\b|\byour (?:personal )?(?:information|data)\b|\bgdpr\b")),
)
# Cookie links that open a settings panel rather than a notice.
_SETTINGS = re.compile(r"\b(?:settings|preferences|manage|consent|change)\b")


def _link_words(link: Link, url: str) -> str:
    """The link's text and path as plain lower-case words ('/about-us/privacy-notice' -> 'about us privacy notice')."""
    path = re.sub(r"[/_\-.+%]+", " ", urlsplit(url).path)
    return re.sub(r"\s+", " ", f"{link.text} {path}".lower()).strip()


def _notice_rank(words: str) -> int | None:
    """How likely a link is a notice (0 best), or None when it is not one."""
    for rank, pattern in _NOTICE_KINDS:
        if pattern.search(words):
            if rank == 2 and _SETTINGS.search(words):
                return 9  # a cookie or privacy settings panel: a last resort
            return rank
    return None


def notice_links(links: list[Link], site_url: str) -> list[str]:
    """Same-site links that lead to a privacy or cookie notice, best first, at most NOTICE_MAX_LINKS.

    Ranked so the privacy notice and the cookie policy come before pages that only mention personal
    data; a notice hosted on another site (a national NHS page, a PDF) is not the site's own."""
    site_domain = registrable_domain(urlsplit(site_url).hostname or "")
    ranked: list[tuple[int, int, str]] = []
    seen: set[str] = set()
    for order, link in enumerate(links):
        url = normalise(link.url, site_url)
        key = url.rstrip("/")
        if not url or key in seen or not same_site(url, site_domain):
            continue
        rank = _notice_rank(_link_words(link, url))
        if rank is not None:
            seen.add(key)
            ranked.append((rank, order, url))
    ranked.sort()
    return [url for _, _, url in ranked[:NOTICE_MAX_LINKS]]

