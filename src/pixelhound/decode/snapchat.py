"""Snap Pixel (`tr.snapchat.com`): the batched text/plain JSON POST to `/p`
(`{ctx: {...}, req: [{t: event}, {md: page metadata}, {i: ids}, {log: ...}]}`), its GET form
(`/p?pid&ev&pl&...`) and the `/cm/i` id sync.

One draft per item in `req`, each with the shared `ctx` (page URL, browser ids) the batch was sent
with. The hashed email (`u_hem`, "FFF" + SHA-256) and the browser ids become identifiers.
"""

from __future__ import annotations

from typing import Any

from pixelhound.decode.draft import Draft
from pixelhound.decode.embedded import add_page_metadata, join_source, leaf_key, scalar_text
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import MATCHING_KEY_KINDS, matching_kind
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_URL, PARAMETER, REFERRER, SEARCH_TERM
from pixelhound.settings import MAX_JSON_DEPTH

# Browser and session ids (names as in the event, then as in `ctx`).
_ID_KINDS: dict[str, str] = {
    "u_c1": "scid",
    "c1": "scid",
    "u_sclid": "snap_local_id",
    "ls": "snap_local_id",
    "u_scsid": "snap_session",
    "ss": "snap_session",
    "sccid": "snap_click",
    "sc_click_id": "snap_click",
    "click_id": "snap_click",
}
_PAGE_KEYS = frozenset({"pl", "url", "page_url"})
_REFERRER_KEYS = frozenset({"pr", "ref", "referrer", "page_referrer"})
_SEARCH_KEYS = frozenset({"search_string", "search_term"})
# Standard event data (Snap's documented event parameters).
_CUSTOM_KEYS = frozenset({
    "item_category", "item_ids", "description", "price", "currency", "number_items", "transaction_id",
    "sign_up_method", "success", "level", "payment_info_available", "brands", "delivery_method",
    "customer_status", "event_tag", "uuid_c1_source",
})
# The item kinds in `req` other than events: named by their key, as sent.
_NON_EVENT_ITEMS = ("md", "i", "log")


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per batched item; one for a GET event or id sync."""
    body = req.body_json
    if isinstance(body, dict) and isinstance(body.get("req"), list):
        drafts = _decode_batch(body)
    else:
        drafts = [_decode_query(req)]
    return [draft for draft in drafts if draft.fields or draft.identifiers or draft.event]


def _decode_query(req: ParsedRequest) -> Draft:
    """`/p?pid=..&ev=PAGE_VIEW&pl=<page>&u_c1=..` or `/cm/i?pid=..&u_scsid=..`."""
    draft = Draft()
    for name, value, _transport in req.params():
        add_pair(draft, name, value, name)
    if not draft.event and req.path.rstrip("/").endswith("cm/i"):
        draft.event = "cm/i"
    return draft


def _decode_batch(body: dict[str, Any]) -> list[Draft]:
    drafts = []
    for number, item in enumerate(body["req"]):
        draft = Draft()
        prefix = f"body.req[{number}]"
        if isinstance(item, dict):
            for key, value in item.items():
                _add_item(draft, key, value, join_source(prefix, key))
        for key, value in body.items():
            if key == "ctx" and isinstance(value, dict):
                _add_mapping(draft, value, "body.ctx")
            elif key != "req":
                add_pair(draft, key, value, join_source("body", key))
        drafts.append(draft)
    return drafts


def _add_item(draft: Draft, key: str, value: Any, source: str) -> None:
    """`t` is an event; `md` page metadata; `i` and `log` are listed under their own name."""
    if key == "t" and isinstance(value, dict):
        _add_mapping(draft, value, source)
    elif key == "md":
        draft.event = draft.event or key
        _add_metadata(draft, value, source)
    elif key in _NON_EVENT_ITEMS and isinstance(value, dict):
        draft.event = draft.event or key
        _add_mapping(draft, value, source)
    else:
        add_pair(draft, key, value, source)


def _add_metadata(draft: Draft, value: Any, source: str) -> None:
    """`md.md` is a list of `{tagProtocol, tagData}`; tagData holds Open Graph or flattened JSON-LD."""
    tags = value.get("md") if isinstance(value, dict) else None
    if not isinstance(tags, list):
        add_page_metadata(draft, value, source)
        return
    for number, tag in enumerate(tags):
        tag_source = f"{source}.md[{number}]"
        if isinstance(tag, dict) and isinstance(tag.get("tagData"), dict):
            add_page_metadata(draft, tag["tagData"], f"{tag_source}.tagData")
        else:
            add_page_metadata(draft, tag, tag_source)


def _add_mapping(draft: Draft, value: dict[str, Any], source: str) -> None:
    for key, item in value.items():
        add_pair(draft, key, item, join_source(source, key))


def add_pair(draft: Draft, key: str, value: Any, source: str) -> None:
    """One Snap parameter, from the query or from the JSON body, under the field it is."""
    text = scalar_text(value)
    if text is None:
        for path, leaf in flatten_json(value, max_depth=MAX_JSON_DEPTH):
            describe_pair(draft, leaf_key(path), leaf, join_source(source, path))
        return
    _add_scalar(draft, key, text, source)


def _add_scalar(draft: Draft, key: str, text: str, source: str) -> None:
    lowered = key.lower()
    if lowered == "pid":
        draft.account = draft.account or text
    elif lowered == "ev":
        draft.event = draft.event or text
        draft.add(EVENT, text, source)
    elif lowered in _ID_KINDS:
        draft.identify(_ID_KINDS[lowered], text, source)
    elif lowered.startswith("u_") and lowered in MATCHING_KEY_KINDS:
        draft.identify(matching_kind(lowered, text), text, source)
    elif lowered in _PAGE_KEYS:
        draft.add(PAGE_URL, text, source)
        draft.page_url = draft.page_url or text
    elif lowered in _REFERRER_KEYS:
        draft.add(REFERRER, text, source)
    elif lowered in _SEARCH_KEYS:
        draft.add(SEARCH_TERM, text, source)
    elif lowered in _CUSTOM_KEYS:
        draft.add(CUSTOM_DATA, text, source)
    elif lowered == "pids":
        draft.add(PARAMETER, text, source)
        draft.account = draft.account or text.split(",", 1)[0]
    else:
        describe_pair(draft, key, text, source)

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the SDK's version, flags and timing.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"v", "bt", "m_sl", "m_rd", "m_pi", "m_pl", "m_ic", "m_sh", "m_sw", "ts", "et", "d_a", "d_ot", "d_os", "d_bvs", "d_bv", "d_bd", "if", "rd", "lim_ad"})
