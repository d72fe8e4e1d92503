"""Hotjar session recording and heatmaps: `content.hotjar.io/?site_id=..` (gzipped recording),
`in.hotjar.com/api/v2/client/sites/<id>/...` (visit data, JSON), `vc.hotjar.io` and the like.

The site id names the Hotjar account; it travels in the query, the path or the JSON body. A
recording upload that cannot be read is still reported, with its size, because the recorder sees
what the visitor reads and types.
"""

from __future__ import annotations

import re
from typing import Any, Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.recording import note_payload, readable_text
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.model import PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER

_SITE_KEYS: Final = frozenset({"site_id", "siteid", "site"})
_USER_KEYS: Final = frozenset({"user_id", "userid", "uuid", "hjuid", "user_uuid", "visitor_id"})
_URL_KEYS: Final = frozenset({"url", "page_url", "href", "location", "page"})
_REFERRER_KEYS: Final = frozenset({"referrer", "referer", "ref"})
_TITLE_KEYS: Final = frozenset({"title", "page_title"})
_SITE_IN_PATH: Final = re.compile(r"(?:/sites/|hotjar-)(\d+)")


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per request, whatever could be read of it."""
    draft = Draft(event=_event_name(req))
    match = _SITE_IN_PATH.search(req.path)
    if match:
        draft.account = match.group(1)
    for name, value, _transport in req.params():
        _read_pair(draft, name, value, name)
    _read_body(draft, req)
    return [draft]


def _event_name(req: ParsedRequest) -> str:
    """What kind of Hotjar upload this is, from where it went."""
    if req.host.startswith("content."):
        return "recording"
    path = req.path.rstrip("/")
    if path.endswith(".js"):
        return "tag script"
    if "visit-data" in path:
        return "visit data"
    tail = path.rsplit("/", 1)[-1]
    return tail.replace("-", " ") if tail and not tail.isdigit() else "hotjar request"


def _read_body(draft: Draft, req: ParsedRequest) -> None:
    if req.body_json is not None:
        _read_json(draft, req.body_json)
        return
    if req.body_params:
        return  # already read by req.params()
    text = readable_text(req.body_bytes) if req.body_bytes else None
    if text is not None:
        draft.add(PARAMETER, text, "body")
    elif req.body_bytes or req.capture.method.upper() == "POST":
        note_payload(draft, req, "Hotjar recording")


def _read_json(draft: Draft, body: Any) -> None:
    for path, value in flatten_json(body):
        _read_pair(draft, path, value, f"body.{path}")


def _read_pair(draft: Draft, name: str, value: str, source: str) -> None:
    """Route a query name or JSON path by its last component."""
    key = name.rsplit(".", 1)[-1].lower()
    if key in _SITE_KEYS and value.strip().isdigit():
        draft.account = draft.account or value.strip()
        draft.add(PARAMETER, value, source)
    elif key in _USER_KEYS:
        draft.identify("hotjar_user", value, source)
    elif key in _URL_KEYS and value.startswith(("http://", "https://")):
        draft.add(PAGE_URL, value, source)
        draft.page_url = draft.page_url or value
    elif key in _REFERRER_KEYS:
        draft.add(REFERRER, value, source)
    elif key in _TITLE_KEYS:
        draft.add(PAGE_TITLE, value, source)
    else:
        describe_pair(draft, name, value, source)

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the recorder's version, timers, window sizes and CSS selectors.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"r", "v", "sv", "window_width", "window_height", "content_hash", "selector", "css_selector", "classList", "class", "className"})
