"""Meta Pixel events (`/tr`, `/privacy_sandbox/pixel/register/trigger/`): one event per request,
whether sent as a GET image, an urlencoded form POST or a multipart sendBeacon.

The worst health leaks come from the pixel's automatic features, so their JSON payloads are taken
apart: button text and the link it leads to (`cd[buttonText]` masks digits, `cd[buttonFeatures]`
does not), the names of a form's inputs, and the page metadata it read. Advanced-matching values
(`ud[..]` set by the site, `udff[..]` scraped from form fields) become identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote

from pixelhound.decode.draft import Draft
from pixelhound.decode.embedded import FieldNamer, add_leaves, add_page_metadata, parse_embedded
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest
from pixelhound.knowledge.identifiers import matching_kind
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_METADATA,
    PAGE_TITLE,
    PARAMETER,
    REFERRER,
    SEARCH_TERM,
)

_BRACKETED = re.compile(r"^(?P<group>[A-Za-z_]+)\[(?P<key>[^\]]*)\](?P<rest>.*)$")

# Documented bits of the `o` options bitmask (PROTOCOLS.md).
OPTION_BITS: dict[int, str] = {
    2: "automatic configuration",
    16: "sendBeacon supported",
    128: "headless browser seen",
    256: "Selenium seen",
    2048: "automatically matched PII present",
}

_SEARCH_KEYS = frozenset({"search_string", "search_term", "searchterm", "search", "query", "q", "keyword", "keywords"})
_METADATA_KEYS = frozenset({"Schema.org", "JSON-LD", "OpenGraph", "Meta"})
_BUTTON_TEXT_KEYS = frozenset({"innerText", "innertext", "value", "text"})
_LINK_KEYS = frozenset({"destination", "href"})
_FORM_FIELD_KEYS = frozenset({"name", "placeholder", "id", "label", "value", "ariaLabel"})


def decode(req: ParsedRequest) -> list[Draft]:
    """The one event this request reports; none when it carries no parameters at all."""
    draft = Draft()
    for raw_name, value, _transport in req.params():
        _add_pair(draft, decoded_name(raw_name), value)
    return [draft] if draft.fields or draft.identifiers or draft.event else []


def decoded_name(name: str) -> str:
    """`cd%5BbuttonText%5D` -> `cd[buttonText]`: a name still percent-encoded after form decoding
    (a HAR tool that re-encoded the form fields) is decoded once more."""
    return unquote(name) if "%" in name else name


def _add_pair(draft: Draft, name: str, value: str) -> None:
    handler = _SIMPLE.get(name)
    if handler is not None:
        handler(draft, value, name)
        return
    match = _BRACKETED.match(name)
    group = match.group("group") if match else ""
    if match and group in _GROUPS:
        _GROUPS[group](draft, match.group("key"), value, name)
    else:
        describe_pair(draft, name, value, name)


# --- single parameters --------------------------------------------------------------------------


def _pixel_id(draft: Draft, value: str, source: str) -> None:
    draft.account = draft.account or value.strip()


def _event(draft: Draft, value: str, source: str) -> None:
    draft.event = draft.event or value.strip()
    draft.add(EVENT, value, source)


def _page(draft: Draft, value: str, source: str) -> None:
    draft.add_page(value, source)


def _referrer(draft: Draft, value: str, source: str) -> None:
    draft.add(REFERRER, value, source)


def _browser_id(kind: str) -> Callable[[Draft, str, str], None]:
    def add(draft: Draft, value: str, source: str) -> None:
        draft.identify(kind, value, source)

    return add


def describe_options(value: str) -> str:
    """`o=2064` -> `2064: 16 sendBeacon supported, 2048 automatically matched PII present`."""
    try:
        mask = int(value.strip())
    except ValueError:
        return value
    known = [f"{bit} {meaning}" for bit, meaning in OPTION_BITS.items() if mask & bit]
    other = [str(1 << n) for n in range(mask.bit_length()) if mask & (1 << n) and (1 << n) not in OPTION_BITS]
    parts = known + ([f"undocumented bits {'+'.join(other)}"] if other else [])
    return f"{mask}: {', '.join(parts)}" if parts else str(mask)


def _options(draft: Draft, value: str, source: str) -> None:
    draft.add(PARAMETER, describe_options(value), source)


def _event_source(draft: Draft, value: str, source: str) -> None:
    if value.strip().lower() == "automatic":
        value = f"{value}: event generated automatically by the pixel, not sent by the site's own code"
    draft.add(PARAMETER, value, source)


def _rule_flag(draft: Draft, value: str, source: str) -> None:
    if value.strip().lower() == "true":
        value = f"{value}: Meta's event setup rules are active for this pixel (cs_est)"
    draft.add(PARAMETER, value, source)


def _rule_id(draft: Draft, value: str, source: str) -> None:
    if value.strip():
        value = f"{value}: id of the rule that generated this event automatically from page content"
    draft.add(PARAMETER, value, source)


_SIMPLE: dict[str, Callable[[Draft, str, str], None]] = {
    "id": _pixel_id,
    "ev": _event,
    "dl": _page,
    "rl": _referrer,
    "fbp": _browser_id("fbp"),
    "fbc": _browser_id("fbc"),
    "external_id": _browser_id("external_id"),
    "o": _options,
    "es": _event_source,
    "cs_est": _rule_flag,
    "est_source": _rule_id,
}

# --- bracketed groups: cd[..], ud[..], udff[..], pmd[..] --------------------------------------------


def _matching(draft: Draft, key: str, value: str, source: str) -> None:
    """`ud[em]`, `udff[ph]`: advanced matching, normally SHA-256 of the normalised value."""
    draft.identify(matching_kind(key, value), value, source)


def _page_metadata(draft: Draft, key: str, value: str, source: str) -> None:
    parsed = parse_embedded(value)
    if parsed is not None:
        add_page_metadata(draft, parsed, source)
        return
    draft.add(PAGE_TITLE if key.lower() == "title" else PAGE_METADATA, value, source)


def _custom_data(draft: Draft, key: str, value: str, source: str) -> None:
    """`cd[...]`: the automatic features' JSON payloads, or the event's custom data."""
    special = _CUSTOM_DATA_PARTS.get(key)
    if special is not None:
        special(draft, value, source)
        return
    parsed = parse_embedded(value)
    if parsed is not None:
        add_leaves(draft, parsed, source, _custom_name)
    else:
        draft.add(_custom_name(key, value), value, source)


_GROUPS: dict[str, Callable[[Draft, str, str, str], None]] = {
    "cd": _custom_data,
    "ud": _matching,
    "udff": _matching,
    "pmd": _page_metadata,
}

# --- the JSON payloads inside cd[..] ------------------------------------------------------------------


def _custom_name(key: str, _text: str) -> str:
    return SEARCH_TERM if key.lower() in _SEARCH_KEYS else CUSTOM_DATA


def _button_name(key: str, _text: str) -> str:
    if key in _BUTTON_TEXT_KEYS:
        return BUTTON_TEXT
    if key in _LINK_KEYS:
        return LINK_URL
    return PARAMETER


def _form_name(key: str, _text: str) -> str:
    return FORM_FIELD if key in _FORM_FIELD_KEYS else PARAMETER


def _page_features_name(key: str, _text: str) -> str:
    return PAGE_TITLE if key.lower() == "title" else PAGE_METADATA


def _json_part(namer: FieldNamer, unparsed: str) -> Callable[[Draft, str, str], None]:
    """A cd[...] part that is JSON: each leaf named by `namer`; kept whole if it is not JSON."""

    def add(draft: Draft, value: str, source: str) -> None:
        parsed = parse_embedded(value)
        if parsed is None:
            draft.add(unparsed, value, source)
        else:
            add_leaves(draft, parsed, source, namer)

    return add


def _button_text(draft: Draft, value: str, source: str) -> None:
    draft.add(BUTTON_TEXT, value, source)


def _metadata_part(draft: Draft, value: str, source: str) -> None:
    _page_metadata(draft, "", value, source)


_CUSTOM_DATA_PARTS: dict[str, Callable[[Draft, str, str], None]] = {
    "buttonText": _button_text,
    "buttonFeatures": _json_part(_button_name, BUTTON_TEXT),
    "formFeatures": _json_part(_form_name, FORM_FIELD),
    "pageFeatures": _json_part(_page_features_name, PAGE_METADATA),
    "parameters": _json_part(_custom_name, CUSTOM_DATA),
    "DataLayer": _json_part(_custom_name, CUSTOM_DATA),
    **{key: _metadata_part for key in _METADATA_KEYS},
}

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the pixel's options, versions, timers and screen size; in the
# automatic button payload the element's CSS classes, id, tag, type and name attribute (not its text);
# in the form payload each input's tag and type.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"o", "es", "cs_est", "est_source", "v", "r", "ec", "it", "coo", "rqm", "ler", "sw", "sh", "tm", "a", "cd[buttonFeatures].classList", "cd[buttonFeatures].id", "cd[buttonFeatures].tag", "cd[buttonFeatures].type", "cd[buttonFeatures].name", "cd[buttonFeatures].numChildButtons", "cd[buttonFeatures].imageUrl", "cd[formFeatures].tag", "cd[formFeatures].inputType"})
