"""Pinterest Tag (`ct.pinterest.com/v3/`, `/user/`): `tid` tag id, `event`, and three JSON-valued
parameters: `ad` (page and browser: `loc`, `ref`), `ed` (event data: `search_query`, `value`,
`line_items`, ...) and `pd` (enhanced-match data: `em`, a SHA-256 of the visitor's email).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pixelhound.decode.draft import Draft
from pixelhound.decode.embedded import add_leaves, join_source, leaf_key, parse_embedded
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import MATCHING_KEY_KINDS, matching_kind
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_TITLE, PAGE_URL, REFERRER, SEARCH_TERM
from pixelhound.settings import MAX_JSON_DEPTH

_SEARCH_KEYS = frozenset({"search_query", "search_term", "query"})
# Pinterest's own names for matching keys that identifiers.MATCHING_KEY_KINDS does not list.
_MATCHING_ALIASES = {"hashed_maids": "hashed_identity"}


def decode(req: ParsedRequest) -> list[Draft]:
    """The one event this request reports (the `/user/` id sync is named "user")."""
    draft = Draft()
    for name, value, _transport in req.params():
        handler = _PARAMETERS.get(name)
        if handler is not None:
            handler(draft, value, name)
        else:
            describe_pair(draft, name, value, name)
    if not draft.event and req.path.rstrip("/").endswith("/user"):
        draft.event = "user"
    return [draft] if draft.fields or draft.identifiers or draft.event else []


def _tag_id(draft: Draft, value: str, source: str) -> None:
    draft.account = draft.account or value.strip()


def _event(draft: Draft, value: str, source: str) -> None:
    draft.event = draft.event or value.strip()
    draft.add(EVENT, value, source)


def _json_parameter(add_parsed: Callable[[Draft, Any, str], None]) -> Callable[[Draft, str, str], None]:
    """A parameter whose value is JSON; listed as sent when it does not parse."""

    def add(draft: Draft, value: str, source: str) -> None:
        parsed = parse_embedded(value)
        if isinstance(parsed, dict):
            add_parsed(draft, parsed, source)
        else:
            describe_pair(draft, source, value, source)

    return add


def _page_data(draft: Draft, data: dict[str, Any], source: str) -> None:
    """`ad`: `loc` is the page, `ref` the referrer; the rest describes the browser."""
    for path, text in flatten_json(data, max_depth=MAX_JSON_DEPTH):
        leaf_source = join_source(source, path)
        if path == "loc":
            draft.add(PAGE_URL, text, leaf_source)
            draft.page_url = draft.page_url or text
        elif path == "ref":
            draft.add(REFERRER, text, leaf_source)
        elif path in ("title", "page_title"):
            draft.add(PAGE_TITLE, text, leaf_source)
        else:
            describe_pair(draft, leaf_key(path), text, leaf_source)


def _event_data_name(key: str, _text: str) -> str:
    return SEARCH_TERM if key.lower() in _SEARCH_KEYS else CUSTOM_DATA


def _event_data(draft: Draft, data: dict[str, Any], source: str) -> None:
    """`ed`: the site's event data (search query, product names, values); all of it custom data."""
    add_leaves(draft, data, source, _event_data_name)


def _matching_data(draft: Draft, data: dict[str, Any], source: str) -> None:
    """`pd`: enhanced match keys (hashed email and the like) are identifiers; anything else listed."""
    for path, text in flatten_json(data, max_depth=MAX_JSON_DEPTH):
        key = leaf_key(path).lower()
        leaf_source = join_source(source, path)
        if key in MATCHING_KEY_KINDS:
            draft.identify(matching_kind(key, text), text, leaf_source)
        elif key in _MATCHING_ALIASES:
            draft.identify(_MATCHING_ALIASES[key], text, leaf_source)
        else:
            describe_pair(draft, key, text, leaf_source)


_PARAMETERS: dict[str, Callable[[Draft, str, str], None]] = {
    "tid": _tag_id,
    "event": _event,
    "ad": _json_parameter(_page_data),
    "ed": _json_parameter(_event_data),
    "pd": _json_parameter(_matching_data),
}

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the tag's version, timers, screen facts and consent flags.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"tid", "cb", "dep", "noscript", "event_id", "gdpr", "gdpr_consent", "ude"})
