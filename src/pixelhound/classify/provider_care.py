"""A visitor's own service action on a care provider's website: contact with care.

"Book a consultation", "Check in online", "Log in to MyMercyRidge", "Start a $39 visit" name no
health matter, so the classifier alone reads them as nothing, rightly: on a bank's, a gym's or a
solicitor's site they are nothing. On a site that says it provides care (a hospital, a GP practice,
a pharmacy, a dentist, an optician, a telehealth service, any specialist service: the site's
context, `SiteContext.provider`) they are the visitor's own contact with that care, which the label
definitions count as `care_interaction` (issue 16, item 3). The words are the lexicon's
`[provider_actions]` section; the evidence names the action and the provider.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from pixelhound.classify.api import classify_text
from pixelhound.classify.lexicon import CARE, default_lexicon
from pixelhound.classify.normalise import tokens
from pixelhound.classify.roles import field_kind
from pixelhound.classify.services import done_act, path_segments, phrase_starts, reach_page
from pixelhound.classify.self_description import PARTS
from pixelhound.model import BUTTON_TEXT, CUSTOM_DATA, EVENT, FORM_FIELD, LINK_URL, PAGE_TITLE, PAGE_URL, Evidence, Sensitivity
from pixelhound.settings import (
    CLASSIFY_CACHE_SIZE,
    FORM_ANSWER_LABELS,
    FORM_ANSWER_LABELS_FOURTEENTH,
    FORM_ANSWER_LABELS_FIFTEENTH,
    FORM_ANSWER_MAX_CHARS,
    FORM_HEALTH_QUESTION_VERBS_EIGHTEENTH,
    FORM_MEANS_TEST_LABELS_TWENTIETH,
    FORM_QUESTION_WORDS,
    FORM_REGISTRATION_LABELS_EIGHTEENTH,
    PROVIDER_ACTION_MAX_WORDS,
    SITE_CARE_SECTION_WORDS,
)

# "Do you have diabetes? Yes - type 2": a question about the visitor (or the person they fill it in
# for), then its answer ("What is HIV? Find out more" asks about no one).
_QUESTION_ANSWER = re.compile(r"^(?:" + "|".join(FORM_QUESTION_WORDS) + r")\b(?=[^?]*\b(?:you|your|the person|the patient)\b)"
                              r"[^?]{3,160}\?\s*\w", re.IGNORECASE)
# "Current medications: metformin 500mg": an intake form's label, then its value.
_LABEL_VALUE = re.compile(r"^(?:" + "|".join(re.escape(w).replace(r"\ ", r"[\s()]+")
                                                for w in FORM_ANSWER_LABELS + FORM_ANSWER_LABELS_FOURTEENTH
                                                + FORM_ANSWER_LABELS_FIFTEENTH)
                          # a label's own aside may stand before its colon: "Diagnosis (if known): ..."
                          + r")(?:\s*\([^()]{1,24}\))?\W{0,3}\s*:\s*\w", re.IGNORECASE)

# Issue 16, eighteenth pass: a registration form's own label ("Date of birth: ..."), and a question about
# the visitor asked by a health verb ("Do you take any nitrates, e.g. GTN spray? No").
# (Nineteenth pass: as a label is written on a form, with the person it is about before it and its unit or
# aside after it: "Current weight (lbs): 231", "Patient's date of birth: ...", "Your NHS number: ...".)
_REGISTRATION = re.compile(r"^(?:(?:current|your|my|patient'?s?|child'?s?)\s+)?(?:"
                           + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in FORM_REGISTRATION_LABELS_EIGHTEENTH
                                                            + FORM_MEANS_TEST_LABELS_TWENTIETH)
                           + r")(?:\s*\([^()]{1,24}\))?\s*:\s*\w", re.IGNORECASE)
_HEALTH_QUESTION = re.compile(r"^(?:" + "|".join(FORM_QUESTION_WORDS) + r")\b[^?]*\b(?:you|your)\b[^?]*\b(?:"
                              + "|".join(FORM_HEALTH_QUESTION_VERBS_EIGHTEENTH) + r")\b[^?]{0,120}\?\s*\w",
                              re.IGNORECASE)


def registration_answer(text: str) -> str:
    """A registration form's field or a health question's answer that names no health, as "a form's
    field", or "": on a care provider's site the visitor's own form to the service (issue 16, eighteenth pass)."""
    text = text.strip()
    if len(text) > FORM_ANSWER_MAX_CHARS:
        return ""
    return "a form's field" if _REGISTRATION.match(text) or _HEALTH_QUESTION.match(text) else ""


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def service_action(text: str) -> str:
    """The service action a short text names, as written ("Book a consultation"), or "".
    A long text is a page's copy, not a button or a form's label: it says nothing here."""
    parsed = tokens(text[: PROVIDER_ACTION_MAX_WORDS * 24])
    words, raw = parsed.words, parsed.raw
    if not words or len(words) > PROVIDER_ACTION_MAX_WORDS or len(raw) != len(words):
        return ""
    lexicon = default_lexicon()
    for phrase in lexicon.provider_phrases:
        for i in phrase_starts(words, phrase):
            return " ".join(raw[i : i + len(phrase)])
    if not lexicon.provider_not_objects.isdisjoint(words):  # a site's own control: "Change my cookie settings"
        return ""
    # (nineteenth pass: the verbs of acting take only a thing a care service provides)
    for verbs, things in ((lexicon.provider_verbs, lexicon.provider_objects + lexicon.provider_care_objects),
                          (lexicon.provider_act_verbs, lexicon.provider_care_objects)):
        for verb in verbs:
            for i in phrase_starts(words, verb):
                after = i + len(verb)
                for thing in things:
                    for j in phrase_starts(words[after : after + lexicon.provider_window + len(thing)], thing):
                        return " ".join(raw[i : after + j + len(thing)])
    return ""


# The fields where a visitor acts (a button pressed, an event fired), not where a page names itself.
_ACTING_FIELDS = frozenset({BUTTON_TEXT, EVENT, CUSTOM_DATA})
_ADDRESS_FIELDS = frozenset({PAGE_URL, LINK_URL})  # a page's address: its path may be the act (`services.reach_page`)


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _phrase(text: str, which: str) -> str:
    """The first phrase of the lexicon's `[provider_actions]` list `which` that a text holds, as
    written, or "". "reach" counts only at the start of a button's short text ("Call 0345 555 0192",
    "Text us now"; not a page's control, "Text size"); "finders" and "visitors_forms" anywhere ("/find-a-doctor/results?...")."""
    parsed = tokens(text[: PROVIDER_ACTION_MAX_WORDS * 24])
    words, raw = parsed.words, parsed.raw
    if not words or len(raw) != len(words):
        return ""
    lexicon = default_lexicon()
    keys = getattr(lexicon, f"provider_{which}")
    if which == "reach":
        if len(words) > PROVIDER_ACTION_MAX_WORDS or any(tuple(words[: len(key)]) == key
                                                         for key in lexicon.provider_not_reach):
            return ""
        return next((" ".join(raw[: len(key)]) for key in keys if tuple(words[: len(key)]) == key), "")
    by_first = _by_first(which)
    return next((" ".join(raw[i : i + len(key)]) for i, word in enumerate(words) for key in by_first.get(word, ())
                 if tuple(words[i : i + len(key)]) == key), "")


@lru_cache(maxsize=8)
def _by_first(which: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The lexicon's `[provider_actions]` list `which` by first word, longest first: the finders are
    hundreds once each verb meets each clinician (issue 16, seventeenth pass)."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for key in getattr(default_lexicon(), f"provider_{which}"):
        grouped.setdefault(key[0], []).append(key)
    return {first: tuple(keys) for first, keys in grouped.items()}


def _done_act(text: str) -> str:
    """An act a short text says is done (`services.done_act`: "Your visit is complete"), as written, or ""."""
    parsed = tokens(text[: PROVIDER_ACTION_MAX_WORDS * 24])
    words, raw = parsed.words, parsed.raw
    if not words or len(words) > PROVIDER_ACTION_MAX_WORDS or len(raw) != len(words):
        return ""
    span = done_act(words, default_lexicon())
    return " ".join(raw[span[0] : span[1]]) if span else ""


@lru_cache(maxsize=CLASSIFY_CACHE_SIZE)
def _act_segment(path: str) -> str:
    """The last segment of a URL's path when it is an act or its step ("/vaccines/schedule",
    "/.../consultation", "/book/"): the page is the act; as written, or "" (issue 16, nineteenth pass)."""
    segments = path_segments(path)
    last = segments[-1] if segments else ""
    return last if last and tuple(tokens(last).words) in default_lexicon().provider_act_segments else ""


def _funnel_event(source: str) -> str:
    """An event's or a custom value's own name when it is a funnel's step or answer (`cd[quiz_answer]`,
    `consultation_step`), or "" (issue 16, nineteenth pass). Twentieth pass: a funnel word anywhere in the
    name, as a step said done names it too (`step_completed=contact_details`, `stage_reached`)."""
    name = source.rsplit("[", 1)[-1].rstrip("]") if "[" in source else source
    return name if not default_lexicon().provider_funnel_names.isdisjoint(tokens(name).words) else ""


def _acting_kind(pair: tuple[str, str], parts: list[str]) -> str:
    """The visitor's act on a care provider's site that the kind of its text shows, whatever it names
    (issue 16, nineteenth pass): a page's address whose last segment is an act; a funnel's step or
    answer; an act a title, a button or an event says is done (in the title's own `parts`)."""
    kind, text = field_kind(pair), pair[1]
    if kind in _ADDRESS_FIELDS:
        return _act_segment(text)
    if kind in _ACTING_FIELDS and (found := _funnel_event(pair[0])):
        return found
    if kind in _ACTING_FIELDS or kind == PAGE_TITLE:
        return next((found for part in parts if (found := _done_act(part))), "")
    return ""


def _own_act(pair: tuple[str, str], named: bool, specialist: bool) -> str:
    """The visitor's own act that only the field it came in shows (the labels doc's "Care
    interaction"): a field of a form sent to a care service, naming health (`named`: the
    disclosure does; not a form for a patient's visitors) or sent to a specialist service, whatever
    it asks ("Gender: Prefer not to say", "Name you would like us to use"); a
    care or support service reached by a button or an event on a specialist's site ("Call 0345 555
    0192", "Chat to us online"; a general provider's switchboard is logistics); a search for a
    clinician by specialty or condition ("/find-a-doctor/results?specialty=cardiology")."""
    kind, text = field_kind(pair), pair[1]
    if kind == FORM_FIELD and (named or specialist) and len(text) <= FORM_ANSWER_MAX_CHARS \
            and (specialist or not _phrase(text, "visitors_forms")):
        return "a form's field"
    if specialist and kind in _ACTING_FIELDS and (reached := _phrase(text, "reach")):
        return reached
    if specialist and kind in _ADDRESS_FIELDS and (reached := reach_page(text)):
        return reached
    return _phrase(text, "finders") if named else ""


def form_answer(text: str) -> str:
    """The answer a short text gives to a form's question ("Do you have diabetes? Yes"), as "a form
    answer", or "": on a care provider's site a visitor's answer is their own contact with care."""
    text = text.strip()
    if len(text) > FORM_ANSWER_MAX_CHARS:
        return ""
    if _LABEL_VALUE.match(text):
        return "a form answer"
    # A question about the visitor's health ("Are you in pain?"), not about the site ("How did you
    # hear about us?").
    question = _QUESTION_ANSWER.match(text)
    return "a form answer" if question and classify_text(text.split("?", 1)[0]).sensitive else ""


def _asks_health(text: str) -> bool:
    """A form's label that itself asks about the visitor's health ("Symptoms started: 2-3 days ago"):
    its answer is health whatever words it is in."""
    label, colon, _answer = text.partition(":")
    return bool(colon) and len(label) <= FORM_ANSWER_MAX_CHARS and classify_text(label).sensitive


def care_section(texts: Iterable[tuple[str, str]]) -> str:
    """The care a page's own URL path says its section provides ("/adult-social-care/...": adult
    social care, on a council's site), or ""."""
    for _source, text in texts:
        if text.startswith("/"):
            words = " ".join(tokens(text[:PROVIDER_ACTION_MAX_WORDS * 24]).words)
            found = next((section for section in _sections() if f" {section} " in f" {words} "), "")
            if found:
                return found
    return ""


@lru_cache(maxsize=1)
def _sections() -> tuple[str, ...]:
    """SITE_CARE_SECTION_WORDS as the classifier's tokens ("adult-social-care" -> "adult social care")."""
    return tuple(" ".join(tokens(words).words) for words in SITE_CARE_SECTION_WORDS)


def add_service_actions(sensitivity: Sensitivity, provider: str, texts: Iterable[tuple[str, str]],
                        specialist: bool = False) -> None:
    """Care, with the action and the provider as evidence, for each (source, text) naming a
    service action on the website of `provider` (its context's words: "GP practice"), or answering
    a form's question about the visitor's health: the disclosure names a health matter, or the
    provider is a `specialist` service, whose every form is about its area ("Pronouns: they/them"
    at a gender service)."""
    if any(e.category == CARE for e in sensitivity.evidence):
        return
    health = sensitivity.sensitive or specialist
    for pair in texts:
        source, text = pair
        # A page title's own part ("Waiting room - your provider will join shortly | Tovalo Health")
        # may name the action when the whole is longer than a button's text.
        short = len(text) <= FORM_ANSWER_MAX_CHARS
        parts = [text, *(part for part in PARTS.split(text) if part != text)] if short else [text]
        action = next((found for part in parts if (found := service_action(part))), "")
        action = action or (form_answer(text) if health or _asks_health(text) else "")
        action = action or _own_act(pair, sensitivity.sensitive, specialist)
        action = action or (registration_answer(text) if field_kind(pair) == FORM_FIELD else "")
        action = action or _acting_kind(pair, parts)
        if action:
            sensitivity.evidence = [*sensitivity.evidence, Evidence(
                category=CARE, term=f"{action} (a service action where the site provides care: {provider})",
                text=text[:200], field=source)]
            sensitivity.categories = [*sensitivity.categories, CARE] if CARE not in sensitivity.categories \
                else sensitivity.categories
            sensitivity.sensitive = True
            return
