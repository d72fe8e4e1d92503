"""Which decoder reads which request. A vendor is added by one decoder module here and one entry
in `knowledge/data/vendors.toml`."""

from __future__ import annotations

from collections.abc import Callable

from pixelhound.decode import (
    bing_uet,
    clarity,
    generic,
    google_ads,
    google_analytics,
    hotjar,
    linkedin,
    meta_pixel,
    pinterest,
    snapchat,
    tiktok,
    x_pixel,
)
from pixelhound.decode.draft import Draft
from pixelhound.decode.request import ParsedRequest

DecodeFunction = Callable[[ParsedRequest], list[Draft]]

DECODERS: dict[str, DecodeFunction] = {
    "meta_pixel": meta_pixel.decode,
    "google_analytics": google_analytics.decode,
    "google_ads": google_ads.decode,
    "tiktok": tiktok.decode,
    "linkedin": linkedin.decode,
    "x_pixel": x_pixel.decode,
    "bing_uet": bing_uet.decode,
    "snapchat": snapchat.decode,
    "pinterest": pinterest.decode,
    "hotjar": hotjar.decode,
    "clarity": clarity.decode,
    "generic": generic.decode,
}


# Each decoder's declaration of its own machinery (decode/fields.py reads it).
TECHNICAL: dict[str, frozenset[str]] = {
    "meta_pixel": meta_pixel.TECHNICAL_PARAMETERS,
    "google_analytics": google_analytics.TECHNICAL_PARAMETERS,
    "google_ads": google_ads.TECHNICAL_PARAMETERS,
    "tiktok": tiktok.TECHNICAL_PARAMETERS,
    "linkedin": linkedin.TECHNICAL_PARAMETERS,
    "x_pixel": x_pixel.TECHNICAL_PARAMETERS,
    "bing_uet": bing_uet.TECHNICAL_PARAMETERS,
    "snapchat": snapchat.TECHNICAL_PARAMETERS,
    "pinterest": pinterest.TECHNICAL_PARAMETERS,
    "hotjar": hotjar.TECHNICAL_PARAMETERS,
    "clarity": clarity.TECHNICAL_PARAMETERS,
    "generic": generic.TECHNICAL_PARAMETERS,
}


def technical_parameters(name: str) -> frozenset[str]:
    """The named decoder's machinery; the generic decoder's (none) for an unknown name."""
    return TECHNICAL.get(name, generic.TECHNICAL_PARAMETERS)


def decoder_for(name: str) -> DecodeFunction:
    """The named decoder; the generic one for an endpoint that names none or an unknown one."""
    return DECODERS.get(name, generic.decode)
