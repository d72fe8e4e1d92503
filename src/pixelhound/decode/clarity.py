"""Microsoft Clarity session recording: `POST https://<x>.clarity.ms/collect`.

The body (gzip when the browser can compress, which the parsed request undoes) is JSON
`{"e": envelope, "a": analytics events, "p": playback events}`. The envelope names the project
(the account), the Clarity user id (`_clck`) and the session; "dimension" events carry the page
URL, referrer and title; "variable" and "custom" events carry what the site chose to tag. Playback
events (page content, mutations, pointer moves) are counted, not listed. When the body cannot be
read, one draft still reports the recorder and the payload's size.
"""

from __future__ import annotations

from typing import Any, Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.recording import note_payload
from pixelhound.decode.request import ParsedRequest, maybe_json
from pixelhound.model import CUSTOM_DATA, PAGE_METADATA, PAGE_TITLE, PAGE_URL, PARAMETER, REFERRER

EVENT_NAME: Final = "recording upload"

# Envelope positions (clarity-js `envelope()`): what each token is.
_ENVELOPE: Final = ("version", "sequence", "start", "duration", "project", "user", "session", "page",
                    "upload", "end", "platform", "url")
# Event type numbers in the analytics stream that carry readable data.
_DIMENSION: Final = 1
_CUSTOM: Final = 24
_VARIABLE: Final = 34
# Dimension keys: which field each one fills.
_DIMENSION_FIELDS: Final[dict[int, tuple[str, str]]] = {
    0: (PARAMETER, "user_agent"),
    1: (PAGE_URL, "url"),
    2: (REFERRER, "referrer"),
    3: (PAGE_TITLE, "page_title"),
    5: (PAGE_METADATA, "schema_type"),
    6: (PAGE_METADATA, "product_brand"),
    8: (PAGE_METADATA, "author_name"),
    10: (PAGE_METADATA, "product_name"),
    11: (PAGE_METADATA, "product_category"),
    18: (PAGE_METADATA, "headline"),
    19: (PAGE_METADATA, "meta_type"),
    20: (PAGE_METADATA, "meta_title"),
}


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per upload: the envelope and readable analytics events, or a payload note."""
    draft = Draft(event=EVENT_NAME)
    for name, value, _transport in req.params():
        draft.add(PARAMETER, value, name)
    payload = req.body_json
    if isinstance(payload, dict) and "e" in payload:
        _read_payload(draft, payload)
    else:
        note_payload(draft, req, "Clarity recording")
    return [draft]


def _tokens(value: Any) -> list[Any]:
    """A payload part is a JSON list, or (older encoders) a string holding one."""
    if isinstance(value, str):
        value = maybe_json(value)
    return value if isinstance(value, list) else []


def _read_payload(draft: Draft, payload: dict[str, Any]) -> None:
    _read_envelope(draft, _tokens(payload.get("e")))
    analytics = _tokens(payload.get("a"))
    playback = _tokens(payload.get("p"))
    for event in analytics:
        if isinstance(event, list) and len(event) >= 2:
            _read_event(draft, event)
    draft.add(PARAMETER, f"{len(analytics)} analytics events, {len(playback)} playback events "
                         "(page content and interactions for session replay)", "body.a/p")


def _read_envelope(draft: Draft, envelope: list[Any]) -> None:
    values = dict(zip(_ENVELOPE, envelope))
    draft.account = str(values.get("project") or "")
    if values.get("user"):
        draft.identify("clarity_id", values["user"], "body.e.user")
    for name in ("session", "page", "sequence", "version"):
        if values.get(name) not in (None, ""):
            draft.add(PARAMETER, values[name], f"body.e.{name}")
    url = values.get("url")
    if isinstance(url, str) and url:
        draft.add(PAGE_URL, url, "body.e.url")
        draft.page_url = url


def _read_event(draft: Draft, event: list[Any]) -> None:
    """`[time, type, ...data]`: dimensions and variables come as key/values pairs."""
    kind, data = event[1], event[2:]
    if kind == _DIMENSION:
        for key, values in zip(data[0::2], data[1::2]):
            _read_dimension(draft, key, values)
    elif kind == _VARIABLE:
        for name, values in zip(data[0::2], data[1::2]):
            for value in values if isinstance(values, list) else [values]:
                draft.add(CUSTOM_DATA, value, f"body.a.variable.{name}")
    elif kind == _CUSTOM and data:
        key = str(data[0]) if len(data) > 1 else "value"
        draft.add(CUSTOM_DATA, data[-1], f"body.a.custom.{key}")


def _read_dimension(draft: Draft, key: Any, values: Any) -> None:
    known = _DIMENSION_FIELDS.get(key) if isinstance(key, int) else None
    field, label = known or (PARAMETER, f"dimension_{key}")
    for value in values if isinstance(values, list) else [values]:
        if not isinstance(value, str):
            continue
        draft.add(field, value, f"body.a.dimension.{label}")
        if field == PAGE_URL and not draft.page_url:
            draft.page_url = value

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the recorder's envelope: version, sequence, timers, DOM element ids and CSS selectors.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"v", "upload", "selector", "hash", "tag", "class", "classList", "className", "id"})
