"""Turn any text that left the browser into comparable word tokens.

Trackers send URLs (percent-encoded, sometimes twice), camelCase or snake_case field names, JSON and
free text. The lexicon and the input pass through the same functions here, so a phrase written once
in plain English ("sexual health") matches `/sexual-health/`, `sexualHealth`, `sexual_health`,
`sexual%20health` and `SEXUAL+HEALTH` alike, and UK and US spellings meet.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import unquote

from pixelhound.settings import CLASSIFY_ASSET_EXTENSIONS

# A text longer than this is analysed in its first MAX_CHARS characters only: far more than any
# real URL, title or custom-data blob (decoders cut fields at 4,000), small enough that a hostile
# megabyte body costs well under a second.
MAX_CHARS = 262_144

_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
# A URL's scheme and authority (host, port, user): never evidence, because the question is what the
# visitor did or read on the site, not which site it was (`healthcare.gov` is no diagnosis).
_AUTHORITY = re.compile(r"(?:\b[A-Za-z][A-Za-z0-9+.\-]*:)?(?:\\?/){2}([^/\\?#\s\"'<>]*)")
# A bare host at the very start ("www.example.nhs.uk/services/..."): two dots and a letter TLD.
_LEADING_HOST = re.compile(r"^\s*([A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+\.[A-Za-z]{2,})(?=[/:?#]|\s*$)")
# Mixed-case words that camelCase splitting would break apart.
_KEEP_WHOLE = (("PrEP", "prep"), ("PREP", "prep"), ("MyChart", "mychart"), ("eConsult", "econsult"),
               ("HbA1c", "hba1c"), ("LGBTQIA", "lgbtq"), ("iPhone", "iphone"),
               ("ellaOne", "ellaone"), ("EllaOne", "ellaone"), ("NuvaRing", "nuvaring"))
_CAMEL_LOWER_UPPER = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAMEL_ACRONYM = re.compile(r"(?<=[A-Z])(?=[A-Z][a-z]{2,})")
_APOSTROPHE = re.compile(r"['\u2019\u2018`]")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_DIGIT = re.compile(r"\d")
# Identifiers, hashes, base64 and version-mangled ids ("fb.1.1716.abc123def456", "G-ABC123XYZ9"):
# a run of 10+ letters and digits mixed is never a word, and camelCase-splitting it would invent
# short "words" that may collide with an abbreviation.
_ID_RUN = re.compile(r"(?<![A-Za-z0-9])(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]{10,}(?![A-Za-z0-9])")
_LETTER_RUN = re.compile(r"[A-Za-z]{12,}")
# Bytes that never occur in real text; many of them mean a binary blob, not words.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_PRINTABLE_RUN = re.compile(r"[A-Za-z0-9 _\-/.%?=&+:]{8,}")
# The parts of a URL a page is named by: a path segment (after '/'), a query value (after '=') or
# the fragment (after '#'), up to the next separator. A part counts only when it is made of URL-safe
# word characters, so a JSON key ('"cbt":[]'), a tracker's own path code ('/ibs:dpid=411') or a
# command-line flag ('-std=gnu99': the flag precedes '=') is never one.
_URL_PART = re.compile(r"[/=#]([^/?&#=\s]*)")
_CLEAN_URL_PART = re.compile(r"[A-Za-z0-9\-_~+.]+")
_FILE_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cfm|pdf)$", re.IGNORECASE)

# UK spellings folded to US ones, applied inside a word (both input and lexicon go through this).
_SPELLING = (
    ("haem", "hem"), ("paed", "ped"), ("gynae", "gyne"), ("oestr", "estr"), ("oesoph", "esoph"),
    ("rrhoea", "rrhea"), ("aemia", "emia"), ("tumour", "tumor"), ("foet", "fet"),
    ("behaviour", "behavior"), ("counsell", "counsel"), ("anaesth", "anesth"), ("caesar", "cesar"),
    ("ischaem", "ischem"), ("apnoea", "apnea"), ("coeliac", "celiac"), ("oedema", "edema"),
    ("centre", "center"), ("programme", "program"), ("isation", "ization"), ("labour", "labor"),
    ("sterilis", "steriliz"), ("feminis", "feminiz"), ("masculinis", "masculiniz"),
    ("specialis", "specializ"), ("neurone", "neuron"), ("colour", "color"),
)
_SPELLING_HINTS = ("ae", "oe", "our", "ll", "tre", "mme", "is", "one")


@lru_cache(maxsize=65536)
def normalise_token(token: str) -> str:
    """One lower-case word in its canonical form: US spelling, light plural strip."""
    if any(hint in token for hint in _SPELLING_HINTS):
        for uk, us in _SPELLING:
            if uk in token:
                token = token.replace(uk, us)
    size = len(token)
    if size > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if size > 4 and token[-1] == "s" and token[-2] not in "siuy":
        return token[:-1]
    return token


def percent_decode(text: str) -> str:
    """Undo percent-encoding, up to three layers deep (trackers often nest a page URL in a URL)."""
    for _ in range(3):
        if "%" not in text or not _PERCENT.search(text):
            break
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    return text


def strip_hosts(text: str) -> tuple[str, list[str]]:
    """Remove scheme and host names; return the text left and the hosts removed."""
    hosts: list[str] = []
    if "//" in text or "\\/\\/" in text:
        def _drop(match: re.Match[str]) -> str:
            hosts.append(match.group(1))
            return " / "

        text = _AUTHORITY.sub(_drop, text)
    if "." in text[:256]:
        match = _LEADING_HOST.match(text)
        if match:
            hosts.append(match.group(1))
            text = text[match.end():]
    return text, hosts


def readable(text: str) -> str:
    """The text as a person should read it in evidence: decoded, '+' as space, no control bytes."""
    text = percent_decode(text[:MAX_CHARS])
    if "+" in text and " " not in text:
        text = text.replace("+", " ")
    return "".join(ch if ch.isprintable() else " " for ch in text)


def _random_case(match: re.Match[str]) -> str:
    """Blank a long letter run whose case flips like a random token ("kJhGfDsAqWeRtY")."""
    run = match.group(0)
    flips = sum(1 for a, b in zip(run, run[1:]) if a.isupper() != b.isupper())
    return " " if flips * 3 > len(run) else run


def looks_binary(text: str) -> bool:
    """True for a blob of bytes rather than text: over 10% control or replacement characters."""
    sample = text[:4096]
    return len(sample) >= 16 and len(_BINARY.findall(sample)) * 10 > len(sample)


def printable_runs(text: str) -> str:
    """The word-like runs inside a binary blob (like `strings`), one per line."""
    return "\n".join(_PRINTABLE_RUN.findall(text))


def split_words(text: str) -> list[str]:
    """Raw lower-case word tokens of an already-decoded text (camelCase and acronyms split)."""
    if _DIGIT.search(text):
        text = _ID_RUN.sub(" ", text)
    if not text.islower() and not text.isupper():
        text = _LETTER_RUN.sub(_random_case, text)
        for mixed, whole in _KEEP_WHOLE:
            if mixed in text:
                text = text.replace(mixed, whole)
        text = _CAMEL_LOWER_UPPER.sub(" ", text)
        text = _CAMEL_ACRONYM.sub(" ", text)
    text = _APOSTROPHE.sub("", text.lower())
    if "&" in text:
        text = text.replace("&amp;", " and ").replace("&", " and ")
    return _TOKEN.findall(text)


class Tokens(NamedTuple):
    """A text made comparable: what the classifier matches on and what it shows as evidence."""

    words: list[str]  # canonical tokens, matched against the lexicon
    raw: list[str]  # the same tokens as written, for excerpts
    host_words: list[str]  # words of the host names removed (cues count; see `site_names` for terms)
    rest: str  # the decoded text without schemes and hosts: what the visitor did or read
    hosts: tuple[str, ...] = ()  # the host names removed, as written


_ASSET_EXTENSIONS = frozenset(e.lower() for e in CLASSIFY_ASSET_EXTENSIONS)
_ASSET_HINT = re.compile(
    r"\.(?:" + "|".join(re.escape(e) for e in CLASSIFY_ASSET_EXTENSIONS) + r")(?![\w.])", re.IGNORECASE
)
# A maximal run of path characters: found left to right without backtracking, so a hostile page's
# long path costs linear time.
_PATH_RUN = re.compile(r"[\w\-.~%+@/]+")


def _drop_asset(match: re.Match[str]) -> str:
    run = match.group(0)
    name, dot, extension = run.rpartition(".")
    return " " if dot and name and not name.endswith("/") and extension.lower() in _ASSET_EXTENSIONS else run


def drop_asset_paths(text: str) -> str:
    """The text without the paths of stylesheets, scripts and fonts ("/assets/css/theme-oncology.css").

    A file a page loads is named for its look or its code, not for what the visitor read; its query
    string stays, since a tracker's script URL may carry the page's own address there."""
    if _ASSET_HINT.search(text) is None:
        return text
    return _PATH_RUN.sub(_drop_asset, text)


def tokens(text: str) -> Tokens:
    """Canonical tokens of a text for matching, the same tokens as written, and host-name words."""
    text = text[:MAX_CHARS]
    if looks_binary(text):
        text = printable_runs(text)
    text = percent_decode(text)
    text, hosts = strip_hosts(text)
    text = drop_asset_paths(text)
    raw = split_words(text)
    words = [normalise_token(w) for w in raw]
    host_words = [w for host in hosts for w in split_words(host.replace(".", " "))]
    return Tokens(words, raw, host_words, text, tuple(hosts))


def url_parts(text: str) -> list[tuple[str, ...]]:
    """Canonical tokens of each clean URL part (path segment, query value, fragment) of a text.

    A term that fills such a part on its own ("/hiv/", "?q=hiv", "#hiv", "/hiv.html") is how a
    page or a search is named, whatever else surrounds it; see the classifier's fragile terms.
    """
    parts: list[tuple[str, ...]] = []
    for part in _URL_PART.findall(text):
        if not part or not _CLEAN_URL_PART.fullmatch(part):
            continue
        part = _FILE_EXTENSION.sub("", part)
        words = tuple(normalise_token(w) for w in split_words(part.replace("+", " ")))
        if words:
            parts.append(words)
    return parts


def phrase_tokens(phrase: str) -> tuple[str, ...]:
    """Canonical tokens of a lexicon phrase (the same path as the input, without URL handling)."""
    return tuple(normalise_token(w) for w in split_words(phrase))
