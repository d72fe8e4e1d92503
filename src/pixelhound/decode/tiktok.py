"""TikTok Pixel events (`analytics.tiktok.com/api/v2/pixel`, `/pixel/act`, batches): text/plain JSON,
one event per object.

Besides the page and the `_ttp` browser id, the `/act` "Metadata" action carries what the pixel
collected off the page by itself (`auto_collected_properties.content_data`: Open Graph, microdata,
JSON-LD, <meta>), each a JSON string that is parsed so its text is visible.
"""

from __future__ import annotations

from typing import Any

from pixelhound.decode import generic
from pixelhound.decode.draft import Draft
from pixelhound.decode.embedded import add_leaves, add_page_metadata, join_source, leaf_key, parse_embedded
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import MATCHING_KEY_KINDS, matching_kind
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_TITLE,
    PAGE_URL,
    PARAMETER,
    REFERRER,
    SEARCH_TERM,
)
from pixelhound.settings import MAX_JSON_DEPTH

_SEARCH_KEYS = frozenset({"query", "search_string", "search_term", "keyword", "keywords"})
_BUTTON_KEYS = frozenset({"inner_text", "innertext", "text", "button_text", "buttontext", "value"})
_LINK_KEYS = frozenset({"href", "destination", "link_url"})
_FORM_KEYS = frozenset({"placeholder", "name", "input_name", "label"})


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per event object; the generic listing for a body that is not TikTok's JSON."""
    events = _events(req.body_json)
    if not events:
        return generic.decode(req)
    drafts = [_decode_event(event, prefix) for prefix, event in events]
    for draft in drafts:
        for name, value, _transport in req.params():
            describe_pair(draft, name, value, name)
    return drafts


def _events(body: Any) -> list[tuple[str, dict[str, Any]]]:
    """(source prefix, event object) for a single event, a JSON list, or a `batch` envelope."""
    if isinstance(body, list):
        return [(f"body[{n}]", item) for n, item in enumerate(body) if isinstance(item, dict)]
    if not isinstance(body, dict):
        return []
    batch = body.get("batch")
    if isinstance(batch, list):
        return [(f"body.batch[{n}]", item) for n, item in enumerate(batch) if isinstance(item, dict)]
    return [("body", body)]


def _decode_event(event: dict[str, Any], prefix: str) -> Draft:
    draft = Draft()
    draft.event = str(event.get("event") or event.get("action") or "")
    for key, value in event.items():
        source = join_source(prefix, key)
        handler = _TOP_LEVEL.get(key)
        if handler is not None:
            handler(draft, value, source)
        else:
            _describe_json(draft, value, source)
    return draft


def _describe_json(draft: Draft, value: Any, source: str) -> None:
    """Anything not understood: every leaf listed under its wire path."""
    for path, text in flatten_json(value, max_depth=MAX_JSON_DEPTH):
        describe_pair(draft, leaf_key(path) if path else source.rsplit(".", 1)[-1], text, join_source(source, path))


def _event_name(draft: Draft, value: Any, source: str) -> None:
    draft.add(EVENT, value, source)


def _context(draft: Draft, value: Any, source: str) -> None:
    """`context`: pixel code, page, user ids and matching keys, ad click id, the rest as listed."""
    if not isinstance(value, dict):
        _describe_json(draft, value, source)
        return
    for path, text in flatten_json(value, max_depth=MAX_JSON_DEPTH):
        _context_leaf(draft, path, text, join_source(source, path))


def _context_leaf(draft: Draft, path: str, text: str, source: str) -> None:
    if path == "pixel.code":
        draft.account = draft.account or text
    elif path == "page.url":
        draft.add(PAGE_URL, text, source)
        draft.page_url = draft.page_url or text
    elif path == "page.referrer":
        draft.add(REFERRER, text, source)
    elif path == "page.title":
        draft.add(PAGE_TITLE, text, source)
    elif path == "user.anonymous_id":
        draft.identify("ttp", text, source)
    elif path.startswith("user.") and leaf_key(path).lower() in MATCHING_KEY_KINDS:
        draft.identify(matching_kind(leaf_key(path), text), text, source)
    elif path in ("ad.callback", "ad.ttclid"):
        draft.identify("tiktok_click", text, source)
    else:
        describe_pair(draft, leaf_key(path), text, source)


def _property_name(key: str, _text: str) -> str:
    """`properties` is the site's own event data; a search query in it is a search term."""
    return SEARCH_TERM if key.lower() in _SEARCH_KEYS else CUSTOM_DATA


def _properties(draft: Draft, value: Any, source: str) -> None:
    add_leaves(draft, value, source, _property_name)


def _auto_name(key: str, _text: str) -> str:
    """Automatically collected click and form details: what a button said, where a link led."""
    lowered = key.lower()
    if lowered in _BUTTON_KEYS:
        return BUTTON_TEXT
    if lowered in _LINK_KEYS:
        return LINK_URL
    if lowered in _FORM_KEYS:
        return FORM_FIELD
    return PARAMETER


def _auto_collected(draft: Draft, value: Any, source: str) -> None:
    """`auto_collected_properties`: page metadata in `content_data`, click details elsewhere."""
    if not isinstance(value, dict):
        _describe_json(draft, value, source)
        return
    for key, item in value.items():
        item_source = join_source(source, key)
        if key == "content_data" and isinstance(item, dict):
            _content_data(draft, item, item_source)
        else:
            parsed = parse_embedded(item)
            add_leaves(draft, parsed if parsed is not None else item, item_source, _auto_name)


def _content_data(draft: Draft, value: dict[str, Any], source: str) -> None:
    """Each kind of page metadata arrives as a JSON string; parse it, keep it whole if it is not."""
    for kind, item in value.items():
        parsed = parse_embedded(item)
        add_page_metadata(draft, parsed if parsed is not None else item, join_source(source, kind))


def _diagnostics(draft: Draft, value: Any, source: str) -> None:
    """Whether the pixel found an email or phone on the page, one line: `raw_email: missing, ...`."""
    if not isinstance(value, dict):
        _describe_json(draft, value, source)
        return
    labels = []
    for key, item in value.items():
        label = item.get("label") if isinstance(item, dict) else item
        labels.append(f"{key}: {label}")
    draft.add(PARAMETER, ", ".join(labels), source)


_TOP_LEVEL = {
    "event": _event_name,
    "action": _event_name,
    "context": _context,
    "properties": _properties,
    "auto_collected_properties": _auto_collected,
    "signal_diagnostic_labels": _diagnostics,
}

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the SDK's versions, ids, flags and the page's element selectors.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"sdkid", "lib", "version", "is_onsite", "partner", "cookie_consent", "limited_data_use", "auto_collected_properties", "tag", "class", "class_name", "classname", "css_selector", "xpath"})
