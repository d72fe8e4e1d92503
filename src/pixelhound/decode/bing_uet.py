"""Microsoft Advertising Universal Event Tracking: `bat.bing.com/action/0?ti=..&evt=..`.

`ti` is the advertiser's tag, `p`/`tl`/`r` the page, its title and referrer; custom events carry
`ea`/`ec`/`el`/`ev` and site-chosen parameters such as a search term (`kw`, `search_term`).
`vid`/`sid` are the first-party `_uetvid`/`_uetsid` cookies and `msclkid` the ad click id.
"""

from __future__ import annotations

import re
from typing import Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.model import CUSTOM_DATA, EVENT, PAGE_TITLE, PARAMETER, REFERRER, SEARCH_TERM

_IDENTIFIERS: Final[dict[str, str]] = {"vid": "uet_vid", "sid": "uet_sid", "msclkid": "ms_click"}
_NO_CLICK: Final = frozenset({"", "N", "n", "null", "undefined"})
_SEARCH_NAMES: Final = frozenset({"kw", "search_term", "searchterm", "q"})
_CUSTOM: Final = re.compile(
    r"^(ea|ec|el|ev|en|gv|gc|prodid|pagetype|page_type|items.*|ecomm_\w+|revenue_value|currency|"
    r"transaction_id|event_category|event_label|event_value|product_id|cs_\w+)$"
)
_TAG_IN_PATH: Final = re.compile(r"action/(\d+)\.js")


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per UET hit: custom events named by their action (`ea`), others by `evt`."""
    draft = Draft()
    values: dict[str, str] = {}
    for name, value, _transport in req.params():
        values.setdefault(name, value)
        _read_pair(draft, name, value)
    if req.body_json is not None:
        for path, value in flatten_json(req.body_json):
            describe_pair(draft, path, value, f"body.{path}")
    elif req.body_bytes and not req.body_params:
        draft.add(PARAMETER, req.body_text, "body")
    draft.event = _event_name(values)
    if not draft.account:
        match = _TAG_IN_PATH.search(req.path)
        draft.account = match.group(1) if match else ""
    return [draft]


def _event_name(values: dict[str, str]) -> str:
    """`evt=custom` says little; the event action (`ea`, or `en`) is what the site called it."""
    kind = values.get("evt", "")
    action = values.get("ea") or values.get("en") or ""
    if action and kind in ("custom", ""):
        return action
    return kind


def _read_pair(draft: Draft, name: str, value: str) -> None:
    if name == "ti":
        draft.account = value
    elif name == "evt":
        draft.add(EVENT, value, name)
    elif name == "p":
        draft.add_page(value, name)
    elif name == "tl":
        draft.add(PAGE_TITLE, value, name)
    elif name == "r":
        draft.add(REFERRER, value, name)
    elif name in _SEARCH_NAMES:
        draft.add(SEARCH_TERM, value, name)
    elif name in _IDENTIFIERS:
        _identify(draft, name, value)
    elif _CUSTOM.match(name):
        draft.add(CUSTOM_DATA, value, name)
    else:
        describe_pair(draft, name, value, name)


def _identify(draft: Draft, name: str, value: str) -> None:
    """`msclkid=N` means the visit came from no ad click: listed, not an identifier."""
    if name == "msclkid" and value.strip() in _NO_CLICK:
        draft.add(PARAMETER, value, name)
    else:
        draft.identify(_IDENTIFIERS[name], value, name)

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the tag's version, event sequence, screen facts and consent mode.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"ver", "ti", "Ver", "mid", "sid", "vid", "lg", "sw", "sh", "sc", "nwd", "evt", "msclkid", "mtp", "asc", "cdb", "rn", "bo", "frm", "tm", "lt", "sl", "mw", "pi"})
