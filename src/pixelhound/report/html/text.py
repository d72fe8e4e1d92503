"""Text for the HTML report: labels for categories, fields and scenarios, and the helpers that make
website text safe to show (highlight escapes everything but our own <mark> tags)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup, escape

from pixelhound.model import ACCEPT_ALL, GPC, KNOWN_SCENARIOS, NO_INTERACTION, REJECT_ALL, WITHDRAW

SCENARIO_ORDER = KNOWN_SCENARIOS
SCENARIO_LABELS = {
    NO_INTERACTION: "No interaction (banner ignored)",
    REJECT_ALL: "Reject all",
    ACCEPT_ALL: "Accept all",
    WITHDRAW: "Accept, then withdraw",
    GPC: "Global Privacy Control (banner ignored)",
}
FIELD_LABELS = {
    "page_url": "page URL",
    "page_title": "page title",
    "referrer": "referrer",
    "event": "event",
    "button_text": "button text",
    "link_url": "link URL",
    "search_term": "search term",
    "form_field": "form field",
    "custom_data": "custom data",
    "page_metadata": "page metadata",
    "parameter": "parameter",
}




@lru_cache(maxsize=4096)
def _term_pattern(term: str, bounded: bool) -> re.Pattern[str] | None:
    """A pattern for one evidence term that also matches `sexual-health`, `sexual_health`, `sexualHealth`."""
    words = re.findall(r"[^\W_]+", term.lower())
    if not words:
        return None
    body = r"[\W_]{0,3}".join(re.escape(w) for w in words)
    if bounded:
        body = rf"(?<![^\W_]){body}(?![^\W_])"
    return re.compile(body, re.IGNORECASE)


def _terms_regex(text: str, terms: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation of the terms found in `text`, longest first; whole words where they occur so."""
    parts: list[str] = []
    for term in sorted(set(terms), key=len, reverse=True):
        for bounded in (True, False):
            pattern = _term_pattern(term, bounded)
            if pattern is not None and pattern.search(text):
                parts.append(pattern.pattern)
                break
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def highlight(text: str, terms: Iterable[str], limit: int = 0) -> Markup:
    """`text` escaped, with each evidence term wrapped in <mark>; cut to an excerpt around the
    first match when longer than `limit`. Only our own <mark> tags are markup."""
    regex = _terms_regex(text, terms)
    start, end = 0, len(text)
    if limit and len(text) > limit:
        first = regex.search(text) if regex else None
        centre = first.start() if first else 0
        start = max(0, centre - limit // 3)
        end = min(len(text), start + limit)
    out = Markup("…") if start else Markup("")
    position = start
    if regex is not None:
        for match in regex.finditer(text, start, end):
            if match.end() > end:
                break
            out += escape(text[position : match.start()])
            out += Markup("<mark>%s</mark>") % match.group(0)  # `%` escapes the argument
            position = match.end()
    out += escape(text[position:end])
    if end < len(text):
        out += Markup("…")
    return out


def cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "site"




def when(iso: str) -> str:
    return iso.replace("T", " ").replace("Z", " UTC") if iso else ""


def page_key(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")
