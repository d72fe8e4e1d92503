"""The health vocabulary, loaded once from `data/lexicon.toml` into a token-phrase index.

Kept as data so that a reviewer (or a regulator reading a verdict) can see every word that can make
a text sensitive, and so that a term is added without touching code. Medicine names beyond the
lexicon's own come from `medicines.load` and are added wherever the lexicon does not already
say what a phrase means.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple

from pixelhound.classify import medicines as medicine_source
from pixelhound.classify.normalise import normalise_token, phrase_tokens
from pixelhound.settings import (
    CLASSIFY_MEDICAL_WORD_LETTERS,
    CLASSIFY_SPELLING_MEDICINE_MIN_LETTERS,
    CLASSIFY_SPELLING_MIN_LETTERS,
    CLASSIFY_SPELLING_SHORT_LETTERS,
)

CATEGORIES = (
    "sexual_health",
    "mental_health",
    "gender_identity",
    "reproductive_health",
    "cancer",
    "substance_use",
    "other_condition",
    "care_interaction",
)

CARE = "care_interaction"  # the one category that is contact with care, not a health area
Kind = Literal["topic", "weak", "neutral", "cue"]
MEDICINE = "medicine"  # the context of a medicine name's entry
TYPED = "typed"  # the context of a [typed.*] entry: it counts only in what a person typed
_QUALIFIER = re.compile(r"\s*\([^)]*\)")  # "propranolol (cardiovascular)" -> "propranolol"
# When two entries share the same tokens, the stronger meaning wins.
_RANK: dict[str, int] = {"neutral": 4, "cue": 3, "topic": 2, "weak": 1}


class Entry(NamedTuple):
    """One lexicon phrase: what it means and how to name it in evidence.

    A tuple of strings, so that the garbage collector stops tracking the thousands of them: a
    slotted class would make every full collection walk the whole lexicon."""

    kind: Kind
    categories: tuple[str, ...]
    term: str
    context: str = ""  # cues: recruitment, fundraising, corporate, ...; medicine names: MEDICINE; TYPED
    fragile: bool = False  # a short abbreviation or weak term: needs support in machine-made text


@dataclass(frozen=True, slots=True)
class PortalWords:
    """How a patient portal is recognised and which of its pages count (the [patient_portal] section)."""

    hosts: re.Pattern[str] = re.compile("(?!)")  # a portal string inside a host label
    own: frozenset[str] = frozenset()  # portal strings that are health ones themselves
    health_hosts: re.Pattern[str] = re.compile("(?!)")  # what else the host must hold
    titles: frozenset[str] = frozenset()  # "my ... records"
    sections: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # by first token, longest first


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Phrases indexed by their first token; each list is longest phrase first."""

    by_first: dict[str, tuple[tuple[tuple[str, ...], Entry], ...]]
    max_len: int
    size: int
    support: frozenset[str]
    # Patient-facing service actions ("register", "request", "repair") and the care services they
    # act on ("dentist", "wheelchair"), paired by `services.requests`.
    # Endings of medical words the lexicon does not list ("tonsillitis", "arthroscopy"), and
    # ordinary words with those endings.
    condition_suffixes: tuple[str, ...] = ()
    not_conditions: frozenset[str] = frozenset()
    medical_word: re.Pattern[str] = re.compile("(?!)")  # a whole word ending in one of them
    actions: frozenset[str] = frozenset()
    # Service actions that count only before one of their words ("pharmacy near me", not "doctors near you").
    actions_next: dict[str, frozenset[str]] = field(default_factory=dict)
    care_services: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # Acts asking for care for any health matter next to them ("book an STI test"), and the
    # condition area a care service itself shows ("wheelchair": other_condition).
    health_actions: frozenset[str] = frozenset()
    actions_before: frozenset[str] = frozenset()  # health actions that count only before the term
    # health actions that count only right before one of their words ("start my PrEP visit", `call_click`)
    health_next: dict[str, frozenset[str]] = field(default_factory=dict)
    actions_after: frozenset[str] = frozenset()  # and only after it
    # and only after a medicine, or a treatment taken as one ("microgynon repeat", "hrt review")
    medicine_after: frozenset[str] = frozenset()
    medicine_like: frozenset[str] = frozenset()
    weak_actions: frozenset[str] = frozenset()  # acts that make a weak term care too ("awaiting biopsy")
    # a medicine bought: these words anywhere beside a medicine's name ("add_to_cart=finasteride_1mg")
    purchase_actions: frozenset[str] = frozenset()
    purchase_only: frozenset[str] = frozenset()  # ... those that are no act beside anything else ("cart")
    # clinicians and services a person types beside an area to find one ("ocd therapist"): typed text only
    typed_actions: frozenset[str] = frozenset()
    typed_unless: frozenset[str] = frozenset()  # ... unless the text speaks to its reader ("near you")
    # shorthand a person types for a care word ("gp apt", "repeat presc"): always, or only beside a
    # support word, a care service's word or the word it must precede
    shorthand: dict[str, str] = field(default_factory=dict)
    shorthand_beside: dict[str, str] = field(default_factory=dict)
    service_areas: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    # Words of topic phrases long enough to be recognised misspelt, by first letter, and rare real
    # words that resemble one.
    spellable: dict[str, list[str]] = field(default_factory=dict)
    # topic words of CLASSIFY_SPELLING_SHORT_LETTERS up to CLASSIFY_SPELLING_MIN_LETTERS letters, by first
    # letter: what a shorter typed word beside a support word may misspell ("lupis specialist")
    spellable_short: dict[str, list[str]] = field(default_factory=dict)
    real_words: frozenset[str] = frozenset()
    # Strings inside a host name that name a specialist service ("sexualhealth"), longest first,
    # and the category each shows (None: a string that makes its host label name no service).
    site_name: re.Pattern[str] = re.compile("(?!)")
    site_areas: dict[str, str | None] = field(default_factory=dict)
    site_general_pages: frozenset[tuple[str, ...]] = frozenset()  # pages a site name does not colour
    # Health terms (as their entries name them) and the cue contexts that do not cancel them.
    cue_exceptions: dict[str, frozenset[str]] = field(default_factory=dict)
    portal: PortalWords = field(default_factory=PortalWords)
    # The [role_pages] section: words of a page's own text naming the visitor's role (a job seeker, a
    # donor), by first token, longest first, each with its role; and how a report names each role.
    role_words: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = field(default_factory=dict)
    role_names: dict[str, str] = field(default_factory=dict)
    # The [provider_actions] section: a visitor's service actions, care only on a care provider's site.
    provider_verbs: tuple[tuple[str, ...], ...] = ()
    provider_objects: tuple[tuple[str, ...], ...] = ()
    # issue 16, nineteenth pass: verbs of acting that take only a thing a care service provides, and those things;
    # a site's own controls beside an act ("Manage my cookies"): no action
    provider_act_verbs: tuple[tuple[str, ...], ...] = ()
    provider_care_objects: tuple[tuple[str, ...], ...] = ()
    provider_not_objects: frozenset[str] = frozenset()
    provider_phrases: tuple[tuple[str, ...], ...] = ()
    provider_window: int = 3
    # a care or support service reached (a call, a text, a chat begun): care only on a specialist's site
    provider_reach: tuple[tuple[str, ...], ...] = ()
    provider_not_reach: tuple[tuple[str, ...], ...] = ()  # a page's own controls ("Text size")
    # a page whose path segment is that way ("/chat/", "/text-us/"): care on a specialist's site (seventeenth pass)
    provider_reach_pages: frozenset[tuple[str, ...]] = frozenset()
    # a search for a clinician: care when it names a specialty or a condition
    provider_finders: tuple[tuple[str, ...], ...] = ()
    # a general provider's forms for a patient's visitors ("Ward you are visiting: ..."): not the visitor's care
    provider_visitors_forms: tuple[tuple[str, ...], ...] = ()
    # issue 16, nineteenth pass: an act said done ("Your visit is complete"), a page's address naming an act
    # ("/vaccines/schedule"), a funnel's event named as a step or an answer (`quiz_answer=...`): by kind
    provider_done: tuple[tuple[str, ...], ...] = ()
    provider_done_objects: tuple[tuple[str, ...], ...] = ()
    provider_act_segments: frozenset[tuple[str, ...]] = frozenset()
    provider_funnel_names: frozenset[str] = frozenset()
    # the nouns a finder finds (clinicians and places), for a finder with words between ("Find a dialysis center")
    finder_verbs: frozenset[str] = frozenset()
    finder_nouns: frozenset[tuple[str, ...]] = frozenset()
    finder_phrases: tuple[tuple[str, ...], ...] = ()  # the finders listed ("find care", "provider directory")
    # issue 16, nineteenth pass: phrases that ask about a care service's access to a health matter named in
    # the same text (its waiting list, its cover: "adhd waiting list", "therapist in network")
    asked_about: tuple[tuple[str, ...], ...] = ()
    asked_words: frozenset[str] = frozenset()  # their words, to look for a care service only when one stands
    # issue 16, twentieth pass: a support service reached, or its form sent, beside a health matter named ("Chat to an
    # adviser – gambling support", `submit_sickle_cell_crisis_fund_form`): a verb of reaching, then a person or a form
    reach_verbs: frozenset[str] = frozenset()
    reach_nouns: frozenset[tuple[str, ...]] = frozenset()
    # the first words of all the above (asked, done, finders): a text holding none is passed over at once
    access_first: frozenset[str] = frozenset()
    # a medicine -> the other areas it is given in than its own ([medicine_uses])
    medicine_uses: dict[str, frozenset[str]] = field(default_factory=dict)


def _add(table: dict[tuple[str, ...], Entry], phrase: str, entry: Entry) -> None:
    key = phrase_tokens(phrase)
    if not key:
        return
    old = table.get(key)
    if old is None or _RANK[entry.kind] > _RANK[old.kind]:
        table[key] = entry
    elif old.kind == entry.kind and old.kind in ("topic", "weak"):
        merged = tuple(c for c in CATEGORIES if c in old.categories or c in entry.categories)
        table[key] = Entry(old.kind, merged, old.term, old.context)


_INGREDIENT_SEPARATOR = re.compile(r",| and |/|\(|\)")


@dataclass(frozen=True, slots=True)
class _MedicineAreas:
    """What the lexicon says about medicines' condition areas (see `_add_medicines`)."""

    named: dict[str, tuple[str, str]]  # generic or brand -> (category, concept)
    stems: dict[str, tuple[str, str]]  # name stem -> (category, concept)
    stem_pattern: re.Pattern[str]  # any stem at the end of a name, longest first
    vocabulary: dict[tuple[str, ...], Entry]  # the lexicon's own phrases

    @classmethod
    def of(cls, data: dict, vocabulary: dict[tuple[str, ...], Entry]) -> _MedicineAreas:
        named = {name.lower(): (c, concept) for name, (c, concept) in data.get("medicines", {}).items()}
        stems = {stem: (c, concept) for stem, (c, concept) in data.get("medicine_stems", {}).items()}
        for stem, (category, _concept) in stems.items():
            if category not in CATEGORIES:
                raise ValueError(f"lexicon: unknown category {category!r} for medicine stem {stem!r}")
        alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True)) or "(?!)"
        return cls(named, stems, re.compile(f"(?:{alternatives})$"), dict(vocabulary))

    def area(self, medicine: medicine_source.Medicine, key: tuple[str, ...]) -> tuple[str, str]:
        """(category, concept): the lexicon's word on the name or generic, then on each ingredient
        of a combination, then a health term inside the name ("nicotine patch", "contraceptive
        injections"), then the name stems; else a medicine of other_condition."""
        for name in (medicine.name, medicine.generic):
            if name in self.named:
                return self.named[name]
        ingredients = [i.strip() for i in _INGREDIENT_SEPARATOR.split(medicine.generic) if i.strip()]
        for ingredient in ingredients:
            if ingredient in self.named:
                return self.named[ingredient]
        phrases = [key] if medicine.name == medicine.generic else [key, phrase_tokens(medicine.generic)]
        for words in phrases:
            for size in range(len(words), 0, -1):
                for start in range(len(words) - size + 1):
                    entry = self.vocabulary.get(words[start : start + size])
                    if entry is not None and entry.kind == "topic" and entry.categories[0] != "care_interaction":
                        return entry.categories[0], f"{entry.term} medicine"
        for ingredient in ingredients:
            match = self.stem_pattern.search(ingredient)
            if match:
                return self.stems[match.group(0)]
        return "other_condition", "medicine"


def _add_medicines(
    table: dict[tuple[str, ...], Entry], data: dict, medicines: list[medicine_source.Medicine]
) -> None:
    """The package's medicine names, each where the lexicon does not already say something."""
    areas = _MedicineAreas.of(data, table)
    for medicine in medicines:
        key = phrase_tokens(medicine.name)
        if not key or key in table:
            continue
        category, concept = areas.area(medicine, key)
        generic = _QUALIFIER.sub("", medicine.generic)
        what = concept if medicine.name == generic else f"{concept}: {generic}"
        table[key] = Entry("topic", (category,), f"{medicine.name} ({what})", MEDICINE)


def _next_words(data: dict, section: str, key: str) -> dict[str, frozenset[str]]:
    """A section's actions that count only right before one of their listed words ("start" + "my")."""
    return {
        phrase_tokens(word)[0]: frozenset(phrase_tokens(after)[0] for after in afters)
        for word, afters in data.get(section, {}).get(key, {}).items()
    }


def _one_words(data: dict, section: str, key: str = "terms") -> frozenset[str]:
    """The one-word terms of a section ([service_actions], [health_actions]) as tokens."""
    phrases = data.get(section, {}).get(key, [])
    if any(len(phrase_tokens(p)) != 1 for p in phrases):
        raise ValueError(f"lexicon: each [{section}] term must be one word")
    return frozenset(phrase_tokens(phrase)[0] for phrase in phrases)


def _any_of(strings: list[str]) -> re.Pattern[str]:
    """One pattern finding any of the strings, longest first (or nothing, for none)."""
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True)) or "(?!)")


def _phrase_index(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as token tuples, by first token, longest first (what a left-to-right scan looks up)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        key = phrase_tokens(phrase)
        if key:
            grouped.setdefault(key[0], []).append(key)
    return {first: tuple(sorted(keys, key=len, reverse=True)) for first, keys in grouped.items()}


def _site_names(data: dict) -> tuple[re.Pattern[str], dict[str, str | None]]:
    """The [site_names] section as one pattern over host labels, and each string's category."""
    areas: dict[str, str | None] = {}
    for category, strings in data.get("site_names", {}).items():
        if category == "general_pages":
            continue
        if category != "not" and category not in CATEGORIES:
            raise ValueError(f"lexicon: unknown category {category!r} in [site_names]")
        for string in strings:
            areas[string.lower()] = None if category == "not" else category
    return _any_of(list(areas)), areas


def _portal_words(data: dict) -> PortalWords:
    """The [patient_portal] section, indexed."""
    section = data.get("patient_portal", {})
    return PortalWords(
        hosts=_any_of([h.lower() for h in section.get("hosts", [])]),
        own=frozenset(h.lower() for h in section.get("own", [])),
        health_hosts=_any_of([h.lower() for h in section.get("health_hosts", [])]),
        titles=frozenset(phrase_tokens(t)[0] for t in section.get("titles", []) if phrase_tokens(t)),
        sections=_phrase_index(section.get("sections", [])),
    )


def _role_pages(data: dict) -> tuple[dict[str, tuple[tuple[tuple[str, ...], str], ...]], dict[str, str]]:
    """The [role_pages] section: each role's words indexed by first token, and each role's name."""
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    names: dict[str, str] = {}
    for role, section in data.get("role_pages", {}).items():
        names[role] = section.get("as", role)
        for phrase in section.get("terms", []):
            key = phrase_tokens(phrase)
            if key:
                grouped.setdefault(key[0], []).append((key, role))
    return {first: tuple(sorted(keys, key=lambda k: -len(k[0]))) for first, keys in grouped.items()}, names


def build(data: dict, medicines: list[medicine_source.Medicine] | None = None) -> Lexicon:
    """Index a parsed lexicon document (the TOML layout described in the data file), with the
    medicine names of `medicines` (see `medicines.load`) where the document does not name them."""
    table: dict[tuple[str, ...], Entry] = {}
    for kind in ("topic", "weak"):
        for category, section in data.get(kind, {}).items():
            if category not in CATEGORIES:
                raise ValueError(f"lexicon: unknown category {category!r} in [{kind}]")
            for phrase in section.get("terms", []):
                _add(table, phrase, Entry(kind, (category,), phrase))
    for category, section in data.get("typed", {}).items():
        if category not in CATEGORIES:
            raise ValueError(f"lexicon: unknown category {category!r} in [typed]")
        for phrase in section.get("terms", []):
            _add(table, phrase, Entry("topic", (category,), phrase, TYPED))
    for phrase, categories in data.get("multi", {}).items():
        unknown = set(categories) - set(CATEGORIES)
        if unknown:
            raise ValueError(f"lexicon: unknown categories {sorted(unknown)} for {phrase!r}")
        _add(table, phrase, Entry("topic", tuple(c for c in CATEGORIES if c in categories), phrase))
    for name, (category, concept) in data.get("medicines", {}).items():
        if category not in CATEGORIES:
            raise ValueError(f"lexicon: unknown category {category!r} for medicine {name!r}")
        _add(table, name, Entry("topic", (category,), f"{name} ({concept})", MEDICINE))
    troubles = data.get("body_troubles", {})
    for part in troubles.get("parts", []):
        for word in troubles.get("words", []):
            if phrase_tokens(f"{part} {word}") not in table:
                _add(table, f"{part} {word}", Entry("topic", ("other_condition",), f"{part} {word}"))
    for phrase in data.get("neutral", {}).get("terms", []):
        _add(table, phrase, Entry("neutral", (), phrase))
    for context, section in data.get("cues", {}).items():
        for phrase in section.get("terms", []):
            _add(table, phrase, Entry("cue", (), phrase, context))
    _add_medicines(table, data, medicines or [])
    listed = {phrase_tokens(p) for p in data.get("fragile", {}).get("terms", [])}
    for key, entry in list(table.items()):
        short = len(key) == 1 and ((len(key[0]) <= 3 and key[0].isalpha()) or key in listed)
        if (entry.kind == "weak" and len(key) == 1) or (entry.kind == "topic" and short):
            table[key] = Entry(entry.kind, entry.categories, entry.term, entry.context, True)
    support = frozenset(w for phrase in data.get("support", {}).get("terms", []) for w in phrase_tokens(phrase))
    grouped: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
    for key, entry in table.items():
        grouped.setdefault(key[0], []).append((key, entry))
    by_first = {
        first: tuple(sorted(items, key=lambda item: -len(item[0]))) for first, items in grouped.items()
    }
    actions = _one_words(data, "service_actions")
    actions_next = _next_words(data, "service_actions", "before")
    health_next = _next_words(data, "health_actions", "next")
    health_actions = _one_words(data, "health_actions")
    actions_before = _one_words(data, "health_actions", "before")
    actions_after = _one_words(data, "health_actions", "after")
    medicine_after = _one_words(data, "health_actions", "after_medicine")
    purchase_actions = _one_words(data, "health_actions", "purchase")
    typed_actions = _one_words(data, "health_actions", "typed")
    typed_unless = _one_words(data, "health_actions", "typed_unless")
    service_areas: dict[tuple[str, ...], tuple[str, ...]] = {}
    for category, phrases in data.get("care_service_areas", {}).items():
        if category not in CATEGORIES:
            raise ValueError(f"lexicon: unknown category {category!r} in [care_service_areas]")
        for phrase in phrases:
            service_areas[phrase_tokens(phrase)] = (category,)
    area_phrases = [phrase for phrases in data.get("care_service_areas", {}).values() for phrase in phrases]
    care_services = _phrase_index([*data.get("care_services", {}).get("terms", []), *area_phrases])
    suffixes = data.get("condition_suffixes", {})
    endings = tuple(suffixes.get("endings", []))
    # A word of CLASSIFY_MEDICAL_WORD_LETTERS or more ending so; words are lower-case letters and digits.
    stem = CLASSIFY_MEDICAL_WORD_LETTERS - min((len(e) for e in endings), default=0)
    medical_word = re.compile(
        rf"(?<![a-z0-9])(?=[a-z]{{{CLASSIFY_MEDICAL_WORD_LETTERS},}}(?![a-z0-9]))[a-z]{{{max(stem, 1)},}}?(?:"
        + "|".join(re.escape(e) for e in endings) + ")(?![a-z0-9])"
    ) if endings else re.compile("(?!)")
    by_letter: dict[str, set[str]] = {}
    short_by_letter: dict[str, set[str]] = {}
    for key, entry in table.items():
        if entry.kind == "topic":
            for word in key:
                shortest = (CLASSIFY_SPELLING_MEDICINE_MIN_LETTERS if entry.context == MEDICINE
                            else CLASSIFY_SPELLING_MIN_LETTERS)
                if len(word) >= shortest and word.isalpha():
                    by_letter.setdefault(word[0], set()).add(word)
                # (twentieth pass: a short word of a phrase too, "sexual helth clinic": corrected words are matched
                # again, so it counts only inside its phrase)
                elif (len(word) >= CLASSIFY_SPELLING_SHORT_LETTERS and word.isalpha()
                      and entry.categories != (CARE,)):  # a health word, not an act ("reger" is no "refer")
                    short_by_letter.setdefault(word[0], set()).add(word)
    spellable = {first: sorted(words) for first, words in by_letter.items()}
    spellable_short = {first: sorted(words) for first, words in short_by_letter.items()}
    site_name, site_areas = _site_names(data)
    cue_exceptions: dict[str, frozenset[str]] = {}
    for context, phrases in data.get("cue_exceptions", {}).items():
        if context not in data.get("cues", {}):
            raise ValueError(f"lexicon: unknown cue context {context!r} in [cue_exceptions]")
        for phrase in phrases:
            entry = table.get(phrase_tokens(phrase))
            if entry is None or entry.kind not in ("topic", "weak"):
                raise ValueError(f"lexicon: [cue_exceptions] {phrase!r} is no health term")
            cue_exceptions[entry.term] = cue_exceptions.get(entry.term, frozenset()) | {context}
    general_pages = frozenset(phrase_tokens(p) for p in data.get("site_names", {}).get("general_pages", []))
    real_words = frozenset(w.lower() for w in data.get("spelling", {}).get("real_words", []))
    role_words, role_names = _role_pages(data)
    provider = data.get("provider_actions", {})

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(sorted({t for p in provider.get(key, []) if (t := phrase_tokens(p))}, key=lambda t: -len(t)))

    asked = [t for p in data.get("health_actions", {}).get("asked_about", []) if (t := phrase_tokens(p))]
    access_first = frozenset(t[0] for t in (*asked, *phrases("done"), *phrases("finders"), *phrases("finder_verbs"),
                                             *phrases("reach_verbs")))
    return Lexicon(provider_verbs=phrases("verbs"), access_first=access_first, provider_act_verbs=phrases("act_verbs"),
                   provider_care_objects=phrases("care_objects"),
                   provider_not_objects=frozenset(w for t in phrases("not_objects") for w in t), provider_objects=phrases("objects"),
                   provider_phrases=phrases("phrases"), provider_window=int(provider.get("window", 3)),
                   provider_reach=phrases("reach"), provider_not_reach=phrases("not_reach"),
                   provider_reach_pages=frozenset(phrases("reach_pages")), provider_finders=_finders(provider, phrases("finders")),
                   provider_visitors_forms=phrases("visitors_forms"),
                   provider_done=phrases("done"), provider_done_objects=phrases("done_objects"),
                   provider_act_segments=frozenset(phrases("act_segments")),
                   provider_funnel_names=frozenset(w for t in phrases("funnel_names") for w in t),
                   finder_verbs=frozenset(w for t in phrases("finder_verbs") for w in t[:1]),
                   finder_nouns=frozenset(phrases("finder_nouns")), finder_phrases=phrases("finders"),
                   asked_about=tuple(sorted(set(asked), key=lambda t: -len(t))),
                   asked_words=frozenset(t[-1] for t in asked),
                   reach_verbs=frozenset(w for t in phrases("reach_verbs") for w in t[:1]),
                   reach_nouns=frozenset(phrases("reach_nouns")),
                   by_first=by_first, spellable=spellable, spellable_short=spellable_short, real_words=real_words, site_name=site_name, site_areas=site_areas,
                   site_general_pages=general_pages, cue_exceptions=cue_exceptions, max_len=max(len(k) for k in table), size=len(table), support=support,
                   condition_suffixes=endings, medical_word=medical_word,
                   not_conditions=frozenset(normalise_token(w) for w in suffixes.get("not_conditions", [])),
                   actions=actions | frozenset(actions_next), actions_next=actions_next, care_services=care_services,
                   health_actions=(health_actions | actions_before | actions_after | medicine_after | frozenset(health_next)
                                   | purchase_actions | typed_actions),
                   purchase_actions=purchase_actions, purchase_only=purchase_actions - health_actions,
                   typed_actions=typed_actions, typed_unless=typed_unless,
                   shorthand={normalise_token(k): normalise_token(v) for k, v in data.get("shorthand", {}).get("always", {}).items()},
                   shorthand_beside={normalise_token(k): normalise_token(v)
                                     for k, v in data.get("shorthand", {}).get("beside", {}).items()},
                   medicine_after=medicine_after, weak_actions=_one_words(data, "health_actions", "weak"),
                   medicine_like=frozenset(" ".join(phrase_tokens(p)) for p in data.get("health_actions", {}).get("medicine_like", [])),
                   health_next=health_next,
                   actions_before=actions_before, actions_after=actions_after,
                   service_areas=service_areas, portal=_portal_words(data),
                   role_words=role_words, role_names=role_names,
                   medicine_uses={name.lower(): frozenset(areas) for name, areas in data.get("medicine_uses", {}).items()})


def _finders(provider: dict, listed: tuple[tuple[str, ...], ...]) -> tuple[tuple[str, ...], ...]:
    """The finders listed, and each finder verb with a clinician after it, bare or with "a", "an",
    "my", "your" or "the" between ("Find My Therapist"): longest first."""
    made = {
        phrase_tokens(f"{verb} {det} {noun}") for verb in provider.get("finder_verbs", [])
        for det in ("", "a", "an", "my", "your", "the") for noun in provider.get("finder_nouns", [])
    }
    return tuple(sorted(set(listed) | {t for t in made if t}, key=lambda t: -len(t)))


@cache
def default_lexicon() -> Lexicon:
    """The packaged lexicon, parsed on first use."""
    raw = resources.files("pixelhound.classify").joinpath("data/lexicon.toml").read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    excluded = frozenset(name.lower() for name in data.get("medicine_exclusions", {}).get("terms", []))
    return build(data, medicine_source.load(excluded))
