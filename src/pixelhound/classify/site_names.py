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

from pixelhound.classify import spelling
from pixelhound.classify.lexicon import CATEGORIES, Entry, default_lexicon
from pixelhound.settings import (
    CLASSIFY_TYPED_ONLY_CUE_CONTEXTS,
    CLASSIFY_CACHE_SIZE,
    SITE_HOST_ENDING_MIN_PREFIX,
    SITE_HOST_SERVICE_KIND_WORDS,
    SITE_HOST_FILLER_WORDS,
    SITE_HOST_SERVICE_ENDINGS,
    SITE_HOST_SERVICE_ENDINGS_TWELFTH,
    SITE_HOST_SPLIT_MIN_LETTERS,
    SITE_HOST_SUFFIX_LABELS,
    SITE_HOST_WORD_MIN_ZIPF,
)

_SPECIALIST_AREAS = frozenset(CATEGORIES) - {"other_condition", "care_interaction"}
_LONGEST_WORD = 20


# How a host name's evidence is marked ("sexualhealth (site name)"): the site, not the page, speaks.
SITE_NAME_MARK = " (site name)"


def from_host(term: str) -> bool:
    """Was this evidence term found in a host name naming a service (not in the page's words)?"""
    return term.endswith(SITE_NAME_MARK)


def _split(label: str) -> list[str]:
    """The likeliest words a host label runs together ("gicwaitinglist" -> gic waiting list), by
    English word frequency (wordfreq) with the lexicon's own words counted as known; [] when the
    frequency list is missing. Each word scores its log frequency, so fewer, commoner words win."""
    if spelling.word_frequency("the") is None:
        return []
    known = default_lexicon().by_first
    best: list[tuple[float, list[str]] | None] = [(0.0, [])] + [None] * len(label)
    for end in range(1, len(label) + 1):
        for start in range(max(0, end - _LONGEST_WORD), end):
            before = best[start]
            if before is None:
                continue
            piece = label[start:end]
            zipf = spelling.word_frequency(piece) or 0.0
            if piece in known:
                zipf = max(zipf, SITE_HOST_WORD_MIN_ZIPF)
            if zipf < SITE_HOST_WORD_MIN_ZIPF and not (piece.isdigit()):
                continue
            score = before[0] + zipf - 9.0
            if best[end] is None or score > best[end][0]:
                best[end] = (score, before[1] + [piece])
    found = best[len(label)]
    return found[1] if found else []


def _split_services(label: str) -> list[Entry]:
    """A specialist service named by words run together ("prepnow", "gicwaitinglist"): a term of a
    specialist area among two or more words, every other word a health word or a filler ("now",
    "list"), so "mealprepnow" (meal) and a lone "gic" name nothing."""
    words = _split(label)
    if len(words) < 2:
        return []
    by_first = default_lexicon().by_first
    support = default_lexicon().support
    covered = [word in support or word in SITE_HOST_FILLER_WORDS for word in words]
    found: list[Entry] = []
    for i, word in enumerate(words):
        for key, entry in by_first.get(word, ()):
            if tuple(words[i : i + len(key)]) != key or entry.kind not in ("topic", "weak"):
                continue
            covered[i : i + len(key)] = [True] * len(key)
            if entry.kind == "topic" and set(entry.categories) & _SPECIALIST_AREAS:
                found.append(entry)
            break
    if not found or not (all(covered) or _named_service(words, covered)):
        return []
    return [Entry("topic", (category,), f"{label}{SITE_NAME_MARK}")
            for category in dict.fromkeys(c for entry in found for c in entry.categories if c in _SPECIALIST_AREAS)]


def _named_service(words: list[str], covered: list[bool]) -> bool:
    """A place's or a brand's one-word name before a service named by its area and kind
    ("kent ivf clinic", "florida rehab centers"): the name is the only word the service leaves."""
    return (len(words) >= 3 and not covered[0] and all(covered[1:-1])
            and words[-1] in SITE_HOST_SERVICE_KIND_WORDS)


def _ending_service(label: str) -> str:
    """The area of a service abbreviation ending a host label after a name ("lowfieldgic",
    "haven-point-sarc"), or "": not when the label's last letters make an English word ("magic",
    "strategic", "allergic"), nor without the frequency list to tell."""
    if spelling.word_frequency("the") is None:
        return ""
    for ending, category in (SITE_HOST_SERVICE_ENDINGS | SITE_HOST_SERVICE_ENDINGS_TWELFTH).items():
        name = label.removesuffix(ending).rstrip("-")
        if name == label or len(name.replace("-", "")) < SITE_HOST_ENDING_MIN_PREFIX or not name[-1:].isalpha():
            continue
        if label.endswith("-" + ending):
            return category
        letters = label.replace("-", "")
        tails = (letters[-size:] for size in range(len(ending) + 1, len(letters) + 1))
        if not any((spelling.word_frequency(tail) or 0.0) >= SITE_HOST_WORD_MIN_ZIPF for tail in tails):
            return category
    return ""


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
        if not strings and len(label) >= SITE_HOST_SPLIT_MIN_LETTERS and label.isalpha():
            for entry in _split_services(label):
                found.setdefault(entry.categories[0], entry)
        ending = "" if strings else _ending_service(label)
        if ending and ending not in found:
            found[ending] = Entry("topic", (ending,), f"{label}{SITE_NAME_MARK}")
    return tuple(found.values())


def host_name_words(host: str) -> str:
    """The words a host's own labels run together, as a name ("oakwoodrecovery-rehab.co.uk" -> "oak
    wood recovery rehab"): a host no `[site_names]` string names may still name its service in plain
    words, to be judged as the site's name is. "" when a label cannot be split into known words (a
    made-up brand says nothing) or without the frequency list."""
    labels = [label for label in host.lower().split(".") if label and label not in SITE_HOST_SUFFIX_LABELS]
    found: list[str] = []
    for label in labels:
        for piece in (p for p in label.split("-") if p):
            if not piece.isalpha():
                return ""
            words = _split(piece) if len(piece) >= SITE_HOST_SPLIT_MIN_LETTERS else [piece]
            if not words:
                return ""
            found += words
    return " ".join(found)


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
    # A day or opening hours ("?day=saturday": [cues.opening]) is the service's logistics, no other subject.
    if any((entry.kind == "topic" or (entry.kind == "cue" and entry.context not in CLASSIFY_TYPED_ONLY_CUE_CONTEXTS))
           and entry.categories != ("care_interaction",) for _s, _e, entry in matches):
        return []
    general = default_lexicon().site_general_pages
    longest = max(map(len, general), default=0)
    for start in range(len(words)):
        for size in range(1, longest + 1):
            if tuple(words[start : start + size]) in general:
                return []
    return named
