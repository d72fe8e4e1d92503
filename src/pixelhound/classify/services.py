"""Patient-facing service actions: "Register with a dentist", "Request a new wheelchair",
"Wheelchair repairs", "Book your flu jab".

Neither word says much alone ("register to vote", "a dentist's opening hours"), but an action a
patient takes (register, refer, request, repair, book, order, renew, ...) next to a health or care
service is the visitor's own contact with care: `care_interaction`, as the label definitions say.
The pair is found here and then judged like any lexicon phrase (a recruitment or fundraising cue
near it still cancels it: "Register for our hospice fun run").
"""

from __future__ import annotations

from pixelhound.classify.lexicon import Entry, Lexicon

# How many tokens may stand between the action and the service, either way round:
# "register with a new NHS dentist" (4), "wheelchair repair" (0).
SERVICE_WINDOW = 4


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


def requests(
    words: list[str], lexicon: Lexicon, matches: list[tuple[int, int, Entry]]
) -> list[tuple[int, int, Entry]]:
    """Each care service acted on within SERVICE_WINDOW tokens, as a `care_interaction` match,
    unless a lexicon phrase already says so there ("order a repeat prescription")."""
    if lexicon.actions.isdisjoint(words):
        return []
    said = [(s, e) for s, e, entry in matches if entry.kind == "topic" and "care_interaction" in entry.categories]
    actions = [i for i, word in enumerate(words) if word in lexicon.actions]
    found: list[tuple[int, int, Entry]] = []
    for start, end in _service_spans(words, lexicon):
        near = [a for a in actions if start - SERVICE_WINDOW - 1 <= a < start or end <= a <= end + SERVICE_WINDOW]
        if not near:
            continue
        action = min(near, key=lambda a: min(abs(a - start), abs(a - (end - 1))))
        service = " ".join(words[start:end])
        term = f"{words[action]} … {service}" if action < start else f"{service} … {words[action]}"
        if action in (start - 1, end):
            term = term.replace(" … ", " ")
        first, last = min(action, start), max(action + 1, end)
        if any(s < last and first < e for s, e in said):
            continue
        # A short word ("gp", "mri", "get") may be a code in machine-made text: treat the pair
        # like the lexicon's short abbreviations, which need support there.
        fragile = len(service) <= 3 or len(words[action]) <= 3
        found.append((first, last, Entry("topic", ("care_interaction",), term, fragile=fragile)))
    return found
