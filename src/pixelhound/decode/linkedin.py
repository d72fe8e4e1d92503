"""LinkedIn Insight Tag: `px.ads.linkedin.com/collect` (page view or conversion, GET),
`/attribution_trigger` (GET) and `/wa/` (JSON: page URL, title, hashed email, first-party id).

The partner ids (`pid`, `pids`) name the advertiser accounts that receive the visit; one request
can serve several, so the account lists them all.
"""

from __future__ import annotations

from typing import Any, Final

from pixelhound.decode.draft import Draft
from pixelhound.decode.generic import describe_pair
from pixelhound.decode.request import ParsedRequest, flatten_json
from pixelhound.knowledge.identifiers import matching_kind
from pixelhound.model import EVENT, PAGE_TITLE, PARAMETER, REFERRER

_URL_NAMES: Final = frozenset({"url", "href", "pageUrl"})
_TITLE_NAMES: Final = frozenset({"pageTitle", "title"})
_REFERRER_NAMES: Final = frozenset({"referrer", "ref", "referer"})
_ADS_ID_NAMES: Final = frozenset({"li_adsId", "liAdsId", "adsId"})
_FAT_ID_NAMES: Final = frozenset({"liFatId", "li_fat_id", "lifatid"})
_HASHED_EMAIL_NAMES: Final = frozenset({"hem", "sha256Email", "hashedEmail"})
_CONVERSION_NAMES: Final = frozenset({"conversionId", "conversion_id"})


def decode(req: ParsedRequest) -> list[Draft]:
    """One draft per request: the query (GET) and any JSON body (`/wa/`) read together."""
    draft = Draft()
    for name, value, _transport in req.params():
        _read_pair(draft, name, value, name)
    if isinstance(req.body_json, dict):
        _read_json(draft, req.body_json)
    elif req.body_json is not None:
        for path, value in flatten_json(req.body_json):
            describe_pair(draft, path, value, f"body.{path}")
    elif req.body_bytes and not req.body_params:
        draft.add(PARAMETER, req.body_text, "body")
    if not draft.event:
        draft.event = _default_event(req.path)
    return [draft]


def _default_event(path: str) -> str:
    if "attribution_trigger" in path:
        return "attribution trigger"
    return "page view"


def _read_json(draft: Draft, body: dict[str, Any]) -> None:
    """`/wa/` body: top-level keys are read by name, nested ones listed by their path."""
    for key, value in body.items():
        if key == "pids" and isinstance(value, list):
            _set_account(draft, ",".join(str(pid) for pid in value))
        elif isinstance(value, (dict, list)):
            for path, item in flatten_json(value, key):
                describe_pair(draft, path, item, f"body.{path}")
        elif value is not None:
            _read_pair(draft, key, _scalar_text(value), f"body.{key}")


def _read_pair(draft: Draft, name: str, value: str, source: str) -> None:
    """Route one LinkedIn parameter (query name or JSON key) to the field it reveals."""
    if name in ("pid", "pids"):
        _set_account(draft, value)
    elif name in _URL_NAMES:
        draft.add_page(value, source)
    elif name in _TITLE_NAMES:
        draft.add(PAGE_TITLE, value, source)
    elif name in _REFERRER_NAMES:
        draft.add(REFERRER, value, source)
    elif name in _ADS_ID_NAMES:
        draft.identify("li_ads_id", value, source)
    elif name in _FAT_ID_NAMES:
        draft.identify("li_fat_id", value, source)
    elif name in _HASHED_EMAIL_NAMES:
        draft.identify(matching_kind("hem", value), value, source)
    elif name in _CONVERSION_NAMES:
        draft.event = f"conversion {value}" if value.strip() else "conversion"
        draft.add(EVENT, draft.event, source)
    elif name == "signalType":
        if not draft.event.startswith("conversion"):
            draft.event = value
        draft.add(EVENT, value, source)
    else:
        describe_pair(draft, name, value, source)


def _scalar_text(value: object) -> str:
    """JSON scalars as the text a reader expects (`true`, not `True`)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _set_account(draft: Draft, value: str) -> None:
    """Partner ids, comma-separated; the first source that names them wins."""
    if value.strip() and not draft.account:
        draft.account = value.replace(" ", "")

# Field kinds (decode/fields.py): parameters that are this tag's machinery, never read as health:
# the tag's version, time and consent or opt-out flags.
TECHNICAL_PARAMETERS: frozenset[str] = frozenset({"v", "time", "fmt", "tm", "signalType", "signal_type", "liSync", "consent"})
