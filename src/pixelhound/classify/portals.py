"""A patient portal's own pages: "Letters – My Harrowfield Records", "portal.example-health.org/app/billing".

On a portal every page is the patient's own record or contact with care (the label definitions
count patient portals as care), but its pages are named in plain words that mean nothing elsewhere:
"Letters", "Billing summary", "Messages", "Proxy access". So those words count as care only where
the text shows it comes from a portal: a host label naming one ("portal", "mychart", "myrecords"),
together with a health word in the host unless the portal string is itself a health one, or a
title naming "My ... Records". The words are the lexicon's `[patient_portal]` section.
"""

from __future__ import annotations

from functools import lru_cache

from pixelhound.classify.lexicon import Entry, PortalWords, default_lexicon
from pixelhound.settings import CLASSIFY_CACHE_SIZE

# How many words may stand between "my" and the word naming a portal ("My Harrowfield Records").
TITLE_WINDOW = 3
_CARE = ("care_interaction",)


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def portal_host(host: str) -> bool:
    """Does this host name a patient portal of a health or care provider?"""
    words = default_lexicon().portal
    name = host.lower().replace("-", "")
    for label in name.split("."):
        for match in words.hosts.finditer(label):
            if match.group(0) in words.own or words.health_hosts.search(name):
                return True
    return False


def _portal_title(words: list[str], portal: PortalWords) -> bool:
    """"My Harrowfield Records": "my", a provider's name, then a word naming a portal ("My Records"
    alone, with no name, is as likely a bank's)."""
    return any(
        word == "my" and any(w in portal.titles for w in words[i + 2 : i + 1 + TITLE_WINDOW])
        for i, word in enumerate(words)
    )


def sections(hosts: tuple[str, ...], words: list[str], rest: str) -> list[tuple[int, int, Entry]]:
    """A care match for each portal page named in a text that comes from a portal, else nothing.
    `rest` is the text without its hosts: a title is judged by its words, a path ("/my/records/")
    is not a title."""
    portal = default_lexicon().portal
    if not portal.sections or portal.sections.keys().isdisjoint(words):
        return []
    titled = "my" in words and "/" not in rest and _portal_title(words, portal)
    if not (titled or any(portal_host(host) for host in hosts)):
        return []
    found: list[tuple[int, int, Entry]] = []
    for i, word in enumerate(words):
        for key in portal.sections.get(word, ()):
            if tuple(words[i : i + len(key)]) == key:
                found.append((i, i + len(key), Entry("topic", _CARE, f"{' '.join(key)} (patient portal)")))
                break
    return found
