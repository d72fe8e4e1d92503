"""Google Ads (conversion, view-through, remarketing lists, form data, the `ccm/collect` consent
beacon, Protected Audience `td/rul`) and DoubleClick Floodlight (`activity;src=..;type=..;cat=..`).

Both products report the page (`url`/`~oref`), its title (`tiba`) and event data the site chose to
send (`data=event=...`, Floodlight `u1..uN`); Floodlight carries its parameters in the path,
separated by semicolons, so it is parsed separately.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import unquote

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.google_common import (
    add_consent,
    add_page_fields,
    ads_account,
    gtm_container,
    identify_ad_click,
    identify_user_data,
)
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.model import CUSTOM_DATA, EVENT, PARAMETER

ADS: Final = "Google Ads"
FLOODLIGHT: Final = "Google Floodlight"

_PAGE_URLS: Final = frozenset({"url", "dl", "~oref"})
_TITLES: Final = frozenset({"tiba", "dt"})
_REFERRERS: Final = frozenset({"ref", "dr"})

# Path shape -> (what the request is, event name when the request names none).
_ADS_PATHS: Final = (
    (re.compile(r"/pagead/viewthroughconversion/([\w-]+)"), "conversion"),
    (re.compile(r"/pagead/1p-conversion/([\w-]+)"), "conversion"),
    (re.compile(r"/pagead/conversion/([\w-]+)"), "conversion"),
    (re.compile(r"/pagead/1p-user-list/([\w-]+)"), "remarketing list"),
    (re.compile(r"/pagead/form-data/([\w-]+)"), "form data"),
    (re.compile(r"/td/rul/([\w-]+)"), "remarketing list (Protected Audience)"),
)
# Conversion details a site sends about what the visitor did.
_CONVERSION_DATA: Final = frozenset({"value", "currency_code", "oid", "transaction_id", "label_value"})
_FLOODLIGHT_CUSTOM: Final = re.compile(r"^(u\d+|qty|cost|num_items|prd|dc_pre)$")
_DEVICE_IDS: Final = frozenset({"dc_rdid", "rdid", "idfa", "adid"})


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft: a Floodlight activity or a Google Ads hit."""
    if _is_floodlight(req):
        return [_floodlight(req)]
    return [_ads(req)]


def _is_floodlight(req: ParsedRequest) -> bool:
    return ";" in req.path and "src=" in req.path


# --- Google Ads -----------------------------------------------------------------------------


def _ads(req: ParsedRequest) -> Draft:
    draft = Draft(product=ADS)
    fallback_event = _read_ads_path(draft, req.path)
    pairs = [(name, value) for name, value, _ in req.params()]
    for name, value in pairs:
        _read_ads_pair(draft, name, value)
    _add_json_body(draft, req)
    if not draft.event:
        draft.event = fallback_event
    if not draft.account:
        draft.account = gtm_container(dict(pairs).get("gtm", ""))
    return draft


def _read_ads_path(draft: Draft, path: str) -> str:
    """The conversion id in the path is the advertiser's account; returns the default event."""
    for pattern, event in _ADS_PATHS:
        match = pattern.search(path)
        if match:
            draft.account = ads_account(match.group(1))
            return event
    return "page_view" if "ccm/collect" in path else ""


def _read_ads_pair(draft: Draft, name: str, value: str) -> None:
    if name == "tid":
        draft.account = value
        if value.upper().startswith("DC-"):
            draft.product = FLOODLIGHT
    elif name == "en":
        draft.event = value
        draft.add(EVENT, value, name)
    elif name == "data":
        _read_event_data(draft, value)
    elif name == "em":
        identify_user_data(draft, value, name)
    elif name in _CONVERSION_DATA:
        draft.add(CUSTOM_DATA, value, name)
    elif add_consent(draft, name, value) or identify_ad_click(draft, name, value):
        return
    elif not add_page_fields(draft, name, value, _PAGE_URLS, _TITLES, _REFERRERS):
        describe_pair(draft, name, value, name)


def _read_event_data(draft: Draft, value: str) -> None:
    """`data=event=form_start;k=v`: gtag event parameters the site passed to the Ads tag."""
    for item in value.split(";"):
        key, sep, data = item.partition("=")
        if not sep:
            draft.add(CUSTOM_DATA, item, "data")
            continue
        if key == "event":
            draft.event = data
            draft.add(EVENT, data, "data.event")
        else:
            draft.add(CUSTOM_DATA, data, f"data.{key}")


def _add_json_body(draft: Draft, req: ParsedRequest) -> None:
    """A JSON body (seen on `form-data`) is listed pair by pair; other bodies as text."""
    if req.body_json is not None:
        for path, value in flatten_json(req.body_json):
            describe_pair(draft, path, value, f"body.{path}")
    elif req.body_bytes and not req.body_params:
        draft.add(PARAMETER, req.body_text, "body")


# --- Floodlight -----------------------------------------------------------------------------


def floodlight_pairs(path: str) -> list[tuple[str, str]]:
    """`/activity;src=1;type=a;cat=b;~oref=https%3A...` as decoded (name, value) pairs."""
    pairs: list[tuple[str, str]] = []
    for segment in path.split(";"):
        name, sep, value = segment.partition("=")
        if not sep:
            continue
        pairs.append((name.rsplit("/", 1)[-1], unquote(value)))
    return pairs


def _floodlight(req: ParsedRequest) -> Draft:
    draft = Draft(product=FLOODLIGHT)
    pairs = floodlight_pairs(req.path) + [(name, value) for name, value, _ in req.params()]
    values = dict(pairs)
    for name, value in pairs:
        _read_floodlight_pair(draft, name, value)
    _add_json_body(draft, req)
    activity = ":".join(part for part in (values.get("type", ""), values.get("cat", "")) if part)
    draft.event = activity or "activity"
    return draft


def _read_floodlight_pair(draft: Draft, name: str, value: str) -> None:
    if name == "src":
        draft.account = value
    elif name in ("type", "cat"):
        draft.add(EVENT, value, name)
    elif _FLOODLIGHT_CUSTOM.match(name):
        draft.add(CUSTOM_DATA, value, name)
    elif name in _DEVICE_IDS:
        draft.identify("device_id", value, name)
    elif name == "em":
        identify_user_data(draft, value, name)
    elif add_consent(draft, name, value) or identify_ad_click(draft, name, value):
        return
    elif not add_page_fields(draft, name, value, _PAGE_URLS, _TITLES, _REFERRERS):
        describe_pair(draft, name, value, name)

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# consent states, tag versions, experiment flags and screen facts.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"gcs", "gcd", "dma", "dma_cps", "npa", "tag_exp", "gtm", "frm", "fst", "fmt", "num", "u_h", "u_w", "u_java", "u_tz", "u_his", "u_nplug", "u_nmime", "guid", "rnd", "async", "random", "bg", "hn", "auid", "pscdl", "eitems", "uaa", "uab", "uam", "uamb", "uap", "uapv", "uaw", "cv", "bttype"})
