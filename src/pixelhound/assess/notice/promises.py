"""Promises in a notice: that data is not shared, not sold, not used for marketing or advertising, or
that no advertising cookies are set; judged clause by clause from each negation, with any consent
qualifier. Selling is a promise of its own: "we never sell your information" says nothing about
sharing with a service that works for the site, and only a law's notion of a sale can break it."""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from pixelhound.assess.notice.text import Sentence, excerpt_around

# What a notice can promise; findings.py holds each kind's test and the reason for it.
NO_SHARING, NO_SELLING, NO_MARKETING, NO_ADVERTISING_COOKIES = "no-sharing", "no-selling", "no-marketing", "no-advertising-cookies"
PROMISE_KINDS = (NO_SHARING, NO_SELLING, NO_MARKETING, NO_ADVERTISING_COOKIES)


class Promise(msgspec.Struct):
    """A sentence promising data is not shared or used for marketing, or no advertising cookies."""

    category: str  # one of PROMISE_KINDS
    sentence: str
    url: str
    health: bool = False  # the promise is about health, medical or patient information
    consent: bool = False  # "... without your consent": binds only where consent was not given
    qualifier: str = ""  # "unless required by law", "without your consent", ...


_NEGATION = re.compile(
    r"\b(?:(?:will|shall|do|does|would|can|could|must|is|are|may|should)\s+(?:not|never)(?!\s+only)"
    r"|won't|don't|doesn't|cannot|can't|isn't|aren't|never(?!\s+the\s?less)"
    r"|under no circumstances(?:\s+(?:will|do|would|shall)\s+we)?|at no (?:time|point)(?:\s+(?:will|do|would|shall)\s+we)?)\b"
)
# A negation about the reader's choices is an instruction, not a promise ("if you do not want us to
# share ...", "you can't opt out", "you do not have to").
_NOT_A_PROMISE_AFTER = re.compile(
    r"^\s*(?:want|wish|agree|consent|like|object|opt|need|have to|be able|require|mind)\b"
)
_READER_BEFORE = re.compile(r"\b(?:you|if|unless|should|whether|where|when)\s*$")
_VERB = re.compile(
    r"^\s*(?:\w+\s+){0,3}?(?:be\s+|been\s+|ever\s+)?"
    r"(?P<verb>use[ds]?|using|share[ds]?|sharing|sell|sells|sold|selling|disclosed?|pass(?:ed)?|"
    r"give|given|provide[ds]?|transfer(?:red)?|rent(?:ed)?|trade[ds]?|make\s+\w+\s+available|made\s+available|"
    r"send|sent|receive[ds]?|process(?:ed)?|set|place[ds]?|store[ds]?|allow|permit)\b"
)
_SALE = re.compile(r"^(?:sell|sells|sold|selling|rent(?:ed)?|trade[ds]?)$")
_MARKETING = re.compile(r"\b(?:marketing|advertis\w*|adverts?|ads|sales purposes|commercial purposes)\b")
_RECIPIENTS = re.compile(
    r"\bthird[- ]part(?:y|ies)\b|\bother (?:organi[sz]ations|companies|businesses)\b|\banyone\b|\banybody\b|"
    r"\boutside (?:the|our|of)\b|\bexternal\b|\badvertis\w+\b|\bcommercial\b|\bsocial media\b"
)
_COOKIE = re.compile(r"\bcookies?\b|\btracking technolog\w*|\bpixels?\b")
# Cookie words that make "we do not use ... cookies" a promise about advertising trackers.
_AD_COOKIE = re.compile(r"\b(?:marketing|advertis\w*|ads|targeting|targeted|tracking|third[- ]party)\b")
_NO_COOKIES_AT_ALL = re.compile(
    r"^\s*(?:use|set|place|store)\s+(?:any\s+)?cookies(?:\s+(?:on|in)\s+(?:this|our)\s+(?:website|site))?"
    r"(?:\s+at\s+all)?\s*[.!]?\s*$"
)
_DATA = re.compile(r"\b(?:information|data|details|records|it|them|anything)\b")
_HEALTH = re.compile(r"\b(?:health|medical|clinical|patients?|care|treatment|conditions?|diagnos\w+)\b")
_CLAUSE_END = re.compile(
    r";|\bbut\b|\bhowever\b|\bwhereas\b|\balthough\b|\bwhile\b|,?\s+and\s+(?:we|our|they|it|may|will)\b"
)
_QUALIFIER = re.compile(
    r"\b(?:without (?:first )?(?:obtaining )?(?:your )?(?:explicit |express |prior )?"
    r"(?:consent|permission|agreement)|unless\b[^,.;]*|except\b[^,.;]*|other than\b[^,.;]*)"
)
# Any of these in a promise makes it conditional on the visitor's choice.
_CONSENT = re.compile(r"\b(?:consent|permission|agreement|agree|opt(?:ed)?[- ]in|accept(?:ed)?)\b")


def _normalise_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'").lower()


def _promise_category(head: str, clause: str, verb: str) -> str | None:
    """What a negated clause promises, if anything. `head` is the clause before the negation (its
    subject: "your health information", "third parties"), `clause` the rest from the verb on."""
    if _COOKIE.search(clause) and (_AD_COOKIE.search(clause) or _NO_COOKIES_AT_ALL.match(clause)):
        return NO_ADVERTISING_COOKIES
    whole = f"{head} {clause}"
    if _MARKETING.search(clause) and _DATA.search(whole):
        return NO_MARKETING
    if _SALE.match(verb):
        return NO_SELLING  # "we do not sell your data": no company receives it for value
    if not _DATA.search(whole):
        return None
    sharing = not verb.startswith(("use", "process", "set", "place", "store", "allow", "permit"))
    if sharing and _RECIPIENTS.search(whole):
        return NO_SHARING
    return None


def _clause_head(before: str) -> str:
    """The part of the sentence before a negation that belongs to the same clause."""
    cuts = list(_CLAUSE_END.finditer(before))
    return before[cuts[-1].end() :] if cuts else before


def _promise_in(sentence: Sentence) -> Promise | None:
    """The promise a sentence makes, judged clause by clause from each negation onwards."""
    lowered = _normalise_quotes(sentence.text)
    for negation in _NEGATION.finditer(lowered):
        head = _clause_head(lowered[: negation.start()])
        rest = lowered[negation.end() :]
        if _NOT_A_PROMISE_AFTER.match(rest):
            continue
        verb = _VERB.match(rest)
        if verb is None:
            continue
        if _READER_BEFORE.search(head) and not re.match(r"\s*be\b", rest):
            continue  # "you do not ..." is the reader's action; "... about you will not be shared" is ours
        end = _CLAUSE_END.search(rest, verb.end())
        clause = rest[verb.start("verb") : end.start() if end else len(rest)]
        category = _promise_category(head, clause, verb.group("verb"))
        if category is None:
            continue
        qualifier = _QUALIFIER.search(clause)
        qualifier_text = qualifier.group(0).strip() if qualifier else ""
        return Promise(
            category=category,
            sentence=excerpt_around(sentence.text, 0, 0),
            url=sentence.url,
            health=bool(_HEALTH.search(lowered)),
            consent=bool(_CONSENT.search(lowered)),  # "without your consent", "where you do not agree"
            qualifier=qualifier_text,
        )
    return None


def find_promises(found: Iterable[Sentence]) -> list[Promise]:
    """Every distinct promise in the notices, in reading order."""
    promises: list[Promise] = []
    seen: set[tuple[str, str]] = set()
    for sentence in found:
        promise = _promise_in(sentence)
        if promise is not None and (promise.category, promise.sentence) not in seen:
            seen.add((promise.category, promise.sentence))
            promises.append(promise)
    return promises
