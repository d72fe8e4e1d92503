"""Every name a notice may use for a recipient ("Meta", "Facebook", "Meta Platforms, Inc."), matched
as a name and not as an English word, and the best sentence naming it."""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from pixelhound.assess.notice.text import Sentence, excerpt_around
from pixelhound.knowledge.vendors import Vendor
from pixelhound.settings import NOTICE_MAX_SENTENCE

# Aliases that are ordinary words or places: matched only in another form ("Basis Technologies").
_NEVER_ALONE = frozenset({"x", "text", "basis", "civic", "mountain", "arbor", "centro", "zync"})
# Aliases that are also English words: matched only capitalised as a name ("Meta", not "meta tags").
_PROPER_ONLY = frozenset({
    "meta", "segment", "heap", "drift", "sentry", "amplitude", "clarity", "moat", "oath", "pandora",
    "unruly", "sharpen", "intercom", "oracle", "amazon", "snap", "zeta", "genesys", "telaria", "arbor",
    "viant", "comcast", "nielsen", "experian", "twilio", "plyr", "throtle", "criteo", "teads", "lijit",
    "cybot", "osano", "termly", "zendesk", "quora", "reddit", "spotify", "nextdoor", "optimizely",
    "siteimprove", "akamai", "medallia", "invoca",
})
# Words after "Meta" that make it HTML vocabulary, not the company.
_NOT_META = r"(?![\s\-]*(?:tags?|data|descriptions?|keywords?|elements?|information)\b)"
# Extra names for vendors whose own short name is too ambiguous to match alone.
_EXTRA_NAMES: dict[str, tuple[str, ...]] = {"x": ("X Corp", "X (formerly Twitter)", "X (Twitter)")}
_LEGAL_SUFFIX = re.compile(
    r",?\s+(?:inc|llc|ltd|limited|corp|corporation|plc|gmbh|sas|s\.a|a/s|aps|ab|b\.v|s\.r\.o|s\.r\.l|"
    r"pte\.? ltd|holdings|co)\.?$",
    re.IGNORECASE,
)


def _company_names(company: str) -> list[str]:
    """'Meta Platforms, Inc.' -> ['Meta Platforms, Inc', 'Meta Platforms']; 'X Corp.' -> ['X Corp']."""
    bare = re.sub(r"\s*\([^)]*\)", "", company).strip().rstrip(".")
    names = [bare]
    short = bare
    while True:
        shorter = _LEGAL_SUFFIX.sub("", short).strip().rstrip(",")
        if shorter == short or not shorter:
            break
        short = shorter
        names.append(short)
    return names


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """A whole-word pattern for one name, or None when the name is too ambiguous to match alone."""
    folded = name.strip().lower()
    if len(folded) <= 2 or folded in _NEVER_ALONE:
        return None
    body = r"\s+".join(re.escape(word) for word in name.split())
    if folded == "meta":
        body += _NOT_META
    case_sensitive = (
        folded in _PROPER_ONLY
        or (name.isupper() and len(name) <= 5)
        or any(len(word) == 1 for word in name.split())  # "X Ads" but not "box x ads"
    )
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(rf"(?<!\w){body}(?!\w)", flags)


def vendor_names(vendor: Vendor) -> list[str]:
    """Every name a notice may use for a vendor, most specific first."""
    candidates = [*vendor.aliases, *_company_names(vendor.company), *_EXTRA_NAMES.get(vendor.id, ())]
    unique = list(dict.fromkeys(name.strip() for name in candidates if name.strip()))
    return sorted(unique, key=len, reverse=True)


def _patterns(vendor: Vendor) -> list[tuple[str, str, re.Pattern[str]]]:
    """(name, a lower-case word it must contain, pattern): the word skips most sentences cheaply."""
    found = []
    for name in vendor_names(vendor):
        pattern = _name_pattern(name)
        if pattern is not None:
            found.append((name, max(name.lower().split(), key=len), pattern))
    return found


# Words that make a sentence explain a recipient rather than merely mention it.
_CONTEXT = re.compile(
    r"third[- ]part|share|cookie|analytic|advertis|marketing|pixel|track|process|social media|"
    r"provider|service|supplier|partner|transfer|collect",
    re.IGNORECASE,
)


class Mention(msgspec.Struct):
    """Whether the notices name one recipient, and the sentence that does."""

    vendor: str
    company: str
    category: str
    named: bool
    sentence: str = ""
    url: str = ""
    name: str = ""  # the alias or company name that matched


def _score(sentence: str, name: str) -> tuple[int, int]:
    """Prefer sentences that explain the recipient and use a specific name over bare list items."""
    explained = 4 if _CONTEXT.search(sentence) else 0
    sized = 2 if 40 <= len(sentence) <= NOTICE_MAX_SENTENCE else (1 if len(sentence) > NOTICE_MAX_SENTENCE else 0)
    return explained + sized, len(name)


def find_mention(vendor: Vendor, found: Iterable[Sentence]) -> Mention:
    """The best sentence naming a vendor by any of its names, or named=False."""
    patterns = _patterns(vendor)
    best: tuple[tuple[int, int], Sentence, str, re.Match[str]] | None = None
    for sentence in found:
        lowered = sentence.text.lower()
        for name, needle, pattern in patterns:
            if needle not in lowered:
                continue
            match = pattern.search(sentence.text)
            if match is None:
                continue
            score = _score(sentence.text, name)
            if best is None or score > best[0]:
                best = (score, sentence, name, match)
            break  # names are most specific first: the first that matches speaks for this sentence
    if best is None:
        return Mention(vendor.id, vendor.company, vendor.category, named=False)
    _, sentence, name, match = best
    return Mention(
        vendor.id,
        vendor.company,
        vendor.category,
        named=True,
        sentence=excerpt_around(sentence.text, match.start(), match.end()),
        url=sentence.url,
        name=name,
    )
