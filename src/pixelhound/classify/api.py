"""The classifier's interface: `classify_text(text) -> Sensitivity`.

How a verdict is reached (the fast path; no model, no network):
1. The text is decoded and split into canonical word tokens (see `normalise`): percent-encoding
   undone, scheme and host names dropped (a site's name is not the visitor's health, unless it
   names a specialist service: see `site_names`), camelCase,
   kebab-case and snake_case split, UK spellings folded to US ones.
2. Misspelt health words in what a person typed (a short plain text, a URL's search value) are
   corrected first (see `spelling`): "knee replacment" is matched as "knee replacement".
3. Phrases from the lexicon (`data/lexicon.toml`, with thousands of medicine names from a
   maintained source: see `medicines`) are matched longest-first on those tokens.
   A phrase is a *topic* term (shows a category on its own: "chlamydia", "sertraline", "book an
   appointment"), a *weak* term (counts only when nothing stronger is found: "symptoms",
   "medication", "counselling"), a *neutral* phrase that hides the words inside it ("no smoking",
   "cost of living crisis", "gender pay gap"), or a context *cue* showing the text is not about the
   visitor's own health: recruitment, fundraising, corporate papers, staff matters, visitor
   logistics, material for professionals. Service actions on care services (`services`) and a
   patient portal's own page names, on a portal (`portals`), are care.
4. A cue cancels every health term within `CUE_WINDOW` tokens of it, so "Oncology nurse
   vacancy" and "Donate to our cancer appeal" are negatives, while a long blob that merely also
   mentions "jobs" far away keeps its real finding. Cue words in a host name (careers.example.org)
   count for the whole text.
5. The verdict lists the categories in `CATEGORIES` order and, as evidence, each deciding phrase
   with a short readable excerpt of the input.

Form fields: personal identifiers (`nhs_number`, `date_of_birth`, `postcode`) are not health data;
fields that collect health details (`symptoms`, `current_medication`, `allergies`,
`medical_history`) are weak `other_condition` terms, so they flag on their own but give way to a
specific category when the value names one (`medication=Truvada` is sexual health). Fields that
only exist for patients (`appointment_date`, `hospital_number`, `reason_for_referral`) are
`care_interaction`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from pixelhound.classify import portals, pronouns, services, site_names, spelling
from pixelhound.classify.lexicon import CARE, CATEGORIES, MEDICINE, TYPED, Entry, default_lexicon
from pixelhound.classify.normalise import MAX_CHARS, normalise_token, readable, tokens, url_parts
from pixelhound.model import Evidence, Sensitivity
from pixelhound.settings import (
    CLASSIFY_CACHE_SIZE,
    CLASSIFY_CARE_ONLY_CUE_CONTEXTS,
    CLASSIFY_CARE_ONLY_CUE_CONTEXTS_TWELFTH,
    CLASSIFY_TYPED_ONLY_CUE_CONTEXTS,
    CLASSIFY_SPELLING_SHORT_LETTERS,
)

__all__ = ["CATEGORIES", "CUE_WINDOW", "classify_text"]

# How far (in tokens) a context cue reaches. Titles, buttons and URLs are shorter than this, so a
# cue covers them whole; in a long custom-data blob it only covers its neighbourhood.
CUE_WINDOW = 12
_CARE = frozenset({CARE})
EXCERPT_CHARS = 200
# A short abbreviation ("cbt", "ibs", "hiv") or a weak word ("disabled", "symptoms") in machine-made
# text (JSON, query strings: any of {}[]":|;= ) or in a text longer than PLAIN_TOKENS tokens counts
# only with a support word ("clinic", "therapy", "test", ...) or a sure health term within
# SUPPORT_WINDOW tokens, or when written in capitals: trackers' own keys ("cbt":[], /ibs:dpid, "disabled":true) are not health.
PLAIN_TOKENS = 12
SUPPORT_WINDOW = 8
_MACHINE = re.compile(r'[{}\[\]":|;=]')
_TYPED_NOT = re.compile(r'[{}\[\]":|;=/\\]')  # machine-made, or a URL or path

_Verdict = tuple[tuple[str, ...], tuple[tuple[str, str, str], ...]]  # categories, (category, term, excerpt)
_NEGATIVE: _Verdict = ((), ())
_OTHER_ONLY = ("other_condition",)
_SPECIFIC = frozenset(CATEGORIES) - {"other_condition", "care_interaction"}
_CARE_ONLY_CUES = CLASSIFY_CARE_ONLY_CUE_CONTEXTS | CLASSIFY_CARE_ONLY_CUE_CONTEXTS_TWELFTH
_TYPED_ONLY_CUES = CLASSIFY_TYPED_ONLY_CUE_CONTEXTS


SPELLING_MARK = "spelling of"  # how a corrected word's evidence names the word meant


def _sanitise(text: object) -> str:
    """Any input as a str (bytes decoded with replacement), never an exception.

    Lone surrogates are left for `readable`, which blanks unprintable characters in excerpts."""
    if isinstance(text, bytes | bytearray | memoryview):
        return bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return text


def _match(words: list[str]) -> list[tuple[int, int, Entry]]:
    """The longest phrase starting at each token, left to right.

    Topic phrases may overlap ("smear test" and "test results" both count); a neutral phrase hides
    every word inside it ("no smoking", "nhs foundation trust") and is not reported itself.
    """
    lexicon = default_lexicon()
    by_first = lexicon.by_first
    found: list[tuple[int, int, Entry]] = []
    n = len(words)
    hidden_until = 0
    # Most texts hold no medical word ending: one regex over the joined words says so cheaply.
    endings = lexicon.medical_word.search(" ".join(words)) is not None
    for i in range(n):
        if i < hidden_until:
            continue
        candidates = by_first.get(words[i])
        if candidates is None:
            if endings:
                word = words[i]
                if lexicon.medical_word.fullmatch(word) and word not in lexicon.not_conditions:
                    found.append((i, i + 1, Entry("topic", ("other_condition",), f"{word} (medical term)")))
            continue
        for key, entry in candidates:
            size = len(key)
            if size == 1 or (i + size <= n and tuple(words[i : i + size]) == key):
                if entry.kind == "neutral":
                    hidden_until = i + size
                else:
                    found.append((i, i + size, entry))
                break
    # A phrase inside a longer one of the same meaning adds nothing ("appointment" inside
    # "book an appointment"): keep the longer as evidence. A longer health phrase also says what
    # the words inside it mean: "hearing aids" is no HIV ("aids"), "thyroid cancer" no other
    # condition, "bladder training" no course for professionals ("training").
    if len(found) > 64:  # a huge text: skip the quadratic tidy-up, evidence is de-duplicated later
        return found
    return [
        (start, end, entry)
        for start, end, entry in found
        if not any(
            o_start <= start and end <= o_end and (o_end - o_start) > (end - start)
            and (o_entry.kind == "topic" or (
                o_entry.kind == entry.kind and set(entry.categories) <= set(o_entry.categories)))
            for o_start, o_end, o_entry in found
        )
    ]


def _named_in_url(
    rest: str, matches: list[tuple[int, int, Entry]], words: list[str], support: frozenset[str]
) -> frozenset[str]:
    """Words of the URL parts (path segment, query value, fragment) that name health and nothing else.

    A page called '/hiv/' or a search '?q=hiv' is about HIV however machine-made the text around it
    (a tracker's whole request URL); a part with other words in it ('/ibs:dpid', 'cbt-banner')
    vouches for nothing. Weak terms never count this way: 'optin=disabled' is a setting.
    """
    if not any(ch in rest for ch in "/?#="):
        return frozenset()
    health = {word for start, end, entry in matches if entry.kind == "topic" for word in words[start:end]}
    named: set[str] = set()
    for part in url_parts(rest):
        if any(word in health for word in part) and all(
            word in health or word in support or word.isdigit() for word in part
        ):
            named.update(part)
    return frozenset(named)


def _excerpt(display: str, raw_word: str) -> str:
    """Up to EXCERPT_CHARS characters of the readable text around the first deciding word."""
    if len(display) <= EXCERPT_CHARS:
        return display.strip()
    at = display.lower().find(raw_word) if raw_word else -1
    start = max(0, at - 60) if at >= 0 else 0
    return display[start : start + EXCERPT_CHARS].strip()


def _spelt(words: list[str], raw: list[str], rest: str) -> list[tuple[int, int, Entry]]:
    """The matches of what a person typed with its misspelt health words corrected, or [] when
    nothing was misspelt. Typed: a short plain text, or a URL's search value; the rest of a URL
    or a path is the site's own words, and a file name's typo is no health."""
    if not words:
        return []
    lexicon = default_lexicon()
    if max(map(len, words)) < CLASSIFY_SPELLING_SHORT_LETTERS and not any(
            w in lexicon.shorthand or w in lexicon.shorthand_beside for w in words):
        return []
    where: range | None = None  # every word
    if len(words) > PLAIN_TOKENS or _TYPED_NOT.search(rest, 0, 2048):
        where = spelling.search_words(words, rest) if "=" in rest else None
        if where is None:
            return []
    meant = spelling.corrections(words, raw, lexicon, where)
    if not meant:
        return []
    matches = _match([meant.get(i, word) for i, word in enumerate(words)])
    return [
        (start, end, entry._replace(term=f"{' '.join(raw[start:end])} ({SPELLING_MARK} {entry.term})"))
        if any(i in meant for i in range(start, end)) else (start, end, entry)
        for start, end, entry in matches
    ]


def _verdict(text: str) -> _Verdict:
    """The cached core: categories and evidence triples for one sanitised text."""
    if not text or not any(ch.isalpha() for ch in text[:MAX_CHARS]):
        return _NEGATIVE
    parsed = tokens(text)
    words, raw = parsed.words, parsed.raw
    if not words and not parsed.hosts:
        return _NEGATIVE
    matches = _spelt(words, raw, parsed.rest) or _match(words)
    if parsed.hosts:
        # The site's name stands before its path ("/results" on a sexual-health clinic's site is
        # its results): an empty span at the start.
        named = site_names.services(parsed.hosts, words, matches)
        # (twentieth pass: the page where a visitor reaches that service, "/get-help/text-us", is contact with it)
        reached = services.reach_page(parsed.rest) if named and "/" in parsed.rest else ""
        matches = [(0, 0, entry) for entry in named] + matches
        if reached:
            matches.insert(len(named), (0, 0, Entry("topic", (CARE,), f"{reached} (a way to reach the service)")))
    on_portal = portals.sections(parsed.hosts, words, parsed.rest)
    if on_portal:
        matches = sorted(matches + on_portal, key=lambda match: match[0])
    acted_on = services.requests(words, default_lexicon(), matches)
    if acted_on:
        matches = sorted(matches + acted_on, key=lambda match: match[0])
    if not matches:
        return _NEGATIVE
    by_first = default_lexicon().by_first
    host_cue = any(
        entry.kind == "cue"
        for word in parsed.host_words
        for key, entry in by_first.get(normalise_token(word), ())
        if len(key) == 1
    )
    if host_cue:
        return _NEGATIVE
    cue_starts: list[int] = []
    reach: list[int] = []  # running maximum of cue ends, so one bisect answers "is a cue near?"
    for start, end, entry in matches:
        if entry.kind == "cue":
            cue_starts.append(start)
            reach.append(max(end, reach[-1]) if reach else end)
    exceptions = default_lexicon().cue_exceptions

    def cancelled(start: int, end: int, entry: Entry) -> bool:
        index = bisect_left(cue_starts, end + CUE_WINDOW)
        if not (index > 0 and reach[index - 1] > start - CUE_WINDOW):
            return False
        spared = exceptions.get(entry.term)
        if spared is None and "care_interaction" in entry.categories:
            # an act on a spared term is spared with it ("apply … blue badge" under a council's parking path)
            spared = next((contexts for term, contexts in exceptions.items()
                           if entry.term.endswith(f" {term}") or entry.term.startswith(f"{term} ")), None)
        if set(entry.categories) - _CARE:  # a condition stands beside a cue that cancels only care
            spared = (spared or frozenset()) | _CARE_ONLY_CUES
        if entry.context != TYPED:  # an act ("book an appointment for Saturday") stands beside a day
            spared = (spared or frozenset()) | _TYPED_ONLY_CUES
        if spared is None:
            return True
        # only cues of the contexts that spare this term are near: it stands
        return any(
            cue.kind == "cue" and cue.context not in spared
            and cue_start < end + CUE_WINDOW and cue_end > start - CUE_WINDOW
            for cue_start, cue_end, cue in matches
        )

    # Machine-made is judged on what is left once scheme and host are gone: the ':' of 'https:'
    # says nothing about the path ('https://www.trust.nhs.uk/hiv' reads like '/hiv').
    plain = len(words) <= PLAIN_TOKENS and not _MACHINE.search(parsed.rest, 0, 2048)
    anchors: list[int] = []  # positions that vouch for a fragile term: support words, sure terms
    named: frozenset[str] = frozenset()  # words of URL parts made only of health vocabulary
    typed: range = range(0)  # where a URL's site-search value stands among its words
    if not plain and any(entry.fragile for _s, _e, entry in matches):
        support = default_lexicon().support
        anchors = sorted(
            [i for i, word in enumerate(words) if word in support]
            + [start for start, _e, entry in matches if entry.kind == "topic" and not entry.fragile]
        )
        named = _named_in_url(parsed.rest, matches, words, support)
        # A site search's value in a URL was typed by the visitor ("?q=hiv+prep+cost"): its words
        # are read as the typed search alone would be, whatever else the URL holds.
        typed = spelling.search_words(words, parsed.rest) or range(0)

    capitals: dict[str, bool] = {}
    searched: list[range] = []  # a URL's site-search value, found once if a typed-only term needs it

    def typed_here(start: int, end: int) -> bool:
        """Whether the words at start:end were typed by the visitor: a short plain text, or a URL's search value."""
        if len(words) <= PLAIN_TOKENS and not _TYPED_NOT.search(parsed.rest, 0, 2048):
            return True
        if not searched:
            searched.append(spelling.search_words(words, parsed.rest) or range(0))
        return start in searched[0] and end - 1 in searched[0]

    def stands(start: int, end: int, entry: Entry) -> bool:
        if cancelled(start, end, entry):
            return False
        if entry.context == TYPED and not typed_here(start, end):
            return False
        if plain or not entry.fragile:
            return True
        if entry.kind == "topic" and all(word in named for word in words[start:end]):
            return True
        if entry.kind == "topic" and start in typed and end - 1 in typed:
            return True
        index = bisect_left(anchors, start - SUPPORT_WINDOW)
        if any(
            not (start <= anchors[j] < end) for j in range(index, len(anchors))
            if anchors[j] < end + SUPPORT_WINDOW
        ):
            return True
        # Written in capitals as people write acronyms ("topic":"IVF"), unlike trackers' own keys.
        acronym = raw[start].upper()
        if acronym not in capitals:
            capitals[acronym] = re.search(
                rf"(?<![A-Za-z]){re.escape(acronym)}(?![A-Za-z])", text[:MAX_CHARS]
            ) is not None
        return capitals[acronym]

    def keep(kind: str) -> list[tuple[int, int, Entry]]:
        kept: list[tuple[int, int, Entry]] = []
        accepted: set[int] = set()  # one standing occurrence of a phrase is evidence enough
        for match in matches:
            entry = match[2]
            if entry.kind == kind and id(entry) not in accepted and stands(*match):
                accepted.add(id(entry))
                kept.append(match)
        return kept

    # A weak term counts when nothing names a health area more surely: "symptoms of chlamydia" is
    # only chlamydia. Beside care alone, a weak term of a named area still counts ("therapist
    # accepting new patients" is therapy too), the generic ones do not ("GP surgery", "medical
    # history" on a registration form are care).
    chosen = keep("topic")
    if not chosen:
        chosen = keep("weak")
    elif not any(c != "care_interaction" for _s, _e, entry in chosen for c in entry.categories):
        chosen += [match for match in keep("weak") if match[2].categories != _OTHER_ONLY]
    if not chosen:
        return _NEGATIVE
    display = readable(text)
    evidence: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    # "Other condition" is the catch-all: next to a named area it adds nothing a reader needs
    # ("thyroid cancer" is cancer, "neonatal intensive care" neonatal care), unless one phrase
    # means both ("gestational diabetes") or it is a medicine of its own ("sertraline,
    # lisinopril": a second treatment, not a word about the first).
    specific = any(c in _SPECIFIC for _s, _e, entry in chosen for c in entry.categories)
    with_pronouns = pronouns.states_pronouns(words)
    for start, _end, entry in chosen:
        for category in entry.categories:
            if with_pronouns and entry.context == MEDICINE and pronouns.gender_affirming(entry):
                category = pronouns.GENDER_IDENTITY  # "they/them - on testosterone": a transition
            if (category, entry.term) in seen:
                continue
            if specific and entry.categories == _OTHER_ONLY and entry.context != MEDICINE:
                continue
            seen.add((category, entry.term))
            evidence.append((category, entry.term, _excerpt(display, raw[start] if start < len(raw) else "")))
    categories = tuple(c for c in CATEGORIES if any(e[0] == c for e in evidence))
    return categories, tuple(evidence)


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _cached(text: str) -> _Verdict:
    return _verdict(text)


def classify_text(text: str) -> Sensitivity:
    """The verdict on one text: which health categories it reveals, and the words that decided.

    Never raises on odd input (empty, huge, binary, lone surrogates); each call returns a fresh
    Sensitivity, so a caller may fill in `Evidence.field` without touching the shared cache.
    """
    if type(text) is not str:
        text = _sanitise(text)
    categories, evidence = _cached(text)
    if not categories:
        return Sensitivity()
    return Sensitivity(
        sensitive=True,
        categories=list(categories),
        evidence=[Evidence(category=c, term=t, text=x) for c, t, x in evidence],
    )
