"""A site named for a specialist service: "www.clearwatersexualhealth.nhs.uk", "beaconbehavioral.com".

A URL's host is otherwise no evidence (a general hospital's name says nothing of the visitor), but
the home page, results page or "contact us" of a sexual-health clinic, a crisis line or a
gambling-help service tells the recipient that this browser's owner used that service, as the
label definitions count it. Such names are written as one run of letters ("clearwatersexualhealth")
more often than as words, so the lexicon's `[site_names]` strings are found inside each host label.
This is the text's own evidence, judged on the text alone; what a whole site is (its title, its
description, a fleet file's category) is decided elsewhere, once per site.
"""

from __future__ import annotations

from functools import lru_cache

from pixelhound.classify.lexicon import Entry, default_lexicon
from pixelhound.settings import CLASSIFY_CACHE_SIZE


# How a host name's evidence is marked ("sexualhealth (site name)"): the site, not the page, speaks.
SITE_NAME_MARK = " (site name)"


def from_host(term: str) -> bool:
    """Was this evidence term found in a host name naming a service (not in the page's words)?"""
    return term.endswith(SITE_NAME_MARK)


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _named(host: str) -> tuple[Entry, ...]:
    """The services one host name names, one entry per category."""
    lexicon = default_lexicon()
    found: dict[str, Entry] = {}
    for label in host.lower().split("."):
        strings = [match.group(0) for match in lexicon.site_name.finditer(label.replace("-", ""))]
        if any(lexicon.site_areas[string] is None for string in strings):
            continue  # "gamblingcommission", "cancerhoroscope": no service
        for string in strings:
            category = lexicon.site_areas[string]
            if category is not None and category not in found:
                found[category] = Entry("topic", (category,), f"{string}{SITE_NAME_MARK}")
    return tuple(found.values())


def host_categories(host: str) -> list[str]:
    """The health categories of the specialist services a host name names ("sexualhealth-eastborough"
    is sexual health), for the site's context: a host is the site's own name."""
    return [entry.categories[0] for entry in _named(host.lower())]


def services(hosts: tuple[str, ...], words: list[str], matches: list[tuple[int, int, Entry]]) -> list[Entry]:
    """Each specialist service the text's host names name (at most one per category and host),
    when the rest of the text is silent: a page that names its own health area says what it is
    about ("familyplanning.org/pregnancy-calculator" is pregnancy, not contraception), and the
    site's general pages (accessibility, privacy, contact us) are navigation, not care."""
    named = [entry for host in hosts for entry in _named(host)]
    if not named:
        return []
    if any(entry.kind in ("topic", "cue") and entry.categories != ("care_interaction",) for _s, _e, entry in matches):
        return []
    general = default_lexicon().site_general_pages
    longest = max(map(len, general), default=0)
    for start in range(len(words)):
        for size in range(1, longest + 1):
            if tuple(words[start : start + size]) in general:
                return []
    return named
