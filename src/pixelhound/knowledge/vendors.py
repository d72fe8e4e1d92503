"""Vendor knowledge: who runs a host, and which of its requests are which product.

The data lives in `data/vendors/*.toml` (our own, written from public facts). Registrable domains
come from `tldextract` with its bundled public-suffix snapshot: never fetched over the network.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


_SECOND_LEVEL = frozenset({"nhs", "co", "org", "ac", "gov", "net", "ltd", "plc", "sch", "police"})


@lru_cache(maxsize=65536)
def registrable_domain(host: str) -> str:
    """`www.trust.nhs.uk` -> `trust.nhs.uk`. A name under a reserved top-level domain that is on no
    suffix list (`.test`, `.example`, `.localhost`) counts its last two labels; an IP address or a
    bare name is its own domain."""
    host = host.lower().rstrip(".")
    parts = _EXTRACT(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}"
    labels = host.split(".")
    if len(labels) >= 2 and not parts.suffix and not host.replace(".", "").isdigit() and ":" not in host:
        # Mirror the real suffixes under a reserved TLD: `trust.nhs.test` like `trust.nhs.uk`.
        if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
            return ".".join(labels[-3:])
        return ".".join(labels[-2:])
    return host


def site_domain(url: str) -> str:
    """The registrable domain of a URL's host ('' when the URL has none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return registrable_domain(host) if host else ""


def is_third_party(host: str, site_domain: str) -> bool:
    """True when `host` belongs to a different registrable domain from the site's."""
    return bool(site_domain) and registrable_domain(host) != site_domain


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One kind of request a vendor's product makes."""

    vendor_id: str
    product: str
    kind: str  # "collector" or "loader"
    category: str
    path: re.Pattern[str]
    hosts: tuple[str, ...] = ()
    decoder: str = ""
    any_host: bool = False
    require_query: tuple[str, ...] = ()

    def matches_host(self, host: str) -> bool:
        if not self.hosts:
            return True
        for pattern in self.hosts:
            if pattern.startswith("."):
                if host.endswith(pattern) or host == pattern[1:]:
                    return True
            elif host == pattern:
                return True
        return False


@dataclass(frozen=True, slots=True)
class Vendor:
    """A company that receives data, with the names its privacy-notice mentions may use."""

    id: str
    company: str
    category: str
    domains: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    endpoints: tuple[Endpoint, ...] = field(default=())


class VendorKnowledge:
    """Looks up vendors and endpoints by host and path."""

    def __init__(self, vendors: list[Vendor]) -> None:
        self.vendors = {vendor.id: vendor for vendor in vendors}
        self._by_domain: dict[str, Vendor] = {}
        for vendor in vendors:
            for domain in vendor.domains:
                self._by_domain[domain] = vendor
        self._any_host = [ep for v in vendors for ep in v.endpoints if ep.any_host]

    def vendor_for_host(self, host: str) -> Vendor | None:
        """The vendor running `host`, matched on the host itself and then each parent domain."""
        host = host.lower()
        probe = host
        while probe:
            vendor = self._by_domain.get(probe)
            if vendor is not None:
                return vendor
            _, _, probe = probe.partition(".")
        return None

    def endpoint_for(
        self, host: str, path: str, query_names: frozenset[str]
    ) -> tuple[Vendor, Endpoint] | None:
        """The vendor endpoint a request goes to, including proxies on any host."""
        vendor = self.vendor_for_host(host)
        relative = path.lstrip("/")
        if vendor is not None:
            for endpoint in vendor.endpoints:
                if endpoint.matches_host(host) and endpoint.path.match(relative):
                    if all(name in query_names for name in endpoint.require_query):
                        return vendor, endpoint
        for endpoint in self._any_host:
            if endpoint.path.match(relative) and all(n in query_names for n in endpoint.require_query):
                return self.vendors[endpoint.vendor_id], endpoint
        return None


def _parse(data: dict) -> list[Vendor]:
    vendors = []
    for raw in data.get("vendor", []):
        category = raw.get("category", "unknown")
        endpoints = tuple(
            Endpoint(
                vendor_id=raw["id"],
                product=ep["product"],
                kind=ep.get("kind", "collector"),
                category=ep.get("category", category),
                path=re.compile(ep.get("path", ""), re.IGNORECASE),
                hosts=tuple(h.lower() for h in ep.get("hosts", ())),
                decoder=ep.get("decoder", ""),
                any_host=bool(ep.get("any_host", False)),
                require_query=tuple(ep.get("require_query", ())),
            )
            for ep in raw.get("endpoint", [])
        )
        vendors.append(
            Vendor(
                id=raw["id"],
                company=raw["company"],
                category=category,
                domains=tuple(d.lower() for d in raw.get("domains", ())),
                aliases=tuple(raw.get("aliases", ())),
                endpoints=endpoints,
            )
        )
    return vendors


def load_vendors(extra: Path | None = None) -> VendorKnowledge:
    """Our bundled vendor files (data/vendors/*.toml), optionally followed by a user's own file in
    the same format."""
    folder = resources.files("pixelhound.knowledge").joinpath("data/vendors")
    vendors: list[Vendor] = []
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name.endswith(".toml"):
            vendors += _parse(tomllib.loads(item.read_text("utf-8")))
    if extra is not None:
        vendors += _parse(tomllib.loads(extra.read_text("utf-8")))
    return VendorKnowledge(vendors)


@lru_cache(maxsize=1)
def default_knowledge() -> VendorKnowledge:
    return load_vendors()
