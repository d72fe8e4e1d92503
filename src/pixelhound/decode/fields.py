"""Which decoded fields are words a person reads or types, and which are machinery.

Only human-readable fields are offered to the health classifier: a page's URL path and query values,
its title and headings, button and link texts, search terms, form labels and values, custom data,
and the names the site gives what the visitor did (`ev=IVFConsultationBooked`,
`en=smear_test_booking_start`, `el=Request a call back`: the classifier splits CamelCase, snake_case
and kebab-case into words). Flags, ids, CSS classes and consent states are not: `optin=disabled` is
a consent setting, `exp=pregnant_banner` an A/B test's name and `classList=btn deaf-friendly` a
stylesheet hook, none of them something the recipient learns about the person behind the browser.
A value that is itself structured (JSON, `key=value;key=value`) is judged leaf by leaf, each leaf by
its own key, so a button's `innerText` is read and its `classList` is not.

The rule lives here once; each decoder declares only its own machinery (`TECHNICAL_PARAMETERS`, by
raw parameter name, JSON leaf key, or `group[part].key` path), collected by `decode.registry`.
"""

from __future__ import annotations

import re
from typing import Final

from pixelhound.decode.embedded import join_source
from pixelhound.decode.request import flatten_json, maybe_json
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    FORM_FIELD,
    LINK_URL,
    PAGE_METADATA,
    PAGE_TITLE,
    PAGE_URL,
    REFERRER,
    SEARCH_TERM,
    Field,
)
from pixelhound.settings import (
    FIELD_CAMPAIGN_WORDS,
    FIELD_CLASS_LIST_WORDS,
    FIELD_CLASS_NAME_MARKS,
    FIELD_CLASS_NAME_PREFIXES,
    FIELD_ELEMENT_VALUE_WORDS,
    FIELD_ELEMENT_VALUE_WORDS_THIRTEENTH,
    FIELD_ELEMENT_WORDS,
    FIELD_EVENT_NAME_KEYS,
    FIELD_EXPERIMENT_WORDS,
    FIELD_VISITOR_ACT_WORDS,
    FIELD_EXAMPLE_KEYS,
    FIELD_EXAMPLE_PREFIXES,
    FIELD_FLAG_WORDS,
    FIELD_OUTCOME_WORDS,
    FIELD_SEARCH_KEY_MIN_LETTERS,
    FIELD_SECTION_KEY_WORDS,
    FIELD_SETTING_VALUES,
    MAX_JSON_DEPTH,
    URL_SEARCH_PARAMETERS,
)

TEXT_KIND: Final = "text"
TECHNICAL_KIND: Final = "technical"

# Normalised field names whose values are words or addresses a person reads or types.
TEXT_FIELDS: Final = frozenset(
    {PAGE_URL, PAGE_TITLE, REFERRER, BUTTON_TEXT, LINK_URL, SEARCH_TERM, FORM_FIELD, CUSTOM_DATA, PAGE_METADATA}
)
# Of those, the ones a decoder names only when it knows the value is that text, whatever its key.
_ELEMENT_VALUE_WORDS: Final = FIELD_ELEMENT_VALUE_WORDS | FIELD_ELEMENT_VALUE_WORDS_THIRTEENTH
_NAMED_TEXT: Final = frozenset({PAGE_URL, PAGE_TITLE, REFERRER, BUTTON_TEXT, LINK_URL, SEARCH_TERM})
# Event names are not among them, nor among the machinery: a tracker's own vocabulary (`PageView`,
# `page_view`) names no condition, while a site's custom event is what the site chose to tell it.

_INDEX = re.compile(r"\[\d+\]")
_BRACKET_KEY = re.compile(r"^[A-Za-z_]+\[([^\]]*)\]$")
_CLASS_NAME = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")  # one CSS class name
_KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A bare technical word: one identifier-like token ("disabled", "blind_mode", "v2-pregnant"), or a
# list of them joined by commas, pipes or semicolons ("deaf,blind"). No spaces: no sentence.
_BARE_WORDS = re.compile(r"^\s*[A-Za-z0-9_.:-]+(\s*[,|;]\s*[A-Za-z0-9_.:-]+)*\s*$")
# A list of `key=value` pairs in one parameter (Google Ads' `data=event=purchase;ecomm_prodid=...`).
_PAIRS = re.compile(r"^[A-Za-z_][\w.\[\]-]*=[^;&=]*(?:[;&][A-Za-z_][\w.\[\]-]*=[^;&=]*)*$")
_ONE_WORD = re.compile(r"^(?:[A-Za-z][a-z]*|[A-Z]+)$")  # "positive", "Second", "NO"; not "IVFConsultationBooked"
# A datum with no words of its own: a number, an amount, a date ("34.2", "2027-04-18").
# An experiment arm's label before its copy: "variant_b:", "control -", "B:", "v2 |".
_VARIANT_LABEL = re.compile(r"^\s*(?:variant|variation|arm|control|version|v)?[\s_-]*[A-Za-z0-9]{0,2}\s*[:|-]\s*\S", re.IGNORECASE)
_DATUM = re.compile(r"^\s*[\d.,:/ -]*\d[\d.,:/ -]*\s*$")
# An enum value a site's code made ("condition_article"): words joined by underscores (a kebab-case
# slug, "hrt-gel-starter-pack", is a product's or a page's name, read as words).
_ENUM = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")
# A value that is itself one labelled value ("symptom_checker_result:possible_uti", "ab_test: variant_b").
_LABELLED = re.compile(r"^\s*([A-Za-z][\w.-]{0,63}):\s*([A-Za-z0-9_.-]+)\s*$")
# A list of settings, each a name and its position ("new_checkout=1,pregnancy_tracker_beta=0").
_SETTINGS = re.compile(r"^\s*[\w.-]+\s*[=:]\s*[\w.-]*(?:\s*[,;|&]\s*[\w.-]+\s*[=:]\s*[\w.-]*)*\s*$")
_ID_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# A parameter named as a search box is ("query", "search_term"): its value is what was typed,
# whichever tracker carries it (`properties.query=methadone clinic`); not the one-letter ones ("q",
# "s", "k": another tracker's "s" is a screen or a session).
_SEARCH_KEYS: Final = frozenset(k for k in URL_SEARCH_PARAMETERS if len(k) >= FIELD_SEARCH_KEY_MIN_LETTERS)


def source_paths(source: str) -> tuple[str, str]:
    """The raw parameter a field came from, as (path without list indices, last key).

    `cd[buttonFeatures].classList[2]` -> (`cd[buttonFeatures].classList`, `classList`);
    `cd[content_category]` -> (`cd[content_category]`, `content_category`); `dl→q` -> (`q`, `q`)."""
    path = _INDEX.sub("", source.rsplit("→", 1)[-1]).strip()
    path = path.split(":", 1)[1] if path.startswith(("path:", "header:")) else path
    key = path.rsplit(".", 1)[-1]
    bracketed = _BRACKET_KEY.match(key)
    return path, bracketed.group(1) if bracketed else key


def key_words(key: str) -> set[str]:
    """`optIn` -> {opt, in, optin}; `ab_test_name` -> {ab, test, name, abtestname}: the words of a
    parameter name, and the name itself run together."""
    words = {word.lower() for word in _KEY_WORDS.findall(key)}
    joined = re.sub(r"[^a-z0-9]", "", key.lower())
    return words | ({joined} if joined else set())


def flag_like(key: str) -> bool:
    """A parameter whose name says it holds a setting: a flag, a feature or experiment name, a mode,
    a consent state, a CSS class (`optin`, `ff_new_nav`, `abTest`, `consent_mode`, `className`), or a
    marketing campaign's name (`utm_campaign`: the site's message to many, not the visitor's health)."""
    words = key_words(key)
    return bool(words & FIELD_FLAG_WORDS or words & FIELD_CAMPAIGN_WORDS)


def tested_copy(key: str, value: str) -> bool:
    """An experiment's arm and the site's copy under test (`ep.ab_test=variant_b: Worried about your
    drinking? Talk to us`): a headline shown to many, not the visitor's words, as a campaign's name
    is (fifteenth pass)."""
    return bool(key_words(key) & FIELD_EXPERIMENT_WORDS) and _VARIANT_LABEL.match(value) is not None


def class_list(key: str) -> bool:
    """A parameter holding CSS classes (`icon_class`, `className`): a stylesheet hook, never read."""
    return bool(key_words(key) & FIELD_CLASS_LIST_WORDS)


def class_list_value(value: str) -> bool:
    """Several class names, one a stylesheet's modifier or script hook (`card card--maternity js-lazy`):
    a CSS class list by its shape, whatever its parameter is called."""
    names = value.split()
    if len(names) < 2 or not all(_CLASS_NAME.fullmatch(name) for name in names):
        return False
    return any(name.startswith(FIELD_CLASS_NAME_PREFIXES) or any(mark in name for mark in FIELD_CLASS_NAME_MARKS)
               for name in names)


def element_id(key: str) -> bool:
    """A parameter holding a page element's id (`button_id`, `ctaId`, `element_id`)."""
    words = key_words(key)
    return "id" in words and bool(words & FIELD_ELEMENT_WORDS)


def section_key(key: str) -> bool:
    """A parameter naming the site's own section or content group (`page_section`, `content_group`)."""
    return bool(key_words(key) & FIELD_SECTION_KEY_WORDS)


def identifier(value: str) -> bool:
    """A bare word that is no word of a sentence: an id or an enum (`nav-item-gender-identity-service`,
    `SERVICES_MENTAL_HEALTH`, `condition-a-z`), not one plain word (`Contraception`)."""
    return bare_word(value) and not _ONE_WORD.match(value.strip())


def bare_word(value: str) -> bool:
    """A value with no spaces in it: an identifier, an enum value, a list of such."""
    return bool(_BARE_WORDS.match(value))


def setting_value(value: str) -> bool:
    """A value that is one setting word (`disabled`, `true`, `off`): a switch's position, which says
    nothing by itself (`account_status=disabled` is no disability); only its parameter's name can."""
    return value.strip().lower() in FIELD_SETTING_VALUES


def outcome(key: str) -> bool:
    """A parameter or label naming the visitor's own result (`triage_outcome`, `symptom_checker_result`)."""
    return bool(key_words(key) & FIELD_OUTCOME_WORDS)


def event_name(key: str, value: str) -> bool:
    """A site's name for what the visitor did, in words joined by code (`crisis_chat_started`)."""
    return key.lower() in FIELD_EVENT_NAME_KEYS and identifier(value) and len(_ID_WORDS.findall(value)) > 1


def element_value(value: str, both_ends: bool = False) -> bool:
    """An identifier that names page furniture by its first or last word (`btn-symptoms-accordion-toggle`),
    or by both when `both_ends` (`nav-mental-health-dropdown`)."""
    words = [word.lower() for word in _ID_WORDS.findall(value)]
    if not (identifier(value) and words):
        return False
    # "cta_click:leaflet_download_pressure_ulcer_care": what the visitor did, named by its element (fifteenth pass)
    if not both_ends and FIELD_VISITOR_ACT_WORDS.intersection(words):
        return False
    ends = {words[0] in _ELEMENT_VALUE_WORDS, words[-1] in _ELEMENT_VALUE_WORDS}
    return all(ends) if both_ends else any(ends)


def setting_text(value: str) -> bool:
    """`ab_test: hero_cta_variant_b`, `cookie_banner:dismissed`: a setting's name and its bare value
    written as one text. Never classified; still read for the role it names (classify/roles.py:
    the cookie banner answered is no visit as a client)."""
    labelled = _LABELLED.match(value)
    return bool(labelled) and flag_like(labelled.group(1)) and not outcome(labelled.group(1))


def _outcome_label(value: str) -> bool:
    labelled = _LABELLED.match(value)
    return bool(labelled) and outcome(labelled.group(1))


def field_kind(item: Field, technical: frozenset[str] = frozenset()) -> str:
    """TEXT_KIND when the field's value is words a person could read or type, else TECHNICAL_KIND.
    Only TEXT_KIND fields are classified (`decode.enrich.classify_fields`).

    `technical` is the decoder's declaration of its own machinery (see the module docstring)."""
    # A decoder that names a field a page address, title, button text or search term knows what it
    # holds, whatever the parameter is called on the wire.
    path, key = source_paths(item.source)
    # A CSS class list is a stylesheet hook even inside a field a decoder names a button's
    # (`cd[buttonFeatures].classes=tile tile--sexual-health`), as its innerText is not.
    if class_list(key) or class_list_value(item.value):
        return TECHNICAL_KIND
    # So is an id framed by page furniture at both ends (`"id":"nav-mental-health-dropdown"`), as its
    # innerText is not (twelfth pass: a decoder's button field carries the button's id beside its
    # words; `"id":"crisis-cta"` may still say what the button is for).
    if item.name in _NAMED_TEXT and element_value(item.value, both_ends=True):
        return TECHNICAL_KIND
    if item.name in _NAMED_TEXT:
        return TEXT_KIND
    if path in technical or key in technical:
        return TECHNICAL_KIND
    # A form field's example text, written by the site (thirteenth pass).
    if key.lower() in FIELD_EXAMPLE_KEYS and item.value.strip().lower().startswith(FIELD_EXAMPLE_PREFIXES):
        return TECHNICAL_KIND
    # Any other field is read as text (an unknown parameter may be a vendor's custom data), unless
    # its name says it is a setting and its value is a bare word: `optin=disabled`, `exp=pregnant_v2`.
    # ...except that a result the visitor got stays read in any parameter
    # (`feature=symptom_checker_result:possible_uti`), and a list of settings is a setting too
    # (`feature_flags=new_checkout=1,pregnancy_tracker_beta=0`).
    if _outcome_label(item.value):
        return TEXT_KIND
    if flag_like(key) and (bare_word(item.value) or _SETTINGS.match(item.value)):
        return TECHNICAL_KIND
    if tested_copy(key, item.value):
        return TECHNICAL_KIND
    if (element_id(key) and bare_word(item.value)) or (section_key(key) and identifier(item.value)):
        return TECHNICAL_KIND
    if element_value(item.value) or setting_text(item.value):
        return TECHNICAL_KIND
    return TEXT_KIND


def named_text(item: Field) -> bool:
    """A field a decoder names a page address, title, button text or search term: its key names the
    carrier (`referrer`), not what the visitor came for."""
    return item.name in _NAMED_TEXT


def leaves(item: Field) -> list[Field]:
    """A field whose value is itself structured, one field per leaf (`cd[buttonFeatures]={"innerText":
    ...}` -> `cd[buttonFeatures].innerText`, `data=a=1;b=2` -> `data.a`, `data.b`); else the field.

    Decoders that know a payload split it themselves; this catches what reached a field whole."""
    parsed = maybe_json(item.value)
    if isinstance(parsed, (dict, list)):
        return [Field(item.name, text, join_source(item.source, path))
                for path, text in flatten_json(parsed, max_depth=MAX_JSON_DEPTH) if text.strip()]
    if _PAIRS.match(item.value.strip()):
        pairs = (pair.split("=", 1) for pair in re.split(r"[;&]", item.value.strip()))
        return [Field(item.name, value, join_source(item.source, key)) for key, value in pairs if value.strip()]
    return [item]


def readable_text(item: Field) -> str:
    """What the classifier reads of a text field: its value, or, when the value is a number, a date
    or one word or an enum, the parameter's name with it: `ep.due_date=2027-04-18` and
    `up.hiv_status=positive` tell the recipient the visitor's due date and status; `cd[value]=25.00`
    and `ep.page_type=condition_article` say nothing. A search parameter's value is read as typed. A switch's
    position is never read, only its name: `is_pregnant=true` is about pregnancy,
    `account_status=disabled` about nothing.

    Read as `name=value`, as it went on the wire: the classifier counts a short abbreviation in
    machine-made text only with support, so a vendor's own keys (`ibs`, `ms`, `ed`) stay silent."""
    value = item.value.strip()
    if item.name in _NAMED_TEXT:
        return item.value
    _path, key = source_paths(item.source)
    if key.lower() in _SEARCH_KEYS:
        return item.value
    # What the visitor did and the result they got, read as the words the site's code joined.
    if event_name(key, value):
        return _words(value)
    if outcome(key) and identifier(value):
        return f"{_words(key)}: {_words(value)}"
    labelled = _LABELLED.match(value)
    if labelled and outcome(labelled.group(1)):
        return f"{_words(labelled.group(1))}: {_words(labelled.group(2))}"
    if not (_DATUM.match(value) or _ONE_WORD.match(value) or _ENUM.match(value)):
        return item.value
    return f"{key}=" if setting_value(value) else f"{key}={value}"


def _words(code: str) -> str:
    """`crisis_chat_started` -> "crisis chat started"; `IVFConsultBooked` -> "IVF Consult Booked"."""
    return " ".join(_ID_WORDS.findall(code))


def is_text(item: Field, technical: frozenset[str] = frozenset()) -> bool:
    return field_kind(item, technical) == TEXT_KIND
