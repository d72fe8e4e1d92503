"""Helpers shared by the Google decoders (Analytics, Ads, Floodlight, the consent-mode beacon).

Google's tags speak one dialect across products: the same consent-mode parameters (`gcs`, `gcd`),
the same click-id cookies, the same `gtm` build string. Reading them in one place keeps the
products consistent in what they report.
"""

from __future__ import annotations

import re
from typing import Final

from pixelhound.decode.draft import Draft
from pixelhound.knowledge.identifiers import matching_kind
from pixelhound.model import PAGE_TITLE, PARAMETER, REFERRER

# Parameters whose value is a Google advertising click or cookie id, whatever the product.
AD_CLICK_PARAMETERS: Final = frozenset(
    {"auid", "auiddc", "gclid", "gclaw", "gcldc", "gclgb", "gclha", "gclgs", "dclid", "wbraid", "gbraid"}
)
AD_CLICK_KIND: Final = "google_ads_click"

# gcd letters: the state of one consent type after the default and any update the page made.
_GCD_STATES: Final[dict[str, str]] = {
    "l": "not set",
    "p": "denied (default)",
    "q": "denied (default and update)",
    "t": "granted (default)",
    "r": "denied by default, granted by update",
    "m": "denied (update, no default)",
    "n": "granted (update, no default)",
    "u": "granted by default, denied by update",
    "v": "granted (default and update)",
}
# Enhanced-conversion keys named differently from the common advanced-matching ones.
_USER_DATA_KEYS: Final[dict[str, str]] = {"pn": "ph", "sa": "ct", "rg": "st", "co": "country", "pc": "zp"}
_GCD_TYPES: Final = ("ad_storage", "analytics_storage", "ad_user_data", "ad_personalization")
_GCS_STATES: Final[dict[str, str]] = {"1": "granted", "0": "denied", "-": "not set"}

# `gtm=45He54n0v71460865za200`: product letter, build, then `v<container number>`.
_GTM_CONTAINER: Final = re.compile(r"^\d\d([A-Za-z])e[0-9a-z]{4}(?:h\d)?v(\d+)")


def describe_gcs(value: str) -> str:
    """`G1xy` as words: x is ad_storage, y analytics_storage (1 granted, 0 denied)."""
    text = value.strip()
    if len(text) < 4 or not text.upper().startswith("G1"):
        return text
    ad = _GCS_STATES.get(text[2], text[2])
    analytics = _GCS_STATES.get(text[3], text[3])
    return f"{text}: ad_storage {ad}, analytics_storage {analytics}"


def describe_gcd(value: str) -> str:
    """`13l3l3l3l1l1` as words: the letters after the two-digit prefix give, in order,
    ad_storage, analytics_storage, ad_user_data and ad_personalization."""
    text = value.strip()
    letters = [char for char in text[2:] if char.isalpha()]
    parts = [
        f"{name} {_GCD_STATES.get(letter.lower(), 'unknown (' + letter + ')')}"
        for name, letter in zip(_GCD_TYPES, letters)
    ]
    return f"{text}: {', '.join(parts)}" if parts else text


def add_consent(draft: Draft, name: str, value: str) -> bool:
    """Record `gcs`/`gcd` with a readable value; False when the pair is not consent state."""
    if name == "gcs":
        draft.add(PARAMETER, describe_gcs(value), name)
        return True
    if name == "gcd":
        draft.add(PARAMETER, describe_gcd(value), name)
        return True
    return False


def add_page_fields(draft: Draft, name: str, value: str, urls: frozenset[str], titles: frozenset[str],
                    referrers: frozenset[str]) -> bool:
    """Route a page URL, title or referrer parameter; False when `name` is none of them."""
    if name in urls:
        draft.add_page(value, name)
    elif name in titles:
        draft.add(PAGE_TITLE, value, name)
    elif name in referrers:
        draft.add(REFERRER, value, name)
    else:
        return False
    return True


def identify_ad_click(draft: Draft, name: str, value: str) -> bool:
    """Google advertising click/cookie ids (`auid`, `gclid`, ...); `*` or blank means none sent."""
    if name.lower() not in AD_CLICK_PARAMETERS:
        return False
    if value.strip() not in ("", "*"):
        draft.identify(AD_CLICK_KIND, value, name)
    else:
        draft.add(PARAMETER, value, name)
    return True


def identify_user_data(draft: Draft, value: str, source: str) -> None:
    """Enhanced-conversion user data `tv.1~em.<sha256>~pn.<sha256>`: each key a matching key."""
    for item in value.split("~"):
        key, _, data = item.partition(".")
        if not data or key == "tv":
            continue
        kind = matching_kind(_USER_DATA_KEYS.get(key, key), data)
        draft.identify(kind, data, f"{source}.{key}")


def gtm_container(gtm: str) -> str:
    """The Tag Manager container number in a `gtm` build string, for requests that name no tag id
    (`ccm/collect` sent by a container); '' when the string does not carry one."""
    match = _GTM_CONTAINER.match(gtm.strip())
    if match is None or match.group(1) != "H":
        return ""
    return f"GTM container {match.group(2)}"


def ads_account(number: str) -> str:
    """A Google Ads conversion id as the `AW-` tag id people know it by."""
    return number if number.upper().startswith("AW-") else f"AW-{number}"
