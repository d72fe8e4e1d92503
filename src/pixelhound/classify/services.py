"""Patient-facing service actions: "Register with a dentist", "Request a new wheelchair",
"Wheelchair repairs", "Book your flu jab", "Book an STI test", "PSA results".

Neither word says much alone ("register to vote", "a dentist's opening hours"), but an action a
patient takes (register, refer, request, repair, book, order, renew, ...) next to a health or care
service is the visitor's own contact with care: `care_interaction`, as the label definitions say.
So is an act that asks for care (book, order, schedule, get, ...) right next to any health matter
the lexicon names ("Schedule an abortion consultation", "Get tested for HIV"). The pair is found
here and then judged like any lexicon phrase (a recruitment or fundraising cue near it still
cancels it: "Register for our hospice fun run").
"""

from __future__ import annotations

from functools import lru_cache

from pixelhound.classify.lexicon import MEDICINE, TYPED, Entry, Lexicon, default_lexicon
from pixelhound.classify.normalise import tokens
from pixelhound.settings import CLASSIFY_CACHE_SIZE

# How many tokens may stand between the action and the service, either way round:
# "register with a new NHS dentist" (4), "wheelchair repair" (0).
SERVICE_WINDOW = 4
# Between an act asking for care and a health term: "book an STI test" (1), "order a free HIV
# self-test kit" (2); "get the facts about HIV" (3) is reading, not asking.
HEALTH_WINDOW = 2
_CARE = ("care_interaction",)


def _service_spans(words: list[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """(start, end) of every care-service phrase in the words, longest first, none inside another."""
    spans: list[tuple[int, int]] = []
    services = lexicon.care_services
    n = len(words)
    covered_until = 0
    for i, word in enumerate(words):
        if i < covered_until:
            continue
        for key in services.get(word, ()):
            if i + len(key) <= n and tuple(words[i : i + len(key)]) == key:
                spans.append((i, i + len(key)))
                covered_until = i + len(key)
                break
    return spans


def _nearest(actions: list[int], start: int, end: int, window: int) -> int | None:
    """The action closest to the span, with at most `window` tokens between them."""
    near = [a for a in actions if start - window - 1 <= a < start or end <= a <= end + window]
    return min(near, key=lambda a: min(abs(a - start), abs(a - (end - 1)))) if near else None


def _pair(words: list[str], action: int, start: int, end: int, name: str, categories: tuple[str, ...],
          context: str = "", two_words: bool = False) -> tuple[int, int, Entry]:
    """The action and what it acts on as one match, its term written as the visitor reads it."""
    term = f"{words[action]} … {name}" if action < start else f"{name} … {words[action]}"
    if action in (start - 1, end):
        term = term.replace(" … ", " ")
    # A short word ("gp", "mri", "get") may be a code in machine-made text: treat the pair
    # like the lexicon's short abbreviations, which need support there.
    # (An act said in two words, "get started", is no code: issue 16, nineteenth pass.)
    fragile = len(name) <= 3 or (len(words[action]) <= 3 and not two_words)
    return min(action, start), max(action + 1, end), Entry("topic", categories, term, context, fragile)


def _acting(words: list[str], acts: frozenset[str], following: dict[str, frozenset[str]]) -> list[int]:
    """Where an act stands, an act listed in `following` only right before one of its words."""
    return [
        i for i, word in enumerate(words)
        if word in acts and (word not in following or (i + 1 < len(words) and words[i + 1] in following[word]))
    ]


def requests(
    words: list[str], lexicon: Lexicon, matches: list[tuple[int, int, Entry]]
) -> list[tuple[int, int, Entry]]:
    """Each care service acted on within SERVICE_WINDOW tokens, and each health term asked about
    within HEALTH_WINDOW, as a `care_interaction` match, unless a lexicon phrase already says so
    there ("order a repeat prescription")."""
    present = lexicon.access_first.intersection(words)
    found = access_asked(words, lexicon, matches, present) \
        if present and (matches or not lexicon.asked_words.isdisjoint(words)) else []
    if lexicon.actions.isdisjoint(words) and (not matches or lexicon.health_actions.isdisjoint(words)):
        return found
    # An act's word inside a health term is part of its name, not an act ("knee replacement",
    # "hip revision"): issue 16, sixteenth pass.
    inside = {i for start, end, entry in matches if end - start > 1 and entry.kind == "topic"
              and "care_interaction" not in entry.categories for i in range(start, end)}
    actions = [a for a in _acting(words, lexicon.actions, lexicon.actions_next) if a not in inside]
    asking = [a for a in _acting(words, lexicon.health_actions, lexicon.health_next) if a not in inside] \
        if matches else []
    if asking and not lexicon.typed_unless.isdisjoint(words):  # a site's copy to its reader, no search
        asking = [a for a in asking if words[a] not in lexicon.typed_actions]
    if not (actions or asking):  # only acts that count before a word not there ("get the facts")
        return found
    # (a typed-only term may not stand where it is, so it says nothing yet: "/flu-vaccination/book" is the act)
    said = [
        (s, e) for s, e, entry in matches
        if entry.kind == "topic" and "care_interaction" in entry.categories and entry.context != TYPED
    ]

    def add(match: tuple[int, int, Entry]) -> None:
        first, last, entry = match
        if not any(s < last and first < e for s, e in said):
            found.append(match)
            said.append((first, last))
            return
        # Care already said there ("social care request a grab rail"): the area the service shows
        # is still said (a grab rail is for a disability).
        areas = tuple(c for c in entry.categories if c not in _CARE)
        if areas:
            found.append((first, last, Entry("topic", areas, entry.term, fragile=entry.fragile)))

    for start, end in _service_spans(words, lexicon):
        action = _nearest(actions, start, end, SERVICE_WINDOW)
        if action is not None:
            key = tuple(words[start:end])
            categories = lexicon.service_areas.get(key, ()) + _CARE  # CATEGORIES order
            add(_pair(words, action, start, end, " ".join(key), categories))
    if asking:
        before, after = lexicon.actions_before, lexicon.actions_after
        for start, end, entry in matches:
            # (issue 16, sixteenth pass: a weak term is care beside the acts that may follow it,
            # `[health_actions] weak`: "awaiting biopsy results"; not "insurance for medical conditions")
            if entry.kind not in ("topic", "weak") or "care_interaction" in entry.categories:
                continue
            medicine = entry.context == MEDICINE or entry.term in lexicon.medicine_like
            facing = [a for a in asking if (entry.kind == "topic" or words[a] in lexicon.weak_actions)
                      and not (words[a] in before and a > start)
                      and not (words[a] in after and a < start)
                      and not (words[a] in lexicon.medicine_after and (a < start or not medicine))
                      and words[a] not in lexicon.purchase_only]
            action = _nearest(facing, start, end, HEALTH_WINDOW)
            # (issue 16, seventeenth pass: a medicine bought, however far its shop's words stand from it)
            bought = next((a for a in asking if words[a] in lexicon.purchase_actions), None) \
                if medicine and entry.kind == "topic" else None
            if action is not None:
                # a clinician typed beside the area is a search for one to be seen by: typed text only
                context = TYPED if words[action] in lexicon.typed_actions else ""
                add(_pair(words, action, start, end, entry.term, _CARE, context, words[action] in lexicon.health_next))
            elif bought is not None:
                add(_pair(words, bought, start, end, entry.term, _CARE))
    return found


# A question's first word: "is ivf covered", "does my plan cover ..." (a brand's "Covered California" is none).
_QUESTION_WORDS = frozenset({"is", "are", "does", "do", "will", "am", "can", "would"})
# A site's own search page ("/search?q=..."), not the visitor's words for a clinician sought.
_SITE_SEARCH = frozenset({"search", "browse"})
# Between a finder's verb and what it finds: "find a dialysis center" (2), "search for an eating disorder therapist" (4).
FINDER_WINDOW = 4
# Between a verb of reaching and whom or what it reaches: "submit sickle cell crisis fund form" (5).
REACH_WINDOW = 5


def access_asked(words: list[str], lexicon: Lexicon, matches: list[tuple[int, int, Entry]],
                 present: set[str]) -> list[tuple[int, int, Entry]]:
    """Care, by the kind of text (issue 16, nineteenth pass): in a text naming a health matter, a care
    service's access asked about (its waiting list or cover, `[health_actions] asked_about`: "adhd
    assesment waiting list", "therapist in network", "is ivf covered") or a clinician or a place to be
    seen at searched for (a finder's verb, then within FINDER_WINDOW words a clinician or a place:
    "Find a Doctor: Dermatology near 85004", "Find a dialysis center"): the labels doc's "Appointments
    and waiting", "Getting a treatment covered" and "Finding a clinician or service to be seen by".
    `present`: the words of the text that begin one of these (`Lexicon.access_first`)."""
    areas = [(s, e) for s, e, entry in matches
             if entry.kind in ("topic", "weak") and any(c not in _CARE for c in entry.categories)]
    if not words:
        return []
    if not areas and not lexicon.asked_words.isdisjoint(words):
        # a care service's own cover or list asked about ("is physio covered", "podiatry waiting list")
        areas = _service_spans(words, lexicon)
    if not areas:
        return []
    start, end = areas[0]
    name = " ".join(words[start:end])
    for key in lexicon.asked_about:
        if key[0] not in present or (key == ("covered",) and words[0] not in _QUESTION_WORDS):
            continue
        at = next(iter(phrase_starts(words, key)), None)
        # (the area stands apart from the question: "do you take medicaid" asks of no treatment)
        if at is not None and not any(s < at + len(key) and at < e for s, e in areas):
            # asked in the visitor's own words (a search): a page's title "Waiting list information" describes
            return [_pair(words, at, start, end, name, _CARE, TYPED)]
    done = done_act(words, lexicon)
    if done is not None:
        return [_pair(words, done[0], start, end, name, _CARE)]
    for i, word in enumerate(words):
        if word not in present:
            continue
        # (twentieth pass: a support service reached or its form sent, beside an area that a strong term names:
        # "Chat to an adviser – gambling support"; not "Talk to an adviser about my medication" on a newspaper's site)
        if word in lexicon.reach_verbs and _within(words, i, lexicon.reach_nouns, REACH_WINDOW) \
                and any(entry.kind == "topic" and any(c not in _CARE for c in entry.categories) for _s, _e, entry in matches):
            return [_pair(words, i, start, end, name, _CARE)]
        if word in lexicon.finder_verbs and word not in _SITE_SEARCH \
                and _within(words, i, lexicon.finder_nouns, FINDER_WINDOW):
            return [_pair(words, i, start, end, name, _CARE)]
        # a finder by its own name ("/find-care/?specialty=obstetrics-gynecology", "provider directory")
        if any(tuple(words[i : i + len(key)]) == key for key in lexicon.finder_phrases if key[0] == word):
            return [_pair(words, i, start, end, name, _CARE)]
    return []


def _within(words: list[str], i: int, nouns: frozenset[tuple[str, ...]], window: int) -> bool:
    """Does one of `nouns` start within `window` words after the word at `i`?"""
    return any(tuple(words[j : j + len(noun)]) == noun
               for j in range(i + 1, min(i + 1 + window, len(words))) for noun in nouns)


def done_act(words: list[str], lexicon: Lexicon) -> tuple[int, int] | None:
    """Where words say an act is done ("Your visit is complete", "we've received your booking request",
    `prep_eligibility_quiz_complete`): one of `[provider_actions] done` within the window of one of its
    `done_objects`, either way round, as (start, end) of both; or None (issue 16, nineteenth pass). Beside a
    health matter it is care anywhere; in a short text on a care provider's site, whatever it names."""
    window = lexicon.provider_window
    present = set(words)
    done = [(i, i + len(key)) for key in lexicon.provider_done if key[0] in present for i in phrase_starts(words, key)]
    if not done:
        return None
    for thing in lexicon.provider_done_objects:
        for j in (phrase_starts(words, thing) if thing[0] in present else ()):
            for start, end in done:
                if -window <= start - (j + len(thing)) <= window or -window <= j - end <= window:
                    return min(start, j), max(end, j + len(thing))
    return None


def phrase_starts(words: list[str], key: tuple[str, ...]) -> list[int]:
    """Where the phrase `key` starts in `words`."""
    size = len(key)
    return [i for i in range(len(words) - size + 1) if tuple(words[i : i + size]) == key]


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def reach_page(path: str) -> str:
    """The segment of a URL's path that is a way to reach the service ("/chat/", "/get-help/text-us/"),
    as written, or "" (issue 16, seventeenth pass): care on a specialist's site, and (twentieth pass) in a URL
    whose own host names a specialist service, sent in a field with no site ("nightline.../get-help/text-us")."""
    pages = default_lexicon().provider_reach_pages
    return next((segment for segment in path_segments(path) if tuple(tokens(segment).words) in pages), "")


def path_segments(path: str) -> list[str]:
    """A URL path's non-empty segments, its query and fragment left off."""
    return [segment for segment in path.split("?", 1)[0].split("#", 1)[0].split("/") if segment]
