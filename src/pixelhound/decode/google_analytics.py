"""Google Analytics: GA4 (`/g/collect`, also through first-party server-side proxies) and
Universal Analytics (`/collect`, `/r/collect`, `/j/collect`, legacy `__utm.gif`).

GA4 batches: the query string holds what every event shares (tag, client, page) and each body
line is one more event (`en=...&ep....`), so every line becomes its own draft with the shared
parameters applied. Event parameters are where sites put search terms, form names and click text,
so they are named by what they reveal rather than listed as opaque parameters.
"""

from __future__ import annotations

import re
from typing import Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.google_common import add_consent, add_page_fields, identify_ad_click
from pixelhound.decode.request import MULTIPART, ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import PARAMETER_KINDS
from pixelhound.model import (
    BUTTON_TEXT,
    CUSTOM_DATA,
    EVENT,
    FORM_FIELD,
    LINK_URL,
    PAGE_TITLE,
    PAGE_URL,
    REFERRER,
    SEARCH_TERM,
)

GA4: Final = "Google Analytics 4"
UNIVERSAL: Final = "Universal Analytics"

_PAGE_URLS: Final = frozenset({"dl", "utmp"})
_TITLES: Final = frozenset({"dt", "utmdt"})
_REFERRERS: Final = frozenset({"dr", "utmr"})

# Event-parameter names (after `ep.`/`epn.`/`up.`) by what they reveal.
_PARAM_FIELDS: Final[dict[str, str]] = {
    "search_term": SEARCH_TERM,
    "search_query": SEARCH_TERM,
    "searchterm": SEARCH_TERM,
    "q": SEARCH_TERM,
    "form_id": FORM_FIELD,
    "form_name": FORM_FIELD,
    "form_destination": FORM_FIELD,
    "first_field_id": FORM_FIELD,
    "first_field_name": FORM_FIELD,
    "first_field_type": FORM_FIELD,
    "link_text": BUTTON_TEXT,
    "click_text": BUTTON_TEXT,
    "button_text": BUTTON_TEXT,
    "element_text": BUTTON_TEXT,
    "form_submit_text": BUTTON_TEXT,
    "link_url": LINK_URL,
    "link_domain": LINK_URL,
    "click_url": LINK_URL,
    "outbound": LINK_URL,
    "file_name": LINK_URL,
    "page_location": PAGE_URL,
    "page_path": PAGE_URL,
    "page_title": PAGE_TITLE,
    "page_referrer": REFERRER,
}
_EVENT_PARAM_PREFIXES: Final = ("ep.", "epn.", "up.", "upn.")
_FLAG_VALUES: Final = frozenset({"true", "false", "0", "1", ""})

# Universal Analytics custom data: event fields, custom dimensions/metrics, e-commerce, timing.
_UA_CUSTOM: Final = re.compile(
    r"^(ec|ea|el|ev|cd\d+|cm\d+|cg\d+|ti|ta|tr|ts|tt|tcc|in|ip|iq|ic|iv|pa|pal|cos|col|"
    r"pr\d+\w*|il\d+\w*|promo\d+\w*|utc|utv|utl|utt|sn|sa|st|exd|utme)$"
)


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per event: per body line for GA4 batches, one for a UA hit."""
    drafts = [_decode_event(pairs, req) for pairs in _event_pairs(req)]
    if req.body_json is not None and drafts:
        for path, value in flatten_json(req.body_json):
            describe_pair(drafts[0], path, value, f"body.{path}")
    return drafts


def _event_pairs(req: ParsedRequest) -> list[list[tuple[str, str]]]:
    """Shared query pairs followed by each event's own body pairs."""
    shared = list(req.query)
    if req.body_json is not None or not req.body_bytes:
        return [shared]
    if req.transport == MULTIPART:
        return [shared + req.body_params]
    lines = [line for line in req.body_lines if line]
    if not lines:
        return [shared + req.body_params]
    return [shared + line for line in lines]


def _product(pairs: list[tuple[str, str]], req: ParsedRequest) -> str:
    """GA4 and UA share hosts and `collect` paths; the protocol version tells them apart."""
    version = next((value for name, value in pairs if name == "v"), "")
    if version == "2" or "/g/collect" in req.path:
        return GA4
    if version == "1" or req.path.endswith("__utm.gif"):
        return UNIVERSAL
    tag = next((value for name, value in pairs if name == "tid"), "")
    return UNIVERSAL if tag.upper().startswith("UA-") else GA4


def _decode_event(pairs: list[tuple[str, str]], req: ParsedRequest) -> Draft:
    product = _product(pairs, req)
    draft = Draft(product=product)
    for name, value in pairs:
        if not _read_common(draft, name, value):
            if product == GA4:
                _read_ga4(draft, name, value)
            else:
                _read_universal(draft, name, value)
    if product == UNIVERSAL:
        _finish_universal(draft, pairs)
    return draft


def _read_common(draft: Draft, name: str, value: str) -> bool:
    """Parameters both protocols share; False when `name` is not one of them."""
    if name in ("tid", "utmac"):
        draft.account = value
    elif name == "cid":
        draft.identify("ga_client_id", value, name)
    elif name == "uid":
        draft.identify("user_id", value, name)
    elif name == "_gid":
        draft.identify("ga_gid", value, name)
    elif add_consent(draft, name, value) or identify_ad_click(draft, name, value):
        pass
    elif not add_page_fields(draft, name, value, _PAGE_URLS, _TITLES, _REFERRERS):
        return False
    return True


def _read_ga4(draft: Draft, name: str, value: str) -> None:
    if name == "en":
        draft.event = value
        draft.add(EVENT, value, name)
    elif name.startswith(_EVENT_PARAM_PREFIXES):
        _read_event_parameter(draft, name, value)
    else:
        describe_pair(draft, name, value, name)


def _read_event_parameter(draft: Draft, name: str, value: str) -> None:
    """`ep.search_term` -> search term, `ep.form_id` -> form field, other `ep.*` -> custom data."""
    short = name.split(".", 1)[1].lower()
    field = _PARAM_FIELDS.get(short, CUSTOM_DATA)
    if field == LINK_URL and short == "outbound" and value.lower() in _FLAG_VALUES:
        field = CUSTOM_DATA
    if field == PAGE_URL:
        draft.add_page(value, name)
    else:
        draft.add(field, value, name)
    kind = PARAMETER_KINDS.get(short)
    if kind is not None:
        draft.identify(kind, value, name)


def _read_universal(draft: Draft, name: str, value: str) -> None:
    if name == "t":
        draft.add(EVENT, value, name)
    elif name == "dp":
        draft.add(PAGE_URL, value, name)
    elif name == "utmcc":
        _read_utm_cookies(draft, value)
    elif _UA_CUSTOM.match(name):
        draft.add(CUSTOM_DATA, value, name)
    else:
        describe_pair(draft, name, value, name)


def _finish_universal(draft: Draft, pairs: list[tuple[str, str]]) -> None:
    """UA event name: `t`, or `ec:ea` for event hits; the page from host and path without `dl`."""
    values = dict(pairs)
    hit = values.get("t", "")
    if hit == "event" and (values.get("ec") or values.get("ea")):
        draft.event = f"{values.get('ec', '')}:{values.get('ea', '')}"
    else:
        draft.event = hit or ("pageview" if "utmp" in values else "")
    if not draft.page_url and values.get("dp"):
        host = values.get("dh", "")
        draft.page_url = f"https://{host}{values['dp']}" if host else values["dp"]


def _read_utm_cookies(draft: Draft, value: str) -> None:
    """Legacy `utmcc` carries the `__utma` cookie, whose second number is the client id."""
    for cookie in value.replace("+", " ").split(";"):
        name, _, content = cookie.strip().partition("=")
        if name == "__utma" and content.count(".") >= 2:
            draft.identify("ga_client_id", ".".join(content.split(".")[1:3]), "utmcc.__utma")
        elif content:
            describe_pair(draft, f"utmcc.{name}", content, f"utmcc.{name}")

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# protocol version, session and hit counters, timers, consent states
# (gcs, gcd, dma, npa), experiment and platform flags.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"v", "_p", "_s", "sct", "seg", "_et", "_ee", "_z", "gcs", "gcd", "dma", "dma_cps", "npa", "tfd", "frm", "_fv", "_ss", "_nsi", "are", "uaa", "uab", "uam", "uamb", "uap", "uapv", "uaw", "pscdl", "tag_exp", "ecid", "_eu", "_gaz", "gtm", "sr", "ul", "cid", "tid"})
