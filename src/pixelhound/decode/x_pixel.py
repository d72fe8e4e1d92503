"""X (Twitter) pixel: `t.co/1/i/adsct`, `analytics.twitter.com/1/i/adsct` (and `/i/adsct`).

`txn_id` is the advertiser's pixel, `tw_document_href` the page, `events=[["pageview",{}]]` the
events (one draft each, with their own parameters) or `event={...}` a single event's data.
`email` and `phone_number` are matching keys, hashed or not.
"""

from __future__ import annotations

from typing import Any, Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json, maybe_json
from pixelhound.knowledge.identifiers import matching_kind
from pixelhound.model import CUSTOM_DATA, EVENT, REFERRER

# Matching keys as X names them -> the common advanced-matching key.
_MATCHING_KEYS: Final[dict[str, str]] = {"email": "email", "email_address": "email", "phone_number": "phone_number",
                                         "phone": "phone_number"}
_SALE_DATA: Final = frozenset({"tw_sale_amount", "tw_order_quantity", "tw_product_id", "currency", "value",
                               "conversion_id", "contents", "search_string", "status"})


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per event in `events`; one draft when the request names a single event."""
    pairs = [(name, value) for name, value, _ in req.params()]
    names = _event_list(pairs)
    shared = [(name, value) for name, value in pairs if name != "events"]
    if not names:
        return [_draft(shared, "event" if any(n == "event" for n, _ in shared) else "", None, -1)]
    return [_draft(shared, event, params, index) for index, (event, params) in enumerate(names)]


def _event_list(pairs: list[tuple[str, str]]) -> list[tuple[str, Any]]:
    """`events=[["pageview",{}],["custom",{...}]]` as (name, params) pairs."""
    raw = next((value for name, value in pairs if name == "events"), "")
    parsed = maybe_json(raw)
    if not isinstance(parsed, list):
        return [(raw, None)] if raw else []
    out: list[tuple[str, Any]] = []
    for item in parsed:
        if isinstance(item, list) and item:
            out.append((str(item[0]), item[1] if len(item) > 1 else None))
        elif isinstance(item, str):
            out.append((item, None))
    return out


def _draft(shared: list[tuple[str, str]], event: str, params: Any, index: int) -> Draft:
    draft = Draft(event=event)
    if index >= 0:
        draft.add(EVENT, event, f"events[{index}]")
    if params:
        _read_json(draft, params, f"events[{index}]")
    for name, value in shared:
        _read_pair(draft, name, value)
    return draft


def _read_pair(draft: Draft, name: str, value: str) -> None:
    if name == "txn_id":
        draft.account = value
    elif name == "tw_document_href":
        draft.add_page(value, name)
    elif name == "tw_referrer":
        draft.add(REFERRER, value, name)
    elif name == "event":
        parsed = maybe_json(value)
        if parsed is None:
            draft.add(CUSTOM_DATA, value, name)
        else:
            _read_json(draft, parsed, name)
    elif name in _MATCHING_KEYS:
        draft.identify(matching_kind(_MATCHING_KEYS[name], value), value, name)
    elif name == "p_user_id" and value.strip() not in ("", "0"):
        draft.identify("user_id", value, name)
    elif name in _SALE_DATA:
        draft.add(CUSTOM_DATA, value, name)
    else:
        describe_pair(draft, name, value, name)


def _read_json(draft: Draft, data: Any, prefix: str) -> None:
    """Event data: matching keys become identifiers, everything else custom data."""
    for path, value in flatten_json(data, prefix):
        key = path.rsplit(".", 1)[-1]
        if key in _MATCHING_KEYS:
            draft.identify(matching_kind(_MATCHING_KEYS[key], value), value, path)
        elif key in ("twclid", "twclid_value"):
            draft.identify("x_click", value, path)
        else:
            draft.add(CUSTOM_DATA, value, path)

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the tag's type, version, transaction flags and consent state.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"type", "version", "tw_iframe_status", "txn_id", "p_id", "tpx_cb", "gdpr", "gdpr_consent", "dnt"})
