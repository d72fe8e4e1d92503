"""What makes a disclosure linkable to a person: identifier kinds, their labels, and the parameter
names that carry them on the wire (PROTOCOLS.md, "Identifiers that make data linkable")."""

from __future__ import annotations

import re
from typing import Final

# Identifiers derived from what a person typed or is: personal data in plain sight or hashed, in the
# order reports list them.
PERSONAL_KINDS: Final[tuple[str, ...]] = (
    "email", "phone", "hashed_email", "hashed_phone", "hashed_name", "hashed_birth_date",
    "hashed_gender", "hashed_location", "hashed_identity", "external_id", "user_id", "fb_login",
)

# kind -> how a report names it.
IDENTIFIER_LABELS: Final[dict[str, str]] = {
    "ip_address": "IP address (every request)",
    "fbp": "Facebook browser id (_fbp cookie)",
    "fbc": "Facebook click id (_fbc cookie / fbclid)",
    "fb_login": "Facebook account (c_user login cookie)",
    "ga_client_id": "Google Analytics client id (_ga cookie)",
    "ga_gid": "Google Analytics 24-hour visitor id (_gid cookie)",
    "google_ads_click": "Google Ads click id (_gcl_au / gclid)",
    "ttp": "TikTok browser id (_ttp cookie)",
    "tiktok_click": "TikTok click id (ttclid)",
    "li_fat_id": "LinkedIn ad id (li_fat_id)",
    "li_ads_id": "LinkedIn ad id (li_adsId)",
    "uet_vid": "Microsoft Ads visitor id (_uetvid)",
    "uet_sid": "Microsoft Ads session id (_uetsid)",
    "ms_click": "Microsoft Ads click id (msclkid)",
    "clarity_id": "Microsoft Clarity user id (_clck)",
    "scid": "Snap browser id (_scid)",
    "snap_click": "Snap click id (ScCid / sclid)",
    "snap_local_id": "Snap browser id kept in local storage (u_sclid)",
    "snap_session": "Snap session id (u_scsid)",
    "pinterest_id": "Pinterest browser id (_pin_unauth / _epik)",
    "x_click": "X click id (twclid)",
    "hotjar_user": "Hotjar user id (_hjSessionUser)",
    "user_id": "site's own user id",
    "partner_user_id": "ad-tech user id (cookie sync)",
    "external_id": "site's own visitor id (external_id)",
    "email": "email address (plain text)",
    "phone": "phone number (plain text)",
    "hashed_email": "hashed email address",
    "hashed_phone": "hashed phone number",
    "hashed_name": "hashed first or last name",
    "hashed_birth_date": "hashed date of birth",
    "hashed_gender": "hashed gender",
    "hashed_location": "hashed city, state, postcode or country",
    "hashed_identity": "hashed personal data",
    "device_id": "a device or browser id",
}

# Parameter names (lower-cased, any vendor) whose value is an identifier of that kind.
PARAMETER_KINDS: Final[dict[str, str]] = {
    "fbp": "fbp",
    "_fbp": "fbp",
    "fbc": "fbc",
    "_fbc": "fbc",
    "fbclid": "fbc",
    "c_user": "fb_login",
    "_ga": "ga_client_id",
    "_gcl_au": "google_ads_click",
    "gclid": "google_ads_click",
    "gclaw": "google_ads_click",
    "auid": "google_ads_click",
    "_ttp": "ttp",
    "ttclid": "tiktok_click",
    "li_fat_id": "li_fat_id",
    "lifatid": "li_fat_id",
    "li_adsid": "li_ads_id",
    "_uetvid": "uet_vid",
    "_uetsid": "uet_sid",
    "msclkid": "ms_click",
    "_clck": "clarity_id",
    "_scid": "scid",
    "sccid": "snap_click",
    "u_scsid": "scid",
    "u_sclid": "snap_click",
    "_pin_unauth": "pinterest_id",
    "_epik": "pinterest_id",
    "twclid": "x_click",
    "external_id": "external_id",
    "user_id": "partner_user_id",
    "userid": "partner_user_id",
    "uid": "partner_user_id",
    "email": "email",
    "phone_number": "phone",
}

# Advanced-matching keys (Meta `ud[..]`/`udff[..]`, Pinterest `pd`, TikTok, Snap `u_*`) -> kind.
MATCHING_KEY_KINDS: Final[dict[str, str]] = {
    "em": "hashed_email",
    "email": "hashed_email",
    "hem": "hashed_email",
    "u_hem": "hashed_email",
    "sha256_email": "hashed_email",
    "ph": "hashed_phone",
    "phone": "hashed_phone",
    "phone_number": "hashed_phone",
    "u_hpn": "hashed_phone",
    "sha256_phone_number": "hashed_phone",
    "fn": "hashed_name",
    "ln": "hashed_name",
    "ge": "hashed_gender",
    "db": "hashed_birth_date",
    "ct": "hashed_location",
    "st": "hashed_location",
    "zp": "hashed_location",
    "country": "hashed_location",
    "external_id": "external_id",
}

# An email address; not an image name such as `logo@2x.png`, whose "domain" ends in a file type.
EMAIL_PATTERN: Final = re.compile(
    r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.(?!(?:png|jpe?g|gif|svg|webp|avif|ico|js|css|html?|json)\b)[A-Za-z]{2,24}\b"
)
HEX_DIGEST: Final = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$", re.IGNORECASE)


def label_for(kind: str) -> str:
    return IDENTIFIER_LABELS.get(kind, kind.replace("_", " "))


def matching_kind(key: str, value: str) -> str:
    """The identifier kind of an advanced-matching key; plain text where the value is no digest."""
    kind = MATCHING_KEY_KINDS.get(key.lower(), "hashed_identity")
    if kind == "hashed_email" and EMAIL_PATTERN.fullmatch(value.strip()):
        return "email"
    if kind == "hashed_phone" and not HEX_DIGEST.match(value.strip()) and sum(c.isdigit() for c in value) >= 7:
        return "phone"
    return kind
